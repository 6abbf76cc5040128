package no.kommune.esb.platform.logg;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks every number of exactly 11 digits in a log line like {@code 010190*****} (DOMAIN.md): a fødselsnummer or
 * D-nummer, valid or not, wherever it stands, also inside a file name ({@code vask-01019012345.csv}). Left alone: a
 * shorter or longer run of digits (sequence numbers, epoch milliseconds, counters), and identifiers made of hex digits
 * whose digits may happen to run 11 long: a UUID and Camel's exchange and message ids ({@code 4E90F02C38BF533-00000000000001AE}).
 * No Camel, Spring or logback import: the converters in this package call it.
 */
public final class Loggmaskering {

    /** A UUID or a Camel id (15 hex digits, a dash, 16 hex digits): kept whole. Else a run of exactly 11 digits: masked. */
    private static final Pattern KANDIDAT = Pattern.compile(
            "(?<![0-9A-Za-z])(?:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[0-9A-Fa-f]{15}-[0-9A-Fa-f]{16})(?![0-9A-Za-z])"
                    + "|(?<!\\d)(\\d{6})\\d{5}(?!\\d)");

    private Loggmaskering() {
    }

    /** {@code tekst} with each 11-digit number masked; the same instance when it has none (most lines: one pass over the text). */
    public static String maskert(String tekst) {
        if (tekst == null || !harElleveSifre(tekst)) {
            return tekst;
        }
        Matcher m = KANDIDAT.matcher(tekst);
        StringBuilder ut = new StringBuilder(tekst.length());
        while (m.find()) {
            m.appendReplacement(ut, m.group(1) == null ? Matcher.quoteReplacement(m.group()) : m.group(1) + "*****");
        }
        m.appendTail(ut);
        return ut.toString();
    }

    /** Whether the text has a run of 11 or more digits at all: the regular expression runs only then. */
    private static boolean harElleveSifre(String tekst) {
        int rad = 0;
        for (int i = 0; i < tekst.length(); i++) {
            char c = tekst.charAt(i);
            if (c >= '0' && c <= '9') {
                if (++rad == 11) {
                    return true;
                }
            } else {
                rad = 0;
            }
        }
        return false;
    }
}
