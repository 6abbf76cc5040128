package no.kommune.esb.mapping;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Utils;
import com.dashjoin.jsonata.json.Json;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** A compiled JSONata expression with the conversions between Jackson trees and JSONata's Java values. */
final class Jsonata {

    static final ObjectMapper JSON = new ObjectMapper();

    private final com.dashjoin.jsonata.Jsonata expression;
    private final Path file;
    private final String where;

    private Jsonata(com.dashjoin.jsonata.Jsonata expression, Path file, String where) {
        this.expression = expression;
        this.file = file;
        this.where = where;
    }

    /** Compiles a whole file's text. */
    static Jsonata compile(String text, Path file) {
        return compile(text, file, "", UnaryOperator.identity());
    }

    /**
     * Compiles {@code text}; {@code where} says which part of the file it is (empty for a whole file) and
     * {@code inFile} turns a position in the expression into one in the file.
     */
    static Jsonata compile(String text, Path file, String where, UnaryOperator<Posisjon> inFile) {
        if (text == null || text.isBlank()) {
            throw new MappingException(file, inFile.apply(Posisjon.START), prefix(where) + "empty JSONata expression", null);
        }
        try {
            return new Jsonata(com.dashjoin.jsonata.Jsonata.jsonata(text), file, where);
        } catch (JException e) {
            // the expression text is configuration, not personal data, so the full message is safe here;
            // JSONata's location is the offset just after the token it stopped at
            throw new MappingException(file, inFile.apply(Posisjon.iTekst(text, e.getLocation() - 1)),
                    prefix(where) + "JSONata does not compile: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new MappingException(file, inFile.apply(Posisjon.START), prefix(where) + "JSONata does not compile: " + e, e);
        }
    }

    /**
     * Converts a Jackson tree into the plain maps/lists JSONata evaluates, walking the tree directly (as JSONata's own
     * parser builds them: LinkedHashMap, ArrayList, numbers through {@code Utils.convertNumber}); printing the tree and
     * parsing the text again cost ~9 % of an extract's run (docs/benchmarks.md, extracts profile).
     */
    static Object toJsonata(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                node.fields().forEachRemaining(e -> map.put(e.getKey(), toJsonata(e.getValue())));
                return map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                node.forEach(e -> list.add(toJsonata(e)));
                return list;
            }
            case STRING -> {
                return node.textValue();
            }
            case NUMBER -> {
                return Utils.convertNumber(node.doubleValue());
            }
            case BOOLEAN -> {
                return node.booleanValue();
            }
            case NULL, MISSING -> {
                return null;
            }
            default -> {
                return Json.parseJson(node.toString());
            }
        }
    }

    /**
     * Reads JSON text straight into the values {@link #toJsonata} makes from a tree (LinkedHashMap, ArrayList, numbers
     * through {@code Utils.convertNumber}), without building a Jackson tree first: a delivery maps its stored
     * document once, so the tree was garbage at once (docs/benchmarks.md, session 8).
     *
     * @throws IOException when the text is not one JSON value (Jackson's message may quote input values: callers
     *                     report the position only)
     */
    static Object fromJson(String text) throws IOException {
        try (JsonParser parser = JSON.getFactory().createParser(text)) {
            if (parser.nextToken() == null) {
                throw new com.fasterxml.jackson.core.JsonParseException(parser, "no JSON value");
            }
            Object value = read(parser);
            if (parser.nextToken() != null) {
                throw new com.fasterxml.jackson.core.JsonParseException(parser, "more than one JSON value");
            }
            return value;
        }
    }

    /** The value at the parser's current token; leaves the parser on the value's last token. */
    private static Object read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    map.put(key, read(parser));
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    list.add(read(parser));
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return Utils.convertNumber(parser.getDoubleValue());
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected token " + token);
        }
    }

    /** Evaluates against an already converted input; JSONata's "undefined" comes back as null. */
    Object evaluate(Object input) {
        return evaluate(input, Map.of());
    }

    /** Evaluates with extra variables bound (e.g. {@code $rad} for a CSV row). */
    Object evaluate(Object input, Map<String, Object> variables) {
        try {
            com.dashjoin.jsonata.Jsonata.Frame frame = expression.createFrame();
            // a runaway expression must not hold a route thread: 5 s and a recursion depth of 500
            frame.setRuntimeBounds(5_000, 500);
            variables.forEach(frame::bind);
            return expression.evaluate(input, frame);
        } catch (JException e) {
            // the message may quote input values: keep code and position only
            throw new MappingException(file, prefix(where) + "JSONata failed with " + e.getError()
                    + " at character " + e.getLocation());
        } catch (RuntimeException e) {
            throw new MappingException(file, prefix(where) + "JSONata failed: " + e.getClass().getSimpleName());
        }
    }

    private static String prefix(String where) {
        return where == null || where.isEmpty() ? "" : where + ": ";
    }
}
