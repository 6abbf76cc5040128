package no.kommune.esb.folkeregister;

import no.kommune.esb.register.RegisterException;

/** An extract batch answered 404: the job has not produced this batch yet. Retry after a delay. */
public class ExtractNotReadyException extends RegisterException {

    private final int batch;

    public ExtractNotReadyException(String service, int batch) {
        super(service, Kind.UNAVAILABLE, 404, "extract batch " + batch + " is not ready yet", null, null);
        this.batch = batch;
    }

    public int batch() {
        return batch;
    }
}
