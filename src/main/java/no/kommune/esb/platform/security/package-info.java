/**
 * Who may call the platform's API: OAuth2 bearer tokens (JWTs from the municipality's identity provider, checked
 * against its JWKS and issuer), the calling fagsystem's id taken from the token, and scopes for what it may do.
 */
package no.kommune.esb.platform.security;
