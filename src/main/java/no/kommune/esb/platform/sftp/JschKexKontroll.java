package no.kommune.esb.platform.sftp;

import com.jcraft.jsch.JSch;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * JSch (the SSH library of Camel's SFTP component and of the letter intake's own SFTP access) checks before every
 * connection that each key exchange named in its {@code CheckKexes} setting works, by running it. Its default list
 * names eight, among them {@code sntrup761x25519-sha512}, whose key pair alone took ~0.3–0.6 CPU-s per connection
 * under the quick start's C1 JIT (docs/benchmarks.md, "Session 15") — though JSch does not propose it. A check only
 * matters for a key exchange JSch proposes (its {@code kex} setting): an unavailable one is taken out of the proposal.
 * So this keeps in {@code CheckKexes} only the proposed ones; what is proposed, negotiated and checked of it is
 * unchanged. Done once, when the context is made, before any route connects.
 */
@Component
public class JschKexKontroll {

    JschKexKontroll() {
        begrens();
    }

    /** Leaves in JSch's global {@code CheckKexes} only the key exchanges its {@code kex} setting proposes. */
    public static synchronized void begrens() {
        Set<String> foreslaatt = deler(JSch.getConfig("kex")).collect(Collectors.toSet());
        String kontrolleres = deler(JSch.getConfig("CheckKexes")).filter(foreslaatt::contains).collect(Collectors.joining(","));
        JSch.setConfig("CheckKexes", kontrolleres);
    }

    private static Stream<String> deler(String liste) {
        return liste == null ? Stream.empty() : Arrays.stream(liste.split(",")).map(String::trim).filter(s -> !s.isEmpty());
    }
}
