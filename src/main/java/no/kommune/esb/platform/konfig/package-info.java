/**
 * Config edits without a restart: a watcher over {@code routes/}, {@code mappings/} and {@code config/fagsystemer/}
 * checks each edit with the validators {@code bin/validate-config} runs and puts it live only when it is valid (routes
 * through Camel's own route loader, registrations and mappings swapped as one set); an invalid edit leaves the running
 * version in place and says why. {@link no.kommune.esb.platform.konfig.Konfigurasjonsstatus} tells which version of
 * each file is live ({@code GET /api/konfig}). See docs/konfigurasjon.md.
 */
package no.kommune.esb.platform.konfig;
