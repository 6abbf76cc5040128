package no.kommune.esb.platform.logg;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import no.kommune.esb.model.Identitetsnummer;

/** A log line's message ({@code %m}, {@code %msg}, {@code %message} in logback-spring.xml) with identity numbers masked. */
public class MaskertMelding extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        String melding = super.convert(event);
        // a null message stays null (logback writes "null"), not the empty text maskIn gives for null
        return melding == null ? null : Identitetsnummer.maskIn(melding);
    }
}
