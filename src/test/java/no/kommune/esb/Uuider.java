package no.kommune.esb;

import java.util.regex.Pattern;

/**
 * For tests that scan text for 11-digit identity numbers: a random UUID's last group often holds 11 decimal digits in a
 * row (about 1 % of UUIDs), so UUIDs are taken out before the scan. An identity number never has a UUID's form.
 */
public final class Uuider {

    private static final Pattern UUID = Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b");

    private Uuider() {
    }

    /** The text with every UUID replaced by {@code <uuid>}. */
    public static String utenUuider(String tekst) {
        return tekst == null ? null : UUID.matcher(tekst).replaceAll("<uuid>");
    }
}
