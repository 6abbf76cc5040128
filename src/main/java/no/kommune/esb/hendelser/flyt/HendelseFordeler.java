package no.kommune.esb.hendelser.flyt;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.folkeregister.FeedHendelse;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.Hendelsestype;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.matrikkel.MatrikkelClient;
import no.kommune.esb.model.Identitetsnummer;
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

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fans stored feed events out to the fagsystems that want them: the bean the fan-out route calls, and the entry of a
 * replay and of a proactive trigger's messages. Per batch of events, in one transaction: the register look-ups shared by
 * every fagsystem and the documents made from them ({@link Fordelingsoppslag}: Folkeregisteret in full calls of 1,000
 * ids; Matrikkelen and NHN Fastlegeregisteret, {@link Tilleggsoppslag}), per subscribing fagsystem the population filter
 * ({@link Mottakervalg}) and minimisation into the mapping input document, the screening of what was stored before a
 * person's address was protected ({@link Adressetilbakeholding}), and one delivery row per (sequence number, fagsystem),
 * which the primary key keeps unique across restarts and instances ({@link Leveringslager}). Rows a reload marked are
 * made again first ({@link NyMinimering}). A failed register call rolls the batch back and makes the fan-out wait,
 * growing and capped, before it calls again ({@link Registerventing}: one warning, not one per tick and retry).
 */
@Component("hendelseFordeler")
public class HendelseFordeler {

    private static final Logger log = LoggerFactory.getLogger(HendelseFordeler.class);

    /** Status of a delivery row whose document must be made again under a changed registration before it may go. */
    static final String MINIMERES = "MINIMERES";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final MeterRegistry metrics;
    private final int batchSize;
    private final Registerventing registerventing;
    private final Fordelingsoppslag oppslag;
    private final Leveringslager lager;
    private final Skjermingsvakt vakt;
    private final NyMinimering nyMinimering;
    private final Portefoljekontroll portefoljekontroll;

