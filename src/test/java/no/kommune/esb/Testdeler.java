package no.kommune.esb;

/**
 * The test suite's two halves, one per test JVM (docs/testing.md, "Two test JVMs"). {@link Del1Suite} runs the classes
 * of the packages named in {@link #DEL_1}; {@link Del2Suite} runs every other test class, so a new package lands in the
 * second half without a word. Each half runs its classes in the order of their names, the same order on every machine
 * and in every run: a class meets the same earlier classes (and their shared Spring contexts) each time.
 *
 * <p>The halves are balanced by the time their classes took in a fresh-clone run; move a package when one half grows
 * much longer than the other (the slower JVM's time is the suite's).
 */
final class Testdeler {

    /**
     * Test classes (the JUnit Platform's default naming: {@code *Test}, {@code *Tests}, {@code Test*}) of the first half:
     * {@code forsendelse}, {@code uttrekk} but {@code uttrekk.vask}, {@code konsoll}, {@code hendelser.flyt} (with
     * {@code uttrekk.vask} the first half took 335–344 s and the second 284 s in quiet runs, session 31; session 33's
     * quiet runs had the second half 60–70 s the slower, and session 34 moved {@code hendelser.flyt}, plain classes
     * without a Spring context of ~20–30 s, to the first).
     */
    static final String DEL_1 = "no\\.kommune\\.esb\\.(forsendelse|uttrekk(?!\\.vask\\.)|konsoll|hendelser\\.flyt)\\.([^$.]+\\.)*(Test[^$.]*|[^$.]*Tests?)";

    /** Class-name order, the same in every run. */
    static final String ORDEN = "org.junit.jupiter.api.ClassOrderer$ClassName";

    private Testdeler() {
    }
}
