package no.kommune.esb.hendelser.flyt;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery rounds' claims ({@link HendelseLeverer#kravDirekte}, {@link HendelseLeverer#kravBatch}) against the real
 * embedded PostgreSQL, with the schema the platform migrates: a person's rows in order across a change of identity
 * number ({@code personidentitet}, {@link Personidentiteter}) and while another round (another instance's) is
 * delivering the person's earlier row. Each case runs for both claims; the two concurrent rounds are two transactions on
 * two threads, stepped by latches (no timing).
 */
class LeveringskravTest {

    static MigrertDatabase database;
    static JdbcTemplate jdbc;
    static TransactionTemplate tx;
    static final AtomicLong SEKVENS = new AtomicLong(1_000);

    /** The two claims, each as a round calls it in its transaction. */
    enum Krav {
        DIREKTE((j, fagsystem) -> HendelseLeverer.kravDirekte(j, List.of(fagsystem), 500)),
        BATCHFIL(HendelseLeverer::kravBatch);

        final BiFunction<JdbcTemplate, String, List<HendelseLeverer.Rad>> krav;

        Krav(BiFunction<JdbcTemplate, String, List<HendelseLeverer.Rad>> krav) {
            this.krav = krav;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        database = MigrertDatabase.start();
        jdbc = database.jdbc;
        tx = database.tx;
    }

    @AfterAll
    static void stopp() throws Exception {
        database.close();
    }

    /**
     * Round A claims the person's first row and is still delivering it (its transaction open) when the person's second
     * row comes due; round B, another instance's, skips the locked first row. Before, B took the second row (the first
     * was due, not waiting out a retry, so nothing held it) and could send it first. Now B leaves it, untouched, and
     * takes another person's row; once A has delivered the first row, the next round takes the second.
     */
    @ParameterizedTest
    @EnumSource(Krav.class)
    void should_leave_a_persons_row_waiting_while_another_round_delivers_the_persons_earlier_row(Krav krav) throws Exception {
        String fagsystem = "underveis-" + krav.name().toLowerCase();
        long foerste = rad(fagsystem, "person-a-" + krav, "VENTER", "now()");
        CountDownLatch slipp = new CountDownLatch(1);
        CompletableFuture<List<Long>> tattAvA = new CompletableFuture<>();
        CompletableFuture<Void> runde = CompletableFuture.runAsync(() -> tx.executeWithoutResult(s -> {
            tattAvA.complete(sekvensnumre(krav.krav.apply(jdbc, fagsystem)));
            try {
                slipp.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            jdbc.update("update levering set status = 'LEVERT', levert = now() where sekvensnummer = ? and fagsystem = ?", foerste, fagsystem);
        }));
        try {
            assertThat(tattAvA.get(60, TimeUnit.SECONDS)).containsExactly(foerste);
            long andre = rad(fagsystem, "person-a-" + krav, "VENTER", "now()");
            long annenPerson = rad(fagsystem, "person-b-" + krav, "VENTER", "now()");

            assertThat(runde(krav, fagsystem))
                    .as("round B leaves the person's second row while A delivers the first").containsExactly(annenPerson);
            assertThat(jdbc.queryForMap("select status, forsoek from levering where sekvensnummer = ? and fagsystem = ?", andre, fagsystem))
                    .as("untouched").containsEntry("status", "VENTER").containsEntry("forsoek", 0);

            slipp.countDown();
            runde.get(60, TimeUnit.SECONDS);
            jdbc.update("update levering set status = 'LEVERT' where sekvensnummer = ? and fagsystem = ?", annenPerson, fagsystem);
            assertThat(runde(krav, fagsystem))
                    .as("the next round, after A delivered the first").containsExactly(andre);
        } finally {
            slipp.countDown();
        }
    }

    /** One round that claims both of a person's due rows sends both, in order: the hold is only for rows it did not take. */
    @ParameterizedTest
    @EnumSource(Krav.class)
    void should_take_a_persons_rows_together_when_one_round_claims_them_all(Krav krav) {
        String fagsystem = "sammen-" + krav.name().toLowerCase();
        long foerste = rad(fagsystem, "person-c-" + krav, "VENTER", "now()");
        long andre = rad(fagsystem, "person-c-" + krav, "VENTER", "now()");

        assertThat(runde(krav, fagsystem)).containsExactly(foerste, andre);
    }

    /**
     * A D-nummer replaced by a fødselsnummer: the person's row under the old number waits out its retry, the row under
     * the new number is due. Before the fan-out has stored the two numbers as one person's, nothing holds the new
     * number's row (as before this change, when nothing ever did); once it has, the row waits behind the old number's,
     * and when both are due one claim takes them in order under one person (one stream within the round) while each
     * keeps its own number for the Kafka key.
     */
    @ParameterizedTest
    @EnumSource(Krav.class)
    void should_hold_a_persons_row_under_the_new_number_behind_the_row_under_the_old_number_waiting_out_its_retry(Krav krav) {
        String fagsystem = "nytt-nummer-" + krav.name().toLowerCase();
        String dnummer = "d-" + krav;
        String foedselsnummer = "f-" + krav;
        long gammel = rad(fagsystem, dnummer, "VENTER", "now() + interval '1 hour'");
        long ny = rad(fagsystem, foedselsnummer, "VENTER", "now()");
        assertThat(runde(krav, fagsystem)).as("numbers not yet known as one person's").containsExactly(ny);

        tx.executeWithoutResult(s -> Personidentiteter.knytt(jdbc, List.of(Set.of(foedselsnummer, dnummer))));

        assertThat(runde(krav, fagsystem)).as("held behind the old number's row").isEmpty();
        jdbc.update("update levering set neste_forsoek = now() where sekvensnummer = ? and fagsystem = ?", gammel, fagsystem);
        List<HendelseLeverer.Rad> begge = new java.util.ArrayList<>();
        tx.executeWithoutResult(s -> begge.addAll(krav.krav.apply(jdbc, fagsystem)));
        assertThat(sekvensnumre(begge)).containsExactly(gammel, ny);
        assertThat(begge).extracting(HendelseLeverer.Rad::person).as("one person in the round").containsOnly(begge.get(0).person());
        assertThat(begge).extracting(HendelseLeverer.Rad::identifikator).containsExactly(dnummer, foedselsnummer);
    }

    /** Round A delivers the person's row under the old number; round B leaves the row under the new number. */
    @ParameterizedTest
    @EnumSource(Krav.class)
    void should_leave_the_new_numbers_row_waiting_while_another_round_delivers_the_old_numbers_row(Krav krav) throws Exception {
        String fagsystem = "underveis-nummer-" + krav.name().toLowerCase();
        String dnummer = "ud-" + krav;
        String foedselsnummer = "uf-" + krav;
        tx.executeWithoutResult(s -> Personidentiteter.knytt(jdbc, List.of(Set.of(foedselsnummer, dnummer))));
        long gammel = rad(fagsystem, dnummer, "VENTER", "now()");
        CountDownLatch slipp = new CountDownLatch(1);
        CompletableFuture<List<Long>> tattAvA = new CompletableFuture<>();
        CompletableFuture<Void> runde = CompletableFuture.runAsync(() -> tx.executeWithoutResult(s -> {
            tattAvA.complete(sekvensnumre(krav.krav.apply(jdbc, fagsystem)));
            try {
                slipp.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertThat(tattAvA.get(60, TimeUnit.SECONDS)).containsExactly(gammel);
            rad(fagsystem, foedselsnummer, "VENTER", "now()");

            assertThat(runde(krav, fagsystem)).isEmpty();
        } finally {
            slipp.countDown();
            runde.get(60, TimeUnit.SECONDS);
        }
    }

    /**
     * Two instances fan out side by side (the fan-out's claim skips locked events): B's batch, with the person's later
     * event, commits while A's, with the person's earlier event, is still being made (its events still {@code NY}, no
     * row yet). Before, the later row went at once and the earlier one landed after it, leaving a fagsystem that keeps
     * its own copy with the older state. Now it waits until the earlier event is fanned out, under the person's other
     * numbers too; another person's row goes. A resync row, whose place is before the events read after the resync,
     * is not held by those.
     */
    @ParameterizedTest
    @EnumSource(Krav.class)
    void should_leave_a_persons_row_waiting_while_an_earlier_event_of_the_person_is_not_yet_fanned_out(Krav krav) {
        String fagsystem = "ufordelt-" + krav.name().toLowerCase();
        String person = "u-" + krav;
        long ufordelt = hendelse(person, null);
        long senere = rad(fagsystem, person, "VENTER", "now()");
        long annenPerson = rad(fagsystem, "v-" + krav, "VENTER", "now()");

        assertThat(runde(krav, fagsystem)).as("the person's row waits for the earlier event's fan-out").containsExactly(annenPerson);
        jdbc.update("update levering set status = 'LEVERT' where sekvensnummer = ? and fagsystem = ?", annenPerson, fagsystem);

        String dnummer = "ud2-" + krav;
        String foedselsnummer = "uf2-" + krav;
        tx.executeWithoutResult(s -> Personidentiteter.knytt(jdbc, List.of(Set.of(foedselsnummer, dnummer))));
        long underGammelt = hendelse(dnummer, null);
        long underNytt = rad(fagsystem, foedselsnummer, "VENTER", "now()");
        long resync = hendelse("w-" + krav, SEKVENS.get() - 5);
        jdbc.update("update hendelse set status = 'FORDELT' where sekvensnummer = ?", resync);
        jdbc.update("insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek, rekkefoelge) values (?, ?, 'VENTER', '{}', now(), ?)",
                resync, fagsystem, SEKVENS.get() - 5);
        hendelse("w-" + krav, null);

        assertThat(runde(krav, fagsystem)).as("held under the other number; the resync row goes before later events")
                .containsExactly(resync);

        // A commits: the earlier events fanned out, with their rows
        for (long seq : List.of(ufordelt, underGammelt)) {
            jdbc.update("update hendelse set status = 'FORDELT' where sekvensnummer = ?", seq);
            jdbc.update("insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek) values (?, ?, 'VENTER', '{}', now())", seq, fagsystem);
        }
        jdbc.update("update levering set status = 'LEVERT' where sekvensnummer = ? and fagsystem = ?", resync, fagsystem);
        assertThat(runde(krav, fagsystem)).as("in the person's order").containsExactly(ufordelt, senere, underGammelt, underNytt);
    }

    /**
     * The numbers of one person learnt in parts (D1 → D2, later D2 → fødselsnummer with the history leaving D1 out) and
     * two groups learnt apart that turn out to be one person all end under one key; a group stored already writes nothing.
     */
    @Test
    void should_give_every_number_of_a_person_one_key_when_the_numbers_are_learnt_in_parts() {
        tx.executeWithoutResult(s -> {
            Personidentiteter.knytt(jdbc, List.of(ordnet("k-d2", "k-d1")));
            Personidentiteter.knytt(jdbc, List.of(ordnet("k-f", "k-d2")));
            Personidentiteter.knytt(jdbc, List.of(ordnet("k-x", "k-y"), ordnet("k-z", "k-w")));
            Personidentiteter.knytt(jdbc, List.of(ordnet("k-y", "k-z")));
        });
        assertThat(noekler("k-d1", "k-d2", "k-f")).hasSize(1);
        assertThat(noekler("k-x", "k-y", "k-z", "k-w")).hasSize(1);
        assertThat(noekler("k-d1", "k-x")).hasSize(2);
        int lagret = tx.execute(s -> Personidentiteter.knytt(jdbc, List.of(ordnet("k-f", "k-d1"))));
        assertThat(lagret).isZero();
    }

    /** One round's claim in its own transaction, committed at once: the sequence numbers it took. */
    private static List<Long> runde(Krav krav, String fagsystem) {
        List<Long> tatt = new java.util.ArrayList<>();
        tx.executeWithoutResult(s -> tatt.addAll(sekvensnumre(krav.krav.apply(jdbc, fagsystem))));
        return tatt;
    }

    private static Set<String> ordnet(String... numre) {
        return new java.util.LinkedHashSet<>(List.of(numre));
    }

    private static Set<String> noekler(String... numre) {
        Map<String, String> noekler = jdbc.query("select identifikator, person from personidentitet where identifikator = any(?)",
                rs -> {
                    Map<String, String> m = new java.util.HashMap<>();
                    while (rs.next()) {
                        m.put(rs.getString(1), rs.getString(2));
                    }
                    return m;
                }, (Object) numre);
        assertThat(noekler).as("every number stored").hasSize(numre.length);
        return Set.copyOf(noekler.values());
    }

    /**
     * A stored event of the person next in the feed that no fan-out has finished ({@code NY}, no row), with
     * {@code rekkefoelge} when given (a resync's event, which goes before the events read after it); its sequence number.
     */
    private static long hendelse(String identifikator, Long rekkefoelge) {
        long seq = SEKVENS.incrementAndGet();
        jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype, status, rekkefoelge) values (?, ?, 'endringIBostedsadresse', 'NY', ?)",
                seq, identifikator, rekkefoelge);
        return seq;
    }

    /** A stored event of the person and its waiting row for the fagsystem, next in the feed; returns its sequence number. */
    private static long rad(String fagsystem, String identifikator, String status, String nesteForsoek) {
        long seq = SEKVENS.incrementAndGet();
        jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype, status) values (?, ?, 'endringIBostedsadresse', 'FORDELT')",
                seq, identifikator);
        jdbc.update("insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek) values (?, ?, ?, '{}', " + nesteForsoek + ")",
                seq, fagsystem, status);
        return seq;
    }

    private static List<Long> sekvensnumre(List<HendelseLeverer.Rad> rader) {
        return rader.stream().map(HendelseLeverer.Rad::sekvensnummer).collect(Collectors.toList());
    }
}
