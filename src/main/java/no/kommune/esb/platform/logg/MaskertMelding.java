package no.kommune.esb.platform.logg;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import no.kommune.esb.model.Identitetsnummer;

import java.util.ArrayList;
import java.util.List;

/**
 * A log line's message ({@code %m}, {@code %msg}, {@code %message} in logback-spring.xml) without the messages of the
 * exceptions it quotes ({@link Unntaksmelding#renset}: the event's own exceptions where the text repeats them, and any
 * text after a quoted exception class or Camel's "caught: "), and with identity numbers masked.
 */
public class MaskertMelding extends MessageConverter {

    /** The most exceptions of one event looked at (causes and suppressed), so a cyclic or huge tree ends. */
    private static final int MAKS_UNNTAK = 64;

    @Override
    public String convert(ILoggingEvent event) {
        String melding = super.convert(event);
        // a null message stays null (logback writes "null"), not the empty text maskIn gives for null
        return melding == null ? null : Identitetsnummer.maskIn(Unntaksmelding.renset(melding, unntak(event.getThrowableProxy())));
    }

    /** The event's exception, its causes and suppressed ones, as class name and message. */
    static List<Unntaksmelding.Unntak> unntak(IThrowableProxy rot) {
        List<Unntaksmelding.Unntak> alle = new ArrayList<>();
        List<IThrowableProxy> igjen = new ArrayList<>();
        if (rot != null) {
            igjen.add(rot);
        }
        while (!igjen.isEmpty() && alle.size() < MAKS_UNNTAK) {
            IThrowableProxy tp = igjen.remove(igjen.size() - 1);
            alle.add(new Unntaksmelding.Unntak(tp.getClassName(), tp.getMessage()));
            if (tp.getOverridingMessage() != null) {
                alle.add(new Unntaksmelding.Unntak(tp.getClassName(), tp.getOverridingMessage()));
            }
            if (tp.getCause() != null && tp.getCause() != tp) {
                igjen.add(tp.getCause());
            }
            if (tp.getSuppressed() != null) {
                igjen.addAll(List.of(tp.getSuppressed()));
            }
        }
        return alle;
    }
}
