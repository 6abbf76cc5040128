package no.kommune.esb.simulator.fault;

import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;

/**
 * Holds the faults set per (service, endpoint) and applies them. Simulators call {@link #before} at the
 * start of each handler, and {@link #writeCommittedAnswer} (or {@link #loseAnswerAfterCommit}) after they have
 * stored what the call created.
 * Endpoint {@code *} applies to every endpoint of the service. Since every simulated call passes {@link #before},
 * it also counts the calls per (service, endpoint) ({@link #kall}), so a test can prove how many register calls a
 * flow made.
 */
public class FaultInjector {

    private final Map<String, FaultSpec> faults = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> kall = new ConcurrentHashMap<>();
    private final Clock clock;

    public FaultInjector(Clock clock) {
        this.clock = clock;
    }

    public void set(String service, String endpoint, FaultSpec spec) {
        faults.put(key(service, endpoint), spec);
    }

    public void clear(String service, String endpoint) {
        faults.remove(key(service, endpoint));
    }

    public void clearAll() {
        faults.clear();
    }

    public Map<String, FaultSpec> all() {
        return Map.copyOf(faults);
    }

    /** Calls that reached {@link #before} so far (failed ones included), keyed {@code service/endpoint}: a copy. */
    public Map<String, Long> kall() {
        Map<String, Long> kopi = new TreeMap<>();
        kall.forEach((k, v) -> kopi.put(k, v.sum()));
        return kopi;
    }

    public FaultSpec spec(String service, String endpoint) {
        FaultSpec spec = faults.get(key(service, endpoint));
        return spec != null ? spec : faults.getOrDefault(key(service, "*"), FaultSpec.NONE);
    }

