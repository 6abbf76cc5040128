package no.kommune.esb.hendelser.flyt;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedded PostgreSQL with the schema the platform migrates, for a test class of SQL against the real database
 * (claims, locks, plans): started in {@code @BeforeAll}, closed in {@code @AfterAll}. One DataSource for the template
 * and the transactions, so a statement joins the transaction bound to the thread.
 */
final class MigrertDatabase implements AutoCloseable {

    final JdbcTemplate jdbc;
    final TransactionTemplate tx;
    private final EmbeddedPostgres postgres;

    private MigrertDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        DataSource database = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
        this.jdbc = new JdbcTemplate(database);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(database));
    }

    /** Starts a fresh database in {@code mappe} (a test's temporary folder) and migrates it. */
    static MigrertDatabase start(Path mappe) throws IOException {
        return new MigrertDatabase(EmbeddedPostgres.builder().setDataDirectory(mappe.resolve("pg")).setCleanDataDirectory(true)
                .setPGStartupWait(Duration.ofSeconds(90)).start());
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
