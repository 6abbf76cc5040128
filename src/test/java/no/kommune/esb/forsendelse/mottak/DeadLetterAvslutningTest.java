package no.kommune.esb.forsendelse.mottak;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules of closing a dead letter without sending it (docs/forsendelse.md, "Closing a dead letter without sending"). */
class DeadLetterAvslutningTest {

    static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    static final String MOTTAKERBREV = "8f0c1c0e-3b1e-4b8e-9a59-1f6c2a7d9e01";

    @Nested
    class Begrunnelse {

        static Stream<Arguments> tabell() {
            return Stream.of(
                    Arguments.of("missing", null, "begrunnelse mangler"),
                    Arguments.of("empty", "", "begrunnelse mangler"),
                    Arguments.of("blank", "  \n ", "begrunnelse mangler"),
                    Arguments.of("one word", "duplikat", null),
                    Arguments.of("several lines", "Sendt manuelt per post.\nSe sak 2026/123.", null),
                    Arguments.of("exactly the limit", "x".repeat(DeadLetterAvslutning.MAKS_BEGRUNNELSE), null),
                    Arguments.of("one over the limit", "x".repeat(DeadLetterAvslutning.MAKS_BEGRUNNELSE + 1), "begrunnelse er lengre enn 500 tegn (501)"),
                    Arguments.of("a NUL", "ok\u0000", "begrunnelse kan ikke ha kontrolltegn (U+0000, tegn nr 3)"),
                    Arguments.of("a tab", "a\tb", "begrunnelse kan ikke ha kontrolltegn (U+0009, tegn nr 2)"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("tabell")
        void should_take_a_reason_of_at_most_500_visible_characters_and_never_quote_it_back(String tilfelle, String begrunnelse, String feil) {
            String svar = DeadLetterAvslutning.ugyldigBegrunnelse(begrunnelse);

            assertThat(svar).isEqualTo(feil);
            if (svar != null && begrunnelse != null && begrunnelse.length() > 2) {
                assertThat(svar).as("the reason itself is not echoed").doesNotContain(begrunnelse);
            }
        }
    }

    @Nested
    class Tilstand {

        static Stream<Arguments> tabell() {
            return Stream.of(
                    // state, redriven, closed, refusal of a close, refusal of a redrive
                    Arguments.of("open", null, null, null, null),
                    Arguments.of("redriven", T, null, "allerede-redrevet", "allerede-redrevet"),
                    Arguments.of("closed", null, T, "allerede-avsluttet", "avsluttet"));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("tabell")
        void should_settle_a_dead_letter_once_either_redriven_or_closed(String tilfelle, Instant redrevet, Instant avsluttet,
                                                                      String avslagAvslutning, String avslagRedrive) {
            ForsendelseRepository.DeadLetter d = new ForsendelseRepository.DeadLetter(UUID.randomUUID(), "forsendelse-send", MOTTAKERBREV,
                    "SvarUt er utilgjengelig (HTTP 502)", 3, T.minusSeconds(3600), redrevet, avsluttet, avsluttet == null ? null : "integrasjon",
                    avsluttet == null ? null : "behandlet manuelt", null);

            assertThat(DeadLetterAvslutning.kanAvsluttes(d).map(DeadLetterAvslutning.Avslag::type)).isEqualTo(Optional.ofNullable(avslagAvslutning));
            assertThat(DeadLetterAvslutning.kanRedrives(d).map(DeadLetterAvslutning.Avslag::type)).isEqualTo(Optional.ofNullable(avslagRedrive));
            DeadLetterAvslutning.kanRedrives(d).ifPresent(a -> assertThat(a.detalj()).as("no closing reason in a refusal").doesNotContain("behandlet manuelt"));
        }
    }

    @Nested
    class Mottakerbrev {

        static Stream<Arguments> tabell() {
            return Stream.of(
                    Arguments.of("a send dead letter", "forsendelse-send", MOTTAKERBREV, true),
                    Arguments.of("an unreadable letter's", "forsendelse-lasting", MOTTAKERBREV, true),
                    Arguments.of("an event delivery's", "hendelser-levering", "12/skole", false),
                    Arguments.of("an event delivery's whose reference looks like an id", "hendelser-levering", MOTTAKERBREV, false),
                    Arguments.of("one refused at intake", "forsendelse-mottak-jms", "ref-1", false),
                    Arguments.of("a send dead letter without reference", "forsendelse-send", null, false),
                    Arguments.of("a send dead letter whose reference is not an id", "forsendelse-send", "ikke-en-id", false));
        }

        @ParameterizedTest(name = "{0}")
        @MethodSource("tabell")
        void should_end_the_recipient_letter_only_of_a_letters_dead_letter(String tilfelle, String kilde, String referanse, boolean brev) {
            assertThat(DeadLetterAvslutning.mottakerbrev(kilde, referanse).isPresent()).isEqualTo(brev);
        }
    }

    @Nested
    class Utvalg {

        static Stream<Arguments> tabell() {
            return Stream.of(
                    Arguments.of("aapne", ForsendelseRepository.Utvalg.AAPNE),
                    Arguments.of("AVSLUTTET", ForsendelseRepository.Utvalg.AVSLUTTEDE),
                    Arguments.of("redrevet", ForsendelseRepository.Utvalg.REDREVNE),
                    Arguments.of("alle", ForsendelseRepository.Utvalg.ALLE),
                    Arguments.of("lukket", null),
                    Arguments.of("", null));
        }

        @ParameterizedTest(name = "\"{0}\" -> {1}")
        @MethodSource("tabell")
        void should_read_the_listings_filter_and_refuse_an_unknown_one(String navn, ForsendelseRepository.Utvalg utvalg) {
            assertThat(ForsendelseRepository.Utvalg.fra(navn)).isEqualTo(Optional.ofNullable(utvalg));
        }
    }
}
