package no.kommune.esb.forsendelse.flyt;

import no.kommune.esb.platform.Aarsak;
import no.kommune.esb.platform.Registerstans;
import no.kommune.esb.register.Ventetid;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * What happens after a failed send attempt, the same for SvarUt, SMS and e-mail: another attempt after
 * {@code forsendelse.behandling.foerste-vent}, doubling each time up to {@code platform.register-vent.maks} and spread
 * ({@link Ventetid}, the platform's one backoff; a Retry-After from the service wins), while the failure is retryable
 * and fewer than {@code max-forsoek} attempts were made; otherwise the dead-letter store — except a SvarUt letter whose
 * last outcome is unknown, which is looked up until SvarUt answers ({@link #feiletUavklart}), and a service message an
 * SMS/e-mail attempt with unknown outcome may have delivered, which goes to manual handling ({@link #feiletUkjentUtfall}).
 */
@Component
public class Forsoksregel {

    /** The metric outcomes ({@code esb.forsendelse.sendinger{utfall}}). */
    static final String NYTT_FORSOEK = "nytt_forsoek";
    static final String DEAD_LETTER = "dead_letter";
    static final String AVKLARES = "avklares";
    static final String MANUELL = "manuell";
    /** Nothing recorded: another instance took the letter over meanwhile (the repository's writes take the pass's claim token). */
    static final String OVERTATT = "overtatt";

    private final BehandlingRepository repository;
    private final int maxForsoek;
    private final Ventetid ventetid;
    private final Clock clock = Clock.systemUTC();

    public Forsoksregel(BehandlingRepository repository,
                        @Value("${forsendelse.behandling.max-forsoek:6}") int maxForsoek,
                        @Value("${forsendelse.behandling.foerste-vent:PT10S}") Duration foersteVent,
                        Registerstans registerstans) {
        this.repository = repository;
        this.maxForsoek = maxForsoek;
        this.ventetid = registerstans.ventetid(foersteVent);
    }

    /**
     * Records the failed attempt (the recipient letter had {@code tidligereForsoek} failed attempts before) and
     * returns {@link #NYTT_FORSOEK} or {@link #DEAD_LETTER} ({@link #OVERTATT}, nothing recorded, when this pass no longer
     * holds the letter: {@code krav}; so for each method here). {@code grunn} (in words and as a code) holds no personal data.
     */
    public String feilet(UUID brevId, UUID mottakerbrevId, UUID krav, int tidligereForsoek, boolean kanProevesIgjen, Duration retryAfter,
                         Aarsak grunn) {
        int forsoek = tidligereForsoek + 1;
        if (kanProevesIgjen && forsoek < maxForsoek) {
            Duration vent = ventetid.etter(forsoek, retryAfter);
            return repository.nyttForsoek(brevId, mottakerbrevId, krav, forsoek, clock.instant().plus(vent), grunn) ? NYTT_FORSOEK : OVERTATT;
        }
        // only while this pass holds the letter (krav): a stalled pass's dead letter could contradict its new holder's send
        return repository.deadLetter(brevId, mottakerbrevId, krav, forsoek, grunn) ? DEAD_LETTER : OVERTATT;
    }

    /**
     * As {@link #feilet}, for an attempt after which the letter may have reached SvarUt (its answer was lost and no
     * look-up since has answered): such a letter never becomes a dead letter on a guess, since the fagsystem would be
     * told "failed" for a letter SvarUt delivers. Before its last attempt it waits for another one as usual; after it,
     * its attempts stay spent and it is only looked up by eksternReferanse ({@link #avklares}), with the same backoff,
     * until SvarUt answers: found = sent, not found = a dead letter.
     */
    public String feiletUavklart(UUID brevId, UUID mottakerbrevId, UUID krav, int tidligereForsoek, Duration retryAfter, Aarsak grunn) {
        int forsoek = Math.min(tidligereForsoek + 1, maxForsoek);
        Instant neste = clock.instant().plus(ventetid.etter(forsoek, retryAfter));
        if (forsoek < maxForsoek) {
            return repository.nyttForsoek(brevId, mottakerbrevId, krav, forsoek, neste, grunn) ? NYTT_FORSOEK : OVERTATT;
        }
        return repository.avklares(brevId, mottakerbrevId, krav, forsoek, neste, grunn) ? AVKLARES : OVERTATT;
    }

    /**
     * As {@link #feilet}, for a service message whose SMS/e-mail attempts include one with an unknown outcome (its answer
     * was lost, and later refusals do not settle it, {@link no.kommune.esb.forsendelse.Varselkanalbytte#etterFeil}): the
     * message may have arrived, and neither the SMS gateway nor SMTP can be asked, so once its attempts are spent (or the
     * failure cannot be retried) it goes to manual handling with {@code manuellGrunn} ({@link #MANUELL}), never to the
     * dead-letter store, whose DEAD_LETTER would tell the fagsystem "failed" on a guess. Before that it waits for another
     * attempt as usual.
     */
    public String feiletUkjentUtfall(UUID brevId, UUID mottakerbrevId, UUID krav, int tidligereForsoek, boolean kanProevesIgjen,
                                     Duration retryAfter, Aarsak grunn, String manuellGrunn) {
        int forsoek = tidligereForsoek + 1;
        if (kanProevesIgjen && forsoek < maxForsoek) {
            return repository.nyttForsoek(brevId, mottakerbrevId, krav, forsoek, clock.instant().plus(ventetid.etter(forsoek, retryAfter)), grunn)
                    ? NYTT_FORSOEK : OVERTATT;
        }
        return repository.manuellEtterKanalbytte(brevId, mottakerbrevId, krav, manuellGrunn) ? MANUELL : OVERTATT;
    }

    /** True when a recipient letter with these attempts has spent them and is only looked up in SvarUt ({@link #feiletUavklart}). */
    public boolean avklares(int forsoek) {
        return forsoek >= maxForsoek;
    }
}
