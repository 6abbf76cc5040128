package no.kommune.esb.mapping;

import java.nio.file.Path;

/**
 * A mapping that does not compile or failed on an input. The message names the mapping file and the reason
 * (error code and position); it never quotes input values, since those are personal data.
 */
public class MappingException extends RuntimeException {

    private final transient Path file;
    private final String reason;

    public MappingException(Path file, String reason) {
        this(file, reason, null);
    }

    public MappingException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = file;
        this.reason = reason;
    }

    public Path file() {
        return file;
    }

    public String reason() {
        return reason;
    }
}
