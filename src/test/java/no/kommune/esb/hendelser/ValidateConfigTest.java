package no.kommune.esb.hendelser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static no.kommune.esb.hendelser.FagsystemLoaderTest.copy;
import static no.kommune.esb.hendelser.FagsystemLoaderTest.replace;
import static org.assertj.core.api.Assertions.assertThat;

class ValidateConfigTest {

    /** What the command printed and returned. */
    private record Utfall(int code, String out, String err) {
    }

    /** Copies the shipped folders (paths relative to the project) to the same paths under {@code root}. */
    private static void kopier(Path root, String... mapper) throws IOException {
        for (String mappe : mapper) {
            copy(Path.of(mappe), root.resolve(mappe));
        }
    }

    private static Utfall run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = ValidateConfig.run(args);
            return new Utfall(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }

    @Test
    void should_accept_the_shipped_configuration_mappings_examples_and_routes() {
        Utfall utfall = run();

        assertThat(utfall.code()).as(utfall.err()).isZero();
        assertThat(utfall.out()).contains("OK: 5 fagsystem registration(s) valid in config/fagsystemer")
                .contains("4 proactive trigger(s) valid in config/proaktiv")
                .contains("1 extract order(s) valid in config/uttrekk");
    }

    @Test
    void should_report_an_extract_order_problem_at_its_line_and_column(@TempDir Path root) throws IOException {
        kopier(root, "config/fagsystemer", "config/uttrekk", "mappings", "routes");
        replace(root.resolve("config/uttrekk/skolestart.yaml"), "plan: \"0 0 6 1 3,9 *\"", "plan: \"1. mars\"");

        Utfall utfall = run(root.toString());

        assertThat(utfall.code()).isEqualTo(1);
        assertThat(utfall.err().lines()).containsExactly(
                root.resolve("config/uttrekk/skolestart.yaml") + ":31:7: plan must be a Spring cron expression with six fields (second minute hour day month weekday)",
                "INVALID: 1 problem(s)");
    }

    @Test
    void should_report_a_proactive_trigger_problem_at_its_line_and_column(@TempDir Path root) throws IOException {
        kopier(root, "config/fagsystemer", "config/proaktiv", "mappings", "routes");
        replace(root.resolve("config/proaktiv/foedsel-helsestasjon.yaml"), "  - personErOpprettet", "  - personErFoedt");

        Utfall utfall = run(root.toString());

        assertThat(utfall.code()).isEqualTo(1);
        assertThat(utfall.err().lines()).containsExactly(
                root.resolve("config/proaktiv/foedsel-helsestasjon.yaml") + ":4:5: unknown event type 'personErFoedt'"
                        + " (Folkeregisteret's Hendelsestype, e.g. personErOpprettet, endringIBostedsadresse)",
                "INVALID: 1 problem(s)");
    }

    @Test
    void should_report_a_message_triggers_unknown_fagsystem_and_missing_mapping_at_their_lines(@TempDir Path root) throws IOException {
        kopier(root, "config/fagsystemer", "config/proaktiv", "mappings", "routes");
        Path fil = root.resolve("config/proaktiv/doedsfall-pleie-omsorg.yaml");
        replace(fil, "  fagsystem: pleie-omsorg", "  fagsystem: pleie");
        replace(fil, "pleie-omsorg-doedsfall/pleie-omsorg-doedsfall.xsl", "pleie-omsorg-doedsfall/finnes-ikke.xsl");

        Utfall utfall = run(root.toString());

        assertThat(utfall.code()).isEqualTo(1);
        assertThat(utfall.err().lines()).containsExactly(
                fil + ":12:14: melding.fagsystem 'pleie' is not a registered fagsystem (config/fagsystemer)",
                fil + ":14:12: mapping file " + root.resolve("mappings/pleie-omsorg-doedsfall/finnes-ikke.xsl") + " does not exist",
                "INVALID: 2 problem(s)");
    }

    @Test
    void should_report_problems_in_registrations_mappings_and_routes_in_one_run(@TempDir Path root) throws IOException {
        kopier(root, "config/fagsystemer", "mappings", "routes");
        replace(root.resolve("config/fagsystemer/skole.yaml"), "tjenesteomraade: OPPVEKST", "tjenesteomraade: SKOLE");
        replace(root.resolve("mappings/lonn/lonn.jsonata"), "\"meldingstype\": $type,", "\"meldingstype\": $type((,");
        replace(root.resolve("routes/hendelser/hendelser-levering.camel.yaml"), "      steps:", "      stepz:");

        Utfall utfall = run(root.toString());

        assertThat(utfall.code()).isEqualTo(1);
        assertThat(utfall.err().lines()).containsExactly(
                root.resolve("mappings/lonn/lonn.jsonata") + ":10:28: JSONata does not compile: The symbol \",\" cannot be used"
                        + " as a unary operator (mapping of " + root.resolve("config/fagsystemer/lonn.yaml") + ")",
                root.resolve("config/fagsystemer/skole.yaml") + ":4:18: unknown tjenesteomraade 'SKOLE' (one of [OPPVEKST,"
                        + " HELSE_OG_OMSORG, SOSIAL, TEKNISKE_TJENESTER, INTERNE_TJENESTER])",
                root.resolve("routes/hendelser/hendelser-levering.camel.yaml") + ":13:9: Unsupported field: stepz",
                "INVALID: 3 problem(s)");
    }

    @Test
    void should_print_a_problem_without_a_line_only_for_a_folder(@TempDir Path root) throws IOException {
        Path config = root.resolve("fagsystemer");
        Path mappings = root.resolve("mappings");
        copy(Path.of("config/fagsystemer"), config);
        copy(Path.of("mappings"), mappings);
        Files.delete(mappings.resolve("lonn/examples/strengt-fortrolig-adresse/input.json"));

        Utfall utfall = run("--fagsystemer=" + config, "--mappings=" + mappings, "--routes=routes");

        assertThat(utfall.code()).isEqualTo(1);
        assertThat(utfall.err().lines()).containsExactly(
                mappings.resolve("lonn/examples/strengt-fortrolig-adresse") + ": example has no input.json",
                config.resolve("lonn.yaml") + ":19:9: mapping " + mappings.resolve("lonn/lonn.jsonata") + " has no example"
                        + " with a withheld protected address: the registration sees addresses, so add a case whose input"
                        + " has no address and \"adresseTilbakeholdt\": true (mappings/README.md)",
                "INVALID: 2 problem(s)");
    }

    @Test
    void should_refuse_an_unknown_option_with_exit_code_2() {
        Utfall utfall = run("--fagsystem=config/fagsystemer");

        assertThat(utfall.code()).isEqualTo(2);
        assertThat(utfall.err()).startsWith("usage: validate-config");
    }
}
