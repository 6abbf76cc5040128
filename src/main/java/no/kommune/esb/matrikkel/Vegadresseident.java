package no.kommune.esb.matrikkel;

/** A street address as Matrikkelen identifies it: kommunenummer, adressekode (street code), husnummer, bokstav. */
public record Vegadresseident(String kommunenummer, int adressekode, int husnummer, String bokstav) {

    private static final java.util.regex.Pattern ADRESSEKODE = java.util.regex.Pattern.compile("\\d{1,9}");

    /**
     * Whether Folkeregisteret's adressekode (a string in its contract) can be Matrikkelen's (a number): 1–9 digits, no
     * sign or space. The look-up API and the fan-out decide by it what an unreadable one is to them (a 502; a failed
     * delivery), never the caller's bad input and never a NumberFormatException.
     */
    public static boolean lesbarAdressekode(String adressekode) {
        return adressekode != null && ADRESSEKODE.matcher(adressekode).matches();
    }

    /** The ident, the adressekode read by {@link #lesbarAdressekode} (check that first). */
    public static Vegadresseident av(String kommunenummer, String adressekode, int husnummer, String bokstav) {
        return new Vegadresseident(kommunenummer, Integer.parseInt(adressekode), husnummer, bokstav);
    }

    @Override
    public String toString() {
        // an address is personal data in this platform's logs; only the municipality is shown
        return "Vegadresseident[" + kommunenummer + ", ***]";
    }
}
