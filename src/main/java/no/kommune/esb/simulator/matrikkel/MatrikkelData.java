package no.kommune.esb.simulator.matrikkel;

import java.util.List;

/**
 * What the simulated Matrikkelen and address search serve: addresses, property units and owners, linked by
 * numeric ids as Matrikkelen links them. Three plain lists so a shared synthetic population can back it;
 * the simulator builds its own indexes.
 */
public interface MatrikkelData {

    /** Street addresses; each lists the units found at it (for a section-divided building: its sections). */
    List<Adresse> adresser();

    List<Enhet> enheter();

    /** Owners: persons (nummer = identity number) and organisations (nummer = organisasjonsnummer). */
    List<Eier> eiere();

    record Adresse(long adresseId, String kommunenummer, String kommunenavn, int adressekode, String adressenavn, int nummer, String bokstav,
                   String postnummer, String poststed, List<Long> matrikkelenhetIds) {

        public String adressetekst() {
            return adressenavn + " " + nummer + (bokstav == null ? "" : bokstav);
        }
    }

    /** {@code type} is Matrikkelen's subtype name: Grunneiendom, Seksjon, Festegrunn, ... */
    record Enhet(long id, String type, String kommunenummer, int gardsnummer, int bruksnummer, int festenummer, int seksjonsnummer,
                 List<Andel> eiere) {
    }

    record Andel(long eierId, long teller, long nevner) {
    }

    /** A person (fornavn/etternavn set) or an organisation (organisasjon = true, navn set). */
    record Eier(long id, boolean organisasjon, String nummer, String fornavn, String etternavn, String navn) {

        @Override
        public String toString() {
            return "Eier[" + id + (organisasjon ? ", org" : ", person") + "]";
        }
    }
}
