package no.kommune.esb.platform;

import no.kommune.esb.model.Identitetsnummer;

import java.util.regex.Pattern;

/**
 * Free text shown to the integration team (failure reasons of dead letters and manual cases, timeline details, alarms),
 * in the console and the admin API: identity numbers and e-mail addresses masked, and a Java exception's name shown as
 * the kind of failure it is ({@code java.net.ConnectException} → {@code Connect-feil}), never as a class name. Stored
 * reasons are not meant to hold personal data; this is the guard for one that does.
 */
public final class Maskering {

    private static final Pattern EPOST = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");
    private static final Pattern UNNTAK = Pattern.compile("\\b(?:[a-z][\\w$]*\\.)*([A-Z][\\w$]*?)?(?:Exception|Error|Throwable)\\b");

    private Maskering() {
    }

    public static String tekst(String tekst) {
        if (tekst == null) {
            return null;
        }
        String maskert = EPOST.matcher(Identitetsnummer.maskIn(tekst)).replaceAll("***@***");
        return UNNTAK.matcher(maskert).replaceAll(m -> m.group(1) == null ? "feil" : m.group(1) + "-feil");
    }
}
