package no.kommune.esb.benchmark;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

/**
 * The JIT compilers as a benchmark sees them: their total compile time so far, and a wait until their queue is empty.
 * On two cores the compilers still work through the start-up's and the warm-up's methods for a minute or more; a
 * phase measured meanwhile shares its cores with them (docs/benchmarks.md, "Session 9: events" and "Sessions 10–11").
 */
public final class Jit {

    private Jit() {
    }

    /** Milliseconds all compiler threads have compiled since the JVM started. */
    public static long millis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /**
     * Waits until the compilers have been idle for two seconds in a row (under 20 ms of compiling in a second), at most
     * {@code maks}. Answers the seconds waited.
     */
    public static double ventTilRolig(Duration maks) throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long start = System.nanoTime();
        long foer = jit.getTotalCompilationTime();
        int rolige = 0;
        while (rolige < 2 && System.nanoTime() - start < maks.toNanos()) {
            Thread.sleep(1000);
            long naa = jit.getTotalCompilationTime();
            rolige = naa - foer < 20 ? rolige + 1 : 0;
            foer = naa;
        }
        double s = (System.nanoTime() - start) / 1e9;
        System.out.printf("JIT quiet after %.1f s%n", s);
        return Math.round(s * 10) / 10.0;
    }
}
