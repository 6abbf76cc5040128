/**
 * Maskinporten: the JWT-bearer grant client ({@link no.kommune.esb.maskinporten.MaskinportenClient}) with the
 * token cache every register client uses, the PKCS12 signing credentials, and the self-signed keystore of the
 * local profile ({@link no.kommune.esb.maskinporten.LocalKeystore}).
 */
package no.kommune.esb.maskinporten;
