package no.kommune.esb.uttrekk.format;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.hendelser.Dataminimering;
import no.kommune.esb.hendelser.Fagsystem.Datatilgang;
import no.kommune.esb.hendelser.Fagsystem.RelatertePersoner;
import no.kommune.esb.hendelser.Felt;
import no.kommune.esb.hendelser.Relasjon;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Adressefelt;
import no.kommune.esb.model.DeltBosted;
import no.kommune.esb.model.Familierelasjon;
import no.kommune.esb.model.Familierelasjon.Rolle;
import no.kommune.esb.model.Foreldreansvar;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;
import no.kommune.esb.uttrekk.Uttrekksrad;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A synthetic school-start class (fake, Tenor-style ids: month + 80) as the row documents an extract hands a format:
 * built from {@link Person} records by the extract's own row builder ({@link Uttrekksrad}, through {@link Dataminimering}),
 * so the formats read the real key names and marks.
 */
final class Klasseliste {

    /** An oppvekst registration that may see the birth date; protected addresses withheld. */
    static final Datatilgang TILGANG = new Datatilgang(
            Set.of(Felt.IDENTITETSNUMMER, Felt.NAVN, Felt.FOEDSELSDATO, Felt.ADRESSE, Felt.DELT_BOSTED, Felt.FORELDREANSVAR), false);
    static final RelatertePersoner RELATERTE = new RelatertePersoner(Set.of(Relasjon.FORELDRE_MED_FORELDREANSVAR),
            Set.of(Felt.IDENTITETSNUMMER, Felt.NAVN, Felt.ADRESSE));

    private static final ObjectNode META = JsonNodeFactory.instance.objectNode().put("navn", "skolestart-2027");

    /** Street of the strengt fortrolig child: must never appear in any file. */
    static final String HEMMELIG_GATE = "Skjultveien";
    /** Street of the fortrolig child: withheld for this registration. */
    static final String FORTROLIG_GATE = "Lønnveien";

    private static final String[] MOEDRE = {"Camilla", "Marte", "Silje", "Linn", "Tonje", "Hilde", "Anette", "Stine",
            "Ragnhild", "Eli", "Guro", "Maren", "Vibeke", "Kristin", "Solveig", "Trine"};
    private static final String[] FEDRE = {"Anders", "Espen", "Thomas", "Håkon", "Morten", "Sindre", "Kjetil", "Rune",
            "Bjørn", "Eirik", "Vegard", "Ståle", "Lars", "Øystein", "Magnus", "Terje"};
    private static int loepenr = 100;
    private final Map<Identitetsnummer, Person> alle = new HashMap<>();
    private final List<Person> barn = new ArrayList<>();
    /** Persons whose document Folkeregisteret gives but the platform cannot read ({@code BulkResult.ulesbare()}). */
    private final Set<Identitetsnummer> ulesbare = new java.util.HashSet<>();

