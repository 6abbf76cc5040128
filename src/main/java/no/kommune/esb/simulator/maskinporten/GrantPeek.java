package no.kommune.esb.simulator.maskinporten;

import com.nimbusds.jwt.SignedJWT;

import java.text.ParseException;

/** Reads a grant's unverified {@code iss} for counting requests per client; "unknown" when unreadable. */
final class GrantPeek {

    private GrantPeek() {
    }

    static String issuer(String assertion) {
        try {
            String iss = assertion == null ? null : SignedJWT.parse(assertion.trim()).getJWTClaimsSet().getIssuer();
            return iss == null ? "unknown" : iss;
        } catch (ParseException e) {
            return "unknown";
        }
    }
}
