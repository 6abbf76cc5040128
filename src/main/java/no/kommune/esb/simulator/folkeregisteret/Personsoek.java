package no.kommune.esb.simulator.folkeregisteret;

import no.kommune.esb.simulator.population.SimAddress;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The search criteria of {@code personer/soek} and {@code personer/entydigsoek} (freg.yaml, oppslag.md) over the
 * synthetic population, on current facts only: {@code navn} (whole words; for entydig søk the first word must be a
 * first name and the last a surname), {@code foedselsdato} (YYYYMMDD), {@code foedselsaarFraOgMed} and
 * {@code foedselsaarTilOgMed} (4 digits, both included), {@code identifikasjonsnummer} (current or
 * earlier), {@code adressenavn} (at least the first 3 letters), {@code husnummer} (with or without letter),
 * {@code postnummer}, {@code kommunenummer}, {@code inkluderDoede}; {@code soekFonetisk} compares names by a simple
 * sound key (see {@link #lyd}).
 */
final class Personsoek {

    private static final DateTimeFormatter DATO = DateTimeFormatter.BASIC_ISO_DATE;

    private Personsoek() {
    }

    static Predicate<SimPerson> kriterier(Map<String, String> k, SyntheticPopulation population, boolean entydig) {
        boolean fonetisk = "true".equalsIgnoreCase(k.get("soekFonetisk"));
        boolean doede = "true".equalsIgnoreCase(k.get("inkluderDoede"));
        Predicate<SimPerson> p = person -> doede || entydig || person.status() != SimPerson.Status.DOED;
        if (k.get("navn") != null) {
            List<String> ord = ord(k.get("navn"), fonetisk);
            p = p.and(person -> navnTreffer(person, ord, fonetisk, entydig));
        }
        if (k.get("foedselsdato") != null) {
            String dato = k.get("foedselsdato");
            p = p.and(person -> person.foedselsdato() != null && DATO.format(person.foedselsdato()).equals(dato));
        }
        if (k.get("foedselsaarFraOgMed") != null || k.get("foedselsaarTilOgMed") != null) {
            int fra = aar(k.get("foedselsaarFraOgMed"), Integer.MIN_VALUE);
            int til = aar(k.get("foedselsaarTilOgMed"), Integer.MAX_VALUE);
            p = p.and(person -> person.foedselsdato() != null && person.foedselsdato().getYear() >= fra && person.foedselsdato().getYear() <= til);
        }
        if (k.get("identifikasjonsnummer") != null) {
            String id = k.get("identifikasjonsnummer");
            p = p.and(person -> id.equals(person.id()) || id.equals(person.formerDnummer()));
        }
        if (k.get("adressenavn") != null || k.get("husnummer") != null || k.get("postnummer") != null || k.get("kommunenummer") != null) {
            p = p.and(person -> adresseTreffer(person.addressIndex() < 0 ? null : population.address(person.addressIndex()), k));
        }
        return p;
    }

    /** A birth-year criterion (4 digits, freg.yaml), or {@code ellers} when absent. */
    private static int aar(String tekst, int ellers) {
        if (tekst == null) {
            return ellers;
        }
        if (!tekst.matches("\\d{4}")) {
            throw new FregException(400, "FREG-400", "Fødselsår må være 4 siffer");
        }
        return Integer.parseInt(tekst);
    }

    /** True when entydig søk has a combination that gives the right to a hit (oppslag.md, "Minimumsinformasjon"). */
    static boolean rettTilTreff(Map<String, String> k) {
        boolean navn = k.get("navn") != null && k.get("navn").trim().split("\\s+").length >= 2;
        return navn && (k.get("identifikasjonsnummer") != null || k.get("foedselsdato") != null
                || k.get("adressenavn") != null || k.get("postnummer") != null);
    }

    private static boolean adresseTreffer(SimAddress a, Map<String, String> k) {
        if (a == null) {
            return false;
        }
        String navn = k.get("adressenavn");
        if (navn != null && !a.adressenavn().toLowerCase(Locale.ROOT).startsWith(navn.toLowerCase(Locale.ROOT))) {
            return false;
        }
        String nr = k.get("husnummer");
        if (nr != null && !nr.equalsIgnoreCase(a.husnummer() + (a.husbokstav() == null ? "" : a.husbokstav()))) {
            return false;
        }
        return (k.get("postnummer") == null || k.get("postnummer").equals(a.postnummer()))
                && (k.get("kommunenummer") == null || k.get("kommunenummer").equals(a.kommunenummer()));
    }

    private static boolean navnTreffer(SimPerson p, List<String> ord, boolean fonetisk, boolean entydig) {
        List<String> fornavn = ord(p.fornavn(), fonetisk);
        List<String> etternavn = ord(p.etternavn(), fonetisk);
        List<String> alle = new ArrayList<>(fornavn);
        if (p.mellomnavn() != null) {
            alle.addAll(ord(p.mellomnavn(), fonetisk));
        }
        alle.addAll(etternavn);
        if (entydig) {
            if (ord.size() < 2 || !fornavn.contains(ord.get(0)) || !etternavn.contains(ord.get(ord.size() - 1))) {
                return false;
            }
        }
        return alle.containsAll(ord);
    }

    private static List<String> ord(String tekst, boolean fonetisk) {
        if (tekst == null) {
            return List.of();
        }
        return Arrays.stream(tekst.trim().toLowerCase(Locale.ROOT).split("[\\s-]+"))
                .filter(s -> !s.isEmpty()).map(s -> fonetisk ? lyd(s) : s).toList();
    }

    /** A rough sound key for Norwegian names: Kristian/Christian, Jon/John, Aase/Åse, Mette/Mete give the same key. */
    static String lyd(String ord) {
        String s = ord.toLowerCase(Locale.ROOT)
                .replace("aa", "å").replace("ch", "k").replace("ph", "f").replace("th", "t").replace("ck", "k")
                .replace('c', 'k').replace('z', 's').replace('w', 'v').replace('q', 'k').replace('x', 's');
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 'h' && i > 0) {
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) == c) {
                continue;
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
