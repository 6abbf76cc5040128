package no.kommune.esb.forsendelse.mottak;

import java.io.IOException;

/**
 * File operations on the platform's SFTP server as the platform's own user, for the letter drop folders. Paths
 * are relative to that user's home (the folder holding one folder per fagsystem). One {@link Okt} per manifest.
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

        /** Renames; false when {@code fra} does not exist (another instance moved it first). Never overwrites. */
        boolean flytt(String fra, String til) throws IOException;

        /** Writes under a temporary name and renames it into place, replacing an older file of that name. */
        void skriv(String sti, byte[] innhold) throws IOException;

        /** Creates the folder and its missing parents. */
        void lagMappe(String sti) throws IOException;

        @Override
        void close();
    }
}
