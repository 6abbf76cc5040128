/** Fault injection for every simulator and endpoint, settable at run time through {@code /sim/admin/faults}. */
package no.kommune.esb.simulator.fault;
