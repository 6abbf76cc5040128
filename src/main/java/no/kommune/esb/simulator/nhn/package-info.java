/**
 * Simulated Norsk Helsenett: Fastlegeregisteret ({@code /sim/nhn/flr/v2/flr}) and Adresseregisteret
 * ({@code /sim/nhn/ar/v1/AR}) as SOAP 1.2 with HTTP Basic, and Persontjenesten ({@code /sim/nhn/persontjenesten/api/...})
 * with HelseID bearer tokens. Data comes through {@link no.kommune.esb.simulator.nhn.NhnData}.
 */
package no.kommune.esb.simulator.nhn;
