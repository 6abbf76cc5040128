/** Shared PDF helpers: the embedded fonts, and text fitted to a page. */
package no.kommune.esb.platform.pdf;
