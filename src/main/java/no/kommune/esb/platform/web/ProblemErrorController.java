package no.kommune.esb.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.boot.autoconfigure.web.servlet.error.BasicErrorController;
import org.springframework.boot.autoconfigure.web.servlet.error.ErrorViewResolver;
import org.springframework.boot.web.servlet.error.ErrorAttributes;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;

import java.util.Map;
import java.util.UUID;

/**
 * The servlet container's error page ({@code /error}) as a problem document for everything but the simulators, which
 * keep Spring's own: an error the web server or Spring raises before or around a route (a body over a Tomcat limit,
 * an unknown path, a wrong method, an exception nobody handled) answers {@code application/problem+json} with the
 * status and its name only; a 5xx is the one 500 of every API ({@link Problemsvar#internFeil}) with an error id naming an
 * ERROR line (before session 32 it had none). Browsers asking for HTML still get Spring's page; neither shows an exception.
 */
@Controller
public class ProblemErrorController extends BasicErrorController {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemErrorController.class);

    public ProblemErrorController(ErrorAttributes errorAttributes, ServerProperties server, ObjectProvider<ErrorViewResolver> resolvers) {
        super(errorAttributes, server.getError(), resolvers.orderedStream().toList());
    }

    @Override
    public ResponseEntity<Map<String, Object>> error(HttpServletRequest request) {
        Object sti = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        HttpStatus status = getStatus(request);
        if (status == HttpStatus.NO_CONTENT || (sti instanceof String s && s.startsWith("/sim/"))) {
            return super.error(request);
        }
        if (status.is5xxServerError()) {
            String feilId = UUID.randomUUID().toString();
            Object feil = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            Problemsvar.loggInternFeil(log, "Request " + no.kommune.esb.model.Identitetsnummer.maskIn(String.valueOf(sti)), feilId,
                    feil instanceof Throwable t ? t : null);
            return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(Problemsvar.internFeil(status.value(), feilId, null));
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problemsvar.dokument(status.value(), type(status), status.getReasonPhrase(), detalj(status)));
    }

    /** The problem type of a status; public so a bean that answers a 500 itself (OppslagApi) answers it as this page does. */
    public static String type(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> "ugyldig-forespoersel";
            case NOT_FOUND -> "ikke-funnet";
            case METHOD_NOT_ALLOWED -> "metode-ikke-tillatt";
            case PAYLOAD_TOO_LARGE -> "for-stor";
            case UNSUPPORTED_MEDIA_TYPE -> "feil-innholdstype";
            default -> status.is5xxServerError() ? "intern-feil" : "http-" + status.value();
        };
    }

    /** The detail of a status: its name, or a sentence; never an exception's message. */
    public static String detalj(HttpStatus status) {
        return switch (status) {
            case PAYLOAD_TOO_LARGE -> "forespørselen er større enn serveren tar imot";
            case NOT_FOUND -> "ingen ressurs på denne stien";
            default -> status.is5xxServerError() ? Problemsvar.PROEV_IGJEN : status.getReasonPhrase();
        };
    }
}
