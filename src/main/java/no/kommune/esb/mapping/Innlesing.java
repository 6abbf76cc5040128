package no.kommune.esb.mapping;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.sf.saxon.s9api.DocumentBuilder;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.XPathCompiler;
import net.sf.saxon.s9api.XPathExecutable;
import net.sf.saxon.s9api.XPathSelector;
import net.sf.saxon.s9api.XdmItem;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmValue;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.transform.sax.SAXSource;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An input layout ({@code .inn.yaml}): reads a fagsystem's own file into records of named values, the other way round
 * from a mapping. {@code format: CSV} takes a header line and names each value by its column's header name, with a
 * separator of one character ({@code ;} by default; values may be quoted with {@code "}); {@code format: XML} takes an
 * XPath {@code records} selecting each record and an XPath per value, relative to the record. Each record keeps the line
 * of the file it starts on. A record that cannot be read is returned with its reason, never stopping the rest; a file
 * that cannot be read at all (no header, a column the header lacks, XML that is not well-formed) throws
 * {@link UlesbarFilException}. Messages never quote the file's values (they are personal data). Golden examples beside the
 * layout ({@link #sjekkEksempler}) are run by start-up, reload and {@code bin/validate-config}. Immutable, thread-safe.
 */
public final class Innlesing {

    /** The file name ending of an input layout. */
    public static final String ENDELSE = ".inn.yaml";

    private static final Processor SAXON = processor();

    /** A layout's XPaths read the file they are given and nothing else (no doc(), unparsed-text(), … by any protocol). */
    private static Processor processor() {
        Processor processor = new Processor(false);
        processor.setConfigurationProperty(net.sf.saxon.lib.Feature.ALLOWED_PROTOCOLS, "");
        return processor;
    }

    /** The layout file as written. */
    record Layout(String format, String separator, String records, Map<String, String> fields) {
    }

    /** The file formats a layout reads. */
    public enum Format { CSV, XML }

    /**
     * One record of the file.
     *
     * @param linje  the line of the file it starts on (1-based)
     * @param felter the values by the layout's names; a value the record lacks is absent
     * @param feil   why the record could not be read, or null
     */
    public record Post(int linje, Map<String, String> felter, String feil) {
        public Post {
            felter = Map.copyOf(felter);
        }
    }

    /** The whole file cannot be read with this layout; the message says why and where, without the file's values. */
    public static class UlesbarFilException extends IllegalArgumentException {
        public UlesbarFilException(String grunn) {
            super(grunn);
        }
    }

    private final Path source;
    private final Format format;
    private final char separator;
    private final XPathExecutable records;
    private final Map<String, String> kolonner;
    private final Map<String, XPathExecutable> stier;

    private Innlesing(Path source, Format format, char separator, XPathExecutable records, Map<String, String> kolonner,
                      Map<String, XPathExecutable> stier) {
        this.source = source;
        this.format = format;
        this.separator = separator;
        this.records = records;
        this.kolonner = kolonner;
        this.stier = stier;
    }

    /**
     * Reads and compiles a layout file.
     *
     * @throws MappingException naming the file, the line and the reason
     */
    public static Innlesing kompiler(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new MappingException(file, "input layout file does not exist");
        }
        if (!file.getFileName().toString().endsWith(ENDELSE)) {
            throw new MappingException(file, "input layouts are " + ENDELSE + " files");
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MappingException(file, "cannot read: " + e.getMessage(), e);
        }
        Layoutfil<Layout> fil = Layoutfil.les(file, text, Layout.class, "input layout");
        YamlPosisjoner at = fil.at();
        Layout layout = fil.layout();
        if (layout == null || layout.format() == null) {
            throw new MappingException(file, at.av("format"), "format is missing: CSV or XML", null);
        }
        Format format;
        try {
            format = Format.valueOf(layout.format().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MappingException(file, at.av("format"), "format must be CSV or XML (was '" + layout.format() + "')", null);
        }
        if (layout.fields() == null || layout.fields().isEmpty()) {
            throw new MappingException(file, at.av("fields"), "fields is missing: name each value and where it is in the file", null);
        }
        for (Map.Entry<String, String> f : layout.fields().entrySet()) {
            if (f.getValue() == null || f.getValue().isBlank()) {
                throw new MappingException(file, at.av("fields." + f.getKey()), "fields." + f.getKey() + " is empty", null);
            }
        }
        if (format == Format.CSV) {
            if (layout.records() != null) {
                throw new MappingException(file, at.av("records"), "records applies to XML only: a CSV record is a line", null);
            }
            String sep = layout.separator() == null ? ";" : layout.separator();
            if (sep.length() != 1 || sep.equals("\"") || sep.equals("\n") || sep.equals("\r")) {
                throw new MappingException(file, at.av("separator"), "separator must be one character other than a quote", null);
            }
            Map<String, String> kolonner = new LinkedHashMap<>();
            layout.fields().forEach((navn, kolonne) -> kolonner.put(navn, kolonne.strip()));
            return new Innlesing(file, format, sep.charAt(0), null, kolonner, Map.of());
        }
        if (layout.separator() != null) {
            throw new MappingException(file, at.av("separator"), "separator applies to CSV only", null);
        }
        if (layout.records() == null || layout.records().isBlank()) {
            throw new MappingException(file, at.av("records"), "records is missing: the XPath of each record, e.g. /ansatte/ansatt", null);
        }
        XPathExecutable records = xpath(layout.records(), file, at.av("records"), "records");
        Map<String, XPathExecutable> stier = new LinkedHashMap<>();
        layout.fields().forEach((navn, sti) -> stier.put(navn, xpath(sti, file, at.av("fields." + navn), "fields." + navn)));
        return new Innlesing(file, format, ';', records, Map.of(), stier);
    }

    private static XPathExecutable xpath(String expression, Path file, Posisjon where, String key) {
        try {
            XPathCompiler c = SAXON.newXPathCompiler();
            return c.compile(expression);
        } catch (SaxonApiException e) {
            throw new MappingException(file, where, key + " is not a valid XPath: " + e.getMessage(), e);
        }
    }

    public Path source() {
        return source;
    }

    public Format format() {
        return format;
    }

    /** The names the layout gives values. */
    public List<String> navn() {
        return List.copyOf(format == Format.CSV ? kolonner.keySet() : stier.keySet());
    }

    /** The records as the golden examples' {@code expected.json} writes them: {@code [{"linje", "felter"} or {"linje", "feil"}]}. */
    public static ArrayNode somJson(List<Post> poster) {
        ArrayNode ut = Jsonata.JSON.createArrayNode();
        for (Post p : poster) {
            ObjectNode o = ut.addObject().put("linje", p.linje());
            if (p.feil() != null) {
                o.put("feil", p.feil());
            } else {
                ObjectNode felter = o.putObject("felter");
                p.felter().forEach(felter::put);
            }
        }
        return ut;
    }

    /**
     * Runs the golden examples beside the layout ({@code examples/<case>/input.csv|input.xml} and {@code expected.json}):
     * one problem per case that is missing a file, cannot be read or reads differently; at least one case is required.
     */
    public List<MappingException> sjekkEksempler() {
        List<MappingException> avvik = new ArrayList<>();
        String inn = "input." + format.name().toLowerCase(Locale.ROOT);
        List<Path> tilfeller = Eksempelmapper.tilfeller(source.resolveSibling("examples"));
        if (tilfeller.isEmpty()) {
            avvik.add(new MappingException(source, Posisjon.START, "the input layout has no golden example: add examples/<case>/" + inn
                    + " and expected.json beside it", null));
        }
        for (Path tilfelle : tilfeller) {
            Path input = tilfelle.resolve(inn);
            Path expected = tilfelle.resolve("expected.json");
            if (!Files.isRegularFile(input) || !Files.isRegularFile(expected)) {
                avvik.add(new MappingException(tilfelle, "a golden example needs " + inn + " and expected.json"));
                continue;
            }
            try {
                String faktisk = somJson(les(Files.readString(input, StandardCharsets.UTF_8))).toPrettyString();
                Utdatasammenligning.forskjell(MappingFormat.JSON, Files.readString(expected, StandardCharsets.UTF_8), faktisk)
                        .ifPresent(d -> avvik.add(new MappingException(expected, Posisjon.START, "the input layout " + source.getFileName()
                                + " reads " + inn + " differently: " + d, null)));
            } catch (UlesbarFilException e) {
                avvik.add(new MappingException(input, Posisjon.START, "the input layout cannot read it: " + e.getMessage(), null));
            } catch (IOException e) {
                avvik.add(new MappingException(tilfelle, "cannot read the example: " + e.getMessage()));
            }
        }
        return avvik;
    }

    /** Reads the file's text into records, in the file's order. */
    public List<Post> les(String tekst) {
        if (tekst == null || tekst.isBlank()) {
            throw new UlesbarFilException("filen er tom");
        }
        String t = tekst.replace("\uFEFF", "");
        return format == Format.CSV ? csv(t) : xml(t);
    }

    private List<Post> csv(String tekst) {
        String[] linjer = tekst.split("\r?\n|\r", -1);
        int i = 0;
        while (i < linjer.length && linjer[i].isBlank()) {
            i++;
        }
        if (i == linjer.length) {
            throw new UlesbarFilException("filen er tom");
        }
        List<String> overskrift = del(linjer[i]);
        if (overskrift == null) {
            throw new UlesbarFilException("overskriftslinjen (linje " + (i + 1) + ") har et anførselstegn som ikke er lukket");
        }
        Map<String, Integer> indeks = new LinkedHashMap<>();
        for (Map.Entry<String, String> k : kolonner.entrySet()) {
            int kol = -1;
            for (int c = 0; c < overskrift.size(); c++) {
                if (overskrift.get(c).strip().equalsIgnoreCase(k.getValue())) {
                    kol = c;
                }
            }
            if (kol < 0) {
                throw new UlesbarFilException("overskriftslinjen (linje " + (i + 1) + ") har ingen kolonne '" + k.getValue()
                        + "' (skilletegn '" + separator + "')");
            }
            indeks.put(k.getKey(), kol);
        }
        List<Post> poster = new ArrayList<>();
        for (int nr = i + 1; nr < linjer.length; nr++) {
            if (linjer[nr].isBlank()) {
                continue;
            }
            List<String> celler = del(linjer[nr]);
            if (celler == null) {
                poster.add(new Post(nr + 1, Map.of(), "anførselstegn som ikke er lukket"));
                continue;
            }
            Map<String, String> felter = new LinkedHashMap<>();
            indeks.forEach((navn, kol) -> {
                if (kol < celler.size() && !celler.get(kol).isBlank()) {
                    felter.put(navn, celler.get(kol).strip());
                }
            });
            poster.add(new Post(nr + 1, felter, null));
        }
        return poster;
    }

    /** The cells of one line; a cell in quotes may hold the separator and doubled quotes. Null when a quote is left open. */
    private List<String> del(String linje) {
        List<String> celler = new ArrayList<>();
        StringBuilder celle = new StringBuilder();
        boolean iSitat = false;
        for (int i = 0; i < linje.length(); i++) {
            char c = linje.charAt(i);
            if (iSitat) {
                if (c == '"' && i + 1 < linje.length() && linje.charAt(i + 1) == '"') {
                    celle.append('"');
                    i++;
                } else if (c == '"') {
                    iSitat = false;
                } else {
                    celle.append(c);
                }
            } else if (c == '"') {
                iSitat = true;
            } else if (c == separator) {
                celler.add(celle.toString());
                celle.setLength(0);
            } else {
                celle.append(c);
            }
        }
        if (iSitat) {
            return null;
        }
        celler.add(celle.toString());
        return celler;
    }

    private List<Post> xml(String tekst) {
        XdmNode dokument;
        try {
            XMLReader leser = sikkerParser().getXMLReader();
            // an error handler that prints nothing (a fatal error throws): Saxon's would print the parser's message, which may quote the file
            leser.setErrorHandler(new DefaultHandler());
            DocumentBuilder b = SAXON.newDocumentBuilder();
            b.setLineNumbering(true);
            dokument = b.build(new SAXSource(leser, new InputSource(new StringReader(tekst))));
        } catch (SaxonApiException | SAXException e) {
            for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
                if (t instanceof SAXParseException p) {
                    throw new UlesbarFilException("ikke gyldig XML ved linje " + p.getLineNumber() + ", kolonne " + p.getColumnNumber());
                }
            }
            throw new UlesbarFilException("ikke gyldig XML");
        }
        List<Post> poster = new ArrayList<>();
        for (XdmItem item : evaluer(records, dokument)) {
            if (!(item instanceof XdmNode post)) {
                throw new UlesbarFilException("records i " + source.getFileName() + " velger ikke elementer");
            }
            Map<String, String> felter = new LinkedHashMap<>();
            String feil = null;
            for (Map.Entry<String, XPathExecutable> s : stier.entrySet()) {
                XdmValue v = evaluer(s.getValue(), post);
                if (v.size() > 1 && feil == null) {
                    feil = s.getKey() + " forekommer " + v.size() + " ganger";
                } else if (v.size() == 1 && !v.itemAt(0).getStringValue().isBlank()) {
                    felter.put(s.getKey(), v.itemAt(0).getStringValue().strip());
                }
            }
            poster.add(new Post(Math.max(post.getLineNumber(), 1), feil == null ? felter : Map.of(), feil));
        }
        return poster;
    }

    private XdmValue evaluer(XPathExecutable x, XdmNode kontekst) {
        try {
            XPathSelector s = x.load();
            s.setContextItem(kontekst);
            return s.evaluate();
        } catch (SaxonApiException e) {
            String code = e.getErrorCode() == null ? "unknown" : e.getErrorCode().getLocalName();
            throw new UlesbarFilException("en XPath i " + source.getFileName() + " feilet (" + code + ")");
        }
    }

    /** A SAX parser that refuses DOCTYPE declarations: no external entities, no entity expansion (XXE). */
    /** A namespace-aware parser that refuses any DOCTYPE (so no external entity or DTD is ever read). */
    static SAXParser sikkerParser() {
        try {
            SAXParserFactory f = SAXParserFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return f.newSAXParser();
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("no secure XML parser available", e);
        }
    }
}
