package no.kommune.esb.uttrekk;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.MigrertMal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two fetches of one kept API file at once (two instances behind the load balancer, or a fagsystem's retry beside its
 * first call), stepped against the real PostgreSQL: the check before serving ({@link Uttrekkslager#gradertSidenLesing})
 * must hold for the run as the fetch read it. Before, it asked only about gradings since the run's {@code lest_fra}
 * among its file's persons; a fetch that read the run {@code LEVERT} before the other fetch sent it back to reading
 * (which sets {@code lest_fra} anew and deletes the persons) found nothing and served the file the other had just found
 * stale: a strengt fortrolig address (DOMAIN.md rule 5), or a file already deleted.
 */
class UttrekkHentingTest {

    @TempDir
    static Path mappe;
    static MigrertMal.Kopi postgres;
    static JdbcTemplate jdbc;
    static Uttrekkslager lager;

    static final String HENNE = "24923815054";
    static final String HAN = "01010012356";

    @BeforeAll
    static void start() throws Exception {
        // a migrated database of this class's own, copied from the test JVM's template
        postgres = MigrertMal.nyDatabase();
        DataSource database = postgres.dataSource();
        jdbc = new JdbcTemplate(database);
        lager = new Uttrekkslager(jdbc, new ObjectMapper());
    }

    @AfterAll
    static void stopp() throws Exception {
        postgres.close();
    }

    /** A run delivered to the API an hour ago, read from two hours ago, with {@code person} on its file. */
    private static UUID levertKjoering(String person) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into uttrekk (id, navn, fagsystem, kilde, bestilling, dato, status, filnavn, levert, lest_fra)
                values (?, 'klasseliste', 'skole', 'API', '{}', current_date, 'LEVERT', ?, now() - interval '1 hour', now() - interval '2 hours')""",
                id, "klasseliste-" + id + ".csv");
        lager.filpersoner(id, Set.of(person));
        return id;
    }

    @Test
    void should_not_let_a_fetch_serve_the_file_another_fetch_found_graded_and_sent_back_to_reading_meanwhile() {
        UUID id = levertKjoering(HENNE);
        // the feed brings her grading after the rows were read
        jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype) values (9001, ?, 'endringIAdressebeskyttelse')", HENNE);

        // fetch b reads the run, LEVERT
        Uttrekkskjoering b = lager.finn(id).orElseThrow();
        assertThat(b.status()).isEqualTo(Uttrekkskjoering.Status.LEVERT);

        // fetch a finds the grading and sends the run back to reading (lest_fra now, the file's persons deleted)
        Uttrekkskjoering a = lager.finn(id).orElseThrow();
        assertThat(lager.gradertSidenLesing(a.id(), a.lesing())).isTrue();
        assertThat(lager.lesPaaNyttEtterGradering(id)).isTrue();

        // fetch b's check comes after: the file it read of is stale, and must not be served
        assertThat(lager.gradertSidenLesing(b.id(), b.lesing())).isTrue();
        // nor is it sent back to reading a second time
        assertThat(lager.lesPaaNyttEtterGradering(id)).isFalse();
    }

    @Test
    void should_serve_a_kept_file_whose_persons_were_not_graded_since_it_was_read() {
        UUID id = levertKjoering(HAN);
        Uttrekkskjoering k = lager.finn(id).orElseThrow();
        assertThat(lager.gradertSidenLesing(k.id(), k.lesing())).isFalse();
    }

    /**
     * Retention lists a delivered run past its time while a fetch finds a grading since and sends it back to reading.
     * Before session 30 retention then deleted the file and marked the run {@code fil_slettet} whatever had happened:
     * the new reading's file, under the same name, was never deleted (personal data kept past
     * {@code uttrekk.api-fil-oppbevaring}). Now the run is marked only while it is still that delivered run, first.
     */
    @Test
    void should_leave_a_run_a_fetch_sent_back_to_reading_to_its_own_retention() throws Exception {
        UUID id = levertKjoering(HAN);
        Path arbeid = java.nio.file.Files.createDirectories(mappe.resolve("arbeid"));
        Path fil = java.nio.file.Files.writeString(arbeid.resolve(id + ".csv"), "sekvensnummer;navn\n");
        Uttrekkslager underveis = org.mockito.Mockito.spy(lager);
        // between retention's list and its delete, a fetch finds a grading since and sends the run back to reading
        java.util.concurrent.atomic.AtomicBoolean foerste = new java.util.concurrent.atomic.AtomicBoolean(true);
        org.mockito.Mockito.doAnswer(inv -> {
            Object liste = inv.callRealMethod();
            if (foerste.getAndSet(false)) {
                assertThat(lager.lesPaaNyttEtterGradering(id)).isTrue();
            }
            return liste;
        }).when(underveis).filerLevertFoer(org.mockito.ArgumentMatchers.any());
        UttrekkKjoerer kjoerer = new UttrekkKjoerer(underveis, null, null, null, null, null, null,
                new UttrekkProperties(mappe.resolve("bestillinger"), arbeid, null, Duration.ofMinutes(30)));

        assertThat(kjoerer.slettUtloepteFiler()).isZero();

        // not marked: once read again and delivered, its retention counts from that delivery
        assertThat(jdbc.queryForObject("select fil_slettet is null from uttrekk where id = ?", Boolean.class, id)).isTrue();
        assertThat(fil).exists();
        jdbc.update("update uttrekk set status = 'LEVERT', levert = now() - interval '1 hour' where id = ?", id);
        assertThat(kjoerer.slettUtloepteFiler()).isEqualTo(1);
        assertThat(fil).doesNotExist();
        assertThat(jdbc.queryForObject("select fil_slettet is not null from uttrekk where id = ?", Boolean.class, id)).isTrue();
    }
}
