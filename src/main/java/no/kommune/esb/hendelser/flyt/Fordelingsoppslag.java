package no.kommune.esb.hendelser.flyt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.folkeregister.BulkResult;
import no.kommune.esb.folkeregister.FeedHendelse;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.Hendelsestype;
import no.kommune.esb.folkeregister.Part;
import no.kommune.esb.hendelser.Dataminimering;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.Hendelsesdokument;
import no.kommune.esb.matrikkel.MatrikkelClient;
import no.kommune.esb.matrikkel.Vegadresseident;
import no.kommune.esb.model.Fastlege;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Matrikkelenhet;
import no.kommune.esb.model.Person;
import no.kommune.esb.platform.Norsktid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The register look-ups of one batch of events and the documents made from them. Folkeregisteret bulk look-ups shared
 * by every fagsystem, in full calls of 1,000 ids (the related persons and the co-owners one part of the batch needs
 * travel in the call that takes the next events' persons; the batch's deceased, whose residence the register ended at
 * the death, for the kommune they lived in, and the persons whose identity number changed, for their earlier numbers,
 * together in one call with history for the whole batch); after each call the events it answered are decided
 * ({@link Mottakervalg}), and Matrikkelen and NHN Fastlegeregisteret are asked for the deliveries that may show
 * property or GP ({@link Tilleggsoppslag}); then one minimised mapping input document per (event, receiving
 * fagsystem). Stores nothing: the fan-out batch, a replay, a trigger's message and a new minimisation store what
 * they get ({@link HendelseFordeler}, {@link Leveringslager}, {@link NyMinimering}).
 */
final class Fordelingsoppslag {

    // the fan-out's DEBUG line per batch keeps its logger name (docs/hendelser.md names it; a level set for it still applies)
    private static final Logger log = LoggerFactory.getLogger(HendelseFordeler.class);
    static final Set<Part> PARTS = Set.of(Part.PERSON_BASIS, Part.RELASJON_UTVIDET);

    private final JdbcTemplate jdbc;
    private final FolkeregisterClient freg;
    private final FagsystemRegistry registry;
    private final Tilleggsoppslag tillegg;
    private final MeterRegistry metrics;
    private final Clock clock = Clock.system(Norsktid.SONE);

    Fordelingsoppslag(JdbcTemplate jdbc, FolkeregisterClient freg, FagsystemRegistry registry, Tilleggsoppslag tillegg,
                      MeterRegistry metrics) {
        this.jdbc = jdbc;
        this.freg = freg;
        this.registry = registry;
        this.tillegg = tillegg;
        this.metrics = metrics;
    }

    /**
     * The deliveries to make, every person the register answered for while making them (related persons too), which
     * moves out the deliveries tell of and which persons are back in a population ({@link Mottakervalg.Utflyttinger}),
     * and for a fan-out batch the persons of its identity-number changes with every number of theirs ({@code identiteter}).
     */
    record Fordelt(List<HendelseFordeler.Levering> leveringer, Map<Identitetsnummer, Person> personer,
                   Mottakervalg.Utflyttinger utflyttinger, Map<Identitetsnummer, Person> identiteter) {
    }

    /**
     * Looks these events' persons up and makes their documents: for every registered fagsystem (a fan-out batch,
     * {@code bare} null: the subscriptions decide), or for the one named (a replay, a trigger's message, a new
     * minimisation: the caller chose the events).
     */
    Fordelt fordel(List<FeedHendelse> hendelser, Fagsystem bare) {
        return fordel(hendelser, bare, Fasetider.INGEN);
    }

