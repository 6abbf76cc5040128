package no.kommune.esb.uttrekk.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.platform.Norsktid;
import no.kommune.esb.platform.pdf.Pdftekst;
import no.kommune.esb.platform.pdf.Skrifter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.awt.Color;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code PDF_LISTE}: a printable A4 list, e.g. a school-start class list. A header with the order's title, subtitle,
 * the date and "Side x av y"; a table of number, name, birth date, address (and delt bosted) and the parents who hold
 * foreldreansvar, with a parent's address only where it differs from the child's; zebra rows; a withheld address
 * prints "adresse sperret" in italics (and then no parent's address either: a parent often lives where the child
 * does); a deceased person or parent (the row's {@code doed}) is marked "død", a parent then without an address
 * (DOMAIN.md rule 6); a parent whose document Folkeregisteret gave but the platform cannot read (the row's
 * {@code ulesbar}) is "kan ikke leses fra Folkeregisteret" with the role; the count at the end. PDFBox keeps the
 * document in memory until it is saved, so at most
 * {@code uttrekksformat.pdf-maks-rader} persons are taken (a class list is far below it).
 */
@Component
public class PdfListe implements Uttrekksformat.Pdf {

    static final float MARG = 14 * Pdfside.MM;
    private static final float STR = 8.5f;
    private static final float LINJE = 10.5f;
    private static final float CELLEPAD = 3.5f;
    private static final Color HODE = new Color(0x2F, 0x4B, 0x6E);
    private static final Color SEBRA = new Color(0xEE, 0xF2, 0xF7);
    private static final Color STREK = new Color(0xB8, 0xC4, 0xD2);
    /** Column titles and widths (points; they fill A4's width inside the margins). */
    private static final String[] KOLONNER = {"Nr.", "Navn", "Født", "Adresse", "Foresatte (foreldreansvar)"};
    private static final float[] BREDDER = {24, 112, 52, 152, 0};

    private final FormatProperties props;
    private final Clock clock;

    /** The list's date is Oslo's: the JVM's zone may be UTC (before session 35 it was taken: yesterday's date after midnight). */
    @Autowired
    public PdfListe(FormatProperties props) {
        this(props, Clock.system(Norsktid.SONE));
    }

    PdfListe(FormatProperties props, Clock clock) {
        this.props = props;
        this.clock = clock;
    }

    @Override
    public String navn() {
        return "PDF_LISTE";
    }

    @Override
    public Skriver aapne(OutputStream ut, Valg valg) {
        return new Liste(ut, valg, props.pdfMaksRader(), LocalDate.now(clock));
    }

    private static final class Liste implements Skriver {
        private final OutputStream ut;
        private final Valg valg;
        private final int maks;
        private final LocalDate dato;
        private final PDDocument doc = new PDDocument();
        private final Skrifter skrift = Skrifter.innebygd(doc);
        private final float[] bredder;
        private PDPageContentStream side;
        private float y;
        private int antall;
        private int sperret;

        Liste(OutputStream ut, Valg valg, int maks, LocalDate dato) {
            this.ut = ut;
            this.valg = valg;
            this.maks = maks;
            this.dato = dato;
            this.bredder = BREDDER.clone();
            float brukt = 0;
            for (float b : BREDDER) {
                brukt += b;
            }
            bredder[bredder.length - 1] = PDRectangle.A4.getWidth() - 2 * MARG - brukt;
        }

        @Override
        public void skriv(ObjectNode dokument) throws IOException {
            if (antall >= maks) {
                throw new ForStortUttrekkException("En PDF-liste", maks);
            }
            antall++;
            JsonNode person = dokument.path("person");
            boolean adresseSperret = Persondokument.sperret(person);
            if (adresseSperret) {
                sperret++;
            }
            List<List<Celle>> celler = List.of(
                    List.of(new Celle(antall + ".", Pdfside.GRAA, skrift.normal())),
                    navn(person),
                    List.of(new Celle(Persondokument.norskDato(Persondokument.foedselsdato(person)), Pdfside.TEKST, skrift.normal())),
                    adresse(person, adresseSperret),
                    foresatte(dokument.path("relaterte"), Persondokument.bosted(person), adresseSperret));
            List<List<Linje>> linjer = new ArrayList<>();
            int hoeyest = 1;
            for (int k = 0; k < celler.size(); k++) {
                List<Linje> kol = new ArrayList<>();
                for (Celle c : celler.get(k)) {
                    for (String l : Pdftekst.bryt(c.tekst(), c.font(), STR, bredder[k] - 2 * CELLEPAD)) {
                        kol.add(new Linje(l, c));
                    }
                }
                linjer.add(kol);
                hoeyest = Math.max(hoeyest, kol.size());
            }
            float hoeyde = hoeyest * LINJE + 2 * CELLEPAD;
            if (side == null || y - hoeyde < MARG + 18) {
                nySide();
            }
            if (antall % 2 == 0) {
                side.setNonStrokingColor(SEBRA);
                side.addRect(MARG, y - hoeyde, PDRectangle.A4.getWidth() - 2 * MARG, hoeyde);
                side.fill();
            }
            float x = MARG;
            for (int k = 0; k < linjer.size(); k++) {
                float ly = y - CELLEPAD - STR;
                for (Linje l : linjer.get(k)) {
                    Pdfside.tekst(side, l.tekst(), l.celle().font(), STR, l.celle().farge(), x + CELLEPAD, ly);
                    ly -= LINJE;
                }
                x += bredder[k];
            }
            y -= hoeyde;
            side.setStrokingColor(STREK);
            side.setLineWidth(0.4f);
            side.moveTo(MARG, y);
            side.lineTo(PDRectangle.A4.getWidth() - MARG, y);
            side.stroke();
        }

        private List<Celle> navn(JsonNode person) {
            String navn = Persondokument.navn(person);
            List<Celle> ut = new ArrayList<>();
            ut.add(new Celle(navn.isEmpty() ? "(navn ikke utlevert)" : navn, Pdfside.TEKST, skrift.fet()));
            if (Persondokument.doed(person)) {
                ut.add(new Celle(Persondokument.DOED, Pdfside.GRAA, skrift.kursiv()));
            }
            return ut;
        }

        private List<Celle> adresse(JsonNode person, boolean sperret) {
            if (sperret) {
                return List.of(new Celle(Persondokument.SPERRET, Pdfside.GRAA, skrift.kursiv()));
            }
            List<Celle> ut = new ArrayList<>();
            Persondokument.bosted(person).forEach(l -> ut.add(new Celle(l, Pdfside.TEKST, skrift.normal())));
            if (ut.isEmpty()) {
                ut.add(new Celle(person.path("ukjentBosted").asBoolean(false) ? "ukjent bosted" : "", Pdfside.GRAA, skrift.kursiv()));
            }
            if (Persondokument.bostedUfullstendig(person)) {
                ut.add(new Celle(Persondokument.UFULLSTENDIG, Pdfside.GRAA, skrift.kursiv()));
            }
            for (List<String> delt : Persondokument.deltBosted(person)) {
                ut.add(new Celle("Delt bosted: " + String.join(", ", delt), Pdfside.GRAA, skrift.normal()));
            }
            return ut;
        }

        /** The parents with foreldreansvar; an address only where it differs from the child's, never for a protected child. */
        private List<Celle> foresatte(JsonNode relaterte, List<String> barnetsAdresse, boolean barnSperret) {
            List<Celle> ut = new ArrayList<>();
            for (JsonNode r : relaterte) {
                if (!r.path("foreldreansvar").asBoolean(false)) {
                    continue;
                }
                if (Persondokument.ulesbar(r)) {
                    // her document cannot be read: said so, never "(navn ikke utlevert)" nor left out (rule 7)
                    ut.add(new Celle(Persondokument.ULESBAR + rolle(r), Pdfside.GRAA, skrift.kursiv()));
                    continue;
                }
                String navn = Persondokument.navn(r);
                ut.add(new Celle((navn.isEmpty() ? "(navn ikke utlevert)" : navn) + rolle(r), Pdfside.TEKST, skrift.normal()));
                if (Persondokument.doed(r)) {
                    // rule 6: a parent the register still names after the death is reported, never given an address
                    ut.add(new Celle("  " + Persondokument.DOED, Pdfside.GRAA, skrift.kursiv()));
                    continue;
                }
                if (barnSperret) {
                    continue;
                }
                if (Persondokument.sperret(r)) {
                    ut.add(new Celle("  " + Persondokument.SPERRET, Pdfside.GRAA, skrift.kursiv()));
                    continue;
                }
                List<String> adresse = Persondokument.bosted(r);
                if (!adresse.isEmpty() && !adresse.equals(barnetsAdresse)) {
                    ut.add(new Celle("  " + String.join(", ", adresse), Pdfside.GRAA, skrift.normal()));
                    if (Persondokument.bostedUfullstendig(r)) {
                        ut.add(new Celle("  " + Persondokument.UFULLSTENDIG, Pdfside.GRAA, skrift.kursiv()));
                    }
                }
            }
            return ut;
        }

        private static String rolle(JsonNode r) {
            String rolle = Persondokument.tekst(r, "relasjon");
            return switch (rolle) {
                case "MOR", "FAR", "MEDMOR" -> " (" + rolle.toLowerCase(Locale.ROOT) + ")";
                default -> "";
            };
        }

        private void nySide() throws IOException {
            if (side != null) {
                side.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            side = new PDPageContentStream(doc, page);
            float topp = PDRectangle.A4.getHeight() - MARG;
            float hoeyre = PDRectangle.A4.getWidth() - MARG;
            Pdfside.tekst(side, tom(valg.tittel(), "Liste"), skrift.fet(), 15, Pdfside.TEKST, MARG, topp - 13);
            String utskrevet = "Utskrevet " + Persondokument.norskDato(dato);
            Pdfside.tekst(side, utskrevet, skrift.normal(), 9, Pdfside.GRAA, hoeyre - Pdftekst.bredde(utskrevet, skrift.normal(), 9), topp - 11);
            float ly = topp - 28;
            if (valg.undertittel() != null && !valg.undertittel().isBlank()) {
                Pdfside.tekst(side, Pdftekst.kutt(valg.undertittel(), skrift.normal(), 10, hoeyre - MARG), skrift.normal(), 10, Pdfside.GRAA, MARG, ly);
                ly -= 8;
            } else {
                ly += 6;
            }
            y = ly - 6;
            float hodeHoeyde = LINJE + 2 * CELLEPAD;
            side.setNonStrokingColor(HODE);
            side.addRect(MARG, y - hodeHoeyde, hoeyre - MARG, hodeHoeyde);
            side.fill();
            float x = MARG;
            for (int k = 0; k < KOLONNER.length; k++) {
                Pdfside.tekst(side, KOLONNER[k], skrift.fet(), STR, Color.WHITE, x + CELLEPAD, y - CELLEPAD - STR);
                x += bredder[k];
            }
            y -= hodeHoeyde;
        }

        @Override
        public void close() throws IOException {
            try {
                if (side == null) {
                    nySide();
                    Pdfside.tekst(side, "Ingen personer i utvalget.", skrift.kursiv(), 10, Pdfside.GRAA, MARG + CELLEPAD, y - 16);
                    y -= 16;
                }
                String sum = "Antall: " + antall + (sperret > 0 ? "  (av dem " + sperret + " med adresse sperret)" : "");
                if (y - 24 < MARG + 18) {
                    nySide();
                }
                Pdfside.tekst(side, sum, skrift.fet(), 9, Pdfside.TEKST, MARG + CELLEPAD, y - 16);
                side.close();
                bunntekst();
                doc.save(Pdfside.aapenStroem(ut));
                ut.flush();
            } finally {
                doc.close();
            }
        }

        /** "Side x av y" and a reminder that the list holds personal data, on every page once the count is known. */
        private void bunntekst() throws IOException {
            int sider = doc.getNumberOfPages();
            float hoeyre = PDRectangle.A4.getWidth() - MARG;
            for (int i = 0; i < sider; i++) {
                try (PDPageContentStream s = new PDPageContentStream(doc, doc.getPage(i), PDPageContentStream.AppendMode.APPEND, true, true)) {
                    String nr = "Side " + (i + 1) + " av " + sider;
                    float by = MARG - 4;
                    s.setStrokingColor(STREK);
                    s.setLineWidth(0.4f);
                    s.moveTo(MARG, by + 10);
                    s.lineTo(hoeyre, by + 10);
                    s.stroke();
                    Pdfside.tekst(s, "Inneholder personopplysninger – oppbevares innelåst og makuleres etter bruk.",
                            skrift.normal(), 7.5f, Pdfside.GRAA, MARG, by);
                    Pdfside.tekst(s, nr, skrift.normal(), 7.5f, Pdfside.GRAA, hoeyre - Pdftekst.bredde(nr, skrift.normal(), 7.5f), by);
                }
            }
        }

        private static String tom(String s, String standard) {
            return s == null || s.isBlank() ? standard : s;
        }
    }

    private record Celle(String tekst, Color farge, PDFont font) {
    }

    private record Linje(String tekst, Celle celle) {
    }
}
