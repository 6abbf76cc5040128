package no.kommune.esb.forsendelse.mottak;

import no.kommune.esb.TestPdf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class PdfKontrollTest {

    final PdfKontroll kontroll = new PdfKontroll();

    @Test
    void should_accept_a_plain_one_page_pdf() {
        assertThat(kontroll.kontroller(TestPdf.gyldig("Vedtak om skoleskyss"))).isEmpty();
    }

    static Stream<Arguments> fiendtlige() {
        return Stream.of(
                Arguments.of("no PDF at all", "<html>".getBytes(StandardCharsets.US_ASCII), PdfKontroll.Funn.IKKE_PDF),
                Arguments.of("%PDF- and nothing more", TestPdf.bareStarten(), PdfKontroll.Funn.SKADET),
                Arguments.of("cut off half-way", TestPdf.avkortet(), PdfKontroll.Funn.AVKORTET),
                Arguments.of("JavaScript run when opened", TestPdf.medJavaScriptVedAapning(), PdfKontroll.Funn.JAVASCRIPT),
                Arguments.of("JavaScript in the name tree", TestPdf.medJavaScriptINavnetreet(), PdfKontroll.Funn.JAVASCRIPT),
                Arguments.of("JavaScript behind a link", TestPdf.medJavaScriptILenke(), PdfKontroll.Funn.JAVASCRIPT),
                Arguments.of("encrypted, opens without a password", TestPdf.kryptert(), PdfKontroll.Funn.KRYPTERT),
                Arguments.of("encrypted with a user password", TestPdf.passordbeskyttet(), PdfKontroll.Funn.KRYPTERT),
                Arguments.of("a file in the EmbeddedFiles name tree", TestPdf.medInnebygdFil(), PdfKontroll.Funn.INNEBYGD_FIL),
                Arguments.of("a file attachment annotation", TestPdf.medFilvedlegg(), PdfKontroll.Funn.INNEBYGD_FIL),
                // found by the hostile-input run (issue #15, R5): a Launch action was let through
                Arguments.of("a Launch action that starts a program when opened", TestPdf.medStartprogram(), PdfKontroll.Funn.STARTER_PROGRAM),
                Arguments.of("an XFA form", TestPdf.medXfaSkjema(), PdfKontroll.Funn.XFA_SKJEMA),
                Arguments.of("a link that submits the form to a server", TestPdf.medSendSkjema(), PdfKontroll.Funn.SENDER_DATA),
                Arguments.of("an ImportData action run when opened", TestPdf.medHentData(), PdfKontroll.Funn.SENDER_DATA),
                Arguments.of("a valid PDF's bytes with the middle overwritten", overskrevet(), PdfKontroll.Funn.SKADET));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fiendtlige")
    void should_refuse_a_hostile_or_broken_pdf_with_the_reason(String tilfelle, byte[] innhold, PdfKontroll.Funn forventet) {
        assertThat(kontroll.kontroller(innhold)).containsExactly(forventet);
    }

    @Test
    void should_give_each_finding_a_problem_type_and_a_text_without_document_content() {
        for (PdfKontroll.Funn f : PdfKontroll.Funn.values()) {
            assertThat(f.kode()).matches("[a-z-]+");
            assertThat(f.tekst()).isNotBlank();
        }
    }

    /** Header and %%EOF intact, everything between replaced: nothing to parse. */
    private static byte[] overskrevet() {
        byte[] b = TestPdf.gyldig("overskrevet");
        Arrays.fill(b, 16, b.length - 8, (byte) 'x');
        return b;
    }
}
