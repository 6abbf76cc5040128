package no.kommune.esb.forsendelse.flyt;

import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Timeline rows of one kind for many recipient letters in one statement ({@code insert … select from unnest(…)}):
 * a JDBC batch is still one statement execution per row in PostgreSQL, and the timeline rows of a pass or a status
 * round were 3.5 of them per letter (docs/benchmarks.md, session 16). The intake's MOTTATT rows go the same way. The rows get their ids in the list's order, so a
 * letter's timeline ({@code order by id}) reads as before.
 */
public final class Tidslinjerader {

    /** One row: {@code mottakerbrevId} may be null (a row of the letter), {@code tid} null = the transaction's time. */
    public record Rad(UUID brevId, UUID mottakerbrevId, String detalj, Instant tid) {

        public Rad(UUID brevId, UUID mottakerbrevId, String detalj) {
            this(brevId, mottakerbrevId, detalj, null);
        }
    }

    private Tidslinjerader() {
    }

    /** Writes {@code rader} as {@code hendelse} rows; nothing for an empty list. */
    public static void skriv(JdbcTemplate jdbc, String hendelse, List<Rad> rader) {
        if (rader.isEmpty()) {
            return;
        }
        jdbc.update("""
                insert into tidslinje (brev_id, mottakerbrev_id, tid, hendelse, detalj)
                select u.brev_id, u.mottakerbrev_id, coalesce(u.tid::timestamptz, now()), ?, u.detalj
                  from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[]) with ordinality as u(brev_id, mottakerbrev_id, tid, detalj, nr)
                 order by u.nr""",
                hendelse,
                rader.stream().map(Rad::brevId).toArray(UUID[]::new),
                rader.stream().map(Rad::mottakerbrevId).toArray(UUID[]::new),
                rader.stream().map(r -> r.tid() == null ? null : r.tid().toString()).toArray(String[]::new),
                rader.stream().map(Rad::detalj).toArray(String[]::new));
    }
}
