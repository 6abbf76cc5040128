package no.kommune.esb.forsendelse.flyt;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Cuts a batch's letters, in sending order, into groups whose documents are read from the database with one statement
 * each: a group holds at most {@code maksBytes} of documents (so the heap stays bounded however large the letters are)
 * and at most {@code maksBrev} letters. A letter whose documents alone exceed {@code maksBytes} goes in a group of its
 * own. Reading each letter's documents with a statement of its own made the flow one database round trip per letter
 * (docs/benchmarks.md).
 */
public record Dokumentbunker(long maksBytes, int maksBrev) {

    public Dokumentbunker {
        if (maksBytes < 1 || maksBrev < 1) {
            throw new IllegalArgumentException("a group must allow at least one byte and one letter");
        }
    }

    /** The letters' groups, in the given order; {@code storrelser} holds each letter's document bytes (missing = 0). */
    public List<List<UUID>> del(List<UUID> brev, Map<UUID, Long> storrelser) {
        List<List<UUID>> grupper = new ArrayList<>();
        List<UUID> gruppe = new ArrayList<>();
        long bytes = 0;
        for (UUID id : brev) {
            long storrelse = storrelser.getOrDefault(id, 0L);
            if (!gruppe.isEmpty() && (bytes + storrelse > maksBytes || gruppe.size() >= maksBrev)) {
                grupper.add(gruppe);
                gruppe = new ArrayList<>();
                bytes = 0;
            }
            gruppe.add(id);
            bytes += storrelse;
        }
        if (!gruppe.isEmpty()) {
            grupper.add(gruppe);
        }
        return grupper;
    }
}
