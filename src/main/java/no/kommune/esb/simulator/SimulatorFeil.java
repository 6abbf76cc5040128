package no.kommune.esb.simulator;

/**
 * A refusal a simulator answers with its service's own error body: an HTTP status, the service's error code and a
 * message. Each simulator has its own subclass, so its {@code @RestControllerAdvice} maps only its own refusals.
 */
public abstract class SimulatorFeil extends RuntimeException {

    private final int status;
    private final String kode;

    protected SimulatorFeil(int status, String kode, String melding) {
        super(melding);
        this.status = status;
        this.kode = kode;
    }

    public int status() {
        return status;
    }

    /** The service's error code (e.g. FREG-400, SvarUt's errorCode, the SMS gateway's code). */
    public String kode() {
        return kode;
    }
}
