package no.kommune.esb.hendelser.flyt;

import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.UttrekkBatch;
import no.kommune.esb.folkeregister.UttrekkKriterier;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.platform.PlatformLock;
import no.kommune.esb.platform.Registerstans;
import no.kommune.esb.platform.Registerventing;
import no.kommune.esb.register.RegisterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The resync the feed reader asks for when its position is older than the register keeps (406): reads the register's
 * last sequence number, runs one tailored extract per kommune that a registration follows, stores every person in it
 * (and every portfolio person) as a {@value #HENDELSESTYPE} event that the fan-out sends to each fagsystem whose
 * population the person is in, then points the feed at the last sequence number + 1 and closes the alarm. A resync
 * event's sequence number is negative (never the register's); its place in the order of deliveries is the sequence
 * number the feed resumes at ({@code hendelse.rekkefoelge}), just before the event there: a fagsystem gets the person's
 * state after the person's older rows still waiting, never before them.
 * A person whose identity number changed while the feed was behind (the change event is one the resync skips) is in
 * the extract under the new number only, while rows of the person's from before may still wait under the old one: the
 * resync learns which numbers are one person's for the numbers it did not find ({@link #utenforResync}, one look-up
 * with history per 1,000 of them, none when there are none), so the rounds hold the person's rows against each other
 * ({@link Personidentiteter}, {@link HendelseLeverer#PERSONENS_NUMRE}).
 * One instance at a time; a resync interrupted by a crash starts its extracts again (fagsystems get the persons'
 * current state twice, which is harmless). A failed register call (Maskinporten, Folkeregisteret) makes it wait,
 * growing and capped ({@link Registerventing}), before it starts again: no new extracts every tick while a register is
 * down, and one warning, not one per tick.
 */
@Component("resyncKjoerer")
public class ResyncKjoerer {

    /** The platform's own event type for "this is the person's current state". */
    public static final String HENDELSESTYPE = "resync";

    private static final Logger log = LoggerFactory.getLogger(ResyncKjoerer.class);

    private final FolkeregisterClient freg;
    private final FagsystemRegistry registry;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final PlatformLock lock;
    private final Registerventing registerventing;

    public ResyncKjoerer(FolkeregisterClient freg, FagsystemRegistry registry, JdbcTemplate jdbc, TransactionTemplate tx, PlatformLock lock,
                         @Value("${hendelser.resync.foerste-vent:PT5S}") Duration foersteVent, Registerstans registerstans) {
        this.freg = freg;
        this.registry = registry;
        this.jdbc = jdbc;
        this.tx = tx;
        this.lock = lock;
        this.registerventing = registerstans.flyt("hendelser-resync", foersteVent);
    }

    /** Runs a waiting resync, if any; returns the number of persons it queued. */
    public int kjoer() {
        if (registerventing.venter()) {
            return 0;
        }
        return lock.runExclusively("hendelser-resync", this::kjoerVentende).orElse(0);
    }

    private int kjoerVentende() {
        List<Long> ventende = jdbc.queryForList("select id from resync where status in ('VENTER', 'STARTET') order by id limit 1", Long.class);
        if (ventende.isEmpty()) {
            return 0;
        }
        long id = ventende.get(0);
        try {
            int personer = resync(id);
            registerventing.lyktes();
            return personer;
        } catch (RegisterException e) {
            // the resync stays STARTET and starts its extracts again once the wait is over
            registerventing.feilet(e);
            return 0;
        }
    }

    private int resync(long id) {
        long fra = freg.sisteSekvensnummer() + 1;
        List<String> jobber = new ArrayList<>();
        Set<String> kommuner = new LinkedHashSet<>();
        registry.alle().stream().map(Fagsystem::populasjon).filter(Fagsystem.Kommune.class::isInstance)
                .map(p -> ((Fagsystem.Kommune) p).kommunenummer()).forEach(kommuner::add);
        for (String kommune : kommuner) {
            jobber.add(freg.startTilpassetUttrekk(UttrekkKriterier.bosatteIKommune(kommune, null, null)));
        }
        jdbc.update("update resync set status = 'STARTET', jobb_ider = ?, fra_sekvensnummer = ? where id = ?", String.join(",", jobber), fra, id);
        log.warn("Resync {} started: {} extract(s), the feed continues from {} afterwards", id, jobber.size(), fra);

        Set<String> personer = new LinkedHashSet<>(jdbc.queryForList("select distinct identifikator from portefolje", String.class));
        for (String jobb : jobber) {
            for (Iterator<UttrekkBatch> batches = freg.batches(jobb); batches.hasNext(); ) {
                batches.next().identitetsnumre().stream().map(Identitetsnummer::value).forEach(personer::add);
            }
        }
        // the register answers an earlier number with the person under the number in use, and gives the earlier numbers
        // with history: the numbers of a person whose number changed meanwhile, learnt before the rows under the new one exist
        Set<Identitetsnummer> utenfor = utenforResync(personer);
        List<Set<String>> grupper = utenfor.isEmpty() ? List.of()
                : Personidentiteter.grupper(freg.historikkoppslag(List.of(), utenfor).identiteter());
        tx.executeWithoutResult(s -> {
            if (!grupper.isEmpty()) {
                int lagret = Personidentiteter.knytt(jdbc, grupper);
                log.info("Resync {}: {} identity numbers stored of persons whose number changed while the feed was behind", id, lagret);
            }
            // each person's current state stands where the feed resumes: after every event read before, before every
            // event read after; its delivery goes in that place, not first by its negative sequence number
            jdbc.batchUpdate("insert into hendelse (sekvensnummer, identifikator, hendelsetype, rekkefoelge) values (nextval('resync_sekvensnummer'), ?, ?, ?)",
                    personer.stream().map(p -> new Object[]{p, HENDELSESTYPE, fra}).toList());
            jdbc.update("update feed_posisjon set neste_sekvensnummer = ?, etag = null, oppdatert = now() where feed = ?", fra, FeedLeser.FEED);
            jdbc.update("update resync set status = 'FERDIG', personer = ?, ferdig = now() where id = ?", personer.size(), id);
            jdbc.update("update alarm set kvittert = now() where kilde = 'hendelser-feed' and kvittert is null");
        });
        log.warn("Resync {} done: {} persons queued for the fagsystems, feed reading resumes at {}", id, personer.size(), fra);
        return personer.size();
    }

    /**
     * The numbers the resync's rows may have to be held against but that it did not find: those of the events of rows
     * still waiting ({@code VENTER}, {@code MINIMERES}) or with an open dead letter (a redrive asks the person's later
     * delivered rows, {@link LeveringRedriver}), none of whose known numbers ({@link HendelseLeverer#PERSONENS_NUMRE}) is
     * among the resync's {@code personer}. A person whose number changed while the feed was behind is among them under
     * the old number; so are persons who moved out, died or emigrated meanwhile, and non-residents (the register answers
     * those under the number asked, which links nothing). The resync's persons themselves are never asked: only a
     * number with such a row can be held against. From the rows to their events by primary key.
     */
    private Set<Identitetsnummer> utenforResync(Set<String> personer) {
        Set<Identitetsnummer> utenfor = new LinkedHashSet<>();
        jdbc.query("""
                with numre as (
                    select h.identifikator from levering l join hendelse h on h.sekvensnummer = l.sekvensnummer
                     where l.status in ('VENTER', '%s')
                    union
                    select h.identifikator from dead_letter d join hendelse h on h.sekvensnummer = split_part(d.referanse, '/', 1)::bigint
                     where d.kilde = '%s' and d.payload is not null and d.redrevet is null and d.avsluttet is null
                       and d.referanse ~ '^-?[0-9]+/')
                select h.identifikator, %s from numre h where h.identifikator is not null""".formatted(HendelseFordeler.MINIMERES,
                        HendelseLeverer.DEAD_LETTER_KILDE, HendelseLeverer.PERSONENS_NUMRE),
                (org.springframework.jdbc.core.RowCallbackHandler) rs -> {
                    String nummer = rs.getString(1);
                    String[] numre = (String[]) rs.getArray(2).getArray();
                    if (Identitetsnummer.isValid(nummer) && java.util.Arrays.stream(numre).noneMatch(personer::contains)) {
                        utenfor.add(Identitetsnummer.of(nummer));
                    }
                });
        return utenfor;
    }
}
