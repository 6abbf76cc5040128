/** Maskinporten: the JWT-bearer grant client and the token cache every register client uses. */
package no.kommune.esb.maskinporten;
