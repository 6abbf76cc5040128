package no.kommune.esb.hendelser.flyt;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.folkeregister.FeedHendelse;
import no.kommune.esb.hendelser.Dataminimering;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.Felt;
import no.kommune.esb.hendelser.Hendelsesdokument;
import no.kommune.esb.matrikkel.MatrikkelClient;
import no.kommune.esb.matrikkel.Vegadresseident;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Adressefelt;
import no.kommune.esb.model.Fastlege;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Matrikkelenhet;
import no.kommune.esb.model.Person;
import no.kommune.esb.nhn.FastlegeClient;
import org.springframework.beans.factory.ObjectProvider;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A fan-out batch's look-ups besides Folkeregisteret, for the deliveries whose fagsystem's data access includes
 * property or GP: Matrikkelen (once per address and batch; the owners who are persons are looked up with the next
 * part's persons, {@link Fordelingsoppslag}, and their grading decides whether their name is shown) and NHN
 * Fastlegeregisteret (bulk, 100 a call), and what each delivery's document gets of their answers.
 */
final class Tilleggsoppslag {

    /** Patients per GetPatientsGPDetails call (the contract names no limit; kept modest). */
    private static final int FASTLEGE_BULK = 100;

    private final ObjectProvider<MatrikkelClient> matrikkel;
    private final ObjectProvider<FastlegeClient> fastlege;
    private final MeterRegistry metrics;

    Tilleggsoppslag(ObjectProvider<MatrikkelClient> matrikkel, ObjectProvider<FastlegeClient> fastlege, MeterRegistry metrics) {
        this.matrikkel = matrikkel;
        this.fastlege = fastlege;
        this.metrics = metrics;
    }

    /** Matrikkelen's client when one is configured (asked once per round); none: no property is looked up. */
    MatrikkelClient matrikkelen() {
        return matrikkel.getIfAvailable();
    }

    /**
     * GPs of every person in the batch whose event goes to a fagsystem that may see this person's GP ({@link
     * Dataminimering#tillater}: not when her residence is withheld from it, the GP's office would narrow it down; such a
     * GP is not even asked for): bulk calls of 100. Keyed by
     * the person's number in use ({@link Person#id()}, what {@link #tillegg} reads by). An event that names a number the
     * person no longer uses (a D-nummer the fødselsnummer replaced: Folkeregisteret answers it with the person under the
     * number in use) asks NHN for both numbers in the same call, and the answer under either is hers (the number in use
     * first): NHN may know her by either. Before, NHN was asked for the event's number and its answer read by the number
     * in use, so such an event's document had no GP.
     */
    Map<Identitetsnummer, Fastlege> fastleger(List<FeedHendelse> hendelser, Map<Long, List<Fagsystem>> mottakere,
                                                      Map<Identitetsnummer, Person> personer) {
        if (fastlege.getIfAvailable() == null) {
            return Map.of();
        }
        // per number in use, the other number an event named for the person (none for most)
        Map<Identitetsnummer, Set<Identitetsnummer>> numre = new java.util.LinkedHashMap<>();
        hendelser.stream()
                .filter(h -> personer.containsKey(h.id()) && personer.get(h.id()).id() != null)
                .filter(h -> mottakere.getOrDefault(h.sekvensnummer(), List.of()).stream()
                        .anyMatch(f -> Dataminimering.tillater(personer.get(h.id()), f.data(), Felt.FASTLEGE)))
                .forEach(h -> {
                    Set<Identitetsnummer> n = numre.computeIfAbsent(personer.get(h.id()).id(), k -> new LinkedHashSet<>(List.of(k)));
                    n.add(h.id());
                });
        List<Identitetsnummer> pasienter = numre.values().stream().flatMap(Set::stream).distinct().toList();
        Map<Identitetsnummer, Fastlege> svar = new HashMap<>();
        for (int i = 0; i < pasienter.size(); i += FASTLEGE_BULK) {
            svar.putAll(fastlege.getObject().fastleger(pasienter.subList(i, Math.min(pasienter.size(), i + FASTLEGE_BULK))));
        }
        Map<Identitetsnummer, Fastlege> leger = new HashMap<>();
        numre.forEach((iBruk, alle) -> alle.stream().map(svar::get).filter(java.util.Objects::nonNull).findFirst()
                .ifPresent(lege -> leger.put(iBruk, lege)));
        return leger;
    }

    /**
     * The batch's property units per address, and the owners who are persons as Folkeregisteret answered for them (a
     * missing one is unknown to it: {@link Dataminimering#eierSkjermet} then withholds the name, fail closed).
     */
    record Eiendommer(Map<Vegadresseident, List<Matrikkelenhet>> enheter, Set<Vegadresseident> ulesbare, Set<Vegadresseident> avviste,
                      Map<Identitetsnummer, Person> eiere) {

        static final Eiendommer INGEN = new Eiendommer(Map.of(), Set.of(), Set.of(), Map.of());
    }

    /**
     * Addresses whose Matrikkelen answer cannot be read, or that Matrikkelen refuses, that a batch sorts out by asking again in halves ({@link
     * #enheter}) before it takes the answer as Matrikkelen's fault and waits (rolled back, as on any register failure):
     * a handful is one garbled record each; more is an answer that cannot be read at all, and each costs about two bulk
     * look-ups per halving (log2 of 500: nine).
     */
    static final int MAKS_ULESBARE = 5;

    /**
     * Property units at the addresses of one part's deliveries that may show them and that the batch has not asked
     * for yet, in Matrikkelen's bulk operations (four SOAP calls per 500 distinct addresses, {@link
     * MatrikkelClient#matrikkelenheterForAdresser}), added to {@code enheter}; returns their owners who are persons, so
     * the fan-out asks Folkeregisteret for those it has not asked in the call that takes the next part's persons (no
     * call of their own): each delivery can then show a co-owner whose residence its fagsystem may not see without a
     * name (owning a unit at the person's home may mean living there). A failed call fails the batch like any register
     * call: names that could not be checked are not sent; an answer with one record that cannot be read fails only its
     * addresses' deliveries ({@link #enheter}, {@code ulesbare}). Scoped to the batch: the next batch asks again, so a change in
     * Matrikkelen is never answered from an older batch.
     */
    Set<Identitetsnummer> medeiere(List<FeedHendelse> del, Map<Long, List<Fagsystem>> mottakere, Map<Identitetsnummer, Person> personer,
                                           MatrikkelClient matrikkelen, Map<Vegadresseident, List<Matrikkelenhet>> enheter,
                                           Set<Vegadresseident> spurteAdresser, Set<Vegadresseident> ulesbare, Set<Vegadresseident> avviste) {
        Set<Vegadresseident> adresser = new LinkedHashSet<>();
        for (FeedHendelse h : del) {
            for (Fagsystem f : mottakere.getOrDefault(h.sekvensnummer(), List.of())) {
                eiendomsadresse(f, personer.get(h.id())).filter(a -> !spurteAdresser.contains(a)).ifPresent(adresser::add);
            }
        }
        if (adresser.isEmpty()) {
            return Set.of();
        }
        metrics.counter("esb.hendelser.fordeling.eiendomsadresser").increment(adresser.size());
        Map<Vegadresseident, List<Matrikkelenhet>> svar = enheter(matrikkelen, List.copyOf(adresser), ulesbare, avviste);
        spurteAdresser.addAll(adresser);
        enheter.putAll(svar);
        Set<Identitetsnummer> eiere = new LinkedHashSet<>(Dataminimering.personeiere(svar.values().stream().flatMap(List::stream).toList()));
        eiere.removeAll(personer.keySet());
        // owners who are persons outside the batch's look-ups so far: the co-owners the screening needs
        metrics.counter("esb.hendelser.fordeling.eiere").increment(eiere.size());
        return eiere;
    }

    /**
     * The batch's property units per address, with their owners who are persons as Folkeregisteret answered for them
     * in the batch's calls (one it does not know is missing: {@link Dataminimering#eierSkjermet} then withholds the
     * name, fail closed).
     */
    static Eiendommer eiendommer(Map<Vegadresseident, List<Matrikkelenhet>> enheter, Set<Vegadresseident> ulesbare,
                                 Set<Vegadresseident> avviste, Map<Identitetsnummer, Person> personer) {
        if (enheter.isEmpty() && ulesbare.isEmpty() && avviste.isEmpty()) {
            return Eiendommer.INGEN;
        }
        Map<Identitetsnummer, Person> eiere = new HashMap<>();
        Dataminimering.personeiere(enheter.values().stream().flatMap(List::stream).toList()).stream()
                .filter(personer::containsKey).forEach(id -> eiere.put(id, personer.get(id)));
        return new Eiendommer(enheter, Set.copyOf(ulesbare), Set.copyOf(avviste), eiere);
    }

    /**
     * Matrikkelen's units at these addresses in its bulk look-up. An answer holding a value that cannot be read ({@link
     * MatrikkelClient.UlesbarVerdi}: one address's, one unit's or one owner's record, a share with a nevner of 0) is
     * asked again in halves down to the single addresses it belongs to, which go to {@code ulesbare} with no units; so is
     * a bulk look-up Matrikkelen refuses ({@link MatrikkelClient.Valideringsfeil}, a ValidationException: one address it
     * will not take fails the whole call), whose single addresses go to {@code avviste}. Their deliveries fail on their
     * own ({@link #eiendomFeil}) and the rest of the batch goes; until the closing notes of session 32 a
     * ValidationException failed the whole batch, which waited and failed again at every retry. No extra call when every
     * answer can be read. Past {@link #MAKS_ULESBARE} such addresses in the batch the failure is Matrikkelen's and fails
     * the batch, as any register call.
     */
    private static Map<Vegadresseident, List<Matrikkelenhet>> enheter(MatrikkelClient matrikkelen, List<Vegadresseident> adresser,
                                                                      Set<Vegadresseident> ulesbare, Set<Vegadresseident> avviste) {
        try {
            return matrikkelen.matrikkelenheterForAdresser(adresser);
        } catch (MatrikkelClient.UlesbarVerdi | MatrikkelClient.Valideringsfeil e) {
            if (ulesbare.size() + avviste.size() >= MAKS_ULESBARE) {
                throw e;
            }
            if (adresser.size() == 1) {
                (e instanceof MatrikkelClient.Valideringsfeil ? avviste : ulesbare).add(adresser.get(0));
                return Map.of();
            }
            int midt = adresser.size() / 2;
            Map<Vegadresseident, List<Matrikkelenhet>> svar = new java.util.LinkedHashMap<>(
                    enheter(matrikkelen, adresser.subList(0, midt), ulesbare, avviste));
            svar.putAll(enheter(matrikkelen, adresser.subList(midt, adresser.size()), ulesbare, avviste));
            return svar;
        }
    }

    /**
     * Why this delivery's property units cannot be shown though its fagsystem may see them and the person's residence
     * is a street address (the reason stored with the failed row and its dead letter, no personal data), or empty: its
     * adressekode from Folkeregisteret is not a number (the contract has it as a string; Matrikkelen's ident takes a
     * number), or Matrikkelen's answer for the address could not be read. A document without the section would read as
     * "owns nothing" to the fagsystem, so such a row is not sent (docs/hendelser.md, "One unreadable value"). So too
     * when Folkeregisteret gave the residence with a value the platform cannot read ({@link Person#uleseligeAdresser()}:
     * a husnummer "1O", which the slot holds as none, or an entry of which it cannot be told whether it is current),
     * whatever kind of address the slot holds: which units are the person's cannot be told, and none is guessed.
     */
    static Optional<String> eiendomFeil(Fagsystem f, Person p, Eiendommer eiendommer) {
        if (Dataminimering.tillater(p, f.data(), Felt.EIENDOM) && p.uleseligeAdresser().contains(Adressefelt.BOSTEDSADRESSE)) {
            return Optional.of(BOSTEDSADRESSE_ULESBAR);
        }
        if (!(Dataminimering.tillater(p, f.data(), Felt.EIENDOM)
                && p.bostedsadresse() instanceof Adresse.Vegadresse v && v.adressekode() != null && v.husnummer() != null)) {
            return Optional.empty();
        }
        Optional<Vegadresseident> adresse = eiendomsadresse(f, p);
        if (adresse.isEmpty()) {
            return Optional.of(ADRESSEKODE_ULESBAR);
        }
        return eiendommer.ulesbare().contains(adresse.get()) ? Optional.of(MATRIKKELEN_ULESBAR)
                : eiendommer.avviste().contains(adresse.get()) ? Optional.of(MATRIKKELEN_AVVISTE) : Optional.empty();
    }

    static final String ADRESSEKODE_ULESBAR = "eiendom kunne ikke slås opp: adressekoden fra Folkeregisteret er ikke et tall";
    static final String BOSTEDSADRESSE_ULESBAR = "eiendom kunne ikke slås opp: bostedsadressen fra Folkeregisteret kan ikke leses";
    static final String MATRIKKELEN_ULESBAR = "eiendom kunne ikke slås opp: svaret fra Matrikkelen for adressen kunne ikke leses";
    static final String MATRIKKELEN_AVVISTE = "eiendom kunne ikke slås opp: Matrikkelen avviste adressen (valideringsfeil)";

    /**
     * The street address whose property units this fagsystem may see for this person: none when its data access
     * lacks property or the residence is protected from it ({@link Dataminimering#tillater}) — a protected
     * residence's units are not even looked up, they would point to where the person lives. None either when the
     * adressekode is not a number, or the residence could not be read ({@link #eiendomFeil} fails that delivery): the
     * units of an address read in part are never asked for.
     */
    private static Optional<Vegadresseident> eiendomsadresse(Fagsystem f, Person p) {
        if (Dataminimering.tillater(p, f.data(), Felt.EIENDOM) && !p.uleseligeAdresser().contains(Adressefelt.BOSTEDSADRESSE)
                && p.bostedsadresse() instanceof Adresse.Vegadresse v && v.adressekode() != null && v.husnummer() != null
                && Vegadresseident.lesbarAdressekode(v.adressekode())) {
            return Optional.of(Vegadresseident.av(v.kommunenummer(), v.adressekode(), v.husnummer(), v.husbokstav()));
        }
        return Optional.empty();
    }

    /**
     * Property units at the person's address and the GP, both from the batch's bulk calls; the units rendered per
     * delivery, since whose name is withheld depends on the fagsystem ({@code beskyttedeAdresser}) and the person.
     */
    Hendelsesdokument.Tillegg tillegg(Fagsystem f, Person p, Map<Identitetsnummer, Fastlege> leger, Eiendommer eiendommer) {
        JsonNode enheter = eiendomsadresse(f, p).map(eiendommer.enheter()::get)
                .map(e -> Dataminimering.eiendom(e, p, eiendommer.eiere(), f.data().beskyttedeAdresser())).orElse(null);
        JsonNode lege = null;
        if (Dataminimering.tillater(p, f.data(), Felt.FASTLEGE) && leger.containsKey(p.id())) {
            lege = Dataminimering.fastlege(leger.get(p.id()), p);
        }
        return new Hendelsesdokument.Tillegg(enheter, lege);
    }

    /**
     * The owners' numbers of the units {@link #tillegg} rendered for this delivery, one per owner entry in the
     * document's order ({@link Dataminimering#eiernumre}); null when it rendered none or none names a person. Stored
     * with the row, never in its document ({@code levering.eiere}): how the screening finds a co-owner graded later.
     */
    java.util.List<String> eiernumre(Fagsystem f, Person p, Eiendommer eiendommer) {
        return eiendomsadresse(f, p).map(eiendommer.enheter()::get).map(Dataminimering::eiernumre).orElse(null);
    }
}
