package no.kommune.esb.forsendelse.mottak;

/**
 * One reason a letter was refused: a JSON pointer into the metadata (RFC 6901, e.g. {@code /dokumenter/1})
 * and a message that never holds a whole identity number or a file name.
 */
public record InnleveringFeil(String pointer, String detail) {
}
