package no.kommune.esb.forsendelse.mottak;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import no.kommune.esb.platform.Tidsvakt;
import no.kommune.esb.platform.Traader;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * {@link SftpTilgang} with JSch, the SSH library Camel's SFTP component uses, logged in with the same
 * {@code platform.sftp.*} settings as the routes (password or private key; host key checked against the known_hosts
 * file unless strict checking is off, as only the local profile allows).
 * <p>
 * <b>Time limits</b>, the same settings as {@code SftpSkriving}'s: the login and the SFTP channel within {@code
 * platform.sftp.tidsgrense.tilkobling} (10 s), and a server that sends nothing for {@code platform.sftp.tidsgrense.svar}
 * (30 s) is asked once with a keep-alive and dropped when it still sends nothing within as long again, so a call to a
 * hung server fails with an {@link IOException} instead of holding the intake poll, the housekeeping or an extract's
 * check of its folder. Before, only the connect had a limit (30 s) and the session no read timeout: a server that went
 * silent mid-call held the calling thread without end ({@code JschSftpTilgangTest}).
 * <p>
 * A server whose SSH layer still answers the keep-alives while its SFTP subsystem is stuck (a hung disk) is not silent,
 * and JSch has no limit of its own on one SFTP request: every request (and each read of a file being fetched) is ended
 * once it has made no progress for twice {@code platform.sftp.tidsgrense.svar}, as {@code SftpSkriving} ends a write
 * ({@link Tidsvakt}: the calling thread is interrupted); the call fails with an {@link IOException} and the session is
 * dropped, so no later call reads the stalled request's late answer as its own. Before, such a get, put or ls waited
 * without end ({@code JschSftpTilgangTest.should_end_a_call_the_sftp_subsystem_stalls_while_the_ssh_layer_answers_keep_alives}).
 */
@Component
class JschSftpTilgang implements SftpTilgang {

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String privateKeyFile;
    private final String knownHostsFile;
    private final String strictHostKeyChecking;
    private final int tilkoblingMs;
    private final int svarMs;
    /** How long one SFTP request may make no progress before it is ended. */
    private final Duration stans;
    private final ScheduledExecutorService vaktmester = Executors.newSingleThreadScheduledExecutor(Traader.daemon("sftp-tilgang-vakt"));

    /** The OpenSSH extension of a rename that replaces an existing file (JSch uses it for a rename when offered). */
    private static final String POSIX_RENAME = "posix-rename@openssh.com";
    /** The OpenSSH extension of a hard link, which (as link(2)) never replaces an existing name. */
    private static final String HARDLINK = "hardlink@openssh.com";
    private static final SecureRandom DELNAVN = new SecureRandom();

