package no.kommune.esb.platform;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** File writes the platform's own state files share. */
public final class Filer {

    private Filer() {
    }

    /** What goes into a file, written to a stream; may throw the checked exception {@code E} besides I/O. */
    @FunctionalInterface
    public interface Innhold<E extends Exception> {
        void skriv(OutputStream ut) throws IOException, E;
    }

    /**
     * Writes {@code fil} (its folder made when missing) through a temporary file in the same folder, moved into place
     * atomically: a reader, or a start after a crash, sees the old content or the new, never half of it. On POSIX the
     * file is owner-only ({@link Files#createTempFile} makes it so and the move keeps it): these files hold keys.
     * The temporary file is removed when writing fails.
     */
    public static <E extends Exception> void skrivAtomisk(Path fil, Innhold<E> innhold) throws IOException, E {
        Path mappe = fil.toAbsolutePath().getParent();
        Files.createDirectories(mappe);
        Path temp = Files.createTempFile(mappe, "." + fil.getFileName(), ".tmp");
        try {
            try (OutputStream ut = Files.newOutputStream(temp)) {
                innhold.skriv(ut);
            }
            Files.move(temp, fil, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** {@link #skrivAtomisk(Path, Innhold)} of a text (a PEM certificate, a JSON key) in {@code tegnsett}. */
    public static void skrivAtomisk(Path fil, String tekst, Charset tegnsett) throws IOException {
        byte[] bytes = tekst.getBytes(tegnsett);
        skrivAtomisk(fil, ut -> ut.write(bytes));
    }
}
