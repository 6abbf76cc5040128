package no.kommune.esb.oppslag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.folkeregister.BulkResult;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.Part;
import no.kommune.esb.hendelser.Dataminimering;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.Felt;
import no.kommune.esb.matrikkel.AdressesokClient;
import no.kommune.esb.matrikkel.MatrikkelClient;
import no.kommune.esb.matrikkel.Vegadresseident;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.nhn.FastlegeClient;
import no.kommune.esb.model.Person;
import no.kommune.esb.oppslag.Oppslagstilgang.Avgjoerelse;
import no.kommune.esb.oppslag.Oppslagstilgang.Avslag;
import no.kommune.esb.oppslag.Oppslagstilgang.Tillatt;
import no.kommune.esb.platform.security.Kaller;
import no.kommune.esb.platform.Registerfeilaarsak;
import no.kommune.esb.register.RegisterException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import no.kommune.esb.hendelser.Populasjonsregel;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/oppslag} ({@link OppslagController}): a person, a person with family, or a batch of up to
 * 1000 persons in one Folkeregisteret bulk call, each answer minimised by the caller's registration
 * ({@link Personsvar}). Order of checks: registration and purpose ({@link Oppslagstilgang}), rate limit, input, then
 * the register; every outcome, refusals included, is written to the audit trail before the answer leaves. The
 * register's 429/5xx/timeouts answer 503 with Retry-After. Logs name the fagsystem and outcome, never a number; a
 * look-up answered is logged at DEBUG only: the audit row is its record, and a line per call at INFO was a share of
 * the look-up's CPU (docs/benchmarks.md, "Session 7").
 */
@Component("oppslagApi")
public class OppslagApi {

    private static final Logger log = LoggerFactory.getLogger(OppslagApi.class);

    /** Current facts plus relations and foreldreansvar (what family answers and the minimised view need). */
    private static final Set<Part> PARTS = Set.of(Part.PERSON_BASIS, Part.RELASJON_UTVIDET);
    /** The same with historic entries: the register gives earlier identity numbers only with them. */
    private static final Set<Part> PARTS_MED_HISTORIKK = Set.of(Part.PERSON_BASIS, Part.RELASJON_UTVIDET, Part.HISTORIKK);
    /** Header a caller may name the end user (case officer) in; kept in the audit trail. */
    public static final String SLUTTBRUKER = "X-Sluttbruker";
    /** Most street addresses one address look-up answers (the letters of one house number). */
    static final int MAKS_ADRESSER = 10;
    /** The audit outcome of a person the registration may not look up (docs/oppslag.md, "Population"). */
    static final String UTENFOR_POPULASJONEN = "UTENFOR_POPULASJON";
    /** The audit outcome of a person outside the population who left Norway from it: the mark only, as a wash audits it. */
    static final String UTVANDRET = Innsyn.UTVANDRET;
    /** The audit outcome of a look-up that failed unexpectedly and was answered 500 ({@link #vaktet}). */
    static final String FEIL = "FEIL";
    /**
     * The audit outcome of a person whose document Folkeregisteret gave but the platform cannot read
     * ({@link BulkResult#ulesbare()}: e.g. an identity number in use that is not valid), answered as such in a batch.
     */
    static final String ULESBAR = "ULESBAR";
    /** The problem type and detail of such a person's entry in a batch answer; no number, no personal data. */
    static final String ULESBAR_TYPE = "person-ulesbar";
    static final String ULESBAR_DETALJ = "Folkeregisteret ga et dokument for personen som plattformen ikke kan lese (f.eks. et "
            + "identitetsnummer i bruk som ikke er gyldig); de andre personene i oppslaget er besvart";
    /** Retry-After when the register gave none. */
    private static final Duration STANDARD_VENT = Duration.ofSeconds(5);

    private final FolkeregisterClient folkeregister;
    private final ObjectProvider<MatrikkelClient> matrikkel;
    private final ObjectProvider<FastlegeClient> fastlege;
    private final ObjectProvider<AdressesokClient> adressesok;
    private final FagsystemRegistry registreringer;
    private final Revisjonslogg revisjon;
    private final Identnoekkel noekkel;
    private final Oppslagspopulasjon populasjon;
    private final Oppslagsgrense grense;
    private final OppslagProperties props;
    private final ObjectMapper json;

    public OppslagApi(FolkeregisterClient folkeregister, ObjectProvider<MatrikkelClient> matrikkel, ObjectProvider<FastlegeClient> fastlege,
                      ObjectProvider<AdressesokClient> adressesok, FagsystemRegistry registreringer, Revisjonslogg revisjon, Identnoekkel noekkel,
                      Oppslagspopulasjon populasjon, Oppslagsgrense grense, OppslagProperties props, ObjectMapper json) {
        this.folkeregister = folkeregister;
        this.matrikkel = matrikkel;
        this.fastlege = fastlege;
        this.adressesok = adressesok;
        this.registreringer = registreringer;
        this.revisjon = revisjon;
        this.noekkel = noekkel;
        this.populasjon = populasjon;
        this.grense = grense;
        this.props = props;
        this.json = json;
    }

    /** {@code GET /api/oppslag/personer/{ident}[?familie=true][&historikk=true]}. */
    public void person(Exchange exchange) {
        enPerson(exchange, "true".equalsIgnoreCase(header(exchange, "familie")));
    }

    /** {@code GET /api/oppslag/personer/{ident}/familie[?historikk=true]}. */
    public void familie(Exchange exchange) {
        enPerson(exchange, true);
    }

    /**
     * {@code POST /api/oppslag/personer[?familie=true][&historikk=true]} with {@code {"identer": [...]}}: one bulk call
     * for the persons (with {@code part=historikk} when history is asked for), and with the family one more for all
     * their related persons together. Each person's history is minimised as a single look-up's. A person outside the
     * registration's population answers {@code funnet: false}, as an unknown number does ({@link Oppslagspopulasjon}),
     * except an emigrant who left Norway from it: {@code funnet: true} with {@code person: {"utvandret": true}} only
     * ({@link Personsvar#utvandret}, one more bulk call for such emigrants), as a wash answers {@code UTVANDRET}. A person
     * whose document the register gave but the platform cannot read answers {@code funnet: false} with a problem
     * {@code feil} ({@link #ULESBAR_TYPE}), the others as usual (until session 30 the whole call answered 502).
     */
    public void personer(Exchange exchange) {
        boolean medFamilie = "true".equalsIgnoreCase(header(exchange, "familie"));
        boolean medHistorikk = "true".equalsIgnoreCase(header(exchange, "historikk"));
        Kall kall = kall(exchange, "BATCH" + (medFamilie ? "+FAMILIE" : "") + (medHistorikk ? "+HISTORIKK" : ""));
        vaktet(exchange, kall, () -> personer(exchange, kall, medFamilie, medHistorikk));
    }

