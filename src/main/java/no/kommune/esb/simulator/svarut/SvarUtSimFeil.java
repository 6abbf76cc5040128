package no.kommune.esb.simulator.svarut;

/** A refusal by the simulated SvarUt, answered in SvarUt's error body with this status and errorCode. */
class SvarUtSimFeil extends RuntimeException {

    private final int status;
    private final String errorCode;

    SvarUtSimFeil(int status, String errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    int status() {
        return status;
    }

    String errorCode() {
        return errorCode;
    }
}
