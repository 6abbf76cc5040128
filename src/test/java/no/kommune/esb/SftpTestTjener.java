package no.kommune.esb;

import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.helpers.AbstractConnectionServiceRequestHandler;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpEventListener;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-process SFTP server (Apache MINA SSHD) for the tests of the platform's own SFTP code, beside the platform's
 * embedded one: on 127.0.0.1 and a free port, user {@link #BRUKER} with password {@link #PASSORD}, its host key in the
 * test's folder, its root a folder of the test's, and the test's {@link SftpEventListener} on the SFTP subsystem (where
 * a test makes the server hang, fail, refuse or count). Stop it with {@code stop(true)} after the class.
 */
public final class SftpTestTjener {

    public static final String BRUKER = "platform";
    public static final String PASSORD = "hemmelig";

    private SftpTestTjener() {
    }

    /** A server set up and not yet started (for a test that adds to it before {@link SshServer#start()}). */
    public static SshServer sattOpp(Path mappe, Path rot, SftpEventListener lytter) {
        SshServer server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        // as the embedded server (EmbeddedSftpServer): no Nagle on the accepted sockets
        CoreModuleProperties.TCP_NODELAY.set(server, true);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(mappe.resolve("sftp-hostkey.ser")));
        server.setFileSystemFactory(new VirtualFileSystemFactory(rot));
        server.setPasswordAuthenticator((bruker, passord, okt) -> BRUKER.equals(bruker) && PASSORD.equals(passord));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory();
        sftp.addSftpEventListener(lytter);
        server.setSubsystemFactories(List.of(sftp));
        return server;
    }

    /** {@link #sattOpp} and started. */
    public static SshServer start(Path mappe, Path rot, SftpEventListener lytter) throws IOException {
        SshServer server = sattOpp(mappe, rot, lytter);
        server.start();
        return server;
    }

    /**
     * {@link #sattOpp}, counting the client's keep-alives ({@code keepalive@…} global requests, answered "failure" as
     * OpenSSH does to a request it does not know) in {@code keepAlives}, and started.
     */
    public static SshServer startMedKeepAlives(Path mappe, Path rot, SftpEventListener lytter, AtomicInteger keepAlives) throws IOException {
        SshServer server = sattOpp(mappe, rot, lytter);
        List<RequestHandler<ConnectionService>> globale = new ArrayList<>();
        globale.add(new AbstractConnectionServiceRequestHandler() {
            @Override
            public Result process(ConnectionService service, String request, boolean wantReply, Buffer buffer) {
                if (request.startsWith("keepalive@")) {
                    keepAlives.incrementAndGet();
                    return Result.ReplyFailure;
                }
                return Result.Unsupported;
            }
        });
        globale.addAll(server.getGlobalRequestHandlers());
        server.setGlobalRequestHandlers(globale);
        server.start();
        return server;
    }
}
