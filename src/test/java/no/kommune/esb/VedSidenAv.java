package no.kommune.esb;

import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceLock;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class that runs beside its half's other classes instead of in their sequence (docs/testing.md, "Classes
 * beside the sequence"): one that mostly waits (a server stalling on purpose, a time limit running out) on servers and
 * a Camel context of its own, or does CPU work of its own (key pairs) in the CPU the sequence's waits leave idle,
 * touching neither the shared platform nor anything another class reads. Its own tests run
 * one after another (the shared lock puts a class's tests in one thread), and two such classes never run at once (the
 * lock is the same for all), so at most one runs beside the sequence. The suites enable JUnit's parallel execution with
 * every other class in the sequence ({@link Del1Suite}, {@link Del2Suite}); run with {@code -Dtest=…}, the class runs
 * as any other.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Execution(ExecutionMode.CONCURRENT)
@ResourceLock(VedSidenAv.LAAS)
public @interface VedSidenAv {

    /** The one lock of the classes beside the sequence. */
    String LAAS = "no.kommune.esb.VedSidenAv";
}
