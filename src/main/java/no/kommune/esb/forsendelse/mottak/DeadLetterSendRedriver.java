package no.kommune.esb.forsendelse.mottak;

import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Redrives a recipient letter that sending gave up on (kilde {@code forsendelse-send}, referanse = mottakerbrev id):
 * back to {@code KLAR_FOR_SENDING} with attempts reset and due now, so the sending route picks it up again.
 */
@Component
public class DeadLetterSendRedriver implements DeadLetterRedriver {

    public static final String KILDE = "forsendelse-send";

    private final ForsendelseRepository repository;

    public DeadLetterSendRedriver(ForsendelseRepository repository) {
        this.repository = repository;
    }

    @Override
    public String kilde() {
        return KILDE;
    }

    @Override
    public boolean redrive(ForsendelseRepository.DeadLetter deadLetter) {
        UUID mottakerbrev;
        try {
            mottakerbrev = UUID.fromString(deadLetter.referanse());
        } catch (RuntimeException e) {
            return false;
        }
        return repository.sendPaaNytt(mottakerbrev, deadLetter.id());
    }
}
