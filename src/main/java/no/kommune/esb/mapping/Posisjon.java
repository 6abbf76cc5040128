package no.kommune.esb.mapping;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.util.Optional;

/** A place in a text file: 1-based line and column, as editors and compilers count them. */
public record Posisjon(int linje, int kolonne) {

    /** The first character of a file: where a problem of the file as a whole is reported. */
    public static final Posisjon START = new Posisjon(1, 1);

    /** Where Jackson places a token or problem; empty when it does not know (no location, or no line). */
    public static Optional<Posisjon> av(JsonLocation l) {
        return l == null || l.getLineNr() < 1 ? Optional.empty() : Optional.of(new Posisjon(l.getLineNr(), l.getColumnNr()));
    }

    /** Where Jackson found the problem in the text it read; empty when it does not know. */
    public static Optional<Posisjon> av(JsonProcessingException e) {
        return av(e.getLocation());
    }

    /** The position of a 0-based character offset in {@code text}. */
    public static Posisjon iTekst(String text, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(Math.max(offset, 0), text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new Posisjon(line, column);
    }
}
