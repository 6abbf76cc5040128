package no.kommune.esb.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs every golden example under {@code mappings/<fagsystem>/examples/<case>/}: the folder's one mapping file
 * applied to {@code input.json} must give {@code expected.<json|xml|csv>} ({@link Utdatasammenligning}: JSON structurally, XML
 * ignoring indentation, CSV ignoring line-ending style); a failure names the file and the first difference. Start-up,
 * bin/validate-config and a reload refuse the same mismatch (hendelser.Eksempler).
 */
class GoldenExamplesTest {

    private static final Path MAPPINGS = Path.of("mappings");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> examples() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (Stream<Path> folders = Files.list(MAPPINGS)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                Path examples = folder.resolve("examples");
                if (layoutFile(folder) != null) {
                    continue;
                }
                Eksempelmapper.tilfeller(examples).forEach(c -> cases.add(Arguments.of(folder.getFileName() + "/" + c.getFileName(), folder, c)));
            }
        }
        return cases.stream();
    }

    @Test
    void should_have_at_least_two_examples_for_every_mapping_folder() throws IOException {
        try (Stream<Path> folders = Files.list(MAPPINGS)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                Path examples = folder.resolve("examples");
                assertThat(examples).as("%s needs golden examples", folder).isDirectory();
                assertThat(Eksempelmapper.tilfeller(examples)).as("examples in %s", folder).hasSizeGreaterThanOrEqualTo(2);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void should_map_input_to_expected(String name, Path folder, Path caseDir) throws Exception {
        Map.Entry<Path, MappingFormat> mappingFile = mappingFile(folder);
        Mapping mapping = Mappings.compile(mappingFile.getKey(), mappingFile.getValue());
        Path expectedFile = caseDir.resolve("expected." + mapping.format().extension());
        assertThat(expectedFile).as("golden file for %s", caseDir).exists();
        String actual = mapping.map(JSON.readTree(caseDir.resolve("input.json").toFile()));
        String expected = Files.readString(expectedFile);

        Utdatasammenligning.forskjell(mapping.format(), expected, actual).ifPresent(d -> fail(expectedFile + ": " + d + "\n--- actual output ---\n" + actual));
    }

    /** Deliveries map the document as stored (JSON text), the golden test and replay as a tree: the same output, to the byte. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void should_give_the_same_output_from_the_stored_text_as_from_the_tree(String name, Path folder, Path caseDir) throws Exception {
        Map.Entry<Path, MappingFormat> mappingFile = mappingFile(folder);
        Mapping mapping = Mappings.compile(mappingFile.getKey(), mappingFile.getValue());
        JsonNode input = JSON.readTree(caseDir.resolve("input.json").toFile());

        assertThat(mapping.map(input.toString())).as("%s from text", caseDir).isEqualTo(mapping.map(input));
    }

    @Test
    void should_give_the_same_output_when_one_compiled_mapping_runs_on_many_threads() throws Exception {
        List<Arguments> cases = examples().toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (Arguments c : cases) {
                Path folder = (Path) c.get()[1];
                Path caseDir = (Path) c.get()[2];
                Map.Entry<Path, MappingFormat> file = mappingFile(folder);
                Mapping mapping = Mappings.compile(file.getKey(), file.getValue());
                JsonNode input = JSON.readTree(caseDir.resolve("input.json").toFile());
                String once = mapping.map(input);
                List<Future<String>> runs = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    runs.add(pool.submit(() -> mapping.map(input)));
                }
                for (Future<String> run : runs) {
                    assertThat(run.get()).as("concurrent run of %s", caseDir).isEqualTo(once);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static Stream<Arguments> layoutExamples() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (Stream<Path> folders = Files.list(MAPPINGS)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                Path layout = layoutFile(folder);
                if (layout == null) {
                    continue;
                }
                try (Stream<Path> caseDirs = Files.list(folder.resolve("examples"))) {
                    caseDirs.filter(Files::isDirectory).sorted()
                            .forEach(c -> cases.add(Arguments.of(folder.getFileName() + "/" + c.getFileName(), layout, c)));
                }
            }
        }
        return cases.stream();
    }

    /**
     * An input layout ({@code .inn.yaml}, a wash file in a fagsystem's own format) reads {@code input.csv} or
     * {@code input.xml} into the records of {@code expected.json}: each with its line and values, or its line and why
     * it could not be read.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("layoutExamples")
    void should_read_input_into_expected_records_when_the_folder_holds_an_input_layout(String name, Path layoutFile, Path caseDir)
            throws Exception {
        Innlesing layout = Innlesing.kompiler(layoutFile);
        Path input = caseDir.resolve("input." + layout.format().name().toLowerCase(Locale.ROOT));
        assertThat(input).as("input for %s", caseDir).exists();
        ArrayNode actual = Innlesing.somJson(layout.les(Files.readString(input)));
        Path expectedFile = caseDir.resolve("expected.json");
        Utdatasammenligning.forskjell(MappingFormat.JSON, Files.readString(expectedFile), actual.toPrettyString())
                .ifPresent(d -> fail(expectedFile + ": " + d + "\n--- actual records ---\n" + actual.toPrettyString()));
    }

    /** The folder's input layout, or null when it holds a mapping. */
    static Path layoutFile(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(Innlesing.ENDELSE)).findFirst().orElse(null);
        }
    }

    /** The folder's mapping file, its format from the extension. Exactly one per folder. */
    static Map.Entry<Path, MappingFormat> mappingFile(Path folder) throws IOException {
        List<Map.Entry<Path, MappingFormat>> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                for (MappingFormat format : MappingFormat.values()) {
                    if (f.getFileName().toString().endsWith(Mappings.expectedSuffix(format))) {
                        found.add(Map.entry(f, format));
                    }
                }
            }
        }
        assertThat(found).as("exactly one mapping file in %s", folder).hasSize(1);
        return found.get(0);
    }
}
