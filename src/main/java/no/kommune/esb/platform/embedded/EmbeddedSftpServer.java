package no.kommune.esb.platform.embedded;

import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * An SFTP server (Apache MINA SSHD) with a home folder per user under {@code root}; each user is confined to
 * its own folder and logs in with a password, an authorized public key, or both. The host key is generated
 * once and kept under the root, so clients' known_hosts stay valid across restarts. A session that ends without a
 * successful login is logged as a warning naming the user (never the password).
 */
final class EmbeddedSftpServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedSftpServer.class);
    /** The user name a session last tried and failed to log in as. */
    private static final AttributeRepository.AttributeKey<String> AVVIST_BRUKER = new AttributeRepository.AttributeKey<>();

    /**
     * A local SFTP account; {@code authorizedKey} is one OpenSSH public key line; {@code home} is the folder
     * under the root the user is confined to (default: its own name; "/" = the whole root, for the platform;
     * "/skole" and "skole" both mean the folder skole under the root).
     */
    record User(String username, String password, String authorizedKey, String home) {
        Path homeIn(Path root) {
            String relative = home == null || home.isBlank() ? username : home.replaceFirst("^/+", "");
            Path path = root.resolve(relative).normalize();
            if (!path.startsWith(root.normalize())) {
                throw new IllegalArgumentException("SFTP user " + username + ": home " + home + " is outside the SFTP root");
            }
            return path;
        }

        @Override
        public String toString() {
            return "User[username=" + username + ", home=" + home + "]";
        }
    }

    private final SshServer server;
    private final Path root;

    private EmbeddedSftpServer(SshServer server, Path root) {
        this.server = server;
        this.root = root;
    }

    static EmbeddedSftpServer start(Path root, int port, List<User> users) throws IOException {
        Files.createDirectories(root);
        Map<String, User> byName = users.stream().collect(Collectors.toMap(User::username, Function.identity()));
        VirtualFileSystemFactory fileSystems = new VirtualFileSystemFactory(root.resolve("_nobody"));
        for (User user : users) {
            Path home = user.homeIn(root);
            Files.createDirectories(home);
            fileSystems.setUserHomeDir(user.username(), home);
        }
        // the JDK's providers do everything this server offers; registering BouncyCastle (on the classpath for the local CA)
        // loaded and verified its whole signed jar at every start, ~6 % of start-up's CPU (docs/benchmarks.md)
        SecurityUtils.setAPrioriDisabledProvider(SecurityUtils.BOUNCY_CASTLE, true);
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(Ledigport.ellerNy(port));
        // MINA's default keeps Nagle on the accepted sockets: an SFTP exchange's small packets then wait for the client's
        // delayed ACK. Off, a session (log-in, upload, rename, list, download, remove) took ~110 ms instead of ~155 ms
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(root.resolve(".hostkey.ser")));
        server.setFileSystemFactory(fileSystems);
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setPasswordAuthenticator((username, password, session) -> {
            User user = byName.get(username);
            boolean ok = user != null && user.password() != null && !user.password().isEmpty() && password != null
                    && MessageDigest.isEqual(user.password().getBytes(StandardCharsets.UTF_8), password.getBytes(StandardCharsets.UTF_8));
            return husk(session, username, ok);
        });
        server.setPublickeyAuthenticator((username, key, session) -> {
            User user = byName.get(username);
            boolean ok = user != null && user.authorizedKey() != null && !user.authorizedKey().isBlank() && matches(user.authorizedKey(), key);
            return husk(session, username, ok);
        });
        // logged when the session ends, once: a client may offer a key that fails and then log in with a password
        server.addSessionListener(new SessionListener() {
            @Override
            public void sessionClosed(Session session) {
                String bruker = session.getAttribute(AVVIST_BRUKER);
                if (bruker != null && !session.isAuthenticated()) {
                    log.warn("SFTP login refused for user '{}'", bruker);
                }
            }
        });
        server.start();
        return new EmbeddedSftpServer(server, root);
    }

    private static boolean husk(ServerSession session, String username, boolean ok) {
        if (!ok) {
            session.setAttribute(AVVIST_BRUKER, printable(username));
        }
        return ok;
    }

    /** A user name as typed by the client, cut short and without control characters, so it cannot forge log lines. */
    static String printable(String username) {
        if (username == null) {
            return "";
        }
        String clean = username.replaceAll("\\p{Cntrl}", "?");
        return clean.length() <= 40 ? clean : clean.substring(0, 40) + "…";
    }

    private static boolean matches(String authorizedKeyLine, PublicKey offered) {
        try {
            PublicKey allowed = AuthorizedKeyEntry.parseAuthorizedKeyEntry(authorizedKeyLine)
                    .resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
            return allowed != null && allowed.equals(offered);
        } catch (Exception e) {
            return false;
        }
    }

    int port() {
        return server.getPort();
    }

    Path root() {
        return root;
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
