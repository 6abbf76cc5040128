package no.kommune.esb.oppslag;

import no.kommune.esb.model.Identitetsnummer;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The criteria a search may take, checked before the register is asked: Folkeregisteret's own names and formats
 * (freg.yaml {@code personer/soek} and {@code personer/entydigsoek}), each at most 100 characters. Reasons never
 * quote an identity number. Pure.
 */
final class Soekekriterier {

    /** Søk med treffliste. */
    static final List<String> TREFFLISTE = List.of("navn", "foedselsdato", "adressenavn", "husnummer", "postnummer", "kommunenummer",
            "soekFonetisk", "inkluderDoede");
    /** Entydig søk. */
    static final List<String> ENTYDIG = List.of("navn", "foedselsdato", "identifikasjonsnummer", "adressenavn", "husnummer", "postnummer",
            "soekFonetisk");

    private static final Map<String, Pattern> FORMAT = Map.of(
            "foedselsdato", Pattern.compile("\\d{8}"),
            "postnummer", Pattern.compile("\\d{4}"),
            "kommunenummer", Pattern.compile("\\d{4}"),
            "husnummer", Pattern.compile("\\d{1,5}[A-Za-z]?"),
            "adressenavn", Pattern.compile("\\p{L}[\\p{L}\\p{N} .'-]{2,99}"),
            "navn", Pattern.compile("\\p{L}[\\p{L} .'-]{0,99}"),
            "soekFonetisk", Pattern.compile("true|false"),
            "inkluderDoede", Pattern.compile("true|false"));

    private Soekekriterier() {
    }

    /** Copies the given criteria among {@code tillatte} into {@code ut}: null when valid, else why not. */
    static String les(Map<String, Object> headers, List<String> tillatte, Map<String, String> ut) {
        for (String navn : tillatte) {
            Object v = headers.get(navn);
            if (v == null || v.toString().isBlank()) {
                continue;
            }
            String tekst = v.toString().strip();
            if ("identifikasjonsnummer".equals(navn)) {
                if (!Identitetsnummer.isValid(tekst)) {
                    return "identifikasjonsnummer er ugyldig: " + Identitetsnummer.invalidReason(tekst);
                }
            } else if (!FORMAT.get(navn).matcher(tekst).matches()) {
                return navn + " har feil form (" + hjelp(navn) + ")";
            }
            ut.put(navn, tekst);
        }
        boolean kunValg = ut.keySet().stream().allMatch(k -> k.equals("soekFonetisk") || k.equals("inkluderDoede"));
        return kunValg ? "oppgi minst ett søkekriterium: " + tillatte : null;
    }

    /** Null when the criteria give entydig søk the right to a hit (oppslag.md "Minimumsinformasjon"), else why not. */
    static String rettTilTreff(Map<String, String> k) {
        boolean navn = k.get("navn") != null && k.get("navn").trim().split("\\s+").length >= 2;
        if (navn && (k.containsKey("identifikasjonsnummer") || k.containsKey("foedselsdato") || k.containsKey("adressenavn")
                || k.containsKey("postnummer"))) {
            return null;
        }
        return "entydig søk krever navn (fornavn og etternavn) og én av identifikasjonsnummer, foedselsdato, adressenavn (med husnummer) eller postnummer";
    }

    /** Null when the parts of a street address are well formed (kommunenummer, adressenavn, husnummer, optional husbokstav), else why not. */
    static String adresse(String kommunenummer, String adressenavn, String husnummer, String husbokstav) {
        if (kommunenummer == null || !FORMAT.get("kommunenummer").matcher(kommunenummer.strip()).matches()) {
            return "kommunenummer er påkrevd (4 siffer)";
        }
        if (adressenavn == null || !FORMAT.get("adressenavn").matcher(adressenavn.strip()).matches()) {
            return "adressenavn er påkrevd (" + hjelp("adressenavn") + ")";
        }
        if (husnummer == null || !husnummer.strip().matches("[1-9]\\d{0,4}")) {
            return "husnummer er påkrevd (et tall fra 1 til 99999, husbokstav for seg)";
        }
        if (husbokstav != null && !husbokstav.isBlank() && !husbokstav.strip().matches("\\p{L}")) {
            return "husbokstav har feil form (én bokstav)";
        }
        return null;
    }

    /** True when the search names where the person lives. */
    static boolean etterAdresse(Map<String, String> k) {
        return k.containsKey("adressenavn") || k.containsKey("husnummer") || k.containsKey("postnummer") || k.containsKey("kommunenummer");
    }

    private static String hjelp(String navn) {
        return switch (navn) {
            case "foedselsdato" -> "ÅÅÅÅMMDD";
            case "postnummer", "kommunenummer" -> "4 siffer";
            case "husnummer" -> "tall, eventuelt med bokstav, f.eks. 12B";
            case "adressenavn" -> "minst 3 bokstaver fra begynnelsen av gatenavnet";
            case "navn" -> "bokstaver, delnavn skilt med mellomrom";
            default -> "true eller false";
        };
    }
}