    private void personer(Exchange exchange, Kall kall, boolean medFamilie, boolean medHistorikk) {
        Tillatt t = tillatt(exchange, kall, List.of());
        if (t == null) {
            return;
        }
        List<Identitetsnummer> identer = new ArrayList<>();
        String feil = les(exchange.getIn().getBody(String.class), identer);
        if (feil != null) {
            avslaa(exchange, kall, new Avslag(400, "ugyldig-forespoersel", "Ugyldig forespørsel", feil, t.fagsystem()), List.of());
            return;
        }
        kall.spor.hvem = List.copyOf(identer);
        if (medFamilie && !Oppslagstilgang.familieTillatt(t.registrering())) {
            avslaa(exchange, kall, new Avslag(403, "familie-ikke-registrert", "Familie ikke registrert",
                    "fagsystemets registrering har ingen relatertePersoner.roller og kan ikke se familie", t.fagsystem()), identer);
            return;
        }
        Map<Identitetsnummer, FolkeregisterClient.PersonMedHistorikk> svar;
        Set<Identitetsnummer> ulesbare;
        Oppslagspopulasjon.Utvalg utvalg;
        Oppslagspopulasjon.Utvandrede utvandret;
        Map<Identitetsnummer, Person> familie = null;
        Set<Identitetsnummer> ulesbareRelaterte = new java.util.HashSet<>();
        Map<Identitetsnummer, Person> naere = Map.of();
        try {
            if (medHistorikk) {
                FolkeregisterClient.Historikkbulk h = folkeregister.bulkoppslagMedHistorikk(identer, parts(t.registrering()));
                svar = h.found();
                ulesbare = h.ulesbare();
            } else {
                BulkResult b = folkeregister.bulkoppslag(identer, parts(t.registrering()));
                svar = utenHistorikk(b);
                ulesbare = b.ulesbare();
            }
            List<Person> personer = svar.values().stream().map(FolkeregisterClient.PersonMedHistorikk::person).toList();
            Map<Identitetsnummer, Person> spurt = new java.util.LinkedHashMap<>();
            svar.forEach((etterspurt, p) -> spurt.put(etterspurt, p.person()));
            // a portfolio holds her under the number asked too (a D-nummer the register answers under her fødselsnummer)
            utvalg = populasjon.vurder(t.registrering(), personer, spurt);
            // of those outside, the emigrants who left Norway from the population (as a wash tells them): one more call, for them only
            Oppslagspopulasjon.Utvalg u = utvalg;
            utvandret = populasjon.utvandret(t.registrering(), personer.stream().filter(p -> !u.omfatter(p)).toList());
            if (medFamilie) {
                java.util.Set<Identitetsnummer> relaterte = new java.util.LinkedHashSet<>();
                svar.values().stream().map(FolkeregisterClient.PersonMedHistorikk::person).filter(utvalg::omfatter).forEach(p -> relaterte.addAll(
                        Dataminimering.relaterteIdenter(p, t.registrering().relaterte().roller())));
                familie = familie(relaterte, ulesbareRelaterte);
            }
            if (medHistorikk) {
                naere = naere(t.registrering(), svar.values().stream().filter(p -> u.omfatter(p.person())).toList(), familie, ulesbareRelaterte);
            }
        } catch (RegisterException e) {
            registerFeil(exchange, kall, t, identer, e);
            return;
        }
        ObjectNode dok = json.createObjectNode();
        ArrayNode personer = dok.putArray("personer");
        List<Revisjonslogg.Rad> rader = new ArrayList<>();
        for (Identitetsnummer id : identer) {
            ObjectNode entry = personer.addObject();
            entry.put("etterspurt", id.value());
            FolkeregisterClient.PersonMedHistorikk funnet = svar.get(id);
            boolean utenfor = funnet != null && !utvalg.omfatter(funnet.person());
            boolean utvandretFra = utenfor && utvandret.omfatter(funnet.person());
            entry.put("funnet", funnet != null && (!utenfor || utvandretFra));
            if (utvandretFra) {
                entry.setAll(Personsvar.utvandret().dokument());
                rader.add(rad(kall, t, funnet.person().id(), 200, UTVANDRET, List.of()));
            } else if (utenfor) {
                rader.add(rad(kall, t, funnet.person().id(), 200, UTENFOR_POPULASJONEN, List.of()));
            } else if (funnet != null) {
                Personsvar.Svar s = Personsvar.av(funnet.person(), id, t.registrering(), familie, naere);
                if (medHistorikk) {
                    s = Personsvar.medHistorikk(s, funnet.person(), funnet.historikk(), t.registrering(), naere, ulesbareRelaterte);
                }
                Personsvar.merkUlesbareRelaterte(s, funnet.person(), t.registrering(), ulesbareRelaterte);
                entry.setAll(s.dokument());
                rader.add(rad(kall, t, funnet.person().id(), 200, "OK", s.utlevert()));
                if (familie != null) {
                    rader.addAll(familierader(kall, t, funnet.person(), s));
                }
            } else if (ulesbare.contains(id)) {
                // the register knows her, the platform cannot read her: told so, per person, never "not found"
                entry.putPOJO("feil", no.kommune.esb.platform.web.Problemsvar.dokument(502, ULESBAR_TYPE, "Personen kan ikke leses", ULESBAR_DETALJ));
                rader.add(rad(kall, t, id, 502, ULESBAR, List.of()));
            } else {
                rader.add(rad(kall, t, id, 200, "IKKE_FUNNET", List.of()));
            }
        }
        revisjon.skriv(rader);
        if (!ulesbare.isEmpty()) {
            log.warn("Look-up {} by {} for {}: {} of {} person document(s) from Folkeregisteret cannot be read; answered as not"
                    + " readable, the others as usual", kall.operasjon, kall.kaller, t.fagsystem(), ulesbare.size(), identer.size());
        }
        log.debug("Look-up {} by {} for {}: {} asked, {} found, {} outside the population ({} of them emigrated from it)", kall.operasjon,
                kall.kaller, t.fagsystem(), identer.size(), svar.size(), utvalg.utenfor().size(), utvandret.ider().size());
        OppslagSvar.json(exchange, 200, dok, json);
    }

    private static Map<Identitetsnummer, FolkeregisterClient.PersonMedHistorikk> utenHistorikk(BulkResult bulk) {
        Map<Identitetsnummer, FolkeregisterClient.PersonMedHistorikk> m = new java.util.LinkedHashMap<>();
        bulk.found().forEach((id, p) -> m.put(id, new FolkeregisterClient.PersonMedHistorikk(p, null)));
        return m;
    }

    /**
     * {@code GET /api/oppslag/soek?formaal=…&navn=…&adressenavn=…&husnummer=…&postnummer=…} (søk med treffliste): the
     * persons matching, looked up in bulk calls and minimised. A search by address leaves out persons whose residence
     * the registration may not see, so a hit list never tells where a protected person lives; every search leaves out
     * the persons outside the registration's population ({@link Oppslagspopulasjon}), and neither is counted in
     * {@code antallTreff}. The register is asked with the population's kommune and birth years added
     * ({@link Populasjonsregel#soekeavgrensning}), and its hits are fetched part by part ({@link Treffliste}) until
     * more than the platform answers at once are to be shown: 422, as when the register lists too many; narrow the
     * search or order an extract. The limit counts what the caller would be shown.
     */
    public void soek(Exchange exchange) {
        Kall kall = kall(exchange, "SOEK");
        vaktet(exchange, kall, () -> soek(exchange, kall));
    }

