package no.kommune.esb.hendelser;

import java.nio.file.Path;

/**
 * One thing wrong in the configuration: the file, where in it (1-based line and column) and why. Line and column
 * are 0 only for a problem with a whole folder (e.g. one that does not exist), which has no line to point at.
 */
public record Problem(Path file, int line, int column, String reason) {

    /** A problem with a whole folder or file, without a position in it. */
    public Problem(Path file, String reason) {
        this(file, 0, 0, reason);
    }

    /** {@code file:line:column: reason}, the form compilers print and editors and CI logs link to. */
    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column + ": " + reason : file + ": " + reason;
    }
}
