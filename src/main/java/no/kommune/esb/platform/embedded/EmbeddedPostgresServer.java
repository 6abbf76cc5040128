package no.kommune.esb.platform.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * PostgreSQL (zonky binaries) with its data folder kept between runs; the same engine as production.
 * <p>
 * Stopped when the context closes, after Camel (the embedded infrastructure is the context's first disposable bean).
 * zonky's own JVM shutdown hook is not used: it stopped the database the moment the JVM was asked to stop, while
 * Spring's shutdown hook still let the flows finish their rounds, so every round in flight failed on its connection and
 * waited for Hikari's 30-s connection timeout, and Camel's graceful shutdown gave up after its timeout (a local stop
 * took ~50 s, the test run's last context ~10 s; docs/benchmarks.md, "Session 15"). This class's own hook stops the
 * database only if the context has not done so within {@link #VENT_PAA_KONTEKST} (a JVM that stops without closing it).
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    static final String USER = "postgres";

    /** How long the shutdown hook leaves the database to the context's close: longer than Camel's graceful shutdown (45 s). */
    static final Duration VENT_PAA_KONTEKST = Duration.ofSeconds(60);

    private final EmbeddedPostgres postgres;
    private final AtomicBoolean stoppet = new AtomicBoolean();
    private final CountDownLatch lukket = new CountDownLatch(1);
    private final Thread stoppVedAvslutning;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.stoppVedAvslutning = new Thread(() -> stoppHvisKontekstenIkkeGjorDet(VENT_PAA_KONTEKST), "embedded-postgres-stopp");
        Runtime.getRuntime().addShutdownHook(stoppVedAvslutning);
    }

    /** Starts PostgreSQL on {@code port} with server settings ({@code postgres -c name=value}) besides zonky's own. */
    static EmbeddedPostgresServer start(Path dataDir, int port, Map<String, String> innstillinger) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                // stopped by close(), or by this class's own hook (above)
                .setRegisterShutdownHook(false)
                // initdb plus start takes ~1 s on an idle machine, far longer on a loaded 2-core CI runner
                .setPGStartupWait(java.time.Duration.ofSeconds(90));
        // zonky would otherwise pick a free port itself and bind it only after initdb, seconds later
        builder.setPort(Ledigport.ellerNy(port));
        innstillinger.forEach(builder::setServerConfig);
        return new EmbeddedPostgresServer(builder.start());
    }

    static String jdbcUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** The shutdown hook's work: waits up to {@code vent} for {@link #close}, and stops the database itself if it did not come. */
    void stoppHvisKontekstenIkkeGjorDet(Duration vent) {
        boolean lukketAvKonteksten = false;
        try {
            lukketAvKonteksten = lukket.await(vent.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!lukketAvKonteksten) {
            try {
                stopp();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            stopp();
        } finally {
            lukket.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(stoppVedAvslutning);
            } catch (IllegalStateException e) {
                // the JVM is stopping: the hook is running or about to, and returns at once (lukket is counted down)
            }
        }
    }

    private void stopp() throws IOException {
        if (stoppet.compareAndSet(false, true)) {
            postgres.close();
        }
    }
}
