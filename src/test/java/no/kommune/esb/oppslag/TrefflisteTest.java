package no.kommune.esb.oppslag;

import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;
import no.kommune.esb.uttrekk.format.Testidenter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A search's limit counts the persons the caller would be shown, not the register's hits. Before, 1,001 register hits
 * were 422 "too many hits" even when a handful were in the registration's population (a school's name search counted
 * every adult of the country), and the hits were never fetched beyond the first 1,001.
 */
class TrefflisteTest {

    @ParameterizedTest(name = "{0} hits, every {1}th shown → {2} shown (-1: too many), {3} calls")
    @CsvSource({
            // register hits, every n-th in the population, shown (-1 = 422), bulk calls
            "2500, 100,   25, 3",
            "1500,   1,   -1, 2",
            "3000,   1,   -1, 2",
            "1000,   1, 1000, 1",
            "2002,   2, 1001 , 3",
            "   0,   1,    0, 0",
    })
    void should_count_the_limit_on_the_persons_shown_and_fetch_no_part_after_it_is_passed(int antall, int hver, int vist, int kall) {
        List<Identitetsnummer> treff = IntStream.range(0, antall).mapToObj(i -> Testidenter.syntetisk(LocalDate.of(1950, 1, 1).plusDays(i), 100 + i % 800))
                .toList();
        List<Integer> deler = new ArrayList<>();

        Optional<List<Person>> svar = Treffliste.synlige(treff, 1000, 1000, del -> {
            deler.add(del.size());
            return del.stream().filter(id -> treff.indexOf(id) % hver == 0).map(TrefflisteTest::person).toList();
        });

        assertThat(deler).hasSize(kall).allMatch(n -> n <= 1000);
        if (vist < 0 || vist > 1000) {
            assertThat(svar).isEmpty();
        } else {
            assertThat(svar).get().asList().hasSize(vist);
        }
    }

    private static Person person(Identitetsnummer id) {
        return new Person(id, Personstatus.BOSATT, new Navn("Astrid", null, "Hauge"), null, null, Gradering.UGRADERT, null, null, null,
                false, "4601", null, List.of(), List.of(), List.of(), List.of());
    }
}
