/**
 * The letter flow's Spring beans that the routes in {@code routes/forsendelse} call: batch processing (look-ups,
 * decision, SvarUt; SMS/e-mail for service messages), the recipient-letter lifecycle and status follow-up, and their
 * repositories. The rules they apply live in the parent package, free of Spring, Camel and clients.
 */
package no.kommune.esb.forsendelse.flyt;
