package no.kommune.esb.uttrekk.format;

import no.kommune.esb.platform.pdf.Pdftekst;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDFont;

import java.awt.Color;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Colours and drawing for the list and the label sheet; the fonts are each document's own
 * ({@link no.kommune.esb.platform.pdf.Skrifter}), fitting text to a width is {@link Pdftekst}'s.
 * Package-private: only the PDF formats use it.
 */
final class Pdfside {

    static final float MM = 72f / 25.4f;
    static final Color TEKST = new Color(0x1F, 0x1F, 0x1F);
    static final Color GRAA = new Color(0x5A, 0x5A, 0x5A);

    private Pdfside() {
    }

    /** Draws one line of text with its baseline at (x, y). */
    static void tekst(PDPageContentStream s, String tekst, PDFont font, float str, Color farge, float x, float y) throws IOException {
        s.beginText();
        s.setFont(font, str);
        s.setNonStrokingColor(farge);
        s.newLineAtOffset(x, y);
        s.showText(Pdftekst.skrivbar(tekst, font));
        s.endText();
    }

    /** The caller's stream, which PDFBox may not close ({@link Uttrekksformat.Skriver#close()} leaves it open). */
    static OutputStream aapenStroem(OutputStream ut) {
        return new FilterOutputStream(ut) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }
}
