package no.kommune.esb.hendelser.flyt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.folkeregister.FeedHendelse;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.Hendelsestype;
import no.kommune.esb.folkeregister.Part;
import no.kommune.esb.hendelser.Dataminimering;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.Felt;
import no.kommune.esb.hendelser.Hendelsesdokument;
import no.kommune.esb.matrikkel.MatrikkelClient;
import no.kommune.esb.matrikkel.Vegadresseident;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Fastlege;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.nhn.FastlegeClient;
import no.kommune.esb.platform.Registerstans;
import no.kommune.esb.platform.Registerventing;
import no.kommune.esb.register.RegisterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fans stored feed events out to the fagsystems that want them. Per batch of events: ONE Folkeregisteret bulk
 * look-up of the persons (shared by every fagsystem), one more for related persons the mappings need, then per
 * subscribing fagsystem: population filter (residents of its kommune, persons it has had before and who move out,
 * or its portfolio), Matrikkelen (once per address and batch) and NHN Fastlegeregisteret (bulk, 100 a call) when
 * its data access includes property or GP, minimisation into
 * the mapping input document, and one delivery row per (sequence number, fagsystem), which the primary key keeps
 * unique across restarts and instances. A failed register call rolls the batch back and makes the fan-out wait,
 * growing and capped, before it calls again ({@link Registerventing}: one warning, not one per tick and retry).
 */
@Component("hendelseFordeler")
public class HendelseFordeler {

    private static final Logger log = LoggerFactory.getLogger(HendelseFordeler.class);
    private static final Set<Part> PARTS = Set.of(Part.PERSON_BASIS, Part.RELASJON_UTVIDET);
    /** Patients per GetPatientsGPDetails call (the contract names no limit; kept modest). */
    private static final int FASTLEGE_BULK = 100;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final FolkeregisterClient freg;
    private final FagsystemRegistry registry;
    private final ObjectProvider<MatrikkelClient> matrikkel;
    private final ObjectProvider<FastlegeClient> fastlege;
    private final MeterRegistry metrics;
    private final int batchSize;
    private final Clock clock = Clock.system(ZoneId.of("Europe/Oslo"));
    private final Registerventing registerventing;