    private void soek(Exchange exchange, Kall kall) {
        Tillatt t = tillatt(exchange, kall, List.of());
        if (t == null) {
            return;
        }
        Map<String, String> kriterier = new java.util.LinkedHashMap<>();
        String feil = Soekekriterier.les(exchange.getIn().getHeaders(), Soekekriterier.TREFFLISTE, kriterier);
        if (feil != null) {
            avslaa(exchange, kall, new Avslag(400, "ugyldig-soek", "Ugyldig søk", feil, t.fagsystem()), List.of());
            return;
        }
        // before the narrowing below adds a kommune: only a search that names where the person lives is screened by residence
        boolean etterAdresse = Soekekriterier.etterAdresse(kriterier);
        Map<String, String> avgrensning = populasjon.soekeavgrensning(t.registrering(), "true".equals(kriterier.get("inkluderDoede")));
        if (avgrensning.containsKey("kommunenummer") && kriterier.containsKey("kommunenummer")
                && !avgrensning.get("kommunenummer").equals(kriterier.get("kommunenummer"))) {
            // the living residents of another kommune: nobody of the population, and no register call to learn it
            svarTreff(exchange, kall, t, List.of(), 0);
            return;
        }
        avgrensning.forEach(kriterier::putIfAbsent);
        // hits that may be left out are fetched part by part until more than the limit are to be shown
        boolean siles = Populasjonsregel.gjelderOppslag(t.registrering()) || etterAdresse;
        kriterier.put("maksTreff", String.valueOf(siles ? props.soekRegistertreff() : props.maksIdenter() + 1));
        try {
            List<Identitetsnummer> treff = folkeregister.soek(kriterier);
            if (!siles && treff.size() > props.maksIdenter()) {
                avslaa(exchange, kall, forMangeTreff("mer enn " + props.maksIdenter(), t), List.of());
                return;
            }
            java.util.concurrent.atomic.AtomicInteger ulesbare = new java.util.concurrent.atomic.AtomicInteger();
            Optional<List<Person>> synlige = Treffliste.synlige(populasjon.forhaandsutvalg(t.registrering(), treff), folkeregister.bulkSize(),
                    props.maksIdenter(), del -> {
                        BulkResult personer = folkeregister.bulkoppslag(del, parts(t.registrering()));
                        ulesbare.addAndGet(personer.ulesbare().size());
                        Oppslagspopulasjon.Utvalg utvalg = populasjon.vurder(t.registrering(), personer.found().values());
                        return del.stream().map(personer::person).flatMap(Optional::stream).filter(utvalg::omfatter)
                                // by address: nor a hit living with a relative among the hits whose home may not be shown
                                .filter(p -> !etterAdresse || Dataminimering.bostedTillatt(p, t.registrering().data().beskyttedeAdresser(),
                                        kjente(personer.found().values())))
                                .toList();
                    });
            if (synlige.isEmpty()) {
                avslaa(exchange, kall, forMangeTreff("mer enn " + props.maksIdenter(), t), List.of());
                return;
            }
            if (ulesbare.get() > 0) {
                log.warn("Look-up SOEK by {} for {}: {} hit(s) whose document from Folkeregisteret cannot be read left out", kall.kaller,
                        t.fagsystem(), ulesbare.get());
            }
            // by address the count is not told: a hit left out there may be a protected person living at it (DOMAIN.md rule 5)
            svarTreff(exchange, kall, t, synlige.get(), etterAdresse ? 0 : ulesbare.get());
        } catch (FolkeregisterClient.ForMangeTreffException e) {
            avslaa(exchange, kall, forMangeTreff("mer enn Folkeregisteret lister (" + props.soekRegistertreff() + ")", t), List.of());
        } catch (RegisterException e) {
            registerFeil(exchange, kall, t, List.of(), e);
        }
    }

    /** Persons by their own number, to judge a person's home against the relatives among them ({@link Dataminimering#bostedTillatt(Person, boolean, Map)}). */
    private static Map<Identitetsnummer, Person> kjente(java.util.Collection<Person> personer) {
        Map<Identitetsnummer, Person> kjente = new java.util.HashMap<>();
        personer.stream().filter(p -> p.id() != null).forEach(p -> kjente.put(p.id(), p));
        return kjente;
    }

    /**
     * Answers a search with these persons, minimised, and audits each (or the search that found nobody); {@code ulesbare}
     * hits whose document cannot be read, left out, are counted in {@code "ulesbare"} when there are any.
     */
    private void svarTreff(Exchange exchange, Kall kall, Tillatt t, List<Person> treff, int ulesbare) {
        ObjectNode dok = json.createObjectNode();
        ArrayNode liste = json.createArrayNode();
        List<Revisjonslogg.Rad> rader = new ArrayList<>();
        for (Person p : treff) {
            Personsvar.Svar svar = Personsvar.av(p, p.id(), t.registrering(), null);
            liste.add(svar.dokument().get("person"));
            rader.add(rad(kall, t, p.id(), 200, "OK", svar.utlevert()));
        }
        dok.put("antallTreff", liste.size());
        if (ulesbare > 0) {
            dok.put("ulesbare", ulesbare);
        }
        dok.set("personer", liste);
        if (rader.isEmpty()) {
            rader.add(new Revisjonslogg.Rad(t.fagsystem(), kall.kaller, kall.sluttbruker, null, kall.operasjon, t.formaal(),
                    kall.saksreferanse, List.of(), 200, "INGEN_TREFF"));
        }
        revisjon.skriv(rader);
        log.debug("Look-up SOEK by {} for {}: {} hit(s) answered", kall.kaller, t.fagsystem(), liste.size());
        OppslagSvar.json(exchange, 200, dok, json);
    }

    /**
     * {@code GET /api/oppslag/entydig?formaal=…&navn=…&foedselsdato=…} (entydig søk, phonetic on unless
     * {@code soekFonetisk=false}): the one person the criteria identify, or 404 {@code ikke-entydig} when nobody or
     * several match (the register does not say which), and the same 404 when the one is outside the registration's
     * population (audited as {@code UTENFOR_POPULASJON}), so the answer does not tell that such a person exists.
     */
    public void entydig(Exchange exchange) {
        Kall kall = kall(exchange, "ENTYDIG_SOEK");
        vaktet(exchange, kall, () -> entydig(exchange, kall));
    }

    private void entydig(Exchange exchange, Kall kall) {
        Tillatt t = tillatt(exchange, kall, List.of());
        if (t == null) {
            return;
        }
        Map<String, String> kriterier = new java.util.LinkedHashMap<>();
        String feil = Soekekriterier.les(exchange.getIn().getHeaders(), Soekekriterier.ENTYDIG, kriterier);
        if (feil == null) {
            feil = Soekekriterier.rettTilTreff(kriterier);
        }
        if (feil != null) {
            avslaa(exchange, kall, new Avslag(400, "ugyldig-soek", "Ugyldig søk", feil, t.fagsystem()), List.of());
            return;
        }
        kriterier.putIfAbsent("soekFonetisk", "true");
        Avslag ikkeEntydig = new Avslag(404, "ikke-entydig", "Ingen entydig treff",
                "ingen, eller flere enn én, person passer kriteriene; legg til en opplysning (f.eks. fødselsdato eller adresse)", t.fagsystem());
        try {
            Optional<Person> funnet = folkeregister.entydigSoek(kriterier, parts(t.registrering()));
            if (funnet.isEmpty() || (Soekekriterier.etterAdresse(kriterier)
                    && !Dataminimering.bostedTillatt(funnet.get(), t.registrering().data().beskyttedeAdresser()))) {
                avslaa(exchange, kall, ikkeEntydig, List.of());
                return;
            }
            Person person = funnet.get();
            if (!populasjon.vurder(t.registrering(), List.of(person)).omfatter(person)) {
                utenforPopulasjonen(exchange, kall, t, person, ikkeEntydig);
                return;
            }
            Personsvar.Svar svar = Personsvar.av(person, person.id(), t.registrering(), null);
            revisjon.skriv(List.of(rad(kall, t, person.id(), 200, "OK", svar.utlevert())));
            OppslagSvar.json(exchange, 200, svar.dokument(), json);
        } catch (RegisterException e) {
            registerFeil(exchange, kall, t, List.of(), e);
        }
    }

