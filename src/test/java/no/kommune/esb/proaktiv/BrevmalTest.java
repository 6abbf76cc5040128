package no.kommune.esb.proaktiv;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.forsendelse.mottak.InnleveringValidator;
import no.kommune.esb.forsendelse.mottak.InnleveringVedlegg;
import no.kommune.esb.model.Identitetsnummer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BrevmalTest {

    private static final Utloeser.Mal MAL = new Utloeser.Mal("Velkommen til {kommune} kommune",
            "# Hei, {fornavn}!\n\nVelkommen som innbygger i {kommune}.\nHer er tjenestene våre.\n\n# Kontakt\n\nRing oss, {navn}.", null);
    private static final Brevmal.Flett FLETT = new Brevmal.Flett("Åse Øvre Ærlig", "Åse", "Bergen");
    private static final java.time.LocalDate DATO = java.time.LocalDate.of(2026, 12, 4);

    @Test
    void should_fill_every_placeholder() {
        assertThat(Brevmal.flett("{navn}/{fornavn}/{kommune}", FLETT)).isEqualTo("Åse Øvre Ærlig/Åse/Bergen");
    }

    @Test
    void should_render_heading_and_paragraphs_with_norwegian_letters() throws Exception {
        try (PDDocument doc = Loader.loadPDF(Brevmal.pdf(MAL, FLETT, DATO))) {
            String tekst = new PDFTextStripper().getText(doc);
            assertThat(tekst).contains("Velkommen til Bergen kommune", "Hei, Åse!", "Velkommen som innbygger i Bergen. Her er tjenestene våre.",
                    "Ring oss, Åse Øvre Ærlig.");
        }
    }

    @Test
    void should_head_the_letter_with_the_kommune_and_the_date_and_keep_a_hard_line_break() throws Exception {
        Utloeser.Mal signert = new Utloeser.Mal("Tittel", "Med vennlig hilsen\\\nHelsestasjonen", null);
        try (PDDocument doc = Loader.loadPDF(Brevmal.pdf(signert, FLETT, DATO))) {
            String tekst = new PDFTextStripper().getText(doc);
            assertThat(tekst).contains("Bergen kommune", "4. desember 2026", "Med vennlig hilsen\nHelsestasjonen");
        }
    }

    @Test
    void should_pass_the_letter_intakes_pdf_check() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode metadata = json.createObjectNode().put("avsenderSystem", "sak-arkiv").put("eksternReferanse", "r-1")
                .put("tittel", "Velkommen").put("mottaker", "02013299997").put("brevtype", "FORMELL");
        metadata.putArray("dokumenter").addObject().put("filnavn", "brev.pdf").put("mimeType", "application/pdf");

        var resultat = new InnleveringValidator(List.of("sak-arkiv"), 10_000_000)
                .valider(metadata, List.of(new InnleveringVedlegg("brev.pdf", Brevmal.pdf(MAL, FLETT, DATO))));

        assertThat(resultat.feil()).isEmpty();
    }

    @Test
    void should_continue_on_a_new_page_when_the_text_is_long() throws Exception {
        Utloeser.Mal lang = new Utloeser.Mal("Lang", ("Et avsnitt med nok ord til å fylle flere linjer på siden. ".repeat(20) + "\n\n").repeat(10), null);
        try (PDDocument doc = Loader.loadPDF(Brevmal.pdf(lang, FLETT, DATO))) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(1);
        }
    }

    @Test
    void should_draw_a_character_the_font_lacks_as_a_question_mark_instead_of_failing() throws Exception {
        try (PDDocument doc = Loader.loadPDF(Brevmal.pdf(MAL, new Brevmal.Flett("Li 漢", "Li 漢", "Bergen"), DATO))) {
            assertThat(new PDFTextStripper().getText(doc)).contains("Li ?");
        }
    }

    @Test
    void should_print_a_sami_or_vietnamese_name_as_written_with_the_embedded_font() throws Exception {
        try (PDDocument doc = Loader.loadPDF(Brevmal.pdf(MAL, new Brevmal.Flett("Máret Čuhppon Nguyễn", "Máret", "Guovdageaidnu"), DATO))) {
            assertThat(new PDFTextStripper().getText(doc)).contains("Máret Čuhppon Nguyễn");
        }
    }

    @Test
    void should_derive_the_same_reference_for_the_same_trigger_and_person_without_the_number() {
        Identitetsnummer id = Identitetsnummer.of("02013299997");
        String ref = ProaktivLeser.eksternReferanse("foedsel-helsestasjon", id);

        assertThat(ref).isEqualTo(ProaktivLeser.eksternReferanse("foedsel-helsestasjon", id))
                .isNotEqualTo(ProaktivLeser.eksternReferanse("innflytting-velkommen", id))
                .startsWith("proaktiv-foedsel-helsestasjon-").doesNotContain(id.value()).hasSizeLessThanOrEqualTo(100);
    }
}
