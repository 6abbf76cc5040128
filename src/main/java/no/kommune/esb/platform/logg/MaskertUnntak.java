package no.kommune.esb.platform.logg;

import ch.qos.logback.classic.spi.IThrowableProxy;
import no.kommune.esb.model.Identitetsnummer;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/**
 * A logged exception ({@code %wEx}, Spring Boot's default) with identity numbers masked in its messages and causes': an
 * exception's message may name a file ({@code Cannot store file: <path>}). Stack frames have no 11-digit runs.
 */
public class MaskertUnntak extends ExtendedWhitespaceThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return Identitetsnummer.maskIn(super.throwableProxyToString(tp));
    }
}
