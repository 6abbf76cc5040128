/**
 * Kartverket's Matrikkelen: the SOAP matrikkelAPI client (address to property units and owners, units owned
 * by a person) and the open address-search REST client. The only code that knows Matrikkelen's XML and JSON.
 */
package no.kommune.esb.matrikkel;
