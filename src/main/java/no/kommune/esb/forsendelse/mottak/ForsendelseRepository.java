package no.kommune.esb.forsendelse.mottak;

import no.kommune.esb.forsendelse.flyt.BehandlingRepository;
import no.kommune.esb.forsendelse.flyt.Mottakerstatus;
import no.kommune.esb.forsendelse.flyt.Statusutboks;
import no.kommune.esb.forsendelse.flyt.Tidslinjerader;
import no.kommune.esb.platform.Maskering;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Letters, their documents, recipient letters, timeline and dead letters in PostgreSQL (schema V2__forsendelse.sql).
 * Each write that touches more than one row runs in one transaction. Nothing here logs a row: rows hold personal data.
 */
@Repository
public class ForsendelseRepository {

    /** Timeline event written when a letter is accepted. */
    public static final String HENDELSE_MOTTATT = "MOTTATT";
    /** Timeline event written when a caseworker resolves a manual recipient letter. */
    public static final String HENDELSE_MANUELT_LOEST = "MANUELT_LOEST";
    /** Timeline event written when a dead letter is sent through again. */
    public static final String HENDELSE_REDRIVE = "REDRIVE";
    /** Timeline event written when a recipient letter's dead letter is closed without sending. */
    public static final String HENDELSE_AVSLUTTET = "AVSLUTTET";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Statusutboks utboks;

