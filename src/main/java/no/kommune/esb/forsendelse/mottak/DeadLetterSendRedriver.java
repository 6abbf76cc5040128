package no.kommune.esb.forsendelse.mottak;

import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Redrives a recipient letter that sending gave up on (kilde {@code forsendelse-send}, referanse = mottakerbrev id):
 * back to {@code KLAR_FOR_SENDING} with attempts reset and due now, so the sending route picks it up again; only while
 * it is still in {@code DEAD_LETTER}.
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
        return redriv(deadLetter, false).redrevet();
    }

    /**
     * Only while the recipient letter is in {@code DEAD_LETTER} ({@link ForsendelseRepository#sendPaaNytt}): one that has
     * moved on since is refused as {@code ikke-dead-letter} (409), and nothing is sent again.
     */
    @Override
    public Utfall redriv(ForsendelseRepository.DeadLetter deadLetter, boolean trossNyere) {
        UUID mottakerbrev;
        try {
            mottakerbrev = UUID.fromString(deadLetter.referanse());
        } catch (RuntimeException e) {
            return Utfall.avslag("kan-ikke-redrives", "det dead letter viser til er ikke et mottakerbrev");
        }
        return switch (repository.sendPaaNytt(mottakerbrev, deadLetter.id())) {
            case SENDES_PAA_NYTT -> Utfall.REDREVET;
            case IKKE_DEAD_LETTER -> Utfall.avslag("ikke-dead-letter", "mottakerbrevet er ikke lenger i dead-letter-lageret"
                    + " (det er sendt, løst eller venter allerede på sending), så det sendes ikke på nytt herfra");
            case FINNES_IKKE -> Utfall.avslag("kan-ikke-redrives",
                    "det dead letter viser til finnes ikke lenger, eller det er allerede sendt på nytt");
        };
    }
}
