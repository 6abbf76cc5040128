package no.kommune.esb.mapping;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class YamlPosisjonerTest {

    private static final String TEXT = """
            # a comment line
            separator: ";"
            rows: |
              (
                $f := relaterte;
                $f
              )
            columns:
              - name: a
                value: hendelse.sekvensnummer
              - name: b
                value: "person.navn"
            """;

    // path | line:column where its value starts (a missing key: the deepest part that exists)
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "separator          | 2:12",
            "columns[1].value   | 12:12",
            "columns[1]         | 11:5",
            "columns[1].finnes  | 11:5",
            "columns[7].value   | 9:3",
            "finnes.ikke        | 2:1",
    })
    void should_find_where_a_value_starts(String path, String position) throws Exception {
        Posisjon p = YamlPosisjoner.les(TEXT).av(path);

        assertThat(p.linje() + ":" + p.kolonne()).isEqualTo(position);
    }

    // path | line:column inside the value | line:column in the file
    @ParameterizedTest(name = "{0} at {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "columns[0].value   | 1:10 | 10:21",
            "columns[1].value   | 1:8  | 12:20",
            "rows               | 2:13 | 5:15",
            "rows               | 1:1  | 4:3",
    })
    void should_place_a_position_inside_a_value_in_the_file(String path, String inside, String position) throws Exception {
        String[] lc = inside.split(":");

        Posisjon p = YamlPosisjoner.les(TEXT).iVerdi(path, new Posisjon(Integer.parseInt(lc[0]), Integer.parseInt(lc[1])));

        assertThat(p.linje() + ":" + p.kolonne()).isEqualTo(position);
    }

    record Layout(String separator, String rows, List<Column> columns) {
    }

    record Column(String name, String value) {
    }

    @Test
    void should_list_keys_the_record_has_no_component_for_with_their_place() throws Exception {
        YamlPosisjoner at = YamlPosisjoner.les(TEXT.replace("separator:", "seperator:").replace("  - name: b", "  - nam: b"));

        assertThat(at.ukjenteNoekler(Layout.class)).containsExactly(
                new YamlPosisjoner.UkjentNoekkel("", "seperator", new Posisjon(2, 1)),
                new YamlPosisjoner.UkjentNoekkel("columns[1]", "nam", new Posisjon(11, 5)));
    }

    @Test
    void should_report_where_the_yaml_parser_stopped() {
        assertThatThrownBy(() -> YamlPosisjoner.les("a: [1, 2\nb: 3\n"))
                .isInstanceOfSatisfying(YamlPosisjoner.UgyldigYaml.class, e -> {
                    assertThat(e.posisjon()).isEqualTo(new Posisjon(2, 2));
                    assertThat(e.grunn()).startsWith("not valid YAML: while parsing a flow sequence");
                });
    }
}
