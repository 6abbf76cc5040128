package no.kommune.esb.uttrekk.vask;

/** A wash answer's status per line, in the order {@link Vaskeregel} tries them: the first that holds is given. */
public enum Vaskestatus {
    /** The line is not a valid identity number (or has none): listed with line number, masked value and reason. */
    UGYLDIG,
    /** Folkeregisteret knows no person with this number. */
    IKKE_FUNNET,
    /**
     * Folkeregisteret gave a document for the number that the platform cannot read (e.g. an identity number in use that
     * is not valid): no data, not compared; the other lines are washed (since session 30; before, the whole wash failed).
     */
    ULESBAR,
    /**
     * The person is outside the registration's population (docs/oppslag.md, "Population"): no data, no other status
     * (not even deceased), as a look-up would not answer for them either; an emigrant who left Norway from the population
     * is {@link #UTVANDRET} instead, with no data.
     */
    UTENFOR_POPULASJON,
    /** The person has died. */
    DOED,
    /**
     * The person has emigrated (status utflyttet). For a kommune registration the emigrant is outside the population: the
     * status only (no data, no address), given when they left Norway from the registration's kommune within its age range.
     */
    UTVANDRET,
    /** The address is withheld from this fagsystem (DOMAIN.md rule 5): no address, and no comparison with the one sent. */
    SPERRET,
    /** The number asked for was replaced, e.g. a D-nummer by a fødselsnummer; the row holds the person under the current one. */
    NY_IDENT,
    /** The line gave the address the fagsystem holds, and the person now lives elsewhere. */
    FLYTTET,
    /** The line gave the address the fagsystem holds, and it is still the residence. */
    UENDRET,
    /**
     * Found and current; the line gave no address, or Folkeregisteret gave the residence with a value that cannot be
     * read (the merknad says so), so nothing was compared.
     */
    AKTUELL
}
