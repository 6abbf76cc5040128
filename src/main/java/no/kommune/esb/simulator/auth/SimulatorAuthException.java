package no.kommune.esb.simulator.auth;

/** A request refused by a simulator's auth check; {@link #status()} is 401 or 403. */
public class SimulatorAuthException extends RuntimeException {

    private final int status;

    public SimulatorAuthException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
