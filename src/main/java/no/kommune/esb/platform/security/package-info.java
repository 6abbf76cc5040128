/**
 * Who may call the platform's API, two ways in with the same rights: OAuth2 bearer tokens (JWTs from the
 * municipality's identity provider, checked against its JWKS and issuer; the fagsystem is the token's client id) and
 * mutual TLS on a second port (a client certificate from a trusted CA, registered to a fagsystem in
 * {@code platform.security.mtls.klienter}). Scopes say what the caller may do; {@code FagsystemFilter} tells the
 * routes who it is. The local profile's throw-away CA lives here too ({@code LocalCertificateAuthority}).
 */
package no.kommune.esb.platform.security;