    /**
     * {@code GET /api/oppslag/adresser?formaal=…&kommunenummer=…&adressenavn=…&husnummer=…[&husbokstav=…]}: an address as
     * the starting point, for technical services (a registration with EIENDOM): the matching street addresses (Geonorge's
     * address search, at most {@link #MAKS_ADRESSER}), each with its property units and their owners (Matrikkelen) and
     * its residents (Folkeregisteret's search, one bulk look-up), minimised. A resident whose residence the registration
     * may not see is left out, so the answer never tells that a protected person lives there, and so is one outside the
     * registration's population (an address in another kommune); an owner who is a person with a protected address is
     * shown as {@code skjermet} without a name, since owning the unit may mean living in it. An address Matrikkelen
     * refuses as invalid ({@link MatrikkelClient.UgyldigIdent}) is the caller's error: 400 {@code ugyldig-adresse}, as a
     * malformed one; until the follow-up of session 31 it was a 502 as if Matrikkelen had failed.
     */
    public void adresse(Exchange exchange) {
        Kall kall = kall(exchange, "ADRESSE");
        vaktet(exchange, kall, () -> adresse(exchange, kall));
    }

    private void adresse(Exchange exchange, Kall kall) {
        Tillatt t = tillatt(exchange, kall, List.of());
        if (t == null) {
            return;
        }
        String kommune = header(exchange, "kommunenummer");
        String gate = header(exchange, "adressenavn");
        String nummer = header(exchange, "husnummer");
        String bokstav = header(exchange, "husbokstav");
        String feil = Soekekriterier.adresse(kommune, gate, nummer, bokstav);
        if (feil != null) {
            avslaa(exchange, kall, new Avslag(400, "ugyldig-adresse", "Ugyldig adresse", feil, t.fagsystem()), List.of());
            return;
        }
        if (!t.registrering().data().tillater(Felt.EIENDOM)) {
            avslaa(exchange, kall, new Avslag(403, "felt-ikke-registrert", "Felt ikke registrert",
                    "fagsystemets registrering har ikke EIENDOM i data.felter", t.fagsystem()), List.of());
            return;
        }
        AdressesokClient adressesok = this.adressesok.getIfAvailable();
        MatrikkelClient matrikkelen = matrikkel.getIfAvailable();
        try {
            if (adressesok == null || matrikkelen == null) {
                throw new RegisterException("matrikkelen", RegisterException.Kind.UNAVAILABLE, 0, "no address search or Matrikkelen client configured");
            }
            Integer husnummer = Integer.valueOf(nummer.strip());
            String husbokstav = bokstav == null || bokstav.isBlank() ? null : bokstav.strip().toUpperCase(java.util.Locale.ROOT);
            List<AdressesokClient.Treff> adresser = adressesok.sok(kommune.strip(), gate.strip(), husnummer, husbokstav, MAKS_ADRESSER + 1).stream()
                    .filter(a -> husnummer.equals(a.nummer()) && (husbokstav == null || husbokstav.equalsIgnoreCase(a.bokstav())) && a.adressekode() != null)
                    .toList();
            if (adresser.isEmpty()) {
                avslaa(exchange, kall, new Avslag(404, "adresse-ikke-funnet", "Adressen finnes ikke",
                        "ingen vegadresse i kommunen passer adressenavn, husnummer og husbokstav", t.fagsystem()), List.of());
                return;
            }
            if (adresser.size() > MAKS_ADRESSER) {
                avslaa(exchange, kall, new Avslag(422, "for-mange-adresser", "For mange adresser",
                        "mer enn " + MAKS_ADRESSER + " adresser passer; oppgi husbokstav", t.fagsystem()), List.of());
                return;
            }
            ObjectNode dok = json.createObjectNode();
            ArrayNode liste = dok.putArray("adresser");
            List<Revisjonslogg.Rad> rader = new ArrayList<>();
            boolean beskyttede = t.registrering().data().beskyttedeAdresser();
            for (AdressesokClient.Treff a : adresser) {
                ObjectNode o = liste.addObject();
                o.put("adressetekst", a.adressetekst()).put("kommunenummer", a.kommunenummer()).put("postnummer", a.postnummer())
                        .put("poststed", a.poststed());
                List<no.kommune.esb.model.Matrikkelenhet> enheter = matrikkelen.matrikkelenheterForAdresse(a.ident());
                Map<Identitetsnummer, Person> eiere = eierpersoner(enheter);
                o.set("matrikkelenheter", Dataminimering.eiendom(enheter, null, eiere, beskyttede));
                eiere.entrySet().stream().filter(e -> !Dataminimering.eierSkjermet(e.getKey(), null, enheter, eiere, beskyttede))
                        .forEach(e -> rader.add(rad(kall, t, e.getValue().id(), 200, "OK", List.of("EIENDOM"))));
                ArrayNode beboere = o.putArray("beboere");
                List<Person> bosatte = beboere(a);
                // residents are hits of a search: held to the population; owners are the property's data, as for events
                Oppslagspopulasjon.Utvalg utvalg = populasjon.vurder(t.registrering(), bosatte);
                // a resident whose relative here may not be seen lives in that relative's home: left out with her
                Map<Identitetsnummer, Person> husstand = kjente(bosatte);
                for (Person p : bosatte) {
                    if (Dataminimering.bostedTillatt(p, beskyttede, husstand) && borPaa(p, a) && utvalg.omfatter(p)) {
                        Personsvar.Svar svar = Personsvar.av(p, p.id(), t.registrering(), null);
                        beboere.add(svar.dokument().get("person"));
                        rader.add(rad(kall, t, p.id(), 200, "OK", svar.utlevert()));
                    }
                }
            }
            if (rader.isEmpty()) {
                rader.add(new Revisjonslogg.Rad(t.fagsystem(), kall.kaller, kall.sluttbruker, null, kall.operasjon, t.formaal(),
                        kall.saksreferanse, List.of("EIENDOM"), 200, "OK"));
            }
            revisjon.skriv(rader);
            log.debug("Look-up ADRESSE by {} for {}: {} address(es)", kall.kaller, t.fagsystem(), adresser.size());
            OppslagSvar.json(exchange, 200, dok, json);
        } catch (FolkeregisterClient.ForMangeTreffException e) {
            avslaa(exchange, kall, forMangeTreff("mer enn Folkeregisteret lister (10 000)", t), List.of());
        } catch (MatrikkelClient.UgyldigIdent e) {
            // the address is the caller's (as the address search matched it): Matrikkelen refusing it is the caller's error, not a 502
            avslaa(exchange, kall, new Avslag(400, "ugyldig-adresse", "Ugyldig adresse",
                    "Matrikkelen godtar ikke adressen (kommunenummer, adressekode, husnummer, husbokstav)", t.fagsystem()), List.of());
        } catch (RegisterException e) {
            registerFeil(exchange, kall, t, List.of(), e);
        }
    }

