package no.kommune.esb.simulator.sms;

/** An error the simulated gateway answers with: HTTP status and a fixed error code. */
class SmsSimFeil extends RuntimeException {

    private final int status;
    private final String kode;

    SmsSimFeil(int status, String kode, String melding) {
        super(melding);
        this.status = status;
        this.kode = kode;
    }

    int status() {
        return status;
    }

    String kode() {
        return kode;
    }
}
