/**
 * Simulated KRR oppslagstjenesten REST ({@code POST /rest/v1/personer}) under {@code /sim/krr}, answering from
 * the synthetic population's KRR entries with the parts the token's scopes allow, and an admin endpoint to
 * change an entry between dispatches.
 */
package no.kommune.esb.simulator.krr;
