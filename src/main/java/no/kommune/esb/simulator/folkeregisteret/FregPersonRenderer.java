package no.kommune.esb.simulator.folkeregisteret;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.simulator.population.Codes;
import no.kommune.esb.simulator.population.SimAddress;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Renders a {@link SimPerson} as a Folkeregisterperson (freg.yaml, shaped like the npr.json examples): every
 * top-level element an array of entries with erGjeldende, gyldighetstidspunkt, ajourholdstidspunkt, kilde,
 * except {@code doedsfall}. Call inside {@link SyntheticPopulation#read} when rendering several persons.
 */
final class FregPersonRenderer {

    static final Set<String> BASIS = Set.of("identifikasjonsnummer", "identitetsgrunnlag", "status", "doedsfall", "sivilstand",
            "foedsel", "statsborgerskap", "kjoenn", "navn", "bostedsadresse", "oppholdsadresse", "deltBosted", "postadresse",
            "postadresseIUtlandet", "adressebeskyttelse", "kontaktinformasjonForDoedsbo");
    static final Set<String> RELASJON = Set.of("familierelasjon", "foreldreansvar", "vergemaalEllerFremtidsfullmakt");
    static final Set<String> IDENTITETSGRUNNLAG = Set.of("falskIdentitet", "legitimasjonsdokument", "utenlandskPersonidentifikasjon");

    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");
    private static final String KILDE = "Simulator";

    /**
     * What to render. With no part, or only the group parts (person-basis, relasjon-utvidet,
     * identitetsgrunnlag-utvidet) and historikk, person-basis is included; naming single entities limits the
     * answer to those (plus identifikasjonsnummer).
     */
    record Parts(Set<String> entities, boolean historikk) {

        static Parts of(Collection<String> requested) {
            Set<String> names = new LinkedHashSet<>();
            if (requested != null) {
                for (String r : requested) {
                    for (String s : r.split(",")) {
                        if (!s.isBlank()) {
                            names.add(s.trim());
                        }
                    }
                }
            }
            boolean historikk = names.remove("historikk");
            Set<String> entities = new LinkedHashSet<>();
            boolean explicit = false;
            for (String n : names) {
                switch (n) {
                    case "person-basis" -> entities.addAll(BASIS);
                    case "relasjon-utvidet" -> entities.addAll(RELASJON);
                    case "identitetsgrunnlag-utvidet" -> entities.addAll(IDENTITETSGRUNNLAG);
                    default -> {
                        entities.add(n);
                        explicit = true;
                    }
                }
            }
            if (!explicit) {
                entities.addAll(BASIS);
            }
            entities.add("identifikasjonsnummer");
            return new Parts(entities, historikk);
        }

        boolean has(String entity) {
            return entities.contains(entity);
        }
    }

    private final SyntheticPopulation pop;
    private final ObjectMapper json;

    FregPersonRenderer(SyntheticPopulation pop, ObjectMapper json) {
        this.pop = pop;
        this.json = json;
    }

    ObjectNode render(SimPerson p, Parts parts) {
        ObjectNode doc = json.createObjectNode();
        if (parts.has("identifikasjonsnummer")) {
            ArrayNode a = doc.putArray("identifikasjonsnummer");
            ObjectNode cur = entry(a, true, p.identSince(), "Tildeling");
            cur.put("status", "iBruk");
            cur.put("foedselsEllerDNummer", p.identOverride() != null ? p.identOverride() : p.id());
            cur.put("identifikatortype", p.isDnummer() ? "dNummer" : "foedselsnummer");
            if (parts.historikk()) {
                for (SimPerson.Past past : p.history()) {
                    if (past.entity() == SimPerson.Entity.IDENT) {
                        String old = (String) past.value();
                        ObjectNode e = pastEntry(a, past);
                        e.put("status", "opphoert");
                        e.put("foedselsEllerDNummer", old);
                        e.put("identifikatortype", old.charAt(0) >= '4' ? "dNummer" : "foedselsnummer");
                    }
                }
            }
        }
        if (parts.has("identitetsgrunnlag")) {
            entry(doc.putArray("identitetsgrunnlag"), true, p.identSince(), null)
                    .put("identitetsgrunnlagstatus", p.isDnummer() ? "ikkeKontrollert" : "kontrollert");
        }
        if (parts.has("status")) {
            ArrayNode a = doc.putArray("status");
            entry(a, true, p.statusSince(), null).put("status", status(p.status()));
            history(a, p, SimPerson.Entity.STATUS, parts, (e, v) -> e.put("status", status((SimPerson.Status) v)));
        }
        if (parts.has("foedsel")) {
            ObjectNode e = entry(doc.putArray("foedsel"), true, epoch(p.foedselsdato()), null);
            e.put("foedselsdato", p.foedselsdato().toString());
            e.put("foedselsaar", String.valueOf(p.foedselsdato().getYear()));
            if (p.isDnummer() || p.formerDnummer() != null) {
                e.put("foedeland", Codes.STATSBORGERSKAP[Math.max(1, p.statsborgerskapCode())]);
            } else {
                e.put("foedekommuneINorge", pop.homeKommune());
                e.put("foedeland", "NOR");
            }
        }
        if (parts.has("kjoenn")) {
            entry(doc.putArray("kjoenn"), true, epoch(p.foedselsdato()), null).put("kjoenn", p.isKvinne() ? "kvinne" : "mann");
        }
        if (parts.has("navn")) {
            ArrayNode a = doc.putArray("navn");
            ObjectNode e = entry(a, true, p.nameSince(), null);
            name(e, p.fornavn(), p.mellomnavn(), p.etternavn());
            history(a, p, SimPerson.Entity.NAVN, parts, (h, v) -> {
                short[] n = (short[]) v;
                name(h, p.fornavn(), n[1] < 0 ? null : SimPerson.etternavnAt(n[1]), SimPerson.etternavnAt(n[2]));
            });
        }
        if (parts.has("sivilstand")) {
            ObjectNode e = entry(doc.putArray("sivilstand"), true, epoch(p.foedselsdato()), null);
            e.put("sivilstand", switch (p.sivilstand()) {
                case UGIFT -> "ugift";
                case GIFT -> "gift";
                case SKILT -> "skilt";
                case ENKE_ELLER_ENKEMANN -> "enkeEllerEnkemann";
            });
            if (p.spouseIndex() >= 0 && p.sivilstand() != SimPerson.Sivilstand.UGIFT) {
                e.put("relatertVedSivilstand", pop.person(p.spouseIndex()).id());
            }
        }
        if (parts.has("statsborgerskap")) {
            ObjectNode e = entry(doc.putArray("statsborgerskap"), true, epoch(p.foedselsdato()), null);
            e.put("statsborgerskap", Codes.STATSBORGERSKAP[p.statsborgerskapCode()]);
        }
        if (p.doedsdato() != null && parts.has("doedsfall")) {
            ObjectNode e = json.createObjectNode();
            common(e, true, p.statusSince(), "Dødsfall");
            e.put("doedsdato", p.doedsdato().toString());
            doc.set("doedsfall", e);
        }
        if (parts.has("adressebeskyttelse") && (p.graderingCode() > 0 || parts.historikk() && hasHistory(p, SimPerson.Entity.GRADERING))) {
            ArrayNode a = doc.putArray("adressebeskyttelse");
            if (p.graderingCode() > 0) {
                entry(a, true, p.graderingSince(), "Adressebeskyttelse").put("graderingsnivaa", p.gradering());
            }
            history(a, p, SimPerson.Entity.GRADERING, parts, (e, v) -> e.put("graderingsnivaa", Codes.GRADERING[(Integer) v]));
        }
        if (parts.has("bostedsadresse")) {
            ArrayNode a = json.createArrayNode();
            // the register ends a deceased person's residence at the death (example 28857197102): an entry with
            // erGjeldende=false and opphoerstidspunkt, so given only with historikk
            boolean doed = p.status() == SimPerson.Status.DOED;
            if (!doed || parts.historikk()) {
                if (p.addressIndex() >= 0 && !p.hasOppholdsadresseOnly()) {
                    ObjectNode e = bosted(a, p, doed, "Flytting");
                    ObjectNode veg = e.putObject("vegadresse");
                    vegadresse(veg, pop.address(p.addressIndex()), true);
                    if (p.husnummerOverride() != null) {
                        ((ObjectNode) veg.get("adressenummer")).put("husnummer", p.husnummerOverride());
                    }
                    e.put("adresseIdentifikatorFraMatrikkelen", matrikkelId(p.addressIndex()));
                    e.put("adressegradering", p.gradering());
                    e.put("flyttedato", p.flyttedato().toString());
                } else if (p.ukjentBosted()) {
                    ObjectNode e = bosted(a, p, doed, "Ukjent bosted");
                    e.putObject("ukjentBosted").put("bostedskommune", p.ukjentBostedKommune());
                    e.put("adressegradering", p.gradering());
                }
            }
            history(a, p, SimPerson.Entity.BOSTED, parts, (e, v) -> {
                SimPerson.BostedState s = (SimPerson.BostedState) v;
                if (s.address() >= 0) {
                    vegadresse(e.putObject("vegadresse"), pop.address(s.address()), true);
                    e.put("adresseIdentifikatorFraMatrikkelen", matrikkelId(s.address()));
                }
                e.put("adressegradering", Codes.GRADERING[s.gradering()]);
                e.put("flyttedato", LocalDate.ofEpochDay(s.flyttedato()).toString());
            });
            if (!a.isEmpty()) {
                doc.set("bostedsadresse", a);
            }
        }
        if (parts.has("oppholdsadresse") && p.hasOppholdsadresseOnly() && p.addressIndex() >= 0) {
            ObjectNode e = entry(doc.putArray("oppholdsadresse"), true, p.addressSince(), "Tildele d-nummer");
            vegadresse(e.putObject("vegadresse"), pop.address(p.addressIndex()), true);
            e.put("adresseIdentifikatorFraMatrikkelen", matrikkelId(p.addressIndex()));
            e.put("adressegradering", p.gradering());
            e.put("oppholdsadressedato", p.flyttedato().toString());
        }
        if (parts.has("deltBosted") && p.deltBostedIndex() >= 0) {
            ObjectNode e = entry(doc.putArray("deltBosted"), true, p.addressSince(), "Delt bosted");
            e.put("startdatoForKontrakt", p.deltBostedStart().toString());
            vegadresse(e.putObject("vegadresse"), pop.address(p.deltBostedIndex()), true);
            e.put("adresseIdentifikatorFraMatrikkelen", matrikkelId(p.deltBostedIndex()));
            e.put("adressegradering", deltBostedGradering(p));
        }
        if (parts.has("postadresse") && p.hasPostboks()) {
            ObjectNode e = entry(doc.putArray("postadresse"), true, p.addressSince(), null);
            e.put("adressegradering", p.gradering());
            ObjectNode box = e.putObject("postboksadresse");
            box.put("postboks", String.valueOf(p.postboks()));
            String kommune = p.addressIndex() >= 0 ? pop.address(p.addressIndex()).kommunenummer() : pop.homeKommune();
            ObjectNode poststed = box.putObject("poststed");
            poststed.put("poststedsnavn", SyntheticPopulation.postboksPoststed(kommune));
            poststed.put("postnummer", SyntheticPopulation.postboksPostnummer(kommune));
        }
        if (p.isAbroad()) {
            String[] land = Codes.UTLAND[p.utlandCode()];
            if (parts.has("postadresseIUtlandet")) {
                ObjectNode e = entry(doc.putArray("postadresseIUtlandet"), true, p.statusSince(), "Utflytting");
                e.put("adressegradering", "ugradert");
                ObjectNode u = e.putObject("utenlandskAdresse");
                u.put("adressenavn", "Testgate " + (p.index() % 200 + 1));
                u.put("postkode", String.valueOf(10000 + p.index() % 80000));
                u.put("byEllerStedsnavn", land[2]);
                u.put("landkode", land[1]);
            }
            if (parts.has("utflytting")) {
                ObjectNode e = entry(doc.putArray("utflytting"), true, p.statusSince(), "Utflytting");
                e.put("tilflyttingsland", land[0]);
                e.put("utflyttingsdato", p.utflyttingsdato().toString());
            }
        }
        if (parts.has("innflytting") && (p.isDnummer() || p.formerDnummer() != null)) {
            entry(doc.putArray("innflytting"), true, p.identSince(), "Innflytting")
                    .put("fraflyttingsland", Codes.STATSBORGERSKAP[Math.max(1, p.statsborgerskapCode())]);
        }
        if (parts.has("familierelasjon")) {
            familierelasjon(doc, p);
        }
        if (parts.has("foreldreansvar")) {
            foreldreansvar(doc, p, parts);
        }
        if (parts.has("vergemaalEllerFremtidsfullmakt") && p.vergeIndex() >= 0) {
            ObjectNode e = entry(doc.putArray("vergemaalEllerFremtidsfullmakt"), true, p.addressSince(), "Vergemål");
            e.put("vergemaaltype", "voksen");
            e.put("embete", "statsforvalterenIVestland");
            ObjectNode verge = e.putObject("verge");
            verge.put("foedselsEllerDNummer", pop.person(p.vergeIndex()).id());
            verge.put("omfang", "personligeOgOekonomiskeInteresser");
            verge.put("omfangetErInnenPersonligOmraade", true);
        }
        return doc;
    }

    private void familierelasjon(ObjectNode doc, SimPerson p) {
        ArrayNode a = json.createArrayNode();
        for (int c : p.childIndexes()) {
            SimPerson child = pop.person(c);
            relation(a, child, "barn", p.isKvinne() ? "mor" : "far", epoch(child.foedselsdato()));
        }
        if (p.motherIndex() >= 0) {
            relation(a, pop.person(p.motherIndex()), "mor", "barn", epoch(p.foedselsdato()));
        }
        if (p.fatherIndex() >= 0) {
            relation(a, pop.person(p.fatherIndex()), "far", "barn", epoch(p.foedselsdato()));
        }
        if (p.spouseIndex() >= 0 && p.sivilstand() == SimPerson.Sivilstand.GIFT) {
            relation(a, pop.person(p.spouseIndex()), "ektefelleEllerPartner", "ektefelleEllerPartner", p.addressSince());
        }
        if (!a.isEmpty()) {
            doc.set("familierelasjon", a);
        }
    }

    private void relation(ArrayNode a, SimPerson other, String otherRole, String myRole, long since) {
        ObjectNode e = entry(a, true, since, null);
        e.put("relatertPerson", other.id());
        e.put("relatertPersonsRolle", otherRole);
        e.put("minRolleForPerson", myRole);
    }

    /** On a child: who holds responsibility. On a parent or other holder: one entry per child they hold it for. */
    private void foreldreansvar(ObjectNode doc, SimPerson p, Parts parts) {
        ArrayNode a = json.createArrayNode();
        if (p.ansvar() != SimPerson.Ansvar.INGEN) {
            for (SimPerson holder : holders(p, p.ansvar(), p.ansvarligIndex())) {
                ansvar(entry(a, true, p.ansvarSince(), null), p.ansvar(), p, holder);
            }
            if (parts.historikk()) {
                // one history element per former holder
                for (SimPerson.Past past : p.history()) {
                    if (past.entity() == SimPerson.Entity.FORELDREANSVAR) {
                        SimPerson.AnsvarState s = (SimPerson.AnsvarState) past.value();
                        for (SimPerson holder : holders(p, s.ansvar(), s.ansvarlig())) {
                            ansvar(pastEntry(a, past), s.ansvar(), p, holder);
                        }
                    }
                }
            }
        }
        for (int c : p.childIndexes()) {
            SimPerson child = pop.person(c);
            if (holdsFor(p, child)) {
                ansvar(entry(a, true, child.ansvarSince(), null), child.ansvar(), child, p);
            }
        }
        for (int w : p.wardIndexes()) {
            SimPerson ward = pop.person(w);
            ansvar(entry(a, true, ward.ansvarSince(), null), ward.ansvar(), ward, p);
        }
        if (!a.isEmpty()) {
            doc.set("foreldreansvar", a);
        }
    }

    private boolean holdsFor(SimPerson parent, SimPerson child) {
        if (child.status() == SimPerson.Status.DOED || child.age(pop.today()) >= 18) {
            return false;
        }
        return switch (child.ansvar()) {
            case FELLES -> true;
            case MOR -> child.motherIndex() == parent.index();
            case FAR -> child.fatherIndex() == parent.index();
            default -> false;
        };
    }

    private java.util.List<SimPerson> holders(SimPerson child, SimPerson.Ansvar ansvar, int ansvarlig) {
        java.util.List<SimPerson> holders = new java.util.ArrayList<>();
        if ((ansvar == SimPerson.Ansvar.FELLES || ansvar == SimPerson.Ansvar.MOR) && child.motherIndex() >= 0) {
            holders.add(pop.person(child.motherIndex()));
        }
        if ((ansvar == SimPerson.Ansvar.FELLES || ansvar == SimPerson.Ansvar.FAR) && child.fatherIndex() >= 0) {
            holders.add(pop.person(child.fatherIndex()));
        }
        if (ansvar == SimPerson.Ansvar.ANDRE && ansvarlig >= 0) {
            holders.add(pop.person(ansvarlig));
        }
        return holders;
    }

    private static void ansvar(ObjectNode e, SimPerson.Ansvar ansvar, SimPerson child, SimPerson holder) {
        e.put("ansvar", ansvar.name().toLowerCase(Locale.ROOT));
        e.put("ansvarssubjekt", child.id());
        e.put("ansvarlig", holder.id());
    }

    // ---- entry helpers

    private ObjectNode entry(ArrayNode a, boolean gjeldende, long since, String aarsak) {
        ObjectNode e = a.addObject();
        common(e, gjeldende, since, aarsak);
        return e;
    }

    /** The person's last residence: current, or for a deceased person ended at the death. */
    private ObjectNode bosted(ArrayNode a, SimPerson p, boolean doed, String aarsak) {
        ObjectNode e = entry(a, !doed, p.addressSince(), aarsak);
        if (doed) {
            e.put("opphoerstidspunkt", ts(p.statusSince()));
        }
        return e;
    }

    private ObjectNode pastEntry(ArrayNode a, SimPerson.Past past) {
        ObjectNode e = entry(a, false, past.from(), null);
        e.put("opphoerstidspunkt", ts(past.until()));
        return e;
    }

    private static void common(ObjectNode e, boolean gjeldende, long since, String aarsak) {
        e.put("ajourholdstidspunkt", ts(since));
        e.put("erGjeldende", gjeldende);
        e.put("kilde", KILDE);
        if (aarsak != null) {
            e.put("aarsak", aarsak);
        }
        e.put("gyldighetstidspunkt", ts(since));
    }

    private void history(ArrayNode a, SimPerson p, SimPerson.Entity entity, Parts parts, java.util.function.BiConsumer<ObjectNode, Object> fill) {
        if (!parts.historikk() || fill == null) {
            return;
        }
        for (SimPerson.Past past : p.history()) {
            if (past.entity() == entity) {
                fill.accept(pastEntry(a, past), past.value());
            }
        }
    }

    private static boolean hasHistory(SimPerson p, SimPerson.Entity entity) {
        return p.history().stream().anyMatch(h -> h.entity() == entity);
    }

    private static void vegadresse(ObjectNode v, SimAddress a, boolean withKommune) {
        if (withKommune) {
            v.put("kommunenummer", a.kommunenummer());
        }
        v.put("bruksenhetsnummer", "H0101");
        v.put("bruksenhetstype", "bolig");
        v.put("adressenavn", a.adressenavn());
        ObjectNode nr = v.putObject("adressenummer");
        nr.put("husnummer", String.valueOf(a.husnummer()));
        if (a.husbokstav() != null) {
            nr.put("husbokstav", a.husbokstav());
        }
        v.put("adressekode", a.adressekode());
        ObjectNode poststed = v.putObject("poststed");
        poststed.put("poststedsnavn", a.poststed());
        poststed.put("postnummer", a.postnummer());
    }

    private static void name(ObjectNode e, String fornavn, String mellomnavn, String etternavn) {
        e.put("fornavn", fornavn.toUpperCase(Locale.ROOT));
        if (mellomnavn != null) {
            e.put("mellomnavn", mellomnavn.toUpperCase(Locale.ROOT));
        }
        e.put("etternavn", etternavn.toUpperCase(Locale.ROOT));
    }

    static String ts(long epochSecond) {
        return OffsetDateTime.ofInstant(Instant.ofEpochSecond(epochSecond), OSLO).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    static long epoch(LocalDate date) {
        return date.atStartOfDay(OSLO).toEpochSecond();
    }

    static String matrikkelId(int addressIndex) {
        return String.valueOf(300_000_000L + addressIndex);
    }

    private static String status(SimPerson.Status s) {
        return switch (s) {
            case BOSATT -> "bosatt";
            case UTFLYTTET -> "utflyttet";
            case DOED -> "doed";
            case MIDLERTIDIG -> "midlertidig";
            case IKKE_BOSATT -> "ikkeBosatt";
        };
    }

    private String deltBostedGradering(SimPerson p) {
        int other = p.fatherIndex() >= 0 && pop.person(p.fatherIndex()).addressIndex() == p.deltBostedIndex() ? p.fatherIndex() : p.motherIndex();
        return other >= 0 ? pop.person(other).gradering() : "ugradert";
    }
}
