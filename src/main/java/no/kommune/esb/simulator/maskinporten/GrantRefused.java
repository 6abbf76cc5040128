package no.kommune.esb.simulator.maskinporten;

/** A token request the simulated Maskinporten refuses, with its OAuth2 error code and MP-coded description. */
public class GrantRefused extends RuntimeException {

    private final String error;

    public GrantRefused(String error, String description) {
        super(description);
        this.error = error;
    }

    public String error() {
        return error;
    }
}
