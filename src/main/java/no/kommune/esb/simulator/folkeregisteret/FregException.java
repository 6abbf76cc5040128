package no.kommune.esb.simulator.folkeregisteret;

import no.kommune.esb.simulator.SimulatorFeil;

/** A Folkeregisteret error answer: HTTP status, feilkode and a message that never holds an identity number. */
class FregException extends SimulatorFeil {

    FregException(int status, String feilkode, String message) {
        super(status, feilkode, message);
    }
}
