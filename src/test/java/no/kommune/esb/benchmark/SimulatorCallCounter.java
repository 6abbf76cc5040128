package no.kommune.esb.benchmark;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the calls the register simulators receive, by kind, as a servlet filter in front of {@code /sim/**}:
 * what the platform really sent over HTTP, without touching the clients. Registered by {@link LetterBenchmark}
 * only (a Filter bean is mapped by Spring Boot to every request; other paths pass uncounted).
 */
final class SimulatorCallCounter implements Filter {

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
        if (request instanceof HttpServletRequest http) {
            String kind = kind(http.getMethod(), http.getRequestURI());
            if (kind != null) {
                calls.computeIfAbsent(kind, k -> new LongAdder()).increment();
            }
        }
        chain.doFilter(request, response);
    }

    /** The kind of call, or null for a path outside the simulators' service endpoints. */
    static String kind(String method, String path) {
        if (path.startsWith("/sim/admin/")) {
            return null;
        }
        if (path.startsWith("/sim/folkeregisteret/")) {
            if (path.endsWith("/personer/bulkoppslag")) {
                return "folkeregisteret.bulkoppslag";
            }
            // extract jobs (order, batch reads, the 404s while not ready) and the event feed, counted apart from the rest
            return path.contains("/uttrekk/") ? "folkeregisteret.uttrekk"
                    : path.contains("/hendelser/") ? "folkeregisteret.hendelser" : "folkeregisteret.other";
        }
        if (path.startsWith("/sim/krr/")) {
            return path.equals("/sim/krr/rest/v1/personer") ? "krr.personer" : "krr.other";
        }
        if (path.startsWith("/sim/maskinporten/")) {
            return path.equals("/sim/maskinporten/token") ? "maskinporten.token" : "maskinporten.other";
        }
        if (path.startsWith("/sim/svarut/")) {
            if (path.matches("/sim/svarut/api/v2/kontoer/[^/]+/forsendelser")) {
                return "POST".equals(method) ? "svarut.send" : "svarut.finnEksternReferanse";
            }
            return path.endsWith("/status-sok") ? "svarut.statusSok" : "svarut.other";
        }
        return path.startsWith("/sim/") ? "other" : null;
    }

    /** A copy of the counts so far, by kind. */
    Map<String, Long> snapshot() {
        Map<String, Long> copy = new TreeMap<>();
        calls.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    /** Counts in {@code after} minus those in {@code before}, leaving out kinds that did not change. */
    static Map<String, Long> difference(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> d = new TreeMap<>();
        after.forEach((k, v) -> {
            long diff = v - before.getOrDefault(k, 0L);
            if (diff != 0) {
                d.put(k, diff);
            }
        });
        return d;
    }
}
