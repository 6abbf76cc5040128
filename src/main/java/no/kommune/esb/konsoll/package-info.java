/**
 * The integration team's web console ({@code /konsoll}): server-rendered Thymeleaf pages behind a browser login at the
 * same identity provider ({@link no.kommune.esb.konsoll.KonsollSikkerhet}). It reads through the same repositories and
 * beans the API uses (letters, manual queue, dead letters, event deliveries and replay), draws routes from Camel's own
 * model, shows the metrics' figures as small charts, and writes every action to its audit trail
 * ({@link no.kommune.esb.konsoll.Handlingslogg}). Nothing here shows an identity number in clear, a KRR contact detail
 * or an address (docs/konsoll.md).
 */
package no.kommune.esb.konsoll;
