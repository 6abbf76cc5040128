package no.kommune.esb.platform.sftp;

import no.kommune.esb.model.Identitetsnummer;
import org.apache.camel.Exchange;
import org.apache.camel.spi.ExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Logs what an SFTP consumer of a drop folder could not do outside the route (moving a file aside after the exchange,
 * a failed poll): {@code exceptionHandler} and {@code onCompletionExceptionHandler} on the routes' SFTP endpoints. Camel's
 * own handler logs the remote file's path, and a fagsystem names its files itself: a name may hold an identity number
 * ({@code vask-01019012345.csv}). Here the text and every exception's message down the cause chain go through
 * {@link Identitetsnummer#maskIn}: every run of 11 or more digits keeps its first six and is masked after them
 * ({@code vask-010190*****.csv}; a longer run masked whole after its first six, as a number may stand anywhere in it),
 * UUIDs and Camel's exchange ids stay whole. No stack trace is written: the route id, the exception's kind and the
 * masked message say what failed.
 */
@Component("sftpUnntakslogg")
public class SftpUnntakslogg implements ExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(SftpUnntakslogg.class);

    @Override
    public void handleException(Throwable exception) {
        handleException(null, null, exception);
    }

    @Override
    public void handleException(String message, Throwable exception) {
        handleException(message, null, exception);
    }

    @Override
    public void handleException(String message, Exchange exchange, Throwable exception) {
        String rute = exchange == null || exchange.getFromRouteId() == null ? "SFTP" : exchange.getFromRouteId();
        log.warn("{}: {}: {}", rute, message == null ? "error" : Identitetsnummer.maskIn(message), tekst(exception));
    }

    /** The exception's kind and masked message, and its causes' down the chain. */
    static String tekst(Throwable exception) {
        StringBuilder tekst = new StringBuilder();
        for (Throwable t = exception; t != null && tekst.length() < 2000; t = t.getCause() == t ? null : t.getCause()) {
            tekst.append(tekst.isEmpty() ? "" : "; caused by ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                tekst.append(": ").append(Identitetsnummer.maskIn(t.getMessage()));
            }
        }
        return tekst.isEmpty() ? "no exception" : tekst.toString();
    }
}
