package no.kommune.esb.platform.embedded;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free ports for the embedded servers, each handed out once per JVM. The servers start side by side and most learn
 * their port before they bind it (Artemis, Kafka, PostgreSQL and SMTP cannot be asked which port the system gave
 * them), so two of them asking the system for "any free port" a moment apart could be told the same one: a run once
 * had Artemis and the SFTP server on one port, and every JMS connection reached the SFTP server. Handing every
 * embedded server its port from here, never a port given before, closes that race among them.
 * <p>
 * The ports are taken <em>below</em> the system's ephemeral range (Linux: {@code /proc/sys/net/ipv4/ip_local_port_range},
 * 32768–60999 by default; macOS and Windows start theirs at 49152), never from it: a port there is also what the system
 * gives the next outgoing connection of any process, and the web server binds its port tens of seconds after it is
 * chosen on a loaded machine. Until session 35 the ports were the system's "any free port", from that range, and a test
 * run beside other builds failed to start with "Port … is already in use" (another JVM's connection had it by then).
 */
final class Ledigport {

    /** The lowest port handed out: above the registered services most machines run. */
    static final int FRA = 15000;
    /** Where the ephemeral range starts when the system does not say (the lowest of Linux's default, macOS' and Windows'). */
    private static final int KORTLEVDE_STANDARD = 32768;
    private static final Path KORTLEVDE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    /** Ports handed out in this JVM: a test JVM builds several contexts, each with its own servers. */
    private static final Set<Integer> UTDELT = new HashSet<>();

    private Ledigport() {
    }

    /** A port free now, below the ephemeral range, never handed out before in this JVM. */
    static synchronized int ny() throws IOException {
        int til = kortlevdeFra() - 1;
        if (til - FRA >= 1000) {
            for (int forsoek = 0; forsoek < 500; forsoek++) {
                int port = ThreadLocalRandom.current().nextInt(FRA, til + 1);
                if (!UTDELT.contains(port) && ledig(port)) {
                    UTDELT.add(port);
                    return port;
                }
            }
        }
        // a system whose ephemeral range leaves no room below it, or nothing free there: any free port
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

    /** Where the system's ephemeral range starts: Linux says; elsewhere (or unreadable) {@value #KORTLEVDE_STANDARD}. */
    static int kortlevdeFra() {
        // read as a stream of lines: procfs reports a size of 0, and Files.readString reads one character of it
        try (java.io.BufferedReader inn = Files.newBufferedReader(KORTLEVDE)) {
            String[] deler = inn.readLine().trim().split("\\s+");
            return Math.min(Integer.parseInt(deler[0]), KORTLEVDE_STANDARD);
        } catch (IOException | RuntimeException e) {
            return KORTLEVDE_STANDARD;
        }
    }

    private static boolean ledig(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