    static Klasseliste skolestart() {
        Klasseliste k = new Klasseliste();
        Adresse fjell = veg("Fjellveien", 12, "B", "5019", "Bergen", Gradering.UGRADERT);
        k.familie("Åse Marie", "Bjørnstad", LocalDate.of(2021, 3, 4), fjell, Gradering.UGRADERT, null,
                "Kari", fjell, "Øyvind", fjell, Foreldreansvar.Ansvar.FELLES);
        k.familie("Emil", "Haugen", LocalDate.of(2021, 1, 19), veg("Kalfarveien", 31, null, "5018", "Bergen", Gradering.UGRADERT),
                Gradering.UGRADERT, veg("Nattlandsveien", 7, "A", "5094", "Bergen", Gradering.UGRADERT),
                "Ingrid", veg("Kalfarveien", 31, null, "5018", "Bergen", Gradering.UGRADERT),
                "Jørgen", veg("Nattlandsveien", 7, "A", "5094", "Bergen", Gradering.UGRADERT), Foreldreansvar.Ansvar.FELLES);
        Adresse sjoe = veg("Sjøgaten", 4, null, "5035", "Bergen", Gradering.UGRADERT);
        k.familie("Sofie", "Æsøy", LocalDate.of(2021, 7, 30), sjoe, Gradering.UGRADERT, null,
                "Hanne", sjoe, "Pål", veg("Strandkaien", 2, null, "5013", "Bergen", Gradering.UGRADERT), Foreldreansvar.Ansvar.MOR);
        Adresse hemmelig = veg(HEMMELIG_GATE, 1, null, "5003", "Bergen", Gradering.STRENGT_FORTROLIG);
        k.familie("Noah", "Lie", LocalDate.of(2021, 5, 11), hemmelig, Gradering.STRENGT_FORTROLIG, null,
                "Mona", hemmelig, "Geir", veg("Øvre Ervik vei", 9, null, "5106", "Øvre Ervik", Gradering.UGRADERT), Foreldreansvar.Ansvar.FELLES);
        Adresse loenn = veg(FORTROLIG_GATE, 5, null, "5081", "Bergen", Gradering.FORTROLIG);
        k.familie("Ella", "Nygård", LocalDate.of(2021, 9, 2), loenn, Gradering.FORTROLIG, null,
                "Siri", loenn, "Tor", loenn, Foreldreansvar.Ansvar.FELLES);
        Adresse tre = veg("Trebakken", 22, null, "5141", "Fyllingsdalen", Gradering.UGRADERT);
        k.familie("Oskar", "Berg", LocalDate.of(2021, 2, 14), tre, Gradering.UGRADERT, null,
                "Lise", tre, "Mats", tre, Foreldreansvar.Ansvar.FELLES);
        k.familie("Frida", "Berg", LocalDate.of(2021, 11, 23), tre, Gradering.UGRADERT, null,
                "Lise", tre, "Mats", tre, Foreldreansvar.Ansvar.FELLES);
        String[][] flere = {{"Jakob", "Solheim"}, {"Nora", "Dahl"}, {"William", "Kristiansen"}, {"Olivia", "Strand"},
                {"Lukas", "Hansen"}, {"Maja", "Johannessen"}, {"Filip", "Aasen"}, {"Leah", "Mæland"}, {"Isak", "Søvik"},
                {"Ingrid", "Tveit"}, {"Aksel", "Vik"}, {"Selma", "Økland"}, {"Henrik", "Sandvik"}, {"Tiril", "Brekke"},
                {"Johannes", "Lunde"}, {"Hedda", "Eide"}};
        String[] gater = {"Møhlenpris terrasse", "Nygårdsgaten", "Fridalsveien", "Hans Hauges gate", "Ole Irgens vei",
                "Kong Oscars gate", "Årstadveien", "Fløenbakken"};
        for (int i = 0; i < flere.length; i++) {
            Adresse a = veg(gater[i % gater.length], 3 + i * 7, i % 3 == 0 ? "C" : null, "50" + (10 + i), "Bergen", Gradering.UGRADERT);
            k.familie(flere[i][0], flere[i][1], LocalDate.of(2021, 1 + i % 12, 1 + i), a, Gradering.UGRADERT, null,
                    MOEDRE[i], a, FEDRE[i], i % 4 == 1
                            ? veg("Lyderhornsveien", 40 + i, null, "5171", "Loddefjord", Gradering.UGRADERT) : a,
                    Foreldreansvar.Ansvar.FELLES);
        }
        return k;
    }

    /**
     * A pupil of 16 who is herself a mother: her parents hold felles foreldreansvar for her, and her own document also
     * holds the entry in which she holds it for her baby (Folkeregisteret does so: contract example 17868597437).
     */
    static Klasseliste tenaaringsforelder() {
        Klasseliste k = new Klasseliste();
        Adresse hjem = veg("Kirkeveien", 8, null, "5072", "Bergen", Gradering.UGRADERT);
        k.familie("Ida", "Moe", LocalDate.of(2010, 5, 14), hjem, Gradering.UGRADERT, null,
                "Ranveig", hjem, "Odd", veg("Sandviksveien", 3, null, "5035", "Bergen", Gradering.UGRADERT), Foreldreansvar.Ansvar.FELLES);
        Person ida = k.barn.get(0);
        Identitetsnummer baby = Testidenter.syntetisk(LocalDate.of(2026, 2, 3), loepenr++);
        List<Foreldreansvar> ansvar = new ArrayList<>(ida.foreldreansvar());
        ansvar.add(new Foreldreansvar(Foreldreansvar.Ansvar.FELLES, ida.id(), baby));
        List<Familierelasjon> relasjoner = new ArrayList<>(ida.familierelasjoner());
        relasjoner.add(new Familierelasjon(baby, Rolle.BARN, Rolle.MOR));
        Person mor = new Person(ida.id(), ida.status(), ida.navn(), ida.foedselsdato(), null, ida.gradering(), ida.bostedsadresse(),
                null, null, false, ida.kommunenummer(), null, relasjoner, ansvar, ida.deltBosted(), List.of());
        k.alle.put(mor.id(), mor);
        k.barn.set(0, mor);
        return k;
    }

    /** The row documents, in class order. */
    List<ObjectNode> dokumenter() {
        List<ObjectNode> ut = new ArrayList<>();
        for (Person p : barn) {
            ut.add(dokument(p));
        }
        return ut;
    }

    /** The row as the extract writes it ({@link Uttrekksrad}), without the letter flow's section. */
    ObjectNode dokument(Person p) {
        return Uttrekksrad.lag(META, p, alle, RELATERTE, TILGANG, false, ulesbare);
    }

