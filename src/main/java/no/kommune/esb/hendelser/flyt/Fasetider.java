package no.kommune.esb.hendelser.flyt;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Where a fan-out batch's time goes: the elapsed time of each phase (register calls, the population rule, documents,
 * storing), summed over the batch. {@link #registrer} records them as the timer {@code esb.hendelser.fordeling.fase}
 * tagged {@code fase}, so an operator sees which register or step a slow fan-out waits on; the batch's DEBUG line shows
 * them too. Not thread-safe: one per batch, on the fan-out's thread. {@link #INGEN} measures nothing (a replay, a
 * trigger's message, a new minimisation).
 */
final class Fasetider {

    static final Fasetider INGEN = new Fasetider(null);

    private final MeterRegistry metrics;
    private final Map<String, Long> nanos = new LinkedHashMap<>();

    Fasetider(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** Runs {@code arbeid}, its elapsed time added to {@code fase}'s. */
    <T> T maal(String fase, Supplier<T> arbeid) {
        if (metrics == null) {
            return arbeid.get();
        }
        long start = System.nanoTime();
        try {
            return arbeid.get();
        } finally {
            nanos.merge(fase, System.nanoTime() - start, Long::sum);
        }
    }

    void maal(String fase, Runnable arbeid) {
        maal(fase, () -> {
            arbeid.run();
            return null;
        });
    }

    /** Records each phase's time of the batch as one sample of the timer. */
    void registrer() {
        if (metrics != null) {
            nanos.forEach((fase, ns) -> metrics.timer("esb.hendelser.fordeling.fase", "fase", fase).record(ns, TimeUnit.NANOSECONDS));
        }
    }

    /** "folkeregisteret 120 ms, matrikkelen 30 ms, …" in the order the phases first ran. */
    @Override
    public String toString() {
        StringJoiner s = new StringJoiner(", ");
        nanos.forEach((fase, ns) -> s.add(fase + " " + TimeUnit.NANOSECONDS.toMillis(ns) + " ms"));
        return s.toString();
    }
}
