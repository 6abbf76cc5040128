package no.kommune.esb.maskinporten;

import java.util.Set;

/** Gives a valid bearer access token for a set of scopes; implementations cache and renew. */
public interface AccessTokenProvider {

    /** A token valid for at least a few more seconds for exactly these scopes. */
    String accessToken(Set<String> scopes);
}
