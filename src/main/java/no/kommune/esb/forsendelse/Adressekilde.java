package no.kommune.esb.forsendelse;

/** Which Folkeregister address the postal lines were taken from (rule 4). */
public enum Adressekilde { POSTADRESSE, POSTADRESSE_I_UTLANDET, BOSTEDSADRESSE, INGEN }
