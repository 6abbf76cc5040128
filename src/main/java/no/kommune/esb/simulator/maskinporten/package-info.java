/**
 * Simulated Maskinporten under {@code /sim/maskinporten}: {@code POST /token} validates JWT-bearer grants as the
 * real one does (signature against the client's registered certificate, aud, iat ±10 s, exp − iat ≤ 120 s,
 * single-use jti, scopes registered on the client) and issues tokens from the shared
 * {@link no.kommune.esb.simulator.auth.SimulatorTokenAuthority}; also the well-known metadata and the JWKS.
 */
package no.kommune.esb.simulator.maskinporten;
