package no.kommune.esb.register;

/**
 * The calling thread was interrupted during the call (a shutdown: an executor's {@code shutdownNow}) after it had begun:
 * the request may have gone out, in part or whole, and the answer was not waited for. AMBIGUOUS for a request that is
 * not safe to repeat (the service may have acted on it, as after a lost answer), UNAVAILABLE for one that is; no HTTP
 * status. An interrupt before the call began sends nothing and is {@link IngenForbindelse}. The interrupt flag stays set.
 */
public final class Avbrutt extends RegisterException {

    public Avbrutt(String service, boolean idempotent, Throwable cause) {
        super(service, idempotent ? Kind.UNAVAILABLE : Kind.AMBIGUOUS, 0, "interrupted", null, cause);
    }
}
