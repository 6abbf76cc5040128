package no.kommune.esb.forsendelse.mottak;

/**
 * Sends one kind of dead letter through again. One implementation per {@code dead_letter.kilde}; the dead-letter
 * API picks the one whose {@link #kilde()} matches and refuses a dead letter no redriver knows.
 */
public interface DeadLetterRedriver {

    /** The {@code kilde} this redriver handles, e.g. {@code forsendelse-send}. */
    String kilde();

    /**
     * Puts the work back where it failed and marks the dead letter redriven, in one transaction.
     * Returns false when there is nothing to redrive (the referenced row is gone, or already redriven).
     */
    boolean redrive(ForsendelseRepository.DeadLetter deadLetter);
}
