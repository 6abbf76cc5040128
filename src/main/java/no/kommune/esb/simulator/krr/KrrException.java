package no.kommune.esb.simulator.krr;

/** A KRR error answer with its status; the message never holds an identity number. */
class KrrException extends RuntimeException {

    private final int status;

    KrrException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
