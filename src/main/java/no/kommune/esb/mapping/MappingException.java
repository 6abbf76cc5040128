package no.kommune.esb.mapping;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A mapping that does not compile or failed on an input. The message names the mapping file, where in it when
 * known, and the reason (error code and position); it never quotes input values, since those are personal data.
 */
public class MappingException extends RuntimeException {

    private final transient Path file;
    private final transient Posisjon posisjon;
    private final String reason;

    public MappingException(Path file, String reason) {
        this(file, null, reason, null);
    }

    public MappingException(Path file, String reason, Throwable cause) {
        this(file, null, reason, cause);
    }

    /** @param posisjon where in {@code file} the problem is, or null when it is about the file as a whole */
    public MappingException(Path file, Posisjon posisjon, String reason, Throwable cause) {
        super(file + (posisjon == null ? "" : ":" + posisjon.linje() + ":" + posisjon.kolonne()) + ": " + reason, cause);
        this.file = file;
        this.posisjon = posisjon;
        this.reason = reason;
    }

    /**
     * The input document could not be read as JSON: the column for a parse error, the exception's kind otherwise, never
     * Jackson's message (it may quote input values, which are personal data).
     */
    static MappingException ulesbartDokument(Path file, java.io.IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json) {
            return new MappingException(file, "the input document is not JSON (column "
                    + (json.getLocation() == null ? "?" : json.getLocation().getColumnNr()) + ")");
        }
        return new MappingException(file, "the input document cannot be read: " + e.getClass().getSimpleName());
    }

    public Path file() {
        return file;
    }

    /** Where in the file, when the problem has a place (a compile error); empty for the file as a whole. */
    public Optional<Posisjon> posisjon() {
        return Optional.ofNullable(posisjon);
    }

    public String reason() {
        return reason;
    }
}
