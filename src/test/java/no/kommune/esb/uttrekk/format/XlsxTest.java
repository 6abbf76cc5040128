package no.kommune.esb.uttrekk.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class XlsxTest {

    private static final Uttrekksformat.Valg VALG = new Uttrekksformat.Valg("Skolestart 2027: Fjellsiden/skole", null, Map.of());

    private static List<String> rad(Sheet ark, int i) {
        List<String> ut = new ArrayList<>();
        Row r = ark.getRow(i);
        for (int k = 0; k < ark.getRow(0).getLastCellNum(); k++) {
            ut.add(r.getCell(k) == null ? "" : r.getCell(k).getCellType() == CellType.NUMERIC ? "#dato" : r.getCell(k).getStringCellValue());
        }
        return ut;
    }

    private static int kolonne(Sheet ark, String overskrift) {
        for (int k = 0; k < ark.getRow(0).getLastCellNum(); k++) {
            if (ark.getRow(0).getCell(k).getStringCellValue().equals(overskrift)) {
                return k;
            }
        }
        throw new AssertionError("no column " + overskrift);
    }

    @Test
    void should_read_back_a_header_row_frozen_with_filter_and_one_row_per_person_when_written() throws IOException {
        List<ObjectNode> rader = Klasseliste.skolestart().dokumenter();
        byte[] xlsx = PdfListeTest.lag(new Xlsx(), rader, VALG);

        try (XSSFWorkbook bok = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            XSSFSheet ark = bok.getSheetAt(0);
            assertThat(ark.getSheetName()).isEqualTo("Skolestart 2027  Fjellsiden sko");
            assertThat(ark.getLastRowNum()).isEqualTo(rader.size());
            assertThat(ark.getPaneInformation().isFreezePane()).isTrue();
            assertThat(ark.getCTWorksheet().getAutoFilter().getRef()).isEqualTo("A1:N24");
            assertThat(rad(ark, 0)).startsWith("Identitetsnummer", "Fornavn", "Mellomnavn", "Etternavn", "Fødselsdato");
            assertThat(rad(ark, 1)).contains("Åse Marie", "Bjørnstad", "Fjellveien 12B", "5019", "Bergen",
                    "Kari Bjørnstad (mor), Fjellveien 12B 5019 Bergen; Øyvind Bjørnstad (far), Fjellveien 12B 5019 Bergen");
            // birth date is a real date cell
            var dato = ark.getRow(1).getCell(kolonne(ark, "Fødselsdato"));
            assertThat(DateUtil.isCellDateFormatted(dato)).isTrue();
            assertThat(dato.getLocalDateTimeCellValue().toLocalDate()).isEqualTo(LocalDate.of(2021, 3, 4));
        }
    }

    @Test
    void should_list_a_teenage_parents_own_parents_as_foresatte_and_not_herself() throws IOException {
        byte[] xlsx = PdfListeTest.lag(new Xlsx(), Klasseliste.tenaaringsforelder().dokumenter(), VALG);

        try (XSSFWorkbook bok = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet ark = bok.getSheetAt(0);
            assertThat(rad(ark, 1).get(kolonne(ark, "Foresatte (foreldreansvar)")))
                    .isEqualTo("Ranveig Moe (mor), Kirkeveien 8 5072 Bergen; Odd Moe (far), Sandviksveien 3 5035 Bergen");
        }
    }

    @Test
    void should_leave_the_address_empty_and_mark_it_sperret_when_it_is_withheld() throws IOException {
        byte[] xlsx = PdfListeTest.lag(new Xlsx(), Klasseliste.skolestart().dokumenter(), VALG);

        try (XSSFWorkbook bok = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet ark = bok.getSheetAt(0);
            List<String> noah = rad(ark, 4);
            assertThat(noah).contains("Noah", "Lie", "ja");
            assertThat(noah.get(kolonne(ark, "Adresse"))).isEmpty();
            assertThat(noah.get(kolonne(ark, "Foresatte (foreldreansvar)"))).isEqualTo("Mona Lie (mor); Geir Lie (far)");
            for (int i = 0; i <= ark.getLastRowNum(); i++) {
                assertThat(String.join("|", rad(ark, i))).doesNotContain(Klasseliste.HEMMELIG_GATE, Klasseliste.FORTROLIG_GATE, "Øvre Ervik");
            }
        }
    }

    /** Rule 6: a parent the register still names after the death is reported as dead, with no address for post. */
    @Test
    void should_report_a_deceased_parent_as_dead_without_an_address_and_a_deceased_child_by_its_status() throws IOException {
        Klasseliste k = Klasseliste.skolestart();
        k.doed("Espen");
        k.doed("Jakob");
        byte[] xlsx = PdfListeTest.lag(new Xlsx(), k.dokumenter(), VALG);

        try (XSSFWorkbook bok = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet ark = bok.getSheetAt(0);
            List<String> nora = radFor(ark, "Nora");
            assertThat(nora.get(kolonne(ark, "Foresatte (foreldreansvar)"))).startsWith("Marte Dahl (mor), ").endsWith("; Espen Dahl (far), død")
                    .doesNotContain("Lyderhornsveien");
            // the registration has no STATUS field: the column says only what rule 6 requires
            assertThat(radFor(ark, "Jakob").get(kolonne(ark, "Personstatus"))).isEqualTo("doed");
            assertThat(nora.get(kolonne(ark, "Personstatus"))).isEmpty();
        }
    }

    /**
     * A holder whose document Folkeregisteret gave but the platform cannot read: "kan ikke leses fra Folkeregisteret
     * (far)", no address. Before, the column read " (far)": a parent with no name.
     */
    @Test
    void should_say_a_parent_cannot_be_read_from_the_register_when_her_document_cannot_be_read() throws IOException {
        Klasseliste k = Klasseliste.skolestart();
        k.ulesbar("Espen");
        byte[] xlsx = PdfListeTest.lag(new Xlsx(), k.dokumenter(), VALG);

        try (XSSFWorkbook bok = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet ark = bok.getSheetAt(0);
            assertThat(radFor(ark, "Nora").get(kolonne(ark, "Foresatte (foreldreansvar)"))).startsWith("Marte Dahl (mor), ")
                    .endsWith("; " + Persondokument.ULESBAR + " (far)").doesNotContain("Lyderhornsveien");
        }
    }

    /**
     * Folkeregisteret gave Ida's and her father's residence with a husnummer that cannot be read: the sheet shows what
     * could be read and says it is incomplete. Before session 29 it showed "Kirkeveien" as if it were the address.
     */
    @Test
    void should_mark_an_address_the_register_gave_unreadable_as_incomplete_for_the_child_and_a_parent() throws IOException {
        Klasseliste k = Klasseliste.tenaaringsforelder();
        var utenNummer = new no.kommune.esb.model.Adresse.Vegadresse(null, "Kirkeveien", null, null, null, "5072", "Bergen", "4601", "1",
                no.kommune.esb.model.Gradering.UGRADERT);
        var farUtenNummer = new no.kommune.esb.model.Adresse.Vegadresse(null, "Sandviksveien", null, null, null, "5035", "Bergen", "4601", "2",
                no.kommune.esb.model.Gradering.UGRADERT);
        k.adresser("Ida", utenNummer, null, null, no.kommune.esb.model.Adressefelt.BOSTEDSADRESSE);
        k.adresser("Odd", farUtenNummer, null, null, no.kommune.esb.model.Adressefelt.BOSTEDSADRESSE);
        byte[] xlsx = PdfListeTest.lag(new Xlsx(), k.dokumenter(), VALG);

        try (XSSFWorkbook bok = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            Sheet ark = bok.getSheetAt(0);
            List<String> ida = radFor(ark, "Ida");
            assertThat(ida.get(kolonne(ark, "Adresse"))).isEqualTo("Kirkeveien (" + Persondokument.UFULLSTENDIG + ")");
            assertThat(ida.get(kolonne(ark, "Foresatte (foreldreansvar)"))).isEqualTo(
                    "Ranveig Moe (mor), Kirkeveien 8 5072 Bergen; Odd Moe (far), Sandviksveien 5035 Bergen (" + Persondokument.UFULLSTENDIG + ")");
        }
    }

    private static List<String> radFor(Sheet ark, String fornavn) {
        for (int i = 1; i <= ark.getLastRowNum(); i++) {
            if (rad(ark, i).get(kolonne(ark, "Fornavn")).equals(fornavn)) {
                return rad(ark, i);
            }
        }
        throw new AssertionError("no row for " + fornavn);
    }

    @Test
    void should_put_the_wash_columns_first_when_the_vask_setting_is_on() throws IOException {
        ObjectNode rad = Klasseliste.skolestart().dokumenter().get(0);
        rad.putObject("vask").put("linje", "3").put("etterspurt", "12345678901").put("status", "UENDRET");
        byte[] xlsx = PdfListeTest.lag(new Xlsx(), List.of(rad), new Uttrekksformat.Valg("Vask", null, Map.of(Xlsx.VASK, "true")));

        try (XSSFWorkbook bok = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertThat(rad(bok.getSheetAt(0), 0)).startsWith("Linje", "Etterspurt", "Status", "Merknad", "Identitetsnummer");
            assertThat(rad(bok.getSheetAt(0), 1)).startsWith("3", "12345678901", "UENDRET", "");
        }
    }
}
