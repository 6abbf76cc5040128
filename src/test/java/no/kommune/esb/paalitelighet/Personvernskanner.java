package no.kommune.esb.paalitelighet;

import no.kommune.esb.Uuider;
import no.kommune.esb.model.Identitetsnummer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Finds personal data in text where DOMAIN.md forbids it (R6 of issue #15): identity numbers in clear (11 digits with
 * valid control digits, {@link Identitetsnummer}, also inside a longer digit run), KRR contact data (e-mail addresses,
 * Norwegian mobile numbers) and protected persons' street addresses. A hit names its kind and shows the value masked, so a report never repeats
 * what it found. Pure: the caller says where the text came from and whether identity numbers are allowed there.
 */
public final class Personvernskanner {

    /** What a hit is. */
    public enum Art { IDENTITETSNUMMER, EPOST, MOBILNUMMER, BESKYTTET_ADRESSE }

    /** One finding: its kind, where it was, and the value masked. */
    public record Treff(Art art, String kilde, String maskert) {
    }

    /**
     * What {@code Identitetsnummer.maskIn} looks at, so the scan and the masking agree: a UUID or a Camel exchange/message
     * id (15 hex digits, a dash, 16 hex digits) is passed over whole, though 11 of its hex digits may run decimal; else a
     * run of 11 or more digits (group 1), whose every 11-digit window is checked: a number may stand anywhere in a longer
     * run, and maskIn masks such a run after its first six digits.
     */
    private static final Pattern SIFFERREKKE = Pattern.compile(
            "(?<![0-9A-Za-z])(?:[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[0-9A-Fa-f]{15}-[0-9A-Fa-f]{16})(?![0-9A-Za-z])"
                    + "|(?<!\\d)(\\d{11,})");
    /** Starts only where a run of address characters starts and never backtracks: linear on megabytes of binary data. */
    private static final Pattern EPOST = Pattern.compile("(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9-]++(?:\\.[A-Za-z0-9-]++)*+(?<=\\.[A-Za-z]{2,63})");
    /** With a country code it is a phone number whatever the digits; bare 8 digits only when KRR holds them (sizes and counts look the same). */
    private static final Pattern MOBIL_MED_LANDKODE = Pattern.compile("(?<![\\d+])(?:\\+47|0047) ?([49]\\d{7})(?!\\d)");
    /** A house number after white space, with an optional letter: where a street address ends. */
    private static final Pattern HUSNUMMER = Pattern.compile("(?<=\\s)(\\d{1,4}) ?([A-Za-z])?(?![\\p{L}\\d])");
    private static final Pattern MOBIL_UTEN_LANDKODE = Pattern.compile("(?<![\\d+])([49]\\d{7})(?!\\d)");

    private final Set<String> kjenteMobilnumre;
    private final Set<String> tillatteEpostdomener;
    private final Set<String> beskyttedeAdresser;
    /** The protected addresses' street names, lower case; a house number is looked up only when one of them stands before it. */
    private final Set<String> gatenavn;
    private final int lengsteGatenavn;

