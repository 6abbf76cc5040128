package no.kommune.esb.platform.pdf;

import org.apache.pdfbox.pdmodel.font.PDFont;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Text measured and fitted for a PDF page, for every PDF the platform writes (extract lists and labels, proactive
 * letters, the innsyn report), drawn with {@link Skrifter}; a character the font has no glyph for becomes '?', so an
 * unusual name never stops a file. Pure.
 */
public final class Pdftekst {

    private Pdftekst() {
    }

    /** Width of the text in points. */
    public static float bredde(String tekst, PDFont font, float str) throws IOException {
        return font.getStringWidth(skrivbar(tekst, font)) / 1000 * str;
    }

    /** Words into lines no wider than {@code maks} points; a word wider than a line is cut with an ellipsis. */
    public static List<String> bryt(String tekst, PDFont font, float str, float maks) throws IOException {
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
    public static String kutt(String tekst, PDFont font, float str, float maks) throws IOException {
        String t = skrivbar(tekst, font);
        if (bredde(t, font, str) <= maks) {
            return t;
        }
        while (t.length() > 1 && bredde(t + "…", font, str) > maks) {
            t = t.substring(0, t.length() - 1);
        }
        return t + "…";
    }

    /** Tabs and line breaks become spaces; any other character the font cannot draw becomes '?'. */
    public static String skrivbar(String tekst, PDFont font) {
        StringBuilder sb = new StringBuilder();
        (tekst == null ? "" : tekst).codePoints().forEach(c -> {
            if (c == '\t' || c == '\n' || c == '\r') {
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
}
