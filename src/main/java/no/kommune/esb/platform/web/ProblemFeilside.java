package no.kommune.esb.platform.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Tomcat's own error page as a problem document. Tomcat refuses some requests before any servlet sees them (an encoded
 * {@code /} or NUL in the path, a request line or header over its limits, a method it does not take) and answered
 * those with its HTML page naming its version; {@link ProblemErrorController} never ran. Now the host's error report
 * valve writes the same problem document as the controller: status, type, reason phrase, nothing from the request.
 */
@Component
public class ProblemFeilside implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        // the host makes its error report valve from this class name when it starts, after the context is configured
        factory.addContextCustomizers(context -> ((StandardHost) context.getParent()).setErrorReportValveClass(Valve.class.getName()));
    }

    /** Writes a problem document where Tomcat would write its HTML error page. */
    public static class Valve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable feil) {
            int kode = response.getStatus();
            // an answer already written (by a route or ProblemErrorController) stays as it is
            if (kode < 400 || response.getContentWritten() > 0) {
                return;
            }
            AtomicBoolean kanSkrive = new AtomicBoolean(false);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, kanSkrive);
            if (!kanSkrive.get()) {
                return;
            }
            HttpStatus status = HttpStatus.resolve(kode);
            String type = status == null ? "http-" + kode : ProblemErrorController.type(status);
            String detalj = status == null ? "HTTP " + kode : ProblemErrorController.detalj(status);
            try {
                response.resetBuffer();
                if (kode >= 500) {
                    // the one 500 of every API, with the id of an ERROR line naming the exceptions, never their messages
                    String feilId = java.util.UUID.randomUUID().toString();
                    Problemsvar.loggInternFeil(org.slf4j.LoggerFactory.getLogger(ProblemFeilside.class), "Request refused by the web server", feilId, feil);
                    response.setStatus(kode);
                    response.setContentType(Problemsvar.CONTENT_TYPE);
                    response.setCharacterEncoding(java.nio.charset.StandardCharsets.UTF_8.name());
                    response.getOutputStream().write(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(Problemsvar.internFeil(kode, feilId, null)));
                    response.finishResponse();
                    return;
                }
                Problemsvar.skriv(response, kode, type, status == null ? "HTTP " + kode : status.getReasonPhrase(), detalj);
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // the client is gone or the response was committed meanwhile: nothing more to say
            }
        }
    }
}
