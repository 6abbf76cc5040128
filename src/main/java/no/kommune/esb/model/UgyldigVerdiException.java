package no.kommune.esb.model;

/**
 * A value that breaks a record's rule, with the name of the field it is in, so a reader of a document can point at the
 * key without reading it out of the message. The message never quotes personal data.
 */
public class UgyldigVerdiException extends IllegalArgumentException {

    private final String felt;

    public UgyldigVerdiException(String felt, String melding) {
        super(melding);
        this.felt = felt;
    }

    /** The field as the document names it, e.g. {@code kjoenn}. */
    public String felt() {
        return felt;
    }
}
