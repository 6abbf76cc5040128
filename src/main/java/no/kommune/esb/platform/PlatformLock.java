package no.kommune.esb.platform;

import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs a job on at most one platform instance at a time, using a PostgreSQL session advisory lock held on one
 * connection for the job's duration. If the instance dies, its connection drops and the lock with it, so another
 * instance takes over at its next attempt. Used by the singleton pollers (SvarUt status, the Folkeregisteret feed).
 */
@Component
public class PlatformLock {

    private final DataSource dataSource;

    public PlatformLock(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code job} when the named singleton job's lock is free; empty when another instance holds it. */
    public <T> Optional<T> runExclusively(String name, Supplier<T> job) {
        return runExclusively(Laasnoekkel.Slag.JOBB, name, job);
    }

    /**
     * Runs {@code job} when the lock {@code name} of that kind is free; empty when another instance holds it. The key is
     * {@link Laasnoekkel#av}: a lock of one kind never shares its key with one of another kind.
     */
    public <T> Optional<T> runExclusively(Laasnoekkel.Slag kind, String name, Supplier<T> job) {
        long key = Laasnoekkel.av(kind, name);
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            if (!tryLock(connection, key)) {
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(job.get());
            } finally {
                unlock(connection, key);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("advisory lock " + name + " failed: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static boolean tryLock(Connection connection, long key) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private static void unlock(Connection connection, long key) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("select pg_advisory_unlock(?)")) {
            ps.setLong(1, key);
            ps.execute();
        }
    }
}
