package no.kommune.esb.oppslag;

import no.kommune.esb.platform.Norsktid;
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
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The innsyn as a PDF to hand to the citizen: a heading with the kommune and the date, the person's masked number, then
 * per fagsystem and purpose a heading with the count and period and a table of the look-ups (time, what, case, end
 * user, and below each the fields disclosed). A4, the embedded {@link Skrifter}, pages numbered. Only what {@link Innsyn} groups is
 * shown: calls that disclosed something. Pure: no I/O beyond the bytes it returns.
 */
public final class Innsynsrapport {

    private static final float MARG = 50;
    private static final float LINJE = 13;
    private static final ZoneId OSLO = Norsktid.SONE;
    private static final DateTimeFormatter TID = DateTimeFormatter.ofPattern("dd.MM.yyyy HH:mm").withZone(OSLO);
    private static final DateTimeFormatter DATO = DateTimeFormatter.ofPattern("d. MMMM yyyy", Locale.forLanguageTag("nb-NO"));
    /** Column x offsets from the margin: tidspunkt, operasjon, saksreferanse, sluttbruker; the fields go on a line below. */
    private static final float[] KOLONNER = {0, 90, 200, 350};
    private static final String[] OVERSKRIFTER = {"Tidspunkt", "Oppslag", "Saksreferanse", "Sluttbruker"};

    private Innsynsrapport() {
    }

    /**
     * @param maskertIdent the person's number as {@code Identitetsnummer.masked()} gives it (never the whole number)
     * @param kommunenavn  the municipality answering the request
     */
    public static byte[] pdf(List<Innsyn.Gruppe> grupper, String maskertIdent, String kommunenavn, LocalDate dato) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream ut = new ByteArrayOutputStream()) {
            Skrifter skrift = Skrifter.innebygd(doc);
            PDFont normal = skrift.normal();
            PDFont fet = skrift.fet();
            Sider sider = new Sider(doc, normal);
            sider.tekst(fet, 16, 0, "Innsyn: hvem har slått opp opplysninger om deg");
            sider.tekst(normal, 10, 0, kommunenavn + " kommune, " + DATO.format(dato));
            sider.tekst(normal, 10, 0, "Gjelder identitetsnummer " + maskertIdent);
            sider.luft(LINJE);
            int antall = grupper.stream().mapToInt(Innsyn.Gruppe::antall).sum();
            sider.tekst(normal, 10, 0, antall == 0
                    ? "Ingen fagsystem har slått opp opplysninger om deg gjennom integrasjonsplattformen i perioden loggen dekker."
                    : antall + " oppslag fra " + grupper.size() + " fagsystem og formål. Hvert oppslag er logget med tidspunkt og hvilke opplysninger som ble utlevert.");
            for (Innsyn.Gruppe g : grupper) {
                sider.luft(LINJE);
                sider.sikre(4 * LINJE);
                sider.tekst(fet, 11, 0, g.fagsystem() + " – formål: " + g.formaal());
                sider.tekst(normal, 9, 0, g.antall() + " oppslag, " + TID.format(g.foerste()) + " – " + TID.format(g.siste()));
                sider.rad(fet, OVERSKRIFTER);
                for (Innsyn.Oppslag o : g.oppslag()) {
                    sider.rad(normal, new String[]{TID.format(o.tidspunkt()), o.operasjon(), o.saksreferanse(), o.sluttbruker()});
                    sider.tekst(normal, 7.5f, 12, "Utlevert: " + (o.felter().isEmpty() ? "–" : String.join(", ", o.felter()).toLowerCase(Locale.ROOT)));
                }
            }
            sider.avslutt();
            doc.save(ut);
            return ut.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("could not render the innsyn PDF", e);
        }
    }

    /** Writes lines top-down, starting a new page when the next one would not fit; numbers the pages at the end. */
    private static final class Sider {
        private final PDDocument doc;
        private final PDFont sidetallFont;
        private final List<PDPage> liste = new ArrayList<>();
        private PDPageContentStream cs;
        private float y;

        Sider(PDDocument doc, PDFont sidetallFont) throws IOException {
            this.doc = doc;
            this.sidetallFont = sidetallFont;
            nySide();
        }

        void tekst(PDFont font, float stoerrelse, float x, String tekst) throws IOException {
            float bredde = PDRectangle.A4.getWidth() - 2 * MARG - x;
            for (String linje : Pdftekst.bryt(tekst, font, stoerrelse, bredde)) {
                sikre(LINJE);
                skriv(font, stoerrelse, x, linje);
                y -= stoerrelse + 4;
            }
        }

        void rad(PDFont font, String[] celler) throws IOException {
            sikre(LINJE);
            for (int i = 0; i < celler.length; i++) {
                float bredde = (i + 1 < KOLONNER.length ? KOLONNER[i + 1] : PDRectangle.A4.getWidth() - 2 * MARG) - KOLONNER[i] - 6;
                skriv(font, 8, KOLONNER[i], Pdftekst.kutt(celler[i], font, 8, bredde));
            }
            y -= LINJE - 2;
        }

        void luft(float hoeyde) {
            y -= hoeyde;
        }

        void sikre(float hoeyde) throws IOException {
            if (y - hoeyde < MARG) {
                nySide();
            }
        }

        void avslutt() throws IOException {
            cs.close();
            for (int i = 0; i < liste.size(); i++) {
                try (PDPageContentStream s = new PDPageContentStream(doc, liste.get(i), PDPageContentStream.AppendMode.APPEND, true)) {
                    s.beginText();
                    s.setFont(sidetallFont, 8);
                    s.newLineAtOffset(PDRectangle.A4.getWidth() - MARG - 40, MARG / 2);
                    s.showText("Side " + (i + 1) + " av " + liste.size());
                    s.endText();
                }
            }
        }

        private void skriv(PDFont font, float stoerrelse, float x, String tekst) throws IOException {
            cs.beginText();
            cs.setFont(font, stoerrelse);
            cs.newLineAtOffset(MARG + x, y);
            cs.showText(tekst);
            cs.endText();
        }

        private void nySide() throws IOException {
            if (cs != null) {
                cs.close();
            }
            PDPage side = new PDPage(PDRectangle.A4);
            doc.addPage(side);
            liste.add(side);
            cs = new PDPageContentStream(doc, side);
            y = PDRectangle.A4.getHeight() - MARG;
        }
    }
}
