package no.kommune.esb.matrikkel;

/** A street address as Matrikkelen identifies it: kommunenummer, adressekode (street code), husnummer, bokstav. */
public record Vegadresseident(String kommunenummer, int adressekode, int husnummer, String bokstav) {

    private static final java.util.regex.Pattern ADRESSEKODE = java.util.regex.Pattern.compile("\\d{1,9}");

    /**
     * Whether Folkeregisteret's adressekode (a string in its contract) can be Matrikkelen's (an {@code xs:int}): 1–9
     * digits once surrounding blanks are stripped, no sign, no blank inside. Surrounding blanks are no error anywhere on
     * the platform: XML Schema collapses them in an {@code xs:int}, the FREG mapper strips them from the other numbers of
     * an address (husnummer, postnummer, gnr/bnr), and the look-up API from every parameter. The look-up API and the
     * fan-out both read the code through this method and {@link #av}, so they agree on what an unreadable one is (a 502;
     * a failed delivery), never the caller's bad input and never a NumberFormatException. Until the follow-up of session
     * 31 the look-up API refused " 123" (a 502) where the fan-out read it as 123.
     */
    public static boolean lesbarAdressekode(String adressekode) {
        return adressekode != null && ADRESSEKODE.matcher(adressekode.strip()).matches();
    }

    /** The ident, the adressekode read by {@link #lesbarAdressekode} (check that first): surrounding blanks stripped. */
    public static Vegadresseident av(String kommunenummer, String adressekode, int husnummer, String bokstav) {
        return new Vegadresseident(kommunenummer, Integer.parseInt(adressekode.strip()), husnummer, bokstav);
    }

    @Override
    public String toString() {
        // an address is personal data in this platform's logs; only the municipality is shown
        return "Vegadresseident[" + kommunenummer + ", ***]";
    }
}
