package no.kommune.esb.simulator.folkeregisteret;

/** A Folkeregisteret error answer: HTTP status, feilkode and a message that never holds an identity number. */
class FregException extends RuntimeException {

    private final int status;
    private final String feilkode;

    FregException(int status, String feilkode, String message) {
        super(message);
        this.status = status;
        this.feilkode = feilkode;
    }

    int status() {
        return status;
    }

    String feilkode() {
        return feilkode;
    }
}
