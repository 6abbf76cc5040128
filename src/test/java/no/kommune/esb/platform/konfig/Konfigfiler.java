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

    /** The shipped registrations (config/fagsystemer, mappings/) loaded as start-up loads them. */
    public static no.kommune.esb.hendelser.FagsystemLoader.Resultat fagsystemer() {
        return no.kommune.esb.hendelser.FagsystemLoader.last(Path.of("config/fagsystemer"), Path.of("mappings"));
    }

    /**
     * The shipped registrations loaded from a copy in which {@code fra} is replaced by {@code til} in {@code fil}: what a
     * reload after that edit puts live (a test swaps it into the running registry and back with {@link #fagsystemer()}).
     */
    public static no.kommune.esb.hendelser.FagsystemLoader.Resultat fagsystemerMed(String fil, String fra, String til) throws IOException {
        Path kopi = Files.createTempDirectory("fagsystemer");
        kopier(Path.of("config/fagsystemer"), kopi);
        erstatt(kopi.resolve(fil), fra, til);
        return no.kommune.esb.hendelser.FagsystemLoader.last(kopi, Path.of("mappings"));
    }
}
