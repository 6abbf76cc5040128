package no.kommune.esb.proaktiv;

import no.kommune.esb.platform.pdf.Pdftekst;
import no.kommune.esb.platform.pdf.Skrifter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a trigger's template and renders it to a one-or-more-page A4 PDF with Apache PDFBox. The template is small
 * Markdown: a line starting with {@code # } is a heading, a blank line ends a paragraph, a line ending in {@code \}
 * breaks the line there (e.g. a signature), other lines are text, wrapped to the page. Placeholders {@code {navn}}, {@code {fornavn}}, {@code {kommune}} are filled from {@link Flett}. No
 * address is ever put on the page: the print service addresses the envelope, and a protected address must never be
 * printed (DOMAIN rule 5). The font is embedded ({@link Skrifter}): Norwegian and Sámi letters print as written.
 */
public final class Brevmal {

    private static final Pattern PLASSHOLDER = Pattern.compile("\\{(navn|fornavn|kommune)}");
    private static final float MARG = 72;
    private static final float TEKST = 11;
    private static final float OVERSKRIFT = 16;
    private static final float LINJE = 1.4f;
    private static final DateTimeFormatter DATO = DateTimeFormatter.ofPattern("d. MMMM yyyy", Locale.forLanguageTag("nb-NO"));

    /** What fills the placeholders. */
    public record Flett(String navn, String fornavn, String kommune) {
        Map<String, String> somKart() {
            return Map.of("navn", navn == null ? "" : navn, "fornavn", fornavn == null ? "" : fornavn, "kommune", kommune == null ? "" : kommune);
        }
    }

    private Brevmal() {
    }

    /** The template's text with its placeholders filled. */
    public static String flett(String mal, Flett flett) {
        Map<String, String> verdier = flett.somKart();
        Matcher m = PLASSHOLDER.matcher(mal);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(verdier.get(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /**
     * Renders the filled template to PDF bytes: a letterhead (the kommune and the date), the title as the first
     * heading, then the text.
     */
    public static byte[] pdf(Utloeser.Mal mal, Flett flett, LocalDate dato) {
        List<Blokk> blokker = new ArrayList<>();
        blokker.add(new Blokk(List.of(flett(mal.tittel(), flett)), true));
        List<String> avsnitt = new ArrayList<>();
        StringBuilder linje = new StringBuilder();
        for (String rad : flett(mal.tekst(), flett).split("\n", -1)) {
            if (rad.startsWith("# ") || rad.isBlank()) {
                avslutt(avsnitt, linje, blokker);
                if (rad.startsWith("# ")) {
                    blokker.add(new Blokk(List.of(rad.substring(2).trim()), true));
                }
            } else if (rad.endsWith("\\")) {
                // Markdown's hard line break: the next line starts on a new line, in the same paragraph
                linje.append(rad, 0, rad.length() - 1).append(' ');
                avsnitt.add(linje.toString().trim());
                linje.setLength(0);
            } else {
                linje.append(rad.trim()).append(' ');
            }
        }
        avslutt(avsnitt, linje, blokker);
        float bredde = PDRectangle.A4.getWidth() - 2 * MARG;
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream ut = new ByteArrayOutputStream()) {
            Skrifter skrift = Skrifter.innebygd(doc);
            PDFont normal = skrift.normal();
            PDFont fet = skrift.fet();
            Side side = new Side(doc);
            side.brevhode(Pdftekst.skrivbar(flett.kommune() + " kommune", fet), DATO.format(dato), normal, fet, bredde);
            for (Blokk b : blokker) {
                PDFont font = b.overskrift() ? fet : normal;
                float storrelse = b.overskrift() ? OVERSKRIFT : TEKST;
                for (String del : b.linjer()) {
                    for (String l : Pdftekst.bryt(del, font, storrelse, bredde)) {
                        side = side.skriv(l, font, storrelse);
                    }
                }
                side = side.mellomrom(storrelse * 0.8f);
            }
            side.lukk();
            doc.save(ut);
            return ut.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not render the letter", e);
        }
    }

    private static void avslutt(List<String> avsnitt, StringBuilder linje, List<Blokk> blokker) {
        if (!linje.isEmpty()) {
            avsnitt.add(linje.toString().trim());
            linje.setLength(0);
        }
        if (!avsnitt.isEmpty()) {
            blokker.add(new Blokk(List.copyOf(avsnitt), false));
            avsnitt.clear();
        }
    }

    private record Blokk(List<String> linjer, boolean overskrift) {
    }

    /** The page being written, and where; a new page starts when the text reaches the bottom margin. */
    private static final class Side {
        private final PDDocument doc;
        private final PDPageContentStream innhold;
        private float y;

        Side(PDDocument doc) throws IOException {
            this.doc = doc;
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            this.innhold = new PDPageContentStream(doc, page);
            this.y = PDRectangle.A4.getHeight() - MARG;
        }

        Side skriv(String linje, PDFont font, float storrelse) throws IOException {
            Side s = this;
            if (y - storrelse * LINJE < MARG) {
                lukk();
                s = new Side(doc);
            }
            s.y -= storrelse * LINJE;
            s.innhold.beginText();
            s.innhold.setFont(font, storrelse);
            s.innhold.newLineAtOffset(MARG, s.y);
            s.innhold.showText(linje);
            s.innhold.endText();
            return s;
        }

        /** The kommune's name at the left and the date at the right, above the text. */
        void brevhode(String kommune, String dato, PDFont normal, PDFont fet, float bredde) throws IOException {
            y -= TEKST * LINJE;
            innhold.beginText();
            innhold.setFont(fet, TEKST);
            innhold.newLineAtOffset(MARG, y);
            innhold.showText(kommune);
            innhold.endText();
            innhold.beginText();
            innhold.setFont(normal, TEKST);
            innhold.newLineAtOffset(MARG + bredde - normal.getStringWidth(dato) / 1000 * TEKST, y);
            innhold.showText(dato);
            innhold.endText();
            y -= TEKST * LINJE * 2;
        }

        Side mellomrom(float hoeyde) {
            y -= hoeyde;
            return this;
        }

        void lukk() throws IOException {
            innhold.close();
        }
    }
}
