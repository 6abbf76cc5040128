package no.kommune.esb.mapping;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Semicolon CSV from a declared column layout ({@code .csv.yaml}): an optional {@code rows} JSONata expression
 * giving one value per output row (bound as {@code $rad} while the columns are evaluated; default: one row per
 * input), and an ordered list of columns, each a header name and a JSONata expression over the input document.
 */
public final class CsvMapping implements Mapping {

    /** The layout file as written. */
    record Layout(String separator, Boolean header, String lineEnding, String rows, List<Column> columns) {
    }

    record Column(@JsonProperty(required = true) String name, @JsonProperty(required = true) String value) {
    }

    private record CompiledColumn(String name, Jsonata value) {
    }

    private final Path source;
    private final String separator;
    private final boolean header;
    private final String lineEnding;
    private final Jsonata rows;
    private final List<CompiledColumn> columns;

    CsvMapping(Path source, String text) {
        this.source = source;
        Layoutfil<Layout> fil = Layoutfil.les(source, text, Layout.class, "CSV layout");
        YamlPosisjoner at = fil.at();
        Layout layout = fil.layout();
        if (layout == null || layout.columns() == null || layout.columns().isEmpty()) {
            throw new MappingException(source, at.av("columns"), "CSV layout declares no columns", null);
        }
        this.separator = layout.separator() == null ? ";" : layout.separator();
        if (separator.length() != 1 || separator.equals("\"")) {
            throw new MappingException(source, at.av("separator"), "separator must be one character other than a quote", null);
        }
        this.header = layout.header() == null || layout.header();
        String ending = layout.lineEnding() == null ? "CRLF" : layout.lineEnding();
        this.lineEnding = switch (ending) {
            case "CRLF" -> "\r\n";
            case "LF" -> "\n";
            default -> throw new MappingException(source, at.av("lineEnding"), "lineEnding must be CRLF or LF, was " + ending, null);
        };
        this.rows = layout.rows() == null ? null : Jsonata.compile(layout.rows(), source, "rows", p -> at.iVerdi("rows", p));
        List<CompiledColumn> compiled = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Column c : layout.columns()) {
            String path = "columns[" + compiled.size() + "]";
            if (c == null || c.name() == null || c.name().isBlank()) {
                throw new MappingException(source, at.av(path), "column " + (compiled.size() + 1) + " has no name", null);
            }
            if (!names.add(c.name())) {
                throw new MappingException(source, at.av(path + ".name"), "column " + c.name() + " is declared twice", null);
            }
            compiled.add(new CompiledColumn(c.name(),
                    Jsonata.compile(c.value(), source, "column " + c.name(), p -> at.iVerdi(path + ".value", p))));
        }
        this.columns = List.copyOf(compiled);
    }

    @Override
    public Path source() {
        return source;
    }

    @Override
    public MappingFormat format() {
        return MappingFormat.CSV;
    }

    /** The header line (with line ending), or empty when the layout says {@code header: false}. */
    public String header() {
        if (!header) {
            return "";
        }
        return String.join(separator, columns.stream().map(c -> quote(c.name())).toList()) + lineEnding;
    }

    /** The data lines for one input, without header. */
    public String rows(JsonNode input) {
        Object root = Jsonata.toJsonata(input);
        StringBuilder out = new StringBuilder();
        for (Object row : rowValues(root)) {
            List<String> cells = new ArrayList<>();
            for (CompiledColumn column : columns) {
                cells.add(quote(cell(column, column.value().evaluate(root, Map.of("rad", row)))));
            }
            out.append(String.join(separator, cells)).append(lineEnding);
        }
        return out.toString();
    }

    @Override
    public String map(JsonNode input) {
        return header() + rows(input);
    }

    @Override
    public String mapBatch(List<? extends JsonNode> inputs) {
        StringBuilder out = new StringBuilder(header());
        inputs.forEach(input -> out.append(rows(input)));
        return out.toString();
    }

    private List<Object> rowValues(Object root) {
        if (rows == null) {
            return List.of(root);
        }
        Object value = rows.evaluate(root);
        if (value == null) {
            return List.of();
        }
        if (value instanceof Collection<?> many) {
            return new ArrayList<>(many);
        }
        return List.of(value);
    }

    private String cell(CompiledColumn column, Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof String || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : n.toString();
        }
        throw new MappingException(source, "column " + column.name() + " gave a list or object; a cell needs one value");
    }

    private String quote(String value) {
        boolean needs = value.contains(separator) || value.contains("\"") || value.contains("\n") || value.contains("\r");
        return needs ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
    }
}
