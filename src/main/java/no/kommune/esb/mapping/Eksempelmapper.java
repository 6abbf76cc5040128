package no.kommune.esb.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The golden example cases beside a mapping or input layout: the folders {@code examples/<case>/}, in name order. */
public final class Eksempelmapper {

    private Eksempelmapper() {
    }

    /** The case folders under {@code examples}; none when it is missing or cannot be listed (reported as no example). */
    public static List<Path> tilfeller(Path examples) {
        if (!Files.isDirectory(examples)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(examples)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            return List.of();
        }
    }
}
