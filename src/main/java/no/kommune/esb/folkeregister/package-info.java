/**
 * Folkeregisteret (Skatteetaten, rettighetspakke "offentlig med hjemmel"): the HTTP client for person lookup,
 * bulk lookup, the event feed and extracts, and the mapper from Folkeregisteret's person document to the
 * canonical {@link no.kommune.esb.model.Person}. The only code that knows Folkeregisteret's field names.
 */
package no.kommune.esb.folkeregister;
