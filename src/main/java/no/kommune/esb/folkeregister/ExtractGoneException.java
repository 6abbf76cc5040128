package no.kommune.esb.folkeregister;

import no.kommune.esb.register.RegisterException;

/** An extract batch answered 410: the job or batch no longer exists. Not retryable; order a new extract. */
public class ExtractGoneException extends RegisterException {

    private final int batch;

    public ExtractGoneException(String service, int batch) {
        super(service, Kind.REJECTED, 410, "extract job or batch " + batch + " is gone", null, null);
        this.batch = batch;
    }

    public int batch() {
        return batch;
    }
}
