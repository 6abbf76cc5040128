/**
 * Retention (oppbevaring) of the personal data the letter flow keeps: a letter's PDFs once all its recipient letters
 * are final, the payloads of dead letters nobody will redrive, the hand-ins kept in the SFTP drop folders, and the
 * finished register-event delivery rows (docs/hendelser.md "Retention"). The rule
 * ({@link no.kommune.esb.forsendelse.oppbevaring.Oppbevaringsregel}) is pure; {@link
 * no.kommune.esb.forsendelse.oppbevaring.Oppbevaringsjobb} applies it nightly on one instance (docs/forsendelse.md
 * "Oppbevaring").
 */
package no.kommune.esb.forsendelse.oppbevaring;
