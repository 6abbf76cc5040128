package no.kommune.esb.forsendelse.mottak;

/**
 * One reason a letter was refused: a JSON pointer into the metadata (RFC 6901, e.g. {@code /dokumenter/1})
 * and a message that never holds a whole identity number or a file name. {@code type}, when set, names the kind of
 * problem for a machine (e.g. {@code pdf-javascript}); the answer writes it as {@code urn:kommune-esb:problem:<type>}.
 */
public record InnleveringFeil(String pointer, String detail, String type) {

    public InnleveringFeil(String pointer, String detail) {
        this(pointer, detail, null);
    }
}
