package no.kommune.esb.forsendelse.flyt;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.apache.camel.Exchange;
import no.kommune.esb.platform.Feilaarsak;
import no.kommune.esb.platform.Traader;
import no.kommune.esb.register.Ventetid;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Publishes the {@link Statusutboks} to each sending fagsystem's status channel (route
 * {@code forsendelse-status-kanal}), on every instance: claims waiting messages with {@code for update skip locked},
 * publishes them, and marks them published (one statement per pass) or failed in the same transaction. Only the oldest waiting message of a
 * recipient letter is taken, so a letter's messages arrive in order. Failed messages wait by the platform's
 * backoff ({@link Ventetid}: {@code foerste-vent}, doubling, at most {@code maks-vent}, spread) and are retried until
 * they get through (never dropped). Per pass each fagsystem's first message goes alone and probes its channel: when the
 * channel does not take it, the <b>channel</b> waits ({@link Kanalvent}) and none of its messages is tried before the
 * channel's next try, when one probes it again; when it takes one, the messages that waited for it are due at once and
 * the rest of the pass go side by side (the Kafka producer then batches them:
 * one request per message made the embedded broker 13–20 % of the letter benchmark's CPU, docs/benchmarks.md). Delivery is at least once (a crash after
 * publishing and before the commit publishes again), so each message carries its {@code meldingId} for the receiver.
 * <p>
 * A send the channel has not taken within {@code forsendelse.status.publisering.tidsgrense} counts as failed (a
 * fagsystem's first send of the pass, which tells whether its channel takes messages, is interrupted): an Artemis queue the broker holds back (full under the BLOCK policy, a disk below its floor) made a send
 * wait without end, and the pass, its transaction and every other fagsystem's status messages with it (a message
 * interrupted just as the channel took it may come twice; the receiver de-duplicates on {@code meldingId}). When the
 * interrupted send was on an Artemis queue the status outbox's JMS connection is dropped ({@link StatusJms}), so the
 * next try does not wait on the held-back session's request for credits, which the broker may never answer.
 */
@Component("statusPublisering")
public class StatusPublisering {

    /** The route that sends one message to its fagsystem's channel. */
    static final String KANAL = "direct:forsendelse-status-kanal";
    /** Header (Kafka, JMS property, HTTP) with the message's de-duplication key, as in the JSON field {@code meldingId}. */
    public static final String MELDING_ID = "esbMeldingId";
    /** Header with the message's number within its recipient letter, as in the JSON field {@code sekvens}. */
    public static final String SEKVENS = "esbSekvens";

    /**
     * The claim: the oldest due messages, only each recipient letter's oldest waiting one, locked for this pass.
     * <p>
     * "Its letter's oldest waiting one" = its letter's previous message (sekvens − 1) is not waiting: messages are
     * published in order, so when the previous one is out all earlier ones are (or were removed by retention). That is
     * one look-up in the unique index {@code statusutboks_rekkefoelge (mottakerbrev_id, sekvens)}, and "not waiting" is
     * written {@code coalesce(f.publisert, 'infinity') = 'infinity'} rather than {@code f.publisert is null} on purpose:
     * with statistics taken while nothing waited, PostgreSQL answered a {@code publisert is null} look-up by scanning a
     * partial index of the waiting messages whole per candidate (~200 × 1,000–1,500 entries, 40–85 ms a claim during
     * a burst; docs/benchmarks.md, session 14); no partial index can serve this form.
     * <p>
     * The pass runs the claim with sequential scans disabled ({@link #UTEN_TABELLSKANNING}): while the table had no
     * statistics yet (the first minute of a new database, or of a test's), PostgreSQL answered the look-up of the
     * previous message by reading the whole table once per candidate, 0.1–11.7 s a claim for ~2,500 waiting messages
     * (auto_explain in the letter benchmark's warm-up, docs/benchmarks.md, session 19).
     */
    static final String KRAV = """
            select u.id, u.mottakerbrev_id, u.sekvens, u.avsender_system, b.ekstern_referanse, u.melding, u.forsoek
              from statusutboks u join brev b on b.id = u.brev_id
             where u.publisert is null and u.neste_forsoek <= ? and u.avsender_system <> all (?)
               and not exists (select 1 from statusutboks f
                                where f.mottakerbrev_id = u.mottakerbrev_id and f.sekvens = u.sekvens - 1
                                  and coalesce(f.publisert, 'infinity') = 'infinity')
             order by u.opprettet, u.sekvens
             limit ?
             for update of u skip locked""";

