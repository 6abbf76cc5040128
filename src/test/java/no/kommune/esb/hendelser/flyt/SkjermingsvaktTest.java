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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.when;

/**
 * Two writers of delivery rows against the migrated schema, as two instances (or a replay beside the fan-out) would
 * run them ({@link Skjermingsvakt}): the first looks a person up before the register graded her and is held there
 * (a latch in its Folkeregisteret answer); the second, another instance's fan-out batch, looks her up after, screens
 * and commits; then the first goes on. Before, the first's rows kept her address (the screening could not see them,
 * uncommitted) and were delivered (DOMAIN.md rule 5: never mapped to a fagsystem).
 */
class SkjermingsvaktTest {

    static MigrertDatabase database;
    static JdbcTemplate jdbc;

    static final Identitetsnummer HENNE = Identitetsnummer.of("24923815054");
    static final String GATE = "Hemmelig vei";
    static final Adresse.Vegadresse HJEM = new Adresse.Vegadresse(null, GATE, 7, null, null, "4608", "KRISTIANSAND S", "4601", "14608",
            Gradering.UGRADERT);

    /** The register's state: graded once the second writer has begun. */
    final AtomicBoolean gradert = new AtomicBoolean();
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

    private static Person henne(Gradering gradering) {
        return new Person(HENNE, Personstatus.BOSATT, new Navn("Astrid", null, "Haugen"), null, null, gradering, HJEM, null, null, false,
                "4601", null, List.of(), List.of(), List.of(), List.of());
    }

    /** An instance's fan-out ({@link Fanoutinstans}): her grading as the register stands when asked. */
    private HendelseFordeler instans(AtomicInteger kall, CountDownLatch ankommet, CountDownLatch slipp) {
        return Fanoutinstans.lag(database, registry, () -> henne(gradert.get() ? Gradering.STRENGT_FORTROLIG : Gradering.UGRADERT),
                kall, ankommet, slipp);
    }

    private static void hendelse(long seq, String type) {
        jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype) values (?, ?, ?)", seq, HENNE.value(), type);
    }

    /** The stored documents of fagsystems that may not see a protected home, that still show hers. */
    private static List<String> medHjemmet() {
        return jdbc.queryForList("select fagsystem || ' ' || sekvensnummer from levering where fagsystem = 'eiendomsskatt' and dokument::text like ?",
                String.class, "%" + GATE + "%");
    }

    /**
     * Runs {@code foerst} on a thread until its Folkeregisteret call, then the second instance's batch with the grading
     * event to its commit, then lets the first go on; returns the first's result.
     */
    private <T> T mensDenAndreSkjermer(Supplier<T> foerst, CountDownLatch ankommet, CountDownLatch slipp, AtomicInteger andresKall) throws Exception {
        CompletableFuture<T> holdt = CompletableFuture.supplyAsync(foerst);
        assertThat(ankommet.await(60, TimeUnit.SECONDS)).isTrue();
        gradert.set(true);
        hendelse(2, "endringIAdressebeskyttelse");
        assertThat(instans(andresKall, null, null).fordel()).isEqualTo(1);
        // the second batch stored its rows without her home; the first has not committed its own yet
        assertThat(medHjemmet()).isEmpty();
        slipp.countDown();
        return holdt.get(60, TimeUnit.SECONDS);
    }

    @Test
    void should_screen_a_batch_whose_look_up_came_before_another_instances_batch_learnt_the_grading_and_screened() throws Exception {
        hendelse(1, "endringIBostedsadresse");
        CountDownLatch ankommet = new CountDownLatch(1);
        CountDownLatch slipp = new CountDownLatch(1);
        AtomicInteger foersteKall = new AtomicInteger();
        AtomicInteger andresKall = new AtomicInteger();
        HendelseFordeler foerste = instans(foersteKall, ankommet, slipp);

        int fordelt = mensDenAndreSkjermer(foerste::fordel, ankommet, slipp, andresKall);

        assertThat(fordelt).isEqualTo(1);
        assertThat(jdbc.queryForList("select sekvensnummer from levering where fagsystem = 'eiendomsskatt' order by 1", Long.class))
                .containsExactly(1L, 2L);
        // on the old code event 1's row kept her street and went to the fee system
        assertThat(medHjemmet()).isEmpty();
        // the first batch asked again for her (one call), the second did not ask twice for what it screened itself
        assertThat(foersteKall).hasValue(2);
        assertThat(andresKall).hasValue(1);
    }

    @Test
    void should_screen_a_replay_whose_look_up_came_before_a_fan_out_batch_learnt_the_grading() throws Exception {
        hendelse(1, "endringIBostedsadresse");
        jdbc.update("update hendelse set status = 'FORDELT' where sekvensnummer = 1");
        CountDownLatch ankommet = new CountDownLatch(1);
        CountDownLatch slipp = new CountDownLatch(1);
        AtomicInteger replayKall = new AtomicInteger();
        HendelseFordeler replayer = instans(replayKall, ankommet, slipp);
        var eiendomsskatt = registry.finn("eiendomsskatt").orElseThrow();

        HendelseFordeler.Replay replay = mensDenAndreSkjermer(() -> replayer.forReplay(eiendomsskatt, 1, 1), ankommet, slipp, new AtomicInteger());
        replayer.lagreReplay(eiendomsskatt, replay);

        assertThat(jdbc.queryForList("select sekvensnummer from levering where fagsystem = 'eiendomsskatt' order by 1", Long.class))
                .containsExactly(1L, 2L);
        // on the old code the replayed row kept her street
        assertThat(medHjemmet()).isEmpty();
        assertThat(replayKall).hasValue(2);
    }

    /** One instance, batches one after the other: nothing is asked again, and the later batch's screening finds the earlier rows. */
    @Test
    void should_ask_nothing_again_when_the_batches_run_one_after_the_other() throws Exception {
        AtomicInteger kall = new AtomicInteger();
        HendelseFordeler fordeler = instans(kall, null, null);
        hendelse(1, "endringIBostedsadresse");
        assertThat(fordeler.fordel()).isEqualTo(1);
        assertThat(medHjemmet()).containsExactly("eiendomsskatt 1");

        gradert.set(true);
        hendelse(2, "endringIAdressebeskyttelse");
        assertThat(fordeler.fordel()).isEqualTo(1);

        assertThat(medHjemmet()).isEmpty();
        assertThat(kall).hasValue(2);
        assertThat(jdbc.queryForObject("select count(*) from skjerming_kjent", Integer.class)).isEqualTo(1);
    }
}
