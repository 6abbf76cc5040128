package no.kommune.esb.hendelser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class RuteValidatorTest {

    private static final String ROUTE = """
            - route:
                id: eksempel
                description: a timer that logs
                from:
                  uri: timer:eksempel
                  steps:
                    - log:
                        message: tick
            """;

    @TempDir
    Path routes;

    private Path write(String name, String text) throws IOException {
        Path file = routes.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void should_load_every_shipped_route() {
        assertThat(RuteValidator.sjekk(Path.of("routes"))).isEmpty();
    }

    @Test
    void should_report_an_unknown_key_where_camel_stopped() throws IOException {
        Path file = write("flyt/ukjent-felt.camel.yaml", ROUTE.replace("steps:", "stepz:"));

        assertThat(RuteValidator.sjekk(routes)).singleElement()
                .hasToString(file + ":7:9: Unsupported field: stepz");
    }

    @Test
    void should_report_an_unknown_step_at_its_line_and_column() throws IOException {
        Path file = write("flyt/ukjent-steg.camel.yaml", ROUTE.replace("- log:", "- logg:"));

        assertThat(RuteValidator.sjekk(routes)).singleElement()
                .hasToString(file + ":7:11: Unknown node id: logg");
    }

    @Test
    void should_report_a_yaml_syntax_error_at_its_line_and_column() throws IOException {
        Path file = write("flyt/syntaks.camel.yaml", ROUTE.replace("    from:", "   from:"));

        assertThat(RuteValidator.sjekk(routes)).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(file);
            assertThat(p.line() + ":" + p.column()).isEqualTo("4:4");
            assertThat(p.reason()).contains("expected <block end>, but found '<block mapping start>'");
        });
    }

    @Test
    void should_report_every_broken_file_and_skip_files_that_are_not_routes() throws IOException {
        write("a/en.camel.yaml", ROUTE.replace("steps:", "stepz:"));
        write("b/to.camel.yaml", ROUTE.replace("- log:", "- logg:"));
        write("b/ok.camel.yaml", ROUTE.replace("eksempel", "ok"));
        write("b/notater.yaml", "ikke: [en rute");

        assertThat(RuteValidator.sjekk(routes)).extracting(p -> routes.relativize(p.file()).toString())
                .containsExactly("a/en.camel.yaml", "b/to.camel.yaml");
    }

    @Test
    void should_report_a_missing_routes_folder_without_a_line() {
        Path missing = routes.resolve("finnes-ikke");

        assertThat(RuteValidator.sjekk(missing)).singleElement().hasToString(missing + ": routes folder does not exist");
    }
}
