package no.kommune.esb.nhn;

import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import no.kommune.esb.register.Xml;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The SOAP 1.2 plumbing NHN's WCF services share (the WSHttpBinding endpoints the example answers come from):
 * WS-Addressing headers, HTTP Basic, and {@code GenericFault} faults read into {@link Fault}.
 */
final class NhnSoap {

    static final String WSA = "http://www.w3.org/2005/08/addressing";
    static final String COMMON = "http://register.nhn.no/Common";
    private static final Pattern ELEVEN_DIGITS = Pattern.compile("\\d{11}");

    /** A SOAP fault from the service: its GenericFault error code and message (identity numbers masked). */
    record Fault(String errorCode, String message, int httpStatus) {
    }

    private final RegisterHttp http;
    private final URI endpoint;
    private final String authorization;

    NhnSoap(RegisterHttp http, String endpoint, String username, String password) {
        this.http = http;
        this.endpoint = URI.create(endpoint);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    RegisterHttp http() {
        return http;
    }

    /** Sends the body element and returns the response's body element, or throws {@link FaultException}. */
    Element call(String action, String bodyXml) {
        String envelope = "<s:Envelope xmlns:s=\"" + Xml.SOAP12 + "\" xmlns:a=\"" + WSA + "\"><s:Header>"
                + "<a:Action s:mustUnderstand=\"1\">" + Xml.esc(action) + "</a:Action>"
                + "<a:MessageID>urn:uuid:" + UUID.randomUUID() + "</a:MessageID>"
                + "<a:To s:mustUnderstand=\"1\">" + Xml.esc(endpoint.toString()) + "</a:To>"
                + "</s:Header><s:Body>" + bodyXml + "</s:Body></s:Envelope>";
        HttpRequest request = http.request(endpoint)
                .header("Content-Type", "application/soap+xml; charset=utf-8; action=\"" + action + "\"")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString(envelope, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), true);
        String op = action.substring(action.lastIndexOf('/') + 1);
        int status = response.statusCode();
        boolean soap = looksLikeXml(response);
        if (!soap && status / 100 == 2) {
            throw new RegisterException(http.service(), RegisterException.Kind.BAD_RESPONSE, status, op + " answered with a non-SOAP document");
        }
        if (!soap) {
            throw http.classify(response, op + " failed", RegisterHttp::retryAfterSeconds);
        }
        Document doc;
        try {
            doc = Xml.parse(response.body());
        } catch (IllegalArgumentException e) {
            throw new RegisterException(http.service(), RegisterException.Kind.BAD_RESPONSE, status, op + ": " + e.getMessage());
        }
        Element content = Xml.bodyContent(doc).orElseThrow(() ->
                new RegisterException(http.service(), RegisterException.Kind.BAD_RESPONSE, status, op + " answered without a SOAP body"));
        if ("Fault".equals(content.getLocalName())) {
            throw new FaultException(fault(content, status));
        }
        if (status / 100 != 2) {
            throw http.classify(response, op + " failed", RegisterHttp::retryAfterSeconds);
        }
        return content;
    }

    /** Reads a SOAP 1.2 (or 1.1) fault; public for the contract tests over the example answers. */
    static Fault fault(Element fault, int status) {
        String code = Xml.first(fault, COMMON, "ErrorCode").map(e -> e.getTextContent().trim()).orElse("");
        String message = Xml.first(fault, COMMON, "Message").map(e -> e.getTextContent().trim())
                .or(() -> Xml.text(fault, "Reason", "Text"))
                .or(() -> Xml.text(fault, "faultstring")).orElse("");
        return new Fault(code, ELEVEN_DIGITS.matcher(message).replaceAll(m -> Identitetsnummer.mask(m.group())), status);
    }

    /** Turns a fault no caller handled into a typed failure: a Sender fault is our request's fault, else the service's. */
    RegisterException unexpected(String op, Fault f) {
        RegisterException.Kind kind = f.httpStatus() >= 500 && !"Feil".equals(f.errorCode()) && !f.errorCode().startsWith("Invalid")
                ? RegisterException.Kind.UNAVAILABLE : RegisterException.Kind.REJECTED;
        return new RegisterException(http.service(), kind, f.httpStatus(), op + " fault " + f.errorCode() + ": " + f.message());
    }

    private static boolean looksLikeXml(HttpResponse<String> r) {
        String ct = r.headers().firstValue("Content-Type").orElse("").toLowerCase();
        String body = r.body() == null ? "" : r.body().stripLeading();
        return !ct.contains("html") && body.startsWith("<") && !body.regionMatches(true, 0, "<!doctype", 0, 9)
                && !body.regionMatches(true, 0, "<html", 0, 5);
    }

    /** A SOAP fault answered by the service, for the client to interpret per operation. */
    static final class FaultException extends RuntimeException {

        private final Fault fault;

        FaultException(Fault fault) {
            super(fault.errorCode(), null, false, false);
            this.fault = fault;
        }

        Fault fault() {
            return fault;
        }
    }
}
