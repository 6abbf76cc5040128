package no.kommune.esb.simulator.population;

/** The changes the population undergoes over time, each ending in one or more feed events. */
public enum ChangeKind {
    /** A woman in the population gives birth: personErOpprettet for the child, endringIFamilierelasjon for parents. */
    FOEDSEL,
    /** A household moves to another address in the home kommune: endringIBostedsadresse. */
    FLYTTING_INNEN_KOMMUNE,
    /** A household from another kommune moves into the home kommune: endringIBostedsadresse. */
    INNFLYTTING_TIL_KOMMUNE,
    /** A household leaves the home kommune for another Norwegian kommune: endringIBostedsadresse. */
    UTFLYTTING_FRA_KOMMUNE,
    /** A single adult emigrates (postadresseIUtlandet): endringIUtflytting. */
    UTVANDRING,
    /** personErDoed; the surviving spouse gets endringISivilstand. */
    DOEDSFALL,
    /** Grading set on a person and the minor children at the address, or lifted: endringIAdressebeskyttelse. */
    ADRESSEBESKYTTELSE,
    /** A D-nummer holder gets a fødselsnummer; the D-nummer becomes opphoert: endringIIdentifikasjonsnummer. */
    NYTT_FOEDSELSNUMMER,
    /** Parental responsibility for a child changes: endringIForeldreansvar for the child and the parents. */
    FORELDREANSVAR,
    /** An adult changes surname: endringINavn. */
    NAVNEENDRING
}
