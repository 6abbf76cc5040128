package no.kommune.esb.simulator.folkeregisteret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import no.kommune.esb.simulator.fault.FaultInjector;
import no.kommune.esb.simulator.population.FeedEvent;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Folkeregisteret "offentlig med hjemmel" v1 under {@code /sim/folkeregisteret}: person lookup, bulk lookup,
 * event feed, last sequence number and extracts, each checking the bearer token's scope
 * {@code folkeregister:deling/offentligmedhjemmel} and applying injected faults (service "folkeregisteret",
 * endpoints personer, bulkoppslag, arkiv, feed, sekvensnummer, uttrekk, batch).
 */
@RestController
@RequestMapping(value = "/sim/folkeregisteret/folkeregisteret/offentlig-med-hjemmel/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
public class FolkeregisteretController {

    static final String SCOPE = "folkeregister:deling/offentligmedhjemmel";
    private static final String SERVICE = "folkeregisteret";
    private static final int BULK_MAX = 1000;
    /** The simulator's feilkode for a search with more hits than the register gives (the contract names none). */
    static final String FOR_MANGE_TREFF = "FREG-400-FOR-MANGE-TREFF";
    private static final Set<String> STATUSTYPER = Set.of("aktiv", "bosatt", "utflyttet", "doed", "inaktiv");

    private final SyntheticPopulation population;
    private final SimulatorTokenAuthority tokens;
    private final FaultInjector faults;
    private final FregPersonRenderer renderer;
    private final UttrekkJobs jobs;
    private final ObjectMapper json;
    private final Clock clock;
    private final EtterNesteOppslag etterNesteOppslag;
    private final Kallteller kallteller;
    private final int soekMaksTreff;

    public FolkeregisteretController(SyntheticPopulation population, SimulatorTokenAuthority tokens, FaultInjector faults, ObjectMapper json,
                                     Clock simulatorClock, EtterNesteOppslag etterNesteOppslag, Kallteller kallteller,
                                     @Value("${simulator.folkeregisteret.uttrekk-ready-delay:1s}") Duration readyDelay,
                                     @Value("${simulator.folkeregisteret.uttrekk-ttl:30m}") Duration ttl,
                                     @Value("${simulator.folkeregisteret.uttrekk-batch-size:1000}") int batchSize,
                                     @Value("${simulator.folkeregisteret.soek-maks-treff:10000}") int soekMaksTreff) {
        this.population = population;
        this.tokens = tokens;
        this.faults = faults;
        this.json = json;
        this.clock = simulatorClock;
        this.etterNesteOppslag = etterNesteOppslag;
        this.kallteller = kallteller;
        this.soekMaksTreff = soekMaksTreff;
        this.renderer = new FregPersonRenderer(population, json);
        this.jobs = new UttrekkJobs(simulatorClock, readyDelay, ttl, batchSize);
    }

    @GetMapping("/personer/{personidentifikator}")
    public ObjectNode person(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                             @PathVariable String personidentifikator, @RequestParam(value = "part", required = false) List<String> part) {
        guard(authorization, "personer");
        if (!Identitetsnummer.isValid(personidentifikator)) {
            throw new FregException(400, "FREG-400", "Ugyldig fødsels- eller d-nummer");
        }
        FregPersonRenderer.Parts parts = FregPersonRenderer.Parts.of(part);
        ObjectNode answer = population.read(() -> population.byId(personidentifikator).map(p -> renderer.render(p, parts))
                .orElseThrow(() -> new FregException(404, "FREG-404", "Ukjent person")));
        etterNesteOppslag.besvart(List.of(personidentifikator));
        return answer;
    }

    @PostMapping(value = "/personer/bulkoppslag", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ObjectNode bulk(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                           @RequestParam(value = "part", required = false) List<String> part, @RequestBody JsonNode body) {
        guard(authorization, "bulkoppslag");
        JsonNode ids = body.path("foedselsEllerDNummer");
        kallteller.tell("bulkoppslag/" + ids.size());
        if (part != null && part.contains("historikk")) {
            kallteller.tell("bulkoppslag/historikk/" + ids.size());
        }
        if (!ids.isArray() || ids.isEmpty()) {
            throw new FregException(400, "FREG-400", "foedselsEllerDNummer mangler");
        }
        if (ids.size() > BULK_MAX) {
            throw new FregException(400, "FREG-400", "For mange identifikatorer i bulkoppslag: maksimalt " + BULK_MAX);
        }
        FregPersonRenderer.Parts parts = FregPersonRenderer.Parts.of(part);
        ObjectNode bulkSvar = population.read(() -> {
            ObjectNode answer = json.createObjectNode();
            ArrayNode oppslag = answer.putArray("oppslag");
            for (JsonNode idNode : ids) {
                String id = idNode.asText();
                ObjectNode o = oppslag.addObject();
                o.put("foedselsEllerDNummer", id);
                SimPerson p = Identitetsnummer.isValid(id) ? population.byId(id).orElse(null) : null;
                if (p == null) {
                    o.putObject("feilmelding").put("feilmelding", Identitetsnummer.isValid(id) ? "Fant ikke person" : "Ugyldig identifikator");
                } else {
                    o.set("folkeregisterperson", renderer.render(p, parts));
                }
            }
            return answer;
        });
        List<String> spurt = new ArrayList<>();
        ids.forEach(id -> spurt.add(id.asText()));
        etterNesteOppslag.besvart(spurt);
        return bulkSvar;
    }

    /**
     * {@code personer/soek}: the ids matching the criteria (at most {@code maksTreff}); more than the register's limit
     * ({@code simulator.folkeregisteret.soek-maks-treff}, 10,000 as the real one) answers 400 with feilkode
     * {@value #FOR_MANGE_TREFF}: the contract says only that the search must be narrowed, this is the simulator's code.
     */
    @GetMapping("/personer/soek")
    public ObjectNode soek(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                           @RequestParam Map<String, String> kriterier) {
        guard(authorization, "soek");
        int maks = kriterier.get("maksTreff") == null ? soekMaksTreff : parseMaks(kriterier.get("maksTreff"));
        List<String> treff = population.read(() -> population.select(Personsoek.kriterier(kriterier, population, false))
                .stream().map(SimPerson::id).toList());
        if (treff.size() > soekMaksTreff) {
            throw new FregException(400, FOR_MANGE_TREFF, "Søket gir mer enn " + soekMaksTreff + " treff og må konkretiseres");
        }
        ObjectNode answer = json.createObjectNode();
        ArrayNode ids = answer.putArray("foedselsEllerDNummer");
        treff.stream().limit(maks).forEach(ids::add);
        return answer;
    }

    /** {@code personer/entydigsoek}: the person when the criteria give the right to a hit and match exactly one; else 404. */
    @GetMapping("/personer/entydigsoek")
    public ObjectNode entydigsoek(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                  @RequestParam Map<String, String> kriterier, @RequestParam(value = "part", required = false) List<String> part) {
        guard(authorization, "entydigsoek");
        if (!Personsoek.rettTilTreff(kriterier)) {
            throw new FregException(400, "FREG-400", "Kriteriene gir ikke rett til treff: navn (fornavn og etternavn) og en identifiserende opplysning");
        }
        FregPersonRenderer.Parts parts = FregPersonRenderer.Parts.of(part);
        return population.read(() -> {
            List<SimPerson> treff = population.select(Personsoek.kriterier(kriterier, population, true));
            if (treff.size() != 1) {
                throw new FregException(404, "FREG-404", "Ukjent person, eller ikke entydig treff");
            }
            return renderer.render(treff.get(0), parts);
        });
    }

    private int parseMaks(String tekst) {
        try {
            int n = Integer.parseInt(tekst);
            if (n < 1 || n > soekMaksTreff) {
                throw new FregException(400, "FREG-400", "maksTreff må være 1.." + soekMaksTreff);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new FregException(400, "FREG-400", "maksTreff må være et heltall");
        }
    }

    @GetMapping("/personer/arkiv/{dokumentidentifikator}")
    public ObjectNode arkiv(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                            @PathVariable String dokumentidentifikator, @RequestParam(value = "part", required = false) List<String> part) {
        guard(authorization, "arkiv");
        FregPersonRenderer.Parts parts = FregPersonRenderer.Parts.of(part);
        return population.read(() -> population.byDocumentId(dokumentidentifikator).map(p -> renderer.render(p, parts))
                .orElseThrow(() -> new FregException(404, "FREG-404", "Ukjent dokument")));
    }

    @GetMapping("/hendelser/feed")
    public ResponseEntity<ArrayNode> feed(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                          @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
                                          @RequestParam("seq") long seq) {
        guard(authorization, "feed");
        if (seq < 0) {
            throw new FregException(400, "FREG-400", "Ugyldig sekvensnummer");
        }
        List<FeedEvent> page = population.feed(Math.max(1, seq), BULK_MAX);
        if (!page.isEmpty() && Instant.ofEpochMilli(page.get(0).ajourholdEpochMillis()).isBefore(clock.instant().atZone(ZoneId.of("UTC")).minusMonths(36).toInstant())) {
            throw new FregException(406, "FREG-406", "Det er oppgitt ulovlig sekvensnummer. Sekvensnummer kan ikke være mere enn 36 måneder gammelt");
        }
        String etag = "\"feed-" + seq + "-" + (page.isEmpty() ? "tom" : page.get(page.size() - 1).sekvensnummer()) + "\"";
        if (etag.equals(ifNoneMatch)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        ArrayNode answer = json.createArrayNode();
        for (FeedEvent e : page) {
            ObjectNode entry = answer.addObject();
            entry.put("sekvensnummer", e.sekvensnummer());
            ObjectNode h = entry.putObject("hendelse");
            h.put("folkeregisteridentifikator", e.folkeregisteridentifikator());
            h.put("hendelsetype", e.hendelsetype());
            h.put("hendelsesdokument", e.hendelsesdokument());
            h.put("persondokument", e.persondokument());
            h.put("ajourholdstidspunkt", FregPersonRenderer.ts(e.ajourholdEpochMillis() / 1000));
        }
        return ResponseEntity.ok().eTag(etag).body(answer);
    }

    @GetMapping("/hendelser/siste/sekvensnummer")
    public long sisteSekvensnummer(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        guard(authorization, "sekvensnummer");
        return population.lastSequence();
    }

    @PostMapping(value = "/uttrekk/tilpasset", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ObjectNode tilpasset(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                @RequestBody JsonNode body) {
        guard(authorization, "uttrekk");
        Predicate<SimPerson> filter = criteria(body);
        List<String> ids = population.select(filter).stream().map(SimPerson::id).toList();
        return jobResponse(jobs.create(ids, null).orElse(null));
    }

    @GetMapping("/uttrekk/komplett")
    public ObjectNode komplett(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                               @RequestParam(value = "feedsekvensnr", required = false) String feedsekvensnr) {
        guard(authorization, "uttrekk");
        List<String> ids = new ArrayList<>();
        List<String> docs = new ArrayList<>();
        population.read(() -> {
            for (SimPerson p : population.personsView()) {
                ids.add(p.id());
                docs.add(population.documentId(p));
            }
            return null;
        });
        return jobResponse(jobs.create(ids, docs).orElse(null));
    }

    @GetMapping("/uttrekk/{jobbid}/batch/{batchnr}")
    public ResponseEntity<ObjectNode> batch(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                            @PathVariable String jobbid, @PathVariable long batchnr) {
        guard(authorization, "batch");
        ObjectNode answer = json.createObjectNode();
        UttrekkJobs.Batch batch = jobs.batch(jobbid, batchnr);
        if (batch instanceof UttrekkJobs.NotReady) {
            return ResponseEntity.status(404).body(answer.put("feilmelding", "Jobben er ikke ferdig ennå"));
        }
        if (batch instanceof UttrekkJobs.Data d) {
            ArrayNode ids = answer.putArray("foedselsEllerDNummer");
            d.ids().forEach(ids::add);
            if (d.documentIds() != null) {
                ArrayNode docs = answer.putArray("dokumentidentifikator");
                d.documentIds().forEach(docs::add);
            }
            return ResponseEntity.ok(answer);
        }
        if (batch instanceof UttrekkJobs.End) {
            return ResponseEntity.ok(answer);
        }
        return ResponseEntity.status(410).body(answer.put("feilmelding", "Jobb eller batch finnes ikke"));
    }

    /** Ends an extract job at once; used by tests of the 410 path. */
    void expireJob(String jobId) {
        jobs.expire(jobId);
    }

    private ObjectNode jobResponse(String jobId) {
        if (jobId == null) {
            throw new FregException(429, "FREG-429", "Maksimalt " + UttrekkJobs.MAX_RUNNING + " uttrekksjobber kan kjøre samtidig");
        }
        return json.createObjectNode().put("jobbId", jobId);
    }

    private Predicate<SimPerson> criteria(JsonNode body) {
        JsonNode statuser = body.path("personstatustyper");
        if (!statuser.isArray() || statuser.isEmpty()) {
            throw new FregException(400, "FREG-400", "personstatustyper mangler");
        }
        List<String> wanted = new ArrayList<>();
        for (JsonNode s : statuser) {
            if (!STATUSTYPER.contains(s.asText())) {
                throw new FregException(400, "FREG-400", "Ugyldig personstatustype");
            }
            wanted.add(s.asText());
        }
        Predicate<SimPerson> filter = p -> wanted.contains(statustype(p));
        String bosted = text(body.path("kommunenummer"), "bostedskommunenummer");
        String opphold = text(body.path("kommunenummer"), "oppholdskommunenummer");
        if (bosted != null && opphold != null) {
            throw new FregException(400, "FREG-400", "bostedskommunenummer kan ikke kombineres med oppholdskommunenummer");
        }
        if (bosted != null) {
            filter = filter.and(p -> !p.hasOppholdsadresseOnly() && bosted.equals(kommune(p)));
        }
        if (opphold != null) {
            filter = filter.and(p -> p.hasOppholdsadresseOnly() && opphold.equals(kommune(p)));
        }
        Integer fra = year(body, "foedselsaarFraOgMed");
        Integer til = year(body, "foedselsaarTilOgMed");
        if (fra != null) {
            filter = filter.and(p -> p.foedselsdato().getYear() >= fra);
        }
        if (til != null) {
            filter = filter.and(p -> p.foedselsdato().getYear() <= til);
        }
        Integer doedFra = year(body, "doedsaarFraOgMed");
        Integer doedTil = year(body, "doedsaarTilOgMed");
        if (doedFra != null) {
            filter = filter.and(p -> p.doedsdato() != null && p.doedsdato().getYear() >= doedFra);
        }
        if (doedTil != null) {
            filter = filter.and(p -> p.doedsdato() != null && p.doedsdato().getYear() <= doedTil);
        }
        String kjoenn = text(body, "kjoenn");
        if (kjoenn != null) {
            filter = filter.and(p -> kjoenn.equals(p.isKvinne() ? "kvinne" : "mann"));
        }
        String statsborgerskap = text(body, "statsborgerskap");
        if (statsborgerskap != null) {
            filter = filter.and(p -> statsborgerskap.equals(no.kommune.esb.simulator.population.Codes.STATSBORGERSKAP[p.statsborgerskapCode()]));
        }
        String sivilstand = text(body, "sivilstandstype");
        if (sivilstand != null) {
            filter = filter.and(p -> sivilstand.equals(switch (p.sivilstand()) {
                case UGIFT -> "ugift";
                case GIFT -> "gift";
                case SKILT -> "skilt";
                case ENKE_ELLER_ENKEMANN -> "enkeEllerEnkemann";
            }));
        }
        return filter;
    }

    private static String statustype(SimPerson p) {
        return switch (p.status()) {
            case BOSATT -> "bosatt";
            case UTFLYTTET -> "utflyttet";
            case DOED -> "doed";
            case MIDLERTIDIG, IKKE_BOSATT -> "aktiv";
        };
    }

    private String kommune(SimPerson p) {
        if (p.addressIndex() >= 0) {
            return population.address(p.addressIndex()).kommunenummer();
        }
        return p.ukjentBosted() ? p.ukjentBostedKommune() : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static Integer year(JsonNode body, String field) {
        String v = text(body, field);
        if (v == null) {
            return null;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new FregException(400, "FREG-400", "Ugyldig årstall i " + field);
        }
    }

    private void guard(String authorization, String endpoint) {
        kallteller.tell(endpoint);
        faults.before(SERVICE, endpoint);
        tokens.verify(authorization, SCOPE);
    }
}
