/**
 * KRR, Kontakt- og reservasjonsregisteret: {@link no.kommune.esb.krr.KrrClient} looks persons up through
 * Oppslagstjenesten REST ({@code POST /rest/v1/personer}) and maps the answer into
 * {@link no.kommune.esb.model.KrrKontakt}. The only code that knows KRR's field names. Contact data is looked up
 * for each dispatch and never cached or logged.
 */
package no.kommune.esb.krr;