    public HendelseFordeler(JdbcTemplate jdbc, TransactionTemplate tx, FolkeregisterClient freg, FagsystemRegistry registry,
                            ObjectProvider<MatrikkelClient> matrikkel, ObjectProvider<FastlegeClient> fastlege, MeterRegistry metrics,
                            @Value("${hendelser.fordeling.batch-size:1000}") int batchSize,
                            @Value("${hendelser.fordeling.foerste-vent:PT5S}") Duration foersteVent, Registerstans registerstans) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.freg = freg;
        this.registry = registry;
        this.matrikkel = matrikkel;
        this.fastlege = fastlege;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.registerventing = registerstans.flyt("hendelser-fordeling", foersteVent);
    }

    /** One round: fans out up to a batch of new events; returns how many events were handled. */
    public int fordel() {
        if (registerventing.venter()) {
            return 0;
        }
        Integer antall;
        try {
            antall = tx.execute(status -> {
                List<FeedHendelse> hendelser = claim();
                if (hendelser.isEmpty()) {
                    return 0;
                }
                fordel(hendelser, null, false).forEach(this::lagreLevering);
                jdbc.batchUpdate("update hendelse set status = 'FORDELT' where sekvensnummer = ?",
                        hendelser.stream().map(h -> new Object[]{h.sekvensnummer()}).toList());
                return hendelser.size();
            });
        } catch (RegisterException e) {
            // the batch was rolled back: its events are taken again once the wait is over
            registerventing.feilet(e);
            return 0;
        }
        if (antall != null && antall > 0) {
            registerventing.lyktes();
        }
        return antall == null ? 0 : antall;
    }

    /** Mapping input documents for one fagsystem and a range of stored events, for replay (or its dry run). */
    public List<Levering> forReplay(Fagsystem fagsystem, long fra, long til) {
        List<FeedHendelse> hendelser = jdbc.query("""
                select sekvensnummer, identifikator, hendelsetype from hendelse where sekvensnummer between ? and ? order by sekvensnummer""",
                (rs, i) -> tilHendelse(rs.getLong(1), rs.getString(2), rs.getString(3)), fra, til);
        return fordel(hendelser, fagsystem, true);
    }

    /** A delivery to make: the event, the fagsystem and its minimised mapping input. */
    public record Levering(long sekvensnummer, Fagsystem fagsystem, ObjectNode dokument) {
    }

    private List<Levering> fordel(List<FeedHendelse> hendelser, Fagsystem bare, boolean replay) {
        Set<Identitetsnummer> ider = new LinkedHashSet<>();
        hendelser.stream().filter(h -> h.id() != null).forEach(h -> ider.add(h.id()));
        Map<Identitetsnummer, Person> personer = new HashMap<>(ider.isEmpty() ? Map.of() : freg.bulkoppslag(ider, PARTS).found());

        List<Fagsystem> fagsystemer = bare != null ? List.of(bare) : registry.alle();
        List<Levering> leveringer = new ArrayList<>();
        Map<Long, List<Fagsystem>> mottakere = new HashMap<>();
        Set<Identitetsnummer> relaterte = new LinkedHashSet<>();
        for (FeedHendelse h : hendelser) {
            Person p = h.id() == null ? null : personer.get(h.id());
            if (p == null) {
                continue;
            }
            for (Fagsystem f : fagsystemer) {
                boolean vil = replay || f.abonnererPaa(h.type()) || ResyncKjoerer.HENDELSESTYPE.equals(h.hendelsetype());
                if (vil && iPopulasjonen(f, p, replay)) {
                    mottakere.computeIfAbsent(h.sekvensnummer(), k -> new ArrayList<>()).add(f);
                    relaterte.addAll(Dataminimering.relaterteIdenter(p, f.relaterte().roller()));
                }
            }
        }
        relaterte.removeAll(personer.keySet());
        if (!relaterte.isEmpty()) {
            personer.putAll(freg.bulkoppslag(relaterte, PARTS).found());
        }
        Map<Identitetsnummer, Fastlege> leger = fastleger(hendelser, mottakere, personer);
        Map<Vegadresseident, JsonNode> enheterPerAdresse = new HashMap<>();
        for (FeedHendelse h : hendelser) {
            for (Fagsystem f : mottakere.getOrDefault(h.sekvensnummer(), List.of())) {
                Person p = personer.get(h.id());
                ObjectNode dokument = Hendelsesdokument.lag(f, h, p, personer, tillegg(f, p, leger, enheterPerAdresse));
                leveringer.add(new Levering(h.sekvensnummer(), f, dokument));
            }
        }
        return leveringer;
    }

    private boolean iPopulasjonen(Fagsystem f, Person p, boolean replay) {
        if (f.populasjon() instanceof Fagsystem.Kommune k) {
            // an age range holds for replays too: the fagsystem may not see persons outside it (data minimisation)
            if (!k.alderTillater(p.foedselsdato(), LocalDate.now(clock))) {
                return false;
            }
            // residents, and persons this fagsystem already has, so it also hears that they moved out
            return k.kommunenummer().equals(p.kommunenummer()) || replay || harFaattFoer(f.id(), p.id());
        }
        return jdbc.queryForObject("select exists (select 1 from portefolje where fagsystem = ? and identifikator = ?)",
                Boolean.class, f.id(), p.id().value());
    }

    private boolean harFaattFoer(String fagsystem, Identitetsnummer id) {
        return jdbc.queryForObject("""
                select exists (select 1 from levering l join hendelse h on h.sekvensnummer = l.sekvensnummer
                                where l.fagsystem = ? and h.identifikator = ?)""", Boolean.class, fagsystem, id.value());
    }

    /** GPs of every person in the batch whose event goes to a fagsystem that may see GP data: bulk calls of 100. */
    private Map<Identitetsnummer, Fastlege> fastleger(List<FeedHendelse> hendelser, Map<Long, List<Fagsystem>> mottakere,
                                                      Map<Identitetsnummer, Person> personer) {
        if (fastlege.getIfAvailable() == null) {
            return Map.of();
        }
        List<Identitetsnummer> pasienter = hendelser.stream()
                .filter(h -> mottakere.getOrDefault(h.sekvensnummer(), List.of()).stream().anyMatch(f -> f.data().tillater(Felt.FASTLEGE)))
                .map(FeedHendelse::id).filter(personer::containsKey).distinct().toList();
        Map<Identitetsnummer, Fastlege> leger = new HashMap<>();
        for (int i = 0; i < pasienter.size(); i += FASTLEGE_BULK) {
            leger.putAll(fastlege.getObject().fastleger(pasienter.subList(i, Math.min(pasienter.size(), i + FASTLEGE_BULK))));
        }
        return leger;
    }

    /**
     * Property units at the person's address (looked up once per address and batch, only when the residence may be
     * shown: {@link Dataminimering#tillater}) and the GP from the batch's bulk call.
     */
    private Hendelsesdokument.Tillegg tillegg(Fagsystem f, Person p, Map<Identitetsnummer, Fastlege> leger,
                                               Map<Vegadresseident, JsonNode> enheterPerAdresse) {
        JsonNode enheter = null;
        JsonNode lege = null;
        // a protected residence's property units are not even looked up: they would point to where the person lives
        if (Dataminimering.tillater(p, f.data(), Felt.EIENDOM) && matrikkel.getIfAvailable() != null
                && p.bostedsadresse() instanceof Adresse.Vegadresse v && v.adressekode() != null && v.husnummer() != null) {
            Vegadresseident adresse = new Vegadresseident(v.kommunenummer(), Integer.parseInt(v.adressekode()), v.husnummer(), v.husbokstav());
            enheter = enheterPerAdresse.computeIfAbsent(adresse, a -> Dataminimering.eiendom(matrikkel.getObject().matrikkelenheterForAdresse(a)));
        }
        if (Dataminimering.tillater(p, f.data(), Felt.FASTLEGE) && leger.containsKey(p.id())) {
            lege = Dataminimering.fastlege(leger.get(p.id()));
        }
        return new Hendelsesdokument.Tillegg(enheter, lege);
    }

    private List<FeedHendelse> claim() {
        return jdbc.query("""
                select sekvensnummer, identifikator, hendelsetype from hendelse where status = 'NY'
                 order by sekvensnummer limit ? for update skip locked""",
                (rs, i) -> tilHendelse(rs.getLong(1), rs.getString(2), rs.getString(3)), batchSize);
    }

    private static FeedHendelse tilHendelse(long seq, String id, String type) {
        Identitetsnummer ident = Identitetsnummer.isValid(id) ? Identitetsnummer.of(id) : null;
        return new FeedHendelse(seq, ident, type, Hendelsestype.fromRegisterName(type), null, null, null);
    }

    private void lagreLevering(Levering l) {
        int n = jdbc.update("""
                insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek)
                values (?, ?, 'VENTER', ?, now()) on conflict do nothing""", l.sekvensnummer(), l.fagsystem().id(), l.dokument().toString());
        if (n == 1) {
            metrics.counter("esb.hendelser.levering.opprettet", "fagsystem", l.fagsystem().id()).increment();
        }
    }

    Optional<Fagsystem> fagsystem(String id) {
        return registry.finn(id);
    }
}
