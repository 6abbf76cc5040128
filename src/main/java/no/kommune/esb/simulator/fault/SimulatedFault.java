package no.kommune.esb.simulator.fault;

/** Thrown by {@link FaultInjector#before} to answer a call with an injected error status. */
public class SimulatedFault extends RuntimeException {

    private final int status;
    private final long retryAfterMs;

    public SimulatedFault(int status, long retryAfterMs, String message) {
        super(message);
        this.status = status;
        this.retryAfterMs = retryAfterMs;
    }

    public int status() {
        return status;
    }

    /** Retry-After in milliseconds for a 429, else 0; the simulator converts to its service's unit. */
    public long retryAfterMs() {
        return retryAfterMs;
    }
}
