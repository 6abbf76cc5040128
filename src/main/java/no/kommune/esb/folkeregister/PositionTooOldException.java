package no.kommune.esb.folkeregister;

import no.kommune.esb.register.RegisterException;

/**
 * The feed answered 406: the asked sequence number is older than the register keeps (36 months). Not
 * retryable; the reader must restart from a full extract or from {@code hendelser/siste/sekvensnummer}.
 */
public class PositionTooOldException extends RegisterException {

    private final long seq;

    public PositionTooOldException(String service, long seq) {
        super(service, Kind.REJECTED, 406, "feed position " + seq + " is too old (kept 36 months)", null, null);
        this.seq = seq;
    }

    public long seq() {
        return seq;
    }
}
