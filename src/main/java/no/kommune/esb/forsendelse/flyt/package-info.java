/**
 * The letter flow's Spring beans that the routes in {@code routes/forsendelse} call: batch processing (look-ups,
 * decision, SvarUt; SMS/e-mail for service messages), the recipient-letter lifecycle and status follow-up, the status
 * outbox that tells each sender system of every change and its publisher, and their repositories. The rules they
 * apply live in the parent package, free of Spring, Camel and clients.
 */
package no.kommune.esb.forsendelse.flyt;
