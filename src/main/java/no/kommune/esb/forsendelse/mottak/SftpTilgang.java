package no.kommune.esb.forsendelse.mottak;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * File operations on the platform's SFTP server as the platform's own user, for the letter drop folders. Paths
 * are relative to that user's home (the folder holding one folder per fagsystem). One {@link Okt} per manifest, and
 * one per housekeeping round of {@code forsendelse.oppbevaring}.
 */
public interface SftpTilgang {

    /** Logs in with the {@code platform.sftp.*} settings. */
    Okt aapne() throws IOException;

    /** One logged-in session; not thread-safe. */
    interface Okt extends AutoCloseable {

        /** Size in bytes of a regular file, or null when there is none at that path (missing, a folder, a link). */
        Long stoerrelse(String sti) throws IOException;

        /** Whether anything (file or folder) exists at that path. */
        boolean finnes(String sti) throws IOException;

        byte[] les(String sti) throws IOException;

        /** The file's content as a stream, for a file too large to hold in memory; close it before the next call. */
        default java.io.InputStream lesStroem(String sti) throws IOException {
            return new java.io.ByteArrayInputStream(les(sti));
        }

        /**
         * Renames; false when {@code fra} does not exist (another instance moved it first). Where the server offers the
         * {@code posix-rename@openssh.com} extension (OpenSSH, Apache MINA) JSch renames with it, which <b>replaces</b> a
         * file at {@code til}: use it only towards a name no one else can be renaming to (a claim's own name, a folder
         * made for this hand-in), or where replacing is meant. Of two callers renaming the same {@code fra}, one wins.
         */
        boolean flytt(String fra, String til) throws IOException;

        /**
         * Renames only while nothing is at {@code til}, and never replaces what is there, also on a server whose rename
         * replaces: false when {@code fra} is gone or {@code til} exists. Where the server's rename replaces, a hard link
         * ({@code hardlink@openssh.com}, which never replaces) and the removal of {@code fra}; a crash between the two
         * leaves the file under both names, never under none.
         */
        boolean flyttUtenAaErstatte(String fra, String til) throws IOException;

        /**
         * Writes under a temporary name and renames it into place, replacing an older file of that name in one step where
         * the server can (a reader finds the old file or the new one); else the older file is deleted first.
         */
        void skriv(String sti, byte[] innhold) throws IOException;

        /** Creates the folder and its missing parents. */
        void lagMappe(String sti) throws IOException;

        /**
         * Creates the folder (and its missing parents) only when nothing is at that path yet: false when something is.
         * An SFTP mkdir never takes an existing folder, so of two callers asking for the same new folder one gets true.
         */
        boolean lagNyMappe(String sti) throws IOException;

        /** Sets the last-modified time (the claim time of a manifest in {@code .behandles/}). */
        void settEndret(String sti, Instant tid) throws IOException;

        /** The regular files and folders directly in a folder (no links, no . and ..); empty when it does not exist. */
        List<Oppfoering> liste(String mappe) throws IOException;

        /** Deletes a file, or a folder with everything in it; links inside are removed, never followed. */
        void slett(String sti) throws IOException;

        @Override
        void close();
    }

    /** One entry of a folder listing: its name (not the path), whether it is a folder, its last-modified time. */
    record Oppfoering(String navn, boolean mappe, Instant endret) {
    }
}
