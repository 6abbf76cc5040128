package no.kommune.esb.svarut;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules SvarUt REST v2 sets for a forsendelse and its documents (forsendelse-send-api-v2.json and KS'
 * "Send med dokumenter" page), checked before anything is sent so a letter is stopped with a clear reason
 * instead of being rejected by SvarUt. Pure functions; the letter intake uses them too.
 * Messages name documents by position (1-based), never by file name, which may carry a person's name.
 */
public final class SvarUtRegler {

    /** {@code Dokument.filnavn.maxLength}. */
    public static final int MAKS_FILNAVN = 226;
    /** Characters the contract forbids in a file name. */
    public static final String ULOVLIGE_TEGN = "*:\"\\/<>|?";
    /** "Total filstørrelse inntil 350 MB" when the letter may be printed; read as decimal megabytes, the stricter reading. */
    public static final long MAKS_BYTES_VED_PRINT = 350L * 1000 * 1000;

    private static final Pattern KONTERINGSKODE = Pattern.compile("^[a-zA-Z0-9_\\-.øæåØÆÅ]{0,20}$");
    private static final Set<String> NORGE = Set.of("norge", "no", "nor", "norway", "noreg");

    private SvarUtRegler() {
    }

    /** What {@link #sjekkDokumenter} needs to know about a document; content is not needed. */
    public record DokumentFakta(String filnavn, String mimeType, long storrelse, boolean ekskludertFraUtskrift) {
        @Override
        public String toString() {
            return "DokumentFakta[mimeType=" + mimeType + ", storrelse=" + storrelse + ", ekskludertFraUtskrift=" + ekskludertFraUtskrift + "]";
        }
    }

    /** Why a single file name is not allowed, or empty when it is. */
    public static Optional<String> sjekkFilnavn(String filnavn) {
        if (filnavn == null || filnavn.isBlank()) {
            return Optional.of("filnavn mangler");
        }
        if (filnavn.length() > MAKS_FILNAVN) {
            return Optional.of("filnavn er " + filnavn.length() + " tegn, maks " + MAKS_FILNAVN);
        }
        for (int i = 0; i < filnavn.length(); i++) {
            char c = filnavn.charAt(i);
            if (ULOVLIGE_TEGN.indexOf(c) >= 0) {
                return Optional.of("filnavn inneholder ulovlig tegn '" + c + "'");
            }
            // not in the contract's list, but a control character would break the multipart header it travels in
            if (Character.isISOControl(c)) {
                return Optional.of("filnavn inneholder et kontrolltegn");
            }
        }
        // "." and ".." name a folder, not a file, wherever the recipient saves the document
        if (filnavn.strip().chars().allMatch(c -> c == '.')) {
            return Optional.of("filnavn kan ikke bare være punktum");
        }
        // fullwidth and other compatibility forms (U+FF0F for '/', U+FF0E for '.') become the forbidden character under
        // NFKC, as Windows' "best fit" code pages and some unzip and download tools turn them: "．．／x" would be "../x"
        String kompatibel = Normalizer.normalize(filnavn, Normalizer.Form.NFKC);
        for (int i = 0; i < kompatibel.length(); i++) {
            if (ULOVLIGE_TEGN.indexOf(kompatibel.charAt(i)) >= 0) {
                return Optional.of("filnavn inneholder et tegn som tilsvarer det ulovlige tegnet '" + kompatibel.charAt(i) + "'");
            }
        }
        return Optional.empty();
    }

