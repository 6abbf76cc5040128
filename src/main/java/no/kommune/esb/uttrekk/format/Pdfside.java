package no.kommune.esb.uttrekk.format;

import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

import java.awt.Color;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Text on a PDF page for the list and the label sheet. The Standard 14 Helvetica with WinAnsiEncoding draws every
 * Norwegian letter (æøå ÆØÅ, é, ü …) without embedding a font file; a character outside it becomes '?', so an unusual
 * name never stops a file. Package-private: only the PDF formats use it.
 */
final class Pdfside {

    static final PDType1Font NORMAL = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    static final PDType1Font FET = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    static final PDType1Font KURSIV = new PDType1Font(Standard14Fonts.FontName.HELVETICA_OBLIQUE);
    static final float MM = 72f / 25.4f;
    static final Color TEKST = new Color(0x1F, 0x1F, 0x1F);
    static final Color GRAA = new Color(0x5A, 0x5A, 0x5A);

    private Pdfside() {
    }

    /** Draws one line of text with its baseline at (x, y). */
    static void tekst(PDPageContentStream s, String tekst, PDType1Font font, float str, Color farge, float x, float y) throws IOException {
        s.beginText();
        s.setFont(font, str);
        s.setNonStrokingColor(farge);
        s.newLineAtOffset(x, y);
        s.showText(skrivbar(tekst, font));
        s.endText();
    }

    /** Width of the text in points. */
    static float bredde(String tekst, PDType1Font font, float str) throws IOException {
        return font.getStringWidth(skrivbar(tekst, font)) / 1000 * str;
    }

    /** Words into lines no wider than {@code maks} points; a word wider than a line is cut with an ellipsis. */
    static List<String> bryt(String tekst, PDType1Font font, float str, float maks) throws IOException {
        List<String> linjer = new ArrayList<>();
        StringBuilder linje = new StringBuilder();
        for (String ord : skrivbar(tekst, font).split("\\s+")) {
            if (ord.isEmpty()) {
                continue;
            }
            String forsoek = linje.isEmpty() ? ord : linje + " " + ord;
            if (bredde(forsoek, font, str) <= maks) {
                linje.setLength(0);
                linje.append(forsoek);
                continue;
            }
            if (!linje.isEmpty()) {
                linjer.add(linje.toString());
            }
            linje.setLength(0);
            linje.append(kutt(ord, font, str, maks));
        }
        if (!linje.isEmpty()) {
            linjer.add(linje.toString());
        }
        return linjer;
    }

    /** The text shortened with "…" until it fits {@code maks} points. */
    static String kutt(String tekst, PDType1Font font, float str, float maks) throws IOException {
        String t = skrivbar(tekst, font);
        if (bredde(t, font, str) <= maks) {
            return t;
        }
        while (t.length() > 1 && bredde(t + "…", font, str) > maks) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }

    /** Characters the font cannot draw (outside WinAnsi) become '?'; control characters become spaces. */
    static String skrivbar(String tekst, PDType1Font font) {
        StringBuilder sb = new StringBuilder();
        (tekst == null ? "" : tekst).codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                sb.append(' ');
                return;
            }
            String tegn = new String(Character.toChars(c));
            try {
                font.encode(tegn);
                sb.append(tegn);
            } catch (IOException | IllegalArgumentException e) {
                sb.append('?');
            }
        });
        return sb.toString();
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
