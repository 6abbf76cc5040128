package no.kommune.esb.forsendelse.mottak;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static no.kommune.esb.forsendelse.mottak.Teksttegn.Felt.FLERLINJET;
import static no.kommune.esb.forsendelse.mottak.Teksttegn.Felt.NOEKKEL;
import static no.kommune.esb.forsendelse.mottak.Teksttegn.Felt.TEKST;
import static org.assertj.core.api.Assertions.assertThat;

class TeksttegnTest {

    static Stream<Arguments> tilfeller() {
        return Stream.of(
                Arguments.of("plain Norwegian text", "Vedtak om skyss – Åse", TEKST, null),
                Arguments.of("emoji (a surrogate pair)", "Hei 😀", TEKST, null),
                Arguments.of("soft hyphen in free text", "skole\u00ADskyss", TEKST, null),
                Arguments.of("soft hyphen in a key", "skole\u00ADskyss", NOEKKEL, "usynlig formattegn (U+00AD, tegn nr 6)"),
                Arguments.of("NUL", "ab\u0000", TEKST, "kontrolltegn (U+0000, tegn nr 3)"),
                Arguments.of("position counts a surrogate pair as one character", "😀\u0000", TEKST, "kontrolltegn (U+0000, tegn nr 2)"),
                Arguments.of("DEL", "a\u007F", TEKST, "kontrolltegn (U+007F, tegn nr 2)"),
                Arguments.of("C1 control", "a\u0085", FLERLINJET, "kontrolltegn (U+0085, tegn nr 2)"),
                Arguments.of("tab", "a\tb", FLERLINJET, "kontrolltegn (U+0009, tegn nr 2)"),
                Arguments.of("line feed in one-line text", "a\nb", TEKST, "kontrolltegn (U+000A, tegn nr 2)"),
                Arguments.of("line feed and carriage return in several lines", "a\r\nb", FLERLINJET, null),
                Arguments.of("lone high surrogate", "a\uD83D", FLERLINJET, "halvt tegn (ensom surrogat) (U+D83D, tegn nr 2)"),
                Arguments.of("lone low surrogate", "\uDE00a", TEKST, "halvt tegn (ensom surrogat) (U+DE00, tegn nr 1)"),
                Arguments.of("noncharacter U+FFFE", "\uFFFE", TEKST, "ikke-tegn (U+FFFE, tegn nr 1)"),
                Arguments.of("noncharacter U+FDD0", "\uFDD0", TEKST, "ikke-tegn (U+FDD0, tegn nr 1)"),
                Arguments.of("noncharacter at the end of plane 1", new String(Character.toChars(0x1FFFF)), TEKST, "ikke-tegn (U+1FFFF, tegn nr 1)"),
                Arguments.of("right-to-left override in a key", "ref\u202E1", NOEKKEL, "usynlig formattegn (U+202E, tegn nr 4)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tilfeller")
    void should_name_the_first_character_a_field_may_not_hold(String tilfelle, String tekst, Teksttegn.Felt felt, String grunn) {
        assertThat(Teksttegn.ugyldig(tekst, felt)).isEqualTo(grunn);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tilfeller")
    void should_make_every_text_storable_when_shown(String tilfelle, String tekst, Teksttegn.Felt felt, String grunn) {
        assertThat(Teksttegn.ugyldig(Teksttegn.synlig(tekst), FLERLINJET)).isNull();
    }
}
