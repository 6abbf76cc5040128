/**
 * A stand-in for fagsystems that receive register events by HTTP webhook: records what arrives so tests and
 * developers can see it, checks the bearer token, and can be taken down with fault injection
 * (service {@code fagsystem-<id>}, endpoint {@code hendelser}).
 */
package no.kommune.esb.simulator.fagsystem;
