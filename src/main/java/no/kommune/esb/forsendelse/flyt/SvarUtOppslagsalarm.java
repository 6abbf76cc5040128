package no.kommune.esb.forsendelse.flyt;

import no.kommune.esb.register.RegisterException;
import no.kommune.esb.svarut.SvarUtFeilaarsak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The health signal of a look-up by eksternReferanse that fails for a lasting reason (401/403: SvarUt refuses the
 * platform's credentials; another 4xx; not an answer that cannot be read, a passing failure) while a recipient letter SvarUt may hold waits on it
 * ({@link no.kommune.esb.svarut.SvarUtClient#varigOppslagsfeil}). Such a letter is never sent again nor given up on a
 * guess: it waits by the attempt rule ({@link Forsoksregel#feiletUavklart}) until a look-up answers, and that takes a
 * person fixing the configuration. So the first such failure opens one {@code alarm} row (kilde {@value #KILDE}, DOWN
 * in {@code /actuator/health}) and logs one ERROR; the next look-up that answers closes it. Per instance, as
 * {@link no.kommune.esb.platform.Registerventing}'s alarm: the first answer after a start closes one left open.
 */
@Component
public class SvarUtOppslagsalarm {

    static final String KILDE = "svarut-oppslag";

    private static final Logger log = LoggerFactory.getLogger(SvarUtOppslagsalarm.class);

    private final JdbcTemplate jdbc;
    /** Whether this instance has an alarm open; null until it knows (after a start one may be left open). */
    private volatile Boolean aapen;

    public SvarUtOppslagsalarm(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A look-up failed for a lasting reason; {@code varig} is that failure (its message holds no personal data). */
    public synchronized void feilet(RegisterException varig) {
        if (Boolean.TRUE.equals(aapen)) {
            return;
        }
        // in words with SvarUt's status, errorCode and errorId as the reference, never SvarUt's message or a kind's Java name
        String melding = "Oppslaget i SvarUt på eksternReferanse feilet: " + SvarUtFeilaarsak.hva(varig)
                + ". Brev som SvarUt kan ha fått venter uten å sendes på nytt til et oppslag svarer."
                + " Kontroller SvarUt-oppsettet (integrasjon, passord, konto, Maskinporten). Alarmen lukkes selv når SvarUt svarer igjen.";
        String kode = SvarUtFeilaarsak.oppslagskode(varig);
        jdbc.update("insert into alarm (kilde, melding, aarsak) select ?, ?, ? where not exists (select 1 from alarm where kilde = ? and kvittert is null)",
                KILDE, melding, kode, KILDE);
        log.error("ALARM {}: {} ({})", KILDE, melding, kode);
        aapen = true;
    }

    /** A look-up by eksternReferanse answered: an open alarm is closed. */
    public void svarte() {
        if (Boolean.FALSE.equals(aapen)) {
            return;
        }
        synchronized (this) {
            if (jdbc.update("update alarm set kvittert = now() where kilde = ? and kvittert is null", KILDE) > 0) {
                log.info("SvarUt answers the look-up by eksternReferanse again: alarm {} closed", KILDE);
            }
            aapen = false;
        }
    }
}
