package no.kommune.esb.simulator.sms;

import no.kommune.esb.simulator.SimulatorFeil;

/** An error the simulated gateway answers with: HTTP status and a fixed error code. */
class SmsSimFeil extends SimulatorFeil {

    SmsSimFeil(int status, String kode, String melding) {
        super(status, kode, melding);
    }
}
