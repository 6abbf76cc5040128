package no.kommune.esb.hendelser;

import java.nio.file.Path;

/** One thing wrong in the configuration: the file and why. */
public record Problem(Path file, String reason) {

    @Override
    public String toString() {
        return file + ": " + reason;
    }
}
