/**
 * KS Fiks SvarUt REST v2: the client that sends letters (forsendelser) with their documents, reads their
 * status and history and finds them by external reference, plus the pure rules a letter must meet before
 * SvarUt accepts it ({@link no.kommune.esb.svarut.SvarUtRegler}). The only code that knows SvarUt's field names.
 */
package no.kommune.esb.svarut;
