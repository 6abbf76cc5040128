package no.kommune.esb.paalitelighet;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The smoke version of R5 in the normal build: every fifth case of {@link FiendtligKatalog} (about 70, every intake),
 * against the shared end-to-end platform. The whole catalogue runs with {@code -Preliability}
 * ({@link R5R6FiendtligInputPersonvernTest}).
 */
class FiendtligInputEndToEndTest extends FiendtligInput {

    @Test
    void should_answer_every_fifth_hostile_input_of_the_catalogue_with_a_clear_refusal_and_stay_up() {
        List<Tilfelle> alle = FiendtligKatalog.alle();
        List<Tilfelle> utvalg = IntStream.range(0, alle.size()).filter(i -> i % 5 == 0).mapToObj(alle::get).toList();

        List<Resultat> resultater = kjoer(utvalg, skanner());

        assertThat(resultater.stream().map(r -> r.tilfelle().inntak()).distinct()).as("every intake").hasSize(Tilfelle.Inntak.values().length);
        assertThat(resultater.stream().filter(r -> !r.bestaatt()).map(Resultat::somRad)).as("cases that did not get a clear refusal").isEmpty();
        assertThat(helse()).isEqualTo("UP");
    }
}
