package no.kommune.esb.hendelser.flyt;

import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.folkeregister.FeedHendelse;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static no.kommune.esb.hendelser.flyt.HendelseFordeler.MINIMERES;

/**
 * The round that makes the delivery rows a reload marked ({@link Leveringslager#merkForNyMinimering}) again under the
 * registration now live, with the fan-out's own look-ups and minimisation ({@link Fordelingsoppslag}).
 */
final class NyMinimering {

    // the log lines keep the fan-out's logger name
    private static final Logger log = LoggerFactory.getLogger(HendelseFordeler.class);

    private final JdbcTemplate jdbc;
    private final FagsystemRegistry registry;
    private final Fordelingsoppslag oppslag;
    private final Leveringslager lager;
    private final MeterRegistry metrics;
    private final int batchSize;

    NyMinimering(JdbcTemplate jdbc, FagsystemRegistry registry, Fordelingsoppslag oppslag, Leveringslager lager, MeterRegistry metrics,
                 int batchSize) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.oppslag = oppslag;
        this.lager = lager;
        this.metrics = metrics;
        this.batchSize = batchSize;
    }

    /**
     * Whether any row is marked to be made again: the probe every fan-out tick makes first (once a second in production,
     * whether events come or not). The status is written into the statement, not bound: as a bound parameter, after five
     * executions PostgreSQL may plan it once for any status (a generic plan), estimates a third of the table for
     * {@code status = $1} and scans {@code levering} from the start for a row it never finds (the benchmark's
     * pg_stat_statements, session 33: ~400 ms a probe at ~165,000 rows, the largest statement of the fan-out). With
     * the literal the planner sees a status no row has and probes {@code levering_status_idx}.
     */
    static final String MERKET_FINNES = "select exists (select 1 from levering where status = '" + MINIMERES + "')";

    /**
     * Makes up to a batch of marked rows again ({@link Leveringslager#merkForNyMinimering}) with the same code as the fan-out and the
     * registration now live, per (fagsystem, message kind): a row whose event the registration still takes gets its new
     * document and waits again; one it no longer takes (an event type unsubscribed, a person now outside the population)
     * is skipped ({@code HOPPET_OVER}); a fagsystem no longer registered gets its rows back as waiting, for the sweep that
     * ends those with a dead letter. A proactive trigger's message row ({@code melding = 'proaktiv/<trigger>'}) is made
     * as {@link HendelseFordeler#dokumenter} makes it, whatever the registration subscribes to (the trigger chose the event), so only the
     * population rule can skip it. A register failure rolls the round back: the rows stay marked. A row that cannot be
     * made as its registration asks (one person's value from a register unreadable, {@link HendelseFordeler.Levering#feil})
     * ends {@code FEILET} with a dead letter, as at the fan-out, and the others go on.
     */
    int minimerPaaNytt() {
        // the screening lock (Skjermingsvakt) before the rows are claimed and looked up, held to the commit: a screening
        // either committed before this look-up (which then sees the grading) or reads the rows made here after the
        // commit. Taken only when there are rows to make (an index probe): it makes other instances' batches wait
        if (!Boolean.TRUE.equals(jdbc.queryForObject(MERKET_FINNES, Boolean.class))) {
            return 0;
        }
        jdbc.execute("select pg_advisory_xact_lock(" + Skjermingsvakt.LAAS + ")");
        List<Map<String, Object>> rader = jdbc.queryForList("""
                select l.sekvensnummer, l.fagsystem, l.melding, h.identifikator, h.hendelsetype from levering l
                  left join hendelse h on h.sekvensnummer = l.sekvensnummer
                 where l.status = 'MINIMERES'
                 order by l.fagsystem, l.melding, l.sekvensnummer
                 limit ?
                 for update of l skip locked""", batchSize);
        if (rader.isEmpty()) {
            return 0;
        }
        Map<Map.Entry<String, String>, List<FeedHendelse>> perMeldingstype = new java.util.LinkedHashMap<>();
        List<Object[]> utenHendelse = new ArrayList<>();
        for (Map<String, Object> r : rader) {
            long seq = ((Number) r.get("sekvensnummer")).longValue();
            String fagsystem = (String) r.get("fagsystem");
            String melding = (String) r.get("melding");
            if (r.get("hendelsetype") == null) {
                utenHendelse.add(new Object[]{seq, fagsystem, melding});
            } else {
                perMeldingstype.computeIfAbsent(Map.entry(fagsystem, melding), k -> new ArrayList<>())
                        .add(HendelseFordeler.tilHendelse(seq, (String) r.get("identifikator"), (String) r.get("hendelsetype")));
            }
        }
        // each row as (sequence number, fagsystem, message kind), the new document first
        List<Object[]> nye = new ArrayList<>();
        List<Object[]> hoppetOver = new ArrayList<>(utenHendelse);
        List<Object[]> tilbake = new ArrayList<>();
        // rows that could not be made again as the registration asks (a register's value unreadable): FEILET, dead letter
        List<Map.Entry<String, HendelseFordeler.Levering>> feilet = new ArrayList<>();
        Map<String, Fagsystem> brukt = new HashMap<>();
        for (Map.Entry<Map.Entry<String, String>, List<FeedHendelse>> e : perMeldingstype.entrySet()) {
            String fagsystem = e.getKey().getKey();
            String melding = e.getKey().getValue();
            Optional<Fagsystem> f = registry.finn(fagsystem);
            if (f.isEmpty()) {
                e.getValue().forEach(h -> tilbake.add(new Object[]{h.sekvensnummer(), fagsystem, melding}));
                continue;
            }
            brukt.put(fagsystem, f.get());
            // the registration's event message: the types it subscribes to; a trigger's message: the trigger chose the events
            List<FeedHendelse> tatt = melding.isEmpty() ? e.getValue().stream().filter(h -> Mottakervalg.tar(f.get(), h)).toList() : e.getValue();
            Map<Long, HendelseFordeler.Levering> laget = new HashMap<>();
            if (!tatt.isEmpty()) {
                oppslag.fordel(tatt, f.get()).leveringer().forEach(l -> laget.put(l.sekvensnummer(), l));
            }
            for (FeedHendelse h : e.getValue()) {
                HendelseFordeler.Levering l = laget.get(h.sekvensnummer());
                if (l == null) {
                    hoppetOver.add(new Object[]{h.sekvensnummer(), fagsystem, melding});
                } else if (l.feil() != null) {
                    feilet.add(Map.entry(melding, l));
                } else {
                    nye.add(new Object[]{l.dokument().toString(), l.eierkolonne(), l.naerekolonne(), h.sekvensnummer(), fagsystem, melding});
                }
            }
        }
        // a second reload while the rows were made: the registration used is no longer live, and the mark after that
        // reload did not see these rows (still MINIMERES to it), so they stay marked and the next round makes them again
        Set<String> endret = lager.endretSiden(brukt.values());
        endret.addAll(tilbake.stream().map(r -> (String) r[1]).filter(id -> registry.finn(id).isPresent()).toList());
        if (!endret.isEmpty()) {
            nye.removeIf(r -> endret.contains((String) r[4]));
            hoppetOver.removeIf(r -> endret.contains((String) r[1]));
            tilbake.removeIf(r -> endret.contains((String) r[1]));
            feilet.removeIf(e -> endret.contains(e.getValue().fagsystem().id()));
            log.info("Registration changed again for {} while its deliveries were made again: they stay marked for the next round", endret);
        }
        jdbc.batchUpdate("update levering set dokument = ?, eiere = ?, naere = ?, status = 'VENTER' where sekvensnummer = ? and fagsystem = ? and melding = ?", nye);
        jdbc.batchUpdate("update levering set status = 'HOPPET_OVER', feil = 'registreringen ble endret: hendelsen er ikke lenger med'"
                + " where sekvensnummer = ? and fagsystem = ? and melding = ?", hoppetOver);
        jdbc.batchUpdate("update levering set status = 'VENTER' where sekvensnummer = ? and fagsystem = ? and melding = ?", tilbake);
        if (!feilet.isEmpty()) {
            jdbc.batchUpdate("update levering set status = 'FEILET', feil = ?, dokument = ?, eiere = ?, naere = ? where sekvensnummer = ? and fagsystem = ? and melding = ?",
                    feilet.stream().map(e -> new Object[]{e.getValue().feil(), e.getValue().dokument().toString(), e.getValue().eierkolonne(),
                            e.getValue().naerekolonne(), e.getValue().sekvensnummer(), e.getValue().fagsystem().id(), e.getKey()}).toList());
            feilet.forEach(e -> lager.deadLetter(e.getKey(), e.getValue()));
        }
        metrics.counter("esb.hendelser.fordeling.minimert-paa-nytt").increment(nye.size());
        metrics.counter("esb.hendelser.fordeling.hoppet-over-etter-endring").increment(hoppetOver.size());
        log.info("Made {} waiting deliveries again under a changed registration; {} no longer taken by it", nye.size(), hoppetOver.size());
        return rader.size();
    }
}
