package no.kommune.esb.matrikkel;

/** A street address as Matrikkelen identifies it: kommunenummer, adressekode (street code), husnummer, bokstav. */
public record Vegadresseident(String kommunenummer, int adressekode, int husnummer, String bokstav) {

    @Override
    public String toString() {
        // an address is personal data in this platform's logs; only the municipality is shown
        return "Vegadresseident[" + kommunenummer + ", ***]";
    }
}
