/** Shared PDF helpers: text fitted to a page with the built-in Helvetica. */
package no.kommune.esb.platform.pdf;