    /** {@link #fordel(List, Fagsystem)}, each phase's time added to {@code tider} (the fan-out batch's). */
    Fordelt fordel(List<FeedHendelse> hendelser, Fagsystem bare, Fasetider tider) {
        // the registry is read once per batch, so a reloaded registration applies from the next batch on
        List<Fagsystem> fagsystemer = bare != null ? List.of(bare) : registry.alle();
        Runde r = new Runde(new Mottakervalg(jdbc, fagsystemer, bare, LocalDate.now(clock)), tillegg.matrikkelen(), tider);
        // the kommune at death decides a kommune population only
        boolean kommunePopulasjon = fagsystemer.stream().anyMatch(f -> f.populasjon() instanceof Fagsystem.Kommune);
        List<FeedHendelse> doedeUtenKommune = new ArrayList<>();
        // a fan-out batch's identity-number changes: the persons' earlier numbers, asked in the call with the deceased
        Set<Identitetsnummer> nyttNummer = new LinkedHashSet<>();
        if (bare == null) {
            hendelser.stream().filter(h -> h.type() == Hendelsestype.ENDRING_I_IDENTIFIKASJONSNUMMER && h.id() != null)
                    .forEach(h -> nyttNummer.add(h.id()));
        }
        Map<Identitetsnummer, Person> identiteter = new HashMap<>();
        // the events of those persons wait for their earlier numbers (a portfolio may hold the person under one, and a
        // registration that sees the identity history gets them): decided after the call with history, as the deceased
        Set<Identitetsnummer> endretNummer = Set.copyOf(nyttNummer);
        List<FeedHendelse> venterPaaNumre = new ArrayList<>();
        int neste = 0;
        // Folkeregisteret in full calls: each call takes the related persons and co-owners the part before needs, then
        // the persons of the next events up to the call's limit; so a batch costs about (persons + related persons +
        // co-owners) / 1000 calls, and one more with history when it holds deceased persons or identity-number changes
        while (neste < hendelser.size() || !r.ventende.isEmpty()) {
            Set<Identitetsnummer> kall = new LinkedHashSet<>(r.ventende);
            int relaterte = kall.size();
            r.ventende.clear();
            int fra = neste;
            while (neste < hendelser.size()) {
                Identitetsnummer id = hendelser.get(neste).id();
                if (id != null && !r.spurt.contains(id) && !kall.contains(id)) {
                    if (kall.size() >= freg.bulkSize()) {
                        break;
                    }
                    kall.add(id);
                }
                neste++;
            }
            // ids asked of Folkeregisteret: the batch's persons and, besides, the related persons the mappings need and the co-owners
            metrics.counter("esb.hendelser.fordeling.personer").increment(kall.size() - relaterte);
            metrics.counter("esb.hendelser.fordeling.relaterte").increment(relaterte);
            BulkResult bulk = tider.maal("folkeregisteret", () -> freg.bulkoppslag(kall, PARTS));
            r.personer.putAll(bulk.found());
            r.ulesbare.addAll(bulk.ulesbare());
            r.personkall += bulk.calls();
            r.spurt.addAll(kall);
            List<FeedHendelse> naa = new ArrayList<>();
            for (FeedHendelse h : hendelser.subList(fra, neste)) {
                Person p = h.id() == null ? null : r.personer.get(h.id());
                // a deceased person's residence ended at the death: the kommune then decides, asked with history once
                // for the batch's deceased after its last events' call (their related persons join the call after it)
                (kommunePopulasjon && p != null && p.erDoed() && p.sisteKommunenummer() == null ? doedeUtenKommune
                        : p != null && endretNummer.contains(h.id()) ? venterPaaNumre : naa).add(h);
            }
            r.bestem(naa);
            if (neste == hendelser.size() && (!doedeUtenKommune.isEmpty() || !nyttNummer.isEmpty())) {
                // the batch's one call with history: the kommune at death of its deceased and the numbers of its persons
                // whose number changed, together (≤ 1,000 ids a call, split only when over)
                Map<Identitetsnummer, Person> doede = new LinkedHashMap<>();
                doedeUtenKommune.forEach(h -> doede.put(h.id(), r.personer.get(h.id())));
                FolkeregisterClient.Historikkoppslag svar = tider.maal("folkeregisteret-historikk",
                        () -> historikkoppslag(doede.keySet(), nyttNummer));
                r.historikkall += svar.kall();
                identiteter.putAll(svar.identiteter());
                nyttNummer.clear();
                if (!doede.isEmpty()) {
                    r.personer.putAll(FolkeregisterClient.medKommuneVedDoedsfall(doede, ider -> svar.kommuneVedDoedsfall()));
                }
                // the look-up without history named the number in use only
                svar.identiteter().forEach((id, medNumre) -> r.personer.computeIfPresent(id,
                        (k, p) -> p.medTidligereIdentiteter(medNumre.tidligereIdentiteter())));
                if (!doede.isEmpty()) {
                    r.bestem(doedeUtenKommune);
                    doedeUtenKommune = new ArrayList<>();
                }
                r.bestem(venterPaaNumre);
                venterPaaNumre = new ArrayList<>();
            }
        }
        List<HendelseFordeler.Levering> leveringer = new ArrayList<>();
        Map<String, Set<String>> ulesbareMedlemmer = portefoljemedlemmer(hendelser, r.ulesbare, fagsystemer, bare);
        Map<Identitetsnummer, Fastlege> leger = tider.maal("fastlegeregisteret", () -> tillegg.fastleger(hendelser, r.valg.mottakere(), r.personer));
        Tilleggsoppslag.Eiendommer eiendommer = Tilleggsoppslag.eiendommer(r.enheter, r.ulesbareAdresser, r.avvisteAdresser, r.personer);
        int[] ulesbareRelaterte = {0};
        tider.maal("dokumenter", () -> {
            for (FeedHendelse h : hendelser) {
                if (h.id() != null && r.ulesbare.contains(h.id()) && !r.personer.containsKey(h.id())) {
                    // the register's document of the person cannot be read: the deliveries that may need it fail on their own
                    for (Fagsystem f : fagsystemer) {
                        if (kanTa(f, h, bare, ulesbareMedlemmer)) {
                            leveringer.add(new HendelseFordeler.Levering(h.sekvensnummer(), f, utenPerson(h), null, null, PERSON_ULESBAR));
                        }
                    }
                    continue;
                }
                for (Fagsystem f : r.valg.mottakere(h)) {
                    Person p = r.personer.get(h.id());
                    ObjectNode dokument = Hendelsesdokument.lag(f, h, p, r.personer, tillegg.tillegg(f, p, leger, eiendommer));
                    // a related person whose document cannot be read is marked, not left as one the register does not know
                    ulesbareRelaterte[0] += Hendelsesdokument.merkUlesbareRelaterte(dokument, p, f, r.ulesbare);
                    // beside it: the owners' numbers of the units the document names (a co-owner graded later is found by
                    // them) and the other persons whose home it may show (a relative graded later is found by them)
                    // a row whose property units could not be looked up fails on its own (no "owns nothing" sent)
                    leveringer.add(new HendelseFordeler.Levering(h.sekvensnummer(), f, dokument,
                            dokument.has("matrikkelenheter") ? tillegg.eiernumre(f, p, eiendommer) : null,
                            Hendelsesdokument.naere(dokument, p, f, r.personer), Tilleggsoppslag.eiendomFeil(f, p, eiendommer).orElse(null)));
                }
            }
        });
        if (ulesbareRelaterte[0] > 0) {
            // related persons marked "ulesbar" in the documents: how often a fagsystem got a relative without her data
            metrics.counter("esb.hendelser.fordeling.ulesbare-relaterte").increment(ulesbareRelaterte[0]);
            log.warn("Fan-out of {} events: {} related-person entr(y/ies) marked \"ulesbar\": the document from Folkeregisteret cannot be read",
                    hendelser.size(), ulesbareRelaterte[0]);
        }
        log.debug("Fan-out of {} events: {} Folkeregisteret calls for persons, related persons and co-owners, {} with history for the"
                + " deceased and the changed numbers", hendelser.size(), r.personkall, r.historikkall);
        return new Fordelt(leveringer, r.personer, r.valg.utflyttinger(), identiteter);
    }

