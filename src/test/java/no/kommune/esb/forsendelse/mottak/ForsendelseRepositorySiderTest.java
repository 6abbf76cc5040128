package no.kommune.esb.forsendelse.mottak;

import no.kommune.esb.MigrertMal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The keyset pages of {@link ForsendelseRepository} against the real schema: the dead letters newest first, the manual
 * queue oldest first, each read forward ({@code etter}) from the start to its end and back ({@code foer}) from the last
 * page, in pages of every size from 1 to beyond the list. Read either way, the pages give every row once, in the list's
 * order. Rows share their times in pairs, so the id decides between them.
 */
class ForsendelseRepositorySiderTest {

    static final int RADER = 7;
    static MigrertMal.Kopi postgres;
    static JdbcTemplate jdbc;
    static ForsendelseRepository repo;

    @BeforeAll
    static void start() {
        postgres = MigrertMal.nyDatabase();
        jdbc = new JdbcTemplate(postgres.dataSource());
        repo = new ForsendelseRepository(jdbc, null);
        UUID brev = UUID.randomUUID();
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                values (?, 'barnevern', ?, 'Melding', 'FORMELL', false, '974760673', 'ORGANISASJON', 'REST', 'STOPPET')""", brev, "sider-" + brev);
        for (int n = 0; n < RADER; n++) {
            jdbc.update("insert into dead_letter (id, kilde, referanse, grunn, payload, opprettet) values (?, 'sider', ?, 'test', null, "
                    + "timestamp '2026-01-01 12:00:00' + ? * interval '1 second')", UUID.randomUUID(), "r" + n, n / 2);
            jdbc.update("insert into mottakerbrev (id, brev_id, mottaker, kanal, status, manuell_grunn, endret_tid) values (?, ?, '974760673', "
                    + "'MANUELL', 'MANUELL', 'ukjent bosted', timestamp '2026-01-01 12:00:00' + ? * interval '1 second')", UUID.randomUUID(), brev, n / 2);
        }
    }

    @AfterAll
    static void stopp() {
        postgres.close();
    }

    interface Sider<T> {
        List<T> side(int antall, Sidemerke merke, boolean foer);
    }

    @ParameterizedTest(name = "pages of {0}")
    @ValueSource(ints = {1, 2, 3, 6, 7, 8})
    void should_give_every_dead_letter_once_newest_first_read_forward_or_back(int antall) {
        List<UUID> alle = repo.deadLetters(ForsendelseRepository.Utvalg.ALLE).stream().map(ForsendelseRepository.DeadLetter::id).toList();
        assertThat(alle).hasSize(RADER);
        Sider<ForsendelseRepository.DeadLetter> sider = (a, m, f) -> repo.deadLetters(ForsendelseRepository.Utvalg.ALLE, a, m, f);
        assertThat(fremover(sider, antall, ForsendelseRepository::merke)).map(ForsendelseRepository.DeadLetter::id).isEqualTo(alle);
        assertThat(bakover(sider, antall, ForsendelseRepository::merke)).map(ForsendelseRepository.DeadLetter::id).isEqualTo(alle);
    }

    @ParameterizedTest(name = "pages of {0}")
    @ValueSource(ints = {1, 2, 3, 6, 7, 8})
    void should_give_every_manual_case_once_oldest_first_read_forward_or_back(int antall) {
        List<UUID> alle = repo.manuelle().stream().map(ForsendelseRepository.ManuellSak::mottakerbrevId).toList();
        assertThat(alle).hasSize(RADER);
        Sider<ForsendelseRepository.ManuellSak> sider = repo::manuelle;
        assertThat(fremover(sider, antall, ForsendelseRepository::merke)).map(ForsendelseRepository.ManuellSak::mottakerbrevId).isEqualTo(alle);
        assertThat(bakover(sider, antall, ForsendelseRepository::merke)).map(ForsendelseRepository.ManuellSak::mottakerbrevId).isEqualTo(alle);
    }

    /** From the start, each page after the last row of the one before, until a page is empty. */
    static <T> List<T> fremover(Sider<T> sider, int antall, Function<T, Sidemerke> merke) {
        List<T> lest = new ArrayList<>();
        List<T> side = sider.side(antall, null, false);
        while (!side.isEmpty()) {
            lest.addAll(side);
            side = sider.side(antall, merke.apply(side.get(side.size() - 1)), false);
        }
        return lest;
    }

    /** From the end (the rows before a mark just past the last row read forward), each page before the first of the one after. */
    static <T> List<T> bakover(Sider<T> sider, int antall, Function<T, Sidemerke> merke) {
        List<T> lest = new ArrayList<>();
        List<T> alle = fremover(sider, RADER, merke);
        T siste = alle.get(alle.size() - 1);
        lest.add(siste);
        List<T> side = sider.side(antall, merke.apply(siste), true);
        while (!side.isEmpty()) {
            lest.addAll(0, side);
            side = sider.side(antall, merke.apply(side.get(0)), true);
        }
        return lest;
    }
}
