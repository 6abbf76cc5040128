package no.kommune.esb;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes, at the end of each test JVM's run, how long each test class took from its start to its end and how much of
 * that its test cases took: {@code target/klassetider/<suite or "klasser">-<pid>.tsv}, slowest first. The difference is
 * the class's own set-up and tear-down (a Spring context's start, servers of its own, a browser), which surefire's
 * reports leave out: a half's time is the sum of the classes' times, not of the cases' (docs/testing.md, "Where a
 * half's time goes"). Registered for every test JVM in {@code META-INF/services}; prints nothing.
 */
public class Klassetider implements TestExecutionListener {

    private final Map<String, Long> startet = new ConcurrentHashMap<>();
    private final Map<String, long[]> klasser = new ConcurrentHashMap<>();
    private volatile String suite = "klasser";

    @Override
    public void executionStarted(TestIdentifier id) {
        startet.put(id.getUniqueId(), System.nanoTime());
        String navn = klasse(id.getSource().orElse(null));
        if (navn != null && navn.endsWith("Suite") && !id.isTest()) {
            suite = navn.substring(navn.lastIndexOf('.') + 1);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult resultat) {
        Long start = startet.remove(id.getUniqueId());
        TestSource kilde = id.getSource().orElse(null);
        String navn = klasse(kilde);
        if (start == null || navn == null) {
            return;
        }
        long tid = System.nanoTime() - start;
        if (kilde instanceof ClassSource) {
            klasser.computeIfAbsent(navn, n -> new long[3])[0] += tid;
        } else if (id.isTest()) {
            long[] rad = klasser.computeIfAbsent(navn, n -> new long[3]);
            rad[1] += tid;
            rad[2]++;
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        List<Map.Entry<String, long[]>> rader = new ArrayList<>(klasser.entrySet());
        rader.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        StringBuilder ut = new StringBuilder("klasse\ttid_s\ttilfeller_s\tutenfor_tilfellene_s\ttilfeller\n");
        for (Map.Entry<String, long[]> r : rader) {
            long[] v = r.getValue();
            ut.append(r.getKey()).append('\t').append(sekunder(v[0])).append('\t').append(sekunder(v[1])).append('\t')
                    .append(sekunder(Math.max(0, v[0] - v[1]))).append('\t').append(v[2]).append('\n');
        }
        try {
            Path mappe = Files.createDirectories(Path.of("target", "klassetider"));
            Files.writeString(mappe.resolve(suite + "-" + ProcessHandle.current().pid() + ".tsv"), ut, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            System.err.println("Klassetider: target/klassetider not written: " + e);
        }
    }

    private static String klasse(TestSource kilde) {
        if (kilde instanceof ClassSource c) {
            return c.getClassName();
        }
        if (kilde instanceof MethodSource m) {
            return m.getClassName();
        }
        return null;
    }

    private static String sekunder(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e9);
    }
}
