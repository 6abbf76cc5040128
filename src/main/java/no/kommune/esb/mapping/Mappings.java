package no.kommune.esb.mapping;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Compiles mapping files. The language follows the format: JSON = JSONata, XML = XSLT 3, CSV = column layout. */
public final class Mappings {

    private Mappings() {
    }

    /**
     * Reads and compiles {@code file}.
     *
     * @throws MappingException naming the file and the reason when the file is missing, unreadable, has the
     *                          wrong extension for the format or does not compile
     */
    public static Mapping compile(Path file, MappingFormat format) {
        if (!Files.isRegularFile(file)) {
            throw new MappingException(file, "mapping file does not exist");
        }
        String expected = expectedSuffix(format);
        if (!file.getFileName().toString().endsWith(expected)) {
            throw new MappingException(file, format + " mappings are " + expected + " files");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MappingException(file, "cannot read: " + e.getMessage(), e);
        }
        return switch (format) {
            case JSON -> new JsonataMapping(file, text);
            case XML -> new XsltMapping(file, text);
            case CSV -> new CsvMapping(file, text);
        };
    }

    /** File name ending a mapping of {@code format} must have. */
    public static String expectedSuffix(MappingFormat format) {
        return switch (format) {
            case JSON -> ".jsonata";
            case XML -> ".xsl";
            case CSV -> ".csv.yaml";
        };
    }
}
