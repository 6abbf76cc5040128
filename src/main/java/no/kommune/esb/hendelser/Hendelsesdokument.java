package no.kommune.esb.hendelser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.folkeregister.FeedHendelse;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Familierelasjon;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * Builds the mapping input document for one event and one fagsystem (shape in docs/hendelser.md):
 * <pre>
 * { "hendelse": {sekvensnummer, hendelsetype, ajourholdstidspunkt},
 *   "person": {the minimised view},
 *   "relaterte": [{relasjon, foreldreansvar, ...}],      when the registration asks for related persons
 *   "matrikkelenheter": [...],                             when it may see EIENDOM, the residence is not withheld and the flow supplied them
 *   "fastlege": {...} }                                    when it may see FASTLEGE, the residence is not withheld and the flow supplied it
 *   "fastlegeTilbakeholdt": true                           instead, when it may see FASTLEGE but the residence is withheld
 * </pre>
 * The event's own identity number is not copied: the person view carries it only when the fagsystem may see it.
 */
public final class Hendelsesdokument {

    /**
     * Data the flow looked up outside Folkeregisteret, already in the document's shape (docs/hendelser.md).
     *
     * @param matrikkelenheter array of property units with owners (Matrikkelen), or null
     * @param fastlege         the GP (NHN Fastlegeregisteret), or null
     */
    public record Tillegg(JsonNode matrikkelenheter, JsonNode fastlege) {
        public static final Tillegg INGEN = new Tillegg(null, null);
    }

    private Hendelsesdokument() {
    }

    public static ObjectNode lag(Fagsystem fagsystem, FeedHendelse hendelse, Person person,
                                 Map<Identitetsnummer, Person> relaterte, Tillegg tillegg) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        ObjectNode h = doc.putObject("hendelse");
        h.put("sekvensnummer", hendelse.sekvensnummer());
        h.put("hendelsetype", hendelse.hendelsetype());
        if (hendelse.ajourholdstidspunkt() != null) {
            h.put("ajourholdstidspunkt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(hendelse.ajourholdstidspunkt()));
        }
        // judged with the relatives the flow looked up: a residence at a withheld relative's home is withheld too
        Map<Identitetsnummer, Person> kjente = relaterte == null ? Map.of() : relaterte;
        doc.set("person", Dataminimering.person(person, fagsystem.data(), kjente));
        if (!fagsystem.relaterte().roller().isEmpty()) {
            doc.set("relaterte", Dataminimering.relaterte(person, relaterte, fagsystem.relaterte(), fagsystem.data()));
        }
        Tillegg t = tillegg == null ? Tillegg.INGEN : tillegg;
        // the flow should not have looked property up for a withheld residence; this is the guard if it did
        if (Dataminimering.tillater(person, fagsystem.data(), Felt.EIENDOM, kjente) && t.matrikkelenheter() != null) {
            doc.set("matrikkelenheter", t.matrikkelenheter());
        }
        // the GP's office locates her as the kommune does: withheld with the residence, and said so (not "no GP")
        if (Dataminimering.fastlegeTilbakeholdt(person, fagsystem.data(), kjente)) {
            doc.put(Dataminimering.FASTLEGE_TILBAKEHOLDT, true);
        } else if (Dataminimering.tillater(person, fagsystem.data(), Felt.FASTLEGE, kjente) && t.fastlege() != null) {
            doc.set("fastlege", t.fastlege());
        }
        return doc;
    }

    /**
     * Marks each {@code relaterte} entry of a related person whose document the register gave but the platform cannot
     * read ({@code ulesbare}, {@code BulkResult.ulesbare()}) with {@code "ulesbar": true}: she has no data (no name, no
     * address) and must not be taken for one the register does not know, nor for no parent. The entries are in
     * {@link Dataminimering#relaterteIdenter}'s order. Returns how many were marked.
     */
    public static int merkUlesbareRelaterte(ObjectNode doc, Person person, Fagsystem fagsystem, java.util.Set<Identitetsnummer> ulesbare) {
        return Dataminimering.merkUlesbare(doc.path("relaterte"), person, fagsystem.relaterte().roller(), ulesbare);
    }

