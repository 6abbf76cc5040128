package no.kommune.esb.konsoll;

import no.kommune.esb.forsendelse.mottak.Teksttegn;
import no.kommune.esb.platform.Instans;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

import java.time.Instant;
import java.util.List;

/**
 * The console's audit trail (table {@code konsoll_handling}, V17): who did what, to which object, with what result, and on
 * which instance of the platform (V81: a route stop or start reaches that instance only; before session 32 the row did
 * not say which, so with two instances the team could not tell).
 */
@Repository
public class Handlingslogg {

    /** One action taken in the console. */
    public record Handling(long id, Instant tid, String bruker, String handling, String objekt, String utfall, String instans) {
    }

    private static final RowMapper<Handling> RAD = (rs, n) -> new Handling(rs.getLong("id"), rs.getTimestamp("tid").toInstant(),
            rs.getString("bruker"), rs.getString("handling"), rs.getString("objekt"), rs.getString("utfall"), rs.getString("instans"));

    private final JdbcTemplate jdbc;
    private final String instans;

    /** {@code instans}: this instance's configured id ({@link Instans#id}: {@code pid@host} when blank), as its letter claims name it. */
    public Handlingslogg(JdbcTemplate jdbc, @Value("${forsendelse.behandling.instans-id:}") String instans) {
        this.jdbc = jdbc;
        this.instans = Instans.id(instans);
    }

    /** This instance's id, as each row written here names it. */
    public String instans() {
        return instans;
    }

    /**
     * Writes one row; {@code objekt} and {@code utfall} must hold ids and words only, no personal data. They may quote what
     * a form was given (a replay's fagsystem): a character no text may hold (a NUL, which PostgreSQL refuses) is written
     * as U+FFFD ({@link Teksttegn#synlig}), so the action is on the trail and the page answers.
     */
    public void skriv(String bruker, String handling, String objekt, String utfall) {
        jdbc.update("insert into konsoll_handling (bruker, handling, objekt, utfall, instans) values (?, ?, ?, ?, ?)", Teksttegn.synlig(bruker), handling,
                Teksttegn.synlig(objekt), Teksttegn.synlig(utfall), Teksttegn.synlig(instans));
    }

    /** The newest {@code antall} actions, newest first. */
    public List<Handling> siste(int antall) {
        return jdbc.query("select id, tid, bruker, handling, objekt, utfall, instans from konsoll_handling order by id desc limit ?", RAD, antall);
    }

    /** The actions taken on one object (a dead letter, a recipient letter, a route), newest first. */
    public List<Handling> om(String objekt) {
        return jdbc.query("select id, tid, bruker, handling, objekt, utfall, instans from konsoll_handling where objekt = ? order by id desc", RAD, objekt);
    }
}
