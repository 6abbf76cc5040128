package no.kommune.esb.uttrekk.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.model.Identitetsnummer;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EtiketterTest {

    private static final Etiketter ETIKETTER = new Etiketter(new FormatProperties(null));

    private static Uttrekksformat.Valg valg(String mottaker) {
        return new Uttrekksformat.Valg("Skolestart 2027 – Fjellsiden skole", null, Map.of(Etiketter.MOTTAKER, mottaker));
    }

    @Test
    void should_print_one_label_per_person_with_name_and_postal_address_when_mottaker_is_person() throws IOException {
        Klasseliste klasse = Klasseliste.skolestart();
        byte[] pdf = PdfListeTest.lag(ETIKETTER, klasse.dokumenter(), valg("PERSON"));
        Files.createDirectories(Path.of("target/uttrekk"));
        Files.write(Path.of("target/uttrekk/etiketter.pdf"), pdf);

        String t = PdfListeTest.tekst(pdf);
        assertThat(t).contains("Åse Marie Bjørnstad Fjellveien 12B 5019 Bergen", "Emil Haugen Kalfarveien 31 5018 Bergen",
                "Til manuell oppfølging", "21 etiketter skrevet ut, 2 uten etikett");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            // 21 labels fill one sheet; the follow-up page comes after it
            assertThat(doc.getNumberOfPages()).isEqualTo(2);
        }
    }

    @Test
    void should_print_no_protected_address_and_list_the_person_by_masked_id_when_the_address_is_withheld() throws IOException {
        Klasseliste klasse = Klasseliste.skolestart();
        String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, klasse.dokumenter(), valg("PERSON")));

        Identitetsnummer noah = klasse.barn().get(3).id();
        assertThat(t).doesNotContain(Klasseliste.HEMMELIG_GATE, Klasseliste.FORTROLIG_GATE, "Noah Lie", noah.value())
                .contains(noah.masked() + " adresse sperret");
    }

    @Test
    void should_address_parents_with_foreldreansvar_once_per_address_when_mottaker_is_foresatte() throws IOException {
        String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, Klasseliste.skolestart().dokumenter(), valg("FORESATTE")));

        assertThat(t).contains("Kari Bjørnstad og Øyvind Bjørnstad Fjellveien 12B 5019 Bergen",
                "Ingrid Haugen Kalfarveien 31 5018 Bergen", "Jørgen Haugen Nattlandsveien 7A 5094 Bergen", "Hanne Æsøy Sjøgaten 4")
                // no foreldreansvar: no label
                .doesNotContain("Pål Æsøy")
                // a protected child's parents get no label: the other parent's address is not the point, the child's is
                .doesNotContain("Geir Lie", "Øvre Ervik", Klasseliste.HEMMELIG_GATE);
        // siblings Oskar and Frida Berg live with the same parents: one label for the household
        assertThat(t.split("Lise Berg og Mats Berg", -1)).hasSize(2);
    }

    @Test
    void should_address_only_a_teenage_parents_own_parents_and_never_herself_when_mottaker_is_foresatte() throws IOException {
        String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, Klasseliste.tenaaringsforelder().dokumenter(), valg("FORESATTE")));

        // the entry she holds for her baby is not about her: no label "… og Ida Moe" at her home
        assertThat(t).contains("Ranveig Moe Kirkeveien 8 5072 Bergen", "Odd Moe Sandviksveien 3 5035 Bergen")
                .doesNotContain("Ida Moe");
    }

    @Test
    void should_refuse_an_unknown_mottaker_setting() {
        assertThatThrownBy(() -> ETIKETTER.aapne(new java.io.ByteArrayOutputStream(), valg("NABO")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PERSON eller FORESATTE");
    }

    @Test
    void should_refuse_with_a_clear_error_when_the_sheet_exceeds_the_row_cap() throws IOException {
        List<ObjectNode> rader = Klasseliste.skolestart().dokumenter();
        Uttrekksformat.Skriver s = new Etiketter(new FormatProperties(1)).aapne(new java.io.ByteArrayOutputStream(), valg("PERSON"));
        s.skriv(rader.get(0));

        assertThatThrownBy(() -> s.skriv(rader.get(1))).isInstanceOf(ForStortUttrekkException.class);
    }
}
