/**
 * Simulated KS Fiks SvarUt REST v2 under {@code /sim/svarut/api/v2/...} (the contract's paths below the
 * {@code /api} server URL): send (multipart), status-sok, hendelser and eksternRef lookup, with SvarUt's auth
 * (Maskinporten token for {@code ks:fiks} plus IntegrasjonId/IntegrasjonPassord), its error body, statuses
 * that advance over time or on demand, and fault injection including an answer lost after the letter was stored.
 * Test and admin view: {@code /sim/admin/svarut/forsendelser}.
 */
package no.kommune.esb.simulator.svarut;
