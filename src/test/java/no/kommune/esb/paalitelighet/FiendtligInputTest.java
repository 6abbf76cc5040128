package no.kommune.esb.paalitelighet;

import no.kommune.esb.model.Identitetsnummer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** R5's check that a refusal echoes no digit run: the runs {@link Identitetsnummer#maskIn} masks, no more, no fewer. */
class FiendtligInputTest {

    static final String FNR = PersonvernskannerTest.FNR;

    static Stream<Arguments> tilfeller() {
        return Stream.of(
                Arguments.of("an 11-digit number", "ugyldig mottaker " + FNR, true),
                Arguments.of("11 digits with wrong control digits", "ugyldig mottaker 02013299998", true),
                // the old check took exactly 11 digits only: maskIn masks a longer run too
                Arguments.of("a number with a digit added (R5's '12 digits')", "ugyldig mottaker " + FNR + "0", true),
                Arguments.of("a number inside a longer run", "ref 1" + FNR + "1", true),
                Arguments.of("1,000 digits", "1".repeat(1000), true),
                Arguments.of("a masked number", "ugyldig mottaker 020132*****", false),
                Arguments.of("a longer run as maskIn masks it", Identitetsnummer.maskIn("ref 1" + FNR + "1"), false),
                Arguments.of("a UUID whose last group is 12 digits", "brev c0a80101-7f3e-4a1b-9c2d-0" + FNR + " finnes ikke", false),
                Arguments.of("a Camel exchange id", "feil-id 4E90F02C38BF533-0000" + FNR + "0", false),
                Arguments.of("10 digits", "storrelse 1234567890", false),
                Arguments.of("no answer", null, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tilfeller")
    void should_find_a_digit_run_in_a_refusal_exactly_where_maskIn_masks_one(String tilfelle, String svar, boolean forventet) {
        assertThat(FiendtligInput.harSifferrekke(svar)).isEqualTo(forventet);
    }
}
