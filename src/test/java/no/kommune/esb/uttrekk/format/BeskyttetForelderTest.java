package no.kommune.esb.uttrekk.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Foreldreansvar;
import no.kommune.esb.model.Gradering;
import org.apache.poi.xssf.extractor.XSSFExcelExtractor;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DOMAIN.md rules 5 and 7 through a relative, in every format an extract writes: an unprotected child whose parent is
 * protected (strengt fortrolig at the child's delt bosted, strengt fortrolig elsewhere, fortrolig for a registration
 * without {@code beskyttedeAdresser}). The parent's address must reach no list, sheet, label or school file, and the
 * other parent's label must not carry it. Rows are built as the extract builds them (Klasseliste → Uttrekksrad).
 */
class BeskyttetForelderTest {

    private static final Uttrekksformat.Valg VALG = new Uttrekksformat.Valg("Skolestart", null, Map.of());

    @Test
    void should_print_no_protected_parents_address_in_any_format_when_the_child_is_not_protected() throws IOException {
        Klasseliste k = new Klasseliste();
        Adresse farsHjem = Klasseliste.veg("Fargeveien", 3, null, "5012", "Bergen", Gradering.UGRADERT);
        // the register grades the delt bosted address with the mother who lives there
        Adresse gjemt = Klasseliste.veg("Gjemtveien", 8, null, "5813", "Bergen", Gradering.STRENGT_FORTROLIG);
        k.familie("Lea", "Holm", LocalDate.of(2021, 2, 2), farsHjem, Gradering.UGRADERT, gjemt,
                "Randi", gjemt, "Odd", farsHjem, Foreldreansvar.Ansvar.FELLES);
        Adresse fjord = Klasseliste.veg("Fjordgaten", 9, null, "5015", "Bergen", Gradering.UGRADERT);
        k.familie("Even", "Rud", LocalDate.of(2021, 3, 3), fjord, Gradering.UGRADERT, null,
                "Tone", Klasseliste.veg("Lukketveien", 2, null, "5814", "Bergen", Gradering.FORTROLIG), "Arne", fjord, Foreldreansvar.Ansvar.FELLES);
        Adresse mors = Klasseliste.veg("Morveien", 5, null, "5017", "Bergen", Gradering.UGRADERT);
        k.familie("Siv", "Berg", LocalDate.of(2021, 4, 4), mors, Gradering.UGRADERT, null,
                "Ane", mors, "Kjell", Klasseliste.veg("Skjulestien", 4, null, "5816", "Bergen", Gradering.STRENGT_FORTROLIG), Foreldreansvar.Ansvar.FELLES);
        List<ObjectNode> rader = k.dokumenter();
        List<ObjectNode> etikettrader = k.etikettrader();

        String liste = PdfListeTest.tekst(PdfListeTest.lag(new PdfListe(new FormatProperties(null)), rader, VALG));
        String etiketter = PdfListeTest.tekst(PdfListeTest.lag(new Etiketter(new FormatProperties(null)), etikettrader, VALG));
        String foresatte = PdfListeTest.tekst(PdfListeTest.lag(new Etiketter(new FormatProperties(null)), etikettrader,
                new Uttrekksformat.Valg("Skolestart", null, Map.of(Etiketter.MOTTAKER, "FORESATTE"))));
        String ark;
        try (XSSFWorkbook bok = new XSSFWorkbook(new ByteArrayInputStream(PdfListeTest.lag(new Xlsx(), rader, VALG)))) {
            ark = new XSSFExcelExtractor(bok).getText();
        }
        String csv = new String(PdfListeTest.lag(new CsvUttrekksformat(Path.of("mappings")), rader,
                new Uttrekksformat.Valg("Skolestart", null, Map.of(CsvUttrekksformat.MAPPING, "skole-uttrekk/skolestart.csv.yaml"))),
                StandardCharsets.UTF_8);

        for (String fil : List.of(liste, etiketter, foresatte, ark, csv)) {
            assertThat(fil).doesNotContain("Gjemtveien", "Lukketveien", "Skjulestien", "5813", "5814", "5816");
        }
        // the unprotected parents still get their labels; the protected ones are on the manual page
        assertThat(foresatte).contains("Arne Rud Fjordgaten 9", "Ane Berg Morveien 5").doesNotContain("Tone Rud og", "og Kjell Berg");
        assertThat(liste).contains("Tone Rud (mor) adresse sperret", "Kjell Berg (far) adresse sperret");
    }
}
