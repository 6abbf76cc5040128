package no.kommune.esb.forsendelse.mottak;

/**
 * Which characters a text field of a hand-in may hold (docs/forsendelse-intake.md "Characters"). PostgreSQL refuses
 * NUL in text, so a field with one would fail at storing and the sender would be told to try again for ever; the
 * other rules keep what the platform stores and passes on (SvarUt, SMS, print) printable:
 * <ul>
 *   <li>every field: no control characters (Unicode Cc: U+0000–U+001F, U+007F–U+009F), no lone surrogate (half of a
 *       character, which UTF-8 cannot carry), no noncharacter (U+FFFE, U+FFFF, U+FDD0–U+FDEF, …);</li>
 *   <li>a field of several lines ({@code varseltekst}) may hold line feed and carriage return;</li>
 *   <li>a key or code ({@code avsenderSystem}, {@code eksternReferanse}, {@code mottaker}, {@code brevtype},
 *       {@code mimeType}) also no format character (Unicode Cf: zero-width space, bidi controls, soft hyphen), which
 *       would make two keys that look the same differ.</li>
 * </ul>
 * Pure. Descriptions name the character by its code point, never the text around it.
 */
public final class Teksttegn {

    /** How strict a field is. */
    public enum Felt {
        /** Free text on one line: title, file name. */
        TEKST,
        /** Free text that may have line breaks. */
        FLERLINJET,
        /** An identifier or code. */
        NOEKKEL
    }

    private Teksttegn() {
    }

    /** Why {@code tekst} may not be stored as a field of kind {@code felt}, or null when every character is allowed. */
    public static String ugyldig(String tekst, Felt felt) {
        if (tekst == null) {
            return null;
        }
        for (int i = 0; i < tekst.length(); ) {
            int tegn = tekst.codePointAt(i);
            String grunn = grunn(tegn, felt);
            if (grunn != null) {
                return grunn + " (" + String.format("U+%04X", tegn) + ", tegn nr " + (tekst.codePointCount(0, i) + 1) + ")";
            }
            i += Character.charCount(tegn);
        }
        return null;
    }

    /**
     * Why {@code tekst} cannot be taken as the free text {@code navn} of a few lines and at most {@code maks} characters
     * (UTF-16 units, as a form's {@code maxlength} counts them), or null when it can: the one check of what the
     * integration team writes by hand (a dead letter's closing reason, a manual case's comment). Never quotes the text.
     */
    public static String ugyldigFritekst(String navn, String tekst, int maks) {
        if (tekst == null) {
            return null;
        }
        if (tekst.length() > maks) {
            return navn + " er lengre enn " + maks + " tegn (" + tekst.length() + ")";
        }
        String tegn = ugyldig(tekst, Felt.FLERLINJET);
        return tegn == null ? null : navn + " kan ikke ha " + tegn;
    }

    /** {@code tekst} with every character no field may hold replaced by U+FFFD, so it can be stored in a message or log. */
    public static String synlig(String tekst) {
        if (tekst == null || ugyldig(tekst, Felt.FLERLINJET) == null) {
            return tekst;
        }
        StringBuilder s = new StringBuilder(tekst.length());
        tekst.codePoints().forEach(c -> s.appendCodePoint(grunn(c, Felt.FLERLINJET) == null ? c : '\uFFFD'));
        return s.toString();
    }

    private static String grunn(int tegn, Felt felt) {
        if (Character.getType(tegn) == Character.CONTROL) {
            return felt == Felt.FLERLINJET && (tegn == '\n' || tegn == '\r') ? null : "kontrolltegn";
        }
        if (Character.getType(tegn) == Character.SURROGATE) {
            return "halvt tegn (ensom surrogat)";
        }
        if ((tegn >= 0xFDD0 && tegn <= 0xFDEF) || (tegn & 0xFFFE) == 0xFFFE) {
            return "ikke-tegn";
        }
        if (felt == Felt.NOEKKEL && Character.getType(tegn) == Character.FORMAT) {
            return "usynlig formattegn";
        }
        return null;
    }
}
