package no.kommune.esb.paalitelighet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One platform instance as a child JVM ({@code no.kommune.esb.EsbApplication} on the test classpath), configured
 * against its {@link Miljoe}. {@link #drep()} kills it with SIGKILL ({@link Process#destroyForcibly()} on Linux), as
 * a crashed host or an OOM killer would: no shutdown hook, no graceful stop. {@link #start()} starts it again on the
 * same web port and data folder.
 */
final class Plattform {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final String navn;
    final int port;
    private final Miljoe miljoe;
    private final Map<String, String> ekstra;
    private Process prosess;
    private int starter;

    Plattform(Miljoe miljoe, String navn, int port, Map<String, String> ekstra) {
        this.miljoe = miljoe;
        this.navn = navn;
        this.port = port;
        this.ekstra = ekstra;
    }

    /** Starts the JVM and waits until its web server answers; returns the seconds that took. */
    double start() throws Exception {
        Map<String, String> oppsett = new LinkedHashMap<>(miljoe.plattformOppsett(navn, port));
        oppsett.putAll(ekstra);
        List<String> args = new ArrayList<>();
        oppsett.forEach((k, v) -> args.add("--" + k + "=" + v));
        starter++;
        long t0 = System.nanoTime();
        Path logg = miljoe.mappe.resolve(navn + "-" + starter + ".log");
        prosess = startJvm(logg, "512m", args);
        ventPaaStart(navn, prosess, logg);
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Waits (10 minutes at most: a shared host can be that loaded) for Spring Boot's "Started" line in the log; fails at once when the process exits. */
    static void ventPaaStart(String navn, Process prosess, Path logg) throws InterruptedException {
        long slutt = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (System.nanoTime() < slutt) {
            if (!prosess.isAlive()) {
                throw new IllegalStateException(navn + " exited with " + prosess.exitValue() + ", see " + logg);
            }
            try {
                if (java.nio.file.Files.readString(logg).contains("Started EsbApplication")) {
                    return;
                }
            } catch (IOException e) {
                // not written yet
            }
            Thread.sleep(250);
        }
        // SIGTERM, so an infrastructure JVM stops its PostgreSQL on the way out
        prosess.destroy();
        throw new IllegalStateException(navn + " did not start within 10 minutes, see " + logg);
    }

    boolean lever() {
        return prosess != null && prosess.isAlive();
    }

    long pid() {
        return prosess.pid();
    }

    /** SIGKILL, then waits until the process is gone. */
    void drep() {
        if (prosess == null) {
            return;
        }
        prosess.destroyForcibly();
        try {
            prosess.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@code /actuator/health} as the integration team sees it (a token with scope esb:admin shows each component). */
    HttpResponse<String> helse(String adminToken) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health"))
                .header("Authorization", "Bearer " + adminToken)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The Prometheus text of this instance. */
    String metrikker() throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /**
     * This JVM's classpath without the test classes: the platform runs as it is packaged, and Spring's component scan
     * must not find the test suite's configurations.
     */
    static String plattformKlassesti() {
        return java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes") && !e.endsWith("test-classes/"))
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** Starts {@code no.kommune.esb.EsbApplication} from the platform's classpath in the project root, output to {@code logg}. */
    static Process startJvm(Path logg, String heap, List<String> args) throws IOException {
        List<String> kommando = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-XX:+UseSerialGC",
                "-cp", plattformKlassesti(),
                "no.kommune.esb.EsbApplication"));
        kommando.addAll(args);
        return new ProcessBuilder(kommando)
                .directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true)
                .redirectOutput(logg.toFile())
                .start();
    }
}
