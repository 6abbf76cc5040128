/**
 * Register events to fagsystems: the feed reader ({@link no.kommune.esb.hendelser.FeedLeser}: position, ETag, 429,
 * 406 → resync alarm), the file-based fagsystem registrations ({@code config/fagsystemer/<id>.yaml}), their loader and
 * validator ({@link no.kommune.esb.hendelser.FagsystemRegistry}; the pre-deploy command
 * {@link no.kommune.esb.hendelser.ValidateConfig}, which also checks golden examples and YAML routes),
 * data minimisation per service area ({@link no.kommune.esb.hendelser.Dataminimering}) and the mapping input document
 * ({@link no.kommune.esb.hendelser.Hendelsesdokument}).
 */
package no.kommune.esb.hendelser;
