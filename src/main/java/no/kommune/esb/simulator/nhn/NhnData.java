package no.kommune.esb.simulator.nhn;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * What the simulated NHN registers serve: patients (with their GP's HER-id, or none) and the communication
 * parties of Adresseregisteret (offices and the GPs working in them). Every {@code fastlegeHerId} is the HER-id
 * of a {@code PERSON} party whose parent is an {@code ORGANISASJON} party (the GP's office). Look-ups by key, so
 * an implementation over a large population answers each request without scanning it.
 */
public interface NhnData {

    /** Number of patients; {@link #pasient(int)} takes 0 up to this (Persontjenesten's event feed walks them). */
    int antallPasienter();

    /** The patient at this place in a stable order. */
    Pasient pasient(int index);

    /** The patient whose number in use this is (Fastlegeregisteret, Persontjenesten's bulk-by-nin). */
    Optional<Pasient> pasient(String nin);

    /**
     * The patient whose number in use or earlier number (a D-nummer her fødselsnummer replaced) this is: Persontjenesten's
     * get-by-nin, whose contract says "Historic NINs are supported".
     */
    Optional<Pasient> pasientOgsaaTidligereNummer(String nin);

    Optional<Part> kommunikasjonspart(int herId);

    /** Every office and GP, in a stable order (a few per kommune). */
    List<Part> kommunikasjonsparter();

    /**
     * {@code kjoenn} is "female"/"male"; {@code fastlegeHerId} null when the patient has no GP; the address fields
     * are null when the patient has no address that may be shown; {@code status} and {@code beskyttelse} use
     * Persontjenesten's codes (Resident, Deceased, …; Unclassified, ClientAddress, Confidential, StrictlyConfidential).
     */
    record Pasient(String nin, String fornavn, String mellomnavn, String etternavn, LocalDate foedselsdato, String kjoenn,
                   String kommunenummer, String adressekode, String gateadresse, String postnummer, String poststed, Integer fastlegeHerId,
                   String status, String beskyttelse) {

        @Override
        public String toString() {
            return "Pasient[" + (nin == null ? "" : nin.substring(0, 6)) + "*****]";
        }
    }

    /** A communication party; {@code type} ORGANISASJON, PERSON or TJENESTE; {@code parentHerId} null for none. */
    record Part(int herId, String type, String navn, Integer parentHerId, String organisasjonsnummer, String kommunenummer, String kommunenavn,
                String gateadresse, String postnummer, String poststed, Integer hprNummer) {
    }
}
