package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import no.kommune.esb.forsendelse.Brevtype;
import no.kommune.esb.forsendelse.flyt.Statusutboks;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DelegatingDataSource;

import javax.sql.DataSource;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch intake writes a batch's documents with one statement PostgreSQL executes once, however many letters the
 * batch holds: as a JDBC batch it executed the insert once per document, one statement per letter handed in (the
 * intake's largest per-letter statement in the letter benchmark, docs/benchmarks.md, session 34). Against the migrated
 * database; the statements are counted where JDBC hands them to the driver: a JDBC batch row counts as one execution.
 */
class InnleveringDokumentradTest {

    @TempDir
    static Path mappe;
    static EmbeddedPostgres postgres;
    static JdbcTemplate jdbc;
    static ForsendelseRepository repository;
    static final AtomicInteger dokumentinnsettinger = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(mappe.resolve("pg")).setCleanDataDirectory(true)
                .setPGStartupWait(Duration.ofSeconds(90)).start();
        DataSource database = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(database).locations("classpath:db/migration").load().migrate();
        DataSource tellende = new DelegatingDataSource(database) {
            @Override
            public Connection getConnection() throws java.sql.SQLException {
                return tellende(super.getConnection());
            }
        };
        jdbc = new JdbcTemplate(tellende);
        repository = new ForsendelseRepository(jdbc, new Statusutboks(jdbc, new ObjectMapper().findAndRegisterModules()));
    }

    @AfterAll
    static void stopp() throws Exception {
        postgres.close();
    }

    @Test
    void should_store_a_batchs_documents_with_one_statement_executed_once_and_each_document_as_handed_in() {
        List<Innlevering> bunke = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // every third letter has a second document: rows per letter vary
            List<Innlevering.Dokument> dokumenter = i % 3 == 0
                    ? List.of(dokument("vedtak-" + i + ".pdf"), dokument("vedlegg-" + i + ".pdf"))
                    : List.of(dokument("vedtak-" + i + ".pdf"));
            bunke.add(new Innlevering("skole", "dokumentrad-" + i, "Vedtak", "10879042092", Innlevering.Mottakertype.PERSON,
                    Brevtype.FORMELL, false, dokumenter));
        }
        dokumentinnsettinger.set(0);

        List<ForsendelseRepository.Lagret> lagret = repository.lagreAlle(bunke, "REST");

        assertThat(dokumentinnsettinger.get()).as("executions of the documents' insert for a batch of 100 letters").isEqualTo(1);
        assertThat(lagret).allMatch(ForsendelseRepository.Lagret::ny);
        for (int i = 0; i < bunke.size(); i++) {
            List<String> lagrede = jdbc.query("select nr || ' ' || filnavn || ' ' || mime_type || ' ' || convert_from(innhold, 'UTF8') from brev_dokument where brev_id = ? order by nr",
                    (rs, n) -> rs.getString(1), lagret.get(i).id());
            List<String> ventet = new ArrayList<>();
            List<Innlevering.Dokument> dokumenter = bunke.get(i).dokumenter();
            for (int d = 0; d < dokumenter.size(); d++) {
                ventet.add((d + 1) + " " + dokumenter.get(d).filnavn() + " application/pdf " + new String(dokumenter.get(d).innhold(), StandardCharsets.UTF_8));
            }
            assertThat(lagrede).as("documents of letter %d", i).isEqualTo(ventet);
        }
    }

    @Test
    void should_store_no_document_twice_when_a_batch_is_handed_in_again() {
        List<Innlevering> bunke = List.of(new Innlevering("skole", "dokumentrad-igjen", "Vedtak", "10879042092",
                Innlevering.Mottakertype.PERSON, Brevtype.FORMELL, false, List.of(dokument("vedtak.pdf"))));
        UUID id = repository.lagreAlle(bunke, "REST").get(0).id();
        dokumentinnsettinger.set(0);

        List<ForsendelseRepository.Lagret> igjen = repository.lagreAlle(bunke, "REST");

        assertThat(igjen.get(0)).isEqualTo(new ForsendelseRepository.Lagret(id, false, false));
        assertThat(dokumentinnsettinger.get()).isZero();
        assertThat(jdbc.queryForObject("select count(*) from brev_dokument where brev_id = ?", Integer.class, id)).isEqualTo(1);
    }

    private static Innlevering.Dokument dokument(String filnavn) {
        return new Innlevering.Dokument(filnavn, "application/pdf", ("%PDF-1.4 " + filnavn + " %%EOF").getBytes(StandardCharsets.UTF_8));
    }

    /** A connection whose prepared statements on brev_dokument count each execution PostgreSQL will run. */
    private static Connection tellende(Connection ekte) {
        return (Connection) Proxy.newProxyInstance(InnleveringDokumentradTest.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, metode, args) -> {
                    Object svar = kall(ekte, metode, args);
                    if (metode.getName().equals("prepareStatement") && args != null && args[0] instanceof String sql
                            && sql.contains("insert into brev_dokument")) {
                        PreparedStatement ps = (PreparedStatement) svar;
                        return Proxy.newProxyInstance(InnleveringDokumentradTest.class.getClassLoader(), new Class<?>[]{PreparedStatement.class},
                                (p, m, a) -> {
                                    if (m.getName().equals("addBatch") || m.getName().startsWith("execute") && !m.getName().equals("executeBatch")) {
                                        dokumentinnsettinger.incrementAndGet();
                                    }
                                    return kall(ps, m, a);
                                });
                    }
                    return svar;
                });
    }

    private static Object kall(Object maal, java.lang.reflect.Method metode, Object[] args) throws Throwable {
        try {
            return metode.invoke(maal, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
