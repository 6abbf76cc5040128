/**
 * Register look-ups (oppslag), the pull side of the platform (docs/oppslag.md): {@code /api/oppslag} answers a
 * fagsystem's question about a person, or a batch of persons, with the canonical model minimised by the same
 * registration and the same rules ({@link no.kommune.esb.hendelser.Dataminimering}) the event flow uses; every call
 * names a registered purpose, is rate-limited per caller and leaves a row in an append-only audit trail, which
 * {@code /api/innsyn} reads back for a citizen. Pure rules ({@link Oppslagstilgang}, {@link Personsvar},
 * {@link Ratebegrenser}, {@link Identnoekkel}) in plain classes; the limit shared across instances
 * ({@link DeltRatebegrenser}) counts in PostgreSQL; {@code /api/oppslag} is served by {@link OppslagController}
 * (Spring MVC, synchronous: docs/oppslag.md "Why /api/oppslag is not on the REST DSL"), {@code /api/innsyn} and the
 * retention job by the routes in routes/oppslag/; both call thin beans ({@link OppslagApi}, {@link InnsynApi}).
 */
package no.kommune.esb.oppslag;
