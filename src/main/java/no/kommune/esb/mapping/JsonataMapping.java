package no.kommune.esb.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.nio.file.Path;
import java.util.List;

/** JSON payloads from a JSONata expression file ({@code .jsonata}). */
final class JsonataMapping implements Mapping {

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
        return write(tree(input));
    }

    @Override
    public String mapBatch(List<? extends JsonNode> inputs) {
        ArrayNode array = Jsonata.JSON.createArrayNode();
        inputs.forEach(input -> array.add(tree(input)));
        return write(array);
    }

    private JsonNode tree(JsonNode input) {
        JsonNode result = expression.evaluateToTree(Jsonata.toJsonata(input));
        if (result == null) {
            throw new MappingException(source, "the expression produced no value for this input");
        }
        return result;
    }

    private String write(JsonNode tree) {
        try {
            return Jsonata.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new MappingException(source, "cannot write JSON: " + e.getOriginalMessage());
        }
    }
}
