package no.kommune.esb.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.SaxonApiException;
import net.sf.saxon.s9api.Serializer;
import net.sf.saxon.s9api.XdmValue;
import net.sf.saxon.s9api.Xslt30Transformer;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;

import javax.xml.transform.stream.StreamSource;
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
 */
final class XsltMapping implements Mapping {

    static final QName INPUT = new QName("input");

    private static final Processor SAXON = new Processor(false);

    private final Path source;
    private final XsltExecutable executable;

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
            StreamSource stylesheet = new StreamSource(new StringReader(text), source.toUri().toString());
            this.executable = compiler.compile(stylesheet);
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
        return map(input.toString());
    }

    @Override
    public String map(String inputJson) {
        try {
            XdmValue document = SAXON.newJsonBuilder().parseJson(inputJson);
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

    @Override
    public String mapBatch(List<? extends JsonNode> inputs) {
        throw new MappingException(source, "XML mappings deliver one document per event; batch is not supported");
    }
}
