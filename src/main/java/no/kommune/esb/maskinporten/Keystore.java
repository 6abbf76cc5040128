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
     * Where the signing credentials of this keystore come from, for the service whose settings live under
     * {@code prefix} (named in the errors). A configured keystore is read now, so a wrong path or password stops the
     * start. With {@code localKeystore} (local profile only; logged as a warning) the self-signed keystore is made
     * when missing, or read, after start or at the first grant ({@link SigningKeySource#localKeystore}).
     */
    public static SigningKeySource signingKey(Keystore keystore, String prefix, String service, boolean localKeystore, String keyId) {
        if (keystore == null || keystore.path() == null || keystore.password() == null || keystore.alias() == null) {
            throw new IllegalStateException(prefix + ".keystore.path, .password and .alias must be set");
        }
        if (localKeystore) {
            log.warn("{} signs with the SELF-SIGNED local keystore {} (made when missing, once the application is ready): "
                    + "for the local profile only, never production", service, keystore.path());
            return SigningKeySource.localKeystore(keystore, service, keyId, Clock.systemUTC());
        }
        return SigningKeySource.ready(SigningCredentials.fromPkcs12(keystore.path(), keystore.password().toCharArray(), keystore.alias(), keyId));
    }
}
