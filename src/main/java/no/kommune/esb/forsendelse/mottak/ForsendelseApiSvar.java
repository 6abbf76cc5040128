package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.platform.web.Rutesvar;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.List;

/**
 * Writes the HTTP answer of the letter API onto a Camel exchange: status, content type, optional Location, and
 * a JSON body; errors as RFC 9457 problem details ({@code application/problem+json}) that never carry a stack trace.
 * Request headers are removed first, so nothing from the request is echoed back as a response header.
 */
final class ForsendelseApiSvar {

    static final String PROBLEM_BASE = "urn:kommune-esb:problem:";

    private ForsendelseApiSvar() {
    }

    static void json(Exchange exchange, int status, String location, Object body, ObjectMapper json) {
        Message m = Rutesvar.svar(exchange, status, "application/json");
        if (location != null) {
            m.setHeader("Location", location);
        }
        try {
            m.setBody(json.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException("could not write answer", e);
        }
    }

    static void problem(Exchange exchange, int status, String type, String title, String detail,
                        List<InnleveringFeil> errors, ObjectMapper json) {
        Message m = Rutesvar.svar(exchange, status, "application/problem+json");
        m.setBody(problemTekst(status, type, title, detail, errors, json));
    }

    /**
     * {@code 500 intern-feil}: the detail ends with the error id ({@code feil-id}, the exchange's id), which the ERROR
     * line the caller logs names too, so the team can find it; never the exception or its message.
     */
    static void internFeil(Exchange exchange, String detail, ObjectMapper json) {
        problem(exchange, 500, "intern-feil", "Intern feil", detail + "; feil-id " + exchange.getExchangeId(), List.of(), json);
    }

    static String problemTekst(int status, String type, String title, String detail, List<InnleveringFeil> errors, ObjectMapper json) {
        return problemNode(status, type, title, detail, errors, json).toString();
    }

    static ObjectNode problemNode(int status, String type, String title, String detail, List<InnleveringFeil> errors, ObjectMapper json) {
        ObjectNode p = json.createObjectNode()
                .put("type", PROBLEM_BASE + type)
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        if (errors != null && !errors.isEmpty()) {
            ArrayNode liste = p.putArray("errors");
            errors.forEach(f -> {
                ObjectNode e = liste.addObject().put("pointer", f.pointer()).put("detail", f.detail());
                if (f.type() != null) {
                    e.put("type", PROBLEM_BASE + f.type());
                }
            });
        }
        return p;
    }
}