    /** The owners that are persons, as Folkeregisteret answers now (one bulk call; none when all are organisations). */
    private Map<Identitetsnummer, Person> eierpersoner(List<no.kommune.esb.model.Matrikkelenhet> enheter) {
        Set<Identitetsnummer> ider = Dataminimering.personeiere(enheter);
        // an owner whose document cannot be read is left out: shown skjermet, as one the register does not know (fail closed)
        return ider.isEmpty() ? Map.of() : folkeregister.bulkoppslag(ider, Set.of(Part.PERSON_BASIS)).found();
    }

    /** The persons registered at the address by Folkeregisteret's search (street, number, postnummer), looked up in bulk. */
    private List<Person> beboere(AdressesokClient.Treff a) {
        Map<String, String> kriterier = new java.util.LinkedHashMap<>();
        kriterier.put("adressenavn", a.adressenavn());
        kriterier.put("husnummer", a.nummer() + (a.bokstav() == null ? "" : a.bokstav()));
        if (a.postnummer() != null) {
            kriterier.put("postnummer", a.postnummer());
        }
        kriterier.put("maksTreff", String.valueOf(props.maksIdenter()));
        List<Identitetsnummer> treff = folkeregister.soek(kriterier);
        if (treff.isEmpty()) {
            return List.of();
        }
        BulkResult b = folkeregister.bulkoppslag(treff, PARTS);
        if (!b.ulesbare().isEmpty()) {
            // left out and not counted in the answer: she may be a protected person living at the address (DOMAIN.md rule 5)
            log.warn("Look-up ADRESSE: {} resident(s) whose document from Folkeregisteret cannot be read left out", b.ulesbare().size());
        }
        return List.copyOf(b.found().values());
    }

    /** The register's search matches by prefix; only residents of exactly this street address count. */
    private static boolean borPaa(Person p, AdressesokClient.Treff a) {
        return p.bostedsadresse() instanceof Adresse.Vegadresse v && a.nummer().equals(v.husnummer())
                && java.util.Objects.equals(a.bokstav() == null ? null : a.bokstav().toUpperCase(java.util.Locale.ROOT),
                        v.husbokstav() == null || v.husbokstav().isBlank() ? null : v.husbokstav().toUpperCase(java.util.Locale.ROOT))
                && a.adressenavn() != null && a.adressenavn().equalsIgnoreCase(v.adressenavn());
    }

    private static Avslag forMangeTreff(String hvor, Tillatt t) {
        return new Avslag(422, "for-mange-treff", "For mange treff",
                "søket treffer " + hvor + " personer; snevre inn søket, eller bestill et uttrekk for så store utvalg", t.fagsystem());
    }

    private void enPerson(Exchange exchange, boolean medFamilie) {
        boolean medHistorikk = "true".equalsIgnoreCase(header(exchange, "historikk"));
        Kall kall = kall(exchange, (medFamilie ? "FAMILIE" : "PERSON") + (medHistorikk ? "+HISTORIKK" : ""));
        vaktet(exchange, kall, () -> enPerson(exchange, kall, medFamilie, medHistorikk));
    }

    private void enPerson(Exchange exchange, Kall kall, boolean medFamilie, boolean medHistorikk) {
        String tekst = header(exchange, "ident");
        Identitetsnummer id = tekst != null && Identitetsnummer.isValid(tekst) ? Identitetsnummer.of(tekst) : null;
        List<Identitetsnummer> hvem = id == null ? List.of() : List.of(id);
        Tillatt t = tillatt(exchange, kall, hvem);
        if (t == null) {
            return;
        }
        if (id == null) {
            // the reason only: the number is not echoed
            avslaa(exchange, kall, new Avslag(400, "ugyldig-identitetsnummer", "Ugyldig identitetsnummer",
                    "identitetsnummeret er ugyldig: " + Identitetsnummer.invalidReason(tekst), t.fagsystem()), hvem);
            return;
        }
        boolean medEiendom = "true".equalsIgnoreCase(header(exchange, "eiendom"));
        boolean medFastlege = "true".equalsIgnoreCase(header(exchange, "fastlege"));
        for (Felt felt : List.of(Felt.EIENDOM, Felt.FASTLEGE)) {
            if ((felt == Felt.EIENDOM ? medEiendom : medFastlege) && !t.registrering().data().tillater(felt)) {
                avslaa(exchange, kall, new Avslag(403, "felt-ikke-registrert", "Felt ikke registrert",
                        "fagsystemets registrering har ikke " + felt + " i data.felter", t.fagsystem()), hvem);
                return;
            }
        }
        if (medFamilie && !Oppslagstilgang.familieTillatt(t.registrering())) {
            avslaa(exchange, kall, new Avslag(403, "familie-ikke-registrert", "Familie ikke registrert",
                    "fagsystemets registrering har ingen relatertePersoner.roller og kan ikke se familie", t.fagsystem()), hvem);
            return;
        }
        try {
            Optional<FolkeregisterClient.PersonMedHistorikk> funnet = medHistorikk
                    ? folkeregister.personMedHistorikk(id, parts(t.registrering()))
                    : folkeregister.person(id, parts(t.registrering())).map(p -> new FolkeregisterClient.PersonMedHistorikk(p, null));
            Avslag ikkeFunnet = new Avslag(404, "ikke-funnet", "Ikke funnet",
                    "Folkeregisteret kjenner ingen person med dette identitetsnummeret", t.fagsystem());
            if (funnet.isEmpty()) {
                revisjon.skriv(List.of(rad(kall, t, id, 404, "IKKE_FUNNET", List.of())));
                OppslagSvar.problem(exchange, ikkeFunnet, null);
                return;
            }
            Person person = funnet.get().person();
            // a portfolio holds her under the number asked too (a D-nummer the register answers under her fødselsnummer)
            if (!populasjon.vurder(t.registrering(), List.of(person), Map.of(id, person)).omfatter(person)) {
                if (populasjon.utvandret(t.registrering(), List.of(person)).omfatter(person)) {
                    // left Norway from the population: told so, and nothing else, as a wash answers UTVANDRET
                    utvandret(exchange, kall, t, person);
                    return;
                }
                // the same answer as an unknown number: the caller does not learn that the person exists
                utenforPopulasjonen(exchange, kall, t, person, ikkeFunnet);
                return;
            }
            Map<Identitetsnummer, Person> familie = null;
            Set<Identitetsnummer> ulesbareRelaterte = new java.util.HashSet<>();
            if (medFamilie) {
                List<Identitetsnummer> relaterte = Dataminimering.relaterteIdenter(person, t.registrering().relaterte().roller());
                familie = familie(relaterte, ulesbareRelaterte);
            }
            // the relatives fetched for the history judge the current addresses too (no call of its own)
            Map<Identitetsnummer, Person> naere = medHistorikk ? naere(t.registrering(), List.of(funnet.get()), familie, ulesbareRelaterte) : Map.of();
            Eiendom eiendom = medEiendom ? eiendom(person, t.registrering(), Personsvar.kjente(familie, naere)) : null;
            if (eiendom != null && !eiendom.eiere().isEmpty()) {
                // the owners' call may find a relative who owns the home with him and whom the registration may not see
                // (his strengt fortrolig wife): then his residence is her home, withheld with its units as the family's would
                Map<Identitetsnummer, Person> medEiere = new java.util.LinkedHashMap<>(eiendom.eiere());
                medEiere.remove(person.id());
                medEiere.putAll(naere);
                if (!Dataminimering.bostedTillatt(person, t.registrering().data().beskyttedeAdresser(), Personsvar.kjente(familie, medEiere))) {
                    naere = medEiere;
                    eiendom = null;
                }
            }
            Personsvar.Svar svar = Personsvar.av(person, id, t.registrering(), familie, naere);
            if (medHistorikk) {
                svar = Personsvar.medHistorikk(svar, person, funnet.get().historikk(), t.registrering(), naere, ulesbareRelaterte);
            }
            Personsvar.merkUlesbareRelaterte(svar, person, t.registrering(), ulesbareRelaterte);
            // the GP's office narrows down where she lives: withheld with the residence (never asked for), and said so
            boolean fastlegeTilbakeholdt = medFastlege
                    && Dataminimering.fastlegeTilbakeholdt(person, t.registrering().data(), Personsvar.kjente(familie, naere));
            if (medEiendom || medFastlege) {
                svar = Personsvar.medTillegg(svar, eiendom == null ? null : eiendom.enheter(),
                        medFastlege && !fastlegeTilbakeholdt ? fastlegeFor(person, id) : null, fastlegeTilbakeholdt);
            }
            List<Revisjonslogg.Rad> rader = new ArrayList<>();
            rader.add(rad(kall, t, person.id(), 200, "OK", svar.utlevert()));
            if (familie != null) {
                rader.addAll(familierader(kall, t, person, svar));
            }
            if (eiendom != null) {
                // each co-owner shown by name, under their own number, as the address look-up does
                eiendom.navngitteEiere().forEach(eier -> rader.add(new Revisjonslogg.Rad(t.fagsystem(), kall.kaller, kall.sluttbruker,
                        noekkel.av(eier), kall.operasjon + "+SOM_EIER", t.formaal(), kall.saksreferanse, List.of(Felt.EIENDOM.name()), 200, "OK")));
            }
            revisjon.skriv(rader);
            log.debug("Look-up {} by {} for {} ({}): OK", kall.operasjon, kall.kaller, t.fagsystem(), t.formaal());
            OppslagSvar.json(exchange, 200, svar.dokument(), json);
        } catch (RegisterException e) {
            registerFeil(exchange, kall, t, hvem, e);
        }
    }

