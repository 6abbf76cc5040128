/** A stand-in OAuth2 identity provider for the local profile: client-credentials tokens for fagsystems and the integration team. */
package no.kommune.esb.simulator.idp;
