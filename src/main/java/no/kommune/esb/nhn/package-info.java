/**
 * Norsk Helsenett's registers: Fastlegeregisteret and Adresseregisteret (SOAP 1.2 with WS-Addressing, HTTP
 * Basic) and Persontjenesten (REST, HelseID bearer), plus the HelseID token client ({@link no.kommune.esb.nhn.HelseIdClient},
 * client credentials with a {@code private_key_jwt} assertion). The only code that knows their XML and JSON.
 */
package no.kommune.esb.nhn;
