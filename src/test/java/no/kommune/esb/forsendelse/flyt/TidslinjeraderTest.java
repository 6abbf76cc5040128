package no.kommune.esb.forsendelse.flyt;

import no.kommune.esb.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Timeline rows written in one statement: in the list's order, with the given time or the transaction's. */
class TidslinjeraderTest extends EndToEndTest {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void should_write_the_rows_in_the_lists_order_with_their_own_time_or_the_transactions() {
        UUID brev = UUID.randomUUID();
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                values (?, 'skole', ?, 'Tidslinje', 'FORMELL', false, '974760673', 'ORGANISASJON', 'REST', 'STOPPET')""", brev, "tidslinje-" + brev);
        Instant svarUtsTid = Instant.parse("2026-01-02T03:04:05.678901Z");
        Instant foer = Instant.now().truncatedTo(ChronoUnit.MILLIS);

        Tidslinjerader.skriv(jdbc, "PROEVE", List.of(
                new Tidslinjerader.Rad(brev, b, "andre"),
                new Tidslinjerader.Rad(brev, null, "brevets egen"),
                new Tidslinjerader.Rad(brev, a, "med SvarUts tid", svarUtsTid)));
        Tidslinjerader.skriv(jdbc, "PROEVE", List.of());

        List<Map<String, Object>> rader = jdbc.queryForList(
                "select mottakerbrev_id, tid, hendelse, detalj from tidslinje where brev_id = ? order by id", brev);
        assertThat(rader).extracting(r -> r.get("detalj")).containsExactly("andre", "brevets egen", "med SvarUts tid");
        assertThat(rader).extracting(r -> r.get("mottakerbrev_id")).containsExactly(b, null, a);
        assertThat(rader).extracting(r -> r.get("hendelse")).containsOnly("PROEVE");
        assertThat(((Timestamp) rader.get(2).get("tid")).toInstant()).isEqualTo(svarUtsTid);
        assertThat(((Timestamp) rader.get(0).get("tid")).toInstant()).isAfterOrEqualTo(foer.minusSeconds(1))
                .isEqualTo(((Timestamp) rader.get(1).get("tid")).toInstant());
    }
}
