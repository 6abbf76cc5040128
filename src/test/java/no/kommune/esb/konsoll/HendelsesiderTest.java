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
                Arguments.of("an unknown fagsystem, as HendelseApi words it", avvisning("fagsystem=skole2&fra=1&til=2"),
                        "unknown fagsystem skole2", null),
                Arguments.of("a range out of bounds, as HendelseApi words it", avvisning("fagsystem=skole&fra=2&til=1"),
                        "fra and til must satisfy 1 <= fra <= til and cover at most 10000 events", null),
                // before session 32 any IllegalArgumentException's message was shown as if HendelseApi had said it
                Arguments.of("bad data from deeper down: its kind, never its message", new IllegalArgumentException("Kari Nordmann, Hemmeligveien 7, tlf 912 34 567"),
                        null, "Kari"),
                Arguments.of("an unknown element from deeper down: its kind, never its message", new NoSuchElementException("Kari Nordmann, Hemmeligveien 7"),
                        null, "Hemmeligveien"),
                Arguments.of("a mapping that failed: its reason, not where the machine keeps the folder",
                        new MappingException(Path.of("/srv/esb/data/mappinger/skole/elev.jsonata"), "JSONata failed with T2001 at character 14"),
                        "mappingen feilet: JSONata failed with T2001 at character 14", "/srv/esb"),
                Arguments.of("a register that failed half-way: in the register words, not the client's message",
                        new RegisterException("folkeregisteret", RegisterException.Kind.UNAVAILABLE, 503, "GET https://freg.intern:8443/api/v1 failed"),
                        null, "https://freg.intern"),
                Arguments.of("anything else: its kind, never a Java class or its message",
                        new NullPointerException("Cannot invoke \"String.length()\" because \"dokument\" is null"), null, "dokument"));
    }

    /** What HendelseApi throws for a refused request, from a real call with no registration behind it but skole's. */
    private static RuntimeException avvisning(String skjema) {
        java.util.Map<String, String> p = new java.util.HashMap<>();
        for (String del : skjema.split("&")) {
            p.put(del.substring(0, del.indexOf('=')), del.substring(del.indexOf('=') + 1));
        }
        no.kommune.esb.hendelser.FagsystemRegistry registry = org.mockito.Mockito.mock(no.kommune.esb.hendelser.FagsystemRegistry.class);
        org.mockito.Mockito.when(registry.finn("skole")).thenReturn(java.util.Optional.of(org.mockito.Mockito.mock(no.kommune.esb.hendelser.Fagsystem.class)));
        try {
            new no.kommune.esb.hendelser.flyt.HendelseApi(null, null, registry, null)
                    .replay(p.get("fagsystem"), Long.parseLong(p.get("fra")), Long.parseLong(p.get("til")), "true");
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("not refused: " + skjema);
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
        if (forventet == null && !(e instanceof RegisterException)) {
            assertThat(vist).as("a vague kind names the component and the error id of its log line").matches(".* \\(konsollet \\(replay\\), feil-id [0-9a-f]{8}\\)");
        }
    }
}
