package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.TestPdf;
import no.kommune.esb.forsendelse.Brevtype;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class InnleveringValidatorTest {

    static final String FNR = "02013299997";
    static final String FNR_FEIL_KONTROLL = "02013299998";
    static final String ORGNR = "974760673";
    static final byte[] PDF = TestPdf.gyldig("vedtak");

    static final ObjectMapper JSON = new ObjectMapper();
    final InnleveringValidator validator = new InnleveringValidator(List.of("skole", "barnevern"), 100_000);

    static ObjectNode metadata() {
        ObjectNode m = JSON.createObjectNode()
                .put("avsenderSystem", "skole")
                .put("eksternReferanse", "vedtak-1")
                .put("tittel", "Vedtak om skoleskyss")
                .put("mottaker", FNR)
                .put("brevtype", "FORMELL")
                .put("gjelderBarn", true);
        m.putArray("dokumenter").add(dok("vedtak.pdf")).add(dok("vedlegg.pdf"));
        return m;
    }

    static ObjectNode dok(String filnavn) {
        return JSON.createObjectNode().put("filnavn", filnavn).put("mimeType", "application/pdf");
    }

    static List<InnleveringVedlegg> toPdfer() {
        return List.of(new InnleveringVedlegg("vedtak.pdf", PDF), new InnleveringVedlegg("vedlegg.pdf", PDF));
    }

    @Test
    void should_accept_a_letter_with_two_pdfs_to_a_person() {
        InnleveringResultat r = validator.valider(metadata(), toPdfer());

        assertThat(r.feil()).isEmpty();
        Innlevering brev = r.innlevering();
        assertThat(brev.mottakertype()).isEqualTo(Innlevering.Mottakertype.PERSON);
        assertThat(brev.brevtype()).isEqualTo(Brevtype.FORMELL);
        assertThat(brev.gjelderBarn()).isTrue();
        assertThat(brev.dokumenter()).extracting(Innlevering.Dokument::filnavn).containsExactly("vedtak.pdf", "vedlegg.pdf");
        assertThat(brev.toString()).doesNotContain(FNR).contains("020132*****");
    }

    @Test
    void should_accept_an_organisation_as_recipient_and_gjelderBarn_absent() {
        ObjectNode m = metadata().put("mottaker", ORGNR).put("brevtype", "TJENESTEMELDING");
        m.remove("gjelderBarn");

        InnleveringResultat r = validator.valider(m, toPdfer());

        assertThat(r.feil()).isEmpty();
        assertThat(r.innlevering().mottakertype()).isEqualTo(Innlevering.Mottakertype.ORGANISASJON);
        assertThat(r.innlevering().gjelderBarn()).isFalse();
    }

    @Test
    void should_keep_the_short_text_of_a_service_message_and_leave_it_out_of_toString() {
        ObjectNode m = metadata().put("brevtype", "TJENESTEMELDING").put("varseltekst", "  Vannet stenges tirsdag 08-12 i Storgata  ");

        InnleveringResultat r = validator.valider(m, toPdfer());

        assertThat(r.feil()).isEmpty();
        assertThat(r.innlevering().varseltekst()).isEqualTo("Vannet stenges tirsdag 08-12 i Storgata");
        assertThat(r.innlevering().toString()).doesNotContain("Storgata").contains("varseltekst=39 tegn");
    }

    @Test
    void should_accept_a_service_message_without_a_short_text_its_title_is_sent() {
        ObjectNode m = metadata().put("brevtype", "TJENESTEMELDING");

        InnleveringResultat r = validator.valider(m, toPdfer());

        assertThat(r.feil()).isEmpty();
        assertThat(r.innlevering().varseltekst()).isNull();
    }

    static Stream<Arguments> ugyldige() {
        return Stream.of(
                feil("unknown sender system", m -> m.put("avsenderSystem", "ukjent"), toPdfer(), "/avsenderSystem", "ikke et kjent fagsystem"),
                feil("missing sender system", m -> m.remove("avsenderSystem"), toPdfer(), "/avsenderSystem", "avsenderSystem mangler"),
                feil("missing external reference", m -> m.put("eksternReferanse", " "), toPdfer(), "/eksternReferanse", "eksternReferanse mangler"),
                feil("too long external reference", m -> m.put("eksternReferanse", "x".repeat(101)), toPdfer(), "/eksternReferanse", "lengre enn 100"),
                feil("missing title", m -> m.remove("tittel"), toPdfer(), "/tittel", "tittel mangler"),
                feil("identity number with wrong control digits", m -> m.put("mottaker", FNR_FEIL_KONTROLL), toPdfer(), "/mottaker", "control digits do not match"),
                feil("identity number with a date that is no date", m -> m.put("mottaker", "32013299997"), toPdfer(), "/mottaker", "date part is not a date"),
                feil("organisation number with wrong control digit", m -> m.put("mottaker", "974760674"), toPdfer(), "/mottaker", "kontrollsifferet (mod 11) må stemme"),
                feil("organisation number with a letter", m -> m.put("mottaker", "97476067A"), toPdfer(), "/mottaker", "ikke et gyldig organisasjonsnummer"),
                feil("recipient of ten digits", m -> m.put("mottaker", "0201329999"), toPdfer(), "/mottaker", "11 siffer"),
                feil("recipient with letters", m -> m.put("mottaker", "0201329999X"), toPdfer(), "/mottaker", "must be 11 digits"),
                feil("missing recipient", m -> m.remove("mottaker"), toPdfer(), "/mottaker", "mottaker mangler"),
                feil("child letter to an organisation", m -> m.put("mottaker", ORGNR), toPdfer(), "/gjelderBarn", "krever at mottaker er en person"),
                feil("unknown letter type", m -> m.put("brevtype", "VEDTAK"), toPdfer(), "/brevtype", "FORMELL eller TJENESTEMELDING"),
                feil("SMS text on a formal letter", m -> m.put("varseltekst", "Husk tannlegetimen"), toPdfer(), "/varseltekst", "bare TJENESTEMELDING"),
                feil("SMS text longer than three SMS", m -> m.put("brevtype", "TJENESTEMELDING").put("varseltekst", "x".repeat(481)), toPdfer(),
                        "/varseltekst", "lengre enn 480"),
                feil("SMS text that is not text", m -> m.put("brevtype", "TJENESTEMELDING").put("varseltekst", 42), toPdfer(), "/varseltekst", "må være en tekst"),
                feil("service message whose title is too long for an SMS and no SMS text", m -> m.put("brevtype", "TJENESTEMELDING")
                        .put("tittel", "x".repeat(481)), toPdfer(), "/varseltekst", "varseltekst mangler"),
                feil("no documents", m -> m.putArray("dokumenter"), List.of(), "/dokumenter", "ingen dokumenter"),
                // found by the hostile-input run (issue #15, R5): an object here was a NullPointerException and a 500
                feil("documents as an object instead of a list", m -> m.putObject("dokumenter").put("filnavn", "vedtak.pdf"), toPdfer(), "/dokumenter",
                        "ingen dokumenter"),
                feil("documents as a list of numbers and null", m -> m.putArray("dokumenter").add(1).addNull(), toPdfer(), "/dokumenter/0/filnavn",
                        "filnavn mangler"),
                feil("document whose content is not a PDF", m -> { }, List.of(new InnleveringVedlegg("vedtak.pdf", "hei".getBytes()),
                        new InnleveringVedlegg("vedlegg.pdf", PDF)), "/dokumenter/0", "ikke en PDF"),
                feil("document with JavaScript run when opened", m -> { }, List.of(new InnleveringVedlegg("vedtak.pdf", TestPdf.medJavaScriptVedAapning()),
                        new InnleveringVedlegg("vedlegg.pdf", PDF)), "/dokumenter/0", "dokument 1: PDF-en inneholder JavaScript"),
                feil("document that only starts like a PDF", m -> { }, List.of(new InnleveringVedlegg("vedtak.pdf", PDF),
                        new InnleveringVedlegg("vedlegg.pdf", TestPdf.bareStarten())), "/dokumenter/1", "dokument 2: PDF-en kan ikke leses"),
                feil("encrypted document", m -> { }, List.of(new InnleveringVedlegg("vedtak.pdf", TestPdf.passordbeskyttet()),
                        new InnleveringVedlegg("vedlegg.pdf", PDF)), "/dokumenter/0", "kryptert"),
                feil("document with an embedded file", m -> { }, List.of(new InnleveringVedlegg("vedtak.pdf", TestPdf.medFilvedlegg()),
                        new InnleveringVedlegg("vedlegg.pdf", PDF)), "/dokumenter/0", "innebygde filer"),
                feil("document declared as another type", m -> ((ObjectNode) m.get("dokumenter").get(1)).put("mimeType", "text/plain"),
                        toPdfer(), "/dokumenter/1/mimeType", "bare application/pdf"),
                feil("document larger than the limit", m -> { }, List.of(new InnleveringVedlegg("vedtak.pdf", stor()),
                        new InnleveringVedlegg("vedlegg.pdf", PDF)), "/dokumenter/0", "maks 100000"),
                feil("file name SvarUt refuses", m -> ((ObjectNode) m.get("dokumenter").get(0)).put("filnavn", "vedtak?.pdf"),
                        List.of(new InnleveringVedlegg("vedtak?.pdf", PDF), new InnleveringVedlegg("vedlegg.pdf", PDF)), "/dokumenter", "ulovlig tegn"),
                feil("duplicate file names in the metadata", m -> ((ObjectNode) m.get("dokumenter").get(1)).put("filnavn", "VEDTAK.pdf"),
                        List.of(new InnleveringVedlegg("vedtak.pdf", PDF), new InnleveringVedlegg("VEDTAK.pdf", PDF)), "/dokumenter", "brukt av et tidligere dokument"),
                feil("duplicate uploaded parts", m -> { }, List.of(new InnleveringVedlegg("vedtak.pdf", PDF), new InnleveringVedlegg("vedtak.pdf", PDF),
                        new InnleveringVedlegg("vedlegg.pdf", PDF)), "/dokumenter", "samme filnavn som en tidligere del"),
                feil("metadata document without an uploaded part", m -> { }, List.of(new InnleveringVedlegg("vedtak.pdf", PDF)), "/dokumenter/1", "ingen opplastet del"),
                feil("NUL in the title", m -> m.put("tittel", "Vedtak\u0000om skyss"), toPdfer(), "/tittel", "kontrolltegn (U+0000, tegn nr 7)"),
                feil("line break in the title", m -> m.put("tittel", "Vedtak\nom skyss"), toPdfer(), "/tittel", "kontrolltegn (U+000A"),
                feil("NUL in the external reference", m -> m.put("eksternReferanse", "vedtak-1\u0000"), toPdfer(), "/eksternReferanse", "kontrolltegn (U+0000"),
                feil("zero-width space in the external reference", m -> m.put("eksternReferanse", "vedtak\u200B-1"), toPdfer(), "/eksternReferanse", "usynlig formattegn"),
                feil("lone surrogate in the title", m -> m.put("tittel", "Vedtak \uD800"), toPdfer(), "/tittel", "ensom surrogat"),
                feil("noncharacter in the title", m -> m.put("tittel", "Vedtak \uFFFF"), toPdfer(), "/tittel", "ikke-tegn"),
                feil("NUL in the sender system", m -> m.put("avsenderSystem", "skole\u0000"), toPdfer(), "/avsenderSystem", "kontrolltegn"),
                feil("control character in the SMS text", m -> m.put("brevtype", "TJENESTEMELDING").put("varseltekst", "Vann\u0007 stenges"),
                        toPdfer(), "/varseltekst", "kontrolltegn (U+0007"),
                feil("NUL in a document's file name", m -> ((ObjectNode) m.get("dokumenter").get(1)).put("filnavn", "vedlegg\u0000.pdf"),
                        List.of(new InnleveringVedlegg("vedtak.pdf", PDF), new InnleveringVedlegg("vedlegg\u0000.pdf", PDF)), "/dokumenter/1/filnavn", "kontrolltegn"),
                feil("NUL in a document's type", m -> ((ObjectNode) m.get("dokumenter").get(0)).put("mimeType", "application/pdf\u0000"),
                        toPdfer(), "/dokumenter/0/mimeType", "kontrolltegn"),
                feil("identity number in fullwidth digits", m -> m.put("mottaker", "\uff10\uff12\uff10\uff11\uff13\uff12\uff19\uff19\uff19\uff19\uff17"),
                        toPdfer(), "/mottaker", "must be 11 digits (0-9)"),
                feil("organisation number in fullwidth digits", m -> m.put("mottaker", "\uff19\uff17\uff14\uff17\uff16\uff10\uff16\uff17\uff13"),
                        toPdfer(), "/mottaker", "ikke et gyldig organisasjonsnummer"),
                feil("uploaded part not in the metadata", m -> { }, List.of(new InnleveringVedlegg("vedtak.pdf", PDF),
                        new InnleveringVedlegg("vedlegg.pdf", PDF), new InnleveringVedlegg("ekstra.pdf", PDF)), "/dokumenter", "del nr 3 står ikke i metadata"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ugyldige")
    void should_refuse_the_whole_letter_with_a_clear_error(String tilfelle, Consumer<ObjectNode> endring, List<InnleveringVedlegg> vedlegg,
                                                            String pointer, String melding) {
        ObjectNode m = metadata();
        endring.accept(m);

        InnleveringResultat r = validator.valider(m, vedlegg);

        assertThat(r.ok()).isFalse();
        assertThat(r.innlevering()).isNull();
        assertThat(r.feil()).anySatisfy(f -> {
            assertThat(f.pointer()).isEqualTo(pointer);
            assertThat(f.detail()).contains(melding);
        });
        assertThat(r.feil()).allSatisfy(f -> assertThat(f.detail())
                .doesNotContain(FNR).doesNotContain(FNR_FEIL_KONTROLL).doesNotContain("vedtak").doesNotContain("vedlegg"));
    }

    @Test
    void should_name_the_kind_of_pdf_problem_for_a_machine_and_not_parse_a_document_over_the_size_limit() {
        InnleveringResultat r = validator.valider(metadata(), List.of(new InnleveringVedlegg("vedtak.pdf", TestPdf.kryptert()),
                new InnleveringVedlegg("vedlegg.pdf", stor())));

        assertThat(r.feil()).extracting(InnleveringFeil::pointer, InnleveringFeil::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/dokumenter/0", "pdf-kryptert"), org.assertj.core.groups.Tuple.tuple("/dokumenter/1", null));
    }

    @Test
    void should_mask_an_invalid_identity_number_in_the_error() {
        InnleveringResultat r = validator.valider(metadata().put("mottaker", FNR_FEIL_KONTROLL), toPdfer());

        assertThat(r.feil()).singleElement().satisfies(f -> assertThat(f.detail()).contains("020132*****").doesNotContain(FNR_FEIL_KONTROLL));
    }

    @Test
    void should_not_echo_an_identity_number_given_as_avsenderSystem() {
        // a fagsystem whose fields were mapped one place off: the person's number where the sender system belongs
        ObjectNode m = metadata().put("avsenderSystem", FNR).put("mottaker", "skole");
        ObjectNode lang = metadata().put("avsenderSystem", "brev til " + FNR + " fra skolen");
        // cut at 40 characters in the middle of the number
        ObjectNode kuttet = metadata().put("avsenderSystem", "x".repeat(30) + FNR);

        assertThat(validator.valider(m, toPdfer()).feil()).isNotEmpty()
                .allSatisfy(f -> assertThat(f.detail()).doesNotContain(FNR))
                .anySatisfy(f -> assertThat(f.detail()).isEqualTo("avsenderSystem '020132*****' er ikke et kjent fagsystem"));
        assertThat(validator.valider(lang, toPdfer()).feil()).singleElement()
                .satisfies(f -> assertThat(f.detail()).isEqualTo("avsenderSystem 'brev til 020132***** fra skolen' er ikke et kjent fagsystem"));
        assertThat(validator.valider(kuttet, toPdfer()).feil()).singleElement()
                .satisfies(f -> assertThat(f.detail()).isEqualTo("avsenderSystem '" + "x".repeat(30) + "020132****…' er ikke et kjent fagsystem"));
    }

    @Test
    void should_report_every_error_at_once() {
        ObjectNode m = metadata().put("avsenderSystem", "ukjent").put("brevtype", "X");
        m.remove("tittel");

        assertThat(validator.valider(m, toPdfer()).feil()).extracting(InnleveringFeil::pointer)
                .containsExactlyInAnyOrder("/avsenderSystem", "/tittel", "/brevtype");
    }

    @Test
    void should_accept_line_breaks_in_the_SMS_text_and_letters_of_every_script_in_the_title() {
        ObjectNode m = metadata().put("brevtype", "TJENESTEMELDING").put("varseltekst", "Vannet stenges.\r\nMvh kommunen")
                .put("tittel", "Vedtak for Åse Ŋuolja 😀 – ‘skyss’ \u00AD");

        InnleveringResultat r = validator.valider(m, toPdfer());

        assertThat(r.feil()).isEmpty();
    }

    @Test
    void should_not_echo_a_refused_character_in_any_error() {
        ObjectNode m = metadata().put("avsenderSystem", "ukjent\u0000").put("mottaker", "02\u00003299997");

        assertThat(validator.valider(m, toPdfer()).feil()).isNotEmpty()
                .allSatisfy(f -> assertThat(Teksttegn.ugyldig(f.detail(), Teksttegn.Felt.TEKST)).as(f.detail()).isNull());
    }

    @Test
    void should_refuse_metadata_that_is_not_an_object() {
        assertThat(validator.valider(null, toPdfer()).feil()).singleElement()
                .satisfies(f -> assertThat(f.detail()).contains("metadata mangler"));
        assertThat(validator.valider(JSON.createArrayNode(), toPdfer()).ok()).isFalse();
    }


    private static byte[] stor() {
        byte[] b = new byte[100_001];
        System.arraycopy(PDF, 0, b, 0, 5);
        return b;
    }

    private static Arguments feil(String tilfelle, Consumer<ObjectNode> endring, List<InnleveringVedlegg> vedlegg, String pointer, String melding) {
        return Arguments.of(tilfelle, endring, vedlegg, pointer, melding);
    }
}
