package no.kommune.esb.model;

/** Address protection grading, from least to most protected. */
public enum Gradering {
    UGRADERT,
    /** Kode 6/7-like client address used by e.g. child welfare; address may be used but not spread. */
    KLIENTADRESSE,
    /** Kode 7: may be used to send, must not be disclosed onwards. */
    FORTROLIG,
    /** Kode 6: the address must never leave the register authority. */
    STRENGT_FORTROLIG;

    /** True when the address must not be shown to anyone without an explicit right to see it. */
    public boolean erBeskyttet() {
        return this != UGRADERT;
    }
}
