package no.kommune.esb.simulator.population;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The population's change journal as JSON lines: one line per applied change with everything needed to apply
 * it again identically (kind, target, parameter, random seed, time). Replayed at start so the feed and person
 * state continue after a restart. The file name carries (seed, size, kommune), so another configuration
 * starts its own journal.
 */
public final class ChangeJournal {

    /** One applied change. {@code person} is the target's identifier before the change. */
    public record Entry(String kind, String person, String param, long seed, long at) {
        @Override
        public String toString() {
            return "Entry[" + kind + "]";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public ChangeJournal(Path file) {
        this.file = file;
    }

    public static ChangeJournal in(Path dataDir, long seed, int size, String kommunenummer) {
        return new ChangeJournal(dataDir.resolve("population-journal-" + seed + "-" + size + "-" + kommunenummer + ".jsonl"));
    }

    public Path file() {
        return file;
    }

    List<Entry> read() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            List<Entry> entries = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    entries.add(JSON.readValue(line, Entry.class));
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read population journal " + file, e);
        }
    }

    void append(Entry entry) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, JSON.writeValueAsString(entry) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to population journal " + file, e);
        }
    }
}
