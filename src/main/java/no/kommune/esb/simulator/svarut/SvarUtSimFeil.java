package no.kommune.esb.simulator.svarut;

import no.kommune.esb.simulator.SimulatorFeil;

/** A refusal by the simulated SvarUt, answered in SvarUt's error body with this status and errorCode. */
class SvarUtSimFeil extends SimulatorFeil {

    SvarUtSimFeil(int status, String errorCode, String message) {
        super(status, errorCode, message);
    }
}
