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

class EmbeddedPostgresServerTest {

    @Test
    void should_keep_the_database_up_while_the_jvm_stops_until_the_context_closes_it(@TempDir Path dir) throws Exception {
        int port = Ledigport.ellerNy(0);
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("pg"), port, Map.of());
        try {
            // what the shutdown hook does when the JVM is asked to stop: it leaves the database to the context's close
            Thread hook = new Thread(() -> server.stoppHvisKontekstenIkkeGjorDet(Duration.ofSeconds(30)));
            hook.start();
            hook.join(500);
            assertThat(hook.isAlive()).isTrue();
            assertThat(svarer(port)).isTrue();

            // the context closes (Camel's flows have finished their rounds): the database stops and the hook is done
            server.close();
            hook.join(5_000);
            assertThat(hook.isAlive()).isFalse();
            assertThatThrownBy(() -> svarer(port)).isInstanceOf(SQLException.class);
        } finally {
            server.close();
        }
    }

    @Test
    void should_stop_the_database_itself_when_the_context_never_closes_it(@TempDir Path dir) throws Exception {
        int port = Ledigport.ellerNy(0);
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dir.resolve("pg"), port, Map.of());
        try {
            server.stoppHvisKontekstenIkkeGjorDet(Duration.ofMillis(100));

            assertThatThrownBy(() -> svarer(port)).isInstanceOf(SQLException.class);
        } finally {
            server.close();
        }
    }

    private static boolean svarer(int port) throws SQLException {
        try (Connection c = DriverManager.getConnection(EmbeddedPostgresServer.jdbcUrl(port), EmbeddedPostgresServer.USER, "")) {
            return c.isValid(5);
        }
    }
}
