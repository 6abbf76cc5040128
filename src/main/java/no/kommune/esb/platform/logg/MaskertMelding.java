package no.kommune.esb.platform.logg;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/** A log line's message ({@code %m}, {@code %msg}, {@code %message} in logback-spring.xml) with 11-digit numbers masked. */
public class MaskertMelding extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return Loggmaskering.maskert(super.convert(event));
    }
}
