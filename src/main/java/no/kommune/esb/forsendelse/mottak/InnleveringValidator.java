package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.JsonNode;
import no.kommune.esb.forsendelse.Brev;
import no.kommune.esb.forsendelse.Brevtype;
import no.kommune.esb.forsendelse.Organisasjonsnummer;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.svarut.SvarUtRegler.DokumentFakta;
import no.kommune.esb.svarut.SvarUtRegler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a letter's metadata against its uploaded documents and returns either the letter or every error found.
 * No Spring, no Camel; the only I/O is {@link PdfKontroll}'s scratch file when it parses a large PDF. Messages name
 * documents by position, never by file name (it may hold a person's name), and never hold a whole identity number.
 */
public final class InnleveringValidator {

    /** {@code Forsendelse.eksternReferanse.maxLength} in SvarUt, kept for the platform's own key; the flow's {@code Brev} takes as much. */
    static final int MAKS_REFERANSE = Brev.MAKS_EKSTERN_REFERANSE;
    /** {@code Forsendelse.tittel.maxLength} in SvarUt. */
    static final int MAKS_TITTEL = 1000;
    /** Text of a service message by SMS/e-mail: at most three concatenated SMS (3 × 160 characters). */
    public static final int MAKS_VARSELTEKST = 480;
    static final String PDF = "application/pdf";

    private final Set<String> kjenteSystemer;
    private final long maksDokumentBytes;
    private final PdfKontroll pdf = new PdfKontroll();

    public InnleveringValidator(Iterable<String> kjenteSystemer, long maksDokumentBytes) {
        Set<String> s = new HashSet<>();
        kjenteSystemer.forEach(s::add);
        this.kjenteSystemer = Set.copyOf(s);
        this.maksDokumentBytes = maksDokumentBytes;
    }

    /**
     * Validates {@code metadata} (the parsed JSON object, or null when absent or not JSON) against the documents
     * that arrived with it.
     */
    public InnleveringResultat valider(JsonNode metadata, List<InnleveringVedlegg> vedlegg) {
        List<InnleveringFeil> feil = new ArrayList<>();
        if (metadata == null || !metadata.isObject()) {
            feil.add(new InnleveringFeil("", "metadata mangler eller er ikke et JSON-objekt"));
            return InnleveringResultat.ugyldig(feil);
        }
        tegn(metadata, feil);
        String avsender = tekst(metadata, "avsenderSystem");
        if (avsender == null) {
            feil.add(new InnleveringFeil("/avsenderSystem", "avsenderSystem mangler"));
        } else if (!kjenteSystemer.contains(avsender)) {
            feil.add(new InnleveringFeil("/avsenderSystem", "avsenderSystem '" + kort(avsender) + "' er ikke et kjent fagsystem"));
        }
        String referanse = tekst(metadata, "eksternReferanse");
        if (referanse == null) {
            feil.add(new InnleveringFeil("/eksternReferanse", "eksternReferanse mangler"));
        } else if (referanse.length() > MAKS_REFERANSE) {
            feil.add(new InnleveringFeil("/eksternReferanse", "eksternReferanse er lengre enn " + MAKS_REFERANSE + " tegn"));
        }
        String tittel = tekst(metadata, "tittel");
        if (tittel == null) {
            feil.add(new InnleveringFeil("/tittel", "tittel mangler"));
        } else if (tittel.length() > MAKS_TITTEL) {
            feil.add(new InnleveringFeil("/tittel", "tittel er lengre enn " + MAKS_TITTEL + " tegn"));
        }
        Innlevering.Mottakertype mottakertype = mottaker(metadata, feil);
        Brevtype brevtype = brevtype(metadata, feil);
        boolean gjelderBarn = false;
        JsonNode barn = metadata.get("gjelderBarn");
        if (barn != null && !barn.isNull()) {
            if (!barn.isBoolean()) {
                feil.add(new InnleveringFeil("/gjelderBarn", "gjelderBarn må være true eller false"));
            } else {
                gjelderBarn = barn.booleanValue();
            }
        }
        if (gjelderBarn && mottakertype == Innlevering.Mottakertype.ORGANISASJON) {
            feil.add(new InnleveringFeil("/gjelderBarn", "gjelderBarn krever at mottaker er en person"));
        }
        String varseltekst = varseltekst(metadata, brevtype, tittel, feil);
        List<Innlevering.Dokument> dokumenter = dokumenter(metadata.get("dokumenter"), vedlegg == null ? List.of() : vedlegg, feil);
        if (!feil.isEmpty()) {
            return InnleveringResultat.ugyldig(feil);
        }
        return InnleveringResultat.gyldig(new Innlevering(avsender, referanse, tittel, tekst(metadata, "mottaker"),
                mottakertype, brevtype, gjelderBarn, dokumenter, varseltekst));
    }

    /** The fields the platform stores or passes on, each against {@link Teksttegn} (a NUL would fail at storing). */
    private static void tegn(JsonNode metadata, List<InnleveringFeil> feil) {
        tegn(metadata, "avsenderSystem", Teksttegn.Felt.NOEKKEL, "", "", feil);
        tegn(metadata, "eksternReferanse", Teksttegn.Felt.NOEKKEL, "", "", feil);
        tegn(metadata, "tittel", Teksttegn.Felt.TEKST, "", "", feil);
        tegn(metadata, "mottaker", Teksttegn.Felt.NOEKKEL, "", "", feil);
        tegn(metadata, "brevtype", Teksttegn.Felt.NOEKKEL, "", "", feil);
        tegn(metadata, "varseltekst", Teksttegn.Felt.FLERLINJET, "", "", feil);
        JsonNode dokumenter = metadata.path("dokumenter");
        // an object's size() counts its fields, and get(i) of an object is null: only a list has documents to check
        for (int i = 0; dokumenter.isArray() && i < dokumenter.size(); i++) {
            tegn(dokumenter.get(i), "filnavn", Teksttegn.Felt.TEKST, "/dokumenter/" + i, "dokument " + (i + 1) + ": ", feil);
            tegn(dokumenter.get(i), "mimeType", Teksttegn.Felt.NOEKKEL, "/dokumenter/" + i, "dokument " + (i + 1) + ": ", feil);
        }
    }

    private static void tegn(JsonNode node, String felt, Teksttegn.Felt slag, String peker, String hvem, List<InnleveringFeil> feil) {
        JsonNode v = node.get(felt);
        String grunn = v != null && v.isTextual() ? Teksttegn.ugyldig(v.asText(), slag) : null;
        if (grunn != null) {
            feil.add(new InnleveringFeil(peker + "/" + felt, hvem + felt + " har et tegn som ikke tas imot: " + grunn));
        }
    }

    /**
     * The optional short text a service message is sent with by SMS/e-mail (DOMAIN.md rule 3). Only for
     * TJENESTEMELDING; without it the title is sent, so a service message whose title is too long for that needs one.
     */
    private static String varseltekst(JsonNode metadata, Brevtype brevtype, String tittel, List<InnleveringFeil> feil) {
        JsonNode node = metadata.get("varseltekst");
        if (node == null || node.isNull()) {
            if (brevtype == Brevtype.TJENESTEMELDING && tittel != null && tittel.length() > MAKS_VARSELTEKST) {
                feil.add(new InnleveringFeil("/varseltekst", "varseltekst mangler: tittelen er lengre enn " + MAKS_VARSELTEKST
                        + " tegn og kan ikke sendes som SMS/e-post"));
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            feil.add(new InnleveringFeil("/varseltekst", "varseltekst må være en tekst"));
            return null;
        }
        String tekst = node.asText().strip();
        if (tekst.length() > MAKS_VARSELTEKST) {
            feil.add(new InnleveringFeil("/varseltekst", "varseltekst er lengre enn " + MAKS_VARSELTEKST + " tegn"));
            return null;
        }
        if (brevtype == Brevtype.FORMELL) {
            feil.add(new InnleveringFeil("/varseltekst", "varseltekst gjelder bare TJENESTEMELDING; et formelt brev sendes aldri som SMS/e-post"));
            return null;
        }
        return tekst;
    }

    private Innlevering.Mottakertype mottaker(JsonNode metadata, List<InnleveringFeil> feil) {
        JsonNode node = metadata.get("mottaker");
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            feil.add(new InnleveringFeil("/mottaker", "mottaker mangler"));
            return null;
        }
        if (!node.isTextual()) {
            feil.add(new InnleveringFeil("/mottaker", "mottaker må være en tekst med 11 siffer (fødselsnummer/D-nummer) eller 9 siffer (organisasjonsnummer)"));
            return null;
        }
        String verdi = node.asText();
        if (verdi.length() == 9) {
            if (!Organisasjonsnummer.isValid(verdi)) {
                feil.add(new InnleveringFeil("/mottaker", "mottaker er ikke et gyldig organisasjonsnummer: 9 siffer der kontrollsifferet (mod 11) må stemme"));
                return null;
            }
            return Innlevering.Mottakertype.ORGANISASJON;
        }
        if (verdi.length() == 11) {
            String grunn = Identitetsnummer.invalidReason(verdi);
            if (grunn != null) {
                feil.add(new InnleveringFeil("/mottaker", "mottaker " + Teksttegn.synlig(Identitetsnummer.mask(verdi))
                        + " er ikke et gyldig fødselsnummer/D-nummer: " + grunn));
                return null;
            }
            return Innlevering.Mottakertype.PERSON;
        }
        feil.add(new InnleveringFeil("/mottaker", "mottaker må ha 11 siffer (fødselsnummer/D-nummer) eller 9 siffer (organisasjonsnummer), har "
                + verdi.length() + " tegn"));
        return null;
    }

    private static Brevtype brevtype(JsonNode metadata, List<InnleveringFeil> feil) {
        String verdi = tekst(metadata, "brevtype");
        if (verdi == null) {
            feil.add(new InnleveringFeil("/brevtype", "brevtype mangler (FORMELL eller TJENESTEMELDING)"));
            return null;
        }
        for (Brevtype t : Brevtype.values()) {
            if (t.name().equals(verdi)) {
                return t;
            }
        }
        feil.add(new InnleveringFeil("/brevtype", "brevtype må være FORMELL eller TJENESTEMELDING"));
        return null;
    }

    private List<Innlevering.Dokument> dokumenter(JsonNode liste, List<InnleveringVedlegg> vedlegg, List<InnleveringFeil> feil) {
        if (liste == null || !liste.isArray() || liste.isEmpty()) {
            feil.add(new InnleveringFeil("/dokumenter", "forsendelsen har ingen dokumenter"));
            return List.of();
        }
        Map<String, Integer> delPaaNavn = new HashMap<>();
        for (int i = 0; i < vedlegg.size(); i++) {
            String navn = vedlegg.get(i).filnavn();
            if (navn != null && delPaaNavn.putIfAbsent(navn, i) != null) {
                feil.add(new InnleveringFeil("/dokumenter", "opplastet del nr " + (i + 1) + " har samme filnavn som en tidligere del"));
            }
        }
        Set<Integer> brukteDeler = new HashSet<>();
        List<Innlevering.Dokument> dokumenter = new ArrayList<>();
        List<DokumentFakta> fakta = new ArrayList<>();
        for (int i = 0; i < liste.size(); i++) {
            JsonNode d = liste.get(i);
            String peker = "/dokumenter/" + i;
            String hvem = "dokument " + (i + 1) + ": ";
            String filnavn = tekst(d, "filnavn");
            String mimeType = tekst(d, "mimeType");
            if (filnavn == null) {
                feil.add(new InnleveringFeil(peker + "/filnavn", hvem + "filnavn mangler"));
                continue;
            }
            if (mimeType == null) {
                feil.add(new InnleveringFeil(peker + "/mimeType", hvem + "mimeType mangler"));
            } else if (!mimeType.trim().toLowerCase(Locale.ROOT).equals(PDF)) {
                feil.add(new InnleveringFeil(peker + "/mimeType", hvem + "bare application/pdf tas imot"));
            }
            Integer del = delPaaNavn.get(filnavn);
            if (del == null) {
                feil.add(new InnleveringFeil(peker, hvem + "ingen opplastet del har dette filnavnet"));
                continue;
            }
            brukteDeler.add(del);
            byte[] innhold = vedlegg.get(del).innhold() == null ? new byte[0] : vedlegg.get(del).innhold();
            if (innhold.length > maksDokumentBytes) {
                feil.add(new InnleveringFeil(peker, hvem + "er " + innhold.length + " byte, maks " + maksDokumentBytes));
            } else {
                // opened as a PDF: SvarUt and its print service refuse what does not parse, encryption, scripts, embedded files
                for (PdfKontroll.Funn funn : pdf.kontroller(innhold)) {
                    feil.add(new InnleveringFeil(peker, hvem + funn.tekst(), funn.kode()));
                }
            }
            fakta.add(new DokumentFakta(filnavn, mimeType == null ? PDF : mimeType, innhold.length, false));
            dokumenter.add(new Innlevering.Dokument(filnavn, mimeType == null ? PDF : mimeType.trim(), innhold));
        }
        for (int i = 0; i < vedlegg.size(); i++) {
            if (!brukteDeler.contains(i) && delPaaNavn.get(vedlegg.get(i).filnavn()) != null
                    && delPaaNavn.get(vedlegg.get(i).filnavn()) == i) {
                feil.add(new InnleveringFeil("/dokumenter", "opplastet del nr " + (i + 1) + " står ikke i metadata.dokumenter"));
            }
        }
        // SvarUt's own rules (file name characters and length, unique names, total size when printed); the letter
        // may end up on paper, so they are checked as for print
        for (String brudd : SvarUtRegler.sjekkDokumenter(fakta, true)) {
            if (!brudd.contains("application/pdf")) {
                feil.add(new InnleveringFeil("/dokumenter", brudd));
            }
        }
        return dokumenter;
    }

    private static String tekst(JsonNode node, String felt) {
        JsonNode v = node == null ? null : node.get(felt);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            return null;
        }
        return v.asText();
    }

    /**
     * A sender system name echoed back, cut short so a pasted document cannot come back in the error, with any identity
     * number in it masked: a fagsystem whose fields are mapped one place off puts the recipient's number here.
     */
    private static String kort(String s) {
        // masked before it is cut: a cut through a number would leave up to ten of its digits unmasked
        String maskert = Identitetsnummer.maskIn(s);
        return Teksttegn.synlig(maskert.length() <= 40 ? maskert : maskert.substring(0, 40) + "…");
    }
}
