/**
 * Simulated HelseID under {@code /sim/helseid}: {@code POST /connect/token} accepts client credentials with a
 * {@code private_key_jwt} client assertion (signature against the registered client's certificate, iss = sub =
 * client_id, aud, iat/nbf/exp with at most 60 s lifetime, single-use jti, allowed scopes) and issues access
 * tokens from the shared {@link no.kommune.esb.simulator.auth.SimulatorTokenAuthority}, so the simulated
 * Persontjenesten accepts them.
 */
package no.kommune.esb.simulator.helseid;
