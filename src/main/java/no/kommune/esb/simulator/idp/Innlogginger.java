package no.kommune.esb.simulator.idp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated identity provider's browser logins: a one-time authorization code per successful login (60 s, bound to
 * client, redirect URI and PKCE challenge), and which user each access token from a code was issued to (for the
 * user-info endpoint). In memory: the simulator forgets logins at restart, as a real IdP's session would expire.
 */
final class Innlogginger {

    /** A login waiting for its code to be exchanged. */
    record Kode(SimulatedIdp.Bruker bruker, String clientId, String redirectUri, String kodeUtfordring, Instant utloeper) {
    }

    private static final SecureRandom TILFELDIG = new SecureRandom();

    private final Map<String, Kode> koder = new ConcurrentHashMap<>();
    private final Map<String, Map.Entry<SimulatedIdp.Bruker, Instant>> tokens = new ConcurrentHashMap<>();
    private final Clock klokke;

    Innlogginger(Clock klokke) {
        this.klokke = klokke;
    }

    String nyKode(SimulatedIdp.Bruker bruker, String clientId, String redirectUri, String kodeUtfordring) {
        koder.values().removeIf(k -> k.utloeper().isBefore(klokke.instant()));
        byte[] tilfeldig = new byte[32];
        TILFELDIG.nextBytes(tilfeldig);
        String kode = Base64.getUrlEncoder().withoutPadding().encodeToString(tilfeldig);
        koder.put(kode, new Kode(bruker, clientId, redirectUri, kodeUtfordring, klokke.instant().plusSeconds(60)));
        return kode;
    }

    /**
     * The login behind {@code kode} when client, redirect URI and PKCE verifier match; the code is spent either way,
     * so a guessed or replayed code never works twice.
     */
    Optional<SimulatedIdp.Bruker> innloes(String kode, String clientId, String redirectUri, String kodeVerifikator) {
        Kode k = kode == null ? null : koder.remove(kode);
        if (k == null || k.utloeper().isBefore(klokke.instant()) || !k.clientId().equals(clientId)
                || !k.redirectUri().equals(redirectUri) || kodeVerifikator == null
                || !MessageDigest.isEqual(s256(kodeVerifikator).getBytes(StandardCharsets.US_ASCII), k.kodeUtfordring().getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        return Optional.of(k.bruker());
    }

    void husk(String token, SimulatedIdp.Bruker bruker, long sekunder) {
        tokens.values().removeIf(t -> t.getValue().isBefore(klokke.instant()));
        tokens.put(token, Map.entry(bruker, klokke.instant().plusSeconds(sekunder)));
    }

    Optional<SimulatedIdp.Bruker> bruker(String token) {
        return Optional.ofNullable(tokens.get(token)).filter(t -> t.getValue().isAfter(klokke.instant())).map(Map.Entry::getKey);
    }

    static String s256(String verifikator) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifikator.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
