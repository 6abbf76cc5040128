package no.kommune.esb.mapping;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Input layouts ({@code .inn.yaml}): what a bad layout is refused for, and where; how a bad file is refused. */
class InnlesingTest {

    @TempDir
    Path dir;

    private Innlesing layout(String tekst) throws IOException {
        Path f = dir.resolve("test.inn.yaml");
        Files.writeString(f, tekst);
        return Innlesing.kompiler(f);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no format             | fields: {identitetsnummer: fnr}                                      | 1 | format is missing
            unknown format        | format: JSON\\nfields: {identitetsnummer: fnr}                       | 1 | format must be CSV or XML
            no fields             | format: CSV                                                          | 1 | fields is missing
            empty field           | format: CSV\\nfields:\\n  identitetsnummer: ''                       | 3 | fields.identitetsnummer is empty
            long separator        | format: CSV\\nseparator: ';;'\\nfields: {identitetsnummer: fnr}      | 2 | separator must be one character
            records in a CSV      | format: CSV\\nrecords: /a\\nfields: {identitetsnummer: fnr}          | 2 | records applies to XML only
            unknown key           | format: CSV\\nkolonner: x\\nfields: {identitetsnummer: fnr}          | 2 | unknown key 'kolonner'
            XML without records   | format: XML\\nfields: {identitetsnummer: fnr}                        | 1 | records is missing
            bad record XPath      | format: XML\\nrecords: /a[\\nfields: {identitetsnummer: fnr}         | 2 | records is not a valid XPath
            bad field XPath       | format: XML\\nrecords: /a\\nfields:\\n  identitetsnummer: 'b]'       | 4 | fields.identitetsnummer is not a valid XPath
            separator in an XML   | format: XML\\nseparator: ';'\\nrecords: /a\\nfields: {identitetsnummer: b} | 2 | separator applies to CSV only
            """)
    void should_refuse_a_layout_at_its_line_when_it_is_wrong(String tilfelle, String tekst, int linje, String grunn) {
        assertThatThrownBy(() -> layout(tekst.replace("\\n", "\n")))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining(grunn)
                .satisfies(e -> assertThat(((MappingException) e).posisjon()).hasValueSatisfying(p -> assertThat(p.linje()).isEqualTo(linje)));
    }

    @Test
    void should_refuse_a_file_whose_name_is_not_an_input_layout() throws IOException {
        Path f = dir.resolve("test.csv.yaml");
        Files.writeString(f, "format: CSV\nfields: {identitetsnummer: fnr}\n");
        assertThatThrownBy(() -> Innlesing.kompiler(f)).hasMessageContaining(".inn.yaml");
    }

    @Test
    void should_read_columns_by_header_name_ignoring_case_and_quotes_and_keep_file_line_numbers() throws IOException {
        Innlesing l = layout("format: CSV\nseparator: ','\nfields: {identitetsnummer: FNR, adresse: gate}\n");

        List<Innlesing.Post> poster = l.les("\n\nnavn,fnr,gate\r\n\"Nordmann, Kari\",12836510001,\"Storgata \"\"1\"\" B\"\r\n\r\nOla,27865210057\n");

        assertThat(poster).containsExactly(
                new Innlesing.Post(4, Map.of("identitetsnummer", "12836510001", "adresse", "Storgata \"1\" B"), null),
                new Innlesing.Post(6, Map.of("identitetsnummer", "27865210057"), null));
    }

    @Test
    void should_refuse_the_whole_file_when_the_header_lacks_a_column_or_the_xml_is_not_well_formed() throws IOException {
        Innlesing csv = layout("format: CSV\nfields: {identitetsnummer: fnr}\n");
        assertThatThrownBy(() -> csv.les("navn;personnr\nKari;12836510001\n"))
                .isInstanceOf(Innlesing.UlesbarFilException.class)
                .hasMessage("overskriftslinjen (linje 1) har ingen kolonne 'fnr' (skilletegn ';')");

        Innlesing xml = layout("format: XML\nrecords: /liste/p\nfields: {identitetsnummer: fnr}\n");
        assertThatThrownBy(() -> xml.les("<liste>\n<p><fnr>12836510001</fnr></p>\n<p><fnr>27865210057</p>\n</liste>"))
                .isInstanceOf(Innlesing.UlesbarFilException.class)
                .hasMessageStartingWith("ikke gyldig XML ved linje 3")
                .hasMessageNotContaining("27865210057");
    }

    @Test
    void should_refuse_an_xml_file_with_a_doctype_so_no_entity_is_ever_expanded() throws IOException {
        Innlesing xml = layout("format: XML\nrecords: /liste/p\nfields: {identitetsnummer: fnr}\n");

        assertThatThrownBy(() -> xml.les("<?xml version=\"1.0\"?>\n<!DOCTYPE liste [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                + "<liste><p><fnr>&x;</fnr></p></liste>"))
                .isInstanceOf(Innlesing.UlesbarFilException.class)
                .hasMessageStartingWith("ikke gyldig XML");
    }

    @Test
    void should_let_a_layouts_xpath_read_no_other_file() throws IOException {
        Path hemmelig = Files.createTempFile("hemmelig", ".txt");
        try {
            Files.writeString(hemmelig, "HEMMELIG");
            Innlesing xml = layout("format: XML\nrecords: /liste/p\nfields: {identitetsnummer: \"unparsed-text('" + hemmelig.toUri() + "')\"}\n");

            String ut;
            try {
                ut = xml.les("<liste><p><fnr>12836510001</fnr></p></liste>").toString();
            } catch (RuntimeException e) {
                ut = String.valueOf(e.getMessage());
            }
            assertThat(ut).doesNotContain("HEMMELIG");
        } finally {
            Files.deleteIfExists(hemmelig);
        }
    }

    @Test
    void should_read_xml_records_by_xpath_with_namespaces_ignored_by_local_name() throws IOException {
        Innlesing xml = layout("format: XML\nrecords: \"//*:bruker\"\nfields: {identitetsnummer: \"*:fnr\", postnummer: \"@postnr\"}\n");

        List<Innlesing.Post> poster = xml.les("<l xmlns=\"urn:x\">\n  <bruker postnr=\"5003\"><fnr>12836510001</fnr></bruker>\n</l>");

        assertThat(poster).containsExactly(new Innlesing.Post(2, Map.of("identitetsnummer", "12836510001", "postnummer", "5003"), null));
    }
}
