package no.kommune.esb.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Whether a mapping's output matches a golden example's {@code expected.<ext>}: JSON compared structurally, XML
 * ignoring indentation, CSV ignoring line-ending style. The answer names the first difference (a JSON path, an XML
 * element path or a CSV line and column), so a refused edit says where its output went wrong.
 */
public final class Utdatasammenligning {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Utdatasammenligning() {
    }

    /** The first difference between the expected and the actual output, or empty when they match. */
    public static Optional<String> forskjell(MappingFormat format, String expected, String actual) {
        try {
            return switch (format) {
                case JSON -> jsonDifference("$", JSON.readTree(expected), JSON.readTree(actual));
                case XML -> xmlDifference(parseXml(expected).getDocumentElement(), parseXml(actual).getDocumentElement(), "");
                case CSV -> csvDifference(expected, actual);
            };
        } catch (JsonProcessingException e) {
            return Optional.of("not valid JSON: " + e.getOriginalMessage());
        } catch (Exception e) {
            return Optional.of("not valid XML: " + e.getMessage());
        }
    }

    private static Optional<String> jsonDifference(String path, JsonNode expected, JsonNode actual) {
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

    private static Optional<String> csvDifference(String expected, String actual) {
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

    private static Document parseXml(String text) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
    }

    private static Optional<String> xmlDifference(Element expected, Element actual, String parentPath) {
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
