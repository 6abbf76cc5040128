package no.kommune.esb.maskinporten;

import java.nio.file.Path;
import java.time.Clock;

/** Keystores for tests under target/maskinporten-test, created once (the simulator tests register their .crt). */
public final class TestKeys {

    public static final char[] PASSWORD = "test-only".toCharArray();
    public static final Path CLIENT = Path.of("target/maskinporten-test/esb-test.p12");
    public static final Path FORGER = Path.of("target/maskinporten-test/forger.p12");

    private TestKeys() {
    }

    /** The registered test client's credentials, sending x5c, or kid when {@code keyId} is given. */
    public static SigningCredentials client(String keyId) {
        LocalKeystore.ensure(CLIENT, PASSWORD, "esb-test", Clock.systemUTC());
        return SigningCredentials.fromPkcs12(CLIENT, PASSWORD, "esb-test", keyId);
    }

    /** A different key nobody registered. */
    public static SigningCredentials forger(String keyId) {
        LocalKeystore.ensure(FORGER, PASSWORD, "forger", Clock.systemUTC());
        return SigningCredentials.fromPkcs12(FORGER, PASSWORD, "forger", keyId);
    }
}
