package no.kommune.esb.model;

import java.util.List;

/**
 * A postal or residential address. The variants are the shapes Folkeregisteret knows; {@link #gradering()}
 * is the protection grading of the address entry itself. {@code toString} never shows the address.
 */
public sealed interface Adresse permits Adresse.Vegadresse, Adresse.Matrikkeladresse, Adresse.Postboksadresse,
        Adresse.FrittFormat, Adresse.Utenlandsk {

    Gradering gradering();

    /** Street address; {@code adressekode} + {@code kommunenummer} identify the street in Matrikkelen. */
    record Vegadresse(String coAdressenavn, String adressenavn, Integer husnummer, String husbokstav, String bruksenhetsnummer,
                      String postnummer, String poststed, String kommunenummer, String adressekode, Gradering gradering) implements Adresse {
        @Override
        public String toString() {
            return "Vegadresse[" + gradering + "]";
        }
    }

    /** Address given by cadastre number (gnr/bnr) where no street address exists. */
    record Matrikkeladresse(String coAdressenavn, String adressetilleggsnavn, Integer gaardsnummer, Integer bruksnummer, Integer festenummer,
                            String postnummer, String poststed, String kommunenummer, Gradering gradering) implements Adresse {
        @Override
        public String toString() {
            return "Matrikkeladresse[" + gradering + "]";
        }
    }

    record Postboksadresse(String postbokseier, String postboks, String postnummer, String poststed, Gradering gradering) implements Adresse {
        @Override
        public String toString() {
            return "Postboksadresse[" + gradering + "]";
        }
    }

    /** Free-form Norwegian postal address lines. */
    record FrittFormat(List<String> adresselinjer, String postnummer, String poststed, Gradering gradering) implements Adresse {
        @Override
        public String toString() {
            return "FrittFormat[" + gradering + "]";
        }
    }

    /** Address abroad; {@code landkode} is ISO 3166 alpha-3 as Folkeregisteret gives it. */
    record Utenlandsk(List<String> adresselinjer, String postkode, String byEllerStedsnavn, String landkode, Gradering gradering) implements Adresse {
        @Override
        public String toString() {
            return "Utenlandsk[" + gradering + "]";
        }
    }
}
