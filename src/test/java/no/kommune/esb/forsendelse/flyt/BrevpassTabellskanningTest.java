package no.kommune.esb.forsendelse.flyt;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.MigrertMal;
import no.kommune.esb.forsendelse.Brev;
import no.kommune.esb.forsendelse.Brevtype;
import no.kommune.esb.model.Identitetsnummer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/**
 * A pass's records over its whole batch (the attempts begun, the sends, the end of the pass, the flow's poll) read the
 * batch's rows by their keys, never a whole table: at the letter benchmark's ~50,000 letters the records of the sends
 * read brev whole, testing every row against the pass's 1,000 ids (1.4 and 1.2 ms per letter, half of PostgreSQL's time;
 * docs/benchmarks.md, session 33), a cost that grows with every letter ever stored. Against the migrated database with
 * a year's worth of letters in miniature (20,000) and the statistics such a burst leaves behind: taken while most
 * letters were claimed and most recipient letters ready (the status columns are bursty), stale when the pass runs.
 * Each step runs in a transaction of its own, as in the flow, and counts its sequential scans in
 * {@code pg_stat_xact_user_tables} (this transaction's own counts, exact at once).
 */
class BrevpassTabellskanningTest {

    static final int HISTORIKK = 20_000;
    static final int BUNKE = 1_000;
    static final String MOTTAKER = "10879042092";

    static MigrertMal.Kopi postgres;
    static JdbcTemplate jdbc;
    static TransactionTemplate tx;
    static BehandlingRepository repository;

    UUID krav;
    List<UUID> brev;
    List<UUID> mottakerbrev;

