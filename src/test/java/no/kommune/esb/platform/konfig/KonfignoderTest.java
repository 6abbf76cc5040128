package no.kommune.esb.platform.konfig;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class KonfignoderTest {

    /** {@code fil=sum} pairs separated by spaces; {@code -} for none. */
    private static Map<String, String> filer(String s) {
        Map<String, String> m = new TreeMap<>();
        if (!s.equals("-")) {
            for (String par : s.split(" ")) {
                String[] d = par.split("=");
                m.put(d[0], d[1]);
            }
        }
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                               | here                                     | other                                    | differing files (here/there)                        | fan-out allowed
            same files                           | fagsystemer/a.yaml=aa ruter/r.yaml=bb    | fagsystemer/a.yaml=aa ruter/r.yaml=bb    | -                                                   | true
            a registration changed               | fagsystemer/a.yaml=aa                    | fagsystemer/a.yaml=ab                    | fagsystemer/a.yaml:aa/ab                            | false
            a registration only here             | fagsystemer/a.yaml=aa fagsystemer/b.yaml=cc | fagsystemer/a.yaml=aa                 | fagsystemer/b.yaml:cc/mangler                       | false
            a registration only there            | fagsystemer/a.yaml=aa                    | fagsystemer/a.yaml=aa fagsystemer/b.yaml=cc | fagsystemer/b.yaml:mangler/cc                    | false
            a mapping changed                    | mappinger/a/a.jsonata=11                 | mappinger/a/a.jsonata=12                 | mappinger/a/a.jsonata:11/12                         | false
            a route changed (warned, not held)   | ruter/r.yaml=bb                          | ruter/r.yaml=bc                          | ruter/r.yaml:bb/bc                                  | true
            a trigger changed (warned, not held) | proaktiv/t.yaml=01                       | proaktiv/t.yaml=02                       | proaktiv/t.yaml:01/02                               | true
            no other instance                    | fagsystemer/a.yaml=aa                    | -                                        | -                                                   | true
            """)
    void should_name_each_file_that_differs_and_hold_the_fan_out_only_for_registrations_and_mappings(
            String tilfelle, String her, String der, String ulike, boolean tillatt) {
        Map<String, Map<String, String>> andre = new LinkedHashMap<>();
        if (!der.equals("-")) {
            andre.put("b", filer(der));
        }

        var avvik = Konfignoder.avvik(filer(her), andre);

        assertThat(avvik).extracting(a -> a.fil() + ":" + a.her() + "/" + a.der())
                .containsExactlyElementsOf(ulike.equals("-") ? java.util.List.of() : java.util.List.of(ulike.split(" ")));
        assertThat(avvik.stream().noneMatch(Konfignoder.Avvik::registrering)).isEqualTo(tillatt);
    }

    @org.junit.jupiter.api.Test
    void should_show_only_the_first_twelve_hex_digits_of_a_checksum() {
        var avvik = Konfignoder.avvik(Map.of("fagsystemer/a.yaml", "a".repeat(64)), Map.of("b", Map.of("fagsystemer/a.yaml", "b".repeat(64))));

        assertThat(avvik).singleElement().satisfies(a -> {
            assertThat(a.her()).isEqualTo("a".repeat(12));
            assertThat(a.der()).isEqualTo("b".repeat(12));
            assertThat(a.node()).isEqualTo("b");
        });
    }
}
