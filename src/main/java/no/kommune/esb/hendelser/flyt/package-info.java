/**
 * The register-events flow's Spring beans the routes in {@code routes/hendelser} call: fan-out of stored feed
 * events to the subscribing fagsystems (one shared bulk look-up, population filter, minimisation) and delivery over
 * each fagsystem's protocol with its retry policy, batch files and replay.
 */
package no.kommune.esb.hendelser.flyt;
