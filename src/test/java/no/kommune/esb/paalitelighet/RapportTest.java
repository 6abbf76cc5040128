package no.kommune.esb.paalitelighet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RapportTest {

  @Test
  void should_keep_one_entry_per_scenario_when_a_scenario_is_reported_twice(@TempDir Path mappe) throws Exception {
    Path fil = mappe.resolve("report.json");
    Rapport.leggTil(fil, "R0", Map.of("letters", 1), Map.of("lost", 5), false);
    Rapport.leggTil(fil, "R9", Map.of(), Map.of("lost", 0), true);
    Rapport.leggTil(fil, "R0", Map.of("letters", 2), Map.of("lost", 0), true);

    JsonNode scenarier = new ObjectMapper().readTree(fil.toFile()).get("scenarios");
    assertThat(scenarier).hasSize(2);
    long antall = 0;
    JsonNode siste = null;
    for (JsonNode s : scenarier) {
      if (s.get("name").asText().equals("R0")) {
        antall++;
        siste = s;
      }
    }
    assertThat(antall).isEqualTo(1);
    assertThat(siste.at("/parameters/letters").asInt()).isEqualTo(2);
    assertThat(siste.at("/figures/lost").asInt()).isZero();
    assertThat(siste.get("passed").asBoolean()).isTrue();
  }
}