    /**
     * Checks the documents of one forsendelse: at least one; each file name valid and unique (compared without
     * regard to case, the stricter reading of "unikt"); a MIME type on each; and, when the letter may be
     * printed, every document that is not excluded from print is a PDF and all documents together are at most
     * {@link #MAKS_BYTES_VED_PRINT} bytes. Returns the violations, empty when the documents are acceptable.
     */
    public static List<String> sjekkDokumenter(List<DokumentFakta> dokumenter, boolean kanPrintes) {
        List<String> brudd = new ArrayList<>();
        if (dokumenter == null || dokumenter.isEmpty()) {
            brudd.add("forsendelsen har ingen dokumenter");
            return brudd;
        }
        Set<String> sett = new HashSet<>();
        long totalt = 0;
        for (int i = 0; i < dokumenter.size(); i++) {
            DokumentFakta d = dokumenter.get(i);
            String hvem = "dokument " + (i + 1) + ": ";
            sjekkFilnavn(d.filnavn()).ifPresent(b -> brudd.add(hvem + b));
            if (d.filnavn() != null && !sett.add(d.filnavn().toLowerCase(Locale.ROOT))) {
                brudd.add(hvem + "filnavn er brukt av et tidligere dokument i forsendelsen");
            }
            if (d.mimeType() == null || d.mimeType().isBlank()) {
                brudd.add(hvem + "mimeType mangler");
            } else if (kanPrintes && !d.ekskludertFraUtskrift() && !erPdf(d.mimeType())) {
                brudd.add(hvem + "bare application/pdf kan printes; merk dokumentet ekskludert fra utskrift eller send kun digitalt");
            }
            if (d.storrelse() < 0) {
                brudd.add(hvem + "ukjent størrelse");
            }
            totalt += Math.max(0, d.storrelse());
        }
        if (kanPrintes && totalt > MAKS_BYTES_VED_PRINT) {
            brudd.add(forStorTilPrint(totalt));
        }
        return brudd;
    }

    /** The rule broken by documents of {@code totalt} bytes together, over {@link #MAKS_BYTES_VED_PRINT}. */
    public static String forStorTilPrint(long totalt) {
        return "dokumentene er " + totalt + " byte til sammen, maks " + MAKS_BYTES_VED_PRINT + " når forsendelsen kan printes";
    }

    /**
     * Checks a whole forsendelse: the documents ({@link #sjekkDokumenter}) and the metadata the contract
     * requires or limits (title, recipient name, digitalId when digital only, postal address when it may be
     * printed, lengths of the free-text fields, konteringskode pattern). Never echoes personal data.
     */
    public static List<String> sjekk(Forsendelse forsendelse, List<Dokument> dokumenter) {
        List<String> brudd = new ArrayList<>();
        if (forsendelse.tittel() == null || forsendelse.tittel().isBlank()) {
            brudd.add("tittel mangler");
        } else if (forsendelse.tittel().length() > 1000) {
            brudd.add("tittel er lengre enn 1000 tegn");
        }
        maksLengde(brudd, "eksternReferanse", forsendelse.eksternReferanse(), 100);
        maksLengde(brudd, "avgivendeSystem", forsendelse.avgivendeSystem(), 100);
        maksLengde(brudd, "forsendelsestype", forsendelse.forsendelsestype(), 100);
        maksLengde(brudd, "korrelasjonsid", forsendelse.korrelasjonsid(), 100);
        if (forsendelse.konteringskode() != null && !KONTERINGSKODE.matcher(forsendelse.konteringskode()).matches()) {
            brudd.add("konteringskode har ugyldig format");
        }
        Forsendelse.Mottaker m = forsendelse.mottaker();
        if (blank(m.navn())) {
            brudd.add("mottaker.navn mangler");
        }
        if (forsendelse.kunDigitalLevering() && blank(m.digitalId())) {
            brudd.add("mottaker.digitalId er påkrevd ved kun digital levering");
        }
        if (forsendelse.kanPrintes()) {
            if (blank(m.poststed())) {
                brudd.add("mottaker.poststed er påkrevd når forsendelsen kan printes");
            }
            if (erNorsk(m.land()) && blank(m.postnummer())) {
                brudd.add("mottaker.postnummer er påkrevd for norsk adresse når forsendelsen kan printes");
            }
        }
        brudd.addAll(sjekkDokumenter(dokumenter == null ? List.of() : dokumenter.stream().map(Dokument::fakta).toList(),
                forsendelse.kanPrintes()));
        return brudd;
    }

    public static boolean erPdf(String mimeType) {
        return mimeType != null && mimeType.trim().toLowerCase(Locale.ROOT).startsWith(Dokument.PDF);
    }

    private static boolean erNorsk(String land) {
        return blank(land) || NORGE.contains(land.trim().toLowerCase(Locale.ROOT));
    }

    private static void maksLengde(List<String> brudd, String felt, String verdi, int maks) {
        if (verdi != null && verdi.length() > maks) {
            brudd.add(felt + " er lengre enn " + maks + " tegn");
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
