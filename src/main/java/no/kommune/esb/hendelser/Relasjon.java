package no.kommune.esb.hendelser;

/** Which related persons a fagsystem receives with each event. */
public enum Relasjon {
    /** The parents (or others) who hold foreldreansvar for the person, as registered on the person. */
    FORELDRE_MED_FORELDREANSVAR,
    /** Mother, father, co-mother, with or without foreldreansvar. */
    FORELDRE,
    /** The person's children. */
    BARN,
    /** Spouse or registered partner. */
    EKTEFELLE_ELLER_PARTNER
}
