package no.kommune.esb.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs every golden example under {@code mappings/<fagsystem>/examples/<case>/}: the folder's one mapping file
 * applied to {@code input.json} must give {@code expected.<json|xml|csv>}. JSON is compared structurally, XML
 * ignoring indentation, CSV ignoring line-ending style; a failure names the file and the first difference.
 */
class GoldenExamplesTest {

    private static final Path MAPPINGS = Path.of("mappings");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> examples() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        try (Stream<Path> folders = Files.list(MAPPINGS)) {
            for (Path folder : folders.filter(Files::isDirectory).sorted().toList()) {
                Path examples = folder.resolve("examples");
                if (!Files.isDirectory(examples)) {
                    continue;
                }
                try (Stream<Path> caseDirs = Files.list(examples)) {
                    caseDirs.filter(Files::isDirectory).sorted()
                            .forEach(c -> cases.add(Arguments.of(folder.getFileName() + "/" + c.getFileName(), folder, c)));
                }
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
                try (Stream<Path> caseDirs = Files.list(examples)) {
                    assertThat(caseDirs.filter(Files::isDirectory).count()).as("examples in %s", folder).isGreaterThanOrEqualTo(2);
                }
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

        Optional<String> difference = switch (mapping.format()) {
            case JSON -> jsonDifference("$", JSON.readTree(expected), JSON.readTree(actual));
            case XML -> xmlDifference(parseXml(expected).getDocumentElement(), parseXml(actual).getDocumentElement(), "");
            case CSV -> csvDifference(expected, actual);
        };
        difference.ifPresent(d -> fail(expectedFile + ": " + d + "\n--- actual output ---\n" + actual));
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

    static Optional<String> jsonDifference(String path, JsonNode expected, JsonNode actual) {
        if (actual == null || actual.isMissingNode()) {
            return Optional.of(path + " is missing, expected " + expected);
        }
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            actual.fieldNames().forEachRemaining(names::add);
            for (String field : names) {
                if (!expected.has(field)) {
                    return Optional.of(path + "." + field + " is not expected, but was " + actual.get(field));
                }
                Optional<String> d = jsonDifference(path + "." + field, expected.get(field), actual.get(field));
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        if (expected.isArray() && actual.isArray()) {
            if (expected.size() != actual.size()) {
                return Optional.of(path + " has " + actual.size() + " elements, expected " + expected.size());
            }
            Iterator<JsonNode> e = expected.elements();
            Iterator<JsonNode> a = actual.elements();
            for (int i = 0; e.hasNext(); i++) {
                Optional<String> d = jsonDifference(path + "[" + i + "]", e.next(), a.next());
                if (d.isPresent()) {
                    return d;
                }
            }
            return Optional.empty();
        }
        boolean same = expected.isNumber() && actual.isNumber()
                ? expected.decimalValue().compareTo(actual.decimalValue()) == 0
                : expected.equals(actual);
        return same ? Optional.empty() : Optional.of(path + " expected " + expected + " but was " + actual);
    }

    static Optional<String> csvDifference(String expected, String actual) {
        List<String> e = expected.replace("\r\n", "\n").strip().lines().toList();
        List<String> a = actual.replace("\r\n", "\n").strip().lines().toList();
        String[] header = e.isEmpty() ? new String[0] : e.get(0).split(";", -1);
        for (int i = 0; i < Math.max(e.size(), a.size()); i++) {
            if (i >= e.size()) {
                return Optional.of("line " + (i + 1) + " is not expected: " + a.get(i));
            }
            if (i >= a.size()) {
                return Optional.of("line " + (i + 1) + " is missing, expected: " + e.get(i));
            }
            if (!e.get(i).equals(a.get(i))) {
                String[] ec = e.get(i).split(";", -1);
                String[] ac = a.get(i).split(";", -1);
                for (int c = 0; c < Math.max(ec.length, ac.length); c++) {
                    String ev = c < ec.length ? ec[c] : "<none>";
                    String av = c < ac.length ? ac[c] : "<none>";
                    if (!ev.equals(av)) {
                        String column = c < header.length ? header[c] : "column " + (c + 1);
                        return Optional.of("line " + (i + 1) + ", " + column + ": expected '" + ev + "' but was '" + av + "'");
                    }
                }
            }
        }
        return Optional.empty();
    }

    static Document parseXml(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
    }

    static Optional<String> xmlDifference(Element expected, Element actual, String parentPath) {
        String path = parentPath + "/" + expected.getLocalName();
        if (!expected.getLocalName().equals(actual.getLocalName())
                || !String.valueOf(expected.getNamespaceURI()).equals(String.valueOf(actual.getNamespaceURI()))) {
            return Optional.of(path + ": expected element {" + expected.getNamespaceURI() + "}" + expected.getLocalName()
                    + " but was {" + actual.getNamespaceURI() + "}" + actual.getLocalName());
        }
        List<Element> ec = children(expected);
        List<Element> ac = children(actual);
        if (ec.isEmpty() && ac.isEmpty()) {
            String ev = expected.getTextContent().strip();
            String av = actual.getTextContent().strip();
            return ev.equals(av) ? Optional.empty() : Optional.of(path + ": expected '" + ev + "' but was '" + av + "'");
        }
        for (int i = 0; i < Math.max(ec.size(), ac.size()); i++) {
            if (i >= ec.size()) {
                return Optional.of(path + ": unexpected element " + ac.get(i).getLocalName() + " at position " + (i + 1));
            }
            if (i >= ac.size()) {
                return Optional.of(path + ": missing element " + ec.get(i).getLocalName() + " at position " + (i + 1));
            }
            Optional<String> d = xmlDifference(ec.get(i), ac.get(i), path);
            if (d.isPresent()) {
                return d;
            }
        }
        return Optional.empty();
    }

    private static List<Element> children(Element e) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                out.add(child);
            }
        }
        return out;
    }
}