    /** The row documents as the extract writes them for a label order ({@code ETIKETTER}, with {@link Utsending}), in class order. */
    List<ObjectNode> etikettrader() {
        List<ObjectNode> ut = new ArrayList<>();
        for (Person p : barn) {
            ut.add(Uttrekksrad.lag(META, p, alle, RELATERTE, TILGANG, true, ulesbare));
        }
        return ut;
    }

    /** Registers the person with that first name as deceased (a child of the class or a parent). */
    void doed(String fornavn) {
        Person p = finn(fornavn);
        Person doed = new Person(p.id(), Personstatus.DOED, p.navn(), p.foedselsdato(), LocalDate.of(2026, 10, 1), p.gradering(),
                p.bostedsadresse(), p.postadresse(), p.postadresseIUtlandet(), p.ukjentBosted(), p.kommunenummer(),
                p.kommunenummer(),
                p.familierelasjoner(), p.foreldreansvar(), p.deltBosted(), p.tidligereIdentiteter());
        alle.put(doed.id(), doed);
        barn.replaceAll(b -> b.id().equals(doed.id()) ? doed : b);
    }

    /**
     * Makes the document of the person with that first name (a parent) one Folkeregisteret gives but the platform
     * cannot read: she is not in the answer, and her number is among the look-up's {@code ulesbare}.
     */
    void ulesbar(String fornavn) {
        Person p = finn(fornavn);
        alle.remove(p.id());
        ulesbare.add(p.id());
    }

    /**
     * Gives the person with that first name other addresses, with {@code uleselige} the elements the register gave
     * with a value that cannot be read (the slot keeps what could be read, as FolkeregisterMapper does).
     */
    void adresser(String fornavn, Adresse bosted, Adresse post, Adresse utland, Adressefelt... uleselige) {
        Person p = finn(fornavn);
        Person ny = new Person(p.id(), p.status(), p.navn(), p.foedselsdato(), p.doedsdato(), p.gradering(), bosted, post, utland,
                p.ukjentBosted(), p.kommunenummer(), p.kommuneVedDoedsfall(), p.familierelasjoner(), p.foreldreansvar(), p.deltBosted(),
                p.tidligereIdentiteter(), uleselige.length == 0 ? Set.of() : EnumSet.copyOf(List.of(uleselige)));
        alle.put(ny.id(), ny);
        barn.replaceAll(b -> b.id().equals(ny.id()) ? ny : b);
    }

    /** Puts a person in the register this class is looked up in (a parent moved abroad, say), replacing one with the same number. */
    void registrer(Person p) {
        alle.put(p.id(), p);
    }

    /** The person with that first name, as registered now. */
    Person finn(String fornavn) {
        return alle.values().stream().filter(p -> p.navn().fornavn().equals(fornavn)).findFirst().orElseThrow();
    }

    List<Person> barn() {
        return barn;
    }

    static Adresse veg(String gate, int nr, String bokstav, String postnr, String sted, Gradering g) {
        return new Adresse.Vegadresse(null, gate, nr, bokstav, null, postnr, sted, "4601", "1234", g);
    }

    /** Adds a child and its parents (a parent is found again by first and last name, so half-siblings share one). */
    void familie(String fornavn, String etternavn, LocalDate foedt, Adresse bosted, Gradering g, Adresse delt,
                         String mor, Adresse morAdresse, String far, Adresse farAdresse, Foreldreansvar.Ansvar ansvar) {
        Identitetsnummer morId = voksen(mor, etternavn, morAdresse, LocalDate.of(1988, 4, 2));
        Identitetsnummer farId = voksen(far, etternavn, farAdresse, LocalDate.of(1986, 8, 17));
        Identitetsnummer id = Testidenter.syntetisk(foedt, loepenr++);
        Person p = new Person(id, Personstatus.BOSATT, new Navn(fornavn, null, etternavn), foedt, null, g, bosted, null, null,
                false, "4601", null,
                List.of(new Familierelasjon(morId, Rolle.MOR, Rolle.BARN), new Familierelasjon(farId, Rolle.FAR, Rolle.BARN)),
                List.of(new Foreldreansvar(ansvar, null, id)),
                delt == null ? List.of() : List.of(new DeltBosted(delt, LocalDate.of(2024, 1, 1), null)), List.of());
        alle.put(id, p);
        barn.add(p);
    }

    private Identitetsnummer voksen(String fornavn, String etternavn, Adresse adresse, LocalDate foedt) {
        for (Person p : alle.values()) {
            if (p.navn().fornavn().equals(fornavn) && p.navn().etternavn().equals(etternavn)) {
                return p.id();
            }
        }
        Identitetsnummer id = Testidenter.syntetisk(foedt, loepenr++);
        alle.put(id, new Person(id, Personstatus.BOSATT, new Navn(fornavn, null, etternavn), foedt, null,
                adresse.gradering(), adresse, null, null, false, "4601", null, List.of(), List.of(), List.of(), List.of()));
        return id;
    }
}
