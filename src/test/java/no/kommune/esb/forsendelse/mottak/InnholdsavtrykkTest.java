package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class InnholdsavtrykkTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] PDF = no.kommune.esb.TestPdf.gyldig("vedtak");
    static final byte[] ANNEN_PDF = no.kommune.esb.TestPdf.gyldig("rettet");
    final InnleveringValidator validator = new InnleveringValidator(List.of("skole"), 1000);

    static ObjectNode metadata() {
        ObjectNode m = InnleveringValidatorTest.metadata().put("brevtype", "TJENESTEMELDING").put("varseltekst", "Vannet stenges");
        return m;
    }

    static Stream<Arguments> tilfeller() {
        return Stream.of(
                // same: what the platform does not store or send
                Arguments.of("the same letter", (Consumer<ObjectNode>) m -> { }, PDF, true, true),
                Arguments.of("another key order and an unknown field", (Consumer<ObjectNode>) m -> {
                    m.remove("tittel");
                    m.put("tittel", "Vedtak om skoleskyss").put("kommentar", "sendt på nytt");
                }, PDF, true, true),
                Arguments.of("SMS text with white space around it", (Consumer<ObjectNode>) m -> m.put("varseltekst", "  Vannet stenges "), PDF, true, true),
                Arguments.of("mimeType in other case around spaces", (Consumer<ObjectNode>) m -> ((ObjectNode) m.get("dokumenter").get(0))
                        .put("mimeType", " application/pdf "), PDF, true, true),
                // different
                Arguments.of("another title", (Consumer<ObjectNode>) m -> m.put("tittel", "Vedtak om skoleskyss (rettet)"), PDF, false, true),
                Arguments.of("another recipient", (Consumer<ObjectNode>) m -> m.put("mottaker", "02013299903"), PDF, false, true),
                Arguments.of("not for a child", (Consumer<ObjectNode>) m -> m.put("gjelderBarn", false), PDF, false, true),
                Arguments.of("without SMS text", (Consumer<ObjectNode>) m -> m.remove("varseltekst"), PDF, false, true),
                Arguments.of("documents in another order", (Consumer<ObjectNode>) m -> {
                    ObjectNode forste = (ObjectNode) m.get("dokumenter").get(0);
                    m.withArray("dokumenter").remove(0);
                    m.withArray("dokumenter").add(forste);
                }, PDF, false, true),
                Arguments.of("a corrected PDF under the same metadata", (Consumer<ObjectNode>) m -> { }, ANNEN_PDF, true, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tilfeller")
    void should_tell_the_same_letter_from_another_under_the_same_reference(String tilfelle, Consumer<ObjectNode> endring, byte[] vedtak,
                                                                          boolean sammeMetadata, boolean sammeDokumenter) {
        Innholdsavtrykk forste = Innholdsavtrykk.av(validator.valider(metadata(), vedlegg(PDF)).innlevering());
        ObjectNode m = metadata();
        endring.accept(m);

        Innholdsavtrykk andre = Innholdsavtrykk.av(validator.valider(m, vedlegg(vedtak)).innlevering());

        assertThat(andre.metadata().equals(forste.metadata())).as("same metadata").isEqualTo(sammeMetadata);
        assertThat(andre.dokumenter().equals(forste.dokumenter())).as("same documents").isEqualTo(sammeDokumenter);
        assertThat(Innholdsavtrykk.metadata(m)).as("read from the JSON alone").isEqualTo(andre.metadata());
    }

    private static List<InnleveringVedlegg> vedlegg(byte[] vedtak) {
        return List.of(new InnleveringVedlegg("vedtak.pdf", vedtak), new InnleveringVedlegg("vedlegg.pdf", PDF));
    }
}
