package no.kommune.esb.platform.pdf;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;

/**
 * The fonts every PDF of the platform draws with, embedded in the document: Liberation Sans (SIL Open Font License,
 * from the {@code openpdf-fonts-extra} jar), metric-compatible with Helvetica and Arial, so layouts keep their widths.
 * Embedded because print services and archives (PDF/A) expect every font in the file, and because the Standard 14
 * Helvetica with WinAnsi has no Č, Đ, Ŋ or Ŧ: a Sámi name would have been printed with '?'. Only the glyphs used are
 * embedded (a subset), so a one-page letter stays small.
 *
 * @param normal regular
 * @param fet    bold
 * @param kursiv italic
 */
public record Skrifter(PDFont normal, PDFont fet, PDFont kursiv) {

    private enum Snitt {
        NORMAL("liberation/LiberationSans-Regular.ttf"),
        FET("liberation/LiberationSans-Bold.ttf"),
        KURSIV("liberation/LiberationSans-Italic.ttf");

        private final String ressurs;

        Snitt(String ressurs) {
            this.ressurs = ressurs;
        }
    }

    /** The font files, read from the classpath once; each document parses its own copy (PDFBox fonts are per document). */
    private static final Map<Snitt, byte[]> FILER = new EnumMap<>(Snitt.class);

    /** The three fonts, loaded into {@code dokument}. */
    public static Skrifter innebygd(PDDocument dokument) {
        return new Skrifter(last(dokument, Snitt.NORMAL), last(dokument, Snitt.FET), last(dokument, Snitt.KURSIV));
    }

    private static PDFont last(PDDocument dokument, Snitt snitt) {
        try {
            return PDType0Font.load(dokument, new ByteArrayInputStream(fil(snitt)), true);
        } catch (IOException e) {
            throw new UncheckedIOException("font " + snitt.ressurs + " could not be read", e);
        }
    }

    private static synchronized byte[] fil(Snitt snitt) throws IOException {
        byte[] fil = FILER.get(snitt);
        if (fil == null) {
            try (InputStream inn = Skrifter.class.getClassLoader().getResourceAsStream(snitt.ressurs)) {
                if (inn == null) {
                    throw new IOException("not on the classpath");
                }
                fil = inn.readAllBytes();
            }
            FILER.put(snitt, fil);
        }
        return fil;
    }
}
