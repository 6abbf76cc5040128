package no.kommune.esb.oppslag;

import no.kommune.esb.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit trail on the shared context's PostgreSQL: a call's rows are committed all or none. A row without a caller
 * breaks the table's {@code kaller not null}, as a bad row would; each test marks its rows with a fagsystem of its own.
 */
class RevisjonsloggEndToEndTest extends EndToEndTest {

    @Autowired
    Revisjonslogg revisjon;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void should_store_none_of_a_calls_rows_when_its_batch_insert_fails_halfway() {
        String fagsystem = "e2e-" + UUID.randomUUID();
        // 1,000 rows with the bad one at 700: a batch of 500 inserts at a time outside a transaction kept the first 500
        List<Revisjonslogg.Rad> rader = rader(fagsystem, 1_000, 700);

        assertThatThrownBy(() -> revisjon.skriv(rader)).isInstanceOf(RuntimeException.class);

        assertThat(lagret(fagsystem)).isZero();
    }

    @Test
    void should_store_the_other_calls_of_a_group_and_none_of_the_failing_calls_rows_when_one_row_is_bad() {
        String fagsystem = "e2e-" + UUID.randomUUID();
        List<Revisjonslogg.Rad> foer = rader(fagsystem + "-foer", 3, -1);
        List<Revisjonslogg.Rad> feiler = rader(fagsystem + "-feiler", 5, 2);
        List<Revisjonslogg.Rad> etter = rader(fagsystem + "-etter", 4, -1);

        List<RuntimeException> feil = revisjon.skrivSamlet(List.of(foer, feiler, etter));

        assertThat(feil.get(0)).isNull();
        assertThat(feil.get(1)).isNotNull();
        assertThat(feil.get(2)).isNull();
        assertThat(lagret(fagsystem + "-foer")).isEqualTo(3);
        assertThat(lagret(fagsystem + "-feiler")).isZero();
        assertThat(lagret(fagsystem + "-etter")).isEqualTo(4);
    }

    @Test
    void should_store_every_row_of_a_call_when_all_are_valid() {
        String fagsystem = "e2e-" + UUID.randomUUID();

        revisjon.skriv(rader(fagsystem, 600, -1));

        assertThat(lagret(fagsystem)).isEqualTo(600);
    }

    /** {@code antall} rows of one call; the one at {@code ugyldig} (when not negative) has no caller. */
    private static List<Revisjonslogg.Rad> rader(String fagsystem, int antall, int ugyldig) {
        List<Revisjonslogg.Rad> rader = new ArrayList<>();
        for (int i = 0; i < antall; i++) {
            rader.add(new Revisjonslogg.Rad(fagsystem, i == ugyldig ? null : "e2e", null, "hmac-" + i, "BATCH", "test", null,
                    List.of("NAVN"), 200, "OK"));
        }
        return rader;
    }

    private int lagret(String fagsystem) {
        return jdbc.queryForObject("select count(*) from oppslag_revisjon where fagsystem = ?", Integer.class, fagsystem);
    }
}
