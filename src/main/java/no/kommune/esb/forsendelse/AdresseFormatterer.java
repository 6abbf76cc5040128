package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Adresse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Canonical {@link Adresse} to SvarUt {@code mottaker} lines. Never truncates and never guesses: an address that
 * does not fit SvarUt's fields or lacks a part the post needs gives {@link Feil} with a reason free of personal data.
 * <ul>
 *   <li>vegadresse: [c/o], "Adressenavn 12B" plus the bruksenhetsnummer ("Storgata 12B H0203") unless it is the
 *       single-dwelling H0101</li>
 *   <li>matrikkeladresse: [c/o], [adressetilleggsnavn], "gnr/bnr" (with "/fnr" when festenummer &gt; 0)</li>
 *   <li>postboks: [postbokseier], "Postboks N"</li>
 *   <li>fritt format: the register's lines as given</li>
 *   <li>utenlandsk: the lines, postkode as postnummer, city as poststed, land as the country's Norwegian name in
 *       capitals (from the ISO 3166 code; unknown code → Feil)</li>
 * </ul>
 * Limits are SvarUt v3's (v2 states none): navn ≤ {@value #MAKS_NAVN}, each line and poststed ≤ {@value #MAKS_LINJE},
 * postnummer ≤ {@value #MAKS_POSTNUMMER}, at most three lines.
 */
public final class AdresseFormatterer {

    public static final int MAKS_NAVN = 100;
    public static final int MAKS_LINJE = 70;
    public static final int MAKS_POSTNUMMER = 20;
    private static final int MAKS_LINJER = 3;
    private static final Locale NORSK = Locale.forLanguageTag("nb-NO");
    private static final Set<String> LAND = Set.of(Locale.getISOCountries());

    /** The outcome: the mottaker, or why the address cannot be used. */
    public sealed interface Resultat permits Ok, Feil {
    }

    public record Ok(SvarUtMottaker mottaker) implements Resultat {
    }

    /** @param grunn a fixed text without personal data */
    public record Feil(String grunn) implements Resultat {
    }

    /**
     * @param navn      the recipient's name as printed
     * @param digitalId identity or organisation number for digital delivery, or null
     */
    public Resultat formater(String navn, String digitalId, Adresse adresse) {
        if (navn == null || navn.isBlank()) {
            return new Feil("mottakeren mangler navn");
        }
        if (navn.length() > MAKS_NAVN) {
            return new Feil("navnet er lengre enn " + MAKS_NAVN + " tegn");
        }
        if (adresse == null) {
            return new Feil("ingen adresse");
        }
        List<String> linjer = new ArrayList<>();
        String postnummer;
        String poststed;
        String land = null;
        if (adresse instanceof Adresse.Vegadresse v) {
            if (blank(v.adressenavn())) {
                return new Feil("vegadresse uten adressenavn");
            }
            leggTil(linjer, co(v.coAdressenavn()));
            StringBuilder gate = new StringBuilder(v.adressenavn().trim());
            if (v.husnummer() != null) {
                gate.append(' ').append(v.husnummer());
                if (!blank(v.husbokstav())) {
                    gate.append(v.husbokstav().trim().toUpperCase(NORSK));
                }
            }
            if (!blank(v.bruksenhetsnummer()) && !"H0101".equalsIgnoreCase(v.bruksenhetsnummer().trim())) {
                gate.append(' ').append(v.bruksenhetsnummer().trim().toUpperCase(NORSK));
            }
            linjer.add(gate.toString());
            postnummer = v.postnummer();
            poststed = v.poststed();
        } else if (adresse instanceof Adresse.Matrikkeladresse m) {
            leggTil(linjer, co(m.coAdressenavn()));
            leggTil(linjer, m.adressetilleggsnavn());
            if (m.gaardsnummer() != null && m.bruksnummer() != null) {
                String nr = m.gaardsnummer() + "/" + m.bruksnummer();
                linjer.add(m.festenummer() != null && m.festenummer() > 0 ? nr + "/" + m.festenummer() : nr);
            } else if (blank(m.adressetilleggsnavn())) {
                return new Feil("matrikkeladresse uten gårds- og bruksnummer og uten tilleggsnavn");
            }
            postnummer = m.postnummer();
            poststed = m.poststed();
        } else if (adresse instanceof Adresse.Postboksadresse p) {
            if (blank(p.postboks())) {
                return new Feil("postboksadresse uten postboks");
            }
            leggTil(linjer, p.postbokseier());
            String boks = p.postboks().trim();
            linjer.add(boks.toLowerCase(NORSK).startsWith("postboks") ? boks : "Postboks " + boks);
            postnummer = p.postnummer();
            poststed = p.poststed();
        } else if (adresse instanceof Adresse.FrittFormat f) {
            (f.adresselinjer() == null ? List.<String>of() : f.adresselinjer()).forEach(l -> leggTil(linjer, l));
            if (linjer.isEmpty()) {
                return new Feil("adresse i fritt format uten adresselinjer");
            }
            postnummer = f.postnummer();
            poststed = f.poststed();
        } else {
            Adresse.Utenlandsk u = (Adresse.Utenlandsk) adresse;
            (u.adresselinjer() == null ? List.<String>of() : u.adresselinjer()).forEach(l -> leggTil(linjer, l));
            land = landnavn(u.landkode());
            if (land == null) {
                return new Feil("utenlandsk adresse med ukjent eller norsk landkode");
            }
            if (linjer.isEmpty()) {
                return new Feil("utenlandsk adresse uten adresselinjer");
            }
            postnummer = blank(u.postkode()) ? null : u.postkode().trim();
            poststed = blank(u.byEllerStedsnavn()) ? null : u.byEllerStedsnavn().trim();
            if (postnummer != null && postnummer.length() > MAKS_POSTNUMMER) {
                // a long foreign post code still prints correctly in front of the city
                poststed = poststed == null ? postnummer : postnummer + " " + poststed;
                postnummer = null;
            }
            if (poststed == null) {
                return new Feil("utenlandsk adresse uten by eller stedsnavn");
            }
        }
        if (land == null) {
            if (postnummer == null || !postnummer.trim().matches("\\d{4}")) {
                return new Feil("norsk adresse uten gyldig postnummer");
            }
            if (blank(poststed)) {
                return new Feil("norsk adresse uten poststed");
            }
            postnummer = postnummer.trim();
            poststed = poststed.trim();
        }
        List<String> tre = treLinjer(linjer);
        if (tre == null) {
            return new Feil("adressen har flere linjer enn SvarUt tar");
        }
        if (tre.stream().anyMatch(l -> l.length() > MAKS_LINJE) || poststed.length() > MAKS_LINJE) {
            return new Feil("en adresselinje er lengre enn " + MAKS_LINJE + " tegn");
        }
        return new Ok(new SvarUtMottaker(navn.trim(), digitalId, linje(tre, 0), linje(tre, 1), linje(tre, 2), postnummer, poststed, land));
    }

    /**
     * A one-way fingerprint of where an address is, for comparing addresses without keeping them: street, number
     * and letter (flat ignored, so a neighbouring flat also counts as the same place), or gnr/bnr, or post box.
     */
    static String noekkel(Adresse a) {
        String raw;
        if (a instanceof Adresse.Vegadresse v) {
            raw = "V|" + norm(v.postnummer()) + "|" + norm(v.adressenavn()) + "|" + v.husnummer() + "|" + norm(v.husbokstav());
        } else if (a instanceof Adresse.Matrikkeladresse m) {
            raw = "M|" + norm(m.kommunenummer()) + "|" + norm(m.postnummer()) + "|" + m.gaardsnummer() + "|" + m.bruksnummer()
                    + "|" + m.festenummer() + "|" + norm(m.adressetilleggsnavn());
        } else if (a instanceof Adresse.Postboksadresse p) {
            raw = "P|" + norm(p.postnummer()) + "|" + norm(p.postboks());
        } else if (a instanceof Adresse.FrittFormat f) {
            raw = "F|" + norm(f.postnummer()) + "|" + norm(String.join(" ", f.adresselinjer()));
        } else {
            Adresse.Utenlandsk u = (Adresse.Utenlandsk) a;
            raw = "U|" + norm(u.landkode()) + "|" + norm(u.postkode()) + "|" + norm(String.join(" ", u.adresselinjer()));
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256").digest(raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Norwegian country name in capitals for an ISO 3166 alpha-2 or alpha-3 code; null when unknown or Norway. */
    public static String landnavn(String kode) {
        if (blank(kode)) {
            return null;
        }
        String k = kode.trim().toUpperCase(Locale.ROOT);
        String alpha2 = null;
        if (k.length() == 2 && LAND.contains(k)) {
            alpha2 = k;
        } else if (k.length() == 3) {
            alpha2 = LAND.stream().filter(c -> new Locale("", c).getISO3Country().equals(k)).findFirst().orElse(null);
        }
        if (alpha2 == null || alpha2.equals("NO")) {
            return null;
        }
        return new Locale("", alpha2).getDisplayCountry(NORSK).toUpperCase(NORSK);
    }

    /** Up to three lines; more are joined onto the third with ", " when that still fits, else null. */
    private static List<String> treLinjer(List<String> linjer) {
        if (linjer.size() <= MAKS_LINJER) {
            return linjer;
        }
        String siste = String.join(", ", linjer.subList(MAKS_LINJER - 1, linjer.size()));
        if (siste.length() > MAKS_LINJE) {
            return null;
        }
        List<String> tre = new ArrayList<>(linjer.subList(0, MAKS_LINJER - 1));
        tre.add(siste);
        return tre;
    }

    private static String co(String coAdressenavn) {
        if (blank(coAdressenavn)) {
            return null;
        }
        String c = coAdressenavn.trim();
        return c.toLowerCase(Locale.ROOT).startsWith("c/o") ? c : "c/o " + c;
    }

    private static void leggTil(List<String> linjer, String linje) {
        if (!blank(linje)) {
            linjer.add(linje.trim());
        }
    }

    private static String linje(List<String> linjer, int i) {
        return i < linjer.size() ? linjer.get(i) : null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String norm(String s) {
        return s == null ? "" : Arrays.stream(s.trim().toUpperCase(Locale.ROOT).split("\\s+")).collect(Collectors.joining(" "));
    }
}
