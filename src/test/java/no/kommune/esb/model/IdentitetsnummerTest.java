package no.kommune.esb.model;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentitetsnummerTest {

    static final Path VECTORS = Path.of("../shared/contracts/folkeregisteret/foedselsnummer.csv");

    @TestFactory
    Stream<DynamicTest> should_agree_with_every_vector_in_the_contract() throws IOException {
        Assumptions.assumeTrue(Files.exists(VECTORS), "SKIPPED: ../shared/contracts is absent, contract vectors not checked");
        return Files.readAllLines(VECTORS).stream().skip(1).filter(l -> !l.isBlank()).map(line -> {
            String[] f = line.split(",", 4);
            return DynamicTest.dynamicTest(f[3] + " " + Identitetsnummer.mask(f[0]), () -> {
                assertThat(Identitetsnummer.isValid(f[0])).as("valid").isEqualTo(Boolean.parseBoolean(f[2]));
                if (Boolean.parseBoolean(f[2])) {
                    assertThat(Identitetsnummer.of(f[0]).isSynthetic()).as("synthetic").isEqualTo(Boolean.parseBoolean(f[1]));
                }
            });
        });
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
            // the worked example of nyttfnr2032.md: classic k1 remainder 0
            "02013299997, classic control digits, true, FOEDSELSNUMMER",
            // same birth date and individual number, k1 remainder 1 (2032 rule)
            "02013299903, 2032 rule k1 remainder 1, true, FOEDSELSNUMMER",
            "41819077906, synthetic D-nummer, true, DNUMMER",
            "02013299998, wrong k2, false, ",
            "0201329999, ten digits, false, ",
            "0201329999x, not digits, false, ",
            "32013299997, day 32, false, ",
            // 29 February whenever the two year digits can be a leap year: the individual number does not give the century
            // (D-nummer 200-499 for 2000-2039 since 2021, sos-utvidelse-av-dnr-serien.md; none from 2032, nyttfnr2032.md),
            // so year 00 may be 2000, and only a year no century makes a leap year (99, 01) refuses 29 February
            "29020051386, 29 February 2000, true, FOEDSELSNUMMER",
            "69020051299, D-nummer of 29 February 2000, true, DNUMMER",
            "69020020083, D-nummer of 29 February 2000 from the extended series (individual number 200), true, DNUMMER",
            "69020049936, D-nummer of 29 February 2000 from the extended series (individual number 499), true, DNUMMER",
            "69020020091, D-nummer of 29 February 2000 with individual number 200 and the 2032 k1 rule, true, DNUMMER",
            "69820020049, synthetic D-nummer of 29 February 2000 with individual number 200, true, DNUMMER",
            "29020012380, 29 February 00 with individual number 123 (a 2032 number may be born 2000), true, FOEDSELSNUMMER",
            "29020099974, 29 February 2000 with the 2032 k1 rule, true, FOEDSELSNUMMER",
            "69029620032, D-nummer of 29 February 96 (a leap year in every century), true, DNUMMER",
            "29029912392, 29 February 1999, false, ",
            "69029912386, D-nummer of 29 February 1999, false, ",
            "69020120002, D-nummer of 29 February 01 (no leap year in any century), false, ",
            "30020012338, 30 February, false, ",
            "70020020022, D-nummer of 30 February, false, ",
            "31040012349, 31 April, false, ",
            "29040012360, 29 April 00, true, FOEDSELSNUMMER",
            // digits of other scripts are refused, not read as 0-9 (Character.isDigit and Integer.parseInt take them)
            "０２０１３２９９９９７, fullwidth digits, false, ",
            "0201329999７, one fullwidth digit, false, ",
            "٠٢٠١٣٢٩٩٩٩٧, Arabic-Indic digits, false, "
    })
    void should_validate_table(String value, String why, boolean valid, String type) {
        assertThat(Identitetsnummer.isValid(value)).as(why).isEqualTo(valid);
        if (valid) {
            assertThat(Identitetsnummer.of(value).type()).isEqualTo(Identitetsnummer.Type.valueOf(type));
        } else {
            // the refusal says why without the number (DOMAIN.md "Identity numbers")
            assertThatThrownBy(() -> Identitetsnummer.of(value)).isInstanceOf(UgyldigIdentitetsnummerException.class)
                    .hasMessageNotContaining(value);
        }
    }

    // The one rule for identity numbers in text (maskIn): the flows' own log lines and shown texts, and the log's safety
    // net (platform.logg, logback-spring.xml). Merged from the tests of maskIn and of the net's former Loggmaskering;
    // the rows marked (new) failed on one or both of the two rules before
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # a text                                                                       | as it is logged or shown
            /api/fagsystemer/lonn/portefolje/02013299997?x=41819077906                     | /api/fagsystemer/lonn/portefolje/020132*****?x=418190*****
            Rollback file strategy: ... for file: RemoteFile[lonn/vask/inn/vask-01819004060.csv] | Rollback file strategy: ... for file: RemoteFile[lonn/vask/inn/vask-018190*****.csv]
            File already exist: lonn/vask/ut/vask-01019012345-svar-20261206-101010123-1a2b3c4d.csv | File already exist: lonn/vask/ut/vask-010190*****-svar-20261206-101010123-1a2b3c4d.csv
            a D-nummer 41019012345 and an invalid number 01019012346                       | a D-nummer 410190***** and an invalid number 010190*****
            stuck to letters: vaskb01019012345x.csv                                        | stuck to letters: vaskb010190*****x.csv
            two in one line: 01019012345/02029012345                                       | two in one line: 010190*****/020290*****
            a replacement-like $1 and \\ stays 01019012345                                 | a replacement-like $1 and \\ stays 010190*****
            (new) a number at the start of a longer run 0101901234520240101               | (new) a number at the start of a longer run 010190*************
            (new) a number at the end of a longer run 2024010101019012345                 | (new) a number at the end of a longer run 202401*************
            (new) a 12-digit number 123456789012 and a 10-digit one 1234567890             | (new) a 12-digit number 123456****** and a 10-digit one 1234567890
            (new) epoch milliseconds 1764000000000, sekvensnummer 1234567, offset 9876543210 | (new) epoch milliseconds 176400*******, sekvensnummer 1234567, offset 9876543210
            errorId=974c5ba6-ffc9-432a-89a9-123456789012 (HTTP 500)                        | errorId=974c5ba6-ffc9-432a-89a9-123456789012 (HTTP 500)
            (new) uuid with an 11-digit run: 974c5ba6-ffc9-432a-89a9-a12345678901         | (new) uuid with an 11-digit run: 974c5ba6-ffc9-432a-89a9-a12345678901
            (new) Failed delivery for (MessageId: 4E90F02C38BF533-000000000000016C on ExchangeId: 12345678901ABCD-000000000000016C) | (new) Failed delivery for (MessageId: 4E90F02C38BF533-000000000000016C on ExchangeId: 12345678901ABCD-000000000000016C)
            not a uuid (a letter before it): x974c5ba6-ffc9-432a-89a9-a12345678901         | not a uuid (a letter before it): x974c5ba6-ffc9-432a-89a9-a123456*****
            """)
    void should_mask_identity_numbers_in_text_also_inside_longer_digit_runs_and_keep_uuids_and_camel_ids_whole(String tekst, String maskert) {
        assertThat(Identitetsnummer.maskIn(tekst)).isEqualTo(maskert);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no digits at all
            ten digits 1234567890 only
            """)
    void should_return_a_text_without_an_11_digit_run_as_it_is(String tekst) {
        assertThat(Identitetsnummer.maskIn(tekst)).isSameAs(tekst);
    }

    @Test
    void should_mask_null_text_as_empty() {
        assertThat(Identitetsnummer.maskIn(null)).isEmpty();
    }

    @Test
    void should_mask_itself_in_toString_and_errors() {
        Identitetsnummer id = Identitetsnummer.of("02013299997");
        assertThat(id.toString()).isEqualTo("020132*****").doesNotContain("99997");
        assertThatThrownBy(() -> Identitetsnummer.of("02013299998"))
                .isInstanceOf(UgyldigIdentitetsnummerException.class)
                .hasMessageContaining("020132*****")
                .hasMessageNotContaining("02013299998");
    }
}