    /** For the pass's transaction only: every table of the claim has an index for each of its look-ups. */
    static final String UTEN_TABELLSKANNING = "set local enable_seqscan = off";

    private static final Logger log = LoggerFactory.getLogger(StatusPublisering.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ProducerTemplate producer;
    private final StatusKanaler kanaler;
    private final StatusJms statusJms;
    private final MeterRegistry metrics;
    private final int batchSize;
    private final Ventetid vent;
    /** Each channel's wait while it does not take messages (this instance's). */
    private final Kanalvent kanalvent;
    /** The time of passes and waits (the claim's "due" included), so a test can pass a held channel's hours in a moment. */
    private final Clock clock;
    private final int varsleEtter;
    /** Longest one message's send may take before it is interrupted and counted as failed. */
    private final Duration tidsgrense;
    /** Each fagsystem's first send of a pass, so one past the limit can be interrupted (a CompletableFuture's cancel does not). */
    private final ExecutorService sendere;

    @Autowired
    public StatusPublisering(JdbcTemplate jdbc, TransactionTemplate tx, ProducerTemplate producer, StatusKanaler kanaler,
                             StatusJms statusJms, MeterRegistry metrics,
                             @Value("${forsendelse.status.publisering.batch-size:200}") int batchSize,
                             @Value("${forsendelse.status.publisering.foerste-vent:PT5S}") Duration foersteVent,
                             @Value("${forsendelse.status.publisering.maks-vent:PT5M}") Duration maksVent,
                             @Value("${forsendelse.status.publisering.varsle-etter-forsoek:10}") int varsleEtter,
                             @Value("${platform.register-vent.spredning:0.2}") double spredning,
                             @Value("${forsendelse.status.publisering.tidsgrense:PT30S}") Duration tidsgrense) {
        this(jdbc, tx, producer, kanaler, statusJms, metrics, batchSize, new Ventetid(foersteVent, maksVent, spredning, new Random()),
                varsleEtter, tidsgrense, Clock.systemUTC());
    }

    StatusPublisering(JdbcTemplate jdbc, TransactionTemplate tx, ProducerTemplate producer, StatusKanaler kanaler,
                      StatusJms statusJms, MeterRegistry metrics, int batchSize, Ventetid vent, int varsleEtter,
                      Duration tidsgrense, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.producer = producer;
        this.kanaler = kanaler;
        this.statusJms = statusJms;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.vent = vent;
        this.kanalvent = new Kanalvent(vent);
        this.clock = clock;
        this.varsleEtter = varsleEtter;
        this.tidsgrense = tidsgrense;
        // a thread per send under way: one at a time, more only while an interrupted send has not ended yet
        this.sendere = Executors.newCachedThreadPool(Traader.nummerert("status-sending"));
        Gauge.builder("esb.forsendelse.statusutboks", this, p -> p.antall(0)).tag("tilstand", "venter")
                .description("Status messages not yet published, whole platform").register(metrics);
        Gauge.builder("esb.forsendelse.statusutboks", this, p -> p.antall(varsleEtter)).tag("tilstand", "feiler")
                .description("Status messages whose publication failed at least varsle-etter-forsoek times, whole platform").register(metrics);
    }

    /** One pass over what is due; returns how many messages were published (the route repeats while that is above 0). */
    public int publiser() {
        Instant naa = clock.instant();
        String[] venter = kanalvent.venter(naa).toArray(new String[0]);
        Integer antall = tx.execute(s -> {
            jdbc.execute(UTEN_TABELLSKANNING);
            List<Rad> rader = jdbc.query(KRAV,
                    (rs, i) -> new Rad(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getInt(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getInt(7)), Timestamp.from(naa), venter, batchSize);
            // per fagsystem the first message goes alone: when its channel is down the rest wait for the channel's next
            // try instead of hammering it; the others of the pass then go side by side (one message per recipient
            // letter, so no letter's order is at stake), which lets the Kafka producer send them in batches
            Map<String, List<Rad>> perAvsender = new LinkedHashMap<>();
            rader.forEach(r -> perAvsender.computeIfAbsent(r.avsenderSystem(), k -> new ArrayList<>()).add(r));
            List<Rad> resten = new ArrayList<>();
            List<UUID> publisert = new ArrayList<>();
            for (List<Rad> egne : perAvsender.values()) {
                List<Rad> igjen = new ArrayList<>(egne);
                if (proev(igjen, publisert)) {
                    resten.addAll(igjen);
                }
            }
            // the rest side by side through Camel's asynchronous sends (the Kafka producer batches them; 16 threads
            // sending one each cost the letter benchmark 0.2 CPU-ms a letter), under one limit for them together; the first of each
            // fagsystem went through, so its channel takes messages: one that stops taking them mid-pass fails these
            // at the limit, but their sends cannot be interrupted and end when the channel does
            Map<Rad, Future<Exchange>> underveis = new LinkedHashMap<>();
            resten.forEach(r -> underveis.put(r, producer.asyncSend(KANAL, e -> melding(e, r))));
            long frist = System.nanoTime() + tidsgrense.toNanos();
            underveis.forEach((r, svar) -> utfall(r, vent(svar, frist), publisert));
            if (!publisert.isEmpty()) {
                jdbc.update("update statusutboks set publisert = now(), forsoek = forsoek + 1, sist_feil = null where id = any (?)",
                        (Object) publisert.toArray(new UUID[0]));
            }
            return publisert.size();
        });
        return antall == null ? 0 : antall;
    }

    /**
     * Tries one fagsystem's channel with its first message, alone; takes the messages it sends off {@code egne} and
     * returns whether the channel took one (then the rest of {@code egne} may go). A channel that does not take it
     * waits ({@link Kanalvent}), and the message with it. One refused at once (not by the time limit) may be refused
     * for itself (a callback's 4xx for that message): then a second message asks the channel, and when that one goes
     * only the first waits, by its own failures, so one message cannot hold its fagsystem's others.
     */
    private boolean proev(List<Rad> egne, List<UUID> publisert) {
        Rad foerste = egne.remove(0);
        String kanal = foerste.avsenderSystem();
        Exception feil = sendAlene(foerste);
        if (feil == null) {
            utfall(foerste, null, publisert);
            aapen(kanal);
            return true;
        }
        if (!(feil instanceof TimeoutException) && !egne.isEmpty()) {
            Rad andre = egne.remove(0);
            Exception andreFeil = sendAlene(andre);
            if (andreFeil == null) {
                utfall(andre, null, publisert);
                utfall(foerste, feil, publisert);
                aapen(kanal);
                return true;
            }
            kanalenFeilet(kanal, List.of(foerste, andre), List.of(feil, andreFeil));
            return false;
        }
        kanalenFeilet(kanal, List.of(foerste), List.of(feil));
        return false;
    }

    /** One message sent on a thread of its own: null when it went, else why not (interrupted at the limit). */
    private Exception sendAlene(Rad r) {
        Exception feil = vent(send(r), System.nanoTime() + tidsgrense.toNanos());
        if (feil instanceof TimeoutException && kanaler.erJms(r.avsenderSystem())) {
            // the queue holds the producer back: its session waits for credits the broker may never grant once
            // the queue is opened by a lifted limit rather than by messages leaving; the next try asks anew (no
            // other status send of this pass is under way yet). Off this thread: closing a connection the broker
            // holds back must not hold the pass either
            sendere.execute(statusJms::nullstill);
        }
        return feil;
    }

    /** The channel took a message: the messages that waited for it (this instance's) are due at once. */
    private void aapen(String kanal) {
        java.util.Set<UUID> ventet = kanalvent.lyktes(kanal);
        if (!ventet.isEmpty()) {
            Timestamp naa = Timestamp.from(clock.instant());
            int klare = jdbc.update("update statusutboks set neste_forsoek = ? where id = any (?) and publisert is null and neste_forsoek > ?",
                    naa, ventet.toArray(new UUID[0]), naa);
            log.info("Status channel of {} takes messages again: {} waiting message(s) due at once", kanal, klare);
        }
    }

    /** The channel took none of these: it waits by its failures in a row, and they are due when it is tried again. */
    private void kanalenFeilet(String kanal, List<Rad> rader, List<Exception> feil) {
        Instant neste = kanalvent.feilet(kanal, rader.stream().map(Rad::id).toList(), clock.instant());
        for (int i = 0; i < rader.size(); i++) {
            feilet(rader.get(i), feil.get(i), neste);
        }
    }

    private Future<Exchange> send(Rad r) {
        return sendere.submit(() -> producer.send(KANAL, e -> melding(e, r)));
    }

    /** The send's outcome: null when it went, else why not; one not done by {@code frist} is cancelled (interrupted, when it runs on {@link #sendere}). */
    private Exception vent(Future<Exchange> send, long frist) {
        try {
            Exchange svar = send.get(Math.max(0, frist - System.nanoTime()), TimeUnit.NANOSECONDS);
            return svar.getException();
        } catch (TimeoutException e) {
            if (!send.cancel(true) && send.isDone() && !send.isCancelled()) {
                // done just at the limit: its outcome stands
                return vent(send, System.nanoTime());
            }
            return new TimeoutException("the status channel did not take the message within " + tidsgrense.toMillis() + " ms");
        } catch (ExecutionException e) {
            return e.getCause() instanceof Exception u ? u : e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send.cancel(true);
            return e;
        }
    }

    @PreDestroy
    void stopp() throws InterruptedException {
        sendere.shutdown();
        if (!sendere.awaitTermination(10, TimeUnit.SECONDS)) {
            sendere.shutdownNow();
        }
    }

    private static void melding(Exchange e, Rad r) {
        e.getIn().setBody(r.melding());
        e.getIn().setHeader("avsenderSystem", r.avsenderSystem());
        e.getIn().setHeader("eksternReferanse", r.eksternReferanse());
        e.getIn().setHeader(MELDING_ID, r.id().toString());
        e.getIn().setHeader(SEKVENS, String.valueOf(r.sekvens()));
    }

    /** Counts a message's outcome; a published one joins {@code publisert} (marked in one statement per pass). */
    private boolean utfall(Rad r, Exception feil, List<UUID> publisert) {
        if (feil != null) {
            // the channel took the fagsystem's first message of the pass, so this one waits by its own failures
            kanalvent.egenFeil(r.avsenderSystem(), r.id());
            feilet(r, feil, clock.instant().plus(vent.etter(r.forsoek() + 1)));
            return false;
        }
        publisert.add(r.id());
        metrics.counter("esb.forsendelse.statuspublisering", "avsender", r.avsenderSystem(), "utfall", "publisert").increment();
        return true;
    }

    private void feilet(Rad r, Exception e, Instant neste) {
        int forsoek = r.forsoek() + 1;
        // the kind only: a broker's or webhook's message may quote the channel URI with its credentials, or the payload
        String grunn = Feilaarsak.registrer(e, "statuspubliseringen");
        jdbc.update("update statusutboks set forsoek = ?, neste_forsoek = ?, sist_feil = ? where id = ?", forsoek, Timestamp.from(neste), grunn, r.id());
        metrics.counter("esb.forsendelse.statuspublisering", "avsender", r.avsenderSystem(), "utfall", "feilet").increment();
        if (forsoek >= varsleEtter) {
            log.warn("Status message {} (recipient letter {}, #{}) to {} still not published after {} attempts, next try {}: {}",
                    r.id(), r.mottakerbrevId(), r.sekvens(), r.avsenderSystem(), forsoek, neste, grunn);
        } else {
            log.info("Status message {} (recipient letter {}, #{}) to {} not published (attempt {}), next try {}: {}",
                    r.id(), r.mottakerbrevId(), r.sekvens(), r.avsenderSystem(), forsoek, neste, grunn);
        }
    }

    private double antall(int minstForsoek) {
        try {
            Long n = jdbc.queryForObject("select count(*) from statusutboks where publisert is null and forsoek >= ?", Long.class, minstForsoek);
            return n == null ? 0 : n;
        } catch (RuntimeException e) {
            // the database health indicator reports the outage; the gauge shows NaN meanwhile
            return Double.NaN;
        }
    }

    private record Rad(UUID id, UUID mottakerbrevId, int sekvens, String avsenderSystem, String eksternReferanse, String melding, int forsoek) {
    }
}
