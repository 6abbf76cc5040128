package no.kommune.esb;

import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.sftp.server.FileHandle;
import org.apache.sshd.sftp.server.SftpEventListener;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An SFTP server (Apache MINA) over a test's folder, user {@code platform} with password {@code hemmelig}, whose disk
 * can be made full: while it is, a write puts half of its chunk on disk and fails with "No space left on device", as a
 * server whose disk fills up while a file is written. For the writers' failure paths (a half file left behind).
 */
public final class SftpMedFullDisk implements AutoCloseable {

    public static final String BRUKER = SftpTestTjener.BRUKER;
    public static final String PASSORD = SftpTestTjener.PASSORD;

    private final SshServer server;
    private final Path rot;
    private final AtomicBoolean full = new AtomicBoolean();

    public SftpMedFullDisk(Path mappe) throws IOException {
        this.rot = Files.createDirectories(mappe.resolve("sftp"));
        server = SftpTestTjener.start(mappe, rot, new SftpEventListener() {
            @Override
            public void writing(ServerSession session, String remoteHandle, FileHandle localHandle, long offset, byte[] data,
                                int dataOffset, int dataLen) throws IOException {
                if (full.get()) {
                    Files.write(localHandle.getFile(), Arrays.copyOfRange(data, dataOffset, dataOffset + dataLen / 2));
                    throw new IOException("No space left on device");
                }
            }
        });
    }

    public int port() {
        return server.getPort();
    }

    /** The server's root folder on the local disk (the platform user's home). */
    public Path rot() {
        return rot;
    }

    public void diskenErFull(boolean erFull) {
        full.set(erFull);
    }

    /** The names directly in a folder under the root, hidden ones too, sorted; none when it does not exist. */
    public List<String> filer(String mappe) throws IOException {
        Path p = rot.resolve(mappe);
        if (!Files.isDirectory(p)) {
            return List.of();
        }
        try (var s = Files.list(p)) {
            return s.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }
}