    /**
     * Lets the spec's {@code passCount} calls through, fails its {@code failCount} calls after them, then sleeps for
     * the latency and throws {@link SimulatedFault} for an outage, a throttle or an error.
     */
    public void before(String service, String endpoint) {
        kall.computeIfAbsent(key(service, endpoint), k -> new LongAdder()).increment();
        FaultSpec spec = spec(service, endpoint);
        if (spec == FaultSpec.NONE) {
            return;
        }
        if (spec.passCount() > 0 || spec.failCount() > 0) {
            switch (countDown(faults.containsKey(key(service, endpoint)) ? key(service, endpoint) : key(service, "*"))) {
                case PASS:
                    return;
                case FAIL:
                    throw new SimulatedFault(spec.errorStatusOrDefault(), 0, "simulated error (counted call)");
                default:
                    break;
            }
        }
        if (spec.latencyMs() > 0) {
            try {
                Thread.sleep(spec.latencyMs());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (spec.inOutage(clock.instant())) {
            throw new SimulatedFault(503, 0, "simulated outage");
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (spec.throttleRate() > 0 && random.nextDouble() < spec.throttleRate()) {
            throw new SimulatedFault(429, spec.retryAfterMs(), "simulated throttling");
        }
        if (spec.errorRate() > 0 && random.nextDouble() < spec.errorRate()) {
            throw new SimulatedFault(spec.errorStatusOrDefault(), 0, "simulated error");
        }
    }

    private enum Talt { PASS, FAIL, REST }

    /** Counts this call off the spec's passes, then its failures; {@code REST} once both are spent (the rest applies). */
    private Talt countDown(String key) {
        Talt[] talt = {Talt.REST};
        faults.computeIfPresent(key, (k, spec) -> {
            if (spec.passCount() > 0) {
                talt[0] = Talt.PASS;
                return medTall(spec, spec.passCount() - 1, spec.failCount());
            }
            if (spec.failCount() > 0) {
                talt[0] = Talt.FAIL;
                return medTall(spec, 0, spec.failCount() - 1);
            }
            return spec;
        });
        return talt[0];
    }

    private static FaultSpec medTall(FaultSpec spec, int passCount, int failCount) {
        return new FaultSpec(spec.latencyMs(), spec.errorRate(), spec.errorStatus(), spec.throttleRate(), spec.retryAfterMs(),
                spec.outageFrom(), spec.outageUntil(), spec.lostAnswerCount(), passCount, failCount, spec.lostAnswerRate(), spec.visibleAfterMs(),
                spec.unreadableAnswerCount(), spec.errorAfterCommitCount());
    }

    /**
     * True when this call's answer should be lost after its work was committed: one of the spec's
     * {@code lostAnswerCount} coming calls (counted down), or drawn at the spec's {@code lostAnswerRate}.
     */
    public boolean loseAnswerAfterCommit(String service, String endpoint) {
        String key = key(service, endpoint);
        double rate = spec(service, endpoint).lostAnswerRate();
        if (rate > 0 && ThreadLocalRandom.current().nextDouble() < rate) {
            return true;
        }
        boolean[] lose = {false};
        faults.computeIfPresent(key, (k, spec) -> {
            if (spec.lostAnswerCount() <= 0) {
                return spec;
            }
            lose[0] = true;
            return new FaultSpec(spec.latencyMs(), spec.errorRate(), spec.errorStatus(), spec.throttleRate(),
                    spec.retryAfterMs(), spec.outageFrom(), spec.outageUntil(), spec.lostAnswerCount() - 1, spec.passCount(), spec.failCount(),
                    spec.lostAnswerRate(), spec.visibleAfterMs(), spec.unreadableAnswerCount(), spec.errorAfterCommitCount());
        });
        return lose[0];
    }

    /** True when this call's answer should be unreadable after its work was committed: one of the spec's {@code unreadableAnswerCount} coming calls (counted down). */
    public boolean unreadableAnswerAfterCommit(String service, String endpoint) {
        boolean[] ulesbart = {false};
        faults.computeIfPresent(key(service, endpoint), (k, spec) -> {
            if (spec.unreadableAnswerCount() <= 0) {
                return spec;
            }
            ulesbart[0] = true;
            return new FaultSpec(spec.latencyMs(), spec.errorRate(), spec.errorStatus(), spec.throttleRate(), spec.retryAfterMs(),
                    spec.outageFrom(), spec.outageUntil(), spec.lostAnswerCount(), spec.passCount(), spec.failCount(), spec.lostAnswerRate(),
                    spec.visibleAfterMs(), spec.unreadableAnswerCount() - 1, spec.errorAfterCommitCount());
        });
        return ulesbart[0];
    }

    /** True when this call should be answered with an error after its work was committed: one of the spec's {@code errorAfterCommitCount} coming calls (counted down). */
    public boolean errorAfterCommit(String service, String endpoint) {
        boolean[] feil = {false};
        faults.computeIfPresent(key(service, endpoint), (k, spec) -> {
            if (spec.errorAfterCommitCount() <= 0) {
                return spec;
            }
            feil[0] = true;
            return new FaultSpec(spec.latencyMs(), spec.errorRate(), spec.errorStatus(), spec.throttleRate(), spec.retryAfterMs(),
                    spec.outageFrom(), spec.outageUntil(), spec.lostAnswerCount(), spec.passCount(), spec.failCount(), spec.lostAnswerRate(),
                    spec.visibleAfterMs(), spec.unreadableAnswerCount(), spec.errorAfterCommitCount() - 1);
        });
        return feil[0];
    }

    /**
     * Writes a JSON answer for work that has been committed, unless this call's answer is to be lost
     * ({@link #loseAnswerAfterCommit}): then the client gets a cut answer — more bytes promised than sent, and the
     * connection closes — exactly as when a connection drops after the server did the work; or unless it is to be
     * unreadable ({@link #unreadableAnswerAfterCommit}): then the client gets the status with the JSON cut in half, whole
     * as HTTP (its Content-Length matches), so the call succeeded and only its body cannot be read; or unless it is to be
     * an error ({@link #errorAfterCommit}): then a {@link SimulatedFault} with the spec's {@code errorStatus}, answered
     * by the service's own error handler, so the client sees a plain 5xx for work that was done.
     */
    public void writeCommittedAnswer(String service, String endpoint, jakarta.servlet.http.HttpServletResponse response,
                                     int status, byte[] json) throws java.io.IOException {
        if (errorAfterCommit(service, endpoint)) {
            throw new SimulatedFault(spec(service, endpoint).errorStatusOrDefault(), 0, "simulated error after commit");
        }
        response.setStatus(status);
        response.setContentType("application/json");
        if (loseAnswerAfterCommit(service, endpoint)) {
            response.setHeader("Connection", "close");
            response.setContentLength(json.length + 64);
            jakarta.servlet.ServletOutputStream out = response.getOutputStream();
            out.write(json, 0, Math.min(6, json.length));
            out.flush();
            return;
        }
        if (unreadableAnswerAfterCommit(service, endpoint)) {
            int halv = json.length / 2;
            response.setContentLength(halv);
            response.getOutputStream().write(json, 0, halv);
            return;
        }
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }

    private static String key(String service, String endpoint) {
        return service + "/" + endpoint;
    }
}