    @BeforeAll
    static void start() throws Exception {
        // a migrated database of this class's own, copied from the test JVM's template
        postgres = MigrertMal.nyDatabase();
        DataSource database = postgres.dataSource();
        jdbc = new JdbcTemplate(database);
        tx = new TransactionTemplate(new DataSourceTransactionManager(database));
        repository = new BehandlingRepository(jdbc, new Statusutboks(jdbc, new ObjectMapper().findAndRegisterModules()), Duration.ofMinutes(5),
                Duration.ofMinutes(1), "test");
        // no analyze behind the test's back: the statistics are the ones the burst below leaves
        jdbc.execute("alter table brev set (autovacuum_enabled = false)");
        jdbc.execute("alter table mottakerbrev set (autovacuum_enabled = false)");
        // the burst: every letter claimed and every recipient letter ready when the statistics are taken ...
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type,
                                  kanal_inn, status, krav, endret_tid)
                select gen_random_uuid(), 'skole', 'historikk-' || i, 'Vedtak', 'FORMELL', false, ?, 'PERSON', 'REST', 'BEHANDLES',
                       gen_random_uuid(), now() from generate_series(1, ?) i""", MOTTAKER, HISTORIKK);
        jdbc.update("""
                insert into mottakerbrev (id, brev_id, mottaker, kanal, regel, status)
                select gen_random_uuid(), id, mottaker, 'DIGITAL', 'R1', 'KLAR_FOR_SENDING' from brev""");
        jdbc.execute("analyze brev");
        jdbc.execute("analyze mottakerbrev");
        // ... and all of them sent and ended since
        jdbc.update("update mottakerbrev set status = 'SENDT'");
        jdbc.update("update brev set status = 'BEHANDLET', krav = null");
    }

    @AfterAll
    static void stopp() throws Exception {
        postgres.close();
    }

    /** A claimed batch of letters, one ready recipient letter each, under a fresh claim token. */
    @BeforeEach
    void bunke() {
        krav = UUID.randomUUID();
        brev = jdbc.queryForList("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type,
                                  kanal_inn, status, krav, endret_tid)
                select gen_random_uuid(), 'skole', ? || '-' || i, 'Vedtak', 'FORMELL', false, ?, 'PERSON', 'REST', 'BEHANDLES', ?, now()
                  from generate_series(1, ?) i returning id""", UUID.class, krav.toString(), MOTTAKER, krav, BUNKE);
        mottakerbrev = jdbc.queryForList("""
                insert into mottakerbrev (id, brev_id, mottaker, kanal, regel, status)
                select gen_random_uuid(), b, ?, 'DIGITAL', 'R1', 'KLAR_FOR_SENDING' from unnest(?::uuid[]) b returning id""",
                UUID.class, MOTTAKER, brev.toArray(UUID[]::new));
    }

    @Test
    void should_record_a_pass_of_a_thousand_letters_without_reading_a_whole_table() {
        Map<UUID, UUID> brevAv = new java.util.HashMap<>();
        jdbc.query("select id, brev_id from mottakerbrev where id = any (?)", rs -> {
            brevAv.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
        }, (Object) mottakerbrev.toArray(UUID[]::new));

        Skanninger<BehandlingRepository.Begynt> begynt = skanninger(() -> repository.sendingerBegynner(mottakerbrev, krav));
        assertThat(begynt.svar().ikkeBegynt()).as("every recipient letter of the pass begun").isEmpty();

        Skanninger<Object> sendt = skanninger(() -> {
            repository.sendt(mottakerbrev.stream().map(m -> new BehandlingRepository.Sendt(brevAv.get(m), m, UUID.randomUUID(), krav)).toList());
            return null;
        });
        assertThat(jdbc.queryForObject("select count(*) from mottakerbrev where id = any (?) and status = 'SENDT'", Long.class,
                (Object) mottakerbrev.toArray(UUID[]::new))).as("every send recorded").isEqualTo(BUNKE);

        Skanninger<Object> avsluttet = skanninger(() -> {
            repository.avsluttPass(brev.stream().map(b -> new BehandlingRepository.Brevrad(b,
                    Brev.tilPerson("skole", b.toString(), "Vedtak", Identitetsnummer.of(MOTTAKER), Brevtype.FORMELL, false), krav)).toList());
            return null;
        });
        assertThat(jdbc.queryForObject("select count(*) from brev where id = any (?) and status = 'BEHANDLET'", Long.class,
                (Object) brev.toArray(UUID[]::new))).as("every letter ended").isEqualTo(BUNKE);
        // each step's own count, all shown when one fails
        assertSoftly(soft -> {
            soft.assertThat(begynt.tabeller()).as("attempts begun: sequential scans per table").containsEntry("brev", 0L).containsEntry("mottakerbrev", 0L);
            soft.assertThat(sendt.tabeller()).as("sends recorded: sequential scans per table").containsEntry("brev", 0L).containsEntry("mottakerbrev", 0L);
            soft.assertThat(avsluttet.tabeller()).as("end of the pass: sequential scans per table").containsEntry("brev", 0L);
        });
    }

    @Test
    void should_poll_for_waiting_work_without_reading_a_whole_table() {
        Skanninger<Samlevindu.Venter> venter = skanninger(() -> repository.venter(BUNKE));
        assertThat(venter.svar().klareBrev()).as("the batch is claimed, nothing received waits").isZero();
        assertThat(venter.tabeller()).as("the flow's poll: sequential scans per table").containsEntry("brev", 0L).containsEntry("mottakerbrev", 0L);
    }

    /** A step's answer and the sequential scans of its transaction per table. */
    record Skanninger<T>(T svar, Map<String, Long> tabeller) {
    }

    /** Runs the step in a transaction of its own and reads that transaction's sequential scans before it commits. */
    static <T> Skanninger<T> skanninger(Supplier<T> steg) {
        return tx.execute(s -> {
            T svar = steg.get();
            Map<String, Long> tabeller = new java.util.TreeMap<>();
            jdbc.query("select relname, seq_scan from pg_stat_xact_user_tables where relname in ('brev', 'mottakerbrev')",
                    rs -> {
                        tabeller.put(rs.getString(1), rs.getLong(2));
                    });
            return new Skanninger<>(svar, tabeller);
        });
    }
}