    /**
     * A row for each related person the answer disclosed something about, under their own number (operation
     * {@code <operasjon>+SOM_FAMILIE}, the fields given of them), so a parent's own innsyn shows that their address
     * went out with the child's look-up ({@link Personsvar#relaterteUtlevert}).
     */
    private List<Revisjonslogg.Rad> familierader(Kall kall, Tillatt t, Person person, Personsvar.Svar svar) {
        return Personsvar.relaterteUtlevert(svar, person, t.registrering()).stream()
                .map(r -> new Revisjonslogg.Rad(t.fagsystem(), kall.kaller, kall.sluttbruker, noekkel.av(r.id()),
                        kall.operasjon + "+SOM_FAMILIE", t.formaal(), kall.saksreferanse, r.felter(), 200, "OK"))
                .toList();
    }

    /**
     * The person is outside the registration's population: answered as {@code svar} (the problem an unknown person
     * gets), audited under the person as {@link #UTENFOR_POPULASJONEN} with the status answered and no field.
     */
    private void utenforPopulasjonen(Exchange exchange, Kall kall, Tillatt t, Person person, Avslag svar) {
        log.warn("Look-up {} by {} for {} refused: outside the registration's population", kall.operasjon, kall.kaller, t.fagsystem());
        revisjon.skriv(List.of(rad(kall, t, person.id(), svar.status(), UTENFOR_POPULASJONEN, List.of())));
        OppslagSvar.problem(exchange, svar, null);
    }

    /**
     * The person is outside the registration's population and left Norway from it ({@link Oppslagspopulasjon#utvandret}):
     * 200 {@code {"person": {"utvandret": true}}} only ({@link Personsvar#utvandret}: no family, history, property or GP
     * looked up), audited under the person as {@link #UTVANDRET} with no field. Until session 23 this was the 404 of an
     * unknown number while the wash of the same person answered {@code UTVANDRET}.
     */
    private void utvandret(Exchange exchange, Kall kall, Tillatt t, Person person) {
        revisjon.skriv(List.of(rad(kall, t, person.id(), 200, UTVANDRET, List.of())));
        log.debug("Look-up {} by {} for {} ({}): emigrated from the population, the mark only", kall.operasjon, kall.kaller, t.fagsystem(), t.formaal());
        OppslagSvar.json(exchange, 200, Personsvar.utvandret().dokument(), json);
    }

    /** The register could not answer: 503 with Retry-After when trying later may help, else 502; never its message. */
    private void registerFeil(Exchange exchange, Kall kall, Tillatt t, List<Identitetsnummer> hvem, RegisterException e) {
        Avslag avslag = OppslagSvar.registeravslag(e, Registerfeilaarsak.navn(e.service()) + " svarer ikke nå; prøv igjen etter Retry-After", t.fagsystem());
        Duration vent = OppslagSvar.ventetid(e, STANDARD_VENT);
        log.warn("Look-up {} by {} for {}: register failed ({} {}, HTTP {})", kall.operasjon, kall.kaller, t.fagsystem(), e.service(), e.kind(), e.httpStatus());
        // a search names nobody: its one row has no person, so a failed search is on record too
        revisjon.skriv(hvem.isEmpty() ? revisjonsrader(kall, avslag, hvem)
                : hvem.stream().map(id -> rad(kall, t, id, avslag.status(), avslag.type(), List.of())).toList());
        OppslagSvar.problem(exchange, avslag, vent);
    }

    /** The property section, and the owners other than the person who are shown by name (each gets an audit row). */
    private record Eiendom(ArrayNode enheter, List<Identitetsnummer> navngitteEiere, Map<Identitetsnummer, Person> eiere) {
    }

