package no.kommune.esb.benchmark;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

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
     * CPU milliseconds the compiler threads ({@code C1 CompilerThre…}, {@code C2 CompilerThre…}) have used since the JVM
     * started, from {@code /proc/self/task/<tid>/stat} (Linux; -1 elsewhere). Unlike {@link #millis()}, which is the
     * compilations' elapsed time and grows while a compiler thread waits for a core, this is what the JIT took from the
     * machine. A compiler thread the JVM has ended (HotSpot adds and removes them with the queue) is no longer counted,
     * so a difference over a phase is a lower bound.
     */
    public static long cpuMillis() {
        Path tasks = Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) {
            return -1;
        }
        long ticks = 0;
        try (Stream<Path> trader = Files.list(tasks)) {
            for (Path t : (Iterable<Path>) trader::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    int navnStart = stat.indexOf('(');
                    int navnSlutt = stat.lastIndexOf(')');
                    String navn = stat.substring(navnStart + 1, navnSlutt);
                    if (navn.startsWith("C1 CompilerThre") || navn.startsWith("C2 CompilerThre")) {
                        // after the name: state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime
                        String[] felt = stat.substring(navnSlutt + 2).split(" ");
                        ticks += Long.parseLong(felt[11]) + Long.parseLong(felt[12]);
                    }
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while the directory was read
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return ticks * 10; // USER_HZ is 100 on Linux
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
