package no.kommune.esb.model;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Norwegian fødselsnummer, D-nummer, or synthetic (Tenor/test) number: 11 digits with two mod-11 control
 * digits. D-nummer adds 40 to the day, synthetic numbers add 80 (Tenor) or 40 (older test series) to the
 * month. From 2032 the first control digit k1 is accepted when the weighted sum plus k1 leaves remainder
 * 0, 1, 2 or 3 mod 11 (nyttfnr2032.md); k2 is the classic mod-11 digit, computed over k1 as well. The date part must
 * be a day of the month in some century: the individual number does not tell the century ({@link #kanVaereSkuddaar}).
 * <p>
 * {@link #toString()} masks the personal part, so an instance can appear in a log line safely.
 */
public final class Identitetsnummer implements Comparable<Identitetsnummer> {

    private static final int[] K1_WEIGHTS = {3, 7, 6, 1, 8, 9, 4, 5, 2};
    private static final int[] K2_WEIGHTS = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    /**
     * What {@link #maskIn} looks at: a UUID or a Camel exchange/message id (15 hex digits, a dash, 16 hex digits), kept
     * whole though 11 of its hex digits may run decimal; else a run of 11 or more digits (group 1), masked.
     */
    private static final Pattern I_TEKST = Pattern.compile(
            "(?<![0-9A-Za-z])(?:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[0-9A-Fa-f]{15}-[0-9A-Fa-f]{16})(?![0-9A-Za-z])"
                    + "|(?<!\\d)(\\d{11,})");

    /** What kind of number this is, read from day and month. */
    public enum Type { FOEDSELSNUMMER, DNUMMER }

    private final String value;

    private Identitetsnummer(String value) {
        this.value = value;
    }

    /** Parses and validates; throws {@link UgyldigIdentitetsnummerException} whose message never holds the number. */
    public static Identitetsnummer of(String value) {
        String reason = invalidReason(value);
        if (reason != null) {
            throw new UgyldigIdentitetsnummerException(reason, mask(value));
        }
        return new Identitetsnummer(value);
    }

    public static boolean isValid(String value) {
        return invalidReason(value) == null;
    }

    /**
     * Why {@code value} is not a valid identity number, or null when it is. Never contains the value. Only the ASCII
     * digits 0-9 count: a number written with fullwidth (U+FF10…) or other digits is refused, not read as the same number.
     */
    public static String invalidReason(String value) {
        if (value == null || value.length() != 11) {
            return "must be 11 digits";
        }
        for (int i = 0; i < 11; i++) {
            // ASCII 0-9 only: Character.isDigit also takes fullwidth and other scripts' digits, which are refused, not normalised
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                return "must be 11 digits (0-9)";
            }
        }
        // read from the digits in place: the fan-out validates every number it meets (docs/benchmarks.md, session 8)
        int day = tall(value, 0, 2);
        int month = tall(value, 2, 4);
        if (day > 40) {
            day -= 40;
        }
        if (month > 80) {
            month -= 80;
        } else if (month > 40) {
            month -= 40;
        }
        if (month < 1 || month > 12 || day < 1 || day > java.time.Month.of(month).length(kanVaereSkuddaar(tall(value, 4, 6)))) {
            return "date part is not a date";
        }
        if (!controlDigitsValid(value)) {
            return "control digits do not match";
        }
        return null;
    }

    /**
     * Whether the two year digits {@code yy} are a leap year in some century the person may be born in. The individual
     * number does not give the century: D-numbers for 2000-2039 also use 200-499 (sos-utvidelse-av-dnr-serien.md), and
     * numbers issued from 2032 carry no century at all (nyttfnr2032.md). So 29 February is a date when yy % 4 == 0 (00
     * is 2000 as well as 1900), as in Skatteetaten's own validator; the birth date itself is the register's
     * {@code foedsel}, never read from the number.
     */
    static boolean kanVaereSkuddaar(int yy) {
        return yy % 4 == 0;
    }

    /** The number the ASCII digits {@code v[fra, til)} spell; the caller has checked they are digits. */
    private static int tall(String v, int fra, int til) {
        int n = 0;
        for (int i = fra; i < til; i++) {
            n = n * 10 + (v.charAt(i) - '0');
        }
        return n;
    }

    private static boolean controlDigitsValid(String v) {
        int sum1 = 0;
        for (int i = 0; i < 9; i++) {
            sum1 += (v.charAt(i) - '0') * K1_WEIGHTS[i];
        }
        int k1 = v.charAt(9) - '0';
        // classic rule: (sum1 + k1) % 11 == 0; from 2032 the remainder may also be 1, 2 or 3
        int rest1 = (sum1 + k1) % 11;
        if (rest1 > 3) {
            return false;
        }
        int sum2 = 0;
        for (int i = 0; i < 10; i++) {
            sum2 += (v.charAt(i) - '0') * K2_WEIGHTS[i];
        }
        int k2 = v.charAt(10) - '0';
        return (sum2 + k2) % 11 == 0;
    }

    /** The full number, for a register request. Never log it. */
    public String value() {
        return value;
    }

    public Type type() {
        return value.charAt(0) >= '4' ? Type.DNUMMER : Type.FOEDSELSNUMMER;
    }

    public boolean isDnummer() {
        return type() == Type.DNUMMER;
    }

    /** Tenor/test series: month + 80 (Tenor) or + 40 (older NAV/Skatteetaten test numbers). */
    public boolean isSynthetic() {
        return value.charAt(2) >= '4';
    }

    /** First six digits followed by five stars, e.g. {@code 010190*****}. */
    public String masked() {
        return mask(value);
    }

    /** Masks anything that may be an identity number; safe to log. */
    public static String mask(String candidate) {
        if (candidate == null) {
            return "null";
        }
        if (candidate.length() < 6) {
            return "*".repeat(candidate.length());
        }
        return candidate.substring(0, 6) + "*".repeat(Math.max(0, candidate.length() - 6));
    }

    /**
     * {@code text} (a path, a log line, a failure reason) with every identity number masked; safe to log and to show. The
     * one rule for identity numbers in text, used by the flows and by the log's safety net ({@code platform.logg}):
     * <ul>
     * <li>a run of exactly 11 digits, valid or not, wherever it stands (also stuck to letters, {@code vask-01019012345.csv}),
     *     keeps its first six: {@code 010190*****} (DOMAIN.md);</li>
     * <li>a longer run keeps its first six too and masks all the rest ({@code 0101901234520240101} →
     *     {@code 010190*************}): a number may hide anywhere in it, and masking only an 11-digit window left the
     *     rest of a number that did not start the run readable;</li>
     * <li>a UUID and Camel's exchange and message ids ({@code 4E90F02C38BF533-00000000000001AE}) stay whole, so an error
     *     id or exchange id can still be looked up; a shorter run of digits (sequence numbers, counters) stays as it is.</li>
     * </ul>
     * Null gives {@code ""}; a text without a run of 11 digits is returned as it is (one pass over its characters: the log
     * calls this for every line).
     */
    public static String maskIn(String text) {
        if (text == null) {
            return "";
        }
        if (!harElleveSifre(text)) {
            return text;
        }
        Matcher m = I_TEKST.matcher(text);
        StringBuilder ut = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(ut, Matcher.quoteReplacement(m.group(1) == null ? m.group() : mask(m.group(1))));
        }
        m.appendTail(ut);
        return ut.toString();
    }

    /** Whether the text has a run of 11 or more ASCII digits at all: the regular expression runs only then. */
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

    @Override
    public boolean equals(Object o) {
        return o instanceof Identitetsnummer other && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(value);
    }

    @Override
    public int compareTo(Identitetsnummer o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return masked();
    }
}
