package no.kommune.esb.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MappingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private static JsonNode json(String text) throws IOException {
        return JSON.readTree(text);
    }

    @Test
    void should_quote_cells_that_hold_the_separator_or_quotes_and_end_lines_with_crlf() throws IOException {
        Mapping csv = Mappings.compile(write("m.csv.yaml", """
                columns:
                  - name: navn
                    value: navn
                  - name: antall
                    value: antall
                """), MappingFormat.CSV);

        String out = csv.map(json("{\"navn\": \"Berg; \\\"Kari\\\"\", \"antall\": 3}"));

        assertThat(out).isEqualTo("navn;antall\r\n\"Berg; \"\"Kari\"\"\";3\r\n");
    }

    @Test
    void should_write_the_csv_header_once_for_a_batch_and_one_line_per_row_value() throws IOException {
        Mapping csv = Mappings.compile(write("m.csv.yaml", """
                lineEnding: LF
                rows: barn
                columns:
                  - name: forelder
                    value: navn
                  - name: barn
                    value: $rad
                """), MappingFormat.CSV);

        String out = csv.mapBatch(List.of(json("{\"navn\": \"Kari\", \"barn\": [\"Emma\", \"Noah\"]}"),
                json("{\"navn\": \"Per\", \"barn\": \"Ola\"}")));

        assertThat(out).isEqualTo("forelder;barn\nKari;Emma\nKari;Noah\nPer;Ola\n");
    }

    @Test
    void should_refuse_a_cell_that_gives_a_list() throws IOException {
        Mapping csv = Mappings.compile(write("m.csv.yaml", """
                columns:
                  - name: barn
                    value: barn
                """), MappingFormat.CSV);

        assertThatThrownBy(() -> csv.map(json("{\"barn\": [\"Emma\", \"Noah\"]}")))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("column barn gave a list or object")
                .hasMessageNotContaining("Emma");
    }

    @Test
    void should_report_a_runtime_failure_without_quoting_input_values() throws IOException {
        Mapping mapping = Mappings.compile(write("m.jsonata", "$number(fnr) + 1"), MappingFormat.JSON);

        assertThatThrownBy(() -> mapping.map(json("{\"fnr\": \"15831751026x\"}")))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("m.jsonata")
                .hasMessageNotContaining("15831751026")
                .hasNoCause();
    }

    @Test
    void should_fail_when_a_json_mapping_produces_nothing() throws IOException {
        Mapping mapping = Mappings.compile(write("m.jsonata", "finnesIkke"), MappingFormat.JSON);

        assertThatThrownBy(() -> mapping.map(json("{}"))).hasMessageContaining("produced no value");
    }

    @Test
    void should_write_a_json_array_for_a_batch() throws IOException {
        Mapping mapping = Mappings.compile(write("m.jsonata", "{\"n\": n}"), MappingFormat.JSON);

        assertThat(JSON.readTree(mapping.mapBatch(List.of(json("{\"n\": 1}"), json("{\"n\": 2}")))))
                .isEqualTo(json("[{\"n\": 1}, {\"n\": 2}]"));
    }

    @Test
    void should_refuse_a_file_whose_extension_does_not_match_the_format() throws IOException {
        Path file = write("m.json", "{}");

        assertThatThrownBy(() -> Mappings.compile(file, MappingFormat.JSON))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("JSON mappings are .jsonata files");
    }

    @Test
    void should_report_a_missing_mapping_file() {
        assertThatThrownBy(() -> Mappings.compile(dir.resolve("nope.xsl"), MappingFormat.XML))
                .isInstanceOf(MappingException.class)
                .satisfies(e -> assertThat(((MappingException) e).file()).isEqualTo(dir.resolve("nope.xsl")))
                .hasMessageContaining("does not exist");
    }

    @Test
    void should_refuse_a_stylesheet_that_does_not_take_the_input_parameter() throws IOException {
        Path file = write("m.xsl", """
                <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                  <xsl:template name="xsl:initial-template"><a/></xsl:template>
                </xsl:stylesheet>""");

        assertThatThrownBy(() -> Mappings.compile(file, MappingFormat.XML))
                .hasMessageContaining("must declare <xsl:param name=\"input\"");
    }
}