    /**
     * The property units at the residence, or null when the residence may not be shown (then they are not even looked
     * up: a gnr/bnr points to the home as surely as the address) or is not a street address Matrikkelen can find.
     */
    private Eiendom eiendom(Person person, Fagsystem f, Map<Identitetsnummer, Person> kjente) {
        Vegadresseident ident = Dataminimering.tillater(person, f.data(), Felt.EIENDOM, kjente)
                && person.bostedsadresse() instanceof Adresse.Vegadresse v ? matrikkelident(v) : null;
        if (ident == null) {
            return null;
        }
        MatrikkelClient klient = matrikkel.getIfAvailable();
        if (klient == null) {
            throw new RegisterException("matrikkelen", RegisterException.Kind.UNAVAILABLE, 0, "no Matrikkelen client configured");
        }
        List<no.kommune.esb.model.Matrikkelenhet> enheter = klient.matrikkelenheterForAdresse(ident);
        // a co-owner with a protected address is shown without a name, as in the address look-up: owning a unit at
        // the person's home may mean living there (one bulk call for the owners, only when property is asked for)
        Map<Identitetsnummer, Person> eiere = eierpersoner(enheter);
        boolean beskyttede = f.data().beskyttedeAdresser();
        List<Identitetsnummer> navngitte = Dataminimering.personeiere(enheter).stream()
                .filter(eier -> !eier.equals(person.id()) && !Dataminimering.eierSkjermet(eier, person, enheter, eiere, beskyttede)).toList();
        return new Eiendom(Dataminimering.eiendom(enheter, person, eiere, beskyttede), navngitte, eiere);
    }

    /**
     * Matrikkelen's ident of a street address from Folkeregisteret, or null when it has no adressekode or husnummer.
     * The contract gives adressekode as a string; one that is not a number (surrounding blanks stripped, as the fan-out
     * reads it: {@link Vegadresseident#lesbarAdressekode}) is an answer the platform cannot use ({@code BAD_RESPONSE}:
     * 502 through {@link #registerFeil}), never the caller's bad input (a NumberFormatException was an
     * IllegalArgumentException, and escaped the look-up without an audit row).
     */
    static Vegadresseident matrikkelident(Adresse.Vegadresse v) {
        if (v.adressekode() == null || v.husnummer() == null) {
            return null;
        }
        if (!Vegadresseident.lesbarAdressekode(v.adressekode())) {
            // the value is part of an address: not in the message
            throw new RegisterException(FolkeregisterClient.SERVICE, RegisterException.Kind.BAD_RESPONSE, 200, "adressekode is not a number");
        }
        return Vegadresseident.av(v.kommunenummer(), v.adressekode(), v.husnummer(), v.husbokstav());
    }

    /**
     * The relatives whose home an earlier residence of these persons may be ({@link Personsvar#naereIdenter}), as the
     * register answers them now: those already in {@code familie} (the family looked up, null when none) and one
     * bulk call for the rest; no call when no earlier residence could be shown.
     */
    private Map<Identitetsnummer, Person> naere(Fagsystem f, List<FolkeregisterClient.PersonMedHistorikk> personer, Map<Identitetsnummer, Person> familie,
                                                Set<Identitetsnummer> ulesbare) {
        Set<Identitetsnummer> ider = new java.util.LinkedHashSet<>();
        personer.forEach(p -> ider.addAll(Personsvar.naereIdenter(p.person(), p.historikk(), f)));
        Map<Identitetsnummer, Person> ut = new java.util.HashMap<>();
        if (familie != null) {
            ider.stream().filter(familie::containsKey).forEach(id -> ut.put(id, familie.get(id)));
            ider.removeAll(familie.keySet());
        }
        if (!ider.isEmpty()) {
            BulkResult b = folkeregister.bulkoppslag(ider, Set.of(Part.PERSON_BASIS));
            ut.putAll(b.found());
            ulesbare.addAll(b.ulesbare());
        }
        return ut;
    }

    /**
     * The related persons as the register answers them now (one bulk call); those whose document cannot be read are
     * added to {@code ulesbare}: left out as unknown ones are, and marked in the family section
     * ({@link Personsvar#merkUlesbareRelaterte}). Until session 30 one such document failed the whole look-up (502).
     */
    private Map<Identitetsnummer, Person> familie(java.util.Collection<Identitetsnummer> relaterte, Set<Identitetsnummer> ulesbare) {
        if (relaterte.isEmpty()) {
            return Map.of();
        }
        BulkResult b = folkeregister.bulkoppslag(relaterte, Set.of(Part.PERSON_BASIS));
        ulesbare.addAll(b.ulesbare());
        if (!b.ulesbare().isEmpty()) {
            log.warn("Look-up: {} related person document(s) from Folkeregisteret cannot be read; marked \"ulesbar\" in the family", b.ulesbare().size());
        }
        return b.found();
    }

    /**
     * The GP, or null when the person has none. NHN may know her by a number she no longer uses (a D-nummer the
     * fødselsnummer replaced): when the look-up knows more than the number in use (the number asked, the earlier numbers
     * the register's answer names) NHN is asked for all of them in one call and the answer under the number in use is
     * taken first, as the fan-out does ({@code Tilleggsoppslag.fastleger}). Until the follow-up of session 30 it was
     * asked for the number in use only, so a look-up by the D-nummer NHN knows her by gave no fastlege.
     */
    private ObjectNode fastlegeFor(Person person, Identitetsnummer spurt) {
        FastlegeClient klient = fastlege.getIfAvailable();
        if (klient == null) {
            throw new RegisterException("fastlegeregisteret", RegisterException.Kind.UNAVAILABLE, 0, "no Fastlegeregisteret client configured");
        }
        Set<Identitetsnummer> numre = new java.util.LinkedHashSet<>();
        numre.add(person.id());
        numre.add(spurt);
        numre.addAll(person.tidligereIdentiteter());
        if (numre.size() == 1) {
            return klient.fastlege(person.id()).map(f -> Dataminimering.fastlege(f, person)).orElse(null);
        }
        Map<Identitetsnummer, no.kommune.esb.model.Fastlege> leger = klient.fastleger(numre);
        return numre.stream().map(leger::get).filter(java.util.Objects::nonNull).findFirst().map(f -> Dataminimering.fastlege(f, person)).orElse(null);
    }

    /** Historic entries only for a registration that may see the identity history (the mapper keeps current facts current). */
    private static Set<Part> parts(Fagsystem f) {
        return f.data().tillater(Felt.IDENTITETSHISTORIKK) ? PARTS_MED_HISTORIKK : PARTS;
    }

    private boolean innenforGrensen(Exchange exchange, Kall kall, Tillatt t, List<Identitetsnummer> hvem) {
        Optional<Duration> vent = grense.ta(kall.kaller);
        if (vent.isEmpty()) {
            return true;
        }
        Avslag avslag = new Avslag(429, "for-mange-oppslag", "For mange oppslag",
                "kalleren har brukt opp sin kvote av oppslag; prøv igjen etter Retry-After", t.fagsystem());
        revisjon.skriv(revisjonsrader(kall, avslag, hvem));
        OppslagSvar.problem(exchange, avslag, vent.get());
        return false;
    }

    private void avslaa(Exchange exchange, Kall kall, Avslag avslag, List<Identitetsnummer> hvem) {
        log.warn("Look-up {} by {} refused: {} {}", kall.operasjon, kall.kaller, avslag.status(), avslag.type());
        revisjon.skriv(revisjonsrader(kall, avslag, hvem));
        OppslagSvar.problem(exchange, avslag, null);
    }

