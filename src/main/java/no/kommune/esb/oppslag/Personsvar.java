package no.kommune.esb.oppslag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.hendelser.Dataminimering;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.Felt;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personhistorikk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The answer about one person: the canonical {@link Person} as the caller's registration may see it
 * ({@link Dataminimering#person}), the family its {@code relatertePersoner} allow ({@link Dataminimering#relaterte}),
 * and which fields were disclosed, for the audit trail. A number that was replaced (a D-nummer that became a
 * fødselsnummer) answers with the person under the current number and {@code identitetsnummerErstattet: true}; the
 * current number itself only when the registration may see identity numbers. Pure: no I/O, no Spring.
 */
public final class Personsvar {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Output key(s) per field, to tell from the minimised view what was disclosed. */
    private static final Map<Felt, List<String>> NOEKLER = new LinkedHashMap<>();

    static {
        NOEKLER.put(Felt.IDENTITETSNUMMER, List.of("identitetsnummer"));
        NOEKLER.put(Felt.IDENTITETSHISTORIKK, List.of("tidligereIdentiteter"));
        NOEKLER.put(Felt.NAVN, List.of("navn"));
        NOEKLER.put(Felt.FOEDSELSDATO, List.of("foedselsdato"));
        // the mark of a deceased person (Dataminimering.DOED) tells the status whatever the registration's fields
        NOEKLER.put(Felt.STATUS, List.of("status", "doedsdato", Dataminimering.DOED));
        NOEKLER.put(Felt.ADRESSE, List.of("bostedsadresse", "postadresse", "postadresseIUtlandet", "kommunenummer"));
        NOEKLER.put(Felt.DELT_BOSTED, List.of("deltBosted"));
        NOEKLER.put(Felt.FAMILIERELASJONER, List.of("familierelasjoner"));
        NOEKLER.put(Felt.FORELDREANSVAR, List.of("foreldreansvar"));
    }

    /** The document and the names of the fields it discloses (a field name, {@code FAMILIE}, {@code FAMILIE.<felt>}). */
    public record Svar(ObjectNode dokument, List<String> utlevert) {
        public Svar {
            utlevert = List.copyOf(utlevert);
        }
    }

    private Personsvar() {
    }

    /**
     * @param etterspurt the number the caller asked for
     * @param familie    the related persons looked up, by id; null when the caller did not ask for the family
     */
    public static Svar av(Person person, Identitetsnummer etterspurt, Fagsystem registrering, Map<Identitetsnummer, Person> familie) {
        return av(person, etterspurt, registrering, familie, Map.of());
    }

    /**
     * The answer judged with every relative the look-up fetched ({@link #kjente}: the family, and the relatives the history
     * needs, {@link #naereIdenter}): an address of the person, or of a family member, at the same place as the residence
     * of a relative the registration may not see is withheld as that residence is ({@link Dataminimering#person(Person,
     * Fagsystem.Datatilgang, Map)}); a relative not looked up cannot be compared. {@code naere} is never shown.
     */
    public static Svar av(Person person, Identitetsnummer etterspurt, Fagsystem registrering, Map<Identitetsnummer, Person> familie,
                          Map<Identitetsnummer, Person> naere) {
        Map<Identitetsnummer, Person> kjente = kjente(familie, naere);
        ObjectNode dok = JSON.objectNode();
        ObjectNode view = Dataminimering.person(person, registrering.data(), kjente);
        dok.set("person", view);
        if (person.id() != null && !person.id().equals(etterspurt)) {
            dok.put("identitetsnummerErstattet", true);
        }
        List<String> utlevert = new ArrayList<>(felter(view));
        if (familie != null) {
            ArrayNode relaterte = Dataminimering.relaterte(person, kjente, registrering.relaterte(), registrering.data());
            dok.set("familie", relaterte);
            if (!relaterte.isEmpty()) {
                utlevert.add("FAMILIE");
                for (JsonNode r : relaterte) {
                    for (String f : felter(r)) {
                        if (!utlevert.contains("FAMILIE." + f)) {
                            utlevert.add("FAMILIE." + f);
                        }
                    }
                }
            }
        }
        return new Svar(dok, utlevert);
    }

    /** The relatives a look-up fetched: the family (null when not asked for) and those the history needs, by id. */
    public static Map<Identitetsnummer, Person> kjente(Map<Identitetsnummer, Person> familie, Map<Identitetsnummer, Person> naere) {
        if (familie == null || familie.isEmpty()) {
            return naere;
        }
        if (naere.isEmpty()) {
            return familie;
        }
        Map<Identitetsnummer, Person> alle = new LinkedHashMap<>(naere);
        alle.putAll(familie);
        return alle;
    }

    /** The mark of an emigrant who left Norway from the registration's population, in an answer that holds nothing else. */
    public static final String UTVANDRET = "utvandret";

    /**
     * The answer about a person outside the registration's population who left Norway from it ({@link
     * Oppslagspopulasjon#utvandret}): {@code {"person": {"utvandret": true}}} and nothing else, whatever the registration's
     * fields (no number, name or address: the person is not in its population), as a wash answers the status
     * {@code UTVANDRET} with empty columns. Nothing is disclosed beyond the mark; audited without a field.
     */
    public static Svar utvandret() {
        ObjectNode dok = JSON.objectNode();
        dok.putObject("person").put(UTVANDRET, true);
        return new Svar(dok, List.of());
    }

    /**
     * The answer with a {@code historikk} section: earlier residences when the registration sees addresses and each
     * may be shown ({@link Dataminimering#adresseTillatt}: the person's current protection covers the history too; and
     * none at the place of a relative's home the registration may not see, {@link Dataminimering#hjemTilTilbakeholdt}),
     * earlier names when it sees names; {@code adresseTilbakeholdt: true} when an earlier residence was withheld.
     * Earlier identity numbers are in the person's {@code tidligereIdentiteter} (IDENTITETSHISTORIKK).
     *
     * @param naere the person's relatives as the register answers them now ({@link #naereIdenter}; more persons may be
     *              in it, only hers count); those the register does not know are missing
     */
    public static Svar medHistorikk(Svar svar, Person person, Personhistorikk historikk, Fagsystem registrering, Map<Identitetsnummer, Person> naere) {
        return medHistorikk(svar, person, historikk, registrering, naere, java.util.Set.of());
    }

    /**
     * As {@link #medHistorikk(Svar, Person, Personhistorikk, Fagsystem, Map)}, with the relatives whose document the
     * register gave but the platform cannot read ({@code ulesbare}): where such a relative of the person lives, and how
     * it is graded, cannot be told, so every earlier residence is withheld (fail closed; {@code adresseTilbakeholdt}).
     */
    public static Svar medHistorikk(Svar svar, Person person, Personhistorikk historikk, Fagsystem registrering, Map<Identitetsnummer, Person> naere,
                                    java.util.Set<Identitetsnummer> ulesbare) {
        ObjectNode h = svar.dokument().putObject("historikk");
        List<String> utlevert = new ArrayList<>(svar.utlevert());
        Fagsystem.Datatilgang tilgang = registrering.data();
        if (tilgang.tillater(Felt.ADRESSE)) {
            List<Identitetsnummer> naereIder = naereIdenter(person, historikk, registrering);
            List<Person> mine = naereIder.stream().map(naere::get).filter(java.util.Objects::nonNull).toList();
            boolean ukjentHjem = naereIder.stream().anyMatch(ulesbare::contains);
            ArrayNode adresser = h.putArray("bostedsadresser");
            boolean tilbakeholdt = false;
            for (Personhistorikk.Tidligere<Adresse> t : historikk.bostedsadresser()) {
                if (!ukjentHjem && Dataminimering.adresseTillatt(person.gradering(), t.verdi(), tilgang.beskyttedeAdresser())
                        && !Dataminimering.hjemTilTilbakeholdt(t.verdi(), mine, tilgang.beskyttedeAdresser())) {
                    ObjectNode entry = adresser.addObject();
                    entry.set("adresse", Dataminimering.adresse(t.verdi()));
                    periode(entry, t);
                } else {
                    tilbakeholdt = true;
                }
            }
            if (tilbakeholdt) {
                h.put("adresseTilbakeholdt", true);
            }
            if (!adresser.isEmpty()) {
                utlevert.add("HISTORIKK.ADRESSE");
            }
        }
        if (tilgang.tillater(Felt.NAVN)) {
            ArrayNode navn = h.putArray("navn");
            for (Personhistorikk.Tidligere<Navn> t : historikk.navn()) {
                ObjectNode entry = navn.addObject();
                putIf(entry, "fornavn", t.verdi().fornavn());
                putIf(entry, "mellomnavn", t.verdi().mellomnavn());
                putIf(entry, "etternavn", t.verdi().etternavn());
                periode(entry, t);
            }
            if (!navn.isEmpty()) {
                utlevert.add("HISTORIKK.NAVN");
            }
        }
        return new Svar(svar.dokument(), utlevert);
    }

    /**
     * The relatives whose home an earlier residence of the person may be, for {@link #medHistorikk}: everyone in the
     * person's {@code familierelasjoner} (parents, children, spouse or partner), whatever roles the registration's
     * family shows; none when the registration sees no address or the history holds no earlier residence (then no
     * register call is needed).
     */
    public static List<Identitetsnummer> naereIdenter(Person person, Personhistorikk historikk, Fagsystem registrering) {
        if (historikk == null || historikk.bostedsadresser().isEmpty() || !registrering.data().tillater(Felt.ADRESSE)) {
            return List.of();
        }
        return person.familierelasjoner().stream().map(no.kommune.esb.model.Familierelasjon::relatertPerson)
                .filter(java.util.Objects::nonNull).distinct().toList();
    }

    private static void periode(ObjectNode entry, Personhistorikk.Tidligere<?> t) {
        putIf(entry, "gyldigFra", t.gyldigFra() == null ? null : t.gyldigFra().toString());
        putIf(entry, "opphoert", t.opphoert() == null ? null : t.opphoert().toString());
    }

    private static void putIf(ObjectNode o, String key, String value) {
        if (value != null) {
            o.put(key, value);
        }
    }

    /**
     * The answer with the sections found from other registers: {@code matrikkelenheter} (property units at the residence
     * and their owners) and {@code fastlege}; null leaves a section out. The caller has asked
     * {@link Dataminimering#tillater} before looking them up.
     */
    public static Svar medTillegg(Svar svar, ArrayNode eiendom, ObjectNode fastlege) {
        return medTillegg(svar, eiendom, fastlege, false);
    }

    /**
     * As {@link #medTillegg(Svar, ArrayNode, ObjectNode)}; {@code fastlegeTilbakeholdt} (the person's GP withheld with
     * her residence, {@link Dataminimering#fastlegeTilbakeholdt}) puts {@code "fastlegeTilbakeholdt": true} where the
     * section would be, so the caller does not take its absence for "no GP"; nothing of the GP is disclosed (not audited
     * as FASTLEGE).
     */
    public static Svar medTillegg(Svar svar, ArrayNode eiendom, ObjectNode fastlege, boolean fastlegeTilbakeholdt) {
        if (fastlegeTilbakeholdt) {
            svar.dokument().put(Dataminimering.FASTLEGE_TILBAKEHOLDT, true);
        }
        List<String> utlevert = new ArrayList<>(svar.utlevert());
        if (eiendom != null) {
            svar.dokument().set("matrikkelenheter", eiendom);
            utlevert.add(Felt.EIENDOM.name());
        }
        if (fastlege != null) {
            svar.dokument().set("fastlege", fastlege);
            utlevert.add(Felt.FASTLEGE.name());
        }
        return new Svar(svar.dokument(), utlevert);
    }

    /** Marks each family entry of a related person whose document cannot be read with {@code "ulesbar": true}. */
    public static void merkUlesbareRelaterte(Svar svar, Person person, Fagsystem f, java.util.Set<Identitetsnummer> ulesbare) {
        // the family section lists them in relaterteIdenter's order (relaterteUtlevert relies on it too)
        Dataminimering.merkUlesbare(svar.dokument().path("familie"), person, f.relaterte().roller(), ulesbare);
    }

    /** A related person the answer disclosed something about, and the fields given of them. */
    public record Relatertutlevert(Identitetsnummer id, List<String> felter) {
    }

    /**
     * Each related person {@code svar}'s {@code familie} disclosed something about, so the caller can write an audit row
     * under their own number (a parent's innsyn shows what went out with the child's look-up or wash). The entries are
     * in {@link Dataminimering#relaterteIdenter}'s order; none without a family section.
     */
    public static List<Relatertutlevert> relaterteUtlevert(Svar svar, Person person, Fagsystem registrering) {
        JsonNode familie = svar.dokument().path("familie");
        List<Identitetsnummer> ider = Dataminimering.relaterteIdenter(person, registrering.relaterte().roller());
        List<Relatertutlevert> ut = new ArrayList<>();
        for (int i = 0; i < Math.min(ider.size(), familie.size()); i++) {
            List<String> felter = felter(familie.get(i));
            if (!felter.isEmpty()) {
                ut.add(new Relatertutlevert(ider.get(i), felter));
            }
        }
        return ut;
    }

    /** The fields present in a minimised view, in {@link Felt} order. */
    static List<String> felter(JsonNode view) {
        List<String> ut = new ArrayList<>();
        NOEKLER.forEach((felt, noekler) -> {
            if (noekler.stream().anyMatch(view::has)) {
                ut.add(felt.name());
            }
        });
        return ut;
    }
}
