package no.kommune.esb.forsendelse.flyt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import no.kommune.esb.MigrertMal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status poller's writes ({@link MottakerbrevRepository#nyeStatuser}, {@link MottakerbrevRepository#nyVarselstatus})
 * against the real PostgreSQL: a round records a change only while the recipient letter is still in the status the round
 * read. Another writer may have changed it since: a second instance's poller once the advisory lock's connection was
 * lost (the session lock goes with it while the first round goes on), or the grading of the letter by a person. Before
 * session 31 the writes were unconditional, so a round holding an older answer took a delivered letter back to an
 * earlier status and told the fagsystem so after "delivered" (the rows marked "tilbake" failed).
 */
class MottakerbrevStatusTest {

    static MigrertMal.Kopi postgres;
    static JdbcTemplate jdbc;
    static TransactionTemplate tx;
    static MottakerbrevRepository repository;

    @BeforeAll
    static void start() throws Exception {
        // a migrated database of this class's own, copied from the test JVM's template
        postgres = MigrertMal.nyDatabase();
        DataSource database = postgres.dataSource();
        jdbc = new JdbcTemplate(database);
        tx = new TransactionTemplate(new DataSourceTransactionManager(database));
        repository = new MottakerbrevRepository(jdbc, new Statusutboks(jdbc, new ObjectMapper().registerModule(new JavaTimeModule())));
    }

    @AfterAll
    static void stopp() throws Exception {
        postgres.close();
    }

    /** A SvarUt letter the round read as {@code lest}, now {@code naa} in the database; the round's answer maps to {@code ny}. */
    @ParameterizedTest(name = "{0}: read {1}, now {2}, SvarUt {3}")
    @CsvSource({
            // case,                                     read,      now in the database, SvarUt's answer, recorded as
            "forward as read,                            SENDT,     SENDT,     AKSEPTERT, AKSEPTERT",
            "tilbake: another poller wrote LEVERT,       SENDT,     LEVERT,    AKSEPTERT, LEVERT",
            "tilbake: another poller wrote LEST,         AKSEPTERT, LEST,      VARSLET,   LEST",
            "tilbake: handed to manual handling since,   SENDT,     MANUELL,   AKSEPTERT, MANUELL",
    })
    void should_record_a_svarut_status_only_while_the_letter_is_in_the_status_the_round_read(String tilfelle, Mottakerstatus lest,
                                                                                           Mottakerstatus naa, String svarUtStatus,
                                                                                           Mottakerstatus forventet) {
        UUID brev = brev();
        UUID id = mottakerbrev(brev, naa);
        Mottakerstatus ny = Mottakerstatus.valueOf(svarUtStatus);

        Integer skrevet = tx.execute(s -> repository.nyeStatuser(List.of(
                new MottakerbrevRepository.Statusendring(id, brev, svarUtStatus, lest, ny, Instant.now()))));

        boolean frem = lest == naa;
        assertThat(skrevet).as(tilfelle).isEqualTo(frem ? 1 : 0);
        assertThat(jdbc.queryForObject("select status from mottakerbrev where id = ?", String.class, id)).as(tilfelle).isEqualTo(forventet.name());
        assertThat(statusmeldinger(id)).as(tilfelle + ": the fagsystem is told only a change recorded").isEqualTo(frem ? 1 : 0);
        assertThat(jdbc.queryForObject("select count(*) from tidslinje where mottakerbrev_id = ? and hendelse = 'STATUS'", Integer.class, id))
                .as(tilfelle).isEqualTo(frem ? 1 : 0);
    }

    /** An SMS the round read as {@code lest}, now {@code naa}; the gateway's report maps to {@code ny}. */
    @ParameterizedTest(name = "{0}: read {1}, now {2}, gateway {3}")
    @CsvSource({
            "forward as read,                            SENDT,     SENDT,     DELIVERED, LEVERT",
            "tilbake: another poller wrote LEVERT,       SENDT,     LEVERT,    SENT,      LEVERT",
            "tilbake: another poller wrote FEILET,       SENDT,     FEILET,    SENT,      FEILET",
    })
    void should_record_an_sms_report_only_while_the_message_is_in_the_status_the_round_read(String tilfelle, Mottakerstatus lest,
                                                                                          Mottakerstatus naa, String rapport,
                                                                                          Mottakerstatus forventet) {
        UUID brev = brev();
        UUID id = mottakerbrev(brev, naa);
        Mottakerstatus ny = Mottakerstatus.fra(no.kommune.esb.varsel.SmsClient.Leveringsstatus.valueOf(rapport));

        Boolean skrevet = tx.execute(s -> repository.nyVarselstatus(id, brev, "SMS", rapport, lest, ny, Instant.now()));

        boolean frem = lest == naa;
        assertThat(skrevet).as(tilfelle).isEqualTo(frem);
        assertThat(jdbc.queryForObject("select status from mottakerbrev where id = ?", String.class, id)).as(tilfelle).isEqualTo(forventet.name());
        assertThat(statusmeldinger(id)).as(tilfelle).isEqualTo(frem && ny != lest ? 1 : 0);
    }

    private static UUID brev() {
        UUID brev = UUID.randomUUID();
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, mottaker, mottaker_type, kanal_inn, status)
                values (?, 'skole', ?, 'Tittel', 'FORMELL', '974760673', 'ORGANISASJON', 'REST', 'BEHANDLET')""", brev, brev.toString());
        return brev;
    }

    private static UUID mottakerbrev(UUID brev, Mottakerstatus status) {
        UUID id = UUID.randomUUID();
        jdbc.update("insert into mottakerbrev (id, brev_id, mottaker, status, svarut_id) values (?, ?, '974760673', ?, ?)",
                id, brev, status.name(), UUID.randomUUID());
        return id;
    }

    private static int statusmeldinger(UUID id) {
        return jdbc.queryForObject("select count(*) from statusutboks where mottakerbrev_id = ?", Integer.class, id);
    }
}
