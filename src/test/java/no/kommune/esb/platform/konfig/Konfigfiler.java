package no.kommune.esb.platform.konfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Copies of the shipped config folders for tests that edit them under a watcher, and the edits themselves. */
public final class Konfigfiler {

    private Konfigfiler() {
    }

    /** Copies the folder {@code fra} with everything under it to {@code til}. */
    public static void kopier(Path fra, Path til) throws IOException {
        try (Stream<Path> filer = Files.walk(fra)) {
            for (Path f : filer.toList()) {
                Path maal = til.resolve(fra.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(maal);
                } else {
                    Files.copy(f, maal);
                }
            }
        }
    }

    /** Replaces {@code fra} by {@code til} in the file; fails the test setup when the file does not hold {@code fra}. */
    public static void erstatt(Path fil, String fra, String til) throws IOException {
        String tekst = Files.readString(fil);
        assertThat(tekst).as("test setup: %s contains %s", fil, fra).contains(fra);
        Files.writeString(fil, tekst.replace(fra, til));
    }
}
