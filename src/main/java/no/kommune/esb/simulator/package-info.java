/**
 * Local simulators of the registers and SvarUt, following the public contracts in shared/contracts,
 * served over real HTTP under {@code /sim/...} when {@code simulator.enabled=true}. Nothing outside this
 * package imports it: the platform reaches the simulators only through configured base URLs.
 */
package no.kommune.esb.simulator;
