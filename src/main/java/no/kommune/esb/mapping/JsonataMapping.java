package no.kommune.esb.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON payloads from a JSONata expression file ({@code .jsonata}). The result is written straight from JSONata's
 * values (maps, lists, numbers), not through a Jackson tree built first, with the same printer and so the same text.
 */
final class JsonataMapping implements Mapping {

    private static final ObjectWriter PRETTY = Jsonata.JSON.writerWithDefaultPrettyPrinter();

    private final Path source;
    private final Jsonata expression;

    JsonataMapping(Path source, String text) {
        this.source = source;
        this.expression = Jsonata.compile(text, source);
    }

    @Override
    public Path source() {
        return source;
    }

    @Override
    public MappingFormat format() {
        return MappingFormat.JSON;
    }

    @Override
    public String map(JsonNode input) {
        return write(result(Jsonata.toJsonata(input)));
    }

    /** The stored document's text read straight into JSONata's values: no Jackson tree in between. */
    @Override
    public String map(String inputJson) {
        Object input;
        try {
            input = Jsonata.fromJson(inputJson);
        } catch (IOException e) {
            throw MappingException.ulesbartDokument(source, e);
        }
        return write(result(input));
    }

    @Override
    public String mapBatch(List<? extends JsonNode> inputs) {
        List<Object> array = new ArrayList<>(inputs.size());
        inputs.forEach(input -> array.add(result(Jsonata.toJsonata(input))));
        return write(array);
    }

    private Object result(Object input) {
        Object result = expression.evaluate(input);
        if (result == null) {
            throw new MappingException(source, "the expression produced no value for this input");
        }
        return result;
    }

    private String write(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new MappingException(source, "cannot write JSON: " + e.getOriginalMessage());
        }
    }
}
