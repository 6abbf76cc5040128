package no.kommune.esb.platform;

import org.springframework.boot.convert.DurationStyle;

/**
 * The Camel property function {@code {{millis:<key>}}}: the setting {@code <key>}, a duration ({@code PT30S}, {@code
 * 30s} or {@code 30000}, as Spring reads a {@link java.time.Duration}), in milliseconds, for an endpoint option that takes
 * milliseconds (the SFTP routes' {@code connectTimeout}/{@code soTimeout} from {@code platform.sftp.tidsgrense.*}).
 * Given to such an option as it is, Camel reads {@code PT30S} as 0, which JSch takes as no time limit at all. Found by
 * Camel through {@code META-INF/services/org/apache/camel/properties-function/millis}; a value that is no duration
 * fails the route's start, naming the key.
 */
@org.apache.camel.spi.annotations.PropertiesFunction(Millisekunder.NAVN)
public class Millisekunder implements org.apache.camel.spi.PropertiesFunction {

    static final String NAVN = "millis";

    @Override
    public String getName() {
        return NAVN;
    }

    /** Camel looks the key up first and hands over its value. */
    @Override
    public boolean lookupFirst(String remainder) {
        return true;
    }

    @Override
    public String apply(String verdi) {
        try {
            return String.valueOf(DurationStyle.detectAndParse(verdi.trim()).toMillis());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("{{millis:…}}: '" + verdi + "' is not a duration (PT30S, 30s or 30000)", e);
        }
    }
}
