package no.kommune.esb.forsendelse.flyt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The transactional outbox of status messages to the sending fagsystems (table {@code statusutboks}, V10). Each
 * change of a recipient letter's status is written here by the transaction that stores the change ({@link #leggInn});
 * {@link StatusPublisering} publishes it afterwards. A change is thus never lost to a channel that is down, and never
 * published for a change that was rolled back. Only {@code KLAR_FOR_SENDING} (waiting inside the platform) is not told.
 */
@Repository
public class Statusutboks {

    /** Reason code: the fresh look-ups no longer name the recipient of a waiting recipient letter (manual handling). */
    public static final String AARSAK_IKKE_LENGER_MOTTAKER = "IKKE-LENGER-MOTTAKER";
    /**
     * Reason code: a new decision would send through another gateway than an attempt with unknown outcome, or a service
     * message's SMS/e-mail attempt with unknown outcome can no longer use its channel, or would otherwise be reported
     * stopped (a new STOPP/MANUELL) or failed (its attempts spent) while it may have arrived (manual handling).
     */
    public static final String AARSAK_KANALBYTTE = "KANALBYTTE";
    /**
     * Reason code: a service message may go by SMS/e-mail, but no gateway for those channels is set up (manual handling);
     * also an SMS sent while a gateway was set up whose delivery report cannot be read for
     * {@code forsendelse.status.ukjent-etter} because none is set up any more.
     */
    public static final String AARSAK_INGEN_VARSELGATEWAY = "INGEN-VARSELGATEWAY";
    /**
     * Reason code: status-sok has answered without a usable status for the letter for {@code forsendelse.status.ukjent-etter}
     * (SvarUt does not know the id, or gives a status the platform does not know): manual handling.
     */
    public static final String AARSAK_SVARUT_UKJENT = "SVARUT-UKJENT";
    /**
     * Reason code: the SMS gateway has, for {@code forsendelse.status.ukjent-etter}, answered that it has no such message
     * or given a delivery status the platform does not know: manual handling.
     */
    public static final String AARSAK_SMS_UKJENT = "SMS-UKJENT";
    /** Reason code: the stored letter cannot be read (a value its invariants reject), so it is a dead letter at once. */
    public static final String AARSAK_UGYLDIG_BREV = "UGYLDIG-BREV";

    /**
     * One status message as published, no personal data. {@code meldingId} is the receiver's de-duplication key (the
     * same at every retry); {@code sekvens} counts the recipient letter's messages 1, 2, 3, … in the order they are
     * published. {@code aarsak} (a {@code Regel} code or one of the codes above) and {@code grunn} are set for STOPPET
     * and MANUELL, and for DEAD_LETTER when a reason code is given ({@link #AARSAK_UGYLDIG_BREV}); {@code varselkanal}
     * is SMS or EPOST for a service message sent that way (then {@code svarUtStatus}
     * and {@code svarUtId} are null).
     */
    public record Statusmelding(UUID meldingId, int sekvens, UUID brevId, UUID mottakerbrevId, String avsenderSystem,
                                String eksternReferanse, String status, String aarsak, String grunn, String svarUtStatus,
                                UUID svarUtId, Instant tid, String varselkanal) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public Statusutboks(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Writes the recipient letter's current status as its next status message, inside the caller's transaction (which
     * must already have stored the change). {@code aarsak} is the reason code for STOPPET and MANUELL, and for a
     * DEAD_LETTER that has one (else ignored);
     * {@code tid} when the change happened (null = now).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void leggInn(UUID mottakerbrevId, String aarsak, Instant tid) {
        leggInn(List.of(mottakerbrevId), aarsak, tid);
    }

    /**
     * {@link #leggInn(UUID, String, Instant)} for many recipient letters with the same reason code: one statement to
     * number their messages and one batch to insert them (e.g. a pass's sends, recorded together).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void leggInn(java.util.Collection<UUID> mottakerbrevIder, String aarsak, Instant tid) {
        Map<UUID, Instant> tider = new HashMap<>();
        mottakerbrevIder.forEach(id -> tider.put(id, tid));
        leggInn(tider, aarsak);
    }

    /**
     * {@link #leggInn(java.util.Collection, String, Instant)} with each recipient letter's own time of change (null =
     * now), e.g. a status round's changes as SvarUt dated them.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void leggInn(Map<UUID, Instant> tider, String aarsak) {
        if (tider.isEmpty()) {
            return;
        }
        Instant naa = Instant.now();
        // the update locks the recipient letters' rows, so two changes of one letter get distinct, ordered numbers
        List<Statusmelding> meldinger = jdbc.query("""
                update mottakerbrev m set status_sekvens = m.status_sekvens + 1
                  from brev b
                 where m.id = any (?) and b.id = m.brev_id and m.status <> 'KLAR_FOR_SENDING'
                returning m.status_sekvens, m.brev_id, b.avsender_system, b.ekstern_referanse, m.status, m.manuell_grunn,
                          m.svarut_status, m.svarut_id, m.varsel_kanal, m.id""",
                (rs, i) -> {
                    int sekvens = rs.getInt(1);
                    String status = rs.getString(5);
                    UUID id = rs.getObject(10, UUID.class);
                    boolean medGrunn = Mottakerstatus.STOPPET.name().equals(status) || Mottakerstatus.MANUELL.name().equals(status)
                            || (Mottakerstatus.DEAD_LETTER.name().equals(status) && aarsak != null);
                    boolean varsel = rs.getString(9) != null;
                    return new Statusmelding(meldingId(id, sekvens), sekvens, rs.getObject(2, UUID.class), id,
                            rs.getString(3), rs.getString(4), status, medGrunn ? aarsak : null, medGrunn ? rs.getString(6) : null,
                            varsel ? null : rs.getString(7), varsel ? null : rs.getObject(8, UUID.class),
                            tider.get(id) == null ? naa : tider.get(id), rs.getString(9));
                }, (Object) tider.keySet().toArray(new UUID[0]));
        if (meldinger.isEmpty()) {
            return;
        }
        // one statement for all messages (a JDBC batch is one execution per row in PostgreSQL)
        jdbc.update("""
                insert into statusutboks (id, mottakerbrev_id, sekvens, brev_id, avsender_system, status, melding)
                select * from unnest(?::uuid[], ?::uuid[], ?::int[], ?::uuid[], ?::text[], ?::text[], ?::text[])""",
                meldinger.stream().map(Statusmelding::meldingId).toArray(UUID[]::new),
                meldinger.stream().map(Statusmelding::mottakerbrevId).toArray(UUID[]::new),
                meldinger.stream().map(Statusmelding::sekvens).toArray(Integer[]::new),
                meldinger.stream().map(Statusmelding::brevId).toArray(UUID[]::new),
                meldinger.stream().map(Statusmelding::avsenderSystem).toArray(String[]::new),
                meldinger.stream().map(Statusmelding::status).toArray(String[]::new),
                meldinger.stream().map(this::tekst).toArray(String[]::new));
    }

    /** The message id: derived from the recipient letter and the message's number, so it names one change for good. */
    static UUID meldingId(UUID mottakerbrevId, int sekvens) {
        return UUID.nameUUIDFromBytes((mottakerbrevId + "/status/" + sekvens).getBytes(StandardCharsets.UTF_8));
    }

    private String tekst(Statusmelding m) {
        try {
            return json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("status message not serialisable", e);
        }
    }
}
