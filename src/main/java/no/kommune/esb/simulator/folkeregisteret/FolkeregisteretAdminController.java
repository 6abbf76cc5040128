package no.kommune.esb.simulator.folkeregisteret;

import no.kommune.esb.simulator.population.ChangeKind;
import no.kommune.esb.simulator.population.ChangeResult;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Admin endpoints of the population (no auth; the simulators run only locally and in tests):
 * {@code POST /sim/admin/folkeregisteret/hendelser} with {@code {"kind": ChangeKind, "person"?: id,
 * "param"?: kind-specific, "antall"?: n, "etterNesteOppslag"?: true}} applies changes and answers the new sekvensnumre and
 * affected ids; with {@code etterNesteOppslag} the change to that person waits until right after the next look-up that
 * answers about them ({@link EtterNesteOppslag}) and the answer says {@code "venter": true};
 * {@code GET /sim/admin/population/kinds/{kind}} names a person of a {@link Kind};
 * {@code GET /sim/admin/population/identer?antall=n} names the first n living persons;
 * {@code GET /sim/admin/population/samme-navn} names two persons an entydig søk cannot tell apart;
 * {@code GET /sim/admin/folkeregisteret/kall} counts the calls answered so far ({@link Kallteller});
 * {@code PUT /sim/admin/folkeregisteret/personer/{id}/husnummer} with {@code {"husnummer": "1O"}} has the register give
 * that person's current bostedsadresse with this husnummer ({@code null} restores it; {@link SyntheticPopulation#settHusnummer});
 * {@code PUT /sim/admin/folkeregisteret/personer/{id}/identifikasjonsnummer} with {@code {"foedselsEllerDNummer": "12345678901"}}
 * has the register give that person's document with this number in use ({@code null} restores it;
 * {@link SyntheticPopulation#settIdentifikasjonsnummer}).
 */
@RestController
public class FolkeregisteretAdminController {

    /**
     * A change request; {@code antall} repeats a random change (no person) that many times; {@code etterNesteOppslag}
     * applies the change to {@code person} only right after the next look-up answering about them.
     */
    public record ChangeRequest(String kind, String person, String param, Integer antall, Boolean etterNesteOppslag) {
        @Override
        public String toString() {
            return "ChangeRequest[" + kind + "]";
        }
    }

    private final SyntheticPopulation population;
    private final EtterNesteOppslag etterNesteOppslag;
    private final Kallteller kallteller;

    public FolkeregisteretAdminController(SyntheticPopulation population, EtterNesteOppslag etterNesteOppslag, Kallteller kallteller) {
        this.population = population;
        this.etterNesteOppslag = etterNesteOppslag;
        this.kallteller = kallteller;
    }

    @GetMapping("/sim/admin/folkeregisteret/kall")
    public Map<String, Long> kall() {
        return kallteller.tall();
    }

    /** Two living persons with the same first name, surname and postnummer: an entydig søk on those is ambiguous. */
    @GetMapping("/sim/admin/population/samme-navn")
    public Map<String, Object> sammeNavn() {
        return population.read(() -> {
            Map<String, SimPerson> sett = new LinkedHashMap<>();
            for (SimPerson p : population.select(p -> p.status() != SimPerson.Status.DOED && p.addressIndex() >= 0)) {
                String noekkel = p.fornavn() + " " + p.etternavn() + "|" + population.address(p.addressIndex()).postnummer();
                SimPerson foer = sett.putIfAbsent(noekkel, p);
                if (foer != null) {
                    return Map.<String, Object>of("navn", p.fornavn() + " " + p.etternavn(),
                            "postnummer", population.address(p.addressIndex()).postnummer(), "personer", List.of(foer.id(), p.id()));
                }
            }
            throw new IllegalStateException("no two persons share a name and postnummer");
        });
    }

    @GetMapping("/sim/admin/population/identer")
    public Map<String, Object> identer(@RequestParam("antall") int antall) {
        List<String> ids = population.read(() -> population.select(p -> p.status() != SimPerson.Status.DOED).stream()
                .limit(Math.max(0, antall)).map(SimPerson::id).toList());
        return Map.of("foedselsEllerDNummer", ids);
    }

    @PostMapping("/sim/admin/folkeregisteret/hendelser")
    public Map<String, Object> change(@RequestBody ChangeRequest request) {
        if (request.kind() == null) {
            throw new IllegalArgumentException("kind is required: one of " + List.of(ChangeKind.values()));
        }
        ChangeKind kind;
        try {
            kind = ChangeKind.valueOf(request.kind().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kind must be one of " + List.of(ChangeKind.values()));
        }
        int times = request.antall() == null ? 1 : request.antall();
        if (times < 1 || times > 10_000 || (times > 1 && request.person() != null)) {
            throw new IllegalArgumentException("antall must be 1..10000, and 1 when a person is given");
        }
        if (Boolean.TRUE.equals(request.etterNesteOppslag())) {
            if (request.person() == null || times != 1) {
                throw new IllegalArgumentException("etterNesteOppslag needs a person and antall 1");
            }
            population.byId(request.person()).orElseThrow(() -> new IllegalArgumentException("unknown person"));
            etterNesteOppslag.leggTil(request.person(), () -> population.change(kind, request.person(), request.param()));
            return Map.of("kind", kind.name(), "venter", true);
        }
        List<Long> seq = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            ChangeResult r = population.change(kind, request.person(), request.param());
            seq.addAll(r.sekvensnumre());
            r.affectedIds().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
            r.events().forEach(e -> types.add(e.hendelsetype()));
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("kind", kind.name());
        answer.put("sekvensnumre", seq);
        answer.put("hendelsetyper", types);
        answer.put("personer", ids);
        return answer;
    }

    /** The husnummer a person's current bostedsadresse is given with, e.g. one that is not a number. */
    public record HusnummerRequest(String husnummer) {
    }

    @PutMapping("/sim/admin/folkeregisteret/personer/{id}/husnummer")
    public Map<String, Object> husnummer(@PathVariable String id, @RequestBody HusnummerRequest request) {
        population.settHusnummer(id, request.husnummer());
        return Map.of("satt", request.husnummer() != null);
    }

    /** The identity number a person's document gives as the one in use, e.g. one that is not valid. */
    public record IdentifikasjonsnummerRequest(String foedselsEllerDNummer) {
    }

    @PutMapping("/sim/admin/folkeregisteret/personer/{id}/identifikasjonsnummer")
    public Map<String, Object> identifikasjonsnummer(@PathVariable String id, @RequestBody IdentifikasjonsnummerRequest request) {
        population.settIdentifikasjonsnummer(id, request.foedselsEllerDNummer());
        return Map.of("satt", request.foedselsEllerDNummer() != null);
    }

    @GetMapping("/sim/admin/population/kinds/{kind}")
    public Map<String, Object> find(@PathVariable String kind) {
        Kind k;
        try {
            k = Kind.valueOf(kind.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("kind must be one of " + List.of(Kind.values()));
        }
        return Map.of("kind", k.name(), "foedselsEllerDNummer", population.find(k).id());
    }
}