    JschSftpTilgang(@Value("${platform.sftp.host}") String host, @Value("${platform.sftp.port}") int port,
                    @Value("${platform.sftp.user}") String user, @Value("${platform.sftp.password:}") String password,
                    @Value("${platform.sftp.private-key-file:}") String privateKeyFile,
                    @Value("${platform.sftp.known-hosts-file:}") String knownHostsFile,
                    @Value("${platform.sftp.strict-host-key-checking:yes}") String strictHostKeyChecking,
                    @Value("${platform.sftp.tidsgrense.tilkobling:PT10S}") Duration tilkobling,
                    @Value("${platform.sftp.tidsgrense.svar:PT30S}") Duration svar) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.privateKeyFile = privateKeyFile;
        this.knownHostsFile = knownHostsFile;
        this.strictHostKeyChecking = strictHostKeyChecking;
        this.tilkoblingMs = Math.toIntExact(tilkobling.toMillis());
        this.svarMs = Math.toIntExact(svar.toMillis());
        this.stans = svar.multipliedBy(2);
    }

    @Override
    public Okt aapne() throws IOException {
        Session session = null;
        try {
            JSch jsch = new JSch();
            if (!knownHostsFile.isBlank()) {
                jsch.setKnownHosts(knownHostsFile);
            }
            if (!privateKeyFile.isBlank()) {
                jsch.addIdentity(privateKeyFile);
            }
            session = jsch.getSession(user, host, port);
            if (!password.isBlank()) {
                session.setPassword(password);
            }
            session.setConfig("StrictHostKeyChecking", strictHostKeyChecking);
            session.setConfig("PreferredAuthentications", "publickey,password");
            // the socket's read timeout: one keep-alive after that much silence (ServerAliveCountMax 1), then dropped
            session.setTimeout(svarMs);
            session.setServerAliveCountMax(1);
            session.connect(tilkoblingMs);
            ChannelSftp kanal = (ChannelSftp) session.openChannel("sftp");
            kanal.connect(tilkoblingMs);
            return new JschOkt(session, kanal, new Grense(vaktmester, stans));
        } catch (JSchException e) {
            if (session != null) {
                session.disconnect();
            }
            throw new IOException("SFTP login to " + host + ":" + port + " failed: " + e.getMessage(), e);
        }
    }

    /** One SFTP request into the channel. */
    private interface Foresporsel<T> {
        T utfoer(Tidsvakt vakt) throws SftpException, IOException;
    }

    /** One SFTP request that answers nothing. */
    private interface Handling {
        void utfoer() throws SftpException, IOException;
    }

    /** The limit on one request without progress, and the watchdog that ends it. */
    private record Grense(ScheduledExecutorService vaktmester, Duration stans) {
    }

    private record JschOkt(Session session, ChannelSftp kanal, Grense grense) implements Okt {

        /**
         * Runs one request, interrupted once it has made no progress for the limit (again until it ends); then the
         * session is dropped and the call fails: the stalled request's answer may still come, and a later request on
         * the same channel would take it for its own.
         */
        /** {@link #begrenset} of a request that answers nothing. */
        private void utfoer(String operasjon, Handling handling) throws SftpException, IOException {
            begrenset(operasjon, v -> {
                handling.utfoer();
                return null;
            });
        }

        private <T> T begrenset(String operasjon, Foresporsel<T> foresporsel) throws SftpException, IOException {
            Tidsvakt vakt = Tidsvakt.start(grense.vaktmester(), grense.stans());
            try {
                return foresporsel.utfoer(vakt);
            } catch (SftpException | IOException | RuntimeException e) {
                if (vakt.utloept()) {
                    throw avbrutt(operasjon);
                }
                throw e;
            } finally {
                vakt.close();
            }
        }

        /** Without JSch's exception as the cause, as {@link #feil}: its message may carry the path. */
        private IOException avbrutt(String operasjon) {
            close();
            return new IOException("SFTP " + operasjon + " ended: the server did not answer within "
                    + grense.stans().toMillis() + " ms (its SFTP subsystem is stuck); the session is dropped");
        }

        @Override
        public Long stoerrelse(String sti) throws IOException {
            SftpATTRS attrs = attrs(sti);
            return attrs != null && attrs.isReg() ? attrs.getSize() : null;
        }

        @Override
        public boolean finnes(String sti) throws IOException {
            return attrs(sti) != null;
        }

        @Override
        public byte[] les(String sti) throws IOException {
            try (InputStream in = lesStroem(sti)) {
                return in.readAllBytes();
            }
        }

        @Override
        public InputStream lesStroem(String sti) throws IOException {
            try {
                return new BegrensetLesing(begrenset("read", v -> kanal.get(sti)));
            } catch (SftpException e) {
                throw feil("read", e);
            }
        }

        /** A file being fetched: each read, and the close, is one request the limit ends (the caller's time between reads is not counted). */
        private final class BegrensetLesing extends FilterInputStream {
            BegrensetLesing(InputStream in) {
                super(in);
            }

            @Override
            public int read() throws IOException {
                try {
                    return begrenset("read", v -> in.read());
                } catch (SftpException e) {
                    throw feil("read", e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return begrenset("read", v -> in.read(b, off, len));
                } catch (SftpException e) {
                    throw feil("read", e);
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    utfoer("close", in::close);
                } catch (SftpException e) {
                    throw feil("close", e);
                }
            }
        }

        @Override
        public boolean flytt(String fra, String til) throws IOException {
            if (attrs(fra) == null) {
                return false;
            }
            try {
                utfoer("rename", () -> kanal.rename(fra, til));
                return true;
            } catch (SftpException e) {
                if (attrs(fra) == null) {
                    return false;
                }
                throw feil("rename", e);
            }
        }

        @Override
        public boolean flyttUtenAaErstatte(String fra, String til) throws IOException {
            if (attrs(fra) == null) {
                return false;
            }
            try {
                if (kanal.getExtension(POSIX_RENAME) == null) {
                    // JSch sends the plain SFTP rename, which never replaces
                    utfoer("rename", () -> kanal.rename(fra, til));
                    return true;
                }
                if (kanal.getExtension(HARDLINK) == null) {
                    // a server whose rename replaces and that cannot link: checked first, a short window left
                    if (attrs(til) != null) {
                        return false;
                    }
                    utfoer("rename", () -> kanal.rename(fra, til));
                    return true;
                }
                utfoer("link", () -> kanal.hardlink(fra, til));
            } catch (SftpException e) {
                if (attrs(fra) == null || attrs(til) != null) {
                    return false;
                }
                throw feil("rename", e);
            }
            try {
                utfoer("delete", () -> kanal.rm(fra));
            } catch (SftpException e) {
                // gone already (taken by a claim in between): the file is under til, as asked
                if (attrs(fra) != null) {
                    throw feil("delete", e);
                }
            }
            return true;
        }

        @Override
        public void skriv(String sti, byte[] innhold) throws IOException {
            int skille = sti.lastIndexOf('/');
            if (skille > 0) {
                lagMappe(sti.substring(0, skille));
            }
            // a name of this write alone: two instances answering two manifests of one name at once each rename their own
            String midlertidig = sti + "." + Long.toHexString(DELNAVN.nextLong()) + ".part";
            try {
                // each piece of the file taken counts as progress
                begrenset("write", v -> {
                    kanal.put(new ByteArrayInputStream(innhold) {
                        @Override
                        public synchronized int read(byte[] b, int off, int len) {
                            v.framgang();
                            return super.read(b, off, len);
                        }
                    }, midlertidig, ChannelSftp.OVERWRITE);
                    return null;
                });
                // JSch renames with posix-rename@openssh.com where the server offers it, which replaces the old file in one
                // step: a reader finds the old file or the new one, never none. A plain SFTP rename never replaces
                if (kanal.getExtension(POSIX_RENAME) == null && attrs(sti) != null) {
                    utfoer("delete", () -> kanal.rm(sti));
                }
                utfoer("rename", () -> kanal.rename(midlertidig, sti));
            } catch (SftpException e) {
                throw feil("write", e);
            }
        }

        @Override
        public void lagMappe(String sti) throws IOException {
            StringBuilder del = new StringBuilder();
            for (String ledd : sti.split("/")) {
                if (ledd.isEmpty()) {
                    continue;
                }
                del.append(del.isEmpty() ? "" : "/").append(ledd);
                SftpATTRS attrs = attrs(del.toString());
                if (attrs == null) {
                    try {
                        utfoer("mkdir", () -> kanal.mkdir(del.toString()));
                    } catch (SftpException e) {
                        // another instance may have created it in between
                        if (attrs(del.toString()) == null) {
                            throw feil("mkdir", e);
                        }
                    }
                } else if (!attrs.isDir()) {
                    throw new IOException("SFTP path exists and is not a folder");
                }
            }
        }

        @Override
        public boolean lagNyMappe(String sti) throws IOException {
            int skille = sti.lastIndexOf('/');
            if (skille > 0) {
                lagMappe(sti.substring(0, skille));
            }
            try {
                utfoer("mkdir", () -> kanal.mkdir(sti));
                return true;
            } catch (SftpException e) {
                if (attrs(sti) != null) {
                    return false;
                }
                throw feil("mkdir", e);
            }
        }

        @Override
        public void settEndret(String sti, Instant tid) throws IOException {
            try {
                utfoer("setstat", () -> kanal.setMtime(sti, (int) tid.getEpochSecond()));
            } catch (SftpException e) {
                throw feil("setstat", e);
            }
        }

        @Override
        public List<Oppfoering> liste(String mappe) throws IOException {
            List<ChannelSftp.LsEntry> innhold;
            try {
                innhold = ls(mappe);
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    return List.of();
                }
                throw feil("ls", e);
            }
            List<Oppfoering> funnet = new ArrayList<>();
            for (ChannelSftp.LsEntry e : innhold) {
                SftpATTRS a = e.getAttrs();
                if (e.getFilename().equals(".") || e.getFilename().equals("..") || !(a.isDir() || a.isReg())) {
                    continue;
                }
                // SFTP v3 sends the time as an unsigned 32-bit count of seconds
                funnet.add(new Oppfoering(e.getFilename(), a.isDir(), Instant.ofEpochSecond(a.getMTime() & 0xFFFFFFFFL)));
            }
            return funnet;
        }

        @Override
        public void slett(String sti) throws IOException {
            SftpATTRS attrs = attrs(sti);
            if (attrs == null) {
                return;
            }
            try {
                if (attrs.isDir()) {
                    for (ChannelSftp.LsEntry e : ls(sti)) {
                        if (!e.getFilename().equals(".") && !e.getFilename().equals("..")) {
                            slett(sti + "/" + e.getFilename());
                        }
                    }
                    utfoer("delete", () -> kanal.rmdir(sti));
                } else {
                    utfoer("delete", () -> kanal.rm(sti));
                }
            } catch (SftpException e) {
                throw feil("delete", e);
            }
        }

        /** A folder's entries; each batch of them the server sends counts as progress. */
        private List<ChannelSftp.LsEntry> ls(String mappe) throws SftpException, IOException {
            List<ChannelSftp.LsEntry> innhold = new ArrayList<>();
            begrenset("ls", v -> {
                kanal.ls(mappe, entry -> {
                    v.framgang();
                    innhold.add(entry);
                    return ChannelSftp.LsEntrySelector.CONTINUE;
                });
                return null;
            });
            return innhold;
        }

        private SftpATTRS attrs(String sti) throws IOException {
            try {
                return begrenset("stat", v -> kanal.lstat(sti));
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    return null;
                }
                throw feil("stat", e);
            }
        }

        /** Path names stay out of the message: they are file names a fagsystem chose and may hold a person's name. */
        private static IOException feil(String operasjon, SftpException e) {
            return new IOException("SFTP " + operasjon + " failed with status " + e.id);
        }

        @Override
        public void close() {
            kanal.disconnect();
            session.disconnect();
        }
    }
}
