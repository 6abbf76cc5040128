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

    /** Every JSON shape a document can hold, and a control character (parse-json replaces it with U+FFFD). */
    private static final String ALLE_FORMER = """
            {"tekst": "Bragernes torg \\u0001 \\u00e6\\u00f8\\u00e5 \\ud83c\\udfe0", "heltall": 12345678, "desimal": 2.5, "stort": 1e21,
             "sann": true, "usann": false, "ingen": null, "tom": {}, "liste": [1, "to", null, [3], {"fire": 4}]}""";

    @Test
    void should_give_a_stylesheet_the_same_input_map_as_parse_json_from_the_stored_text_and_from_a_tree() throws IOException {
        Mapping mapping = Mappings.compile(write("m.xsl", """
                <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                  <xsl:param name="input" as="map(*)"/>
                  <xsl:variable name="tekst">%s</xsl:variable>
                  <xsl:template name="xsl:initial-template">
                    <likt><xsl:value-of select="deep-equal($input, parse-json(string($tekst)))"/></likt>
                  </xsl:template>
                </xsl:stylesheet>""".formatted(ALLE_FORMER)), MappingFormat.XML);

        assertThat(mapping.map(ALLE_FORMER)).endsWith("<likt>true</likt>");
        assertThat(mapping.map(json(ALLE_FORMER))).endsWith("<likt>true</likt>");
    }

    @Test
    void should_print_whole_numbers_as_written_and_keep_fractions_and_arithmetic_in_a_stylesheet() throws IOException {
        Mapping mapping = Mappings.compile(write("m.xsl", """
                <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                  <xsl:param name="input" as="map(*)"/>
                  <xsl:template name="xsl:initial-template">
                    <r><s><xsl:value-of select="$input?sekvensnummer"/></s><h><xsl:value-of select="$input?herId"/></h><b><xsl:value-of select="$input?stort"/></b><d><xsl:value-of select="$input?andel"/></d><sum><xsl:value-of select="$input?sekvensnummer + 1"/></sum><halv><xsl:value-of select="$input?herId div 2"/></halv><gt><xsl:value-of select="$input?herId gt 1.0E7"/></gt><f><xsl:value-of select="format-number(number($input?sekvensnummer), '0')"/></f></r>
                  </xsl:template>
                </xsl:stylesheet>"""), MappingFormat.XML);

        String input = "{\"sekvensnummer\": 351203002, \"herId\": 13601000, \"stort\": 123456789012345678901234567890, \"andel\": 0.5}";
        // as xs:double (parse-json's type) the first two printed as 3.51203002E8 and 1.3601E7
        assertThat(mapping.map(input)).endsWith("<r><s>351203002</s><h>13601000</h><b>123456789012345678901234567890</b><d>0.5</d>"
                + "<sum>351203003</sum><halv>6800500</halv><gt>true</gt><f>351203002</f></r>");
        assertThat(mapping.map(json(input))).isEqualTo(mapping.map(input));
    }

    @Test
    void should_keep_the_first_of_duplicate_keys_in_a_stored_text_as_parse_json_does() throws IOException {
        Mapping mapping = Mappings.compile(write("m.xsl", """
                <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                  <xsl:param name="input" as="map(*)"/>
                  <xsl:template name="xsl:initial-template"><n><xsl:value-of select="$input?n"/></n></xsl:template>
                </xsl:stylesheet>"""), MappingFormat.XML);

        assertThat(mapping.map("{\"n\": 1, \"n\": 2}")).endsWith("<n>1</n>");
    }

    @Test
    void should_give_the_same_json_from_the_stored_text_as_from_a_tree() throws IOException {
        Mapping mapping = Mappings.compile(write("m.jsonata", "$"), MappingFormat.JSON);

        assertThat(mapping.map(ALLE_FORMER)).isEqualTo(mapping.map(json(ALLE_FORMER)));
    }

    @Test
    void should_let_a_stylesheet_read_no_file_and_call_no_address_at_run_time() throws Exception {
        Files.writeString(dir.resolve("hemmelig.txt"), "HEMMELIG");
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        java.util.concurrent.atomic.AtomicInteger kall = new java.util.concurrent.atomic.AtomicInteger();
        server.createContext("/", x -> {
            kall.incrementAndGet();
            x.sendResponseHeaders(200, 2);
            x.getResponseBody().write("<a/>".getBytes(), 0, 2);
            x.close();
        });
        server.start();
        try {
            String adresse = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
            for (String uttrykk : List.of("unparsed-text('hemmelig.txt')", "unparsed-text('" + dir.resolve("hemmelig.txt").toUri() + "')",
                    "string(doc('" + adresse + "?fnr=' || $input?fnr))", "unparsed-text('" + adresse + "?fnr=' || $input?fnr)",
                    "string(document('" + adresse + "'))", "string(json-doc('" + adresse + "'))")) {
                Mapping mapping = Mappings.compile(write("m.xsl", """
                        <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                          <xsl:param name="input" as="map(*)"/>
                          <xsl:template name="xsl:initial-template"><a><xsl:value-of select="%s"/></a></xsl:template>
                        </xsl:stylesheet>""".formatted(uttrykk.replace("'", "&apos;").replace("<", "&lt;"))), MappingFormat.XML);

                assertThatThrownBy(() -> mapping.map("{\"fnr\": \"x\"}")).as(uttrykk).isInstanceOf(MappingException.class)
                        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("HEMMELIG"));
            }
            assertThat(kall).as("requests that reached the address").hasValue(0);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void should_refuse_a_stylesheet_that_includes_another_file_or_an_external_entity() throws IOException {
        write("annen.xsl", """
                <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"><xsl:variable name="v" select="1"/></xsl:stylesheet>""");
        Path include = write("m.xsl", """
                <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                  <xsl:include href="annen.xsl"/>
                  <xsl:param name="input" as="map(*)"/>
                  <xsl:template name="xsl:initial-template"><a/></xsl:template>
                </xsl:stylesheet>""");
        assertThatThrownBy(() -> Mappings.compile(include, MappingFormat.XML)).isInstanceOf(MappingException.class)
                .hasMessageContaining("does not compile");

        Files.writeString(dir.resolve("hemmelig.txt"), "HEMMELIG");
        Path entitet = write("e.xsl", """
                <?xml version="1.0"?>
                <!DOCTYPE xsl:stylesheet [<!ENTITY h SYSTEM "hemmelig.txt">]>
                <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                  <xsl:param name="input" as="map(*)"/>
                  <xsl:template name="xsl:initial-template"><a>&h;</a></xsl:template>
                </xsl:stylesheet>""".strip());
        assertThatThrownBy(() -> Mappings.compile(entitet, MappingFormat.XML)).isInstanceOf(MappingException.class)
                .hasMessageContaining("does not compile").satisfies(e -> assertThat(e.getMessage()).doesNotContain("HEMMELIG"));
    }

    @Test
    void should_report_a_stored_document_that_is_not_json_without_quoting_it() throws IOException {
        Mapping jsonata = Mappings.compile(write("m.jsonata", "fnr"), MappingFormat.JSON);
        Mapping xslt = Mappings.compile(write("m.xsl", """
                <xsl:stylesheet version="3.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
                  <xsl:param name="input" as="map(*)"/>
                  <xsl:template name="xsl:initial-template"><a/></xsl:template>
                </xsl:stylesheet>"""), MappingFormat.XML);

        for (Mapping mapping : List.of(jsonata, xslt)) {
            assertThatThrownBy(() -> mapping.map("{\"fnr\": \"15831751026\" \"navn\""))
                    .isInstanceOf(MappingException.class)
                    .hasMessageContaining("not JSON")
                    .hasMessageNotContaining("15831751026");
        }
    }
}
