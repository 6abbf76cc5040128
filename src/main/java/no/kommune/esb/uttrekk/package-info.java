/**
 * Extracts (uttrekk) and wash (vask): orders of register data for a fagsystem or a case officer, streamed from
 * Folkeregisteret's extract jobs and bulk look-ups through data minimisation into a file (docs/uttrekk.md).
 */
package no.kommune.esb.uttrekk;
