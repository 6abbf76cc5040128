package no.kommune.esb.model;

/** The address elements of a person that letters can be written to, as {@link Person} holds them. */
public enum Adressefelt {
    BOSTEDSADRESSE, POSTADRESSE, POSTADRESSE_I_UTLANDET
}
