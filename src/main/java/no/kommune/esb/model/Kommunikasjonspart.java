package no.kommune.esb.model;

import java.util.List;

/**
 * A party in Norsk Helsenett's Adresseregisteret (organisation, person in an organisation, or service),
 * found by HER-id; {@code parentHerId} is null for a party without parent.
 */
public record Kommunikasjonspart(int herId, String navn, String visningsnavn, Type type, Integer parentHerId, String parentNavn,
                                 String organisasjonsnummer, String kommunenummer, boolean aktiv, List<Postadresse> adresser) {

    /** The party's kind, as the register types it. */
    public enum Type { ORGANISASJON, PERSON, TJENESTE, ANNEN }

    /** A postal or visiting address of the party ({@code type} PST = post, RES = besøk). */
    public record Postadresse(String type, String gateadresse, String postnummer, String poststed) {
    }

    public Kommunikasjonspart {
        adresser = List.copyOf(adresser);
    }
}
