package no.kommune.esb.mapping;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import net.sf.saxon.ma.arrays.SimpleArrayItem;
import net.sf.saxon.ma.map.DictionaryMap;
import net.sf.saxon.om.GroundedValue;
import net.sf.saxon.lib.Feature;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.Serializer;
import net.sf.saxon.s9api.XdmMap;
import net.sf.saxon.value.BooleanValue;
import net.sf.saxon.value.DoubleValue;
import net.sf.saxon.value.Int64Value;
import net.sf.saxon.value.IntegerValue;
import net.sf.saxon.value.EmptySequence;
import net.sf.saxon.value.StringValue;
import net.sf.saxon.s9api.Xslt30Transformer;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * XML payloads from an XSLT 3 stylesheet ({@code .xsl}) run by Saxon-HE. The stylesheet declares
 * {@code <xsl:param name="input" as="map(*)"/>} (the input document as an XPath 3.1 map, read with
 * {@code $input?person?navn?fornavn}) and starts at {@code <xsl:template name="xsl:initial-template">}.
 * <p>
 * The map is built here from Jackson's reading of the document, in the shape {@code parse-json} gives (maps of
 * strings, arrays, numbers, booleans, null as the empty sequence, characters XML cannot hold replaced by U+FFFD),
 * with one difference: a whole number is an {@code xs:integer}, not an {@code xs:double}, so it prints as written
 * (parse-json's double printed a sequence number of the production feed as {@code 3.51203002E8}): Saxon's own JSON reader set up a controller, an error reporter and read buffers for every
 * document, about a third of what an XSLT delivery allocated (docs/benchmarks.md, session 8).
 */
final class XsltMapping implements Mapping {

    static final QName INPUT = new QName("input");

    private static final Processor SAXON = processor();

    private final Path source;
    private final XsltExecutable executable;

    /**
     * External resources are refused (below). Run-time errors come back as exceptions whose code and line are kept
     * (below); the default reporter would write warnings to stderr (they may quote input values) and cost a writer with
     * an 8 KB buffer for every transformation. Compiling sets its own reporter, which collects the errors a refused stylesheet is reported with.
     */
    private static Processor processor() {
        Processor processor = new Processor(false);
        // a mapping maps the document it is given and reads nothing else: no doc(), document(), unparsed-text(),
        // json-doc(), collection(), xsl:include or external entity, by any protocol (file:, http:, jar:); a mapping
        // file could otherwise read the platform's files or send a person's data to any address
        processor.setConfigurationProperty(Feature.ALLOWED_PROTOCOLS, "");
        processor.getUnderlyingConfiguration().setErrorReporterFactory(config -> error -> { });
        return processor;
    }

    XsltMapping(Path source, String text) {
        this.source = source;
        XsltCompiler compiler = SAXON.newXsltCompiler();
        List<String> errors = new ArrayList<>();
        List<Posisjon> places = new ArrayList<>();
        compiler.setErrorReporter(error -> {
            if (!error.isWarning()) {
                int line = error.getLocation().getLineNumber();
                errors.add("line " + line + ": " + error.getMessage());
                if (line > 0) {
                    places.add(new Posisjon(line, Math.max(error.getLocation().getColumnNumber(), 1)));
                }
            }
        });
        try {
            // parsed without any DOCTYPE: an external entity would put a file's content into the stylesheet
            org.xml.sax.InputSource input = new org.xml.sax.InputSource(new StringReader(text));
            input.setSystemId(source.toUri().toString());
            this.executable = compiler.compile(new javax.xml.transform.sax.SAXSource(Innlesing.sikkerParser().getXMLReader(), input));
        } catch (org.xml.sax.SAXException e) {
            throw new MappingException(source, Posisjon.START, "XSLT does not compile: the stylesheet could not be parsed", e);
        } catch (SaxonApiException e) {
            String reason = errors.isEmpty() ? e.getMessage() : String.join("; ", errors);
            // the first error is the one to fix first: the later ones often follow from it
            throw new MappingException(source, places.isEmpty() ? Posisjon.START : places.get(0), "XSLT does not compile: " + reason, e);
        }
        if (!executable.getGlobalParameters().containsKey(INPUT)) {
            throw new MappingException(source, Posisjon.START, "the stylesheet must declare <xsl:param name=\"input\" as=\"map(*)\"/>", null);
        }
    }

    @Override
    public Path source() {
        return source;
    }

    @Override
    public MappingFormat format() {
        return MappingFormat.XML;
    }

    @Override
    public String map(JsonNode input) {
        try (JsonParser parser = input.traverse()) {
            return transform(parser);
        } catch (IOException e) {
            throw MappingException.ulesbartDokument(source, e);
        }
    }

    @Override
    public String map(String inputJson) {
        try (JsonParser parser = Jsonata.JSON.getFactory().createParser(inputJson)) {
            return transform(parser);
        } catch (IOException e) {
            throw MappingException.ulesbartDokument(source, e);
        }
    }

    private String transform(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new MappingException(source, "the input document is not a JSON object");
        }
        XdmMap document = new XdmMap((DictionaryMap) read(parser));
        if (parser.nextToken() != null) {
            throw new MappingException(source, "the input document holds more than one JSON value");
        }
        try {
            Xslt30Transformer transformer = executable.load30();
            // xsl:message text may carry personal data: never let it reach stderr or a log
            transformer.setMessageHandler(message -> { });
            transformer.setStylesheetParameters(Map.of(INPUT, document));
            StringWriter out = new StringWriter();
            Serializer serializer = SAXON.newSerializer(out);
            transformer.callTemplate(null, serializer);
            return out.toString();
        } catch (SaxonApiException e) {
            // Saxon's message may quote input values: keep error code and line only
            String code = e.getErrorCode() == null ? "unknown" : e.getErrorCode().getLocalName();
            throw new MappingException(source, "XSLT failed with " + code + " at line " + e.getLineNumber());
        }
    }

    /** The value at the parser's current token as {@code parse-json} gives it; leaves the parser on its last token. */
    private static GroundedValue read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                DictionaryMap map = new DictionaryMap();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = xmlTegn(parser.currentName());
                    parser.nextToken();
                    // parse-json keeps the first of duplicate keys
                    GroundedValue value = read(parser);
                    if (!map.containsStringKey(key)) {
                        map.initialPut(key, value);
                    }
                }
                return map;
            }
            case START_ARRAY -> {
                List<GroundedValue> members = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    members.add(read(parser));
                }
                return new SimpleArrayItem(members);
            }
            case VALUE_STRING -> {
                return new StringValue(xmlTegn(parser.getText()));
            }
            case VALUE_NUMBER_INT -> {
                // a whole number is an xs:integer, so a sequence number or a HER-id prints as written (as an xs:double,
                // parse-json's type, it printed from 1,000,000 up as 3.51203002E8); it compares and computes alike
                return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        ? IntegerValue.makeIntegerValue(parser.getBigIntegerValue())
                        : Int64Value.makeIntegerValue(parser.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return new DoubleValue(parser.getDoubleValue());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return BooleanValue.get(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return EmptySequence.getInstance();
            }
            default -> throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected token " + token);
        }
    }

    /** The text with every character XML 1.0 cannot hold replaced by U+FFFD, as {@code parse-json} does by default. */
    static String xmlTegn(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int n = Character.charCount(c);
            boolean gyldig = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                    || (c >= 0x10000 && c <= 0x10FFFF);
            if (!gyldig && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                if (gyldig) {
                    out.appendCodePoint(c);
                } else {
                    out.append('\uFFFD');
                }
            }
            i += n;
        }
        return out == null ? text : out.toString();
    }

    @Override
    public String mapBatch(List<? extends JsonNode> inputs) {
        throw new MappingException(source, "XML mappings deliver one document per event; batch is not supported");
    }
}
