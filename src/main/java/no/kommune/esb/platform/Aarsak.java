package no.kommune.esb.platform;

/**
 * A reason as it is stored and shown: {@code kode}, stable, for machines (e.g. {@code KRR-UTILGJENGELIG}; null when the
 * reason has none), and {@code tekst}, in words for the case officer and the integration team, which may be reworded.
 * Neither holds personal data or a register's own free text.
 */
public record Aarsak(String kode, String tekst) {

    /** A reason with no code (not a failure, or worded where no code fits). */
    public static Aarsak tekst(String tekst) {
        return new Aarsak(null, tekst);
    }

    /** The same code, with {@code foran} put before the words (e.g. the step the failure happened in). */
    public Aarsak foran(String foran) {
        return new Aarsak(kode, foran + tekst);
    }
}
