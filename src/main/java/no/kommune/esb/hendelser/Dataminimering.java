package no.kommune.esb.hendelser;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.hendelser.Fagsystem.Datatilgang;
import no.kommune.esb.hendelser.Fagsystem.RelatertePersoner;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Adressefelt;
import no.kommune.esb.model.DeltBosted;
import no.kommune.esb.model.Familierelasjon;
import no.kommune.esb.model.Fastlege;
import no.kommune.esb.model.Matrikkelenhet;
import no.kommune.esb.model.Familierelasjon.Rolle;
import no.kommune.esb.model.Foreldreansvar;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Data minimisation: the view of a canonical {@link Person} a fagsystem may see, as a JSON object, holding only
 * the fields its registration allows (see {@link Felt} for the keys). Protected addresses are withheld:
 * fortrolig and klientadresse unless the registration sets {@code beskyttedeAdresser: true}, strengt fortrolig
 * always (DOMAIN.md rule 5: never mapped to a fagsystem). What is derived from the residence (kommunenummer, and
 * every {@link Felt#avledetAvBosted()} section such as the property units and the GP) goes with it: {@link #tillater}. A withheld
 * address leaves {@code adresseTilbakeholdt: true} so the fagsystem knows not to use an old one. A deceased person is
 * marked {@code "doed": true} whatever the registration's fields (DOMAIN.md rule 6: the death is reported back, never
 * hidden), and a deceased related person has no address at all ({@link #relaterte}). Pure: no I/O, no Spring.
 */
public final class Dataminimering {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Set<Rolle> FORELDREROLLER = EnumSet.of(Rolle.MOR, Rolle.FAR, Rolle.MEDMOR);

    /** The mark of a deceased person in a view, the main person's or a related person's entry (DOMAIN.md rule 6). */
    public static final String DOED = "doed";
    /** The keys an address of a related person may be in ({@link Felt#ADRESSE} and {@link Felt#DELT_BOSTED}). */
    private static final List<String> ADRESSENOEKLER = List.of("bostedsadresse", "postadresse", "postadresseIUtlandet",
            "ukjentBosted", "kommunenummer", "deltBosted");

    private Dataminimering() {
    }

    /**
     * The main person's view; {@code "doed": true} for a deceased person, whose view is otherwise as the fields allow
     * (the register ends the residence at the death, docs/hendelser.md).
     */
    public static ObjectNode person(Person person, Datatilgang tilgang) {
        return person(person, tilgang, Map.of());
    }

    /**
     * The main person's view judged with the relatives the flow looked up ({@code oppslag}, by id; more persons may be in
     * it, only the person's own relatives count, {@link #naere}): an address of the person at the same place
     * ({@link #sammeSted}) as the residence of a relative the fagsystem may not see ({@link #bostedTillatt}) is that
     * relative's home, and is withheld as if the person were graded so, with the kommunenummer (DOMAIN.md rule 5; the
     * register grades the protected wife, not the husband or grown child who lives with her). A relative the flow did
     * not look up cannot be compared.
     */
    public static ObjectNode person(Person person, Datatilgang tilgang, Map<Identitetsnummer, Person> oppslag) {
        ObjectNode o = view(person, tilgang.felter(), tilgang.beskyttedeAdresser(), Gradering.UGRADERT, naere(person, oppslag, null));
        if (person.erDoed()) {
            o.put(DOED, true);
        }
        return o;
    }

    /**
     * The related persons the registration asks for, in the order of {@link #relaterteIdenter}. Each entry holds
     * {@code relasjon} (what the related person is to the main person: MOR, FAR, MEDMOR, BARN, EKTEFELLE,
     * REGISTRERT_PARTNER, ANNEN), {@code foreldreansvar} (true when they hold it for the main person; only when the
     * registration's own data access includes {@link Felt#FORELDREANSVAR} or it asks for the holders, since who holds
     * it is that field's information) and the allowed fields. A related person missing from {@code oppslag} is given with its id only (when allowed).
     * <p>
     * When the main person's residence is withheld from this fagsystem, so are the related persons' addresses, as
     * if they had the main person's grading too: a parent's address is most often the protected child's home
     * (DOMAIN.md rules 5 and 7; the register need not grade the parents with the child). The PDF list and the letter
     * flow already did this; every view now gets it from here.
     * <p>
     * A related person's address at the same place as the residence of another of the main person's relatives in
     * {@code oppslag} that the fagsystem may not see is withheld too, as the main person's is ({@link #person(Person,
     * Datatilgang, Map)}): a father living with the protected mother shows her home.
     * <p>
     * A deceased related person is marked {@code "doed": true} and loses every address key ({@code bostedsadresse},
     * {@code postadresse}, {@code postadresseIUtlandet}, {@code ukjentBosted}, {@code kommunenummer}, {@code deltBosted}),
     * whatever the registration's fields (DOMAIN.md rules 4 and 6): Folkeregisteret leaves a sole holder of
     * foreldreansvar who died on the child until a court decides, and no fagsystem may take her for a living parent or
     * write to her address. Events, look-ups, the wash and extracts all get it from here.
     */
    public static ArrayNode relaterte(Person person, Map<Identitetsnummer, Person> oppslag, RelatertePersoner regel,
                                      Datatilgang tilgang) {
        boolean beskyttedeAdresser = tilgang.beskyttedeAdresser();
        ArrayNode out = JSON.arrayNode();
        Gradering arvet = bostedTillatt(person, beskyttedeAdresser) ? Gradering.UGRADERT : bostedsgradering(person);
        Set<Identitetsnummer> ansvarlige = ansvarlige(person);
        // who holds foreldreansvar is the FORELDREANSVAR field's information; a registration that asks for the holders
        // (FORELDRE_MED_FORELDREANSVAR) knows it from the question
        boolean viserAnsvar = tilgang.tillater(Felt.FORELDREANSVAR) || regel.roller().contains(Relasjon.FORELDRE_MED_FORELDREANSVAR);
        for (Map.Entry<Identitetsnummer, String> e : utvalg(person, regel.roller()).entrySet()) {
            Person relatert = oppslag.get(e.getKey());
            ObjectNode entry = JSON.objectNode();
            entry.put("relasjon", e.getValue());
            if (viserAnsvar) {
                entry.put("foreldreansvar", ansvarlige.contains(e.getKey()));
            }
            if (relatert != null) {
                // a relative living with another relative the fagsystem may not see: his address is her home
                entry.setAll(view(relatert, regel.felter(), beskyttedeAdresser, arvet, naere(person, oppslag, relatert)));
                if (relatert.erDoed()) {
                    entry.remove(ADRESSENOEKLER);
                    entry.put(DOED, true);
                }
            } else if (regel.felter().contains(Felt.IDENTITETSNUMMER)) {
                entry.put("identitetsnummer", e.getKey().value());
            }
            out.add(entry);
        }
        return out;
    }

    /** The ids of the related persons the registration asks for: the persons the flow must look up. */
    public static List<Identitetsnummer> relaterteIdenter(Person person, Set<Relasjon> roller) {
        return new ArrayList<>(utvalg(person, roller).keySet());
    }

    /**
     * Marks each entry of {@code entries} (a view's related persons, in {@link #relaterteIdenter}'s order for these
     * roles) of a person whose document the register gave but the platform cannot read ({@code ulesbare},
     * {@code BulkResult.ulesbare()}) with {@code "ulesbar": true}: she has no data and must not be taken for one the
     * register does not know, nor for no parent. Returns how many were marked. The event document, the extract row and
     * the look-up's family section use it alike.
     */
    public static int merkUlesbare(JsonNode entries, Person person, Set<Relasjon> roller, Set<Identitetsnummer> ulesbare) {
        if (ulesbare.isEmpty() || person == null || entries == null || !entries.isArray()) {
            return 0;
        }
        List<Identitetsnummer> ider = relaterteIdenter(person, roller);
        int merket = 0;
        for (int i = 0; i < Math.min(ider.size(), entries.size()); i++) {
            if (ulesbare.contains(ider.get(i)) && entries.get(i) instanceof ObjectNode o) {
                o.put("ulesbar", true);
                merket++;
            }
        }
        return merket;
    }

    /**
     * True when the fagsystem may get this field of this person. A field {@link Felt#avledetAvBosted() derived from
     * the residence} (the property units, and any later one such as coordinates or school catchment) follows the
     * bostedsadresse: a gnr/bnr points to where the person lives as surely as the street does, so it is withheld for
     * strengt fortrolig always and for fortrolig / klientadresse unless {@code beskyttedeAdresser}. Every flow that
     * adds such data asks here twice: before it looks the data up, and when it builds the document.
     */
    public static boolean tillater(Person person, Datatilgang tilgang, Felt felt) {
        return tillater(person, tilgang, felt, Map.of());
    }

    /** {@link #tillater} with the relatives the flow looked up: a residence at a withheld relative's home withholds its derived fields too. */
    public static boolean tillater(Person person, Datatilgang tilgang, Felt felt, Map<Identitetsnummer, Person> oppslag) {
        if (!tilgang.tillater(felt)) {
            return false;
        }
        return !felt.avledetAvBosted() || bostedTillatt(person, tilgang.beskyttedeAdresser(), oppslag);
    }

    /**
     * True when the person's residence, and so everything derived from it (kommunenummer, property), may be shown: its
     * grading allows it, and it is not at the place of a delt bosted address that is withheld ({@link #paaTilbakeholdtDeltBosted}).
     */
    public static boolean bostedTillatt(Person person, boolean beskyttedeAdresser) {
        return adresseTillatt(person.gradering(), person.bostedsadresse(), beskyttedeAdresser)
                && !paaTilbakeholdtDeltBosted(person.bostedsadresse(), person, person.gradering(), beskyttedeAdresser);
    }

    /**
     * {@link #bostedTillatt(Person, boolean)} judged with the relatives the flow looked up ({@code oppslag}): not at the
     * place of the residence of one of the person's relatives the fagsystem may not see ({@link #hjemTilTilbakeholdt}).
     */
    public static boolean bostedTillatt(Person person, boolean beskyttedeAdresser, Map<Identitetsnummer, Person> oppslag) {
        return bostedTillatt(person, beskyttedeAdresser)
                && !hjemTilTilbakeholdt(person.bostedsadresse(), naere(person, oppslag, null), beskyttedeAdresser);
    }

    /**
     * The person's relatives among {@code oppslag}: everyone in their {@code familierelasjoner} and the holders of
     * foreldreansvar for them, never the person themself; with {@code utenom} (a related person's entry), the main
     * person's relatives other than that one. Only relatives count: another flat in the building is the same place, and
     * a neighbour's protected home says nothing of the person's.
     */
    static List<Person> naere(Person person, Map<Identitetsnummer, Person> oppslag, Person utenom) {
        if (oppslag.isEmpty()) {
            return List.of();
        }
        Set<Identitetsnummer> ider = new LinkedHashSet<>(ansvarlige(person));
        person.familierelasjoner().stream().map(Familierelasjon::relatertPerson).filter(java.util.Objects::nonNull).forEach(ider::add);
        List<Person> naere = new ArrayList<>();
        for (Identitetsnummer id : ider) {
            Person p = oppslag.get(id);
            if (p != null && !id.equals(person.id()) && (utenom == null || p != utenom && !id.equals(utenom.id()))) {
                naere.add(p);
            }
        }
        return naere;
    }

    /**
     * Whether {@code adresse} (the person's own residence or postal address) is at the place of one of their delt bosted
     * addresses that is withheld: a delt bosted address is withheld when it is a protected parent's home, so an own
     * address at that place is that home, whatever its own grading says (a child registered at the protected parent's,
     * the register having graded only the delt bosted entry). A different flat in the same building is the same place.
     * An own address elsewhere is the other parent's home and tells nothing of the protected one.
     */
    private static boolean paaTilbakeholdtDeltBosted(Adresse adresse, Person p, Gradering gradering, boolean beskyttede) {
        if (adresse == null) {
            return false;
        }
        for (DeltBosted d : p.deltBosted()) {
            if (d.adresse() != null && !adresseTillatt(gradering, d.adresse(), beskyttede) && sammeSted(adresse, d.adresse())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether {@code adresse} (an earlier residence of a person) is at the place of the residence of one of {@code naere}
     * (the person's relatives, as the register answers them now) that the fagsystem may not see ({@link #bostedTillatt}):
     * a home the person left may be a protected parent's home today, and the register has no reason to grade the
     * person's ended entry when she is protected later (a child who moved to the other parent before the mother was
     * graded). Compared by place ({@link #sammeSted}, another flat in the building counts); a relative whose residence
     * the register does not give is not compared.
     */
    public static boolean hjemTilTilbakeholdt(Adresse adresse, Collection<Person> naere, boolean beskyttedeAdresser) {
        if (adresse == null) {
            return false;
        }
        for (Person p : naere) {
            if (p != null && p.bostedsadresse() != null && !bostedTillatt(p, beskyttedeAdresser) && sammeSted(adresse, p.bostedsadresse())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Same building or plot: street (adressekode, else name), house number and letter; or gnr/bnr/festenr; in one kommune.
     * A vegadresse without a house number (Folkeregisteret gave one that cannot be read) may be any building of its
     * street: the same street is then the same place, so a protected home is never shown for want of its number.
     */
    static boolean sammeSted(Adresse a, Adresse b) {
        if (a instanceof Adresse.Vegadresse x && b instanceof Adresse.Vegadresse y) {
            boolean gate = x.adressekode() != null && y.adressekode() != null ? x.adressekode().equals(y.adressekode())
                    : x.adressenavn() != null && x.adressenavn().equalsIgnoreCase(y.adressenavn());
            boolean ukjentNummer = x.husnummer() == null || y.husnummer() == null;
            return gate && (ukjentNummer || x.husnummer().equals(y.husnummer())
                    && (x.husbokstav() == null ? "" : x.husbokstav()).equalsIgnoreCase(y.husbokstav() == null ? "" : y.husbokstav()))
                    && (x.kommunenummer() == null || y.kommunenummer() == null || x.kommunenummer().equals(y.kommunenummer()));
        }
        if (a instanceof Adresse.Matrikkeladresse x && b instanceof Adresse.Matrikkeladresse y) {
            return x.gaardsnummer() != null && x.gaardsnummer().equals(y.gaardsnummer()) && java.util.Objects.equals(x.bruksnummer(), y.bruksnummer())
                    && java.util.Objects.equals(x.festenummer(), y.festenummer()) && java.util.Objects.equals(x.kommunenummer(), y.kommunenummer());
        }
        return false;
    }

    /** The strictest of the person's own grading and their residence's. */
    private static Gradering bostedsgradering(Person person) {
        return strengest(person.gradering(), person.bostedsadresse() == null ? Gradering.UGRADERT : person.bostedsadresse().gradering());
    }

    /** True when the address may be shown to a fagsystem with this setting (the person's own grading counts too). */
    public static boolean adresseTillatt(Gradering personGradering, Adresse adresse, boolean beskyttedeAdresser) {
        Gradering g = strengest(personGradering, adresse == null ? Gradering.UGRADERT : adresse.gradering());
        if (g == Gradering.STRENGT_FORTROLIG) {
            return false;
        }
        return !g.erBeskyttet() || beskyttedeAdresser;
    }

    /** Related ids wanted, each with the relation name, in a stable order (register order, parents first). */
    private static Map<Identitetsnummer, String> utvalg(Person person, Set<Relasjon> roller) {
        Map<Identitetsnummer, String> valgt = new LinkedHashMap<>();
        if (roller.contains(Relasjon.FORELDRE_MED_FORELDREANSVAR)) {
            for (Identitetsnummer id : ansvarlige(person)) {
                valgt.put(id, rolleTil(person, id));
            }
        }
        for (Familierelasjon r : person.familierelasjoner()) {
            if (r.relatertPerson() == null || r.relatertRolle() == null) {
                continue;
            }
            boolean wanted = (roller.contains(Relasjon.FORELDRE) && FORELDREROLLER.contains(r.relatertRolle()))
                    || (roller.contains(Relasjon.BARN) && r.relatertRolle() == Rolle.BARN)
                    || (roller.contains(Relasjon.EKTEFELLE_ELLER_PARTNER)
                        && (r.relatertRolle() == Rolle.EKTEFELLE || r.relatertRolle() == Rolle.REGISTRERT_PARTNER));
            if (wanted) {
                valgt.putIfAbsent(r.relatertPerson(), r.relatertRolle().name());
            }
        }
        return valgt;
    }

    /**
     * Who holds foreldreansvar for the person: the named holder, else the parent(s) the kind points at. Only the
     * entries about the person count, as in the letter flow ({@link Person#foreldreansvarForPersonen()}): a parent's
     * document holds the entries in which she is the holder too, and she never holds it for herself.
     */
    private static Set<Identitetsnummer> ansvarlige(Person person) {
        Set<Identitetsnummer> ids = new LinkedHashSet<>();
        for (Foreldreansvar fa : person.foreldreansvarForPersonen()) {
            if (fa.ansvarlig() != null) {
                ids.add(fa.ansvarlig());
                continue;
            }
            Set<Rolle> roller = switch (fa.ansvar()) {
                case FELLES -> FORELDREROLLER;
                case MOR -> EnumSet.of(Rolle.MOR);
                case FAR -> EnumSet.of(Rolle.FAR);
                case MEDMOR -> EnumSet.of(Rolle.MEDMOR);
                case ANDRE, UKJENT -> EnumSet.noneOf(Rolle.class);
            };
            person.familierelasjoner().stream()
                    .filter(r -> r.relatertPerson() != null && roller.contains(r.relatertRolle()))
                    .forEach(r -> ids.add(r.relatertPerson()));
        }
        return ids;
    }

    private static String rolleTil(Person person, Identitetsnummer id) {
        return person.familierelasjoner().stream()
                .filter(r -> id.equals(r.relatertPerson()) && r.relatertRolle() != null)
                .map(r -> r.relatertRolle().name())
                .findFirst()
                .orElse(Rolle.ANNEN.name());
    }

    /**
     * {@code arvet}: a grading the person's addresses are judged by besides their own (a protected main person's);
     * {@code naere}: relatives whose residence, when withheld, withholds an address of the person at the same place.
     */
    private static ObjectNode view(Person p, Set<Felt> felter, boolean beskyttede, Gradering arvet, Collection<Person> naere) {
        Gradering gradering = strengest(p.gradering(), arvet);
        ObjectNode o = JSON.objectNode();
        if (felter.contains(Felt.IDENTITETSNUMMER) && p.id() != null) {
            o.put("identitetsnummer", p.id().value());
            o.put("identitetstype", p.id().type().name());
        }
        if (felter.contains(Felt.IDENTITETSHISTORIKK)) {
            ArrayNode ids = o.putArray("tidligereIdentiteter");
            p.tidligereIdentiteter().forEach(id -> ids.add(id.value()));
        }
        if (felter.contains(Felt.NAVN) && p.navn() != null) {
            ObjectNode navn = o.putObject("navn");
            putIf(navn, "fornavn", p.navn().fornavn());
            putIf(navn, "mellomnavn", p.navn().mellomnavn());
            putIf(navn, "etternavn", p.navn().etternavn());
            navn.put("fulltNavn", p.navn().fulltNavn());
        }
        if (felter.contains(Felt.FOEDSELSDATO)) {
            putIf(o, "foedselsdato", p.foedselsdato());
        }
        if (felter.contains(Felt.STATUS)) {
            putIf(o, "status", p.status() == null ? null : p.status().name());
            putIf(o, "doedsdato", p.doedsdato());
        }
        boolean tilbakeholdt = false;
        if (felter.contains(Felt.ADRESSE)) {
            // an own address at the place of a withheld delt bosted address, or of a withheld relative's residence, is
            // the protected person's home: withheld too
            boolean bostedVed = paaTilbakeholdtDeltBosted(p.bostedsadresse(), p, gradering, beskyttede)
                    || hjemTilTilbakeholdt(p.bostedsadresse(), naere, beskyttede);
            boolean postVed = paaTilbakeholdtDeltBosted(p.postadresse(), p, gradering, beskyttede)
                    || hjemTilTilbakeholdt(p.postadresse(), naere, beskyttede);
            tilbakeholdt |= bostedVed || adresse(o, "bostedsadresse", gradering, p.bostedsadresse(), beskyttede);
            tilbakeholdt |= postVed || adresse(o, "postadresse", gradering, p.postadresse(), beskyttede);
            tilbakeholdt |= adresse(o, "postadresseIUtlandet", gradering, p.postadresseIUtlandet(), beskyttede);
            ufullstendig(o, "bostedsadresse", p, Adressefelt.BOSTEDSADRESSE);
            ufullstendig(o, "postadresse", p, Adressefelt.POSTADRESSE);
            ufullstendig(o, "postadresseIUtlandet", p, Adressefelt.POSTADRESSE_I_UTLANDET);
            o.put("ukjentBosted", p.ukjentBosted());
            // the municipality narrows down where the person lives: withheld with the residence
            if (!bostedVed && adresseTillatt(gradering, p.bostedsadresse(), beskyttede)) {
                putIf(o, "kommunenummer", p.kommunenummer());
            } else {
                tilbakeholdt |= p.kommunenummer() != null;
            }
        }
        if (felter.contains(Felt.DELT_BOSTED)) {
            ArrayNode delt = o.putArray("deltBosted");
            for (DeltBosted d : p.deltBosted()) {
                ObjectNode entry = delt.addObject();
                if (hjemTilTilbakeholdt(d.adresse(), naere, beskyttede)) {
                    tilbakeholdt = true;
                } else {
                    tilbakeholdt |= adresse(entry, "adresse", gradering, d.adresse(), beskyttede);
                }
                putIf(entry, "startdato", d.startdato());
                putIf(entry, "sluttdato", d.sluttdato());
            }
        }
        if (felter.contains(Felt.FAMILIERELASJONER)) {
            ArrayNode rel = o.putArray("familierelasjoner");
            for (Familierelasjon r : p.familierelasjoner()) {
                ObjectNode entry = rel.addObject();
                putIf(entry, "relatertPerson", r.relatertPerson() == null ? null : r.relatertPerson().value());
                putIf(entry, "relatertRolle", r.relatertRolle() == null ? null : r.relatertRolle().name());
                putIf(entry, "minRolle", r.minRolle() == null ? null : r.minRolle().name());
            }
        }
        if (felter.contains(Felt.FORELDREANSVAR)) {
            ArrayNode ansvar = o.putArray("foreldreansvar");
            // who holds it for this person; the entries the person holds for their own children carry no subject here
            for (Foreldreansvar fa : p.foreldreansvarForPersonen()) {
                ObjectNode entry = ansvar.addObject();
                putIf(entry, "ansvar", fa.ansvar() == null ? null : fa.ansvar().name());
                putIf(entry, "ansvarlig", fa.ansvarlig() == null ? null : fa.ansvarlig().value());
            }
        }
        if (tilbakeholdt) {
            o.put("adresseTilbakeholdt", true);
        }
        return o;
    }

    /**
     * Marks an address given in the view that Folkeregisteret gave with a value the platform cannot read
     * ({@link Person#uleseligeAdresser}, a husnummer "1O", say) {@code "ufullstendig": true}: the view keeps what could
     * be read, and says it is not the whole address, so no fagsystem or case officer takes the street without its
     * number for where the person lives (the letter flow hands such a letter to manual handling, DOMAIN.md rule 4).
     */
    private static void ufullstendig(ObjectNode o, String key, Person p, Adressefelt felt) {
        if (p.uleseligeAdresser().contains(felt) && o.get(key) instanceof ObjectNode a) {
            a.put("ufullstendig", true);
        }
    }

    /** Puts the address when allowed; returns true when an address existed but was withheld. */
    private static boolean adresse(ObjectNode parent, String key, Gradering personGradering, Adresse a, boolean beskyttede) {
        if (a == null) {
            return false;
        }
        if (!adresseTillatt(personGradering, a, beskyttede)) {
            return true;
        }
        parent.set(key, adresse(a));
        return false;
    }

    /**
     * The {@code matrikkelenheter} section: each property unit's number and its owners with name and share only, never
     * their identity numbers. The caller asks {@link #tillater} for {@link Felt#EIENDOM} before it looks the units up.
     * The units at {@code person}'s residence (or at an address, {@code person} null) as a fagsystem may see them: each
     * owner who is a person {@link #eierSkjermet} screens shown as {@code {"skjermet": true, "andel"}} without a name.
     * {@code eiere}: the owners who are persons, as Folkeregisteret answered for them ({@link #personeiere}).
     */
    public static ArrayNode eiendom(List<Matrikkelenhet> enheter, Person person, Map<Identitetsnummer, Person> eiere,
                                    boolean beskyttedeAdresser) {
        return eiendom(enheter, id -> eierSkjermet(id, person, enheter, eiere, beskyttedeAdresser));
    }

    /**
     * Whether an owner who is a person is shown without a name in the units found from an address: owning a unit
     * may mean living in it, so an owner whose residence the fagsystem may not see ({@link #bostedTillatt}) is
     * screened; so is an owner Folkeregisteret does not know (absent from {@code eiere}): whether their address is
     * protected cannot be checked, so the name is withheld (fail closed). Never the person whose residence it is
     * ({@code person}; null when the units were found from an address alone): the caller has asked {@link #tillater} already.
     */
    public static boolean eierSkjermet(Identitetsnummer eier, Person person, Map<Identitetsnummer, Person> eiere,
                                       boolean beskyttedeAdresser) {
        return eierSkjermet(eier, person, List.of(), eiere, beskyttedeAdresser);
    }

    /**
     * As {@link #eierSkjermet(Identitetsnummer, Person, Map, boolean)}, and an owner who lives at the home of another
     * owner the fagsystem may not see is screened too: his name would tell who lives there with her (the husband who
     * co-owns the home of his strengt fortrolig wife; the register grades her, not him). Compared by place ({@link
     * #sammeSted}) with the residence of his relatives among {@code eiere} and of the persons who own a unit of {@code
     * enheter} with him; an owner of another unit in the building who is no relative is a neighbour and is not compared.
     * Until the follow-up of session 30 only the owner's own residence counted, and the husband was named.
     */
    public static boolean eierSkjermet(Identitetsnummer eier, Person person, List<Matrikkelenhet> enheter,
                                       Map<Identitetsnummer, Person> eiere, boolean beskyttedeAdresser) {
        if (person != null && eier.equals(person.id())) {
            return false;
        }
        Person p = eiere.get(eier);
        return p == null || !bostedTillatt(p, beskyttedeAdresser, eiere)
                || hjemTilTilbakeholdt(p.bostedsadresse(), medeiere(eier, enheter, eiere), beskyttedeAdresser);
    }

    /** The persons among {@code eiere} who own a unit of {@code enheter} together with {@code eier}, never eier. */
    private static List<Person> medeiere(Identitetsnummer eier, List<Matrikkelenhet> enheter, Map<Identitetsnummer, Person> eiere) {
        List<Person> medeiere = new ArrayList<>();
        for (Matrikkelenhet e : enheter) {
            List<Identitetsnummer> ider = e.eiere().stream().filter(a -> !a.eier().erOrganisasjon() && a.eier().person() != null)
                    .map(a -> a.eier().person()).toList();
            if (ider.contains(eier)) {
                ider.stream().filter(id -> !id.equals(eier)).map(eiere::get).filter(java.util.Objects::nonNull).forEach(medeiere::add);
            }
        }
        return medeiere;
    }

    /** The identity numbers of the owners who are persons, in the units' order: whom to ask Folkeregisteret about. */
    public static Set<Identitetsnummer> personeiere(Collection<Matrikkelenhet> enheter) {
        Set<Identitetsnummer> ider = new LinkedHashSet<>();
        for (Matrikkelenhet e : enheter) {
            for (Matrikkelenhet.Eierandel andel : e.eiere()) {
                if (!andel.eier().erOrganisasjon() && andel.eier().person() != null) {
                    ider.add(andel.eier().person());
                }
            }
        }
        return ider;
    }

    /**
     * The owners' identity numbers in the order {@link #eiendom} writes their entries (units, then each unit's owners),
     * one per entry: the number of an owner who is a person, null for one without (an organisation); null when no
     * entry is a person. Stored with a delivery row beside its document, never in it ({@code levering.eiere}, V55), so
     * the fan-out's screening can find a co-owner the register grades later and the entry that names her.
     */
    public static List<String> eiernumre(List<Matrikkelenhet> enheter) {
        List<String> numre = new ArrayList<>();
        boolean person = false;
        for (Matrikkelenhet e : enheter) {
            for (Matrikkelenhet.Eierandel andel : e.eiere()) {
                boolean erPerson = !andel.eier().erOrganisasjon() && andel.eier().person() != null;
                numre.add(erPerson ? andel.eier().person().value() : null);
                person |= erPerson;
            }
        }
        return person ? java.util.Collections.unmodifiableList(numre) : null;
    }

    /**
     * The section with each owner who is a person {@code skjermet} says true of shown as {@code {"skjermet": true,
     * "andel"}} without a name. There is no rendering that names every owner: the units are always found from an
     * address, so an owner's name says where they (likely) live.
     */
    public static ArrayNode eiendom(List<Matrikkelenhet> enheter, java.util.function.Predicate<Identitetsnummer> skjermet) {
        ArrayNode a = JSON.arrayNode();
        for (Matrikkelenhet e : enheter) {
            ObjectNode o = a.addObject();
            o.put("kommunenummer", e.matrikkelnummer().kommunenummer());
            o.put("gaardsnummer", e.matrikkelnummer().gardsnummer());
            o.put("bruksnummer", e.matrikkelnummer().bruksnummer());
            o.put("festenummer", e.matrikkelnummer().festenummer());
            o.put("seksjonsnummer", e.matrikkelnummer().seksjonsnummer());
            ArrayNode eiere = o.putArray("eiere");
            for (Matrikkelenhet.Eierandel andel : e.eiere()) {
                ObjectNode eier = eiere.addObject();
                if (!andel.eier().erOrganisasjon() && andel.eier().person() != null && skjermet.test(andel.eier().person())) {
                    eier.put("skjermet", true);
                } else {
                    eier.put("navn", andel.eier().navn());
                }
                // an unknown share is left out, never made 1/1
                andel.andel().ifPresent(tekst -> eier.put("andel", tekst));
            }
        }
        return a;
    }

    /**
     * The {@code fastlege} section: HER-id, the doctor's name and the office (public professional data only), each only
     * when the register gave it (absent values are absent keys): NHN's example answer gives the HER-id only, a vacant
     * list names no doctor. Until session 31 a missing name was {@code "navn": null} and a missing office
     * {@code "legekontor": {"navn": null}}.
     */
    public static ObjectNode fastlege(Fastlege f) {
        return fastlege(f, null);
    }

    /**
     * The {@code fastlege} section of this person's GP, for a fagsystem the caller has asked {@link #tillater} for
     * {@link Felt#FASTLEGE}: as {@link #fastlege(Fastlege)}, with {@code "gradering"} when the person's residence is
     * protected (fortrolig or klientadresse, shown to a registration with {@code beskyttedeAdresser: true}): the GP narrows
     * down where she lives, and the fagsystem must not pass it on (DOMAIN.md rule 5), as an address shown carries its grading.
     */
    public static ObjectNode fastlege(Fastlege f, Person person) {
        ObjectNode o = JSON.objectNode();
        if (f.herId() != null) {
            o.put("herId", f.herId());
        }
        putIf(o, "navn", f.navn());
        if (f.legekontor() != null || f.legekontorOrganisasjonsnummer() != null) {
            ObjectNode kontor = o.putObject("legekontor");
            putIf(kontor, "navn", f.legekontor());
            putIf(kontor, "organisasjonsnummer", f.legekontorOrganisasjonsnummer());
        }
        Gradering g = person == null ? Gradering.UGRADERT : bostedsgradering(person);
        if (g.erBeskyttet()) {
            o.put("gradering", g.name());
        }
        return o;
    }

    /** The mark, beside where the {@code fastlege} section would be, of a GP withheld ({@link #fastlegeTilbakeholdt}). */
    public static final String FASTLEGE_TILBAKEHOLDT = "fastlegeTilbakeholdt";

    /**
     * True when the registration may see {@link Felt#FASTLEGE} but not this person's: her residence is withheld from it
     * ({@link #tillater}; strengt fortrolig always, fortrolig and klientadresse unless {@code beskyttedeAdresser}, a
     * residence at a withheld relative's home), and the GP's office and its kommune would narrow down where she lives
     * (DOMAIN.md rule 5). The GP is then not even looked up, and the document or answer says {@code
     * "fastlegeTilbakeholdt": true} instead, so the fagsystem does not take the missing section for "no GP". Until session
     * 32 a strengt fortrolig person's GP, office and organisation number went to the care system with her address withheld.
     */
    public static boolean fastlegeTilbakeholdt(Person person, Datatilgang tilgang, Map<Identitetsnummer, Person> oppslag) {
        return tilgang.tillater(Felt.FASTLEGE) && !tillater(person, tilgang, Felt.FASTLEGE, oppslag);
    }

    /** An address as the views show it (type, fields, gradering); the caller decides first whether it may be shown. */
    public static ObjectNode adresse(Adresse a) {
        ObjectNode o = JSON.objectNode();
        if (a instanceof Adresse.Vegadresse v) {
            o.put("type", "VEGADRESSE");
            putIf(o, "coAdressenavn", v.coAdressenavn());
            putIf(o, "adressenavn", v.adressenavn());
            if (v.husnummer() != null) {
                o.put("husnummer", v.husnummer());
            }
            putIf(o, "husbokstav", v.husbokstav());
            putIf(o, "bruksenhetsnummer", v.bruksenhetsnummer());
            putIf(o, "postnummer", v.postnummer());
            putIf(o, "poststed", v.poststed());
            putIf(o, "kommunenummer", v.kommunenummer());
            putIf(o, "adressekode", v.adressekode());
        } else if (a instanceof Adresse.Matrikkeladresse m) {
            o.put("type", "MATRIKKELADRESSE");
            putIf(o, "coAdressenavn", m.coAdressenavn());
            putIf(o, "adressetilleggsnavn", m.adressetilleggsnavn());
            if (m.gaardsnummer() != null) {
                o.put("gaardsnummer", m.gaardsnummer());
            }
            if (m.bruksnummer() != null) {
                o.put("bruksnummer", m.bruksnummer());
            }
            if (m.festenummer() != null) {
                o.put("festenummer", m.festenummer());
            }
            putIf(o, "postnummer", m.postnummer());
            putIf(o, "poststed", m.poststed());
            putIf(o, "kommunenummer", m.kommunenummer());
        } else if (a instanceof Adresse.Postboksadresse pb) {
            o.put("type", "POSTBOKSADRESSE");
            putIf(o, "postbokseier", pb.postbokseier());
            putIf(o, "postboks", pb.postboks());
            putIf(o, "postnummer", pb.postnummer());
            putIf(o, "poststed", pb.poststed());
        } else if (a instanceof Adresse.FrittFormat f) {
            o.put("type", "FRITT_FORMAT");
            linjer(o, f.adresselinjer());
            putIf(o, "postnummer", f.postnummer());
            putIf(o, "poststed", f.poststed());
        } else if (a instanceof Adresse.Utenlandsk u) {
            o.put("type", "UTENLANDSK");
            linjer(o, u.adresselinjer());
            putIf(o, "postkode", u.postkode());
            putIf(o, "byEllerStedsnavn", u.byEllerStedsnavn());
            putIf(o, "landkode", u.landkode());
        }
        o.put("gradering", a.gradering() == null ? Gradering.UGRADERT.name() : a.gradering().name());
        return o;
    }

    private static void linjer(ObjectNode o, List<String> linjer) {
        ArrayNode arr = o.putArray("adresselinjer");
        if (linjer != null) {
            linjer.forEach(arr::add);
        }
    }

    private static Gradering strengest(Gradering a, Gradering b) {
        Gradering x = a == null ? Gradering.UGRADERT : a;
        Gradering y = b == null ? Gradering.UGRADERT : b;
        return x.ordinal() >= y.ordinal() ? x : y;
    }

    private static void putIf(ObjectNode o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    private static void putIf(ObjectNode o, String key, LocalDate value) {
        if (value != null) {
            o.put(key, value.toString());
        }
    }
}
