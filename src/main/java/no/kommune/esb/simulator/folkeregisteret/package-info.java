/**
 * Simulated Folkeregisteret, rettighetspakke "offentlig med hjemmel" (freg.yaml): person lookup with parts,
 * bulk lookup, the event feed with ETag, extracts (uttrekk) as jobs with batches, and the admin endpoint that
 * makes population changes on demand. Person JSON is rendered from the synthetic population on each call.
 */
package no.kommune.esb.simulator.folkeregisteret;
