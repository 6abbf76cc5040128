package no.kommune.esb.register;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed call to a register or to SvarUt. {@link #isRetryable()} tells the caller whether trying again
 * later may help (5xx, timeout, 429, connection lost); the message never contains an identity number.
 */
public class RegisterException extends RuntimeException {

    /** Why the call failed, as a caller needs to act on it. */
    public enum Kind {
        /** 5xx, timeout, connection lost: may succeed later. */
        UNAVAILABLE(true),
        /** 429: too many requests; wait {@link #retryAfter()} if given. */
        THROTTLED(true),
        /** The call may have reached the service but its answer was lost (timeout after sending). */
        AMBIGUOUS(true),
        /** 401/403: our credentials or token are refused. */
        UNAUTHORIZED(false),
        /** 404 or an unknown person/object. */
        NOT_FOUND(false),
        /** 400/406/410/other 4xx: the request itself is wrong or no longer valid. */
        REJECTED(false),
        /** The answer could not be understood (wrong content type, broken document). */
        BAD_RESPONSE(false);

        private final boolean retryable;

        Kind(boolean retryable) {
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }

    private final String service;
    private final Kind kind;
    private final int httpStatus;
    private final Duration retryAfter;

    public RegisterException(String service, Kind kind, int httpStatus, String message, Duration retryAfter, Throwable cause) {
        super(service + ": " + message, cause);
        this.service = service;
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.retryAfter = retryAfter;
    }

    public RegisterException(String service, Kind kind, int httpStatus, String message) {
        this(service, kind, httpStatus, message, null, null);
    }

    /** {@code e} as a subclass that tells more about the failure: the same message, kind, status, Retry-After and cause. */
    protected RegisterException(RegisterException e) {
        super(e.getMessage(), e.getCause());
        this.service = e.service;
        this.kind = e.kind;
        this.httpStatus = e.httpStatus;
        this.retryAfter = e.retryAfter;
    }

    /**
     * The service's own error code (a fixed word such as INVALID_NUMBER or INTERN_FEIL) when its client kept one in the
     * shape its contract gives it; never the service's free text. Empty here; clients that keep one override it.
     */
    public Optional<String> feilkode() {
        return Optional.empty();
    }

    public String service() {
        return service;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isRetryable() {
        return kind.retryable();
    }

    /** HTTP status of the answer, or 0 when no answer came. */
    public int httpStatus() {
        return httpStatus;
    }

    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
