package no.kommune.esb.maskinporten;

import java.util.Set;

/** Gives a valid bearer access token for a set of scopes; implementations cache and renew. */
public interface AccessTokenProvider {

    /** A token valid for at least a few more seconds for exactly these scopes. */
    String accessToken(Set<String> scopes);

    /**
     * The service refused {@code token} (HTTP 401) although it was still valid by its expiry: a provider that caches
     * drops it, so the next {@link #accessToken} asks for a new one. A provider without a cache has nothing to drop.
     */
    default void forget(Set<String> scopes, String token) {
    }
}
