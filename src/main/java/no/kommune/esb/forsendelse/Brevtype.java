package no.kommune.esb.forsendelse;

/** What kind of letter this is; decides which of DOMAIN.md's rules 2 and 3 apply. */
public enum Brevtype {
    /** Vedtak, forhåndsvarsel, anything affecting the recipient's legal position (rule 2). */
    FORMELL,
    /** Reminders, water shut-off, street sweeping: may go by SMS/e-mail even to reserved persons (rule 3). */
    TJENESTEMELDING
}