    public HendelseFordeler(JdbcTemplate jdbc, TransactionTemplate tx, FolkeregisterClient freg, FagsystemRegistry registry,
                            ObjectProvider<MatrikkelClient> matrikkel, ObjectProvider<FastlegeClient> fastlege, MeterRegistry metrics,
                            @Value("${hendelser.fordeling.batch-size:1000}") int batchSize,
                            @Value("${hendelser.fordeling.foerste-vent:PT5S}") Duration foersteVent, Registerstans registerstans) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.registerventing = registerstans.flyt("hendelser-fordeling", foersteVent);
        this.oppslag = new Fordelingsoppslag(jdbc, freg, registry, new Tilleggsoppslag(matrikkel, fastlege, metrics), metrics);
        this.lager = new Leveringslager(jdbc, tx, registry, metrics);
        this.vakt = new Skjermingsvakt(jdbc, freg, new Adressetilbakeholding(jdbc, registry, metrics), metrics);
        this.nyMinimering = new NyMinimering(jdbc, registry, oppslag, lager, metrics, batchSize);
        this.portefoljekontroll = new Portefoljekontroll(jdbc, tx, freg, registry, metrics);
        registry.vedEndretMinimering(this::merkForNyMinimering);
    }

    /** One round: fans out up to a batch of new events; returns how many events were handled. */
    public int fordel() {
        if (registerventing.venter()) {
            return 0;
        }
        try {
            tx.executeWithoutResult(status -> nyMinimering.minimerPaaNytt());
            // portfolio members registered by a number the register replaced: tied to her number in use before the
            // batch decides (its own transaction, docs/hendelser.md "A member registered by a replaced number")
            portefoljekontroll.kontroller();
        } catch (RegisterException e) {
            // the marked rows stay marked (never delivered), and the members unasked, until the register answers
            registerventing.feilet(e);
            return 0;
        }
        Integer antall;
        Fasetider tider = new Fasetider(metrics);
        try {
            antall = tider.maal("batch", () -> tx.execute(status -> {
                List<FeedHendelse> hendelser = tider.maal("krav", this::claim);
                if (hendelser.isEmpty()) {
                    return 0;
                }
                // before the look-up: a grading another writer's screening learns of from here on is screened for again
                Skjermingsvakt.Runde runde = vakt.runde();
                Fordelingsoppslag.Fordelt fordelt = oppslag.fordel(hendelser, null, tider);
                // the screening lock first, to the commit (Skjermingsvakt: the locks' order)
                runde.laas();
                // the numbers the batch learnt are one person's, before the screening: it finds a protected person's rows
                // under a number she had, by them too
                tider.maal("lagring", () -> lager.lagreIdentiteter(fordelt));
                // before the insert: the rows it strips were made earlier, and the registration lock below is held from
                // the insert to the commit only
                tider.maal("tilbakeholding", () -> runde.skjerm(fordelt.personer()));
                tider.maal("lagring", () -> {
                    lager.lagreFordelte(fordelt.leveringer());
                    lager.lagreUtflyttinger(fordelt.utflyttinger());
                    jdbc.update("update hendelse set status = 'FORDELT' where sekvensnummer = any(?)",
                            (Object) hendelser.stream().map(FeedHendelse::sekvensnummer).toArray(Long[]::new));
                });
                // a person another instance's batch learnt was protected while this one looked up: its rows too
                tider.maal("tilbakeholding", () -> runde.sikre(fordelt.personer()));
                // batches and the distinct addresses asked of Matrikkelen: what the register calls are per batch
                metrics.counter("esb.hendelser.fordeling.batcher").increment();
                return hendelser.size();
            }));
        } catch (RegisterException e) {
            // the batch was rolled back: its events are taken again once the wait is over
            registerventing.feilet(e);
            return 0;
        }
        if (antall != null && antall > 0) {
            registerventing.lyktes();
            tider.registrer();
            log.debug("Fan-out batch of {} events: {}", antall, tider);
        }
        return antall == null ? 0 : antall;
    }

    /**
     * Marks the waiting rows of these fagsystems (their registration changed: a reload) to be made again under the
     * registration now live before any of them is delivered ({@link Leveringslager#merkForNyMinimering} says why and how).
     */
    public int merkForNyMinimering(java.util.Collection<String> fagsystemer) {
        return lager.merkForNyMinimering(fagsystemer);
    }

    /**
     * Mapping input documents for one fagsystem and a range of stored events, for replay (or its dry run): only the
     * event types its current registration subscribes to (and resync events), since the type of an event is itself
     * information the registration decides on. With them, the groups of numbers the look-up found to be one person's
     * ({@link Personidentiteter#grupper}: the register answers a replaced number under the number in use), which
     * {@link #lagreReplay} stores: no register call of its own.
     */
    Replay forReplay(Fagsystem fagsystem, long fra, long til) {
        List<FeedHendelse> hendelser = jdbc.query("""
                select sekvensnummer, identifikator, hendelsetype from hendelse where sekvensnummer between ? and ? order by sekvensnummer""",
                (rs, i) -> tilHendelse(rs.getLong(1), rs.getString(2), rs.getString(3)), fra, til);
        List<FeedHendelse> abonnert = hendelser.stream()
                .filter(h -> Mottakervalg.tar(fagsystem, h)).toList();
        if (abonnert.isEmpty()) {
            return new Replay(List.of(), List.of(), Map.of(), null);
        }
        Skjermingsvakt.Runde runde = vakt.runde();
        Fordelingsoppslag.Fordelt fordelt = oppslag.fordel(abonnert, fagsystem);
        return new Replay(fordelt.leveringer(), Personidentiteter.grupper(fordelt.personer()), fordelt.personer(), runde);
    }

    /**
     * A replay's deliveries, the groups of numbers its look-up found to be one person's, the persons it answered, and
     * its round of the screening guard ({@link Skjermingsvakt}: begun before the look-up; null when nothing was looked up).
     */
    record Replay(List<Levering> leveringer, List<Set<String>> identiteter, Map<Identitetsnummer, no.kommune.esb.model.Person> personer,
                  Skjermingsvakt.Runde runde) {
    }

    /**
     * A round of the screening guard, to be begun before a writer of delivery rows looks its persons up ({@link
     * #dokumenter}) and given to {@link #lagreLeveringer}: rows made from a look-up that came before another batch
     * learnt of a grading are screened before they are committed ({@link Skjermingsvakt}).
     */
    public Skjermingsvakt.Runde skjermingsrunde() {
        return vakt.runde();
    }

    /**
     * The minimised mapping input documents of one fagsystem for these events, whatever its subscriptions say (a
     * proactive trigger's message, docs/proaktiv.md): the same population rule, look-ups (related persons, GP,
     * property) and minimisation as the fan-out, so the message holds only what the registration lets the fagsystem
     * see; an event about a person outside its population gives no document.
     */
    public List<Levering> dokumenter(Fagsystem fagsystem, List<FeedHendelse> hendelser) {
        return oppslag.fordel(hendelser, fagsystem).leveringer();
    }

    /**
     * A delivery to make: the event, the fagsystem and its minimised mapping input; {@code eiere}, the owners' numbers
     * of the property units the document names, one per owner entry in its order, null for an organisation
     * ({@link no.kommune.esb.hendelser.Dataminimering#eiernumre}), or null when it names no owner who is a person:
     * stored beside the document ({@code levering.eiere}, V55), never in it; {@code naere}, the other persons whose home
     * the document may show ({@link no.kommune.esb.hendelser.Hendelsesdokument#naere}, {@code levering.naere}, V56),
     * null when not known (the row is then screened as one stored before V56: by the protected person's relatives);
     * {@code feil}, null for a row to send, or why it cannot be made as its registration asks (one person's value from a
     * register could not be read, {@link Tilleggsoppslag#eiendomFeil}): stored {@code FEILET} with a dead letter that
     * keeps the document, never sent, while the rest of the batch goes (docs/hendelser.md, "One unreadable value").
     */
    public record Levering(long sekvensnummer, Fagsystem fagsystem, ObjectNode dokument, List<String> eiere, List<String> naere, String feil) {

        public Levering(long sekvensnummer, Fagsystem fagsystem, ObjectNode dokument) {
            this(sekvensnummer, fagsystem, dokument, null, null, null);
        }

        public Levering(long sekvensnummer, Fagsystem fagsystem, ObjectNode dokument, List<String> eiere, List<String> naere) {
            this(sekvensnummer, fagsystem, dokument, eiere, naere, null);
        }

        /** {@link #eiere} as the column takes it (a text array), or null. */
        String[] eierkolonne() {
            return eiere == null ? null : eiere.toArray(String[]::new);
        }

        /** {@link #naere} as the column takes it (a text array), or null. */
        String[] naerekolonne() {
            return naere == null ? null : naere.toArray(String[]::new);
        }
    }

    private List<FeedHendelse> claim() {
        return jdbc.query("""
                select sekvensnummer, identifikator, hendelsetype from hendelse where status = 'NY'
                 order by sekvensnummer limit ? for update skip locked""",
                (rs, i) -> tilHendelse(rs.getLong(1), rs.getString(2), rs.getString(3)), batchSize);
    }

    static FeedHendelse tilHendelse(long seq, String id, String type) {
        Identitetsnummer ident = Identitetsnummer.isValid(id) ? Identitetsnummer.of(id) : null;
        return new FeedHendelse(seq, ident, type, Hendelsestype.fromRegisterName(type), null, null, null);
    }

    /**
     * A proactive trigger's message rows ({@code melding = 'proaktiv/<trigger>'}, {@code ProaktivLeser}) in one JDBC
     * batch (one round trip per 1,000 rows instead of one per row), made by {@link #dokumenter} under the registration
     * read when the trigger's round began: when a reload changed that registration meanwhile, the rows are stored as
     * {@code MINIMERES} and made again under the live one before they may go ({@link NyMinimering#minimerPaaNytt}), as a fan-out
     * batch's are ({@link Leveringslager#lagreFordelte}). Must run in the round's transaction (the registration lock is held to its
     * commit). A row that exists already is left as it is (the primary key).
     */
    public void lagreLeveringer(String melding, List<Levering> leveringer, Skjermingsvakt.Runde runde) {
        if (leveringer.isEmpty()) {
            return;
        }
        runde.laas();
        lager.lagreUnderGjeldende(melding, leveringer, "the messages of " + melding);
        runde.sikre(Map.of());
    }

    /**
     * Queues a replay's deliveries of one fagsystem (again), with the persons' numbers its look-up linked, and marks
     * their open dead letters redriven ({@link Leveringslager#lagreReplay} says why); a delivery still waiting is left as
     * it is. Returns how many it queued, left and marked.
     */
    /** The replay's deliveries still waiting to {@code fagsystem} ({@link Leveringslager#venter}): a replay leaves them as they are. */
    java.util.Set<Long> venter(Fagsystem fagsystem, Replay replay) {
        return lager.venter(fagsystem, replay.leveringer());
    }

    Leveringslager.Replaylagring lagreReplay(Fagsystem fagsystem, Replay replay) {
        return lager.lagreReplay(fagsystem, replay.leveringer(), replay.identiteter(), replay.runde(), replay.personer());
    }
}
