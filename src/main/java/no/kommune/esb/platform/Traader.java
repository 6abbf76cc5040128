package no.kommune.esb.platform;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The platform's own background threads: daemon threads (they never hold a stopping JVM up) named for what they do.
 * The names are read by people and tools (thread dumps; the benchmarks group CPU time by thread name, e.g.
 * {@code hendelser-levering-N}, {@code oppslag-revisjon}), so a thread keeps its name wherever it is made.
 */
public final class Traader {

    private Traader() {
    }

    /** Every thread it makes is called {@code navn}: for a single-thread executor, or a pool whose threads need no telling apart. */
    public static ThreadFactory daemon(String navn) {
        return oppgave -> ny(oppgave, navn);
    }

    /** Threads called {@code navn-1}, {@code navn-2}, … in the order made, counted per factory: for a pool. */
    public static ThreadFactory nummerert(String navn) {
        AtomicInteger nr = new AtomicInteger();
        return oppgave -> ny(oppgave, navn + "-" + nr.incrementAndGet());
    }

    /** Runs {@code oppgave} on a daemon thread of its own called {@code navn}, started before this returns. */
    public static Thread start(String navn, Runnable oppgave) {
        Thread traad = ny(oppgave, navn);
        traad.start();
        return traad;
    }

    private static Thread ny(Runnable oppgave, String navn) {
        Thread traad = new Thread(oppgave, navn);
        traad.setDaemon(true);
        return traad;
    }
}
