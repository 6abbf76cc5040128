package no.kommune.esb.forsendelse.flyt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Turning a stored letter row into a {@code Brev}: which field or invariant an unreadable row breaks, never its value. */
class BrevlesingTest {

    private static final String FNR = "02013299997";
    private static final String ORGNR = "974760673";
    private static final String REF_101 = "r".repeat(101);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown brevtype               | ref-1   | VEDTAK   | false | 02013299997 | PERSON       | brevtype is not a known Brevtype",
            "identity number fails mod-11   | ref-2   | FORMELL  | false | 02013299998 | PERSON       | mottaker is not a valid identitetsnummer",
            "organisation number not 9 long | ref-3   | FORMELL  | false | 97476067    | ORGANISASJON | mottaker is not a valid organisasjonsnummer",
            "reference over 100 characters  | REF_101 | FORMELL  | false | 02013299997 | PERSON       | Brev: eksternReferanse is longer than 100 characters",
            "blank reference                | ' '     | FORMELL  | false | 02013299997 | PERSON       | Brev: eksternReferanse is required",
            "no brevtype                    | ref-4   |          | false | 974760673   | ORGANISASJON | brevtype is not a known Brevtype",
    })
    void should_name_the_field_and_not_the_value_when_a_stored_letter_breaks_an_invariant(String tilfelle, String ref, String brevtype,
                                                                                        boolean gjelderBarn, String mottaker,
                                                                                        String mottakerType, String grunn) {
        String eksternRef = "REF_101".equals(ref) ? REF_101 : ref;
        assertThatThrownBy(() -> BehandlingRepository.tilBrev("skole", eksternRef, "Vedtak", brevtype, gjelderBarn, mottaker, mottakerType))
                .isInstanceOf(BehandlingRepository.UlastbartBrev.class)
                .hasMessage(grunn)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(mottaker).doesNotContain(REF_101));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "person             | " + FNR + "   | PERSON",
            "organisation       | " + ORGNR + " | ORGANISASJON",
    })
    void should_read_a_stored_letter_when_every_value_holds(String tilfelle, String mottaker, String mottakerType) {
        assertThat(BehandlingRepository.tilBrev("skole", "r".repeat(100), "Vedtak", "FORMELL", false, mottaker, mottakerType).eksternReferanse())
                .hasSize(100);
    }
}
