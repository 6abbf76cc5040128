package no.kommune.esb.paalitelighet;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * The reliability report, {@code target/reliability/report.json}: one entry per scenario (name, parameters,
 * figures, passed). Each scenario adds or replaces its own entry, so scenarios in separate test classes (and
 * separate runs) merge into one file.
 */
public final class Rapport {

  /** Where the report is written, relative to the project root (the tests' working directory). */
  public static final Path FIL = Path.of("target", "reliability", "report.json");

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Rapport() {
  }

  /** Adds or replaces the entry of {@code scenario} with its figures and no parameters. */
  public static void leggTil(String scenario, Map<String, Object> tall, boolean bestaatt) {
    leggTil(scenario, Map.of(), tall, bestaatt);
  }

  /** Adds or replaces the entry of {@code scenario}: the parameters it ran with, its figures, whether it passed. */
  public static void leggTil(String scenario, Map<String, Object> parametre, Map<String, Object> tall,
      boolean bestaatt) {
    leggTil(FIL, scenario, parametre, tall, bestaatt);
  }

  static synchronized void leggTil(Path fil, String scenario, Map<String, Object> parametre, Map<String, Object> tall,
      boolean bestaatt) {
    try {
      Files.createDirectories(fil.toAbsolutePath().getParent());
      ObjectNode rot = Files.exists(fil) ? (ObjectNode) JSON.readTree(fil.toFile()) : JSON.createObjectNode();
      ArrayNode scenarier = rot.has("scenarios") ? (ArrayNode) rot.get("scenarios") : rot.putArray("scenarios");
      for (int i = scenarier.size() - 1; i >= 0; i--) {
        if (scenario.equals(scenarier.get(i).path("name").asText())) {
          scenarier.remove(i);
        }
      }
      ObjectNode post = JSON.createObjectNode();
      post.put("name", scenario);
      post.put("at", Instant.now().toString());
      post.set("parameters", JSON.valueToTree(parametre));
      post.set("figures", JSON.valueToTree(tall));
      post.put("passed", bestaatt);
      scenarier.add(post);
      rot.put("updated", Instant.now().toString());
      JSON.writeValue(fil.toFile(), rot);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + fil, e);
    }
  }
}
