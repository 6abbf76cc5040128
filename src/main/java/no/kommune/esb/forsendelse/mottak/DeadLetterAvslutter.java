package no.kommune.esb.forsendelse.mottak;

import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Closes a dead letter without sending it, for {@code POST /api/dead-letters/{id}/avslutt} and the console alike
 * ({@link ForsendelseRepository#avsluttDeadLetter}), counts it ({@code esb.deadletter.avsluttet{kilde, via}}) and logs it
 * by id, kind and who closed it: never the reason, which is free text and may name a person.
 */
@Component
public class DeadLetterAvslutter {

    /** Counted per close: tags {@code kilde} (the dead letter's kind) and {@code via} ({@code api} or {@code konsoll}). */
    public static final String METRIKK = "esb.deadletter.avsluttet";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterAvslutter.class);

    private final ForsendelseRepository repository;
    private final MeterRegistry metrikker;

    public DeadLetterAvslutter(ForsendelseRepository repository, MeterRegistry metrikker) {
        this.repository = repository;
        this.metrikker = metrikker;
    }

    /** Closes dead letter {@code id} by {@code avsluttetAv} with a reason already checked ({@link DeadLetterAvslutning#ugyldigBegrunnelse}). */
    public ForsendelseRepository.Avslutning avslutt(UUID id, String avsluttetAv, String begrunnelse, String via) {
        ForsendelseRepository.Avslutning a = repository.avsluttDeadLetter(id, avsluttetAv, begrunnelse);
        if (a.avsluttet()) {
            metrikker.counter(METRIKK, "kilde", a.deadLetter().kilde(), "via", via).increment();
            log.info("Dead letter {} (kilde {}) closed without sending by {}{}", id, a.deadLetter().kilde(), avsluttetAv,
                    a.mottakerbrev() == null ? "" : "; recipient letter " + a.mottakerbrev() + " AVSLUTTET");
        }
        return a;
    }
}
