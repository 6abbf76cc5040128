package no.kommune.esb.konsoll;

import no.kommune.esb.model.Identitetsnummer;

import java.util.regex.Pattern;

/** Free text shown in the console (timeline details, failure reasons): identity numbers and e-mail addresses masked. */
final class Maskering {

    private static final Pattern EPOST = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");

    private Maskering() {
    }

    static String tekst(String tekst) {
        return tekst == null ? null : EPOST.matcher(Identitetsnummer.maskIn(tekst)).replaceAll("***@***");
    }
}
