package no.kommune.esb.forsendelse.mottak;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The comment on a manual case's resolution ({@code POST /api/manuell/{id}/loest}, the console's "Marker som løst"):
 * optional, else held to a dead letter's closing reason's check (at most 500 characters, lines allowed, no other control
 * character). Before, any text was taken, and a NUL failed the timeline row's insert with a 500.
 */
class LoesningKommentarTest {

    static Stream<Arguments> tabell() {
        return Stream.of(
                Arguments.of("none", null, null),
                Arguments.of("empty", "", null),
                Arguments.of("blank", "  ", null),
                Arguments.of("one line", "sendt via folkeregistermyndigheten", null),
                Arguments.of("several lines", "Ringt mottaker.\r\nSendt på papir.", null),
                Arguments.of("exactly the limit", "x".repeat(ForsendelseRepository.MAKS_KOMMENTAR), null),
                Arguments.of("one over the limit", "x".repeat(ForsendelseRepository.MAKS_KOMMENTAR + 1), "kommentar er lengre enn 500 tegn (501)"),
                Arguments.of("a NUL", "sendt\u0000", "kommentar kan ikke ha kontrolltegn (U+0000, tegn nr 6)"),
                Arguments.of("a tab", "a\tb", "kommentar kan ikke ha kontrolltegn (U+0009, tegn nr 2)"),
                Arguments.of("a lone surrogate", "ok\uD83D", "kommentar kan ikke ha halvt tegn (ensom surrogat) (U+D83D, tegn nr 3)"),
                Arguments.of("a noncharacter", "ok\uFFFF", "kommentar kan ikke ha ikke-tegn (U+FFFF, tegn nr 3)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tabell")
    void should_take_an_optional_comment_held_to_the_closing_reasons_rule_and_never_quote_it_back(String tilfelle, String kommentar, String feil) {
        String svar = ForsendelseRepository.ugyldigKommentar(kommentar);

        assertThat(svar).isEqualTo(feil);
        if (svar != null && kommentar.length() > 2) {
            assertThat(svar).as("the comment itself is not echoed").doesNotContain(kommentar.substring(0, 3));
        }
    }
}
