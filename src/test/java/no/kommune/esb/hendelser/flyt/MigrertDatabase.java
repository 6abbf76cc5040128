package no.kommune.esb.hendelser.flyt;

import no.kommune.esb.MigrertMal;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

/**
 * A database of the test class's own with the schema the platform migrates, for a test class of SQL against the real
 * database (claims, locks, plans): made in {@code @BeforeAll} as a copy of the test JVM's migrated template
 * ({@link MigrertMal}), dropped in {@code @AfterAll}. One DataSource for the template and the transactions, so a
 * statement joins the transaction bound to the thread.
 */
final class MigrertDatabase implements AutoCloseable {

    final JdbcTemplate jdbc;
    final TransactionTemplate tx;
    private final MigrertMal.Kopi kopi;

    private MigrertDatabase(MigrertMal.Kopi kopi) {
        this.kopi = kopi;
        DataSource database = kopi.dataSource();
        this.jdbc = new JdbcTemplate(database);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(database));
    }

    /** A fresh migrated database of the caller's own. */
    static MigrertDatabase start() {
        return new MigrertDatabase(MigrertMal.nyDatabase());
    }

    @Override
    public void close() {
        kopi.close();
    }
}
