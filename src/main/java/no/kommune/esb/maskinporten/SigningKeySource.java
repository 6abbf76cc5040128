package no.kommune.esb.maskinporten;

import no.kommune.esb.platform.Forberedt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Where a client's signing credentials come from, as the Maskinporten and HelseID clients take them.
 * <ul>
 *     <li>{@link #ready}: a configured keystore, read at start, so a wrong path or password stops the start;</li>
 *     <li>{@link #localKeystore}: the local profile's self-signed keystore, made (first start) or read on a thread of
 *     its own once the application is ready, or on the first grant's thread if that comes first. A first local start
 *     makes an RSA 2048 key per client, ~1.5 CPU-s each under the quick start's C1-only JIT, which competed with the
 *     start for the machine's cores (docs/benchmarks.md, "Session 15").</li>
 * </ul>
 * A failed attempt is reported to its caller and tried again at the next {@link #get} ({@link Forberedt}).
 */
public final class SigningKeySource implements Supplier<SigningCredentials>, ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(SigningKeySource.class);

    private final String description;
    private final Forberedt<SigningCredentials> credentials;

    private SigningKeySource(String description, Forberedt<SigningCredentials> credentials) {
        this.description = description;
        this.credentials = credentials;
    }

    /** Credentials already read. */
    public static SigningKeySource ready(SigningCredentials credentials) {
        Objects.requireNonNull(credentials, "credentials");
        return new SigningKeySource(credentials.toString(), Forberedt.ferdig(credentials));
    }

    /**
     * The self-signed local keystore of {@code service}: created when missing or expired ({@link LocalKeystore#ensure}),
     * then read; neither happens before {@link #prepare} or {@link #get}.
     */
    public static SigningKeySource localKeystore(Keystore keystore, String service, String keyId, Clock clock) {
        char[] password = keystore.password().toCharArray();
        String description = "the local keystore " + keystore.path() + " (alias " + keystore.alias() + ")";
        return new SigningKeySource(description, new Forberedt<>("signing-key", () -> {
            try {
                boolean created = LocalKeystore.ensure(keystore.path(), password, keystore.alias(), clock);
                SigningCredentials read = SigningCredentials.fromPkcs12(keystore.path(), password, keystore.alias(), keyId);
                log.info("{} signing key ready from the local keystore {}{}", service, keystore.path(), created ? " (just created)" : "");
                return read;
            } catch (RuntimeException e) {
                log.error("Cannot make or read {}: {}", description, e.getMessage());
                throw e;
            }
        }));
    }

    /** Starts making or reading the credentials on a thread of its own, unless that has begun or is done. */
    public void prepare() {
        credentials.forbered();
    }

    /** Prepares the credentials once the application is ready, so a first start does not wait for a key. */
    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        prepare();
    }

    /** The credentials; waits for an attempt under way, or makes one on this thread. */
    @Override
    public SigningCredentials get() {
        return credentials.get();
    }

    @Override
    public String toString() {
        return description;
    }
}
