/**
 * Letter intake and the letter API: fagsystems hand letters in over REST (multipart), JMS or an SFTP drop folder;
 * {@link no.kommune.esb.forsendelse.mottak.InnleveringValidator} checks them (pure), {@link
 * no.kommune.esb.forsendelse.mottak.ForsendelseRepository} stores each once, and the API beans answer status and
 * timeline, the manual-handling queue and dead letters (docs/forsendelse-intake.md). Processing after intake is in
 * {@code forsendelse.flyt}; the rules in the parent package.
 */
package no.kommune.esb.forsendelse.mottak;
