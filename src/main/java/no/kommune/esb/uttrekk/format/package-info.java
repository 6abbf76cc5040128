/** The files an extract or a wash is written as: the fagsystem's own format via a mapping, PDF lists, labels, XLSX. */
package no.kommune.esb.uttrekk.format;
