/**
 * Norsk Helsenett's registers: Fastlegeregisteret and Adresseregisteret (SOAP 1.2 with WS-Addressing, HTTP
 * Basic) and Persontjenesten (REST, HelseID bearer). The only code that knows their XML and JSON.
 */
package no.kommune.esb.nhn;
