package no.kommune.esb.simulator.folkeregisteret;

import org.springframework.stereotype.Component;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the calls the Folkeregisteret simulator answers, per endpoint and, for bulk look-ups, per number of ids, so a
 * test can prove over HTTP ({@code GET /sim/admin/folkeregisteret/kall}) how many register calls the platform made.
 */
@Component
public class Kallteller {

    private final Map<String, LongAdder> kall = new ConcurrentHashMap<>();

    void tell(String endepunkt) {
        kall.computeIfAbsent(endepunkt, k -> new LongAdder()).increment();
    }

    /**
     * A copy of the counts: endpoint → calls; {@code bulkoppslag/<n>} → bulk calls asking for n ids, and those of them
     * asked with {@code part=historikk} again under {@code bulkoppslag/historikk/<n>}.
     */
    Map<String, Long> tall() {
        Map<String, Long> kopi = new TreeMap<>();
        kall.forEach((k, v) -> kopi.put(k, v.sum()));
        return kopi;
    }
}
