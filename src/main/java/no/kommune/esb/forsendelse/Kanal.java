package no.kommune.esb.forsendelse;

/** How one recipient gets the letter. */
public enum Kanal {
    /** Through SvarUt to the digital mailbox or SvarUt's own digital delivery (with a print fallback when an address is given). */
    DIGITAL,
    /** Through SvarUt to print, at the postal address in the decision. */
    PRINT,
    /** A service message by SMS and/or e-mail to KRR's contact data, looked up for this dispatch only. */
    VARSEL_SMS_EPOST,
    /** Not sent automatically: a case officer handles it (unknown address, protected address, unresolved recipient). */
    MANUELL,
    /** Not sent at all; reported back to the fagsystem (deceased, already sent). */
    STOPP
}