    /**
     * The prefix of a parent's number in a row's {@link #naere}: the document's person's delt bosted address may be that
     * parent's home.
     */
    public static final String DELT_BOSTED_HOS = "deltBosted:";

    /**
     * The prefix of the document's own person's number in a row's {@link #naere}: the document still holds an address
     * (the person's, a related person's, a delt bosted's) or property units, all of which go when that person is
     * protected ({@link #tilbakeholdAdresser}).
     */
    public static final String PERSON = "person:";

    /**
     * The persons whose home this document ({@link #lag}) still shows, stored beside it ({@code levering.naere}, V56),
     * never in it: the document's own person prefixed {@link #PERSON} when it holds any address or property unit
     * ({@link #holderAdresse}); the identity number of each {@code relaterte} entry, one per entry in its order, null for
     * an entry that shows no address; then, when the person view holds a delt bosted address, each of the person's
     * parents prefixed {@link #DELT_BOSTED_HOS}. Empty when it shows no one's home. How the fan-out's screening finds a
     * document naming a person the register graded later, whatever that person's own record says of the document's
     * person ({@link #tilbakeholdNaere}), and only while the document still shows her home ({@link #naereEtter}).
     */
    public static List<String> naere(ObjectNode doc, Person person, Fagsystem fagsystem) {
        return naere(doc, person, fagsystem, Map.of());
    }

    /**
     * {@link #naere(ObjectNode, Person, Fagsystem)} with the relatives the flow looked up ({@code oppslag}, by id, as
     * {@link #lag} took them): after the rest, each of the person's relatives there (in her {@code familierelasjoner}, a holder
     * of her foreldreansvar: those {@link #lag} judged the person's view with) whose residence is at the same place as an address of the person's own the
     * document shows (residence, postal, delt bosted), prefixed {@link #HJEM_TIL}: that address is her home too, and
     * goes when she is graded later ({@link #tilbakeholdHjem}), though the document need not show her entry with an
     * address (pleie-omsorg sees its next of kin by name). Until session 30 nothing named her, and the screening never
     * read the row.
     */
    public static List<String> naere(ObjectNode doc, Person person, Fagsystem fagsystem, Map<Identitetsnummer, Person> oppslag) {
        List<String> numre = new java.util.ArrayList<>();
        if (person == null) {
            return numre;
        }
        if (person.id() != null && holderAdresse(doc)) {
            numre.add(PERSON + person.id().value());
        }
        if (doc.get("relaterte") instanceof ArrayNode relaterte) {
            List<Identitetsnummer> ider = Dataminimering.relaterteIdenter(person, fagsystem.relaterte().roller());
            for (int i = 0; i < ider.size(); i++) {
                numre.add(i < relaterte.size() && !viserAdresse(relaterte.get(i)) ? null : ider.get(i).value());
            }
        }
        if (deltBostedAdresse(doc)) {
            person.familierelasjoner().stream()
                    .filter(r -> r.relatertPerson() != null && r.relatertRolle() != null && FORELDRE.contains(r.relatertRolle()))
                    .forEach(r -> numre.add(DELT_BOSTED_HOS + r.relatertPerson().value()));
        }
        List<Adresse> egne = egneAdresser(doc.get("person"));
        if (!egne.isEmpty() && oppslag != null) {
            for (Person r : Dataminimering.naere(person, oppslag, null)) {
                if (r.id() != null && paaSammeSted(r.bostedsadresse(), egne)) {
                    numre.add(HJEM_TIL + r.id().value());
                }
            }
        }
        return numre;
    }

    /**
     * The prefix of a relative's number in a row's {@link #naere}: an address of the document's own person is at that
     * relative's residence, her home too (docs/hendelser.md, "A home shared with a protected relative").
     */
    public static final String HJEM_TIL = "hjemTil:";

