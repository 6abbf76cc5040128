package no.kommune.esb.uttrekk.format;

import com.fasterxml.jackson.databind.JsonNode;
import no.kommune.esb.forsendelse.AdresseFormatterer;
import no.kommune.esb.forsendelse.Forsendelsesbeslutter;
import no.kommune.esb.forsendelse.Regel;
import no.kommune.esb.forsendelse.SvarUtMottaker;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Adressefelt;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads what the printed formats show from a row document ({@link Uttrekksformat}): names, dates and address lines.
 * An address is printable only when it is in the document and not graded strengt fortrolig: {@code Dataminimering}
 * never puts such an address in, and this class refuses it again, so a mistake upstream never reaches paper
 * (DOMAIN.md rule 5). Pure: no I/O, no Spring.
 */
public final class Persondokument {

    /** Printed where a person's address is withheld. */
    public static final String SPERRET = "adresse sperret";
    /** Printed for a deceased person or parent (DOMAIN.md rule 6). */
    public static final String DOED = "død";
    /**
     * Printed instead of the name of a related person whose document Folkeregisteret gave but the platform cannot read
     * (the row's {@code "ulesbar": true}): she has no data, and is neither unknown nor "no parent".
     */
    public static final String ULESBAR = "kan ikke leses fra Folkeregisteret";

    private static final AdresseFormatterer FORMATTERER = new AdresseFormatterer();
    private static final DateTimeFormatter DATO = DateTimeFormatter.ofPattern("dd.MM.yyyy", Locale.forLanguageTag("nb"));

    private Persondokument() {
    }

    /** "Fornavn Mellomnavn Etternavn", or "" when the document has no name. */
    public static String navn(JsonNode person) {
        return tekst(person.path("navn"), "fulltNavn");
    }

    /** The birth date, or null when absent or not a date. */
    public static LocalDate foedselsdato(JsonNode person) {
        return dato(tekst(person, "foedselsdato"));
    }

    /** A date as Norwegians write it ({@code 01.08.2020}), or "" for null. */
    public static String norskDato(LocalDate dato) {
        return dato == null ? "" : DATO.format(dato);
    }

