package no.kommune.esb.hendelser.flyt;

import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

/**
 * A person moves out of the kommune and back in soon after, and the two events land in side-by-side fan-out batches on
 * two instances (the claim skips the rows another batch holds), stepped against the migrated schema: one batch is held
 * in its Folkeregisteret call (a latch) while the other runs to its commit. The record of a told move out
 * ({@code populasjon_utflyttet}) must end up as the later event says, whatever the commit order. Before, the older batch
 * (the move out) committing after the newer one (back in: it ended no record, there was none yet) left a record saying
 * she had moved out while she lived in the kommune again, and her next move out never reached pleie-omsorg.
 */
class UtflyttingRekkefoelgeTest {

    static MigrertDatabase database;
    static JdbcTemplate jdbc;

    static final Identitetsnummer HENNE = Identitetsnummer.of("24923815054");
    static final String HJEMME = "4601";
    static final String BORTE = "0301";

    /** Where the register says she lives now. */
    final AtomicReference<String> kommune = new AtomicReference<>(HJEMME);
    FagsystemRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        database = MigrertDatabase.start();
        jdbc = database.jdbc;
    }

    @AfterAll
    static void stopp() throws Exception {
        database.close();
    }

    @BeforeEach
    void tom() throws Exception {
        jdbc.execute("truncate hendelse, levering, dead_letter, populasjon_utflyttet, personidentitet, skjerming_kjent");
        registry = FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings"));
    }

    private static Person henne(String kommunenummer) {
        Adresse.Vegadresse hjem = HJEMME.equals(kommunenummer)
                ? new Adresse.Vegadresse(null, "Elvegata", 7, null, null, "4608", "KRISTIANSAND S", HJEMME, "14608", Gradering.UGRADERT)
                : new Adresse.Vegadresse(null, "Storgata", 3, null, null, "0182", "OSLO", BORTE, "10182", Gradering.UGRADERT);
        return new Person(HENNE, Personstatus.BOSATT, new Navn("Astrid", null, "Haugen"), null, null, Gradering.UGRADERT, hjem, null, null,
                false, kommunenummer, null, List.of(), List.of(), List.of(), List.of(), Set.of());
    }

    /** An instance's fan-out ({@link Fanoutinstans}): where she lives as the register stands when asked. */
    private HendelseFordeler instans(CountDownLatch ankommet, CountDownLatch slipp) {
        return Fanoutinstans.lag(database, registry, () -> henne(kommune.get()), new AtomicInteger(), ankommet, slipp);
    }

    private static void hendelse(long seq) {
        jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype) values (?, ?, 'endringIBostedsadresse')", seq, HENNE.value());
    }

    private static List<Long> pleieOmsorg() {
        return jdbc.queryForList("select sekvensnummer from levering where fagsystem = 'pleie-omsorg' order by 1", Long.class);
    }

    /**
     * Holds {@code holdt}'s batch (claimed {@code foerst}) in its look-up while she lives in {@code kommuneForHoldt}, then
     * moves her to {@code kommuneForAndre}, stores event {@code deretter} and runs another instance's batch with it to
     * its commit, then lets the held batch commit.
     */
    private void holdMensDenAndreFordeler(long foerst, String kommuneForHoldt, long deretter, String kommuneForAndre) throws Exception {
        hendelse(foerst);
        kommune.set(kommuneForHoldt);
        CountDownLatch ankommet = new CountDownLatch(1);
        CountDownLatch slipp = new CountDownLatch(1);
        CompletableFuture<Integer> holdt = CompletableFuture.supplyAsync(instans(ankommet, slipp)::fordel);
        assertThat(ankommet.await(60, TimeUnit.SECONDS)).isTrue();

        kommune.set(kommuneForAndre);
        hendelse(deretter);
        assertThat(instans(null, null).fordel()).isEqualTo(1);
        slipp.countDown();
        assertThat(holdt.get(60, TimeUnit.SECONDS)).isEqualTo(1);
    }

    @Test
    void should_tell_the_next_move_out_when_the_batch_of_the_earlier_move_out_commits_after_the_batch_of_the_move_back() throws Exception {
        hendelse(1);
        assertThat(instans(null, null).fordel()).isEqualTo(1);

        // event 2, the move out, is held in its look-up (she lives in Oslo); event 3, back home, commits first
        holdMensDenAndreFordeler(2, BORTE, 3, HJEMME);
        assertThat(pleieOmsorg()).containsExactly(1L, 2L, 3L);

        // she moves out again: pleie-omsorg must hear of it (on the old code the record event 2's batch left said it had)
        kommune.set(BORTE);
        hendelse(4);
        assertThat(instans(null, null).fordel()).isEqualTo(1);
        assertThat(pleieOmsorg()).containsExactly(1L, 2L, 3L, 4L);
        // and only once: her next event elsewhere stays away
        hendelse(5);
        assertThat(instans(null, null).fordel()).isEqualTo(1);
        assertThat(pleieOmsorg()).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void should_keep_the_move_out_told_by_a_later_event_when_the_batch_of_an_earlier_residents_event_commits_after_it() throws Exception {
        hendelse(1);
        assertThat(instans(null, null).fordel()).isEqualTo(1);

        // event 2 (she still lives at home, as the register answered it) is held; event 3, the move out, commits first
        holdMensDenAndreFordeler(2, HJEMME, 3, BORTE);
        assertThat(pleieOmsorg()).containsExactly(1L, 2L, 3L);

        // she was told to have moved out at event 3: her later events elsewhere stay away
        hendelse(4);
        assertThat(instans(null, null).fordel()).isEqualTo(1);
        assertThat(pleieOmsorg()).containsExactly(1L, 2L, 3L);
    }
}