    /**
     * A row's {@link #naere} after the screening withheld addresses in its document: an element whose home the document
     * no longer shows goes (an entry's number becomes null, keeping the places), so a later batch that meets the same
     * protected person does not read the row again. {@code naere} as it was; the document as it is now.
     */
    public static List<String> naereEtter(ObjectNode doc, List<String> naere) {
        List<String> etter = new java.util.ArrayList<>();
        JsonNode relaterte = doc.path("relaterte");
        boolean deltBostedAdresse = deltBostedAdresse(doc);
        boolean holder = holderAdresse(doc);
        boolean egenAdresse = !egneAdresser(doc.get("person")).isEmpty();
        int plass = 0;
        for (String n : naere) {
            if (n != null && n.startsWith(PERSON)) {
                if (holder) {
                    etter.add(n);
                }
            } else if (n != null && n.startsWith(DELT_BOSTED_HOS)) {
                if (deltBostedAdresse) {
                    etter.add(n);
                }
            } else if (n != null && n.startsWith(HJEM_TIL)) {
                if (egenAdresse) {
                    etter.add(n);
                }
            } else {
                etter.add(n != null && relaterte.has(plass) && !viserAdresse(relaterte.get(plass)) ? null : n);
                plass++;
            }
        }
        return etter;
    }

    /**
     * A row's owners' numbers ({@code levering.eiere}) after the screening withheld names in its document: the number of
     * an entry that no longer shows a name becomes null (the places kept), so a later batch that meets the same
     * protected co-owner does not read the row again. Unchanged when the entries are not as many as the numbers.
     */
    public static List<String> eiereEtter(ObjectNode doc, List<String> eiere) {
        List<JsonNode> oppfoeringer = new java.util.ArrayList<>();
        for (JsonNode enhet : doc.path("matrikkelenheter")) {
            enhet.path("eiere").forEach(oppfoeringer::add);
        }
        if (oppfoeringer.size() != eiere.size()) {
            return eiere;
        }
        List<String> etter = new java.util.ArrayList<>();
        for (int i = 0; i < eiere.size(); i++) {
            etter.add(oppfoeringer.get(i).has("navn") ? eiere.get(i) : null);
        }
        return etter;
    }

    /** True when the document holds any address, property unit or GP ({@link #tilbakeholdAdresser} would remove something). */
    static boolean holderAdresse(JsonNode doc) {
        if (doc.has("matrikkelenheter") || doc.has("fastlege") || viserAdresse(doc.get("person"))) {
            return true;
        }
        for (JsonNode r : doc.path("relaterte")) {
            if (viserAdresse(r)) {
                return true;
            }
        }
        return false;
    }

    /** True when the document's person view holds a delt bosted address. */
    private static boolean deltBostedAdresse(JsonNode doc) {
        for (JsonNode d : doc.path("person").path("deltBosted")) {
            if (d.hasNonNull("adresse")) {
                return true;
            }
        }
        return false;
    }