    /** An ISO date, or null when blank or unreadable. */
    public static LocalDate dato(String iso) {
        if (iso == null || iso.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * True when the person's address must not be printed: the minimisation withheld one
     * ({@code adresseTilbakeholdt}), or an address in the document is graded strengt fortrolig.
     */
    public static boolean sperret(JsonNode person) {
        if (person.path("adresseTilbakeholdt").asBoolean(false)) {
            return true;
        }
        for (String felt : List.of("bostedsadresse", "postadresse", "postadresseIUtlandet")) {
            if (strengtFortrolig(person.get(felt))) {
                return true;
            }
        }
        for (JsonNode d : person.path("deltBosted")) {
            if (strengtFortrolig(d.get("adresse"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the row marks the person deceased ({@code "doed": true}, set by the extract whatever the registration's
     * fields) or the document's status says so.
     */
    public static boolean doed(JsonNode person) {
        return person.path("doed").asBoolean(false) || "DOED".equals(tekst(person, "status"));
    }

    /** True when the row marks a related person's document as one that cannot be read ({@code "ulesbar": true}, {@link #ULESBAR}). */
    public static boolean ulesbar(JsonNode person) {
        return person.path("ulesbar").asBoolean(false);
    }

    /**
     * What a list prints beside an address Folkeregisteret gave with a value that cannot be read (the view's
     * {@code "ufullstendig": true}, {@code Dataminimering}): the lines hold only what could be read, e.g. the street
     * without its number, and must not be taken for the address.
     */
    public static final String UFULLSTENDIG = "ufullstendig adresse: en verdi fra Folkeregisteret kan ikke leses";

    /** True when the residence the document shows is marked incomplete ({@link #UFULLSTENDIG}); false when withheld. */
    public static boolean bostedUfullstendig(JsonNode person) {
        return !sperret(person) && person.path("bostedsadresse").path("ufullstendig").asBoolean(false);
    }

    /** The residence as lines (street, postcode and place), or an empty list when absent or withheld. */
    public static List<String> bosted(JsonNode person) {
        return sperret(person) ? List.of() : linjer(person.get("bostedsadresse"));
    }

    /**
     * Where a letter to the person goes, as a label prints it: {@code linjer}, or the letter flow's rule and reason
     * (free of personal data) when it would send the letter to manual handling for its address ({@code regel},
     * {@code grunn}); all empty when the address is withheld.
     */
    public record Postadresse(List<String> linjer, Regel regel, String grunn) {
        static final Postadresse INGEN = new Postadresse(List.of(), null, null);
    }

    /**
     * Where a letter goes (DOMAIN.md rule 4), chosen by the letter flow's own rule
     * ({@link Forsendelsesbeslutter#postadressevalg}): {@code postadresse} when present, else the postal address abroad,
     * else the residence when it is a vegadresse or matrikkeladresse and {@code ukjentBosted} is not set. No address
     * by that rule (unknown residence and no postadresse, or a residence of another kind) is
     * {@code R4-UKJENT-ADRESSE} with the letter flow's reason. The chosen address is written by the letter flow's
     * {@link AdresseFormatterer} (the same lines as on the letter; abroad the country's Norwegian name in capitals),
     * and one it refuses (no valid postnummer or poststed, a line too long, an unknown country code, …) is
     * {@code R4-ADRESSE-UBRUKELIG} with the formatter's reason: the letter would go to manual handling, and so does
     * the label; it never falls back to another address, as the letter doesn't. An element the register gave with a
     * value that cannot be read ({@code uleselige}, from the row's {@link Utsending} section: the row itself keeps only
     * what could be read, e.g. the street without its house number) gives no address when its turn comes,
     * {@code R4-UKJENT-ADRESSE}, as the letter goes to manual handling.
     *
     * @param uleselige the person's unreadable address elements ({@link Utsending#uleselige}); empty when none
     */
    public static Postadresse postadresse(JsonNode person, Set<Adressefelt> uleselige) {
        if (sperret(person)) {
            return Postadresse.INGEN;
        }
        Forsendelsesbeslutter.Adressevalg valg = Forsendelsesbeslutter.postadressevalg(adresse(person.get("postadresse")),
                adresse(person.get("postadresseIUtlandet")), adresse(person.get("bostedsadresse")),
                person.path("ukjentBosted").asBoolean(false), uleselige);
        if (valg.adresse() == null) {
            return new Postadresse(List.of(), valg.regel(), valg.grunn());
        }
        return formatert(navn(person), valg.adresse());
    }

    /** An address through the letter flow's formatter: its lines, postnummer and poststed, and abroad the country's name. */
    private static Postadresse formatert(String navn, Adresse a) {
        // the label prints the name itself; the formatter judges it as for the letter, a placeholder only when the row has none
        AdresseFormatterer.Resultat r = FORMATTERER.formater(navn.isBlank() ? "-" : navn, null, a);
        if (r instanceof AdresseFormatterer.Feil feil) {
            return new Postadresse(List.of(), Regel.R4_ADRESSE_UBRUKELIG, feil.grunn());
        }
        SvarUtMottaker m = ((AdresseFormatterer.Ok) r).mottaker();
        List<String> l = new ArrayList<>();
        leggTil(l, m.adresselinje1());
        leggTil(l, m.adresselinje2());
        leggTil(l, m.adresselinje3());
        leggTil(l, String.join(" ", ikkeTomme(m.postnummer(), m.poststed())));
        leggTil(l, m.land());
        return new Postadresse(l, null, null);
    }

    /**
     * One address object of the minimised view ({@code Dataminimering.adresse}) back as the canonical {@link Adresse}
     * the letter flow formats; null when absent, strengt fortrolig or of no known type. Grading is not carried: the
     * caller has refused protected addresses already and the formatter does not read it.
     */
    private static Adresse adresse(JsonNode a) {
        if (a == null || !a.isObject() || strengtFortrolig(a)) {
            return null;
        }
        String postnummer = tomSomNull(tekst(a, "postnummer"));
        String poststed = tomSomNull(tekst(a, "poststed"));
        return switch (tekst(a, "type")) {
            case "VEGADRESSE" -> new Adresse.Vegadresse(tomSomNull(tekst(a, "coAdressenavn")), tomSomNull(tekst(a, "adressenavn")),
                    heltall(a, "husnummer"), tomSomNull(tekst(a, "husbokstav")), tomSomNull(tekst(a, "bruksenhetsnummer")), postnummer,
                    poststed, tomSomNull(tekst(a, "kommunenummer")), tomSomNull(tekst(a, "adressekode")), Gradering.UGRADERT);
            case "MATRIKKELADRESSE" -> new Adresse.Matrikkeladresse(tomSomNull(tekst(a, "coAdressenavn")),
                    tomSomNull(tekst(a, "adressetilleggsnavn")), heltall(a, "gaardsnummer"), heltall(a, "bruksnummer"),
                    heltall(a, "festenummer"), postnummer, poststed, tomSomNull(tekst(a, "kommunenummer")), Gradering.UGRADERT);
            case "POSTBOKSADRESSE" -> new Adresse.Postboksadresse(tomSomNull(tekst(a, "postbokseier")), tomSomNull(tekst(a, "postboks")),
                    postnummer, poststed, Gradering.UGRADERT);
            case "FRITT_FORMAT" -> new Adresse.FrittFormat(adresselinjer(a), postnummer, poststed, Gradering.UGRADERT);
            case "UTENLANDSK" -> new Adresse.Utenlandsk(adresselinjer(a), tomSomNull(tekst(a, "postkode")),
                    tomSomNull(tekst(a, "byEllerStedsnavn")), tomSomNull(tekst(a, "landkode")), Gradering.UGRADERT);
            default -> null;
        };
    }

    private static List<String> adresselinjer(JsonNode a) {
        List<String> linjer = new ArrayList<>();
        a.path("adresselinjer").forEach(x -> linjer.add(x.asText("")));
        return linjer;
    }

    /** A whole number field, or null when absent or not a number (the formatter then judges the address without it). */
    private static Integer heltall(JsonNode a, String felt) {
        JsonNode v = a.get(felt);
        if (v != null && v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        String t = tekst(a, felt).strip();
        return t.matches("\\d{1,9}") ? Integer.valueOf(t) : null;
    }

    private static String tomSomNull(String s) {
        return s.isBlank() ? null : s;
    }

    /** The shared residences' addresses (delt bosted), each as lines; none when withheld. */
    public static List<List<String>> deltBosted(JsonNode person) {
        List<List<String>> ut = new ArrayList<>();
        if (sperret(person)) {
            return ut;
        }
        for (JsonNode d : person.path("deltBosted")) {
            List<String> l = linjer(d.get("adresse"));
            if (!l.isEmpty()) {
                ut.add(l);
            }
        }
        return ut;
    }

    /**
     * One address object of the minimised view ({@code Dataminimering.adresse}) as printed lines: c/o, the street or
     * place line(s), then postcode and place (abroad: postcode, city, and the country's Norwegian name as the letter flow
     * writes it, or the register's code when it knows no such country). Empty for null or a strengt fortrolig address.
     */
    public static List<String> linjer(JsonNode a) {
        List<String> l = new ArrayList<>();
        if (a == null || !a.isObject() || strengtFortrolig(a)) {
            return l;
        }
        String co = tekst(a, "coAdressenavn");
        if (!co.isEmpty()) {
            l.add(co.toLowerCase(Locale.ROOT).startsWith("c/o") ? co : "c/o " + co);
        }
        switch (tekst(a, "type")) {
            case "VEGADRESSE" -> leggTil(l, String.join(" ", ikkeTomme(tekst(a, "adressenavn"),
                    tekst(a, "husnummer") + tekst(a, "husbokstav"), bruksenhet(tekst(a, "bruksenhetsnummer")))));
            case "MATRIKKELADRESSE" -> {
                leggTil(l, tekst(a, "adressetilleggsnavn"));
                if (l.isEmpty() || l.size() == 1 && !co.isEmpty()) {
                    leggTil(l, "Gnr. " + tekst(a, "gaardsnummer") + " Bnr. " + tekst(a, "bruksnummer"));
                }
            }
            case "POSTBOKSADRESSE" -> {
                leggTil(l, tekst(a, "postbokseier"));
                leggTil(l, tekst(a, "postboks").isEmpty() ? "" : "Postboks " + tekst(a, "postboks"));
            }
            default -> a.path("adresselinjer").forEach(x -> leggTil(l, x.asText("")));
        }
        if ("UTENLANDSK".equals(tekst(a, "type"))) {
            leggTil(l, String.join(" ", ikkeTomme(tekst(a, "postkode"), tekst(a, "byEllerStedsnavn"))));
            String land = AdresseFormatterer.landnavn(tekst(a, "landkode"));
            leggTil(l, land == null ? tekst(a, "landkode") : land);
        } else {
            leggTil(l, String.join(" ", ikkeTomme(tekst(a, "postnummer"), tekst(a, "poststed"))));
        }
        return l;
    }

    /** The person's identity number masked ({@code 010190*****}), or "" when the document has none. */
    public static String maskertIdent(JsonNode person) {
        String id = tekst(person, "identitetsnummer");
        return id.isEmpty() ? "" : Identitetsnummer.mask(id);
    }

    /** A field as text, "" when absent or null. */
    public static String tekst(JsonNode node, String felt) {
        JsonNode v = node == null ? null : node.get(felt);
        return v == null || v.isNull() ? "" : v.asText("");
    }

    private static boolean strengtFortrolig(JsonNode adresse) {
        return adresse != null && Gradering.STRENGT_FORTROLIG.name().equals(tekst(adresse, "gradering"));
    }

    private static String bruksenhet(String nummer) {
        // H0101 is the default unit on a single-dwelling address: it tells the postman nothing
        return nummer.isEmpty() || "H0101".equals(nummer) ? "" : nummer;
    }

    private static List<String> ikkeTomme(String... deler) {
        List<String> ut = new ArrayList<>();
        for (String d : deler) {
            if (d != null && !d.isBlank()) {
                ut.add(d.strip());
            }
        }
        return ut;
    }

    private static void leggTil(List<String> l, String linje) {
        if (linje != null && !linje.isBlank()) {
            l.add(linje.strip());
        }
    }
}