    public ForsendelseRepository(JdbcTemplate jdbc, Statusutboks utboks) {
        this.jdbc = jdbc;
        this.utboks = utboks;
        // a transaction manager of its own over the same DataSource, so no other transaction manager bean is assumed
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(Objects.requireNonNull(jdbc.getDataSource())));
    }

    /**
     * The letter's id and whether this call created it (false: the same avsenderSystem + eksternReferanse came before);
     * {@code annetInnhold}: that earlier letter's content differs from this one's ({@link Innholdsavtrykk}).
     */
    public record Lagret(UUID id, boolean ny, boolean annetInnhold) {
        public Lagret(UUID id, boolean ny) {
            this(id, ny, false);
        }
    }

    /**
     * Stores a letter with status {@code MOTTATT}, its documents and a {@code MOTTATT} timeline row in one
     * transaction, with its content fingerprints. When (avsenderSystem, eksternReferanse) is already stored nothing is
     * written and the first letter's id comes back, saying whether its content differs.
     */
    public Lagret lagre(Innlevering brev, String kanalInn) {
        Innholdsavtrykk avtrykk = Innholdsavtrykk.av(brev);
        return tx.execute(status -> {
            UUID id = UUID.randomUUID();
            List<UUID> satt = jdbc.query("""
                    insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker,
                                      mottaker_type, kanal_inn, status, varseltekst, metadata_sha256, dokumenter_sha256)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, 'MOTTATT', ?, ?, ?)
                    on conflict (avsender_system, ekstern_referanse) do nothing
                    returning id""", (rs, n) -> rs.getObject(1, UUID.class),
                    id, brev.avsenderSystem(), brev.eksternReferanse(), brev.tittel(), brev.brevtype().name(),
                    brev.gjelderBarn(), brev.mottaker(), brev.mottakertype().name(), kanalInn, brev.varseltekst(),
                    avtrykk.metadata(), avtrykk.dokumenter());
            if (satt.isEmpty()) {
                UUID forste = finn(brev.avsenderSystem(), brev.eksternReferanse()).orElseThrow();
                return new Lagret(forste, false, !sammeInnhold(forste, avtrykk.metadata(), avtrykk.dokumenter()));
            }
            for (int i = 0; i < brev.dokumenter().size(); i++) {
                Innlevering.Dokument d = brev.dokumenter().get(i);
                jdbc.update("insert into brev_dokument (brev_id, nr, filnavn, mime_type, innhold) values (?, ?, ?, ?, ?)",
                        id, i + 1, d.filnavn(), d.mimeType(), d.innhold());
            }
            leggTilTidslinje(id, null, HENDELSE_MOTTATT, "kanal " + kanalInn + ", " + brev.dokumenter().size() + " dokument(er)");
            return new Lagret(id, true);
        });
    }

    /**
     * {@link #lagre} for a whole batch, in one transaction and a fixed number of statements whatever its size: the
     * letters with one {@code insert … select from unnest(…) on conflict do nothing}, the letters already stored under
     * the other keys with one select, the documents with one {@code insert … select from unnest(…)}, the timeline rows with one insert. One
     * {@link Lagret} per letter, in order; a key given twice in the batch is stored once, its second letter answered as
     * the same letter again or as other content. The letters are inserted in key order (then batch order), so every
     * batch takes the keys' locks in the same order: two concurrent batches sharing letters in another order used to
     * wait for each other until PostgreSQL aborted one as a deadlock.
     */
    public List<Lagret> lagreAlle(List<Innlevering> brev, String kanalInn) {
        if (brev.isEmpty()) {
            return List.of();
        }
        List<Innholdsavtrykk> avtrykk = brev.stream().map(Innholdsavtrykk::av).toList();
        UUID[] ider = new UUID[brev.size()];
        for (int i = 0; i < ider.length; i++) {
            ider[i] = UUID.randomUUID();
        }
        return tx.execute(status -> {
            Set<UUID> satt = new HashSet<>(jdbc.query(con -> {
                PreparedStatement ps = con.prepareStatement("""
                        insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker,
                                          mottaker_type, kanal_inn, status, varseltekst, metadata_sha256, dokumenter_sha256)
                        select u.id, u.avsender, u.referanse, u.tittel, u.brevtype, u.barn, u.mottaker, u.mottakertype, ?,
                               'MOTTATT', u.varseltekst, u.msha, u.dsha
                        from unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::boolean[], ?::text[], ?::text[],
                                    ?::text[], ?::text[], ?::text[])
                             with ordinality as u(id, avsender, referanse, tittel, brevtype, barn, mottaker, mottakertype,
                                                  varseltekst, msha, dsha, nr)
                        order by u.avsender, u.referanse, u.nr
                        on conflict (avsender_system, ekstern_referanse) do nothing
                        returning id""");
                ps.setString(1, kanalInn);
                ps.setArray(2, con.createArrayOf("uuid", ider));
                ps.setArray(3, con.createArrayOf("text", brev.stream().map(Innlevering::avsenderSystem).toArray()));
                ps.setArray(4, con.createArrayOf("text", brev.stream().map(Innlevering::eksternReferanse).toArray()));
                ps.setArray(5, con.createArrayOf("text", brev.stream().map(Innlevering::tittel).toArray()));
                ps.setArray(6, con.createArrayOf("text", brev.stream().map(b -> b.brevtype().name()).toArray()));
                ps.setArray(7, con.createArrayOf("boolean", brev.stream().map(Innlevering::gjelderBarn).toArray()));
                ps.setArray(8, con.createArrayOf("text", brev.stream().map(Innlevering::mottaker).toArray()));
                ps.setArray(9, con.createArrayOf("text", brev.stream().map(b -> b.mottakertype().name()).toArray()));
                ps.setArray(10, con.createArrayOf("text", brev.stream().map(Innlevering::varseltekst).toArray()));
                ps.setArray(11, con.createArrayOf("text", avtrykk.stream().map(Innholdsavtrykk::metadata).toArray()));
                ps.setArray(12, con.createArrayOf("text", avtrykk.stream().map(Innholdsavtrykk::dokumenter).toArray()));
                return ps;
            }, (rs, n) -> rs.getObject(1, UUID.class)));
            Map<Noekkel, Tidligere> tidligere = tidligere(brev, ider, satt);
            Dokumentrader dokumenter = new Dokumentrader();
            List<Tidslinjerader.Rad> mottatt = new ArrayList<>();
            List<Lagret> svar = new ArrayList<>(brev.size());
            for (int i = 0; i < ider.length; i++) {
                Innlevering b = brev.get(i);
                if (!satt.contains(ider[i])) {
                    svar.add(tidligere.get(new Noekkel(b.avsenderSystem(), b.eksternReferanse())).som(avtrykk.get(i)));
                    continue;
                }
                for (int d = 0; d < b.dokumenter().size(); d++) {
                    Innlevering.Dokument dok = b.dokumenter().get(d);
                    dokumenter.legg(ider[i], d + 1, dok);
                }
                mottatt.add(new Tidslinjerader.Rad(ider[i], null, "kanal " + kanalInn + ", " + b.dokumenter().size() + " dokument(er)"));
                svar.add(new Lagret(ider[i], true));
            }
            if (!mottatt.isEmpty()) {
                dokumenter.skriv(jdbc);
                Tidslinjerader.skriv(jdbc, HENDELSE_MOTTATT, mottatt);
            }
            return svar;
        });
    }

    private record Noekkel(String avsenderSystem, String eksternReferanse) {
    }

    /**
     * A batch's documents, written with one {@code insert … select from unnest(…)}: as a JDBC batch PostgreSQL executed
     * the insert once per document, the intake's one statement per letter (docs/benchmarks.md, session 34).
     */
    private static final class Dokumentrader {
        private final List<UUID> brevId = new ArrayList<>();
        private final List<Integer> nr = new ArrayList<>();
        private final List<String> filnavn = new ArrayList<>();
        private final List<String> mimeType = new ArrayList<>();
        private final List<byte[]> innhold = new ArrayList<>();

        void legg(UUID brev, int nummer, Innlevering.Dokument dokument) {
            brevId.add(brev);
            nr.add(nummer);
            filnavn.add(dokument.filnavn());
            mimeType.add(dokument.mimeType());
            innhold.add(dokument.innhold());
        }

        void skriv(JdbcTemplate jdbc) {
            if (brevId.isEmpty()) {
                return;
            }
            jdbc.update(con -> {
                PreparedStatement ps = con.prepareStatement("""
                        insert into brev_dokument (brev_id, nr, filnavn, mime_type, innhold)
                        select * from unnest(?::uuid[], ?::int[], ?::text[], ?::text[], ?::bytea[])""");
                ps.setArray(1, con.createArrayOf("uuid", brevId.toArray()));
                ps.setArray(2, con.createArrayOf("int4", nr.toArray()));
                ps.setArray(3, con.createArrayOf("text", filnavn.toArray()));
                ps.setArray(4, con.createArrayOf("text", mimeType.toArray()));
                ps.setArray(5, con.createArrayOf("bytea", innhold.toArray(new byte[0][])));
                return ps;
            });
        }
    }

    /** A letter stored before (or earlier in this batch) with its fingerprints. */
    private record Tidligere(UUID id, String metadata, String dokumenter) {
        /** The same rule as {@link #sammeInnhold}: a fingerprint not stored counts as the same. */
        Lagret som(Innholdsavtrykk avtrykk) {
            boolean samme = (metadata == null || metadata.equals(avtrykk.metadata()))
                    && (dokumenter == null || dokumenter.equals(avtrykk.dokumenter()));
            return new Lagret(id, false, !samme);
        }
    }

    /** The letters stored under the keys of the letters this batch did not insert, with one select. */
    private Map<Noekkel, Tidligere> tidligere(List<Innlevering> brev, UUID[] ider, Set<UUID> satt) {
        Map<Noekkel, Tidligere> svar = new HashMap<>();
        Set<Noekkel> noekler = new HashSet<>();
        for (int i = 0; i < ider.length; i++) {
            if (!satt.contains(ider[i])) {
                noekler.add(new Noekkel(brev.get(i).avsenderSystem(), brev.get(i).eksternReferanse()));
            }
        }
        if (noekler.isEmpty()) {
            return svar;
        }
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("""
                    select b.id, b.avsender_system, b.ekstern_referanse, b.metadata_sha256, b.dokumenter_sha256
                    from brev b join unnest(?::text[], ?::text[]) as k(avsender, referanse)
                      on b.avsender_system = k.avsender and b.ekstern_referanse = k.referanse""");
            ps.setArray(1, con.createArrayOf("text", noekler.stream().map(Noekkel::avsenderSystem).toArray()));
            ps.setArray(2, con.createArrayOf("text", noekler.stream().map(Noekkel::eksternReferanse).toArray()));
            return ps;
        }, rs -> {
            svar.put(new Noekkel(rs.getString(2), rs.getString(3)), new Tidligere(rs.getObject(1, UUID.class), rs.getString(4), rs.getString(5)));
        });
        return svar;
    }

    /**
     * Whether letter {@code id} was stored with these fingerprints; {@code dokumenter} null = compare the metadata only.
     * A letter stored before the fingerprints existed (null) counts as the same.
     */
    public boolean sammeInnhold(UUID id, String metadata, String dokumenter) {
        return jdbc.query("select metadata_sha256, dokumenter_sha256 from brev where id = ?", (rs, n) ->
                (rs.getString(1) == null || rs.getString(1).equals(metadata))
                        && (dokumenter == null || rs.getString(2) == null || rs.getString(2).equals(dokumenter)), id)
                .stream().findFirst().orElse(true);
    }

    public Optional<UUID> finn(String avsenderSystem, String eksternReferanse) {
        return jdbc.query("select id from brev where avsender_system = ? and ekstern_referanse = ?",
                (rs, n) -> rs.getObject(1, UUID.class), avsenderSystem, eksternReferanse).stream().findFirst();
    }

    /** Appends a timeline row; {@code detalj} must hold no personal data. */
    public void leggTilTidslinje(UUID brevId, UUID mottakerbrevId, String hendelse, String detalj) {
        jdbc.update("insert into tidslinje (brev_id, mottakerbrev_id, hendelse, detalj) values (?, ?, ?, ?)",
                brevId, mottakerbrevId, hendelse, detalj);
    }

    // ---- reading a letter with its whole story

    /** A letter's status and everything that happened to it; no document contents, no recipient of a recipient letter. */
    public record BrevStatus(UUID id, String avsenderSystem, String eksternReferanse, String tittel, String brevtype,
                             boolean gjelderBarn, String mottaker, String mottakerType, String kanalInn, String status,
                             Instant mottatt, Instant endret, List<DokumentInfo> dokumenter,
                             List<MottakerbrevInfo> mottakerbrev, List<Tidslinjehendelse> tidslinje) {
        @Override
        public String toString() {
            return "BrevStatus[id=" + id + ", status=" + status + "]";
        }
    }

    public record DokumentInfo(int nr, String filnavn, String mimeType, long storrelse, Instant innholdSlettet) {
    }

    /**
     * A recipient letter without its recipient and decision evidence (both may be personal data of others);
     * {@code varselKanal} (SMS/EPOST), {@code varselId} and {@code varselStatus} for a service message sent that way.
     */
    public record MottakerbrevInfo(UUID id, String kanal, String regel, String status, UUID svarutId, String svarutStatus,
                                   int forsoek, Instant nesteForsoek, String manuellGrunn, String loestAv, Instant endret,
                                   String varselKanal, String varselId, String varselStatus) {
    }

    /** {@code aarsak}: the stable code of a failure's reason beside {@code detalj}'s words (V54; null on other rows and older ones). */
    public record Tidslinjehendelse(long id, Instant tid, UUID mottakerbrevId, String hendelse, String detalj, String aarsak) {
    }

    public Optional<BrevStatus> hent(UUID id) {
        List<BrevStatus> funnet = jdbc.query("select * from brev where id = ?", (rs, n) -> new BrevStatus(
                rs.getObject("id", UUID.class), rs.getString("avsender_system"), rs.getString("ekstern_referanse"),
                rs.getString("tittel"), rs.getString("brevtype"), rs.getBoolean("gjelder_barn"), rs.getString("mottaker"),
                rs.getString("mottaker_type"), rs.getString("kanal_inn"), rs.getString("status"),
                instant(rs, "mottatt_tid"), instant(rs, "endret_tid"), List.of(), List.of(), List.of()), id);
        if (funnet.isEmpty()) {
            return Optional.empty();
        }
        BrevStatus b = funnet.get(0);
        List<DokumentInfo> dokumenter = jdbc.query(
                "select nr, filnavn, mime_type, coalesce(storrelse, octet_length(innhold)) as storrelse, innhold_slettet from brev_dokument where brev_id = ? order by nr",
                (rs, n) -> new DokumentInfo(rs.getInt("nr"), rs.getString("filnavn"), rs.getString("mime_type"), rs.getLong("storrelse"),
                        rs.getTimestamp("innhold_slettet") == null ? null : rs.getTimestamp("innhold_slettet").toInstant()), id);
        List<MottakerbrevInfo> mottakerbrev = jdbc.query(
                "select * from mottakerbrev where brev_id = ? order by id", (rs, n) -> mottakerbrev(rs), id);
        List<Tidslinjehendelse> tidslinje = jdbc.query(
                "select id, tid, mottakerbrev_id, hendelse, detalj, aarsak from tidslinje where brev_id = ? order by id",
                (rs, n) -> new Tidslinjehendelse(rs.getLong("id"), instant(rs, "tid"), rs.getObject("mottakerbrev_id", UUID.class),
                        rs.getString("hendelse"), Maskering.tekst(rs.getString("detalj")), rs.getString("aarsak")), id);
        return Optional.of(new BrevStatus(b.id(), b.avsenderSystem(), b.eksternReferanse(), b.tittel(), b.brevtype(),
                b.gjelderBarn(), b.mottaker(), b.mottakerType(), b.kanalInn(), b.status(), b.mottatt(), b.endret(),
                dokumenter, mottakerbrev, tidslinje));
    }

    /** Reasons and timeline details go to the sender and the integration team masked ({@link Maskering}), as dead letters' do. */
    private static MottakerbrevInfo mottakerbrev(ResultSet rs) throws SQLException {
        return new MottakerbrevInfo(rs.getObject("id", UUID.class), rs.getString("kanal"), rs.getString("regel"),
                rs.getString("status"), rs.getObject("svarut_id", UUID.class), rs.getString("svarut_status"),
                rs.getInt("forsoek"), instant(rs, "neste_forsoek"), Maskering.tekst(rs.getString("manuell_grunn")), rs.getString("loest_av"),
                instant(rs, "endret_tid"), rs.getString("varsel_kanal"), rs.getString("varsel_id"), rs.getString("varsel_status"));
    }

    // ---- manual handling

    /** A recipient letter waiting for a caseworker, with the reason and the letter it belongs to (no personal data). */
    public record ManuellSak(UUID mottakerbrevId, UUID brevId, String avsenderSystem, String eksternReferanse,
                             String tittel, String manuellGrunn, Instant endret) {
    }

    private static final String MANUELLE = """
            select m.id, m.brev_id, b.avsender_system, b.ekstern_referanse, b.tittel, m.manuell_grunn, m.endret_tid
            from mottakerbrev m join brev b on b.id = m.brev_id
            where m.status = 'MANUELL'""";

    /** Recipient letters in status {@code MANUELL}, oldest first. */
    public List<ManuellSak> manuelle() {
        return jdbc.query(MANUELLE + " order by m.endret_tid, m.id", (rs, n) -> manuellSak(rs));
    }

    /**
     * One page of {@link #manuelle()} by offset: at most {@code antall}, after the {@code hopp} older ones. Kept for the
     * old {@code ?side=N} links only: rows resolved or added meanwhile shift it ({@link #manuelle(int, Sidemerke, boolean)}).
     */
    public List<ManuellSak> manuelle(int antall, long hopp) {
        return jdbc.query(MANUELLE + " order by m.endret_tid, m.id limit ? offset ?", (rs, n) -> manuellSak(rs), antall, hopp);
    }

    /**
     * One page of {@link #manuelle()}, oldest first, by keyset: at most {@code antall} cases after {@code merke} (null:
     * from the oldest), or with {@code foer} the {@code antall} just before it. A case that enters the queue meanwhile
     * comes last (its change time is the newest), one resolved leaves it: no case comes twice or is skipped.
     */
    public List<ManuellSak> manuelle(int antall, Sidemerke merke, boolean foer) {
        return side(MANUELLE, "m.endret_tid", "m.id", false, antall, merke, foer, (rs, n) -> manuellSak(rs));
    }

    /** Where {@code sak} stands in the manual queue's order, for the next or previous page. */
    public static Sidemerke merke(ManuellSak sak) {
        return new Sidemerke(sak.endret(), sak.mottakerbrevId());
    }

    /**
     * One keyset page of {@code utvalgt} (a select ending in its where clause) in the order of ({@code tid}, {@code id}),
     * oldest first or with {@code nyesteFoerst} newest first: at most {@code antall} rows after {@code merke} in that
     * order (null: from the start), or with {@code foer} the {@code antall} just before it, in the same order.
     */
    private <T> List<T> side(String utvalgt, String tid, String id, boolean nyesteFoerst, int antall, Sidemerke merke, boolean foer,
                             RowMapper<T> rad) {
        String stigende = " order by " + tid + ", " + id + " limit ?";
        String synkende = " order by " + tid + " desc, " + id + " desc limit ?";
        if (merke == null) {
            return jdbc.query(utvalgt + (nyesteFoerst ? synkende : stigende), rad, antall);
        }
        // the rows to read lie towards larger keys when reading on in an oldest-first list, or back in a newest-first one
        boolean stoerre = nyesteFoerst == foer;
        List<T> side = jdbc.query(utvalgt + " and (" + tid + ", " + id + ") " + (stoerre ? ">" : "<") + " (?, ?)"
                + (stoerre ? stigende : synkende), rad, Timestamp.from(merke.tid()), merke.id(), antall);
        if (foer) {
            side = new ArrayList<>(side);
            Collections.reverse(side);
        }
        return side;
    }

    /** The recipient letter {@code mottakerbrevId} while it waits in {@code MANUELL}. */
    public Optional<ManuellSak> manuell(UUID mottakerbrevId) {
        return jdbc.query(MANUELLE + " and m.id = ?", (rs, n) -> manuellSak(rs), mottakerbrevId).stream().findFirst();
    }

    /** How many recipient letters wait in {@code MANUELL}. */
    public long antallManuelle() {
        Long antall = jdbc.queryForObject("select count(*) from mottakerbrev where status = 'MANUELL'", Long.class);
        return antall == null ? 0 : antall;
    }

    private static ManuellSak manuellSak(ResultSet rs) throws SQLException {
        return new ManuellSak(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                rs.getString(4), rs.getString(5), Maskering.tekst(rs.getString(6)), instant(rs, "endret_tid"));
    }

    public enum Loesning { LOEST, IKKE_FUNNET, IKKE_MANUELL }

    /** The longest comment on a resolution, as a dead letter's closing reason ({@link DeadLetterAvslutning#MAKS_BEGRUNNELSE}). */
    public static final int MAKS_KOMMENTAR = DeadLetterAvslutning.MAKS_BEGRUNNELSE;

    /**
     * Why {@code kommentar} cannot go with a resolution, or null when it can: optional, else the closing reason's check
     * ({@link Teksttegn#ugyldigFritekst}); a NUL would fail the timeline row's insert. Never quotes the text.
     */
    public static String ugyldigKommentar(String kommentar) {
        return kommentar == null || kommentar.isBlank() ? null : Teksttegn.ugyldigFritekst("kommentar", kommentar, MAKS_KOMMENTAR);
    }

    /**
     * Marks a {@code MANUELL} recipient letter {@code MANUELT_LOEST} by {@code loestAv} and adds a timeline row
     * with the comment and the status message for the fagsystem (without who resolved it or the comment), in one
     * transaction. The comment is checked by the caller ({@link #ugyldigKommentar}); it is stored as written and, as every
     * timeline detail, read masked ({@link Maskering}).
     */
    public Loesning loesManuell(UUID mottakerbrevId, String loestAv, String kommentar) {
        return tx.execute(status -> {
            List<UUID> brev = jdbc.query("""
                    update mottakerbrev set status = 'MANUELT_LOEST', loest_av = ?, endret_tid = now()
                    where id = ? and status = 'MANUELL' returning brev_id""",
                    (rs, n) -> rs.getObject(1, UUID.class), loestAv, mottakerbrevId);
            if (brev.isEmpty()) {
                Integer finnes = jdbc.queryForObject("select count(*) from mottakerbrev where id = ?", Integer.class, mottakerbrevId);
                return finnes != null && finnes > 0 ? Loesning.IKKE_MANUELL : Loesning.IKKE_FUNNET;
            }
            leggTilTidslinje(brev.get(0), mottakerbrevId, HENDELSE_MANUELT_LOEST,
                    "løst av " + loestAv + (kommentar == null || kommentar.isBlank() ? "" : ": " + kommentar));
            utboks.leggInn(mottakerbrevId, null, null);
            return Loesning.LOEST;
        });
    }

    // ---- dead letters

    /**
     * What finally failed; {@code payload} is left out of listings. Open until it is sent again ({@code redrevet}) or
     * closed without sending ({@code avsluttet}, by {@code avsluttetAv}, with {@code begrunnelse}: V46); never both.
     * {@code aarsak}: the stable code of {@code grunn} (V54), where the failure has one; null otherwise and on older rows.
     */
    public record DeadLetter(UUID id, String kilde, String referanse, String grunn, int payloadBytes,
                             Instant opprettet, Instant redrevet, Instant avsluttet, String avsluttetAv, String begrunnelse,
                             String aarsak) {
    }

    /** Which dead letters a listing shows: the open ones (the default), the closed, the redriven, or all. */
    public enum Utvalg {
        AAPNE("redrevet is null and avsluttet is null"), AVSLUTTEDE("avsluttet is not null"), REDREVNE("redrevet is not null"), ALLE("true");

        private final String vilkaar;

        Utvalg(String vilkaar) {
            this.vilkaar = vilkaar;
        }

        /** The name {@link #fra} takes for it, as the API's {@code status} says it. */
        public String parameter() {
            return switch (this) {
                case AAPNE -> "aapne";
                case AVSLUTTEDE -> "avsluttet";
                case REDREVNE -> "redrevet";
                case ALLE -> "alle";
            };
        }

        /** {@code aapne}, {@code avsluttet}, {@code redrevet} or {@code alle} (as the API's {@code status} and the console's {@code vis} say it). */
        public static Optional<Utvalg> fra(String navn) {
            return switch (navn == null ? "" : navn.toLowerCase(java.util.Locale.ROOT)) {
                case "aapne", "aapen", "åpne" -> Optional.of(AAPNE);
                case "avsluttet", "avsluttede" -> Optional.of(AVSLUTTEDE);
                case "redrevet", "redrevne" -> Optional.of(REDREVNE);
                case "alle" -> Optional.of(ALLE);
                default -> Optional.empty();
            };
        }
    }

    private static final String DEAD_LETTER_KOLONNER = "select id, kilde, referanse, grunn, coalesce(octet_length(payload), 0) as bytes, opprettet, "
            + "redrevet, avsluttet, avsluttet_av, avsluttet_begrunnelse, aarsak from dead_letter";

    /** Stores what a route finally gave up on; {@code grunn} must hold no personal data. */
    public UUID lagreDeadLetter(String kilde, String referanse, String grunn, byte[] payload) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into dead_letter (id, kilde, referanse, grunn, payload) values (?, ?, ?, ?, ?)",
                id, kilde, referanse, grunn, payload);
        return id;
    }

    /** Dead letters newest first; redriven ones only when asked for. */
    public List<DeadLetter> deadLetters(boolean ogsaaRedrevet) {
        return deadLetters(ogsaaRedrevet ? Utvalg.ALLE : Utvalg.AAPNE);
    }

    /** The dead letters of {@code utvalg}, newest first. */
    public List<DeadLetter> deadLetters(Utvalg utvalg) {
        return jdbc.query(DEAD_LETTER_KOLONNER + " where " + utvalg.vilkaar + " order by opprettet desc, id desc", (rs, n) -> deadLetter(rs));
    }

    /**
     * One page of the dead letters of {@code utvalg}, newest first, by offset: at most {@code antall}, after the
     * {@code hopp} newer ones. Kept for the old {@code ?side=N} links only: a new dead letter comes first and shifts every
     * page by one, a redrive or a close takes one out of the open ones ({@link #deadLetters(Utvalg, int, Sidemerke, boolean)}).
     */
    public List<DeadLetter> deadLetters(Utvalg utvalg, int antall, long hopp) {
        return jdbc.query(DEAD_LETTER_KOLONNER + " where " + utvalg.vilkaar + " order by opprettet desc, id desc limit ? offset ?",
                (rs, n) -> deadLetter(rs), antall, hopp);
    }

    /**
     * One page of the dead letters of {@code utvalg}, newest first, by keyset (the table grows with every kind, and a
     * closed or redriven row stays): at most {@code antall} older than {@code merke} (null: from the newest), or with
     * {@code foer} the {@code antall} just newer than it. A dead letter made meanwhile is newer than every page read;
     * no row comes twice or is skipped. The index {@code dead_letter_opprettet_idx} (V87) reads a page as a range.
     */
    public List<DeadLetter> deadLetters(Utvalg utvalg, int antall, Sidemerke merke, boolean foer) {
        return side(DEAD_LETTER_KOLONNER + " where " + utvalg.vilkaar, "opprettet", "id", true, antall, merke, foer,
                (rs, n) -> deadLetter(rs));
    }

    /** Where {@code dead} stands in the dead letters' order, for the next or previous page. */
    public static Sidemerke merke(DeadLetter dead) {
        return new Sidemerke(dead.opprettet(), dead.id());
    }

    /**
     * How many dead letters of each {@code kilde} are open (neither redriven nor closed): one grouped count, for the gauge
     * {@code esb.deadletter.aapne} and the console's overview. A kind with none open is absent.
     */
    public Map<String, Long> aapneDeadLettersPerKilde() {
        Map<String, Long> antall = new TreeMap<>();
        jdbc.query("select kilde, count(*) from dead_letter where " + Utvalg.AAPNE.vilkaar + " group by kilde",
                rs -> {
                    antall.put(rs.getString(1), rs.getLong(2));
                });
        return antall;
    }

    public Optional<DeadLetter> deadLetter(UUID id) {
        return jdbc.query(DEAD_LETTER_KOLONNER + " where id = ?", (rs, n) -> deadLetter(rs), id).stream().findFirst();
    }

    /** The open send dead letters of one letter's recipient letters (kilde forsendelse-send). */
    public List<DeadLetter> sendDeadLetters(UUID brevId) {
        return jdbc.query(DEAD_LETTER_KOLONNER + " where kilde = ? and redrevet is null and avsluttet is null "
                + "and referanse in (select id::text from mottakerbrev where brev_id = ?) order by opprettet, id",
                (rs, n) -> deadLetter(rs), DeadLetterSendRedriver.KILDE, brevId);
    }

    public Optional<byte[]> deadLetterPayload(UUID id) {
        return jdbc.query("select payload from dead_letter where id = ?", (rs, n) -> rs.getBytes(1), id).stream()
                .filter(Objects::nonNull).findFirst();
    }

    /** Sets {@code redrevet}; false when the dead letter does not exist or was already redriven or closed. */
    public boolean markerRedrevet(UUID id) {
        return jdbc.update("update dead_letter set redrevet = now() where id = ? and redrevet is null and avsluttet is null", id) == 1;
    }

    /** How {@link #sendPaaNytt} ended. */
    public enum SendPaaNytt {
        /** Ready to be sent again, the dead letter marked redriven. */
        SENDES_PAA_NYTT,
        /** The recipient letter or the dead letter is gone, or the dead letter was already redriven: nothing changed. */
        FINNES_IKKE,
        /** The recipient letter is no longer in DEAD_LETTER (sent, resolved, or already waiting): nothing changed. */
        IKKE_DEAD_LETTER
    }

    /**
     * Sends a recipient letter through again: status {@code KLAR_FOR_SENDING}, attempts reset, due now, a
     * timeline row, and the dead letter marked redriven, in one transaction — only while the recipient letter is in
     * {@code DEAD_LETTER} and the dead letter is neither redriven nor closed. A send dead letter whose recipient letter
     * has moved on (found in SvarUt, resolved, closed, or already redriven through another dead letter) is refused and
     * left as it is: set ready regardless, a letter SvarUt holds or one already waiting was sent again.
     */
    public SendPaaNytt sendPaaNytt(UUID mottakerbrevId, UUID deadLetterId) {
        return tx.execute(status -> {
            // locked, so a send finishing meanwhile cannot slip between the check and the update
            List<String> naa = jdbc.query("select status from mottakerbrev where id = ? for update", (rs, n) -> rs.getString(1), mottakerbrevId);
            if (naa.isEmpty()) {
                return SendPaaNytt.FINNES_IKKE;
            }
            if (!"DEAD_LETTER".equals(naa.get(0))) {
                return SendPaaNytt.IKKE_DEAD_LETTER;
            }
            List<UUID> brev = jdbc.query("""
                    update mottakerbrev set status = 'KLAR_FOR_SENDING', forsoek = 0, neste_forsoek = now(), endret_tid = now()
                    where id = ? and status = 'DEAD_LETTER' returning brev_id""", (rs, n) -> rs.getObject(1, UUID.class), mottakerbrevId);
            if (brev.isEmpty() || !markerRedrevet(deadLetterId)) {
                status.setRollbackOnly();
                return SendPaaNytt.FINNES_IKKE;
            }
            leggTilTidslinje(brev.get(0), mottakerbrevId, HENDELSE_REDRIVE, "dead letter " + deadLetterId + " sendt på nytt");
            return SendPaaNytt.SENDES_PAA_NYTT;
        });
    }

    /**
     * How closing went: {@code funnet} false for an unknown id; {@code avslag} set when the dead letter was settled before
     * (closed or redriven); else closed, {@code deadLetter} as it is now, and {@code mottakerbrev} the recipient letter
     * whose status it ended (null when none was in DEAD_LETTER).
     */
    public record Avslutning(boolean funnet, DeadLetterAvslutning.Avslag avslag, DeadLetter deadLetter, UUID mottakerbrev) {
        public boolean avsluttet() {
            return funnet && avslag == null;
        }
    }

    /**
     * Closes an open dead letter without sending it, in one transaction: {@code avsluttet}, {@code avsluttet_av},
     * {@code avsluttet_begrunnelse} set; the row and its payload stay (retention empties it {@code dead-letter-etter} after
     * the close, as after a redrive). For a letter's dead letter ({@link DeadLetterAvslutning#BREVKILDER}) its recipient
     * letter, when still in {@code DEAD_LETTER}, becomes {@code AVSLUTTET} with a status message to the fagsystem (without
     * who or why, as for {@code MANUELT_LOEST}); its timeline gets {@code AVSLUTTET avsluttet uten sending av <who>: <reason>}
     * either way. The recipient letter is locked before the dead letter, the order {@link #sendPaaNytt} takes them in, so a
     * close and a redrive at once wait for each other instead of deadlocking; the second is refused.
     */
    public Avslutning avsluttDeadLetter(UUID id, String avsluttetAv, String begrunnelse) {
        return tx.execute(status -> {
            Optional<DeadLetter> foer = deadLetter(id);
            if (foer.isEmpty()) {
                return new Avslutning(false, null, null, null);
            }
            Optional<UUID> mottakerbrev = DeadLetterAvslutning.mottakerbrev(foer.get().kilde(), foer.get().referanse());
            List<Map<String, Object>> rad = mottakerbrev
                    .map(m -> jdbc.queryForList("select brev_id, status from mottakerbrev where id = ? for update", m)).orElse(List.of());
            if (jdbc.update("""
                    update dead_letter set avsluttet = now(), avsluttet_av = ?, avsluttet_begrunnelse = ?
                     where id = ? and redrevet is null and avsluttet is null""", avsluttetAv, begrunnelse, id) != 1) {
                DeadLetter naa = deadLetter(id).orElseThrow();
                return new Avslutning(true, DeadLetterAvslutning.kanAvsluttes(naa)
                        .orElse(new DeadLetterAvslutning.Avslag("allerede-avsluttet", "Allerede avsluttet", "dead letter er ikke lenger åpent")), naa, null);
            }
            UUID endret = null;
            if (!rad.isEmpty()) {
                UUID brevId = (UUID) rad.get(0).get("brev_id");
                if (Mottakerstatus.DEAD_LETTER.name().equals(rad.get(0).get("status"))) {
                    jdbc.update("update mottakerbrev set status = ?, neste_forsoek = null, endret_tid = now() where id = ?",
                            Mottakerstatus.AVSLUTTET.name(), mottakerbrev.get());
                    utboks.leggInn(mottakerbrev.get(), null, null);
                    endret = mottakerbrev.get();
                }
                leggTilTidslinje(brevId, mottakerbrev.get(), HENDELSE_AVSLUTTET,
                        "avsluttet uten sending av " + avsluttetAv + " (dead letter " + id + "): " + begrunnelse);
                if (BehandlingRepository.KILDE_ULASTBAR.equals(foer.get().kilde())) {
                    avsluttMedfulgte(brevId, mottakerbrev.get(), id, avsluttetAv, begrunnelse);
                }
            }
            return new Avslutning(true, null, deadLetter(id).orElseThrow(), endret);
        });
    }

    /**
     * The recipient letters an earlier pass left waiting went to DEAD_LETTER with a letter that cannot be read, without a
     * dead letter of their own ({@link BehandlingRepository#KILDE_ULASTBAR}): closing the letter's dead letter ends them
     * too ({@code AVSLUTTET}, a timeline row and a status message each), or no redrive or close could ever reach them.
     */
    private void avsluttMedfulgte(UUID brevId, UUID ulastbar, UUID deadLetterId, String avsluttetAv, String begrunnelse) {
        List<UUID> medfulgte = jdbc.queryForList("""
                select m.id from mottakerbrev m
                 where m.brev_id = ? and m.id <> ? and m.status = 'DEAD_LETTER'
                   and not exists (select 1 from dead_letter d where d.kilde = ? and d.referanse = m.id::text
                                     and d.redrevet is null and d.avsluttet is null)
                 for update of m""", UUID.class, brevId, ulastbar, DeadLetterSendRedriver.KILDE);
        if (medfulgte.isEmpty()) {
            return;
        }
        jdbc.update("update mottakerbrev set status = ?, neste_forsoek = null, endret_tid = now() where id = any (?)",
                Mottakerstatus.AVSLUTTET.name(), medfulgte.toArray(UUID[]::new));
        medfulgte.forEach(m -> leggTilTidslinje(brevId, m, HENDELSE_AVSLUTTET,
                "avsluttet uten sending av " + avsluttetAv + " (dead letter " + deadLetterId + ", brevet kan ikke leses): " + begrunnelse));
        utboks.leggInn(medfulgte, null, null);
    }

    private static DeadLetter deadLetter(ResultSet rs) throws SQLException {
        // shown in the admin API and the console: a reason that names a person or an exception class is masked
        return new DeadLetter(rs.getObject("id", UUID.class), rs.getString("kilde"), rs.getString("referanse"),
                Maskering.tekst(rs.getString("grunn")), rs.getInt("bytes"), instant(rs, "opprettet"), instant(rs, "redrevet"),
                instant(rs, "avsluttet"), rs.getString("avsluttet_av"), Maskering.tekst(rs.getString("avsluttet_begrunnelse")),
                rs.getString("aarsak"));
    }

    private static Instant instant(ResultSet rs, String kolonne) throws SQLException {
        Timestamp t = rs.getTimestamp(kolonne);
        return t == null ? null : t.toInstant();
    }
}
