package no.kommune.esb.uttrekk.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.platform.pdf.Pdftekst;
import no.kommune.esb.platform.pdf.Skrifter;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ETIKETTER}: address labels on A4 sheets of 3 × 7 labels of 70 × 42.3 mm (the common Avery/Herma 3475/4453
 * layout), printed edge to edge. A label holds the name and the postal address (DOMAIN.md rule 4). Setting
 * {@code mottaker}: {@code PERSON} (default) a label per person; {@code FORESATTE} a label per parent with
 * foreldreansvar, one per address (parents living together share one label). A label for the very same persons at the
 * same address is printed once (siblings with the same holders give one label per household); any other label is
 * printed, however many share the address: persons are compared by identity number, never by address or name, so no
 * holder is dropped. A label for some of the persons of one already printed is printed too (rule 7: a letter about the
 * child must not go in an envelope naming a parent without foreldreansvar for it); without identity numbers in the
 * rows nothing is merged across rows.
 * Nobody whose address is withheld gets a label, and no parent of a child whose address is withheld either; they are
 * listed on a last page "til manuell oppfølging" by masked identity number only, with persons without an address.
 * Who gets a label follows the letter flow's decision the extract adds to each row ({@link Utsending}): a deceased
 * person, child or parent gets none (rule 6, R6-DOED), a child with delt bosted and one holder gets the holder's label
 * and a manual line (R7-DELT-BOSTED), as do the other manual slots of the letter flow's recipient choice; each on the
 * last page with the rule code. An address element the register gave unreadable (the section's {@code uleselige})
 * gives no label and a manual line R4-UKJENT-ADRESSE when its turn comes, as for the letter. A row without the section
 * (written before it existed) takes the holders it marks.
 * Held in memory until saved like {@link PdfListe}: at most {@code uttrekksformat.pdf-maks-rader} persons.
 */
@Component
public class Etiketter implements Uttrekksformat.Pdf {

    /** The setting that chooses who a label is for. */
    public static final String MOTTAKER = "mottaker";

    static final float BREDDE = 70 * Pdfside.MM;
    static final float HOEYDE = 42.3f * Pdfside.MM;
    static final int KOLONNER = 3;
    static final int RADER = 7;
    private static final float INNRYKK = 7 * Pdfside.MM;
    private static final float STR = 10;
    private static final float LINJE = 12.5f;
    private static final int MAKS_LINJER = 6;

    private final FormatProperties props;

    public Etiketter(FormatProperties props) {
        this.props = props;
    }

    @Override
    public String navn() {
        return "ETIKETTER";
    }

    @Override
    public boolean medUtsending() {
        return true;
    }

    @Override
    public Skriver aapne(OutputStream ut, Valg valg) {
        String mottaker = valg.innstillinger().getOrDefault(MOTTAKER, "PERSON").trim().toUpperCase(Locale.ROOT);
        if (!mottaker.equals("PERSON") && !mottaker.equals("FORESATTE")) {
            throw new IllegalArgumentException("ETIKETTER: innstillingen mottaker må være PERSON eller FORESATTE");
        }
        return new Ark(ut, valg, props.pdfMaksRader(), mottaker.equals("FORESATTE"));
    }

    /**
     * One label's text: the name line(s), then the address lines. {@code hvem}: the recipients' identity numbers, empty
     * when a recipient's is not in the row (then the label is never taken for a copy of another).
     */
    record Etikett(List<String> navn, List<String> adresse, Set<String> hvem) {
    }

    /** Someone who gets no label and must be followed up by hand; {@code ident} is masked. */
    record Manuell(String ident, String grunn) {
    }

    /** A holder a letter about the child goes to: the row's related person and the letter flow's entry for them (or none). */
    private record Foresatt(JsonNode relatert, JsonNode utfall) {
    }

    private static final class Ark implements Skriver {
        private final OutputStream ut;
        private final Valg valg;
        private final int maks;
        private final boolean foresatte;
        private final PDDocument doc = new PDDocument();
        private final Skrifter skrift = Skrifter.innebygd(doc);
        /** Per address (normalised lines): the sets of persons a label was printed for there. */
        private final Map<String, List<Set<String>>> skrevet = new HashMap<>();
        private final List<Manuell> manuelle = new ArrayList<>();
        private PDPageContentStream side;
        private int plass;
        private int antall;
        private int etiketter;

        Ark(OutputStream ut, Valg valg, int maks, boolean foresatte) {
            this.ut = ut;
            this.valg = valg;
            this.maks = maks;
            this.foresatte = foresatte;
        }

        @Override
        public void skriv(ObjectNode dokument) throws IOException {
            if (antall >= maks) {
                throw new ForStortUttrekkException("Et etikettark", maks);
            }
            antall++;
            JsonNode person = dokument.path("person");
            String ident = identFor(person);
            JsonNode utsending = dokument.path(Utsending.NOEKKEL);
            if (!foresatte && utsending.path("person").isObject()) {
                // the letter to the person would not go out (deceased): no label, as the letter flow reports it back
                manuelle.add(new Manuell(ident, Utsending.tekst(utsending.path("person"))));
                return;
            }
            if (Persondokument.sperret(person)) {
                manuelle.add(new Manuell(ident, Persondokument.SPERRET));
                return;
            }
            if (!foresatte) {
                Persondokument.Postadresse adresse = Persondokument.postadresse(person, Utsending.uleselige(utsending));
                if (adresse.linjer().isEmpty()) {
                    manuelle.add(new Manuell(ident, utenEtikett(person, adresse)));
                } else {
                    etikett(new Etikett(List.of(Persondokument.navn(person)), adresse.linjer(), Set.of()));
                }
                return;
            }
            // parents at one address share a label: name lines in register order, one per address
            Map<List<String>, List<JsonNode>> perAdresse = new LinkedHashMap<>();
            for (Foresatt f : mottakere(dokument, ident)) {
                JsonNode r = f.relatert();
                Persondokument.Postadresse adresse = Persondokument.postadresse(r, Utsending.uleselige(f.utfall()));
                if (adresse.linjer().isEmpty()) {
                    manuelle.add(new Manuell(ident, foresatt(r) + utenEtikett(r, adresse)));
                    continue;
                }
                perAdresse.computeIfAbsent(adresse.linjer(), a -> new ArrayList<>()).add(r);
            }
            for (Map.Entry<List<String>, List<JsonNode>> e : perAdresse.entrySet()) {
                etikett(new Etikett(e.getValue().stream().map(Persondokument::navn).toList(), e.getKey(), hvem(e.getValue())));
            }
        }

        /**
         * The related persons a letter about the child goes to: as the letter flow decides ({@link Utsending}), each
         * recipient it would not send to listed for manual follow-up with the rule code; in a row without that section,
         * the related persons marked as holding foreldreansvar.
         */
        private List<Foresatt> mottakere(JsonNode dokument, String ident) {
            JsonNode relaterte = dokument.path("relaterte");
            List<Foresatt> ut = new ArrayList<>();
            JsonNode beslutning = dokument.path(Utsending.NOEKKEL).path("foresatte");
            if (beslutning.isArray()) {
                for (JsonNode m : beslutning) {
                    JsonNode r = m.has("relatert") ? relaterte.path(m.path("relatert").asInt()) : null;
                    if (m.has("grunn") || r == null || !r.isObject()) {
                        manuelle.add(new Manuell(ident, (r == null || !r.isObject() ? "" : foresatt(r)) + Utsending.tekst(m)));
                    } else {
                        ut.add(new Foresatt(r, m));
                    }
                }
                return ut;
            }
            for (JsonNode r : relaterte) {
                if (r.path("foreldreansvar").asBoolean(false)) {
                    ut.add(new Foresatt(r, MissingNode.getInstance()));
                }
            }
            if (ut.isEmpty()) {
                manuelle.add(new Manuell(ident, "ingen foresatte med foreldreansvar i utvalget"));
            }
            return ut;
        }

        /** "foresatt (mor): " */
        private static String foresatt(JsonNode r) {
            return "foresatt (" + Persondokument.tekst(r, "relasjon").toLowerCase(Locale.ROOT) + "): ";
        }

        /** Why a person with no printable address gets no label: withheld, or the letter flow's rule code and reason (none, or unusable). */
        private static String utenEtikett(JsonNode person, Persondokument.Postadresse adresse) {
            if (Persondokument.sperret(person) || adresse.regel() == null) {
                return Persondokument.SPERRET;
            }
            return adresse.regel().kode() + ": " + adresse.grunn();
        }

        /** The persons' identity numbers; empty when any of them has none in the row (identity unknown). */
        private static Set<String> hvem(List<JsonNode> personer) {
            Set<String> ider = new HashSet<>();
            for (JsonNode p : personer) {
                String id = Persondokument.tekst(p, "identitetsnummer");
                if (id.isEmpty()) {
                    return Set.of();
                }
                ider.add(id);
            }
            return ider;
        }

        private String identFor(JsonNode person) {
            String maskert = Persondokument.maskertIdent(person);
            return maskert.isEmpty() ? "rad " + antall : maskert;
        }

        private void etikett(Etikett e) throws IOException {
            if (foresatte && !e.hvem().isEmpty()) {
                String noekkel = String.join("|", e.adresse()).toLowerCase(Locale.ROOT).replaceAll("\\s+", "");
                List<Set<String>> her = skrevet.computeIfAbsent(noekkel, a -> new ArrayList<>());
                if (her.contains(e.hvem())) {
                    return;
                }
                her.add(e.hvem());
            }
            if (side == null || plass == KOLONNER * RADER) {
                nyttArk();
            }
            float x = (plass % KOLONNER) * BREDDE;
            float topp = PDRectangle.A4.getHeight() - margTopp() - (plass / KOLONNER) * HOEYDE;
            float tekstbredde = BREDDE - 2 * INNRYKK;
            List<String[]> linjer = new ArrayList<>();
            String navn = String.join(" og ", e.navn());
            for (String l : Pdftekst.bryt(navn, skrift.fet(), STR, tekstbredde)) {
                linjer.add(new String[]{l, "fet"});
            }
            for (String a : e.adresse()) {
                linjer.add(new String[]{Pdftekst.kutt(a, skrift.normal(), STR, tekstbredde), "normal"});
            }
            // the last lines (postcode and place) matter most to the post: drop name lines beyond the label's room first
            while (linjer.size() > MAKS_LINJER) {
                linjer.remove(linjer.size() - e.adresse().size() - 1);
            }
            float blokk = (linjer.size() - 1) * LINJE + STR;
            float y = topp - (HOEYDE - blokk) / 2 - STR * 0.8f;
            for (String[] l : linjer) {
                Pdfside.tekst(side, l[0], l[1].equals("fet") ? skrift.fet() : skrift.normal(), STR, Pdfside.TEKST, x + INNRYKK, y);
                y -= LINJE;
            }
            plass++;
            etiketter++;
        }

        /** The sheet's labels fill 296.1 of 297 mm: the rest is split above and below. */
        private static float margTopp() {
            return (PDRectangle.A4.getHeight() - RADER * HOEYDE) / 2;
        }

        private void nyttArk() throws IOException {
            if (side != null) {
                side.close();
            }
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            side = new PDPageContentStream(doc, page);
            plass = 0;
        }

        @Override
        public void close() throws IOException {
            try {
                if (side != null) {
                    side.close();
                }
                if (!manuelle.isEmpty() || etiketter == 0) {
                    oppfoelging();
                }
                doc.save(Pdfside.aapenStroem(ut));
                ut.flush();
            } finally {
                doc.close();
            }
        }

        /** The last page: who got no label, by masked id and reason, for the office to follow up by hand. */
        private void oppfoelging() throws IOException {
            float marg = PdfListe.MARG;
            float y = PDRectangle.A4.getHeight() - marg;
            PDPageContentStream s = null;
            try {
                PDPage page = new PDPage(PDRectangle.A4);
                doc.addPage(page);
                s = new PDPageContentStream(doc, page);
                Pdfside.tekst(s, "Til manuell oppfølging", skrift.fet(), 15, Pdfside.TEKST, marg, y -= 14);
                String tittel = valg.tittel() == null ? "" : valg.tittel();
                Pdfside.tekst(s, Pdftekst.kutt(tittel + "  ·  " + etiketter + " etiketter skrevet ut, " + manuelle.size()
                        + " uten etikett", skrift.normal(), 9.5f, PDRectangle.A4.getWidth() - 2 * marg), skrift.normal(), 9.5f, Pdfside.GRAA, marg, y -= 16);
                for (String l : Pdftekst.bryt("Disse fikk ingen etikett. Adressen til en person med sperret adresse skrives aldri ut: "
                        + "send brevet digitalt, eller be Folkeregisteret (Skatteetaten) videresende det. Finn personen i fagsystemet "
                        + "med fødselsdatoen og de fem skjulte sifrene.", skrift.normal(), 9.5f, PDRectangle.A4.getWidth() - 2 * marg)) {
                    Pdfside.tekst(s, l, skrift.normal(), 9.5f, Pdfside.TEKST, marg, y -= 13);
                }
                y -= 10;
                if (manuelle.isEmpty()) {
                    Pdfside.tekst(s, "Ingen personer i utvalget.", skrift.kursiv(), 10, Pdfside.GRAA, marg, y - 14);
                }
                for (Manuell m : manuelle) {
                    if (y < marg + 20) {
                        s.close();
                        PDPage neste = new PDPage(PDRectangle.A4);
                        doc.addPage(neste);
                        s = new PDPageContentStream(doc, neste);
                        y = PDRectangle.A4.getHeight() - marg;
                    }
                    y -= 14;
                    Pdfside.tekst(s, m.ident(), skrift.fet(), 10, Pdfside.TEKST, marg, y);
                    Pdfside.tekst(s, m.grunn(), skrift.kursiv(), 10, Pdfside.GRAA, marg + 95, y);
                }
            } finally {
                if (s != null) {
                    s.close();
                }
            }
        }
    }
}
