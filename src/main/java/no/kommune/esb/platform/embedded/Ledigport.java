package no.kommune.esb.platform.embedded;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free ports for the embedded servers, each handed out once per JVM. The servers start side by side and most learn
 * their port before they bind it (Artemis, Kafka, PostgreSQL and SMTP cannot be asked which port the system gave
 * them), so two of them asking the system for "any free port" a moment apart could be told the same one: a run once
 * had Artemis and the SFTP server on one port, and every JMS connection reached the SFTP server. Handing every
 * embedded server its port from here, never a port given before, closes that race among them.
 */
final class Ledigport {

    /** Ports handed out in this JVM: a test JVM builds several contexts, each with its own servers. */
    private static final Set<Integer> UTDELT = new HashSet<>();

    private Ledigport() {
    }

    /** A port free now and never handed out before in this JVM. */
    static synchronized int ny() throws IOException {
        while (true) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                socket.setReuseAddress(true);
                port = socket.getLocalPort();
            }
            if (UTDELT.add(port)) {
                return port;
            }
        }
    }

    /** {@code port} when one is configured, else a new free port. */
    static int ellerNy(int port) throws IOException {
        return port > 0 ? port : ny();
    }
}
