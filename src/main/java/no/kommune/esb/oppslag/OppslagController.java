package no.kommune.esb.oppslag;

import jakarta.servlet.http.HttpServletRequest;
import no.kommune.esb.platform.security.Kaller;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultExchange;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Serves {@code /api/oppslag} on Spring MVC, synchronously on the request thread, instead of the Camel REST DSL: Camel
 * platform-http hands every request to another thread and re-dispatches it asynchronously, which profiled at about a
 * fifth of a look-up's CPU (docs/benchmarks.md, "Session 6"). The work stays in {@link OppslagApi}, which reads and
 * writes a Camel message as the REST DSL gave it: request headers, query parameters and the path's {@code ident} as
 * headers, the body as text; it answers status, content type, body and its own response headers. Security, the
 * caller ({@code FagsystemFilter}, handed on as {@link Kaller}) and {@code http.server.requests} are the servlet stack's,
 * as before, and so are the matching rules the REST DSL gave (JSON answers; a batch body must be sent as JSON, else 415);
 * the endpoints stay in the OpenAPI document through {@link OppslagApiBeskrivelse}.
 */
@RestController
@RequestMapping(value = "/api/oppslag", produces = MediaType.APPLICATION_JSON_VALUE)
public class OppslagController {

    private final OppslagApi api;
    private final CamelContext camel;

    public OppslagController(OppslagApi api, CamelContext camel) {
        this.api = api;
        this.camel = camel;
    }

    @GetMapping("/personer/{ident}")
    public ResponseEntity<byte[]> person(HttpServletRequest request, @PathVariable String ident) {
        return svar(request, ident, null, api::person);
    }

    @GetMapping("/personer/{ident}/familie")
    public ResponseEntity<byte[]> familie(HttpServletRequest request, @PathVariable String ident) {
        return svar(request, ident, null, api::familie);
    }

    @GetMapping("/soek")
    public ResponseEntity<byte[]> soek(HttpServletRequest request) {
        return svar(request, null, null, api::soek);
    }

    @GetMapping("/entydig")
    public ResponseEntity<byte[]> entydig(HttpServletRequest request) {
        return svar(request, null, null, api::entydig);
    }

    @GetMapping("/adresser")
    public ResponseEntity<byte[]> adresser(HttpServletRequest request) {
        return svar(request, null, null, api::adresse);
    }

    @PostMapping(value = "/personer", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<byte[]> personer(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        return svar(request, null, body == null ? null : new String(body, StandardCharsets.UTF_8), api::personer);
    }

    /** The request as the REST DSL handed it to the bean (headers, then query parameters, then the path's ident), and its answer. */
    private ResponseEntity<byte[]> svar(HttpServletRequest request, String ident, String body, Consumer<Exchange> kall) {
        Exchange exchange = new DefaultExchange(camel);
        exchange.setProperty(Kaller.ATTRIBUTT, Kaller.fra(request));
        Message inn = exchange.getIn();
        for (Enumeration<String> navn = request.getHeaderNames(); navn.hasMoreElements(); ) {
            String n = navn.nextElement();
            inn.setHeader(n, request.getHeader(n));
        }
        for (Map.Entry<String, String[]> p : request.getParameterMap().entrySet()) {
            inn.setHeader(p.getKey(), p.getValue().length == 0 ? null : p.getValue()[0]);
        }
        if (ident != null) {
            inn.setHeader("ident", ident);
        }
        inn.setBody(body);
        kall.accept(exchange);

        Message ut = exchange.getMessage();
        HttpHeaders headers = new HttpHeaders();
        ut.getHeaders().forEach((n, v) -> {
            if (v != null && !n.equals(Exchange.HTTP_RESPONSE_CODE)) {
                headers.set(n, v.toString());
            }
        });
        Object innhold = ut.getBody();
        byte[] bytes = innhold instanceof byte[] b ? b : innhold == null ? new byte[0] : innhold.toString().getBytes(StandardCharsets.UTF_8);
        return ResponseEntity.status(ut.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class)).headers(headers).body(bytes);
    }
}
