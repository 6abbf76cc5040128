package no.kommune.esb.oppslag;

import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.platform.Traader;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The audit trail of look-ups in PostgreSQL ({@code oppslag_revisjon}, V15): one row per person per call, refused
 * calls included, never updated; a trigger refuses UPDATE, TRUNCATE and any DELETE but the retention job's
 * ({@link #slettEldreEnn}). The person is kept as an {@link Identnoekkel} value, never in clear.
 *
 * <p>Group commit: {@link #skriv} hands its rows to one writer thread and waits until they are committed, so no answer
 * leaves before its rows are in the table (refusals included) and no row is lost to a crash after the answer. The
 * writer takes every call's rows that are waiting when it starts and commits them in one INSERT (one transaction): under
 * load one WAL flush serves many calls instead of one each. A failing group is written again call by call, each call in
 * an INSERT of its own, so one bad row fails only its own call and a call's rows are stored all or none.
 */
@Component
public class Revisjonslogg implements DisposableBean {

    /** Most calls' rows in one transaction. */
    private static final int MAKS_KALL_PER_GRUPPE = 256;
    /** How long a call waits for its commit before it fails (answers 500) rather than answer unaudited. */
    private static final long VENT_SEKUNDER = 30;

    /** One audit row. {@code personHmac} is null when the call named no valid number. */
    public record Rad(String fagsystem, String kaller, String sluttbruker, String personHmac, String operasjon,
                      String formaal, String saksreferanse, List<String> felter, int status, String utfall) {
    }

    /**
     * Free text from the caller (purpose, case reference, end user) as a row keeps it: every identity number in it
     * masked ({@link Identitetsnummer#maskIn}, before the cut, so no part of one is left), stripped, at most 200
     * characters, blank as null. The row keeps the person as a keyed hash only, and the innsyn hands these texts to
     * a citizen: a case reference that holds a number (the looked-up person's or another's) must not undo either.
     * A control character (Unicode Cc, e.g. NUL from {@code ?saksreferanse=%00}) is kept as U+FFFD: PostgreSQL cannot
     * store NUL in text, and the row's failed insert answered the look-up or wash 500 (until session 29).
     */
    public static String fritekst(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        String t = KONTROLLTEGN.matcher(Identitetsnummer.maskIn(s.strip())).replaceAll("\uFFFD");
        return t.length() > 200 ? t.substring(0, 200) : t;
    }

    private static final java.util.regex.Pattern KONTROLLTEGN = java.util.regex.Pattern.compile("\\p{Cc}");

    /** A row as the innsyn reads it. */
    public record Innslag(Instant tidspunkt, String fagsystem, String kaller, String sluttbruker, String operasjon,
                          String formaal, String saksreferanse, String felter, int status, String utfall) {
    }

    /** One call's rows and the signal that they are committed. */
    private record Bestilling(List<Rad> rader, CompletableFuture<Void> lagret) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final BlockingQueue<Bestilling> koe = new LinkedBlockingQueue<>();
    private final Thread skriver;
    private volatile boolean stopper;

    public Revisjonslogg(JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.skriver = Traader.start("oppslag-revisjon", this::skrivGrupper);
    }

    /** Writes the rows and returns once they are committed; throws when they could not be (the call must not answer). */
    public void skriv(List<Rad> rader) {
        if (rader.isEmpty()) {
            return;
        }
        Bestilling b = new Bestilling(rader, new CompletableFuture<>());
        if (stopper) {
            lagreSamlet(rader);
            return;
        }
        koe.add(b);
        try {
            b.lagret().get(VENT_SEKUNDER, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException("audit rows not written", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("audit rows not committed within " + VENT_SEKUNDER + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the audit rows were written", e);
        }
    }

    private void skrivGrupper() {
        List<Bestilling> gruppe = new ArrayList<>();
        while (!stopper || !koe.isEmpty()) {
            try {
                Bestilling foerste = koe.poll(200, TimeUnit.MILLISECONDS);
                if (foerste == null) {
                    continue;
                }
                gruppe.add(foerste);
                koe.drainTo(gruppe, MAKS_KALL_PER_GRUPPE - 1);
                skrivGruppe(gruppe);
            } catch (InterruptedException e) {
                stopper = true;
            } finally {
                gruppe.clear();
            }
        }
    }

    private void skrivGruppe(List<Bestilling> gruppe) {
        List<RuntimeException> feil = skrivSamlet(gruppe.stream().map(Bestilling::rader).toList());
        for (int i = 0; i < gruppe.size(); i++) {
            if (feil.get(i) == null) {
                gruppe.get(i).lagret().complete(null);
            } else {
                gruppe.get(i).lagret().completeExceptionally(feil.get(i));
            }
        }
    }

    /**
     * Commits the calls' rows, all of them in one statement; when that fails, each call's rows again in a statement of
     * their own, so a call's rows are stored all or none (a batch insert that fails halfway commits nothing) and one
     * bad row fails only its own call. Answers, per call, null when committed, else why not.
     */
    List<RuntimeException> skrivSamlet(List<List<Rad>> kall) {
        List<RuntimeException> feil = new ArrayList<>(Collections.nCopies(kall.size(), null));
        try {
            List<Rad> alle = new ArrayList<>();
            kall.forEach(alle::addAll);
            lagreSamlet(alle);
            return feil;
        } catch (RuntimeException e) {
            if (kall.size() == 1) {
                feil.set(0, e);
                return feil;
            }
        }
        for (int i = 0; i < kall.size(); i++) {
            try {
                lagreSamlet(kall.get(i));
            } catch (RuntimeException enkelt) {
                feil.set(i, enkelt);
            }
        }
        return feil;
    }

    /** Rows of calls still waiting are written before the application closes its connections. */
    @Override
    public void destroy() throws InterruptedException {
        stopper = true;
        skriver.join(TimeUnit.SECONDS.toMillis(VENT_SEKUNDER));
    }

    /**
     * One INSERT of all the rows, their columns as arrays: one statement is one transaction, so the rows are stored all
     * or none (a batch of single-row inserts outside a transaction commits as it goes: a 1,000-id batch that failed at
     * its 700th row left the first 500), in one round trip and without BEGIN and COMMIT of its own.
     */
    private void lagreSamlet(List<Rad> rader) {
        jdbc.update("""
                insert into oppslag_revisjon (fagsystem, kaller, sluttbruker, person_hmac, operasjon, formaal, saksreferanse, felter, status, utfall)
                select * from unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::text[])""", ps -> {
            Connection c = ps.getConnection();
            ps.setArray(1, tekster(c, rader, Rad::fagsystem));
            ps.setArray(2, tekster(c, rader, Rad::kaller));
            ps.setArray(3, tekster(c, rader, Rad::sluttbruker));
            ps.setArray(4, tekster(c, rader, Rad::personHmac));
            ps.setArray(5, tekster(c, rader, Rad::operasjon));
            ps.setArray(6, tekster(c, rader, Rad::formaal));
            ps.setArray(7, tekster(c, rader, Rad::saksreferanse));
            ps.setArray(8, tekster(c, rader, r -> String.join(",", r.felter())));
            ps.setArray(9, c.createArrayOf("int4", rader.stream().map(Rad::status).toArray(Integer[]::new)));
            ps.setArray(10, tekster(c, rader, Rad::utfall));
        });
    }

    private static java.sql.Array tekster(Connection c, List<Rad> rader, Function<Rad, String> kolonne) throws SQLException {
        String[] verdier = new String[rader.size()];
        for (int i = 0; i < verdier.length; i++) {
            verdier[i] = kolonne.apply(rader.get(i));
        }
        return c.createArrayOf("text", verdier);
    }

    /** Every row about a person under any of their numbers' keys (a person's numbers change: a D-nummer replaced), oldest first. */
    public List<Innslag> om(java.util.Collection<String> personHmacer) {
        return jdbc.query("""
                select tidspunkt, fagsystem, kaller, sluttbruker, operasjon, formaal, saksreferanse, felter, status, utfall
                from oppslag_revisjon where person_hmac = any(?) order by tidspunkt, id""",
                (rs, n) -> new Innslag(rs.getTimestamp(1).toInstant(), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9), rs.getString(10)),
                (Object) personHmacer.toArray(String[]::new));
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
