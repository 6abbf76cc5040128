package no.kommune.esb.simulator.nhn;

import java.time.LocalDate;
import java.util.List;

/**
 * What the simulated NHN registers serve: patients (with their GP's HER-id, or none) and the communication
 * parties of Adresseregisteret (offices and the GPs working in them). Two plain lists so a shared synthetic
 * population can back it; every {@code fastlegeHerId} must be the HER-id of a {@code PERSON} party whose parent
 * is an {@code ORGANISASJON} party (the GP's office).
 */
public interface NhnData {

    List<Pasient> pasienter();

    List<Part> kommunikasjonsparter();

    /** {@code kjoenn} is "female"/"male"; {@code fastlegeHerId} null when the patient has no GP. */
    record Pasient(String nin, String fornavn, String mellomnavn, String etternavn, LocalDate foedselsdato, String kjoenn,
                   String kommunenummer, String gateadresse, String postnummer, String poststed, Integer fastlegeHerId) {

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
