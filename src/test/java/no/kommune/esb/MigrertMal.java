package no.kommune.esb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The embedded PostgreSQL of the test classes that run SQL against the migrated schema without a platform (claims,
 * locks, plans): <b>one server per test JVM</b>, whose database {@code esb_mal} the platform's migrations make once,
 * and for each test class a fresh database copied from it ({@code CREATE DATABASE … TEMPLATE esb_mal}, a file copy of
 * some milliseconds) and dropped when the class closes it. Until session 34 each such class ran initdb, started a server
 * and ran the migrations itself (54, up to V85): 2–5 s a class on a quiet machine, 30 s and more under load (docs/testing.md).
 *
 * <p>A class sees only its own database: no rows, statistics or table settings of another class. The server is stopped
 * and its folder deleted when the JVM ends.
 */
public final class MigrertMal {

    private static final String MAL = "esb_mal";
    private static final AtomicInteger NESTE = new AtomicInteger();
    private static EmbeddedPostgres server;

    private MigrertMal() {
    }

    /** A fresh database with the platform's schema as the migrations leave it, of the caller's alone until {@link Kopi#close()}. */
    public static synchronized Kopi nyDatabase() {
        EmbeddedPostgres pg = server();
        String navn = "esb_test_" + NESTE.incrementAndGet();
        new JdbcTemplate(pg.getPostgresDatabase()).execute("create database " + navn + " template " + MAL);
        return new Kopi(pg, navn);
    }

    private static EmbeddedPostgres server() {
        if (server == null) {
            try {
                Path mappe = Files.createTempDirectory("esb-pg-mal");
                EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(mappe).setCleanDataDirectory(true)
                        .setPGStartupWait(Duration.ofSeconds(90)).start();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> stopp(pg, mappe), "migrert-mal-stopp"));
                new JdbcTemplate(pg.getPostgresDatabase()).execute("create database " + MAL);
                // the data source opens a connection per use and closes it: none is left on the template, which a copy needs
                Flyway.configure().dataSource(pg.getDatabase("postgres", MAL)).locations("classpath:db/migration").load().migrate();
                server = pg;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    private static void stopp(EmbeddedPostgres pg, Path mappe) {
        try {
            pg.close();
            try (Stream<Path> filer = Files.walk(mappe)) {
                filer.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        } catch (IOException e) {
            // the JVM ends: a folder left in the temporary directory is all that is lost
        }
    }

    /** A test class's database, dropped (with any connection still open to it) by {@link #close()}. */
    public static final class Kopi implements AutoCloseable {

        private final EmbeddedPostgres server;
        private final String navn;
        private final DataSource dataSource;

        private Kopi(EmbeddedPostgres server, String navn) {
            this.server = server;
            this.navn = navn;
            this.dataSource = server.getDatabase("postgres", navn);
        }

        /** A data source that opens a connection per use, as {@code EmbeddedPostgres.getPostgresDatabase()} did. */
        public DataSource dataSource() {
            return dataSource;
        }

        /** The database's name on the shared server. */
        public String navn() {
            return navn;
        }

        @Override
        public void close() {
            new JdbcTemplate(server.getPostgresDatabase()).execute("drop database if exists " + navn + " with (force)");
        }
    }
}
