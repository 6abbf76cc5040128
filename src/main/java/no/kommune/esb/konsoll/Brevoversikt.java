package no.kommune.esb.konsoll;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.forsendelse.mottak.ForsendelseRepository;
import no.kommune.esb.forsendelse.mottak.Teksttegn;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.platform.Norsktid;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What the console reads about letters beyond {@link ForsendelseRepository}: a search by sender, reference, status and
 * date, and each recipient letter's decision evidence. Identity numbers leave this class masked; the evidence is read
 * field by field from a fixed list ({@link #BEVIS}), so nothing else a row might hold reaches a page.
 */
@Repository
public class Brevoversikt {

    /** Most letters one search shows. */
    static final int MAKS_TREFF = 200;
    /** The decision evidence the console shows (Beslutningsgrunnlag and the decision's own facts; never contact data). */
    static final List<String> BEVIS = List.of("reservert", "krrStatus", "kanVarsles", "harDigitalPostkasse", "gradering",
            "personstatus", "oppslagstidspunkt", "rolle", "adressekilde", "ikkeVidereformidle");
    static final ZoneId SONE = Norsktid.SONE;

    /** A search: every field optional. */
    public record Sok(String avsender, String referanse, String status, LocalDate fra, LocalDate til) {
        boolean tomt() {
            return blank(avsender) && blank(referanse) && blank(status) && fra == null && til == null;
        }

        /**
         * Why the search cannot be made, or null when it can: a field with a control character (PostgreSQL refuses a NUL
         * in a parameter) or a date outside the years 1–9999 (beyond the database's timestamps, or the day after the
         * last one Java has). Never quotes the field.
         */
        String ugyldig() {
            String[][] felter = {{"avsender", avsender}, {"ekstern referanse", referanse}, {"status", status}};
            for (String[] felt : felter) {
                String tegn = Teksttegn.ugyldig(felt[1], Teksttegn.Felt.TEKST);
                if (tegn != null) {
                    return felt[0] + " kan ikke ha " + tegn;
                }
            }
            if (utenfor(fra) || utenfor(til)) {
                return "en dato må ligge mellom år 1 og 9999";
            }
            return null;
        }

        private static boolean utenfor(LocalDate dato) {
            return dato != null && (dato.getYear() < 1 || dato.getYear() > 9999);
        }
    }

    /** One letter in a result list, the recipient masked. */
    public record Treff(UUID id, String avsender, String referanse, String tittel, String brevtype, String status,
                        String mottaker, Instant mottatt) {
    }

    /** A recipient letter's decision: rule, channel and evidence, the recipient masked. */
    public record Beslutning(UUID mottakerbrevId, String mottaker, String kanal, String regel, String status,
                             Map<String, String> bevis) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public Brevoversikt(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Newest first, at most {@value #MAKS_TREFF}; an empty search shows the newest letters. */
    public List<Treff> sok(Sok sok) {
        StringBuilder sql = new StringBuilder("select id, avsender_system, ekstern_referanse, tittel, brevtype, status, mottaker, mottaker_type, mottatt_tid from brev where true");
        List<Object> arg = new ArrayList<>();
        if (!blank(sok.avsender())) {
            sql.append(" and avsender_system = ?");
            arg.add(sok.avsender().trim());
        }
        if (!blank(sok.referanse())) {
            // a part of the reference is enough: fagsystems build references from case numbers
            sql.append(" and ekstern_referanse ilike ? escape '\\'");
            arg.add("%" + sok.referanse().trim().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (!blank(sok.status())) {
            sql.append(" and status = ?");
            arg.add(sok.status().trim());
        }
        if (sok.fra() != null) {
            sql.append(" and mottatt_tid >= ?");
            arg.add(java.sql.Timestamp.from(sok.fra().atStartOfDay(SONE).toInstant()));
        }
        if (sok.til() != null) {
            sql.append(" and mottatt_tid < ?");
            arg.add(java.sql.Timestamp.from(sok.til().plusDays(1).atStartOfDay(SONE).toInstant()));
        }
        sql.append(" order by mottatt_tid desc, id limit ").append(MAKS_TREFF);
        return jdbc.query(sql.toString(), (rs, n) -> new Treff(rs.getObject("id", UUID.class), rs.getString("avsender_system"),
                rs.getString("ekstern_referanse"), rs.getString("tittel"), rs.getString("brevtype"), rs.getString("status"),
                mottaker(rs.getString("mottaker"), rs.getString("mottaker_type")), rs.getTimestamp("mottatt_tid").toInstant()), arg.toArray());
    }

    /** The sender systems and statuses letters have, for the search form's choices. */
    public List<String> avsendere() {
        return jdbc.queryForList("select distinct avsender_system from brev order by 1", String.class);
    }

    public List<String> statuser() {
        return jdbc.queryForList("select distinct status from brev order by 1", String.class);
    }

    /** Each recipient letter's decision, in the order they were made. */
    public List<Beslutning> beslutninger(UUID brevId) {
        return jdbc.query("select id, mottaker, kanal, regel, status, grunnlag::text as grunnlag from mottakerbrev where brev_id = ? order by endret_tid, id",
                (rs, n) -> new Beslutning(rs.getObject("id", UUID.class), Identitetsnummer.mask(rs.getString("mottaker")),
                        rs.getString("kanal"), rs.getString("regel"), rs.getString("status"), bevis(rs.getString("grunnlag"))), brevId);
    }

    /** The letter a recipient letter belongs to (dead letters name recipient letters). */
    public Optional<UUID> brevFor(String mottakerbrevId) {
        try {
            return jdbc.queryForList("select brev_id from mottakerbrev where id = ?", UUID.class, UUID.fromString(mottakerbrevId)).stream().findFirst();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Map<String, String> bevis(String grunnlag) {
        Map<String, String> bevis = new LinkedHashMap<>();
        if (grunnlag == null) {
            return bevis;
        }
        try {
            JsonNode node = json.readTree(grunnlag);
            for (String felt : BEVIS) {
                JsonNode verdi = node.get(felt);
                if (verdi != null && !verdi.isNull()) {
                    bevis.put(felt, verdi.isBoolean() ? (verdi.asBoolean() ? "ja" : "nei") : Identitetsnummer.maskIn(verdi.asText()));
                }
            }
        } catch (Exception e) {
            bevis.put("feil", "grunnlaget kan ikke leses");
        }
        return bevis;
    }

    static String mottaker(String mottaker, String type) {
        return "PERSON".equals(type) ? Identitetsnummer.mask(mottaker) : mottaker;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
