package no.kommune.esb.model;

/** Folkeregister person status. */
public enum Personstatus {
    BOSATT, UTFLYTTET, FORSVUNNET, DOED, OPPHOERT, FOEDSELSREGISTRERT, MIDLERTIDIG, INAKTIV, IKKE_BOSATT, AKTIV, UKJENT
}
