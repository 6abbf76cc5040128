package no.kommune.esb.konsoll;

import no.kommune.esb.forsendelse.mottak.Sidemerke;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The console's keyset pages ({@link Koesider#side}) over a list held in memory, sorted by time and id as the manual
 * queue is: forward by {@code etter}, back by {@code foer}, with the links a page shows, while rows come and go.
 */
class KoesiderSideTest {

    private static final Instant T0 = Instant.parse("2026-12-07T08:00:00Z");
    private static final Comparator<Sidemerke> REKKEFOELGE = Comparator.comparing(Sidemerke::tid).thenComparing(Sidemerke::id);

    /** The rows, kept sorted; a page reads them as the database does (after or before a mark, nearest first). */
    private final List<Sidemerke> liste = new ArrayList<>();

    private final Koesider.Sideoppslag<Sidemerke> oppslag = (antall, merke, foer) -> {
        List<Sidemerke> sortert = liste.stream().sorted(REKKEFOELGE).toList();
        if (merke == null) {
            return sortert.stream().limit(antall).toList();
        }
        if (foer) {
            List<Sidemerke> foran = sortert.stream().filter(r -> REKKEFOELGE.compare(r, merke) < 0).toList();
            return foran.subList(Math.max(0, foran.size() - antall), foran.size());
        }
        return sortert.stream().filter(r -> REKKEFOELGE.compare(r, merke) > 0).limit(antall).toList();
    };

    private Koesider.Sidevisning<Sidemerke> side(String etter, String foer) {
        return Koesider.side(1, etter, foer, oppslag, (antall, hopp) -> List.of(), m -> m);
    }

    private void rader(int fra, int antall) {
        for (int i = fra; i < fra + antall; i++) {
            liste.add(new Sidemerke(T0.plusSeconds(i), UUID.randomUUID()));
        }
    }

    @Test
    void should_show_every_row_once_forward_and_back_while_rows_are_added_at_the_end_and_taken_out_of_pages_read() {
        rader(0, 2 * Koesider.PER_SIDE + 50);
        List<Sidemerke> forAlle = List.copyOf(liste);

        Koesider.Sidevisning<Sidemerke> side = side(null, null);
        assertThat(side.foer()).as("the first page has none before it").isNull();
        List<Sidemerke> sett = new ArrayList<>(side.rader());
        int sider = 1;
        while (side.etter() != null) {
            // a row of a page read leaves, a new one comes last
            liste.remove(sett.get(sider - 1));
            rader(10_000 + sider, 1);
            side = side(side.etter(), null);
            assertThat(side.foer()).as("a page after the first has one before it").isNotNull();
            sett.addAll(side.rader());
            sider++;
        }

        assertThat(sett).doesNotHaveDuplicates().containsAll(forAlle);
        assertThat(sider).isEqualTo(3);

        // and back to the first page, which again has none before it
        Set<Sidemerke> tilbake = new HashSet<>(side.rader());
        while (side.foer() != null) {
            side = side(null, side.foer());
            assertThat(side.etter()).as("a page read back has one after it").isNotNull();
            if (side.foer() != null) {
                // the earliest page read back holds what is left before the next: rows taken out meanwhile make it shorter
                assertThat(side.rader()).hasSize(Koesider.PER_SIDE);
            }
            tilbake.addAll(side.rader());
        }
        assertThat(side.rader().get(0)).isEqualTo(liste.stream().min(REKKEFOELGE).orElseThrow());
        assertThat(tilbake).containsExactlyInAnyOrderElementsOf(liste);
    }

    @Test
    void should_show_no_links_for_a_list_of_one_page() {
        rader(0, 3);

        Koesider.Sidevisning<Sidemerke> side = side(null, null);

        assertThat(side.rader()).hasSize(3);
        assertThat(side.foer()).isNull();
        assertThat(side.etter()).isNull();
    }

    @ParameterizedTest(name = "side={0} etter=''{1}'' foer=''{2}''")
    @CsvSource(nullValues = "null", value = {
            "0, null, null",
            "-1, null, null",
            "1, x, null",
            "1, null, 12",
            "1, 12_3fa85f64-5717-4562-b3fc-2c963f66afa6, 12_3fa85f64-5717-4562-b3fc-2c963f66afa6",
    })
    void should_refuse_a_page_that_names_no_place_in_the_list(int sidenr, String etter, String foer) {
        assertThatThrownBy(() -> Koesider.side(sidenr, etter, foer, oppslag, (antall, hopp) -> List.of(), m -> m))
                .isInstanceOf(ResponseStatusException.class).hasMessageContaining("400");
    }
}
