package no.kommune.esb.simulator.matrikkel;

import java.util.List;
import java.util.Optional;

/**
 * What the simulated Matrikkelen and address search serve: addresses, property units and owners, linked by
 * numeric ids as Matrikkelen links them. Look-ups by id or ident, so an implementation over a large population
 * can answer each request without scanning it.
 */
public interface MatrikkelData {

    /** Every street address, in a stable order (the address search filters these). */
    List<Adresse> adresser();

    Optional<Adresse> adresse(String kommunenummer, int adressekode, int nummer, String bokstav);

    Optional<Adresse> adresse(long adresseId);

    Optional<Enhet> enhet(long id);

    /** A person (id from {@link #eierMedNummer}) or an organisation. */
    Optional<Eier> eier(long id);

    /** The owner (person or organisation) with this fødselsnummer/D-nummer or organisasjonsnummer. */
    Optional<Eier> eierMedNummer(String nummer);

    /** Ids of the units this owner has a share in, ascending. */
    List<Long> eideEnheter(long eierId);

    /** {@code gardsnummer}/{@code bruksnummer}: the property the address lies on. */
    record Adresse(long adresseId, String kommunenummer, String kommunenavn, int adressekode, String adressenavn, int nummer, String bokstav,
                   String postnummer, String poststed, int gardsnummer, int bruksnummer, List<Long> matrikkelenhetIds) {

        public String adressetekst() {
            return adressenavn + " " + nummer + (bokstav == null ? "" : bokstav);
        }

        @Override
        public String toString() {
            return "Adresse[" + adresseId + "]";
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
