package no.kommune.esb.folkeregister;

import com.fasterxml.jackson.databind.JsonNode;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Adressefelt;
import no.kommune.esb.model.DeltBosted;
import no.kommune.esb.model.Familierelasjon;
import no.kommune.esb.model.Foreldreansvar;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personhistorikk;
import no.kommune.esb.model.Personstatus;
import no.kommune.esb.platform.Norsktid;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Folkeregisteret's person document ({@code Folkeregisterperson}, freg.yaml v1.5) to the canonical {@link Person}.
 * <p>
 * Every top-level element is an array of entries; an entry is current when {@code erGjeldende} is true (or,
 * when the flag is missing, when it has no {@code opphoerstidspunkt}). Where one value is wanted and several
 * entries are current, the one with the latest {@code gyldighetstidspunkt} wins. {@code doedsfall} and
 * {@code falskIdentitet} are single objects. Grading fails closed: an unknown {@code adressegradering} value
 * is read as strengtFortrolig, and each address carries at least the person's {@code adressebeskyttelse}.
 * A deceased person's bostedsadresse is ended at the death ({@code erGjeldende=false}, example 28857197102): it is not
 * mapped as the residence, but its kommune is kept as {@link Person#kommuneVedDoedsfall()} for rules that select by
 * kommune (a document read without {@code part=historikk} may hold no ended entry; then it is null).
 * An address element whose current entry holds a value present but malformed per freg.yaml (a husnummer or gnr/bnr/fnr
 * that is not a whole number, a postnummer that is not four digits), or whose current entry cannot be told (an
 * {@code erGjeldende} that is not a boolean, an {@code opphoerstidspunkt} or, among several current entries, a
 * {@code gyldighetstidspunkt} that is not a time), is named in {@link Person#uleseligeAdresser()}; absent values are
 * not unreadable (a vegadresse without {@code adressenummer} has no house number).
 * Pure: no Spring, no HTTP, no logging.
 */
public final class FolkeregisterMapper {

    /** Maps a person document; the person's id is read from {@code identifikasjonsnummer}. */
    public Person toPerson(JsonNode doc) {
        return toPerson(doc, null);
    }

    /**
     * Maps a person document. {@code requested} is the number the document was asked for; it breaks ties
     * when the document holds no number in use, and is the id when the document holds no number at all.
     *
     * @throws IllegalArgumentException when the document is not an object or names no valid identity number
     *                                  (message without personal data)
     */
    public Person toPerson(JsonNode doc, Identitetsnummer requested) {
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException("person document is not a JSON object");
        }
        Identitetsnummer id = chooseId(doc, requested);
        Gradering beskyttelse = current(doc, "adressebeskyttelse")
                .map(e -> gradering(text(e, "graderingsnivaa"), Gradering.UGRADERT))
                .orElse(Gradering.UGRADERT);

        Bosted bosted = current(doc, "bostedsadresse").map(e -> bosted(e, beskyttelse)).orElse(Bosted.NONE);
        Adresse postadresse = current(doc, "postadresse").map(e -> postadresse(e, beskyttelse)).orElse(null);
        Adresse utland = current(doc, "postadresseIUtlandet").map(e -> postadresseIUtlandet(e, beskyttelse)).orElse(null);
        List<DeltBosted> deltBosted = allCurrent(doc, "deltBosted").stream().map(e -> deltBosted(e, beskyttelse)).toList();

        Gradering strictest = beskyttelse;
        strictest = max(strictest, bosted.grading);
        strictest = max(strictest, postadresse == null ? null : postadresse.gradering());
        strictest = max(strictest, utland == null ? null : utland.gradering());
        for (DeltBosted db : deltBosted) {
            strictest = max(strictest, db.adresse() == null ? null : db.adresse().gradering());
        }
        // oppholdsadresse has no slot in the canonical model, but its grading still protects the person
        for (JsonNode opphold : allCurrent(doc, "oppholdsadresse")) {
            strictest = max(strictest, gradering(text(opphold, "adressegradering"), beskyttelse));
        }

        Person p = new Person(id,
                current(doc, "status").map(e -> personstatus(text(e, "status"))).orElse(Personstatus.UKJENT),
                current(doc, "navn").map(FolkeregisterMapper::navn).orElse(null),
                current(doc, "foedsel").map(e -> date(e, "foedselsdato")).orElse(null),
                current(doc, "doedsfall").map(e -> date(e, "doedsdato")).orElse(null),
                strictest,
                bosted.adresse,
                postadresse,
                utland,
                bosted.ukjent,
                bosted.kommunenummer,
                null,
                familierelasjoner(doc),
                foreldreansvar(doc),
                deltBosted,
                tidligereIdentiteter(doc, id),
                uleseligeAdresser(doc));
        return p.erDoed() ? p.medKommuneVedDoedsfall(sisteBostedskommune(doc).orElse(null)) : p;
    }

    /**
     * The earlier residences and names in a document asked for with {@code part=historikk}: the entries that are not
     * current, newest first. An address's grading is never weaker than the person's current adressebeskyttelse.
     */
    public Personhistorikk historikk(JsonNode doc) {
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException("person document is not a JSON object");
        }
        Gradering beskyttelse = current(doc, "adressebeskyttelse")
                .map(e -> gradering(text(e, "graderingsnivaa"), Gradering.UGRADERT))
                .orElse(Gradering.UGRADERT);
        List<Personhistorikk.Tidligere<Adresse>> bosteder = new ArrayList<>();
        for (JsonNode e : tidligere(doc, "bostedsadresse")) {
            Adresse a = bosted(e, beskyttelse).adresse;
            if (a != null) {
                bosteder.add(new Personhistorikk.Tidligere<>(a, instant(text(e, "gyldighetstidspunkt")), instant(text(e, "opphoerstidspunkt"))));
            }
        }
        List<Personhistorikk.Tidligere<Navn>> navn = tidligere(doc, "navn").stream()
                .map(e -> new Personhistorikk.Tidligere<>(navn(e), instant(text(e, "gyldighetstidspunkt")), instant(text(e, "opphoerstidspunkt"))))
                .toList();
        return new Personhistorikk(bosteder, navn);
    }

    /** The entries that are no longer current, newest (latest gyldighetstidspunkt) first. */
    private static List<JsonNode> tidligere(JsonNode doc, String field) {
        List<JsonNode> ut = new ArrayList<>(entries(doc, field).stream().filter(e -> !isCurrent(e)).toList());
        ut.sort((x, y) -> {
            Instant a = instant(text(x, "gyldighetstidspunkt"));
            Instant b = instant(text(y, "gyldighetstidspunkt"));
            return b == null ? -1 : a == null ? 1 : b.compareTo(a);
        });
        return ut;
    }

    /**
     * The kommune of the person's residence before the current one: the latest historic ({@code erGjeldende=false})
     * bostedsadresse of a document read with {@code part=historikk}; empty when there is none (e.g. moved in from abroad).
     */
    public Optional<String> forrigeBostedskommune(JsonNode doc) {
        JsonNode forrige = latest(entries(doc, "bostedsadresse").stream().filter(e -> !isCurrent(e)).toList());
        if (forrige == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(bosted(forrige, Gradering.UGRADERT).kommunenummer);
    }

    /**
     * The kommune of the person's last residence, current or not: the current bostedsadresse when there is one, else
     * the ended entry with the latest gyldighetstidspunkt (on a tie the latest ajourholdstidspunkt, a correction). For
     * a deceased person that is the residence at death, but only an entry that lasted until the death: one that ended
     * before the date of death ({@code doedsfall.doedsdato}, compared as a date in Norway) was left earlier, e.g. at an
     * emigration (contract example 02851798067: utflyttet, its one residence ended at the move), and the person lived in
     * no kommune when they died. Empty when the document holds no such entry (a deceased person's document read without
     * {@code part=historikk}).
     */
    public Optional<String> sisteBostedskommune(JsonNode doc) {
        Optional<JsonNode> gjeldende = current(doc, "bostedsadresse");
        if (gjeldende.isPresent()) {
            return Optional.ofNullable(bosted(gjeldende.get(), Gradering.UGRADERT).kommunenummer);
        }
        LocalDate doedsdato = current(doc, "doedsfall").map(e -> date(e, "doedsdato")).orElse(null);
        Comparator<JsonNode> nyest = Comparator.comparing((JsonNode e) -> instant(text(e, "gyldighetstidspunkt")), Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(e -> instant(text(e, "ajourholdstidspunkt")), Comparator.nullsFirst(Comparator.naturalOrder()));
        return entries(doc, "bostedsadresse").stream().max(nyest)
                .filter(e -> varteTilDoedsfallet(e, doedsdato))
                .map(e -> bosted(e, Gradering.UGRADERT).kommunenummer);
    }

    /** An ended residence that ended on or after the date of death (or whose end or death date the register does not give). */
    private static boolean varteTilDoedsfallet(JsonNode bosted, LocalDate doedsdato) {
        Instant opphoer = instant(text(bosted, "opphoerstidspunkt"));
        return opphoer == null || doedsdato == null
                || !opphoer.atZone(Norsktid.SONE).toLocalDate().isBefore(doedsdato);
    }

    // ---- identity numbers

    private static Identitetsnummer chooseId(JsonNode doc, Identitetsnummer requested) {
        List<JsonNode> entries = entries(doc, "identifikasjonsnummer");
        JsonNode inUse = latest(entries.stream()
                .filter(FolkeregisterMapper::isCurrent)
                .filter(e -> !"opphoert".equals(text(e, "status")))
                .toList());
        if (inUse != null) {
            return validId(text(inUse, "foedselsEllerDNummer"));
        }
        if (requested != null) {
            return requested;
        }
        JsonNode any = latest(entries.stream().filter(FolkeregisterMapper::isCurrent).toList());
        if (any == null && !entries.isEmpty()) {
            any = entries.get(0);
        }
        if (any == null) {
            throw new IllegalArgumentException("person document has no identifikasjonsnummer");
        }
        return validId(text(any, "foedselsEllerDNummer"));
    }

    private static Identitetsnummer validId(String value) {
        String reason = Identitetsnummer.invalidReason(value);
        if (reason != null) {
            throw new IllegalArgumentException("person document's identity number is invalid: " + reason);
        }
        return Identitetsnummer.of(value);
    }

    /** Numbers the person no longer uses: ceased ({@code opphoert}) or no longer current entries. */
    private static List<Identitetsnummer> tidligereIdentiteter(JsonNode doc, Identitetsnummer id) {
        Set<Identitetsnummer> earlier = new LinkedHashSet<>();
        for (JsonNode e : entries(doc, "identifikasjonsnummer")) {
            if (!isCurrent(e) || "opphoert".equals(text(e, "status"))) {
                optionalId(text(e, "foedselsEllerDNummer")).filter(n -> !n.equals(id)).ifPresent(earlier::add);
            }
        }
        return List.copyOf(earlier);
    }

    private static Optional<Identitetsnummer> optionalId(String value) {
        return Identitetsnummer.isValid(value) ? Optional.of(Identitetsnummer.of(value)) : Optional.empty();
    }

    // ---- name, status

    private static Navn navn(JsonNode e) {
        return new Navn(text(e, "fornavn"), text(e, "mellomnavn"), text(e, "etternavn"));
    }

    static Personstatus personstatus(String value) {
        if (value == null) {
            return Personstatus.UKJENT;
        }
        return switch (value) {
            case "bosatt" -> Personstatus.BOSATT;
            case "utflyttet" -> Personstatus.UTFLYTTET;
            case "forsvunnet" -> Personstatus.FORSVUNNET;
            case "doed" -> Personstatus.DOED;
            case "opphoert" -> Personstatus.OPPHOERT;
            case "foedselsregistrert" -> Personstatus.FOEDSELSREGISTRERT;
            case "midlertidig" -> Personstatus.MIDLERTIDIG;
            case "inaktiv" -> Personstatus.INAKTIV;
            case "ikkeBosatt" -> Personstatus.IKKE_BOSATT;
            case "aktiv" -> Personstatus.AKTIV;
            default -> Personstatus.UKJENT;
        };
    }

    // ---- grading

    /** Register grading value to the canonical one; missing → {@code fallback}, unknown → strengtFortrolig. */
    static Gradering gradering(String value, Gradering fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        return switch (value) {
            case "ugradert" -> Gradering.UGRADERT;
            case "klientadresse" -> Gradering.KLIENTADRESSE;
            case "fortrolig" -> Gradering.FORTROLIG;
            default -> Gradering.STRENGT_FORTROLIG;
        };
    }

    private static Gradering max(Gradering a, Gradering b) {
        if (b == null) {
            return a;
        }
        return b.ordinal() > a.ordinal() ? b : a;
    }

    /** The entry's own grading, never weaker than the person's adressebeskyttelse. */
    private static Gradering addressGrading(JsonNode entry, Gradering person) {
        return max(gradering(text(entry, "adressegradering"), person), person);
    }

    // ---- addresses

    private record Bosted(Adresse adresse, boolean ukjent, String kommunenummer, Gradering grading) {
        static final Bosted NONE = new Bosted(null, false, null, null);
    }

    private static Bosted bosted(JsonNode e, Gradering person) {
        Gradering g = addressGrading(e, person);
        if (e.hasNonNull("vegadresse")) {
            Adresse.Vegadresse v = vegadresse(e.get("vegadresse"), g);
            return new Bosted(v, false, v.kommunenummer(), g);
        }
        if (e.hasNonNull("matrikkeladresse")) {
            Adresse.Matrikkeladresse m = matrikkeladresse(e.get("matrikkeladresse"), g);
            return new Bosted(m, false, m.kommunenummer(), g);
        }
        if (e.has("ukjentBosted")) {
            return new Bosted(null, true, text(e.path("ukjentBosted"), "bostedskommune"), g);
        }
        return new Bosted(null, false, null, g);
    }

    private static Adresse postadresse(JsonNode e, Gradering person) {
        Gradering g = addressGrading(e, person);
        if (e.hasNonNull("vegadresse")) {
            return vegadresse(e.get("vegadresse"), g);
        }
        if (e.hasNonNull("postboksadresse")) {
            JsonNode p = e.get("postboksadresse");
            JsonNode sted = p.path("poststed");
            return new Adresse.Postboksadresse(text(p, "postbokseier"), text(p, "postboks"),
                    text(sted, "postnummer"), text(sted, "poststedsnavn"), g);
        }
        if (e.hasNonNull("postadresseIFrittFormat")) {
            JsonNode f = e.get("postadresseIFrittFormat");
            JsonNode sted = f.path("poststed");
            return new Adresse.FrittFormat(lines(f.path("adresselinje")), text(sted, "postnummer"), text(sted, "poststedsnavn"), g);
        }
        return null;
    }

    private static Adresse postadresseIUtlandet(JsonNode e, Gradering person) {
        Gradering g = addressGrading(e, person);
        if (e.hasNonNull("utenlandskAdresse")) {
            JsonNode u = e.get("utenlandskAdresse");
            List<String> lines = new ArrayList<>();
            addIfPresent(lines, text(u, "coAdressenavn"));
            addIfPresent(lines, text(u, "adressenavn"));
            addIfPresent(lines, joined(text(u, "bygning"), text(u, "etasjenummer"), text(u, "boenhet")));
            addIfPresent(lines, text(u, "postboks"));
            addIfPresent(lines, text(u, "distriktsnavn"));
            addIfPresent(lines, text(u, "region"));
            return new Adresse.Utenlandsk(lines, text(u, "postkode"), text(u, "byEllerStedsnavn"), text(u, "landkode"), g);
        }
        if (e.hasNonNull("utenlandskAdresseIFrittFormat")) {
            JsonNode u = e.get("utenlandskAdresseIFrittFormat");
            return new Adresse.Utenlandsk(lines(u.path("adresselinje")), text(u, "postkode"), text(u, "byEllerStedsnavn"),
                    text(u, "landkode"), g);
        }
        return null;
    }

    private static DeltBosted deltBosted(JsonNode e, Gradering person) {
        Gradering g = addressGrading(e, person);
        Adresse adresse = null;
        if (e.hasNonNull("vegadresse")) {
            adresse = vegadresse(e.get("vegadresse"), g);
        } else if (e.hasNonNull("matrikkeladresse")) {
            adresse = matrikkeladresse(e.get("matrikkeladresse"), g);
        }
        return new DeltBosted(adresse, date(e, "startdatoForKontrakt"), date(e, "sluttdatoForKontrakt"));
    }

    private static Adresse.Vegadresse vegadresse(JsonNode v, Gradering g) {
        JsonNode nr = v.path("adressenummer");
        JsonNode sted = v.path("poststed");
        return new Adresse.Vegadresse(text(v, "coAdressenavn"), text(v, "adressenavn"), integer(nr.get("husnummer")),
                text(nr, "husbokstav"), text(v, "bruksenhetsnummer"), text(sted, "postnummer"), text(sted, "poststedsnavn"),
                text(v, "kommunenummer"), text(v, "adressekode"), g);
    }

    private static Adresse.Matrikkeladresse matrikkeladresse(JsonNode m, Gradering g) {
        JsonNode nr = m.path("matrikkelnummer");
        JsonNode sted = m.path("poststed");
        return new Adresse.Matrikkeladresse(text(m, "coAdressenavn"), text(m, "adressetilleggsnavn"),
                integer(nr.get("gaardsnummer")), integer(nr.get("bruksnummer")), integer(nr.get("festenummer")),
                text(sted, "postnummer"), text(sted, "poststedsnavn"), text(nr, "kommunenummer"), g);
    }

    // ---- unreadable addresses

    /** The address elements a letter must not be written to because a value in them cannot be read (rule 4). */
    private static Set<Adressefelt> uleseligeAdresser(JsonNode doc) {
        Set<Adressefelt> uleselige = EnumSet.noneOf(Adressefelt.class);
        if (uleselig(doc, "bostedsadresse", e -> e.hasNonNull("vegadresse") ? uleseligVegadresse(e.get("vegadresse"))
                : e.hasNonNull("matrikkeladresse") && uleseligMatrikkeladresse(e.get("matrikkeladresse")))) {
            uleselige.add(Adressefelt.BOSTEDSADRESSE);
        }
        if (uleselig(doc, "postadresse", e -> e.hasNonNull("vegadresse") ? uleseligVegadresse(e.get("vegadresse"))
                : e.hasNonNull("postboksadresse") ? uleseligPostnummer(e.get("postboksadresse"))
                : e.hasNonNull("postadresseIFrittFormat") && uleseligPostnummer(e.get("postadresseIFrittFormat")))) {
            uleselige.add(Adressefelt.POSTADRESSE);
        }
        // an address abroad has free-form post codes and lines: only which entry is current can be unreadable
        if (uleselig(doc, "postadresseIUtlandet", e -> false)) {
            uleselige.add(Adressefelt.POSTADRESSE_I_UTLANDET);
        }
        return uleselige;
    }

    /**
     * True when it cannot be told which entry of the element is current, or the current one (the one {@link #current}
     * maps) holds a value the platform cannot read.
     */
    private static boolean uleselig(JsonNode doc, String field, java.util.function.Predicate<JsonNode> uleseligVerdi) {
        List<JsonNode> entries = entries(doc, field);
        if (entries.stream().anyMatch(FolkeregisterMapper::uklartOmGjeldende)) {
            return true;
        }
        List<JsonNode> gjeldende = allCurrent(doc, field);
        // with one current entry nothing is compared, so its gyldighetstidspunkt decides nothing
        if (gjeldende.size() > 1 && gjeldende.stream().anyMatch(e -> uleseligTid(e, "gyldighetstidspunkt"))) {
            return true;
        }
        JsonNode valgt = latest(gjeldende);
        return valgt != null && uleseligVerdi.test(valgt);
    }

    /** {@link #isCurrent} cannot read the entry: erGjeldende not a boolean, or, without it, an opphoerstidspunkt that is not a time. */
    private static boolean uklartOmGjeldende(JsonNode entry) {
        JsonNode flag = entry.get("erGjeldende");
        if (flag != null && !flag.isNull()) {
            return !flag.isBoolean();
        }
        return uleseligTid(entry, "opphoerstidspunkt");
    }

    private static boolean uleseligVegadresse(JsonNode v) {
        JsonNode nr = v.get("adressenummer");
        if (nr != null && !nr.isNull()) {
            // Adressenummer requires husnummer (freg.yaml): a house number given but unreadable is not a street without one
            if (!nr.isObject() || !heltall(nr.get("husnummer"))) {
                return true;
            }
        }
        return uleseligPostnummer(v);
    }

    private static boolean uleseligMatrikkeladresse(JsonNode m) {
        JsonNode nr = m.path("matrikkelnummer");
        for (String felt : List.of("gaardsnummer", "bruksnummer", "festenummer")) {
            JsonNode v = nr.get(felt);
            if (v != null && !v.isNull() && !heltall(v)) {
                return true;
            }
        }
        return uleseligPostnummer(m);
    }

    /** A poststed.postnummer given that is not four digits ("Postnummer, 4 siffer", freg.yaml). */
    private static boolean uleseligPostnummer(JsonNode adresse) {
        JsonNode v = adresse.path("poststed").get("postnummer");
        if (v == null || v.isNull()) {
            return false;
        }
        return !v.isValueNode() || !v.asText().trim().matches("\\d{4}");
    }

    /** A whole number the model's Integer holds: an integral JSON number, or a string of digits (the contract's husnummer). */
    private static boolean heltall(JsonNode v) {
        if (v == null || v.isNull()) {
            return false;
        }
        if (v.isNumber()) {
            return v.isIntegralNumber() && v.canConvertToInt();
        }
        return v.isTextual() && v.asText().trim().matches("\\d{1,9}");
    }

    /** A time given that is not an ISO date-time. */
    private static boolean uleseligTid(JsonNode entry, String field) {
        JsonNode v = entry.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        return !v.isValueNode() || instant(v.asText()) == null;
    }

    // ---- relations

    private static List<Familierelasjon> familierelasjoner(JsonNode doc) {
        Optional<JsonNode> sivilstand = current(doc, "sivilstand");
        boolean partnerskap = sivilstand.map(s -> text(s, "sivilstand"))
                .filter(s -> s.equals("registrertPartner") || s.equals("separertPartner")).isPresent();
        String partner = sivilstand.map(s -> text(s, "relatertVedSivilstand")).orElse(null);
        List<Familierelasjon> result = new ArrayList<>();
        for (JsonNode e : allCurrent(doc, "familierelasjon")) {
            String other = text(e, "relatertPerson");
            // relations to persons without an identity number cannot be followed up, so they are left out
            optionalId(other).ifPresent(relatert -> {
                boolean registrertPartner = partnerskap && other.equals(partner);
                result.add(new Familierelasjon(relatert, rolle(text(e, "relatertPersonsRolle"), registrertPartner),
                        rolle(text(e, "minRolleForPerson"), registrertPartner)));
            });
        }
        return result;
    }

    private static Familierelasjon.Rolle rolle(String value, boolean registrertPartner) {
        if (value == null) {
            return Familierelasjon.Rolle.ANNEN;
        }
        return switch (value) {
            case "barn" -> Familierelasjon.Rolle.BARN;
            case "mor" -> Familierelasjon.Rolle.MOR;
            case "far" -> Familierelasjon.Rolle.FAR;
            case "medmor" -> Familierelasjon.Rolle.MEDMOR;
            case "ektefelleEllerPartner" -> registrertPartner ? Familierelasjon.Rolle.REGISTRERT_PARTNER : Familierelasjon.Rolle.EKTEFELLE;
            default -> Familierelasjon.Rolle.ANNEN;
        };
    }

    private static List<Foreldreansvar> foreldreansvar(JsonNode doc) {
        List<Foreldreansvar> result = new ArrayList<>();
        for (JsonNode e : allCurrent(doc, "foreldreansvar")) {
            result.add(new Foreldreansvar(ansvar(text(e, "ansvar")),
                    optionalId(text(e, "ansvarlig")).orElse(null),
                    optionalId(text(e, "ansvarssubjekt")).orElse(null)));
        }
        return result;
    }

    private static Foreldreansvar.Ansvar ansvar(String value) {
        if (value == null) {
            return Foreldreansvar.Ansvar.UKJENT;
        }
        return switch (value) {
            case "felles" -> Foreldreansvar.Ansvar.FELLES;
            case "mor" -> Foreldreansvar.Ansvar.MOR;
            case "far" -> Foreldreansvar.Ansvar.FAR;
            case "medmor" -> Foreldreansvar.Ansvar.MEDMOR;
            case "andre" -> Foreldreansvar.Ansvar.ANDRE;
            default -> Foreldreansvar.Ansvar.UKJENT;
        };
    }

    // ---- entry selection

    /** The element's entries: an array as is, a single object (doedsfall, falskIdentitet) as one entry. */
    private static List<JsonNode> entries(JsonNode doc, String field) {
        JsonNode node = doc.get(field);
        List<JsonNode> list = new ArrayList<>();
        if (node == null || node.isNull()) {
            return list;
        }
        if (node.isArray()) {
            node.forEach(e -> {
                if (e.isObject()) {
                    list.add(e);
                }
            });
        } else if (node.isObject()) {
            list.add(node);
        }
        return list;
    }

    static boolean isCurrent(JsonNode entry) {
        JsonNode flag = entry.get("erGjeldende");
        if (flag != null && flag.isBoolean()) {
            return flag.booleanValue();
        }
        return !entry.hasNonNull("opphoerstidspunkt");
    }

    private static List<JsonNode> allCurrent(JsonNode doc, String field) {
        return entries(doc, field).stream().filter(FolkeregisterMapper::isCurrent).toList();
    }

    private static Optional<JsonNode> current(JsonNode doc, String field) {
        return Optional.ofNullable(latest(allCurrent(doc, field)));
    }

    /** The entry with the latest gyldighetstidspunkt; on a tie the first in document order. */
    private static JsonNode latest(List<JsonNode> entries) {
        if (entries.size() <= 1) {
            // the usual case (one current entry): nothing to compare, so no timestamp to parse
            return entries.isEmpty() ? null : entries.get(0);
        }
        JsonNode best = null;
        Instant bestTime = null;
        for (JsonNode e : entries) {
            Instant t = instant(text(e, "gyldighetstidspunkt"));
            if (best == null || (t != null && (bestTime == null || t.isAfter(bestTime)))) {
                best = e;
                bestTime = t;
            }
        }
        return best;
    }

    // ---- scalars

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText();
        return s.isEmpty() ? null : s;
    }

    private static Integer integer(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.canConvertToInt()) {
            return v.intValue();
        }
        try {
            return Integer.valueOf(v.asText().trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static LocalDate date(JsonNode node, String field) {
        String s = text(node, field);
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Instant instant(String s) {
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static List<String> lines(JsonNode array) {
        List<String> lines = new ArrayList<>();
        if (array != null && array.isArray()) {
            array.forEach(l -> addIfPresent(lines, l.isValueNode() ? l.asText() : null));
        }
        return lines;
    }

    private static String joined(String... parts) {
        StringBuilder sb = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                sb.append(sb.isEmpty() ? "" : " ").append(p);
            }
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    private static void addIfPresent(List<String> lines, String line) {
        if (line != null && !line.isBlank()) {
            lines.add(line);
        }
    }
}
