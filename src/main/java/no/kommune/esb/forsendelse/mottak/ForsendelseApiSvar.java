package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.platform.web.Problemsvar;
import no.kommune.esb.platform.web.Rutesvar;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.util.List;

/**
 * Writes the HTTP answer of the letter API onto a Camel exchange: status, content type, optional Location, and
 * a JSON body; errors as the platform's problem documents ({@link Problemsvar}: RFC 9457, the detail's identity numbers
 * masked and its length cut, as every API's), with the letter API's {@code errors} list where a field was wrong; never a
 * stack trace. Request headers are removed first, so nothing from the request is echoed back as a response header.
 * Before session 32 it wrote its own copy of the document, without the masking.
 */
final class ForsendelseApiSvar {

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
        Message m = Rutesvar.svar(exchange, status, Problemsvar.CONTENT_TYPE);
        m.setBody(problemTekst(status, type, title, detail, errors, json));
    }

    /**
     * The one 500 of every API ({@link Problemsvar#internFeil}): the detail ends with the error id ({@code feil-id}, the
     * exchange's id), which names the ERROR line written here ({@link Problemsvar#loggInternFeil}: the exceptions' classes
     * and where they were thrown); never the exception or its message.
     */
    static void internFeil(Exchange exchange, org.slf4j.Logger log, String hva, Throwable feil, String detail, ObjectMapper json) {
        Problemsvar.loggInternFeil(log, hva, exchange.getExchangeId(), feil);
        Message m = Rutesvar.svar(exchange, 500, Problemsvar.CONTENT_TYPE);
        m.setBody(json.valueToTree(Problemsvar.internFeil(500, exchange.getExchangeId(), detail)).toString());
    }

    static String problemTekst(int status, String type, String title, String detail, List<InnleveringFeil> errors, ObjectMapper json) {
        return problemNode(status, type, title, detail, errors, json).toString();
    }

    static ObjectNode problemNode(int status, String type, String title, String detail, List<InnleveringFeil> errors, ObjectMapper json) {
        ObjectNode p = json.valueToTree(Problemsvar.dokument(status, type, title, detail));
        if (errors != null && !errors.isEmpty()) {
            ArrayNode liste = p.putArray("errors");
            errors.forEach(f -> {
                ObjectNode e = liste.addObject().put("pointer", f.pointer()).put("detail", Problemsvar.detalj(f.detail()));
                if (f.type() != null) {
                    e.put("type", Problemsvar.TYPE_BASE + f.type());
                }
            });
        }
        return p;
    }
}