    /** One row per person named, or one without a person when none was valid. */
    private List<Revisjonslogg.Rad> revisjonsrader(Kall kall, Avslag avslag, List<Identitetsnummer> hvem) {
        if (hvem.isEmpty()) {
            return List.of(new Revisjonslogg.Rad(avslag.fagsystem(), kall.kaller, kall.sluttbruker, null, kall.operasjon,
                    kall.formaal, kall.saksreferanse, List.of(), avslag.status(), avslag.type()));
        }
        return hvem.stream().map(id -> new Revisjonslogg.Rad(avslag.fagsystem(), kall.kaller, kall.sluttbruker, noekkel.av(id),
                kall.operasjon, kall.formaal, kall.saksreferanse, List.of(), avslag.status(), avslag.type())).toList();
    }

    private Revisjonslogg.Rad rad(Kall kall, Tillatt t, Identitetsnummer id, int status, String utfall, List<String> felter) {
        return new Revisjonslogg.Rad(t.fagsystem(), kall.kaller, kall.sluttbruker, noekkel.av(id), kall.operasjon, t.formaal(),
                kall.saksreferanse, felter, status, utfall);
    }

    /**
     * The caller's registration and purpose for this call, or null when the call is refused (no registration, no
     * registered purpose) or over the caller's rate limit; the refusal is then answered and audited already.
     */
    private Tillatt tillatt(Exchange exchange, Kall kall, List<Identitetsnummer> hvem) {
        kall.spor.hvem = hvem;
        Avgjoerelse a = avgjoer(exchange, kall);
        if (a instanceof Avslag avslag) {
            avslaa(exchange, kall, avslag, hvem);
            return null;
        }
        Tillatt t = (Tillatt) a;
        kall.spor.tillatt = t;
        return innenforGrensen(exchange, kall, t, hvem) ? t : null;
    }

    private Avgjoerelse avgjoer(Exchange exchange, Kall kall) {
        boolean admin = Kaller.fra(exchange).admin();
        return Oppslagstilgang.avgjoer(kall.kaller, admin, header(exchange, "fagsystem"), kall.formaal, registreringer::finn);
    }

    /** Reads {@code {"identer": [...]}}: null when valid (ids added), else why not, naming positions, never numbers. */
    private String les(String body, List<Identitetsnummer> identer) {
        JsonNode dok;
        try {
            dok = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (Exception e) {
            return "forespørselen må være JSON: {\"identer\": [\"<identitetsnummer>\", ...]}";
        }
        JsonNode liste = dok == null ? null : dok.get("identer");
        if (liste == null || !liste.isArray() || liste.isEmpty()) {
            return "identer mangler: {\"identer\": [\"<identitetsnummer>\", ...]}";
        }
        if (liste.size() > props.maksIdenter()) {
            return "høyst " + props.maksIdenter() + " identer i ett oppslag (var " + liste.size() + ")";
        }
        List<String> ugyldige = new ArrayList<>();
        for (int i = 0; i < liste.size(); i++) {
            String v = liste.get(i).isTextual() ? liste.get(i).asText() : null;
            if (v == null || !Identitetsnummer.isValid(v)) {
                ugyldige.add("/identer/" + i + ": " + (v == null ? "must be a string" : Identitetsnummer.invalidReason(v)));
            } else {
                identer.add(Identitetsnummer.of(v));
            }
        }
        return ugyldige.isEmpty() ? null : "ugyldige identitetsnummer: " + String.join("; ", ugyldige.subList(0, Math.min(10, ugyldige.size())))
                + (ugyldige.size() > 10 ? " (og " + (ugyldige.size() - 10) + " til)" : "");
    }

    /** The caller and what it said about the call, and how far the call got ({@link Spor}). */
    private record Kall(String kaller, String sluttbruker, String operasjon, String formaal, String saksreferanse, Spor spor) {
    }

    /**
     * What a call has learnt about itself so far, for the rows {@link #vaktet} writes when it fails unexpectedly: the
     * registration and purpose once decided, the persons named once read (none for a search or an address look-up).
     */
    private static final class Spor {
        private Tillatt tillatt;
        private List<Identitetsnummer> hvem = List.of();
    }

    private static Kall kall(Exchange exchange, String operasjon) {
        return new Kall(Kaller.fra(exchange).navnEllerStrek(), Revisjonslogg.fritekst(header(exchange, SLUTTBRUKER)),
                operasjon, Revisjonslogg.fritekst(header(exchange, "formaal")), Revisjonslogg.fritekst(header(exchange, "saksreferanse")), new Spor());
    }

    /**
     * Runs a look-up so that one failing unexpectedly (a RuntimeException its own handling does not answer: a bug, a
     * value nobody foresaw) is on record too: a row per person named, or one without a person, under the registration
     * and purpose as far as the call got ({@link Spor}), with status 500, outcome {@link #FEIL} and no field; then the
     * one 500 of every API ({@link no.kommune.esb.platform.web.Problemsvar#internFeil}, the exchange id as error id). Neither the answer nor the log carries the
     * exception's message (it may hold a register value: part of an address); the log names its class and where it was
     * thrown. Until December 2026 such a failure reached Spring's error page without a row.
     */
    private void vaktet(Exchange exchange, Kall kall, Runnable oppslag) {
        try {
            oppslag.run();
        } catch (RuntimeException e) {
            StackTraceElement[] ramme = e.getStackTrace();
            log.error("Look-up {} by {} for {} failed unexpectedly: {} at {} (feil-id {})", kall.operasjon, kall.kaller,
                    kall.spor.tillatt == null ? "-" : kall.spor.tillatt.fagsystem(), e.getClass().getName(), ramme.length == 0 ? "?" : ramme[0],
                    exchange.getExchangeId());
            Tillatt t = kall.spor.tillatt;
            String fagsystem = t == null ? null : t.fagsystem();
            String formaal = t == null ? kall.formaal : t.formaal();
            List<Revisjonslogg.Rad> rader = kall.spor.hvem.isEmpty()
                    ? List.of(new Revisjonslogg.Rad(fagsystem, kall.kaller, kall.sluttbruker, null, kall.operasjon, formaal, kall.saksreferanse, List.of(), 500, FEIL))
                    : kall.spor.hvem.stream().map(id -> new Revisjonslogg.Rad(fagsystem, kall.kaller, kall.sluttbruker, noekkel.av(id),
                            kall.operasjon, formaal, kall.saksreferanse, List.of(), 500, FEIL)).toList();
            try {
                revisjon.skriv(rader);
            } catch (RuntimeException skrivefeil) {
                log.error("Look-up {} by {}: the audit rows of the failure were not written either ({})", kall.operasjon, kall.kaller,
                        skrivefeil.getClass().getName());
            }
            // the one 500 of every API (Problemsvar.internFeil), its error id the exchange's, as the ERROR line above names it
            Map<String, Object> problem = no.kommune.esb.platform.web.Problemsvar.internFeil(500, exchange.getExchangeId(), null);
            OppslagSvar.problem(exchange, new Avslag(500, no.kommune.esb.platform.web.Problemsvar.INTERN_FEIL,
                    no.kommune.esb.platform.web.Problemsvar.INTERN_FEIL_TITTEL, (String) problem.get("detail"), fagsystem), null);
        }
    }

    private static String header(Exchange exchange, String navn) {
        return exchange.getIn().getHeader(navn, String.class);
    }
}