    /**
     * Why a delivery of an event whose person Folkeregisteret gave a document for that cannot be read ({@link
     * BulkResult#ulesbare()}: e.g. an identity number in use that is not valid) cannot be made: stored with the
     * {@code FEILET} row and its dead letter; names no value. A row failed for this reason does not count as the
     * person "had before" ({@link Mottakervalg}): it was made without knowing where the person lives.
     */
    static final String PERSON_ULESBAR = "personen kunne ikke slås opp: dokumentet fra Folkeregisteret kan ikke leses";

    /**
     * Whether a fagsystem may take an event whose person cannot be read, so its population cannot be told: the one named
     * (a replay, a trigger's message, a new minimisation: the caller chose), or one that subscribes to the event and is
     * a kommune population (where the person lives cannot be told) or a portfolio holding the event's number (or one
     * linked to it). Fail closed: such a delivery fails with a dead letter rather than being dropped unseen.
     */
    private static boolean kanTa(Fagsystem f, FeedHendelse h, Fagsystem bare, Map<String, Set<String>> medlemmer) {
        if (bare != null) {
            return true;
        }
        return Mottakervalg.tar(f, h) && (f.populasjon() instanceof Fagsystem.Kommune
                || medlemmer.getOrDefault(h.id().value(), Set.of()).contains(f.id()));
    }