    /** True when a person view or related entry holds an address key or a delt bosted address. */
    private static boolean viserAdresse(JsonNode o) {
        if (o == null) {
            return false;
        }
        for (String n : ADRESSENOEKLER) {
            if (o.has(n)) {
                return true;
            }
        }
        for (JsonNode d : o.path("deltBosted")) {
            if (d.hasNonNull("adresse")) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.Set<Familierelasjon.Rolle> FORELDRE = java.util.EnumSet.of(
            Familierelasjon.Rolle.MOR, Familierelasjon.Rolle.FAR, Familierelasjon.Rolle.MEDMOR);

    /** The keys of a person view that say where the person lives (with {@code deltBosted[].adresse}). */
    private static final List<String> ADRESSENOEKLER = List.of("bostedsadresse", "postadresse", "postadresseIUtlandet", "kommunenummer");

    /**
     * Withholds every address in a stored document, as {@link Dataminimering} would for a person whose address the
     * fagsystem may not see: the person's and the related persons' addresses, the kommunenummer, the property units and
     * the GP go, {@code adresseTilbakeholdt: true} (and {@code fastlegeTilbakeholdt: true} for the GP) tells the fagsystem
     * why. For a document made before the register graded the person and not yet delivered (docs/hendelser.md, "Protected
     * addresses"). Returns true when anything went.
     */
    public static boolean tilbakeholdAdresser(ObjectNode doc) {
        boolean endret = tilbakehold(doc.get("person"));
        if (doc.get("relaterte") instanceof ArrayNode relaterte) {
            for (JsonNode r : relaterte) {
                endret |= tilbakehold(r);
            }
        }
        return doc.remove("matrikkelenheter") != null | tilbakeholdFastlege(doc) | endret;
    }

    /** The document's GP goes, with {@code fastlegeTilbakeholdt: true}: it locates the person as her kommune does. */
    private static boolean tilbakeholdFastlege(ObjectNode doc) {
        if (doc.remove("fastlege") == null) {
            return false;
        }
        doc.put(Dataminimering.FASTLEGE_TILBAKEHOLDT, true);
        return true;
    }

    /**
     * Withholds a protected related person's addresses in another person's stored document (made before the register
     * graded the related person: a child's document holds its parents' addresses, a parent's its children's): the
     * {@code relaterte} entries that are that person lose every address, with {@code adresseTilbakeholdt: true}, and
     * the rest of the document stays. An entry is that person when its {@code identitetsnummer} is one of {@code numre};
     * an entry without an identity number (the registration does not see it) when its {@code relasjon} is one of
     * {@code roller}, the roles the protected person can have to the document's person: entries of the same role that
     * are someone else lose their addresses too, as nothing in the document tells them apart. {@code deltBosted}: the
     * document's person's own delt bosted addresses go too (a child's second home is a parent's home). Returns true when
     * anything went.
     */
    public static boolean tilbakeholdAdresserTil(ObjectNode doc, java.util.Set<String> numre, java.util.Set<String> roller, boolean deltBosted) {
        boolean endret = false;
        if (doc.get("relaterte") instanceof ArrayNode relaterte) {
            for (JsonNode r : relaterte) {
                JsonNode id = r.get("identitetsnummer");
                boolean erPersonen = id != null && id.isTextual() ? numre.contains(id.asText()) : roller.contains(r.path("relasjon").asText());
                endret |= erPersonen && tilbakehold(r);
            }
        }
        return (deltBosted && tilbakeholdDeltBosted(doc)) | endret;
    }

    /**
     * Withholds the addresses of protected persons in another person's stored document by the row's {@link #naere}: the
     * {@code relaterte} entry at each position whose number is one of {@code numre} loses every address (with {@code
     * adresseTilbakeholdt: true}), and the person's own delt bosted addresses go when a {@link #DELT_BOSTED_HOS} element
     * names one of them; the rest stays. When the document's entries are not as many as {@code naere}'s (a dead letter
     * written before V58, kept from before a replay made its row again; a later one brings its own, V58) an entry is
     * hers by its identity number, and an entry without one loses its addresses (fail closed: nothing tells which is
     * hers). Returns true when anything went.
     */
    public static boolean tilbakeholdNaere(ObjectNode doc, List<String> naere, java.util.Set<String> numre) {
        List<String> oppfoeringer = naere.stream().filter(n -> n == null || !(n.startsWith(DELT_BOSTED_HOS) || n.startsWith(PERSON) || n.startsWith(HJEM_TIL))).toList();
        boolean endret = false;
        if (doc.get("relaterte") instanceof ArrayNode relaterte) {
            boolean samsvarer = relaterte.size() == oppfoeringer.size();
            for (int i = 0; i < relaterte.size(); i++) {
                JsonNode r = relaterte.get(i);
                JsonNode id = r.get("identitetsnummer");
                boolean hennes = samsvarer ? oppfoeringer.get(i) != null && numre.contains(oppfoeringer.get(i))
                        : id == null || !id.isTextual() || numre.contains(id.asText());
                endret |= hennes && tilbakehold(r);
            }
        }
        boolean deltBosted = naere.stream().anyMatch(n -> n != null && n.startsWith(DELT_BOSTED_HOS)
                && numre.contains(n.substring(DELT_BOSTED_HOS.length())));
        return (deltBosted && tilbakeholdDeltBosted(doc)) | endret;
    }

    /** The document's person's own delt bosted addresses go, with {@code adresseTilbakeholdt: true}. */
    private static boolean tilbakeholdDeltBosted(ObjectNode doc) {
        boolean fjernet = false;
        if (doc.get("person") instanceof ObjectNode person && person.get("deltBosted") instanceof ArrayNode delt) {
            for (JsonNode d : delt) {
                if (d instanceof ObjectNode od) {
                    fjernet |= od.remove("adresse") != null;
                }
            }
            if (fjernet) {
                person.put("adresseTilbakeholdt", true);
            }
        }
        return fjernet;
    }

    /**
     * Withholds the addresses in a stored document that are at the same place ({@link Dataminimering#sammeSted}) as one
     * of {@code hjem}, the residences of relatives of the document's person the register graded after it was made and
     * its fagsystem may not see: as {@link Dataminimering} withholds them when it makes a document (docs/hendelser.md,
     * "A home shared with a protected relative"). The person's residence goes with the kommunenummer, the property
     * units and the GP, a postal or delt bosted address there too; a related person's entry loses an address there the same way
     * (a child living with the protected mother); each with {@code adresseTilbakeholdt: true}. An address elsewhere
     * stays. Returns true when anything went.
     */
    public static boolean tilbakeholdHjem(ObjectNode doc, java.util.Collection<Adresse> hjem) {
        List<Adresse> steder = hjem.stream().filter(java.util.Objects::nonNull).toList();
        if (steder.isEmpty()) {
            return false;
        }
        boolean endret = false;
        if (doc.get("person") instanceof ObjectNode person) {
            // the property units are those at the residence, and the GP narrows it down: they go with it
            if (paaSammeSted(adresse(person.get("bostedsadresse")), steder)) {
                doc.remove("matrikkelenheter");
                tilbakeholdFastlege(doc);
            }
            endret = tilbakeholdVed(person, steder);
        }
        if (doc.get("relaterte") instanceof ArrayNode relaterte) {
            for (JsonNode r : relaterte) {
                endret |= r instanceof ObjectNode o && tilbakeholdVed(o, steder);
            }
        }
        return endret;
    }

    /** A person view's or entry's addresses at one of {@code steder} go (the residence with the kommunenummer); true when any did. */
    private static boolean tilbakeholdVed(ObjectNode o, List<Adresse> steder) {
        boolean endret = false;
        if (paaSammeSted(adresse(o.get("bostedsadresse")), steder)) {
            o.remove("bostedsadresse");
            o.remove("kommunenummer");
            endret = true;
        }
        if (paaSammeSted(adresse(o.get("postadresse")), steder)) {
            o.remove("postadresse");
            endret = true;
        }
        for (JsonNode d : o.path("deltBosted")) {
            if (d instanceof ObjectNode od && paaSammeSted(adresse(od.get("adresse")), steder)) {
                od.remove("adresse");
                endret = true;
            }
        }
        if (endret) {
            o.put("adresseTilbakeholdt", true);
        }
        return endret;
    }

    /** The addresses of a person view's own (residence, postal, delt bosted) as it shows them, those that can be compared. */
    private static List<Adresse> egneAdresser(JsonNode person) {
        List<Adresse> egne = new java.util.ArrayList<>();
        if (person == null) {
            return egne;
        }
        egne.add(adresse(person.get("bostedsadresse")));
        egne.add(adresse(person.get("postadresse")));
        person.path("deltBosted").forEach(d -> egne.add(adresse(d.get("adresse"))));
        egne.removeIf(java.util.Objects::isNull);
        return egne;
    }

    /** Whether {@code a} is at the same place as one of {@code steder} (null: not compared). */
    private static boolean paaSammeSted(Adresse a, List<Adresse> steder) {
        return a != null && steder.stream().anyMatch(s -> s != null && Dataminimering.sammeSted(a, s));
    }

    /**
     * An address object of a view ({@link Dataminimering#adresse(Adresse)}) back as an {@link Adresse}, far enough to
     * compare its place: a street address (also one stored without its {@code type}, by its street name) or a
     * matrikkeladresse; null for anything else.
     */
    private static Adresse adresse(JsonNode a) {
        if (a == null || !a.isObject()) {
            return null;
        }
        String type = a.path("type").asText("");
        if (type.equals("MATRIKKELADRESSE") || type.isEmpty() && a.has("gaardsnummer")) {
            return new Adresse.Matrikkeladresse(null, null, heltall(a, "gaardsnummer"), heltall(a, "bruksnummer"), heltall(a, "festenummer"),
                    null, null, tekst(a, "kommunenummer"), null);
        }
        if (type.equals("VEGADRESSE") || type.isEmpty() && a.has("adressenavn")) {
            return new Adresse.Vegadresse(null, tekst(a, "adressenavn"), heltall(a, "husnummer"), tekst(a, "husbokstav"), null, null, null,
                    tekst(a, "kommunenummer"), tekst(a, "adressekode"), null);
        }
        return null;
    }

    private static String tekst(JsonNode a, String felt) {
        JsonNode v = a.get(felt);
        return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static Integer heltall(JsonNode a, String felt) {
        JsonNode v = a.get(felt);
        if (v != null && v.isIntegralNumber() && v.canConvertToInt()) {
            return v.intValue();
        }
        return v != null && v.isTextual() && v.asText().strip().matches("\\d{1,9}") ? Integer.valueOf(v.asText().strip()) : null;
    }

    /**
     * Withholds the names of co-owners the register graded after another person's document was made: the entries of
     * {@code matrikkelenheter[].eiere[]} at the positions whose owner number ({@code eiere}: the row's {@code
     * levering.eiere}, one per entry in the document's order, {@link Dataminimering#eiernumre}) is one of {@code numre}
     * become {@code {"skjermet": true, "andel"}}, as {@link Dataminimering#eiendom} shows a protected owner; the rest of
     * the document stays. The entry is known by its position, not its name: the entry carries no number, and the name
     * Matrikkelen gave need not be the register's. When the document's entries are not as many as {@code eiere} (a dead
     * letter written before V58, kept from before a replay made its row again; a later one brings its own, V58) nothing
     * tells which is hers, so every named entry is withheld (fail closed). Returns true when anything went.
     */
    public static boolean skjermEiere(ObjectNode doc, List<String> eiere, java.util.Set<String> numre) {
        List<ObjectNode> oppfoeringer = new java.util.ArrayList<>();
        if (doc.get("matrikkelenheter") instanceof ArrayNode enheter) {
            for (JsonNode enhet : enheter) {
                for (JsonNode eier : enhet.path("eiere")) {
                    if (eier instanceof ObjectNode o) {
                        oppfoeringer.add(o);
                    }
                }
            }
        }
        boolean samsvarer = oppfoeringer.size() == eiere.size();
        boolean endret = false;
        for (int i = 0; i < oppfoeringer.size(); i++) {
            ObjectNode o = oppfoeringer.get(i);
            if (o.has("navn") && (!samsvarer || (eiere.get(i) != null && numre.contains(eiere.get(i))))) {
                JsonNode andel = o.get("andel");
                o.removeAll();
                o.put("skjermet", true);
                if (andel != null) {
                    o.set("andel", andel);
                }
                endret = true;
            }
        }
        return endret;
    }

    private static boolean tilbakehold(JsonNode node) {
        if (!(node instanceof ObjectNode o)) {
            return false;
        }
        boolean endret = false;
        for (String n : ADRESSENOEKLER) {
            endret |= o.remove(n) != null;
        }
        if (o.get("deltBosted") instanceof ArrayNode delt) {
            for (JsonNode d : delt) {
                if (d instanceof ObjectNode od) {
                    endret |= od.remove("adresse") != null;
                }
            }
        }
        if (endret) {
            o.put("adresseTilbakeholdt", true);
        }
        return endret;
    }
}
