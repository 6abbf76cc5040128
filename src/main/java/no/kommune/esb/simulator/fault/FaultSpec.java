package no.kommune.esb.simulator.fault;

import java.time.Instant;

/**
 * What a simulator endpoint should do wrong. All fields optional (0 / null = off).
 *
 * @param latencyMs          added delay before answering
 * @param errorRate          share of calls (0..1) answered with {@code errorStatus}
 * @param errorStatus        status for injected errors (default 500)
 * @param throttleRate       share of calls (0..1) answered 429 with Retry-After
 * @param retryAfterMs       Retry-After for throttled answers, in milliseconds (sent in the service's own unit)
 * @param outageFrom         start of an outage window (503 for every call inside it)
 * @param outageUntil        end of the outage window
 * @param lostAnswerCount    number of coming calls whose work is committed but whose answer is lost
 * @param passCount          number of coming calls let through unharmed before the rest of the spec applies, so a
 *                           test can hit the N-th call of a flow only (e.g. the second bulk call of a batch)
 * @param failCount          after the {@code passCount} calls, number of calls answered with {@code errorStatus};
 *                           then the rest of the spec applies ({@code passCount 1, failCount 1}: only the second call fails)
 * @param lostAnswerRate     share of calls (0..1) whose work is committed but whose answer is lost, for as long as the
 *                           spec is set (a storm, where {@code lostAnswerCount} hits the next calls only)
 * @param visibleAfterMs     delayed visibility, for a search endpoint: what was stored less than this long ago is not
 *                           found yet (a search index that lags behind the store; SvarUt's {@code eksternref})
 * @param unreadableAnswerCount number of coming calls whose work is committed and answered 2xx, but with a body the
 *                           client cannot read (the JSON cut short, whole as HTTP: a proxy's or a server's fault), unlike a
 *                           lost answer, whose connection drops
 * @param errorAfterCommitCount number of coming calls whose work is committed and then answered with {@code errorStatus}
 *                           (default 500) and the service's error body: a server that failed after storing, or a gateway's
 *                           502/504 in front of a service that stored the request
 */
public record FaultSpec(long latencyMs, double errorRate, int errorStatus, double throttleRate, long retryAfterMs,
                        Instant outageFrom, Instant outageUntil, int lostAnswerCount, int passCount, int failCount,
                        double lostAnswerRate, long visibleAfterMs, int unreadableAnswerCount, int errorAfterCommitCount) {

    public static final FaultSpec NONE = new FaultSpec(0, 0, 0, 0, 0, null, null, 0, 0, 0, 0, 0, 0, 0);

    /** A spec without errors after commit. */
    public FaultSpec(long latencyMs, double errorRate, int errorStatus, double throttleRate, long retryAfterMs,
                     Instant outageFrom, Instant outageUntil, int lostAnswerCount, int passCount, int failCount,
                     double lostAnswerRate, long visibleAfterMs, int unreadableAnswerCount) {
        this(latencyMs, errorRate, errorStatus, throttleRate, retryAfterMs, outageFrom, outageUntil, lostAnswerCount, passCount, failCount,
                lostAnswerRate, visibleAfterMs, unreadableAnswerCount, 0);
    }

    /** A spec without unreadable answers. */
    public FaultSpec(long latencyMs, double errorRate, int errorStatus, double throttleRate, long retryAfterMs,
                     Instant outageFrom, Instant outageUntil, int lostAnswerCount, int passCount, int failCount,
                     double lostAnswerRate, long visibleAfterMs) {
        this(latencyMs, errorRate, errorStatus, throttleRate, retryAfterMs, outageFrom, outageUntil, lostAnswerCount, passCount, failCount,
                lostAnswerRate, visibleAfterMs, 0);
    }

    /** A spec without delayed visibility. */
    public FaultSpec(long latencyMs, double errorRate, int errorStatus, double throttleRate, long retryAfterMs,
                     Instant outageFrom, Instant outageUntil, int lostAnswerCount, int passCount, int failCount,
                     double lostAnswerRate) {
        this(latencyMs, errorRate, errorStatus, throttleRate, retryAfterMs, outageFrom, outageUntil, lostAnswerCount, passCount, failCount,
                lostAnswerRate, 0);
    }

    /** Only delayed visibility: a stored item is found by searches {@code visibleAfterMs} after it was stored. */
    public static FaultSpec synligEtter(long visibleAfterMs) {
        return new FaultSpec(0, 0, 0, 0, 0, null, null, 0, 0, 0, 0, visibleAfterMs);
    }

    /** Only errors after commit: the next {@code count} calls do their work and answer {@code status} (a 5xx). */
    public static FaultSpec feilEtterLagring(int count, int status) {
        return new FaultSpec(0, 0, status, 0, 0, null, null, 0, 0, 0, 0, 0, 0, count);
    }

    /** Only unreadable answers: the next {@code count} calls do their work and answer 2xx with a body cut short. */
    public static FaultSpec ulesbartSvar(int count) {
        return new FaultSpec(0, 0, 0, 0, 0, null, null, 0, 0, 0, 0, 0, count);
    }

    /** A spec without a lost-answer rate. */
    public FaultSpec(long latencyMs, double errorRate, int errorStatus, double throttleRate, long retryAfterMs,
                     Instant outageFrom, Instant outageUntil, int lostAnswerCount, int passCount, int failCount) {
        this(latencyMs, errorRate, errorStatus, throttleRate, retryAfterMs, outageFrom, outageUntil, lostAnswerCount, passCount, failCount, 0);
    }

    /** A spec without call counts. */
    public FaultSpec(long latencyMs, double errorRate, int errorStatus, double throttleRate, long retryAfterMs,
                     Instant outageFrom, Instant outageUntil, int lostAnswerCount) {
        this(latencyMs, errorRate, errorStatus, throttleRate, retryAfterMs, outageFrom, outageUntil, lostAnswerCount, 0, 0);
    }

    public int errorStatusOrDefault() {
        return errorStatus == 0 ? 500 : errorStatus;
    }

    public boolean inOutage(Instant now) {
        return outageUntil != null && now.isBefore(outageUntil) && (outageFrom == null || !now.isBefore(outageFrom));
    }
}
