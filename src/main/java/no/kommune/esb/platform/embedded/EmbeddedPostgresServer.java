package no.kommune.esb.platform.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** PostgreSQL (zonky binaries) with its data folder kept between runs; the same engine as production. */
final class EmbeddedPostgresServer implements AutoCloseable {

    static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /** Starts PostgreSQL on {@code port} with server settings ({@code postgres -c name=value}) besides zonky's own. */
    static EmbeddedPostgresServer start(Path dataDir, int port, Map<String, String> innstillinger) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setRegisterShutdownHook(true)
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

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
