package no.kommune.esb.benchmark;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

import java.util.concurrent.Callable;

/**
 * A benchmark's phase as a Flight Recorder event, so a recording's samples can be cut to one phase (the bus, the bare
 * loop, a ceiling) without guessing from timestamps. Costs nothing when no recording runs.
 */
@Name("kommune.esb.benchmark.Fase")
@Label("Benchmark phase")
@Category("kommune-esb")
@Description("One measured phase of a benchmark, from its start to its end")
public final class Fase extends Event {

    @Label("Phase")
    String navn;

    private Fase(String navn) {
        this.navn = navn;
    }

    /** Runs {@code arbeid} as the phase {@code navn}, recorded from its start to its end (also when it fails). */
    public static <T> T maal(String navn, Callable<T> arbeid) throws Exception {
        Fase fase = new Fase(navn);
        fase.begin();
        try {
            return arbeid.call();
        } finally {
            fase.commit();
        }
    }
}
