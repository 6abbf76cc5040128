package no.kommune.esb.maskinporten;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;

/**
 * Where a client's signing key is (a PKCS12 keystore): used by the Maskinporten and the HelseID clients alike.
 * The password has no default and is never printed.
 */
public record Keystore(Path path, String password, String alias) {

    private static final Logger log = LoggerFactory.getLogger(Keystore.class);

    @Override
    public String toString() {
        return "Keystore[path=" + path + ", alias=" + alias + ", password=***]";
    }

    /**
     * The signing credentials in this keystore, for the service whose settings live under {@code prefix} (named in
     * the errors). With {@code localKeystore} a self-signed keystore is created first when missing (local profile
     * only; logged as a warning).
     */
    public static SigningCredentials signingCredentials(Keystore keystore, String prefix, String service, boolean localKeystore, String keyId) {
        if (keystore == null || keystore.path() == null || keystore.password() == null || keystore.alias() == null) {
            throw new IllegalStateException(prefix + ".keystore.path, .password and .alias must be set");
        }
        char[] password = keystore.password().toCharArray();
        if (localKeystore) {
            boolean created = LocalKeystore.ensure(keystore.path(), password, keystore.alias(), Clock.systemUTC());
            log.warn("{} signs with the SELF-SIGNED local keystore {}{}: for the local profile only, never production",
                    service, keystore.path(), created ? " (just created)" : "");
        }
        return SigningCredentials.fromPkcs12(keystore.path(), password, keystore.alias(), keyId);
    }
}
