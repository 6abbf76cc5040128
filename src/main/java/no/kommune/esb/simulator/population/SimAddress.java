package no.kommune.esb.simulator.population;

/**
 * A street address (vegadresse) in the synthetic population. {@code kommunenummer} + {@code adressekode} +
 * {@code husnummer} + {@code husbokstav} identify it, as in Matrikkelen; {@code index} is stable for a given
 * (seed, size). {@code toString} does not show the address.
 */
public record SimAddress(int index, String kommunenummer, String adressekode, String adressenavn, int husnummer,
                         String husbokstav, String postnummer, String poststed) {

    @Override
    public String toString() {
        return "SimAddress[" + index + ", " + kommunenummer + "]";
    }
}
