package no.kommune.esb.paalitelighet;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import no.kommune.esb.model.Identitetsnummer;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Every log line the in-JVM platform writes while attached to the root logger, as the log file would hold it (logger,
 * message, and each exception's class and message down the cause chain), for the privacy scan (R6): with identity
 * numbers masked by {@link Identitetsnummer#maskIn}, as logback-spring.xml's converters mask message and exception, so
 * the scan judges what the log holds (a 13-digit epoch millis is written {@code 180100*******} there, whatever 11 of
 * its digits spell). Attach it after the Spring context has started: Spring Boot resets logback's appenders when it
 * configures logging.
 */
final class Loggopptak extends AppenderBase<ILoggingEvent> {

    private final List<String[]> linjer = new ArrayList<>();

    static Loggopptak koblePaa() {
        Loggopptak opptak = new Loggopptak();
        opptak.setName("r6-loggopptak");
        opptak.setContext((ch.qos.logback.classic.LoggerContext) LoggerFactory.getILoggerFactory());
        opptak.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(opptak);
        return opptak;
    }

    void stopp() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(this);
        stop();
    }

    /** Each line as {logger, text}. */
    synchronized List<String[]> linjer() {
        return List.copyOf(linjer);
    }

    @Override
    protected synchronized void append(ILoggingEvent e) {
        StringBuilder tekst = new StringBuilder(e.getLevel() + " " + e.getFormattedMessage());
        for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
            tekst.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        linjer.add(new String[]{e.getLoggerName(), Identitetsnummer.maskIn(tekst.toString())});
    }
}
