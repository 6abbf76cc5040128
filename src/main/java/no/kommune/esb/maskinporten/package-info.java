/**
 * Maskinporten: the JWT-bearer grant client ({@link no.kommune.esb.maskinporten.MaskinportenClient}), the
 * per-scope token cache it shares with the HelseID client ({@link no.kommune.esb.maskinporten.TokenCache}), the PKCS12 signing credentials, and the self-signed keystore of the
 * local profile ({@link no.kommune.esb.maskinporten.LocalKeystore}).
 */
package no.kommune.esb.maskinporten;
