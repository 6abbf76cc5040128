/**
 * Simulated Matrikkelen: the SOAP matrikkelAPI services (Adresse, Matrikkelenhet, Store, Person) under
 * {@code /sim/matrikkel/matrikkelapi/wsapi/v1/...} and Geonorge's open address search under
 * {@code /sim/geonorge/adresser/v1/sok}. Data comes through {@link no.kommune.esb.simulator.matrikkel.MatrikkelData}.
 */
package no.kommune.esb.simulator.matrikkel;
