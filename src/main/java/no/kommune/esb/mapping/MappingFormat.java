package no.kommune.esb.mapping;

import java.util.Locale;
import java.util.Optional;

/** The payload formats a mapping can produce, with the mapping language each uses. */
public enum MappingFormat {
    /** JSONata expression ({@code .jsonata}) producing JSON. */
    JSON("json", "application/json"),
    /** XSLT 3 stylesheet ({@code .xsl}) that reads the input as an XPath map and writes XML. */
    XML("xml", "application/xml"),
    /** Column layout ({@code .csv.yaml}) with one JSONata expression per column, semicolon separated. */
    CSV("csv", "text/csv");

    private final String extension;
    private final String contentType;

    MappingFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    /** File extension of the produced payload (and of golden {@code expected.<ext>} files). */
    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    public static Optional<MappingFormat> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
