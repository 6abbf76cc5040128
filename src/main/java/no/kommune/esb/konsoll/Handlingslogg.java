package no.kommune.esb.konsoll;

import no.kommune.esb.forsendelse.mottak.Teksttegn;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.List;

/** The console's audit trail (table {@code konsoll_handling}, V17): who did what, to which object, with what result. */
@Repository
public class Handlingslogg {

    /** One action taken in the console. */
    public record Handling(long id, Instant tid, String bruker, String handling, String objekt, String utfall) {
    }

    private final JdbcTemplate jdbc;

    public Handlingslogg(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Writes one row; {@code objekt} and {@code utfall} must hold ids and words only, no personal data. They may quote what
     * a form was given (a replay's fagsystem): a character no text may hold (a NUL, which PostgreSQL refuses) is written
     * as U+FFFD ({@link Teksttegn#synlig}), so the action is on the trail and the page answers.
     */
    public void skriv(String bruker, String handling, String objekt, String utfall) {
        jdbc.update("insert into konsoll_handling (bruker, handling, objekt, utfall) values (?, ?, ?, ?)", Teksttegn.synlig(bruker), handling,
                Teksttegn.synlig(objekt), Teksttegn.synlig(utfall));
    }

    /** The newest {@code antall} actions, newest first. */
    public List<Handling> siste(int antall) {
        return jdbc.query("select id, tid, bruker, handling, objekt, utfall from konsoll_handling order by id desc limit ?",
                (rs, n) -> new Handling(rs.getLong("id"), rs.getTimestamp("tid").toInstant(), rs.getString("bruker"),
                        rs.getString("handling"), rs.getString("objekt"), rs.getString("utfall")), antall);
    }

    /** The actions taken on one object (a dead letter, a recipient letter, a route), newest first. */
    public List<Handling> om(String objekt) {
        return jdbc.query("select id, tid, bruker, handling, objekt, utfall from konsoll_handling where objekt = ? order by id desc",
                (rs, n) -> new Handling(rs.getLong("id"), rs.getTimestamp("tid").toInstant(), rs.getString("bruker"),
                        rs.getString("handling"), rs.getString("objekt"), rs.getString("utfall")), objekt);
    }
}
