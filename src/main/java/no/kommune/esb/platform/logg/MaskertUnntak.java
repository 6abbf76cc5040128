package no.kommune.esb.platform.logg;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import no.kommune.esb.model.Identitetsnummer;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/**
 * A logged exception ({@code %wEx}, Spring Boot's default) as class names and stack frames, causes and suppressed ones
 * alike, with each message left out ({@value Unntaksmelding#UTELATT}) unless {@link Unntaksmelding#kanVises} allows it
 * (an exception's message may quote a name, an address, a phone number, an e-mail); identity numbers masked in what is
 * left, as a kept message may name a file ({@code Cannot store file: <path>}).
 */
public class MaskertUnntak extends ExtendedWhitespaceThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return Identitetsnummer.maskIn(super.throwableProxyToString(UtenMelding.av(tp)));
    }

    /** An exception as logback sees it, with its message (and its causes') left out where it may not be shown. */
    record UtenMelding(IThrowableProxy tp) implements IThrowableProxy {

        static IThrowableProxy av(IThrowableProxy tp) {
            return tp == null ? null : new UtenMelding(tp);
        }

        private boolean vises() {
            return Unntaksmelding.kanVises(tp.getClassName());
        }

        @Override
        public String getMessage() {
            return tp.getMessage() == null || vises() ? tp.getMessage() : Unntaksmelding.UTELATT;
        }

        @Override
        public String getOverridingMessage() {
            // an overridden toString() may carry the message too: then logback writes the class name and getMessage()
            return vises() ? tp.getOverridingMessage() : null;
        }

        @Override
        public String getClassName() {
            return tp.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return tp.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return tp.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            // logback marks a cycle with isCyclic(); the cause of such a proxy is not followed again
            return tp.getCause() == tp ? tp.getCause() : av(tp.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] s = tp.getSuppressed();
            if (s == null) {
                return null;
            }
            IThrowableProxy[] ut = new IThrowableProxy[s.length];
            for (int i = 0; i < s.length; i++) {
                ut[i] = av(s[i]);
            }
            return ut;
        }

        @Override
        public boolean isCyclic() {
            return tp.isCyclic();
        }
    }
}
