/**
 * The deterministic synthetic population behind the Folkeregisteret and KRR simulators: persons, households,
 * addresses and KRR entries generated from (seed, size), changes over time with their feed events, and the
 * change journal that lets the feed and person state survive a restart. Compact internal state; the
 * simulators render register JSON on demand.
 */
package no.kommune.esb.simulator.population;
