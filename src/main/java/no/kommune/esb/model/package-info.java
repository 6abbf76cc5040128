/**
 * The canonical model every flow works in: persons, names, addresses with their grading, family relations,
 * parental responsibility, shared residence, identity-number history, KRR contact and reservation status.
 * No Camel, no Spring, no register field names: the clients map into these types.
 * Types that can carry personal data mask themselves in {@code toString}.
 */
package no.kommune.esb.model;
