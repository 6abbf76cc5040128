package no.kommune.esb.maskinporten;

import no.kommune.esb.register.RegisterException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Access tokens cached per scope set, shared by the OAuth2 token clients (Maskinporten, HelseID). Concurrent
 * callers for the same scope set wait for one token request: at most one request per scope set per validity
 * window; when that request fails, the callers that waited for it get the same failure instead of each trying
 * again. Holds tokens only; never logs them.
 */
public final class TokenCache {

    /** A token and the instant from which it must be renewed. */
    public record Token(String value, Instant renewAt) {
        boolean usableAt(Instant now) {
            return now.isBefore(renewAt);
        }

        /**
         * A token answered with {@code expiresIn}, renewed {@code renewMargin} before expiry but at most half its
         * lifetime before (so short-lived tokens are still reused). Measured from {@code requestedAt}, before the
         * request, so the token is never believed valid longer than it is.
         */
        public static Token of(String value, Instant requestedAt, Duration expiresIn, Duration renewMargin) {
            Duration margin = renewMargin.compareTo(expiresIn.dividedBy(2)) > 0 ? expiresIn.dividedBy(2) : renewMargin;
            return new Token(value, requestedAt.plus(expiresIn).minus(margin));
        }

        @Override
        public String toString() {
            return "Token[renewAt=" + renewAt + "]";
        }
    }

    private final Clock clock;
    private final ConcurrentHashMap<Set<String>, Slot> slots = new ConcurrentHashMap<>();

    public TokenCache(Clock clock) {
        this.clock = clock;
    }

    /** The cached token for {@code scopes}, or a new one from {@code fetch} (given the scopes sorted). */
    public String get(Set<String> scopes, Function<Set<String>, Token> fetch) {
        if (scopes == null || scopes.isEmpty()) {
            throw new IllegalArgumentException("at least one scope is needed");
        }
        Set<String> key = Set.copyOf(scopes);
        Slot slot = slots.computeIfAbsent(key, k -> new Slot());
        Token token = slot.token;
        if (token != null && token.usableAt(clock.instant())) {
            return token.value();
        }
        // a request that completes while we wait for the lock has answered for us too, success or failure
        long completedBefore = slot.completed;
        synchronized (slot) {
            token = slot.token;
            if (token != null && token.usableAt(clock.instant())) {
                return token.value();
            }
            if (slot.completed != completedBefore && slot.lastFailure != null) {
                throw slot.lastFailure;
            }
            try {
                slot.token = fetch.apply(new TreeSet<>(key));
                slot.lastFailure = null;
                return slot.token.value();
            } catch (RegisterException e) {
                slot.lastFailure = e;
                throw e;
            } finally {
                slot.completed++;
            }
        }
    }

    /** Drops the cached token for {@code scopes} if it is still {@code value} (a newer one is kept). */
    public void forget(Set<String> scopes, String value) {
        Slot slot = slots.get(Set.copyOf(scopes));
        if (slot == null) {
            return;
        }
        synchronized (slot) {
            Token token = slot.token;
            if (token != null && token.value().equals(value)) {
                slot.token = null;
            }
        }
    }

    private static final class Slot {
        volatile Token token;
        volatile long completed;
        RegisterException lastFailure;
    }
}