    /**
     * Per number of an event whose person cannot be read, the portfolio fagsystems that hold the person under it or a
     * number {@code personidentitet} links to it (one query); none asked when there is no such event or portfolio.
     */
    private Map<String, Set<String>> portefoljemedlemmer(List<FeedHendelse> hendelser, Set<Identitetsnummer> ulesbare,
                                                         List<Fagsystem> fagsystemer, Fagsystem bare) {
        Map<String, Set<String>> numre = new java.util.LinkedHashMap<>();
        hendelser.stream().filter(h -> h.id() != null && ulesbare.contains(h.id())).forEach(h -> numre.put(h.id().value(), Set.of(h.id().value())));
        if (bare != null || numre.isEmpty() || fagsystemer.stream().allMatch(f -> f.populasjon() instanceof Fagsystem.Kommune)) {
            return Map.of();
        }
        Map<String, Set<String>> medKnyttede = Personidentiteter.medKnyttede(jdbc, numre);
        Map<String, Set<String>> avNummer = new HashMap<>();
        jdbc.query("select identifikator, fagsystem from portefolje where identifikator = any(?)",
                rs -> {
                    avNummer.computeIfAbsent(rs.getString(1), k -> new HashSet<>()).add(rs.getString(2));
                }, (Object) medKnyttede.values().stream().flatMap(Set::stream).distinct().toArray(String[]::new));
        Map<String, Set<String>> medlemmer = new HashMap<>();
        medKnyttede.forEach((n, alle) -> {
            Set<String> f = new HashSet<>();
            alle.forEach(k -> f.addAll(avNummer.getOrDefault(k, Set.of())));
            medlemmer.put(n, f);
        });
        return medlemmer;
    }

    /** The document of a delivery that cannot be made for want of the person: the event only, no personal data. */
    private static ObjectNode utenPerson(FeedHendelse h) {
        ObjectNode dokument = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        ObjectNode hendelse = dokument.putObject("hendelse");
        hendelse.put("sekvensnummer", h.sekvensnummer());
        hendelse.put("hendelsetype", h.hendelsetype());
        return dokument;
    }

    /**
     * The kommune at death of the batch's deceased whose look-up gave none and the numbers of its persons whose number
     * changed: one call with history per 1,000 ids of both ({@link FolkeregisterClient#historikkoppslag}).
     */
    private FolkeregisterClient.Historikkoppslag historikkoppslag(java.util.Collection<Identitetsnummer> doede,
                                                                  java.util.Collection<Identitetsnummer> nyttNummer) {
        // deceased and changed numbers asked with history: whether the batch made that call, and for whom
        metrics.counter("esb.hendelser.fordeling.doede").increment(doede.size());
        metrics.counter("esb.hendelser.fordeling.nytt-nummer").increment(nyttNummer.size());
        return freg.historikkoppslag(doede, nyttNummer);
    }

    /**
     * One fan-out round's look-up state: the persons the register answered, who was asked, the ids waiting for the next
     * call, the property units found so far (Matrikkelen asked once per address), and the round's decisions of which
     * fagsystems take each event ({@link Mottakervalg}).
     */
    private final class Runde {
        final Mottakervalg valg;
        final MatrikkelClient matrikkelen;
        final Map<Identitetsnummer, Person> personer = new HashMap<>();
        final Set<Identitetsnummer> spurt = new HashSet<>();
        final Set<Identitetsnummer> ventende = new LinkedHashSet<>();
        /** Persons whose document Folkeregisteret gave but the platform cannot read ({@link BulkResult#ulesbare()}). */
        final Set<Identitetsnummer> ulesbare = new HashSet<>();
        final Map<Vegadresseident, List<Matrikkelenhet>> enheter = new HashMap<>();
        final Set<Vegadresseident> spurteAdresser = new HashSet<>();
        final Set<Vegadresseident> ulesbareAdresser = new HashSet<>();
        /** Addresses Matrikkelen refused (a ValidationException), sorted out by halving ({@link Tilleggsoppslag#medeiere}). */
        final Set<Vegadresseident> avvisteAdresser = new HashSet<>();
        final Fasetider tider;
        int personkall;
        int historikkall;

        Runde(Mottakervalg valg, MatrikkelClient matrikkelen, Fasetider tider) {
            this.valg = valg;
            this.matrikkelen = matrikkelen;
            this.tider = tider;
        }

        /**
         * Decides which fagsystems take these events (the population rule, one query per fagsystem), and puts the
         * related persons their documents need and the co-owners at their addresses in line for the next call.
         */
        void bestem(List<FeedHendelse> hendelser) {
            boolean besluttet = tider.maal("populasjon", () -> valg.bestem(hendelser, personer, (f, p) ->
                    Dataminimering.relaterteIdenter(p, f.relaterte().roller()).stream().filter(id -> !spurt.contains(id)).forEach(ventende::add)));
            if (!besluttet) {
                return;
            }
            if (matrikkelen != null) {
                tider.maal("matrikkelen", () -> tillegg.medeiere(hendelser, valg.mottakere(), personer, matrikkelen, enheter, spurteAdresser,
                        ulesbareAdresser, avvisteAdresser))
                        .stream().filter(id -> !spurt.contains(id)).forEach(ventende::add);
            }
        }
    }
}