    /**
     * @param kjenteMobilnumre      KRR's mobile numbers (8 digits, no country code): found also without +47
     * @param tillatteEpostdomener  domains of the platform's own addresses (a sender address is no personal data)
     * @param beskyttedeAdresser    protected persons' addresses as "adressenavn husnummer[husbokstav]"
     */
    public Personvernskanner(Collection<String> kjenteMobilnumre, Collection<String> tillatteEpostdomener, Collection<String> beskyttedeAdresser) {
        this.kjenteMobilnumre = Set.copyOf(kjenteMobilnumre);
        this.tillatteEpostdomener = tillatteEpostdomener.stream().map(d -> d.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.beskyttedeAdresser = beskyttedeAdresser.stream().map(Personvernskanner::normaliser).collect(Collectors.toUnmodifiableSet());
        this.gatenavn = this.beskyttedeAdresser.stream().map(a -> a.replaceFirst(" \\d+[a-z]?$", "")).collect(Collectors.toUnmodifiableSet());
        this.lengsteGatenavn = gatenavn.stream().mapToInt(String::length).max().orElse(0);
    }

    /** Every hit in {@code tekst}; identity numbers only when {@code identitetsnummerTillatt} is false. */
    public List<Treff> skann(String kilde, String tekst, boolean identitetsnummerTillatt) {
        List<Treff> treff = new ArrayList<>();
        if (tekst == null || tekst.isEmpty()) {
            return treff;
        }
        // UUIDs out for the mobile-number scan: a UUID's first group is 8 decimal digits about 2 % of the time
        String utenUuider = Uuider.utenUuider(tekst);
        if (!identitetsnummerTillatt) {
            Matcher m = SIFFERREKKE.matcher(tekst);
            while (m.find()) {
                if (m.group(1) != null && harIdentitetsnummer(m.group(1))) {
                    // one hit per run, masked as maskIn masks it: the first six digits, then stars
                    treff.add(new Treff(Art.IDENTITETSNUMMER, kilde, Identitetsnummer.mask(m.group(1))));
                }
            }
        }
        Matcher epost = EPOST.matcher(tekst);
        while (epost.find()) {
            String domene = epost.group().substring(epost.group().indexOf('@') + 1).toLowerCase(Locale.ROOT);
            if (!tillatteEpostdomener.contains(domene)) {
                treff.add(new Treff(Art.EPOST, kilde, epost.group().charAt(0) + "***@" + domene));
            }
        }
        Matcher mobil = MOBIL_MED_LANDKODE.matcher(tekst);
        while (mobil.find()) {
            treff.add(new Treff(Art.MOBILNUMMER, kilde, "+47 " + mobil.group(1).substring(0, 2) + "******"));
        }
        Matcher bar = MOBIL_UTEN_LANDKODE.matcher(utenUuider);
        while (bar.find()) {
            if (kjenteMobilnumre.contains(bar.group(1)) && !etterLandkode(utenUuider, bar.start())) {
                treff.add(new Treff(Art.MOBILNUMMER, kilde, bar.group(1).substring(0, 2) + "******"));
            }
        }
        if (!gatenavn.isEmpty()) {
            Matcher nummer = HUSNUMMER.matcher(tekst);
            while (nummer.find()) {
                String gate = gateFoer(tekst, nummer.start());
                if (gate != null && beskyttedeAdresser.contains(normaliser(gate + " " + nummer.group(1) + (nummer.group(2) == null ? "" : nummer.group(2))))) {
                    treff.add(new Treff(Art.BESKYTTET_ADRESSE, kilde, gate.charAt(0) + "*** " + "*".repeat(nummer.group(1).length())));
                }
            }
        }
        return treff;
    }

    /** Bytes as the scanner reads them: UTF-8, whatever does not decode is replaced (a PDF's text is not searched). */
    public List<Treff> skann(String kilde, byte[] innhold, boolean identitetsnummerTillatt) {
        return skann(kilde, new String(innhold, java.nio.charset.StandardCharsets.UTF_8), identitetsnummerTillatt);
    }

    /** A protected street name that ends right before {@code slutt} (spaces between allowed) and starts a word, or null. */
    private String gateFoer(String tekst, int slutt) {
        int e = slutt;
        while (e > 0 && Character.isWhitespace(tekst.charAt(e - 1))) {
            e--;
        }
        int fra = Math.max(0, e - lengsteGatenavn);
        String foer = tekst.substring(fra, e).toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        for (int i = 0; i < foer.length(); i++) {
            boolean ordstart = i == 0 ? fra == 0 || !Character.isLetterOrDigit(tekst.charAt(fra - 1)) : !Character.isLetterOrDigit(foer.charAt(i - 1));
            if (ordstart && gatenavn.contains(foer.substring(i))) {
                return foer.substring(i);
            }
        }
        return null;
    }

    /** Whether some 11 digits in a row of {@code sifre} (a run of 11 or more) are a valid identity number. */
    private static boolean harIdentitetsnummer(String sifre) {
        for (int i = 0; i + 11 <= sifre.length(); i++) {
            if (Identitetsnummer.isValid(sifre.substring(i, i + 11))) {
                return true;
            }
        }
        return false;
    }

    /** True when the 8 digits at {@code start} are the tail of a +47/0047 number (already counted once). */
    private static boolean etterLandkode(String tekst, int start) {
        String foer = tekst.substring(Math.max(0, start - 5), start).replace(" ", "");
        return foer.endsWith("+47") || foer.endsWith("0047");
    }

    private static String normaliser(String adresse) {
        return adresse.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").replaceAll("(\\d) ([a-z])$", "$1$2").trim();
    }
}
