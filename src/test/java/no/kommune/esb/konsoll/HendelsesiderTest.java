package no.kommune.esb.konsoll;

import no.kommune.esb.mapping.MappingException;
import no.kommune.esb.register.RegisterException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** How the console words a refused replay or dry run: the request's refusal as said, any other failure by its kind. */
class HendelsesiderTest {

    static Stream<Arguments> avvisninger() {
        return Stream.of(
                Arguments.of("an unknown fagsystem, as HendelseApi words it", new NoSuchElementException("unknown fagsystem skole2"),
                        "unknown fagsystem skole2", null),
                Arguments.of("a range out of bounds, as HendelseApi words it", new IllegalArgumentException("fra and til must satisfy 1 <= fra <= til"),
                        "fra and til must satisfy 1 <= fra <= til", null),
                Arguments.of("a mapping that failed: its reason, not where the machine keeps the folder",
                        new MappingException(Path.of("/srv/esb/data/mappinger/skole/elev.jsonata"), "JSONata failed with T2001 at character 14"),
                        "mappingen feilet: JSONata failed with T2001 at character 14", "/srv/esb"),
                Arguments.of("a register that failed half-way: in the register words, not the client's message",
                        new RegisterException("folkeregisteret", RegisterException.Kind.UNAVAILABLE, 503, "GET https://freg.intern:8443/api/v1 failed"),
                        null, "https://freg.intern"),
                Arguments.of("anything else: its kind, never a Java class or its message",
                        new NullPointerException("Cannot invoke \"String.length()\" because \"dokument\" is null"), "uventet feil", "dokument"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("avvisninger")
    void should_word_a_refused_replay_without_an_exceptions_message_or_a_folder(String tilfelle, RuntimeException e, String forventet, String aldri) {
        String vist = Hendelsesider.avvisning(e);

        if (forventet != null) {
            assertThat(vist).isEqualTo(forventet);
        }
        if (aldri != null) {
            assertThat(vist).doesNotContain(aldri);
        }
        assertThat(vist).doesNotContain("Exception").isNotBlank();
    }
}
