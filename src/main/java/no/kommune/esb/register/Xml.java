package no.kommune.esb.register;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Small namespace-aware XML helper for the SOAP clients and simulators: parse safely (no DTDs, no external
 * entities), walk children by namespace + local name, read {@code xsi:type}, escape text for hand-built envelopes.
 */
public final class Xml {

    public static final String XSI = "http://www.w3.org/2001/XMLSchema-instance";
    public static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    public static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";

    private Xml() {
    }

    /** Parses a document; throws {@link IllegalArgumentException} (without the content) when it is not XML. */
    public static Document parse(String text) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new InputSource(new StringReader(text)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("not a well-formed XML document: " + e.getClass().getSimpleName());
        }
    }

    /** Direct child elements with this namespace (null = any) and local name. */
    public static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && local.equals(e.getLocalName()) && (ns == null || ns.equals(e.getNamespaceURI()))) {
                out.add(e);
            }
        }
        return out;
    }

    public static Optional<Element> child(Element parent, String ns, String local) {
        List<Element> c = children(parent, ns, local);
        return c.isEmpty() ? Optional.empty() : Optional.of(c.get(0));
    }

    /** Follows a path of local names (any namespace) from {@code start}; empty when a step is missing. */
    public static Optional<Element> path(Element start, String... locals) {
        Element cur = start;
        for (String l : locals) {
            Optional<Element> next = child(cur, null, l);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            cur = next.get();
        }
        return Optional.of(cur);
    }

    /** Trimmed text at a path, empty when missing, nil or blank. */
    public static Optional<String> text(Element start, String... locals) {
        return path(start, locals).filter(e -> !nil(e))
                .map(e -> e.getTextContent().trim()).filter(s -> !s.isEmpty());
    }

    /** True when the element is {@code xsi:nil} ({@code true} or {@code 1}, the two ways XML Schema writes the boolean). */
    public static boolean nil(Element e) {
        String v = e.getAttributeNS(XSI, "nil").trim();
        return "true".equals(v) || "1".equals(v);
    }

    /** First descendant element with namespace (null = any) and local name. */
    public static Optional<Element> first(Element root, String ns, String local) {
        var list = ns == null ? root.getElementsByTagNameNS("*", local) : root.getElementsByTagNameNS(ns, local);
        return list.getLength() == 0 ? Optional.empty() : Optional.of((Element) list.item(0));
    }

    /** Local part of the element's {@code xsi:type} (prefix dropped), or empty. */
    public static Optional<String> xsiType(Element e) {
        String t = e.getAttributeNS(XSI, "type");
        if (t == null || t.isEmpty()) {
            return Optional.empty();
        }
        int colon = t.indexOf(':');
        return Optional.of(colon < 0 ? t : t.substring(colon + 1));
    }

    /** The SOAP Body's first element child (SOAP 1.1 or 1.2), or empty. */
    public static Optional<Element> bodyContent(Document doc) {
        Element env = doc.getDocumentElement();
        if (env == null || !"Envelope".equals(env.getLocalName())) {
            return Optional.empty();
        }
        return child(env, env.getNamespaceURI(), "Body").flatMap(b -> {
            for (Node n = b.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e) {
                    return Optional.of(e);
                }
            }
            return Optional.empty();
        });
    }

    /** Escapes text for element content and attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
