/** The simulated Maskinporten's token authority: issues and verifies the access tokens every simulator checks. */
package no.kommune.esb.simulator.auth;
