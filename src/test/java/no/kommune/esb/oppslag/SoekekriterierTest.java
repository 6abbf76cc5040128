package no.kommune.esb.oppslag;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SoekekriterierTest {

    // parameter | value | expected: OK or a fragment of the reason
    @ParameterizedTest(name = "{0}={1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "adressenavn           | Storgata         | OK",
            "adressenavn           | St               | adressenavn har feil form",
            "husnummer             | 12B              | OK",
            "husnummer             | tolv             | husnummer har feil form",
            "postnummer            | 3017             | OK",
            "postnummer            | 301              | 4 siffer",
            "foedselsdato          | 19851223         | OK",
            "foedselsdato          | 23.12.1985       | ÅÅÅÅMMDD",
            "navn                  | Kari Nordmann    | OK",
            "navn                  | Kari; drop table | navn har feil form",
            "identifikasjonsnummer | 02013299997      | OK",
            "identifikasjonsnummer | 02013299998      | control digits do not match",
    })
    void should_check_each_criterion_in_the_registers_form(String navn, String verdi, String forventet) {
        Map<String, String> ut = new LinkedHashMap<>();
        Map<String, Object> headers = new HashMap<>(Map.of(navn, verdi));

        String feil = Soekekriterier.les(headers, Soekekriterier.ENTYDIG.contains(navn) ? Soekekriterier.ENTYDIG : Soekekriterier.TREFFLISTE, ut);

        if ("OK".equals(forventet)) {
            assertThat(feil).isNull();
            assertThat(ut).containsEntry(navn, verdi);
        } else {
            assertThat(feil).contains(forventet).doesNotContain("02013299998");
        }
    }

    @Test
    void should_refuse_a_search_with_only_options_and_no_criterion() {
        assertThat(Soekekriterier.les(Map.of("soekFonetisk", "true"), Soekekriterier.TREFFLISTE, new HashMap<>()))
                .contains("minst ett søkekriterium");
    }

    @Test
    void should_leave_out_parameters_the_search_does_not_take() {
        Map<String, String> ut = new HashMap<>();
        Soekekriterier.les(Map.of("navn", "Kari Nordmann", "part", "historikk", "X-Esb-Fagsystem", "skole"), Soekekriterier.TREFFLISTE, ut);

        assertThat(ut).containsOnlyKeys("navn");
    }

    // criteria | right to a hit
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "navn=Kari Nordmann,foedselsdato=19851223 | true",
            "navn=Kari Nordmann,postnummer=3017       | true",
            "navn=Kari Nordmann,adressenavn=Storgata  | true",
            "navn=Kari,foedselsdato=19851223          | false",
            "navn=Kari Nordmann                       | false",
            "foedselsdato=19851223,postnummer=3017    | false",
    })
    void should_demand_a_name_and_one_identifying_fact_for_entydig_soek(String kriterier, boolean rett) {
        Map<String, String> k = new HashMap<>();
        for (String par : kriterier.split(",")) {
            k.put(par.split("=")[0], par.split("=")[1]);
        }

        assertThat(Soekekriterier.rettTilTreff(k) == null).isEqualTo(rett);
    }
}
