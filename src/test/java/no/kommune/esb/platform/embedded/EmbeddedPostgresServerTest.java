package no.kommune.esb.platform.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One server for both properties of the shutdown hook: each start of PostgreSQL costs seconds of the suite. */
class EmbeddedPostgresServerTest {

    @Test
    void should_leave_the_database_up_while_the_jvm_stops_and_stop_it_only_if_the_context_never_closes_it(@TempDir Path dir) throws Exception {
        int port = Ledigport.ellerNy(0);
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("pg"), port, Map.of());
        try {
            // what the shutdown hook does when the JVM is asked to stop: it leaves the database to the context's close…
            Thread hook = new Thread(() -> server.stoppHvisKontekstenIkkeGjorDet(Duration.ofMillis(1_500)));
            hook.start();
            hook.join(400);
            assertThat(hook.isAlive()).isTrue();
            assertThat(svarer(port)).isTrue();

            // …and stops it itself once its wait is over without a close (a JVM that stops without closing the context)
            hook.join(10_000);
            assertThat(hook.isAlive()).isFalse();
            assertThatThrownBy(() -> svarer(port)).isInstanceOf(SQLException.class);
        } finally {
            server.close();
        }
        // the context's close after that is harmless, and a hook that runs after a close does not wait out its 60 s
        server.close();
        long start = System.nanoTime();
        server.stoppHvisKontekstenIkkeGjorDet(Duration.ofSeconds(60));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    private static boolean svarer(int port) throws SQLException {
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresServer.jdbcUrl(port), EmbeddedPostgresServer.USER, "")) {
            return c.isValid(5);
        }
    }
}
