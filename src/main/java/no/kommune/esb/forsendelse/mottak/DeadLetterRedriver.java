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

    /**
     * The redrive as the dead-letter API and the console call it: with the caller's choice {@code trossNyere} (send even
     * though later messages of the same stream were delivered since; a kind that keeps no order ignores it), and, when
     * refused, why, answered as 409 with that problem. By default the plain {@link #redrive}.
     */
    default Utfall redriv(ForsendelseRepository.DeadLetter deadLetter, boolean trossNyere) {
        return redrive(deadLetter) ? Utfall.REDREVET
                : Utfall.avslag("kan-ikke-redrives", "det dead letter viser til finnes ikke lenger, eller det er allerede sendt på nytt");
    }

    /** Whether this kind keeps an order that {@code trossNyere} may override (the console then offers the choice). */
    default boolean holderRekkefoelge() {
        return false;
    }

    /** A redrive done, or refused with a problem type and a detail in the console's words (no personal data). */
    record Utfall(boolean redrevet, String type, String detalj) {

        public static final Utfall REDREVET = new Utfall(true, null, null);

        public static Utfall avslag(String type, String detalj) {
            return new Utfall(false, type, detalj);
        }
    }
}
