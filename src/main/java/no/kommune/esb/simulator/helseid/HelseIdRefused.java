package no.kommune.esb.simulator.helseid;

/** A token request the simulated HelseID refuses, with its OAuth2 error code and a description. */
public class HelseIdRefused extends RuntimeException {

    private final String error;

    public HelseIdRefused(String error, String description) {
        super(description);
        this.error = error;
    }

    public String error() {
        return error;
    }
}
