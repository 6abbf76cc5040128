package no.kommune.esb.hendelser.flyt;

import no.kommune.esb.platform.Laasnoekkel;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static no.kommune.esb.hendelser.flyt.HendelseFordeler.MINIMERES;

/**
 * The writes of made delivery rows: one row per (sequence number, fagsystem, message kind), which the primary key keeps
 * unique across restarts and instances, stored {@code VENTER} or, when a reload changed the registration the document
 * was made under, {@code MINIMERES}; the registration lock that makes that question safe against a reload
 * ({@link #REGISTRERINGSLAAS}, {@link #merkForNyMinimering}); and, for a fan-out batch, the moves out its deliveries
 * tell of and the identity numbers it learnt, in the batch's transaction.
 */
final class Leveringslager {

    // the log lines keep the fan-out's logger name
    private static final Logger log = LoggerFactory.getLogger(HendelseFordeler.class);

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final FagsystemRegistry registry;
    private final MeterRegistry metrics;

    Leveringslager(JdbcTemplate jdbc, TransactionTemplate tx, FagsystemRegistry registry, MeterRegistry metrics) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.registry = registry;
        this.metrics = metrics;
    }

    /**
     * PostgreSQL advisory lock between the writers of waiting rows made under a registration (a fan-out batch, {@link
     * NyMinimering#minimerPaaNytt}, a replay, a trigger's messages) and the mark after a reload ({@link #merkForNyMinimering}). A writer takes it shared,
     * in its transaction, and only then asks whether the registration it used is still live ({@link
     * FagsystemRegistry#gjeldende}); the mark takes it exclusive after the new set went live, so it waits for every
     * writer that asked before the swap to commit, and its update then sees their rows. A writer that asks after the
     * swap sees the change and writes {@code MINIMERES} itself. No row made under an old registration is left waiting.
     */
    private static final long REGISTRERINGSLAAS = Laasnoekkel.av(Laasnoekkel.Slag.HENDELSER, "hendelser-registrering");

    /**
     * Marks the waiting rows of these fagsystems (their registration changed: a reload) to be made again under the
     * registration now live before any of them is delivered: the event rows and a proactive trigger's message rows alike
     * (every {@code melding}), whose documents were minimised when they were written, under the old one, and a narrowed
     * registration (a field or event type removed, protected addresses no longer allowed, a smaller population) must hold
     * for what is still waiting too. The delivery rounds take {@code VENTER} rows only, so a marked row cannot go out
     * until {@link NyMinimering#minimerPaaNytt} has made it again (fails closed). A row being delivered at this moment is waited for,
     * and went under the old registration.
     */
    int merkForNyMinimering(java.util.Collection<String> fagsystemer) {
        if (fagsystemer.isEmpty()) {
            return 0;
        }
        // the writers that asked for the registration before the swap commit first, so their rows are marked here too;
        // released at once: a writer that asks after the swap marks its own rows, and none waits on this update
        tx.executeWithoutResult(status -> jdbc.execute("select pg_advisory_xact_lock(" + REGISTRERINGSLAAS + ")"));
        int n = jdbc.update("update levering set status = ? where status = 'VENTER' and fagsystem = any(?)",
                MINIMERES, (Object) fagsystemer.toArray(String[]::new));
        if (n > 0) {
            log.info("Registration changed for {}: {} waiting deliveries are made again under it before they are sent", fagsystemer, n);
        }
        return n;
    }

    /**
     * The ids of these registrations (as a writer read them from the registry) that a reload has changed or removed
     * since, asked under the registration lock ({@link #REGISTRERINGSLAAS}), held shared until the caller's transaction
     * ends: a mark after a reload that this answer does not see yet waits for that commit and then marks the rows.
     */
    Set<String> endretSiden(java.util.Collection<Fagsystem> brukt) {
        jdbc.execute("select pg_advisory_xact_lock_shared(" + REGISTRERINGSLAAS + ")");
        Set<String> endret = new HashSet<>();
        brukt.stream().filter(f -> !registry.gjeldende(f)).forEach(f -> endret.add(f.id()));
        return endret;
    }

    /**
     * Records, in the fan-out batch's transaction, the moves out its deliveries tell of, and ends the records of the
     * persons who are residents again, so the next move out is told too (table {@code populasjon_utflyttet}, V36). A
     * record another instance's batch made meanwhile is kept (the primary key): that event told of the move first.
     * <p>
     * In the order of the feed, whatever order two instances' batches commit in (since session 30): a move out is not
     * recorded when a later event of the person has a row of the fagsystem already (a resident's delivery: she is back),
     * and a resident's event ends only a record of an earlier event. The batch stores under the screening lock
     * ({@link Skjermingsvakt}, taken before anything is stored, held to the commit), so two batches store one after the
     * other and each sees what the other committed. Before, a move out's batch (its look-up answered first) that committed
     * after the move back's (which found no record to end) left a record saying she had moved out while she lived in the
     * kommune again, and her next move out was never told (a lost message); the reverse order ended a move out a later
     * event had told ({@code UtflyttingRekkefoelgeTest}). A resync event is placed by {@code hendelse.rekkefoelge}.
     */
    void lagreUtflyttinger(Mottakervalg.Utflyttinger u) {
        List<Object[]> nye = new ArrayList<>();
        u.varslet().forEach((fagsystem, ider) -> ider.forEach((id, seq) -> nye.add(new Object[]{fagsystem, id, seq, fagsystem, id, seq, seq, seq})));
        if (!nye.isEmpty()) {
            // the batch's own rows count too: a move out and the move back in one batch leave her resident
            jdbc.batchUpdate("""
                    insert into populasjon_utflyttet (fagsystem, identifikator, sekvensnummer)
                    select ?, ?, ? where not exists (
                      select 1 from hendelse h join levering l on l.sekvensnummer = h.sekvensnummer and l.fagsystem = ? and l.melding = ''
                       where h.identifikator = ? and coalesce(l.rekkefoelge, l.sekvensnummer) > %s)
                    on conflict do nothing""".formatted(plass("?")), nye);
            metrics.counter("esb.hendelser.fordeling.utflytting-varslet").increment(nye.size());
        }
        u.bosatte().forEach((fagsystem, ider) -> {
            List<String> numre = new ArrayList<>(ider.keySet());
            jdbc.update("""
                    delete from populasjon_utflyttet p using unnest(?::text[], ?::bigint[]) as k(i, s)
                     where p.fagsystem = ? and p.identifikator = k.i and %s < %s""".formatted(plass("p.sekvensnummer"),
                            plass("k.s")),
                    numre.toArray(String[]::new), numre.stream().map(ider::get).toArray(Long[]::new), fagsystem);
        });
    }

    /**
     * An event's place in the feed, as SQL of its sequence number {@code seq} (a column, or {@code ?}: then given three
     * times): a resync event's (negative sequence number) {@code hendelse.rekkefoelge}, else the number itself.
     */
    private static String plass(String seq) {
        return "coalesce((select hp.rekkefoelge from hendelse hp where hp.sekvensnummer = " + seq + " and " + seq + " < 0), " + seq + ")";
    }

    /**
     * Stores which numbers belong to one person ({@link Personidentiteter}), so the delivery rounds keep a person's rows
     * in order across a change of number: from the batch's look-ups (a number answered under another, the earlier numbers
     * the answer reports), and for each identity-number change in the batch ({@code endringIIdentifikasjonsnummer}, under
     * the new number) from the persons' numbers with history, which the batch's look-ups do not ask for: asked in the
     * batch's one call with history ({@link Fordelingsoppslag#fordel}, with its deceased when it has any), none for a batch
     * without such events. In the batch's transaction, before its rows are stored: a row under the new number is never
     * claimable before the link to the old number is.
     */
    void lagreIdentiteter(Fordelingsoppslag.Fordelt fordelt) {
        // a set: a person whose number changed is in both (her earlier numbers are added to the batch's person too)
        Set<Set<String>> grupper = new java.util.LinkedHashSet<>(Personidentiteter.grupper(fordelt.personer()));
        grupper.addAll(Personidentiteter.grupper(fordelt.identiteter()));
        knytt(new ArrayList<>(grupper));
    }

    /** Stores these groups of one person's numbers ({@link Personidentiteter#knytt}), counted; in the caller's transaction. */
    private void knytt(List<Set<String>> grupper) {
        if (!grupper.isEmpty()) {
            int lagret = Personidentiteter.knytt(jdbc, grupper);
            if (lagret > 0) {
                metrics.counter("esb.hendelser.fordeling.identiteter").increment(lagret);
                log.info("Stored {} identity numbers of persons whose number changed, to keep their deliveries in order", lagret);
            }
        }
    }

    /**
     * The fan-out batch's rows, made under the registrations read when the batch began: a fagsystem whose registration a
     * reload changed meanwhile (the batch waited on a register call) gets its rows as {@code MINIMERES}, made again under
     * the live one by the next round ({@link NyMinimering#minimerPaaNytt}), since the mark after that reload could not see this
     * uncommitted batch. Must run in the batch's transaction (the registration lock is held to its commit).
     */
    void lagreFordelte(List<HendelseFordeler.Levering> leveringer) {
        lagreUnderGjeldende("", leveringer, "a fan-out batch's deliveries");
    }

    /**
     * Inserts rows made under the registrations as read when their documents were made ({@link #lagreFordelte},
     * {@link HendelseFordeler#lagreLeveringer}): those of a fagsystem a reload changed meanwhile as {@code MINIMERES} ({@link #endretSiden},
     * which takes the registration lock shared to the caller's commit). {@code hva} names the rows in the log line.
     */
    void lagreUnderGjeldende(String melding, List<HendelseFordeler.Levering> leveringer, String hva) {
        Map<String, Fagsystem> brukt = new HashMap<>();
        leveringer.forEach(l -> brukt.putIfAbsent(l.fagsystem().id(), l.fagsystem()));
        Set<String> endret = brukt.isEmpty() ? Set.of() : endretSiden(brukt.values());
        if (!endret.isEmpty()) {
            log.info("Registration changed for {} while {} were made: they are made again under it before they are sent", endret, hva);
        }
        lagre(melding, leveringer, endret);
    }

    /**
     * Queues a replay's deliveries of one fagsystem (again): waiting, attempts reset; as {@code MINIMERES} when a reload
     * changed the registration the documents were made under while the replay looked the persons up (as {@link
     * #lagreFordelte}). The open dead letters of these deliveries (a row that failed for good; not redriven, not closed)
     * are marked redriven in the same transaction: the replay is their way back, and a dead letter still open would be counted as
     * undelivered, kept for ever ({@code forsendelse.oppbevaring} empties only redriven ones) and could be sent a second
     * time by a redrive. The numbers the replay's look-up found to be one person's ({@code identiteter}: an earlier number
     * answered under the number in use) are stored first, in the same transaction: a replayed row under a number replaced
     * while the feed was behind is then held in order with the person's rows under the new number, though the resync
     * linked nothing for a person with no row waiting then ({@link ResyncKjoerer}). A delivery still waiting ({@code VENTER},
     * {@code MINIMERES}: queued by an earlier replay or the fan-out and not yet delivered, or being sent by a delivery round
     * right now) is left as it is and counted as already queued: before session 31 it was queued again, and a second click
     * on the same range (or two operators at once) sent an event a round was delivering a second time once that round had
     * marked it delivered. The check runs under the screening lock, which every replay takes first, so two replays of one
     * range side by side queue it once. Returns how many it queued, left and marked.
     */
    Replaylagring lagreReplay(Fagsystem fagsystem, List<HendelseFordeler.Levering> alle, List<Set<String>> identiteter,
                              Skjermingsvakt.Runde runde, Map<Identitetsnummer, Person> personer) {
        Replaylagring lagring = tx.execute(s -> {
            // the screening lock first (Skjermingsvakt: the locks' order), to the commit: a replay beside this one waits
            // here, and then reads this one's rows as waiting below
            runde.laas();
            // a plain read, not a lock: a row a delivery round holds right now reads as waiting and is left to that round
            Set<Long> venter = venter(fagsystem, alle);
            List<HendelseFordeler.Levering> leveringer = alle.stream().filter(l -> !venter.contains(l.sekvensnummer())).toList();
            knytt(identiteter);
            String status = endretSiden(List.of(fagsystem)).isEmpty() ? "VENTER" : MINIMERES;
            jdbc.batchUpdate("""
                    insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek, eiere, naere, feil) values (?, ?, ?, ?, now(), ?, ?, ?)
                    on conflict (sekvensnummer, fagsystem, melding) do update set status = excluded.status, dokument = excluded.dokument,
                        eiere = excluded.eiere, naere = excluded.naere, forsoek = 0, neste_forsoek = now(), levert = null, feil = excluded.feil""",
                    leveringer.stream().map(l -> new Object[]{l.sekvensnummer(), fagsystem.id(), status(l, status), l.dokument().toString(),
                            l.eierkolonne(), l.naerekolonne(), l.feil()}).toList());
            // an open dead letter of these deliveries keeps its payload (it is emptied only once redriven): the partial
            // index dead_letter_levering_idx (V32) finds them by reference
            int redrevet = jdbc.update("""
                    update dead_letter set redrevet = now()
                     where kilde = ? and payload is not null and redrevet is null and avsluttet is null and referanse = any(?)""",
                    HendelseLeverer.DEAD_LETTER_KILDE, (Object) leveringer.stream()
                            .map(l -> HendelseLeverer.deadLetterReferanse(l.sekvensnummer(), fagsystem.id(), "")).toArray(String[]::new));
            // after the old ones are marked: a row that cannot be made again fails with a dead letter of its own
            leveringer.stream().filter(l -> FEILET.equals(status(l, status))).forEach(l -> deadLetter("", l));
            // a person another batch learnt was protected while the replay looked up: its rows too
            runde.sikre(personer);
            return new Replaylagring(leveringer.size(), venter.size(), redrevet);
        });
        if (lagring.redrevet() > 0) {
            log.info("Replay to {}: {} dead letter(s) of the replayed deliveries marked redriven", fagsystem.id(), lagring.redrevet());
        }
        if (lagring.alleredeIKoe() > 0) {
            log.info("Replay to {}: {} delivery(ies) still waiting left as they were, not queued again", fagsystem.id(), lagring.alleredeIKoe());
        }
        return lagring;
    }

    /**
     * The sequence numbers of {@code leveringer} whose delivery to {@code fagsystem} still waits ({@code VENTER},
     * {@code MINIMERES}: queued and not yet delivered, or being sent by a round right now): a replay leaves them as they
     * are ({@link #lagreReplay}), and its dry run lists them apart, not as "would be delivered".
     */
    Set<Long> venter(Fagsystem fagsystem, List<HendelseFordeler.Levering> leveringer) {
        if (leveringer.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList(
                "select sekvensnummer from levering where fagsystem = ? and melding = '' and status in ('VENTER', ?) and sekvensnummer = any(?)",
                Long.class, fagsystem.id(), MINIMERES, leveringer.stream().map(HendelseFordeler.Levering::sekvensnummer).toArray(Long[]::new)));
    }

    /**
     * What a replay stored ({@link #lagreReplay}): how many deliveries it queued, how many it left because they were
     * still waiting (queued already, not yet delivered), and how many open dead letters it marked redriven.
     */
    record Replaylagring(int lagtIKoe, int alleredeIKoe, int redrevet) {
    }

    /**
     * Inserts the rows, waiting, or {@code MINIMERES} for the fagsystems in {@code paaNytt}. A resync event's row takes
     * the event's place in the feed ({@code hendelse.rekkefoelge}, {@link ResyncKjoerer}) as its place in the delivery
     * order: its sequence number is negative and would send it before the older rows of its person still waiting.
     */
    private void lagre(String melding, List<HendelseFordeler.Levering> leveringer, Set<String> paaNytt) {
        if (leveringer.isEmpty()) {
            return;
        }
        Map<Long, Long> rekkefoelge = resyncplasser(leveringer);
        // one statement for the batch's rows (arrays unnested), not one execution per row; the rows it made come back
        Map<String, Integer> opprettet = new HashMap<>();
        Set<String> feilet = new HashSet<>();
        jdbc.query("""
                insert into levering (sekvensnummer, fagsystem, melding, dokument, status, neste_forsoek, rekkefoelge, eiere, naere, feil)
                select k.s, k.f, ?, k.d, k.st, now(), k.r, k.e::text[], k.n::text[], k.fe
                  from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[]) as k(s, f, d, st, r, e, n, fe)
                on conflict do nothing returning fagsystem, sekvensnummer, status""",
                rs -> {
                    opprettet.merge(rs.getString(1), 1, Integer::sum);
                    if (FEILET.equals(rs.getString(3))) {
                        feilet.add(rs.getLong(2) + "/" + rs.getString(1));
                    }
                }, melding,
                leveringer.stream().map(l -> l.sekvensnummer()).toArray(Long[]::new),
                leveringer.stream().map(l -> l.fagsystem().id()).toArray(String[]::new),
                leveringer.stream().map(l -> l.dokument().toString()).toArray(String[]::new),
                leveringer.stream().map(l -> status(l, paaNytt.contains(l.fagsystem().id()) ? MINIMERES : "VENTER")).toArray(String[]::new),
                leveringer.stream().map(l -> rekkefoelge.get(l.sekvensnummer())).toArray(Long[]::new),
                leveringer.stream().map(l -> arraylitteral(l.eierkolonne())).toArray(String[]::new),
                leveringer.stream().map(l -> arraylitteral(l.naerekolonne())).toArray(String[]::new),
                leveringer.stream().map(HendelseFordeler.Levering::feil).toArray(String[]::new));
        opprettet.forEach((fagsystem, antall) -> metrics.counter("esb.hendelser.levering.opprettet", "fagsystem", fagsystem).increment(antall));
        // a row that existed already is left as it is (the primary key), and so is its dead letter
        leveringer.stream().filter(l -> feilet.contains(l.sekvensnummer() + "/" + l.fagsystem().id())).forEach(l -> deadLetter(melding, l));
    }

    private static final String FEILET = "FEILET";

    /**
     * The status a made row is stored with: {@code FEILET} when it could not be made as its registration asks ({@link
     * HendelseFordeler.Levering#feil}), unless it is to be made again anyway ({@code MINIMERES}: that round decides).
     */
    private static String status(HendelseFordeler.Levering l, String status) {
        return l.feil() != null && !MINIMERES.equals(status) ? FEILET : status;
    }

    /**
     * The dead letter of a row stored {@code FEILET} as made ({@link HendelseFordeler.Levering#feil}), in the caller's
     * transaction, as a delivery that failed for good gets it ({@link HendelseLeverer#NY_DEAD_LETTER}): the document as
     * payload, the reason, counted in {@code esb.hendelser.levering.feilet}. A redrive or a replay makes it again from
     * the registers' answers then.
     */
    void deadLetter(String melding, HendelseFordeler.Levering l) {
        jdbc.update(HendelseLeverer.NY_DEAD_LETTER, java.util.UUID.randomUUID(), HendelseLeverer.deadLetterReferanse(l.sekvensnummer(), l.fagsystem().id(), melding),
                l.feil(), l.dokument().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), l.sekvensnummer(), l.fagsystem().id(), melding);
        metrics.counter("esb.hendelser.levering.feilet", "fagsystem", l.fagsystem().id()).increment();
        log.warn("Delivery of event {} to {} could not be made and went to the dead letters: {}", l.sekvensnummer(), l.fagsystem().id(), l.feil());
    }

    /**
     * A text array as PostgreSQL writes it ({@code {"…",NULL}}), for an array per row in an unnested insert (an array of
     * arrays of different lengths cannot be passed); null for null. The elements are identity numbers or null.
     */
    static String arraylitteral(String[] verdier) {
        if (verdier == null) {
            return null;
        }
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < verdier.length; i++) {
            b.append(i == 0 ? "" : ",").append(verdier[i] == null ? "NULL"
                    : '"' + verdier[i].replace("\\", "\\\\").replace("\"", "\\\"") + '"');
        }
        return b.append('}').toString();
    }

    /**
     * The place in the feed of the resync events among these deliveries' events (negative sequence numbers); none asked
     * for a batch without them, so the fan-out of feed events makes no extra query.
     */
    private Map<Long, Long> resyncplasser(List<HendelseFordeler.Levering> leveringer) {
        Long[] resync = leveringer.stream().map(HendelseFordeler.Levering::sekvensnummer).filter(seq -> seq < 0).distinct().toArray(Long[]::new);
        if (resync.length == 0) {
            return Map.of();
        }
        Map<Long, Long> plasser = new HashMap<>();
        jdbc.query("select sekvensnummer, rekkefoelge from hendelse where sekvensnummer = any(?) and rekkefoelge is not null",
                rs -> {
                    plasser.put(rs.getLong(1), rs.getLong(2));
                }, (Object) resync);
        return plasser;
    }
}
