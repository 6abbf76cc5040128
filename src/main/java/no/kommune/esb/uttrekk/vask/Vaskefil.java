package no.kommune.esb.uttrekk.vask;

import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.mapping.Innlesing;
import no.kommune.esb.model.Identitetsnummer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A wash file as the fagsystem sends it: text, one person a line (or the fagsystem's own format, read by the input
 * layout its registration names: {@link #les(String, int, Innlesing, String)}). A line is the identity number, optionally followed by
 * the address the fagsystem holds and its postcode ({@code 01017012345;Storgata 1 B;5003}), separated by {@code ;} (or a
 * tab, or {@code ,} when the line has no {@code ;}). A first line naming the columns ({@code identitetsnummer;adresse;postnummer})
 * is a header; blank lines and lines starting with {@code #} are skipped, except {@code # formaal: <formål>}, which names
 * the purpose (needed over SFTP, where there is no query parameter). A bad line is kept with its reason, never echoing
 * the number (masked). Pure: no I/O, no Spring.
 */
public record Vaskefil(String formaal, List<Linje> linjer) {

    public Vaskefil {
        linjer = List.copyOf(linjer);
    }

    /**
     * @param nr        line number in the file (1-based)
     * @param ident     the valid number, or null when the line is bad
     * @param maskert   the value as sent, masked ({@code 010190*****})
     * @param referanse the address the fagsystem holds, or null when the line gave none
     * @param feil      why the line is bad, or null
     */
    public record Linje(int nr, Identitetsnummer ident, String maskert, Referanse referanse, String feil) {
    }

    /** The address the fagsystem holds: the street line ({@code Storgata 1 B}) and, optionally, the postcode. */
    public record Referanse(String adresse, String postnummer) {
    }

    /** The file could not be read at all (empty, too long): the whole file is refused with this reason. */
    public static class UgyldigVaskefilException extends IllegalArgumentException {
        public UgyldigVaskefilException(String grunn) {
            super(grunn);
        }
    }

    /** Reads the file; at most {@code maksLinjer} person lines. */
    public static Vaskefil les(String tekst, int maksLinjer) {
        if (tekst == null || tekst.isBlank()) {
            throw new UgyldigVaskefilException("filen er tom: send ett identitetsnummer per linje");
        }
        kanLeses(tekst);
        String[] rader = tekst.replace("\uFEFF", "").split("\r?\n|\r", -1);
        List<Linje> linjer = new ArrayList<>();
        String formaal = null;
        int adresseKol = 1;
        int postnrKol = 2;
        boolean foerste = true;
        for (int i = 0; i < rader.length; i++) {
            String rad = rader[i].strip();
            if (rad.isEmpty()) {
                continue;
            }
            if (rad.startsWith("#")) {
                String kommentar = rad.substring(1).strip();
                if (kommentar.toLowerCase(Locale.ROOT).startsWith("formaal:") || kommentar.toLowerCase(Locale.ROOT).startsWith("formål:")) {
                    formaal = kommentar.substring(kommentar.indexOf(':') + 1).strip();
                }
                continue;
            }
            String[] felt = del(rad);
            if (foerste && erOverskrift(felt[0])) {
                foerste = false;
                for (int k = 1; k < felt.length; k++) {
                    String navn = felt[k].strip().toLowerCase(Locale.ROOT);
                    if (navn.equals("adresse")) {
                        adresseKol = k;
                    } else if (navn.equals("postnummer")) {
                        postnrKol = k;
                    }
                }
                continue;
            }
            foerste = false;
            if (linjer.size() == maksLinjer) {
                throw new UgyldigVaskefilException("filen har flere enn " + maksLinjer + " linjer (vask.maks-linjer): del den opp");
            }
            linjer.add(linje(i + 1, felt, adresseKol, postnrKol));
        }
        if (linjer.isEmpty()) {
            throw new UgyldigVaskefilException("filen har ingen linjer med identitetsnummer");
        }
        return new Vaskefil(formaal, linjer);
    }

    /** Reads a wash file as the registration's {@code vask} block says: through its input layout, or the platform's CSV. */
    public static Vaskefil les(String tekst, int maksLinjer, Fagsystem.Vask oppsett) {
        return oppsett.innlesing() != null ? les(tekst, maksLinjer, oppsett.innlesing(), oppsett.formaal()) : les(tekst, maksLinjer);
    }

    /**
     * Reads a file in the fagsystem's own format with its input layout: each record is one person line, numbered by the
     * line of the file it starts on; a record the layout could not read is a bad line. The purpose comes from the
     * registration ({@code vask.formaal}), since such a file has no {@code # formaal:} line.
     */
    static Vaskefil les(String tekst, int maksLinjer, Innlesing layout, String formaal) {
        kanLeses(tekst);
        List<Innlesing.Post> poster;
        try {
            poster = layout.les(tekst);
        } catch (Innlesing.UlesbarFilException e) {
            throw new UgyldigVaskefilException(e.getMessage());
        }
        if (poster.isEmpty()) {
            throw new UgyldigVaskefilException("filen har ingen linjer med identitetsnummer");
        }
        if (poster.size() > maksLinjer) {
            throw new UgyldigVaskefilException("filen har flere enn " + maksLinjer + " linjer (vask.maks-linjer): del den opp");
        }
        List<Linje> linjer = new ArrayList<>();
        for (Innlesing.Post p : poster) {
            String verdi = p.felter().getOrDefault(Fagsystem.Vask.IDENTITETSNUMMER, "");
            linjer.add(p.feil() != null
                    ? new Linje(p.linje(), null, Identitetsnummer.mask(verdi), null, "kan ikke leses: " + p.feil())
                    : linje(p.linje(), verdi, p.felter().getOrDefault(Fagsystem.Vask.ADRESSE, ""), p.felter().getOrDefault(Fagsystem.Vask.POSTNUMMER, "")));
        }
        return new Vaskefil(formaal, linjer);
    }

    /**
     * Refuses a file with a character its decoding could not read: bytes that are not UTF-8 (a Windows-1252 export's
     * "ø") are read as U+FFFD by the SFTP reader and the web server alike. The reason names the line, never its content.
     * Until session 31 such a line was washed: "Bjørnveien 3" became "Bj\uFFFDrnveien 3", which {@link Vaskeregel#normal}
     * read as "bjrnveien3", and the person was answered {@code FLYTTET} though they had not moved.
     */
    static void kanLeses(String tekst) {
        int i = tekst == null ? -1 : tekst.indexOf('\uFFFD');
        if (i >= 0) {
            int linje = tekst.substring(0, i).split("\r?\n|\r", -1).length;
            throw new UgyldigVaskefilException("linje " + linje + " har tegn som ikke kan leses som UTF-8 (filen er vel lagret i et"
                    + " annet tegnsett, f.eks. Windows-1252): lagre filen som UTF-8 og send den igjen");
        }
    }

    private static Linje linje(int nr, String[] felt, int adresseKol, int postnrKol) {
        return linje(nr, felt[0], adresseKol < felt.length ? felt[adresseKol] : "", postnrKol < felt.length ? felt[postnrKol] : "");
    }

    private static Linje linje(int nr, String ident, String adresseFelt, String postnrFelt) {
        String verdi = ident.strip();
        String maskert = Identitetsnummer.mask(verdi);
        if (verdi.isEmpty()) {
            return new Linje(nr, null, "", null, "identitetsnummer mangler");
        }
        String grunn = Identitetsnummer.invalidReason(verdi);
        if (grunn != null) {
            return new Linje(nr, null, maskert, null, "ugyldig identitetsnummer: " + grunn);
        }
        String adresse = adresseFelt.strip();
        String postnr = postnrFelt.strip();
        Referanse ref = adresse.isEmpty() ? null : new Referanse(adresse, postnr.isEmpty() ? null : postnr);
        return new Linje(nr, Identitetsnummer.of(verdi), maskert, ref, null);
    }

    private static String[] del(String rad) {
        String skille = rad.contains(";") ? ";" : rad.contains("\t") ? "\t" : ",";
        return rad.split(skille, -1);
    }

    private static boolean erOverskrift(String foersteFelt) {
        String f = foersteFelt.strip().toLowerCase(Locale.ROOT);
        return f.equals("identitetsnummer") || f.equals("ident") || f.equals("fnr") || f.equals("foedselsnummer") || f.equals("fødselsnummer");
    }
}
