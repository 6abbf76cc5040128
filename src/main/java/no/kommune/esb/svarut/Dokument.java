package no.kommune.esb.svarut;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One document of a forsendelse: its metadata ({@code Dokument} in forsendelse-send-api-v2.json) and where
 * its bytes come from. The client streams the content into the request, so a large file is never held in
 * memory. {@link #toString()} leaves out the file name (it may name the person).
 *
 * @param filnavn                             file name, unique within the forsendelse; sent as the part's filename
 * @param mimeType                            MIME type; only {@code application/pdf} can be printed
 * @param skalEkskluderesFraUtskrift          leave this document out when the letter is printed
 * @param inneholderPersonsensitivInformasjon warn the recipient that the document holds sensitive data
 * @param innhold                             the bytes
 */
public record Dokument(String filnavn, String mimeType, boolean skalEkskluderesFraUtskrift,
                       boolean inneholderPersonsensitivInformasjon, Innhold innhold) {

    public static final String PDF = "application/pdf";

    public Dokument {
        Objects.requireNonNull(innhold, "innhold");
    }

    /** A PDF held in memory. */
    public static Dokument pdf(String filnavn, byte[] data) {
        return new Dokument(filnavn, PDF, false, false, new Innhold.Bytes(data));
    }

    /** A file on disk; its size is read now. */
    public static Dokument fil(String filnavn, String mimeType, Path path) {
        try {
            return new Dokument(filnavn, mimeType, false, false, new Innhold.Fil(path, Files.size(path)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read size of document " + path.getFileName(), e);
        }
    }

    public Dokument ekskludertFraUtskrift() {
        return new Dokument(filnavn, mimeType, true, inneholderPersonsensitivInformasjon, innhold);
    }

    public Dokument personsensitiv() {
        return new Dokument(filnavn, mimeType, skalEkskluderesFraUtskrift, true, innhold);
    }

    public long storrelse() {
        return innhold.storrelse();
    }

    /** The facts {@link SvarUtRegler} checks. */
    public SvarUtRegler.DokumentFakta fakta() {
        return new SvarUtRegler.DokumentFakta(filnavn, mimeType, storrelse(), skalEkskluderesFraUtskrift);
    }

    @Override
    public String toString() {
        return "Dokument[mimeType=" + mimeType + ", storrelse=" + storrelse() + "]";
    }

    /** Where a document's bytes come from; the size must be exact, it becomes part of Content-Length. */
    public sealed interface Innhold permits Innhold.Bytes, Innhold.Fil, Innhold.Strom {

        long storrelse();

        /** Bytes already in memory. */
        record Bytes(byte[] data) implements Innhold {
            public Bytes {
                Objects.requireNonNull(data, "data");
            }

            @Override
            public long storrelse() {
                return data.length;
            }
        }

        /** A file, streamed from disk when sent. */
        record Fil(Path path, long storrelse) implements Innhold {
        }

        /** A stream opened anew for each attempt (e.g. from an object store). */
        record Strom(long storrelse, Kilde kilde) implements Innhold {
        }

        /** Opens the document's bytes. */
        @FunctionalInterface
        interface Kilde {
            InputStream open() throws IOException;
        }
    }
}
