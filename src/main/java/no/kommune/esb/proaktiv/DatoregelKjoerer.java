package no.kommune.esb.proaktiv;

import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.folkeregister.BulkResult;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.Part;
import no.kommune.esb.folkeregister.UttrekkBatch;
import no.kommune.esb.folkeregister.UttrekkKriterier;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.platform.Norsktid;
import no.kommune.esb.platform.PlatformLock;
import no.kommune.esb.register.RegisterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the date rules ({@code datoregel}, e.g. "turns 6 before 1 August") once a day per switched-on trigger, on one
 * instance at a time, over the persons of the rule's source ({@link Utloeser.Datokilde}): Folkeregisteret's tailored
 * extract of the kommune's residents born in the year that gives the age, or the persons the stored events name.
 * Persons the trigger has sent to already under the number the source names are skipped before the look-up; the rest
 * are looked up in Folkeregisteret bulk look-ups of at most {@link #BULK} (one per extract batch, and one with history
 * for the numbers of those the rule fires for), through {@link Utloeserregel} and {@link ProaktivLeser#send}, so the
 * letter and the once-only record are exactly as for an event trigger: a person recorded under an earlier number (a
 * D-nummer the extract now names by its fødselsnummer) is found there, by every number the person is known by, and
 * sent nothing. The day is recorded only when the run completes, so a failed run is taken again at the next tick (its
 * letters so far are not sent twice: the record).
 */
@Component("proaktivDatoregel")
public class DatoregelKjoerer {

    /** Persons per bulk look-up (Folkeregisteret's limit). */
    static final int BULK = 1000;
    private static final Logger log = LoggerFactory.getLogger(DatoregelKjoerer.class);
    private static final Set<Part> PARTS = Set.of(Part.PERSON_BASIS, Part.RELASJON_UTVIDET);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final FolkeregisterClient freg;
    private final UtloeserRegistry registry;
    private final ProaktivLeser leser;
    private final PlatformLock lock;
    private final MeterRegistry metrics;
    private final Clock clock = Clock.system(Norsktid.SONE);

    public DatoregelKjoerer(JdbcTemplate jdbc, TransactionTemplate tx, FolkeregisterClient freg, UtloeserRegistry registry,
                            ProaktivLeser leser, PlatformLock lock, MeterRegistry metrics) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.freg = freg;
        this.registry = registry;
        this.leser = leser;
        this.lock = lock;
        this.metrics = metrics;
    }

    /** One tick: runs each switched-on date rule that has not run today; returns how many letters were handed in. */
    public int kjoer() {
        LocalDate idag = LocalDate.now(clock);
        return lock.runExclusively("proaktiv-datoregel", () -> {
            int brev = 0;
            for (Utloeser u : registry.alle()) {
                if (u.datoregel() && registry.aktiv(u) && !kjoertIdag(u, idag)) {
                    try {
                        brev += kjoerRegel(u, idag);
                    } catch (RegisterException e) {
                        // letters handed in so far stay (each with its record); the day is not marked, so the rest follows
                        log.warn("Date rule {} stopped by a register failure ({}); taken again at the next tick", u.navn(), e.kind());
                    }
                }
            }
            return brev;
        }).orElse(0);
    }

    /** One run of one date rule on {@code idag}; returns how many letters were handed in. */
    int kjoerRegel(Utloeser u, LocalDate idag) {
        return u.kilde() == Utloeser.Datokilde.UTTREKK ? kjoerUttrekk(u, idag) : kjoerHendelser(u, idag);
    }

    private int kjoerUttrekk(Utloeser u, LocalDate idag) {
        int aar = idag.getYear() - u.fyllerAar();
        String jobb = freg.startTilpassetUttrekk(UttrekkKriterier.bosatteIKommune(u.betingelser().kommunenummer(), aar, aar));
        int personer = 0;
        int brev = 0;
        for (Iterator<UttrekkBatch> batches = freg.batches(jobb); batches.hasNext(); ) {
            List<Identitetsnummer> batch = batches.next().identitetsnumre();
            personer += batch.size();
            Set<String> sendt = new HashSet<>(jdbc.queryForList("select identifikator from proaktiv_utsendelse where utloeser = ? and identifikator = any (?)",
                    String.class, u.navn(), batch.stream().map(Identitetsnummer::value).toArray(String[]::new)));
            List<Identitetsnummer> nye = batch.stream().filter(id -> !sendt.contains(id.value())).toList();
            for (int i = 0; i < nye.size(); i += BULK) {
                brev += send(u, idag, nye.subList(i, Math.min(nye.size(), i + BULK)), Map.of());
            }
        }
        ferdig(u, idag, personer);
        log.info("Date rule {} ran over {} person(s) of Folkeregisteret's extract: {} letter(s)", u.navn(), personer, brev);
        return brev;
    }

    private int kjoerHendelser(Utloeser u, LocalDate idag) {
        Map<Identitetsnummer, Long> kjente = new LinkedHashMap<>();
        jdbc.query("""
                select h.identifikator, max(h.sekvensnummer) from hendelse h
                 where h.sekvensnummer > 0 and h.identifikator <> ''
                   and not exists (select 1 from proaktiv_utsendelse s where s.utloeser = ? and s.identifikator = h.identifikator)
                 group by h.identifikator""", rs -> {
            if (Identitetsnummer.isValid(rs.getString(1))) {
                kjente.put(Identitetsnummer.of(rs.getString(1)), rs.getLong(2));
            }
        }, u.navn());
        List<Identitetsnummer> ider = new ArrayList<>(kjente.keySet());
        int brev = 0;
        for (int i = 0; i < ider.size(); i += BULK) {
            brev += send(u, idag, ider.subList(i, Math.min(ider.size(), i + BULK)), kjente);
        }
        ferdig(u, idag, ider.size());
        log.info("Date rule {} ran over {} known person(s): {} letter(s)", u.navn(), ider.size(), brev);
        return brev;
    }

    /**
     * One bulk look-up of {@code ider}, the rule, and a letter with its record for each person it fires for and the
     * once-only record does not hold under any of their numbers; returns how many letters were handed in.
     */
    private int send(Utloeser u, LocalDate idag, List<Identitetsnummer> ider, Map<Identitetsnummer, Long> sekvensnumre) {
        BulkResult svar = freg.bulkoppslag(ider, PARTS);
        if (!svar.ulesbare().isEmpty()) {
            // skipped, not recorded: the next day's run asks for them again; the others go on (before session 30 the
            // whole run failed at every tick, and the persons after them got no letter)
            log.warn("Date rule {}: {} person(s) whose document from Folkeregisteret cannot be read skipped; asked again at the next day's run",
                    u.navn(), svar.ulesbare().size());
            metrics.counter("esb.proaktiv.ulesbar", "kilde", "datoregel").increment(svar.ulesbare().size());
        }
        Map<Identitetsnummer, Person> personer = svar.found();
        Map<Identitetsnummer, Person> fyrer = new LinkedHashMap<>();
        personer.forEach((spurt, p) -> {
            if (Utloeserregel.hvorforIkkeDato(u, p, idag).isEmpty()) {
                fyrer.put(spurt, p);
            }
        });
        // the once-only check's numbers, earlier ones included (given only with history): one call for the firings
        Map<Identitetsnummer, Person> identiteter = fyrer.isEmpty() ? Map.of()
                : freg.historikkoppslag(List.of(), fyrer.values().stream().map(Person::id).toList()).identiteter();
        List<ProaktivLeser.Treff> treff = new ArrayList<>();
        // the number asked for is one the person is known by (an earlier one answers with the number in use)
        fyrer.forEach((spurt, p) -> treff.add(new ProaktivLeser.Treff(u, new ProaktivLeser.Hendelse(sekvensnumre.getOrDefault(spurt, 0L), spurt,
                "datoregel"), p, identiteter.get(p.id()))));
        Integer sendt = tx.execute(s -> leser.send(treff));
        return sendt == null ? 0 : sendt;
    }

    private void ferdig(Utloeser u, LocalDate idag, int personer) {
        jdbc.update("""
                insert into proaktiv_datokjoering (utloeser, sist_kjoert, personer) values (?, ?, ?)
                on conflict (utloeser) do update set sist_kjoert = excluded.sist_kjoert, personer = excluded.personer, oppdatert = now()""",
                u.navn(), idag, personer);
    }

    private boolean kjoertIdag(Utloeser u, LocalDate idag) {
        return jdbc.query("select sist_kjoert from proaktiv_datokjoering where utloeser = ?", (rs, i) -> rs.getObject(1, LocalDate.class), u.navn())
                .stream().anyMatch(d -> !d.isBefore(idag));
    }
}
