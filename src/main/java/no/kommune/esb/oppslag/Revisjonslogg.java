package no.kommune.esb.oppslag;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * The audit trail of look-ups in PostgreSQL ({@code oppslag_revisjon}, V15): one row per person per call, refused
 * calls included, never updated; a trigger refuses UPDATE, TRUNCATE and any DELETE but the retention job's
 * ({@link #slettEldreEnn}). The person is kept as an {@link Identnoekkel} value, never in clear.
 */
@Component
public class Revisjonslogg {

    /** One audit row. {@code personHmac} is null when the call named no valid number. */
    public record Rad(String fagsystem, String kaller, String sluttbruker, String personHmac, String operasjon,
                      String formaal, String saksreferanse, List<String> felter, int status, String utfall) {
    }

    /** A row as the innsyn reads it. */
    public record Innslag(Instant tidspunkt, String fagsystem, String kaller, String sluttbruker, String operasjon,
                          String formaal, String saksreferanse, String felter, int status, String utfall) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public Revisjonslogg(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
    }

    public void skriv(List<Rad> rader) {
        jdbc.batchUpdate("""
                insert into oppslag_revisjon (fagsystem, kaller, sluttbruker, person_hmac, operasjon, formaal, saksreferanse, felter, status, utfall)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rader, 500, (ps, r) -> {
            ps.setString(1, r.fagsystem());
            ps.setString(2, r.kaller());
            ps.setString(3, r.sluttbruker());
            ps.setString(4, r.personHmac());
            ps.setString(5, r.operasjon());
            ps.setString(6, r.formaal());
            ps.setString(7, r.saksreferanse());
            ps.setString(8, String.join(",", r.felter()));
            ps.setInt(9, r.status());
            ps.setString(10, r.utfall());
        });
    }

    /** Every row about a person, oldest first. */
    public List<Innslag> om(String personHmac) {
        return jdbc.query("""
                select tidspunkt, fagsystem, kaller, sluttbruker, operasjon, formaal, saksreferanse, felter, status, utfall
                from oppslag_revisjon where person_hmac = ? order by tidspunkt, id""",
                (rs, n) -> new Innslag(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10)),
                personHmac);
    }

    /** The retention job: deletes rows older than {@code grense}; the only delete the table's trigger lets through. */
    public int slettEldreEnn(Instant grense) {
        Integer slettet = tx.execute(s -> {
            jdbc.execute("set local esb.revisjon_sletting = 'tillatt'");
            return jdbc.update("delete from oppslag_revisjon where tidspunkt < ?", Timestamp.from(grense));
        });
        return slettet == null ? 0 : slettet;
    }
}
