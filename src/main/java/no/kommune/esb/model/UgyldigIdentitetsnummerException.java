package no.kommune.esb.model;

/** An identity number that failed validation; the message carries only the masked number. */
public class UgyldigIdentitetsnummerException extends IllegalArgumentException {

    private final String masked;

    public UgyldigIdentitetsnummerException(String reason, String masked) {
        super("invalid identity number " + masked + ": " + reason);
        this.masked = masked;
    }

    public String masked() {
        return masked;
    }
}
