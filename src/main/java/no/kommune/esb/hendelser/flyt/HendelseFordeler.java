package no.kommune.esb.hendelser.flyt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.folkeregister.BulkResult;
import no.kommune.esb.folkeregister.FeedHendelse;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.Hendelsestype;
import no.kommune.esb.folkeregister.Part;
import no.kommune.esb.hendelser.Dataminimering;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.Felt;
import no.kommune.esb.hendelser.Hendelsesdokument;
import no.kommune.esb.hendelser.Populasjonsregel;
import no.kommune.esb.hendelser.Tjenesteomraade;
import no.kommune.esb.matrikkel.MatrikkelClient;
import no.kommune.esb.matrikkel.Vegadresseident;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Fastlege;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Matrikkelenhet;
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

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * Fans stored feed events out to the fagsystems that want them. Per batch of events: Folkeregisteret bulk look-ups
 * shared by every fagsystem, in full calls of 1,000 ids (the related persons and the co-owners one part of the batch
 * needs travel in the call that takes the next events' persons; the batch's deceased, whose residence the register
 * ended at the death, for the kommune they lived in, and the persons whose identity number changed, for their earlier
 * numbers, together in one call with history for the whole batch), then per
 * subscribing fagsystem: population filter (residents of its kommune, the deceased by the kommune they lived in at the
 * death, persons it has had before until it is told they moved out, or its portfolio), Matrikkelen (once per address and batch; the
 * owners who are persons are looked up with the next part's persons, their grading decides whether their name is shown)
 * and NHN Fastlegeregisteret (bulk, 100 a call) when its data access includes property or GP, minimisation into
 * the mapping input document, and one delivery row per (sequence number, fagsystem), which the primary key keeps
 * unique across restarts and instances. A failed register call rolls the batch back and makes the fan-out wait,
 * growing and capped, before it calls again ({@link Registerventing}: one warning, not one per tick and retry).
 */
@Component("hendelseFordeler")
public class HendelseFordeler {

    private static final Logger log = LoggerFactory.getLogger(HendelseFordeler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
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
        registry.vedEndretMinimering(this::merkForNyMinimering);
    }

    /** One round: fans out up to a batch of new events; returns how many events were handled. */
    public int fordel() {
        if (registerventing.venter()) {
            return 0;
        }
        try {
            tx.executeWithoutResult(status -> minimerPaaNytt());
        } catch (RegisterException e) {
            // the marked rows stay marked (never delivered) until the register answers
            registerventing.feilet(e);
            return 0;
        }
        Integer antall;
        try {
            antall = tx.execute(status -> {
                List<FeedHendelse> hendelser = claim();
                if (hendelser.isEmpty()) {
                    return 0;
                }
                Fordelt fordelt = fordel(hendelser, null);
                // before the insert: the rows it strips were made earlier, and the registration lock below is held from
                // the insert to the commit only
                tilbakeholdVentende(fordelt.personer());
                lagreIdentiteter(fordelt);
                lagreFordelte(fordelt.leveringer());
                lagreUtflyttinger(fordelt.utflyttinger());
                // batches and the distinct addresses asked of Matrikkelen: what the register calls are per batch
                metrics.counter("esb.hendelser.fordeling.batcher").increment();
                jdbc.update("update hendelse set status = 'FORDELT' where sekvensnummer = any(?)",
                        (Object) hendelser.stream().map(FeedHendelse::sekvensnummer).toArray(Long[]::new));
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

    /** Whether the registration takes this event: a type it subscribes to, or a resync event (a person's current state). */
    private static boolean tar(Fagsystem f, FeedHendelse h) {
        return f.abonnererPaa(h.type()) || ResyncKjoerer.HENDELSESTYPE.equals(h.hendelsetype());
    }

    /** {@link #tar} for a stored event's type as the register spells it (a redrive asks it before it queues a row). */
    static boolean tar(Fagsystem f, String hendelsetype) {
        return f.abonnererPaa(Hendelsestype.fromRegisterName(hendelsetype)) || ResyncKjoerer.HENDELSESTYPE.equals(hendelsetype);
    }

    /** Status of a delivery row whose document must be made again under a changed registration before it may go. */
    static final String MINIMERES = "MINIMERES";

    /**
     * PostgreSQL advisory lock between the writers of waiting rows made under a registration (a fan-out batch, {@link
     * #minimerPaaNytt}, a replay, a trigger's messages) and the mark after a reload ({@link #merkForNyMinimering}). A writer takes it shared,
     * in its transaction, and only then asks whether the registration it used is still live ({@link
     * FagsystemRegistry#gjeldende}); the mark takes it exclusive after the new set went live, so it waits for every
     * writer that asked before the swap to commit, and its update then sees their rows. A writer that asks after the
     * swap sees the change and writes {@code MINIMERES} itself. No row made under an old registration is left waiting.
     */
    private static final long REGISTRERINGSLAAS = "hendelser-registrering".hashCode();

    /**
     * Marks the waiting rows of these fagsystems (their registration changed: a reload) to be made again under the
     * registration now live before any of them is delivered: the event rows and a proactive trigger's message rows alike
     * (every {@code melding}), whose documents were minimised when they were written, under the old one, and a narrowed
     * registration (a field or event type removed, protected addresses no longer allowed, a smaller population) must hold
     * for what is still waiting too. The delivery rounds take {@code VENTER} rows only, so a marked row cannot go out
     * until {@link #minimerPaaNytt} has made it again (fails closed). A row being delivered at this moment is waited for,
     * and went under the old registration.
     */
    public int merkForNyMinimering(java.util.Collection<String> fagsystemer) {
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
     * Makes up to a batch of marked rows again ({@link #merkForNyMinimering}) with the same code as the fan-out and the
     * registration now live, per (fagsystem, message kind): a row whose event the registration still takes gets its new
     * document and waits again; one it no longer takes (an event type unsubscribed, a person now outside the population)
     * is skipped ({@code HOPPET_OVER}); a fagsystem no longer registered gets its rows back as waiting, for the sweep that
     * ends those with a dead letter. A proactive trigger's message row ({@code melding = 'proaktiv/<trigger>'}) is made
     * as {@link #dokumenter} makes it, whatever the registration subscribes to (the trigger chose the event), so only the
     * population rule can skip it. A register failure rolls the round back: the rows stay marked.
     */
    int minimerPaaNytt() {
        List<Map<String, Object>> rader = jdbc.queryForList("""
                select l.sekvensnummer, l.fagsystem, l.melding, h.identifikator, h.hendelsetype from levering l
                  left join hendelse h on h.sekvensnummer = l.sekvensnummer
                 where l.status = ?
                 order by l.fagsystem, l.melding, l.sekvensnummer
                 limit ?
                 for update of l skip locked""", MINIMERES, batchSize);
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
                        .add(tilHendelse(seq, (String) r.get("identifikator"), (String) r.get("hendelsetype")));
            }
        }
        // each row as (sequence number, fagsystem, message kind), the new document first
        List<Object[]> nye = new ArrayList<>();
        List<Object[]> hoppetOver = new ArrayList<>(utenHendelse);
        List<Object[]> tilbake = new ArrayList<>();
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
            List<FeedHendelse> tatt = melding.isEmpty() ? e.getValue().stream().filter(h -> tar(f.get(), h)).toList() : e.getValue();
            Map<Long, Levering> laget = new HashMap<>();
            if (!tatt.isEmpty()) {
                fordel(tatt, f.get()).leveringer().forEach(l -> laget.put(l.sekvensnummer(), l));
            }
            for (FeedHendelse h : e.getValue()) {
                Levering l = laget.get(h.sekvensnummer());
                if (l == null) {
                    hoppetOver.add(new Object[]{h.sekvensnummer(), fagsystem, melding});
                } else {
                    nye.add(new Object[]{l.dokument().toString(), h.sekvensnummer(), fagsystem, melding});
                }
            }
        }
        // a second reload while the rows were made: the registration used is no longer live, and the mark after that
        // reload did not see these rows (still MINIMERES to it), so they stay marked and the next round makes them again
        Set<String> endret = endretSiden(brukt.values());
        endret.addAll(tilbake.stream().map(r -> (String) r[1]).filter(id -> registry.finn(id).isPresent()).toList());
        if (!endret.isEmpty()) {
            nye.removeIf(r -> endret.contains((String) r[2]));
            hoppetOver.removeIf(r -> endret.contains((String) r[1]));
            tilbake.removeIf(r -> endret.contains((String) r[1]));
            log.info("Registration changed again for {} while its deliveries were made again: they stay marked for the next round", endret);
        }
        jdbc.batchUpdate("update levering set dokument = ?, status = 'VENTER' where sekvensnummer = ? and fagsystem = ? and melding = ?", nye);
        jdbc.batchUpdate("update levering set status = 'HOPPET_OVER', feil = 'registreringen ble endret: hendelsen er ikke lenger med'"
                + " where sekvensnummer = ? and fagsystem = ? and melding = ?", hoppetOver);
        jdbc.batchUpdate("update levering set status = 'VENTER' where sekvensnummer = ? and fagsystem = ? and melding = ?", tilbake);
        metrics.counter("esb.hendelser.fordeling.minimert-paa-nytt").increment(nye.size());
        metrics.counter("esb.hendelser.fordeling.hoppet-over-etter-endring").increment(hoppetOver.size());
        log.info("Made {} waiting deliveries again under a changed registration; {} no longer taken by it", nye.size(), hoppetOver.size());
        return rader.size();
    }

    /**
     * The ids of these registrations (as a writer read them from the registry) that a reload has changed or removed
     * since, asked under the registration lock ({@link #REGISTRERINGSLAAS}), held shared until the caller's transaction
     * ends: a mark after a reload that this answer does not see yet waits for that commit and then marks the rows.
     */
    private Set<String> endretSiden(java.util.Collection<Fagsystem> brukt) {
        jdbc.execute("select pg_advisory_xact_lock_shared(" + REGISTRERINGSLAAS + ")");
        Set<String> endret = new HashSet<>();
        brukt.stream().filter(f -> !registry.gjeldende(f)).forEach(f -> endret.add(f.id()));
        return endret;
    }

    /**
     * Mapping input documents for one fagsystem and a range of stored events, for replay (or its dry run): only the
     * event types its current registration subscribes to (and resync events), since the type of an event is itself
     * information the registration decides on.
     */
    public List<Levering> forReplay(Fagsystem fagsystem, long fra, long til) {
        List<FeedHendelse> hendelser = jdbc.query("""
                select sekvensnummer, identifikator, hendelsetype from hendelse where sekvensnummer between ? and ? order by sekvensnummer""",
                (rs, i) -> tilHendelse(rs.getLong(1), rs.getString(2), rs.getString(3)), fra, til);
        List<FeedHendelse> abonnert = hendelser.stream()
                .filter(h -> tar(fagsystem, h)).toList();
        return abonnert.isEmpty() ? List.of() : fordel(abonnert, fagsystem).leveringer();
    }

    /**
     * The minimised mapping input documents of one fagsystem for these events, whatever its subscriptions say (a
     * proactive trigger's message, docs/proaktiv.md): the same population rule, look-ups (related persons, GP,
     * property) and minimisation as the fan-out, so the message holds only what the registration lets the fagsystem
     * see; an event about a person outside its population gives no document.
     */
    public List<Levering> dokumenter(Fagsystem fagsystem, List<FeedHendelse> hendelser) {
        return fordel(hendelser, fagsystem).leveringer();
    }

    /** A delivery to make: the event, the fagsystem and its minimised mapping input. */
    public record Levering(long sekvensnummer, Fagsystem fagsystem, ObjectNode dokument) {
    }

    /**
     * The deliveries to make, every person the register answered for while making them (related persons too), which
     * moves out the deliveries tell of and which persons are back in a population ({@link Utflyttinger}), and for a
     * fan-out batch the persons of its identity-number changes with every number of theirs ({@code identiteter}).
     */
    private record Fordelt(List<Levering> leveringer, Map<Identitetsnummer, Person> personer, Utflyttinger utflyttinger,
                           Map<Identitetsnummer, Person> identiteter) {
    }

    /**
     * Per kommune fagsystem, the persons outside its kommune whose move out a delivery of the batch tells of (identifikator
     * → the event's sequence number), and the residents it delivered to (a move out told before no longer holds).
     * Stored by the fan-out batch only ({@link #lagreUtflyttinger}): a replay, a trigger's message and a new
     * minimisation make documents of events already decided, and record nothing.
     */
    private record Utflyttinger(Map<String, Map<String, Long>> varslet, Map<String, Set<String>> bosatte) {
    }

    /**
     * Records, in the fan-out batch's transaction, the moves out its deliveries tell of, and ends the records of the
     * persons who are residents again, so the next move out is told too (table {@code populasjon_utflyttet}, V36). A
     * record another instance's batch made meanwhile is kept (the primary key): that event told of the move first.
     */
    private void lagreUtflyttinger(Utflyttinger u) {
        u.bosatte().forEach((fagsystem, ider) -> jdbc.update("delete from populasjon_utflyttet where fagsystem = ? and identifikator = any(?)",
                fagsystem, ider.toArray(String[]::new)));
        List<Object[]> nye = new ArrayList<>();
        u.varslet().forEach((fagsystem, ider) -> ider.forEach((id, seq) -> nye.add(new Object[]{fagsystem, id, seq})));
        if (!nye.isEmpty()) {
            jdbc.batchUpdate("insert into populasjon_utflyttet (fagsystem, identifikator, sekvensnummer) values (?, ?, ?) on conflict do nothing", nye);
            metrics.counter("esb.hendelser.fordeling.utflytting-varslet").increment(nye.size());
        }
    }

    /**
     * Stores which numbers belong to one person ({@link Personidentiteter}), so the delivery rounds keep a person's rows
     * in order across a change of number: from the batch's look-ups (a number answered under another, the earlier numbers
     * the answer reports), and for each identity-number change in the batch ({@code endringIIdentifikasjonsnummer}, under
     * the new number) from the persons' numbers with history, which the batch's look-ups do not ask for: asked in the
     * batch's one call with history ({@link #fordel(List, Fagsystem)}, with its deceased when it has any), none for a batch
     * without such events. In the batch's transaction, before its rows are stored: a row under the new number is never
     * claimable before the link to the old number is.
     */
    private void lagreIdentiteter(Fordelt fordelt) {
        List<Set<String>> grupper = new ArrayList<>(Personidentiteter.grupper(fordelt.personer()));
        grupper.addAll(Personidentiteter.grupper(fordelt.identiteter()));
        if (!grupper.isEmpty()) {
            int lagret = Personidentiteter.knytt(jdbc, grupper);
            if (lagret > 0) {
                metrics.counter("esb.hendelser.fordeling.identiteter").increment(lagret);
                log.info("Stored {} identity numbers of persons whose number changed, to keep their deliveries in order", lagret);
            }
        }
    }

    /**
     * Rows still waiting (a batch file's, a retry's) that were made before the register graded their person, and
     * that a fagsystem may no longer see the address of: their stored documents lose every address now, in the batch
     * that learnt of the grading (DOMAIN.md rule 5: never mapped to a fagsystem). Rows that failed for good (FEILET),
     * were delivered or skipped too (their stored document is the record of what went; it keeps no address once the
     * platform knows), and every dead letter of the person's deliveries ({@link #tilbakeholdIDeadLetters}: rule 5,
     * never stored once the platform knows). Asked only for persons whose residence is protected (a few per batch); a row being
     * delivered right now is waited for, and if it went it went before the platform knew.
     */
    private void tilbakeholdVentende(Map<Identitetsnummer, Person> personer) {
        Map<String, Person> beskyttet = new HashMap<>();
        for (Person p : personer.values()) {
            if (p.id() != null && !Dataminimering.bostedTillatt(p, false)) {
                beskyttet.put(p.id().value(), p);
                p.tidligereIdentiteter().forEach(tidligere -> beskyttet.put(tidligere.value(), p));
            }
        }
        if (beskyttet.isEmpty()) {
            return;
        }
        // from the protected persons' events (hendelse_identifikator_idx) to their rows, every status: a delivered or
        // skipped row's stored document is kept too, and must not keep the address once the platform knows (rule 5)
        List<Map<String, Object>> rader = jdbc.queryForList("""
                select l.sekvensnummer, l.fagsystem, l.melding, l.dokument, h.identifikator from levering l
                  join hendelse h on h.sekvensnummer = l.sekvensnummer
                 where h.identifikator = any(?)
                 for update of l""", (Object) beskyttet.keySet().toArray(String[]::new));
        int skjermet = 0;
        for (Map<String, Object> rad : rader) {
            Optional<ObjectNode> uten = utenAdresser(rad, beskyttet, rad.get("dokument").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (uten.isPresent()) {
                jdbc.update("update levering set dokument = ? where sekvensnummer = ? and fagsystem = ? and melding = ?",
                        uten.get().toString(), rad.get("sekvensnummer"), rad.get("fagsystem"), rad.get("melding"));
                skjermet++;
            }
        }
        skjermet += tilbakeholdIDeadLetters(beskyttet);
        if (skjermet > 0) {
            metrics.counter("esb.hendelser.fordeling.adresser-tilbakeholdt").increment(skjermet);
            log.info("Withheld the addresses of {} stored deliveries or dead letters made before their person's address was protected",
                    skjermet);
        }
    }

    /**
     * The dead letters of these protected persons' deliveries ({@code hendelser-levering}) whose fagsystem may not see
     * the address lose every address from their own payload, whatever their row's status now: a replay puts a failed
     * row back to waiting (and it may be delivered since) while its dead letter keeps the document it failed with, and a
     * row that failed, was replayed and failed again has two. One query for the batch, from the persons' events
     * (hendelse_identifikator_idx) through their rows to the dead letters' references (dead_letter_levering_idx, V32:
     * the source is in the text, not a parameter, so the partial index serves the prepared statement too); the reference
     * is built as {@link HendelseLeverer#deadLetterReferanse} builds it.
     */
    private int tilbakeholdIDeadLetters(Map<String, Person> beskyttet) {
        List<Map<String, Object>> brev = jdbc.queryForList("""
                select d.id, d.payload, l.fagsystem, h.identifikator from hendelse h
                  join levering l on l.sekvensnummer = h.sekvensnummer
                  join dead_letter d on d.kilde = '%s' and d.payload is not null
                   and d.referanse = l.sekvensnummer || '/' || l.fagsystem || case when l.melding = '' then '' else '/' || l.melding end
                 where h.identifikator = any(?)
                 for update of d""".formatted(HendelseLeverer.DEAD_LETTER_KILDE), (Object) beskyttet.keySet().toArray(String[]::new));
        List<Object[]> skjermet = new ArrayList<>();
        for (Map<String, Object> rad : brev) {
            utenAdresser(rad, beskyttet, (byte[]) rad.get("payload"))
                    .ifPresent(d -> skjermet.add(new Object[]{d.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), rad.get("id")}));
        }
        if (!skjermet.isEmpty()) {
            jdbc.batchUpdate("update dead_letter set payload = ? where id = ?", skjermet);
        }
        return skjermet.size();
    }

    /**
     * A stored document (a delivery row's or its dead letter's; {@code rad} names its fagsystem and the person's
     * identifikator) without any address, when its fagsystem may not see the protected person's residence (a fagsystem
     * no longer registered may not) and the document held one; empty when it may stay as it is or cannot be read.
     */
    private Optional<ObjectNode> utenAdresser(Map<String, Object> rad, Map<String, Person> beskyttet, byte[] lagret) {
        Optional<Fagsystem> f = registry.finn((String) rad.get("fagsystem"));
        if (f.isPresent() && Dataminimering.bostedTillatt(beskyttet.get((String) rad.get("identifikator")), f.get().data().beskyttedeAdresser())) {
            return Optional.empty();
        }
        ObjectNode dokument;
        try {
            dokument = (ObjectNode) JSON.readTree(lagret);
        } catch (IOException | ClassCastException e) {
            return Optional.empty();
        }
        return Hendelsesdokument.tilbakeholdAdresser(dokument) ? Optional.of(dokument) : Optional.empty();
    }

    private Fordelt fordel(List<FeedHendelse> hendelser, Fagsystem bare) {
        // the registry is read once per batch, so a reloaded registration applies from the next batch on
        List<Fagsystem> fagsystemer = bare != null ? List.of(bare) : registry.alle();
        Runde r = new Runde(fagsystemer, bare, matrikkel.getIfAvailable(), LocalDate.now(clock));
        // the kommune at death decides a kommune population only
        boolean kommunePopulasjon = fagsystemer.stream().anyMatch(f -> f.populasjon() instanceof Fagsystem.Kommune);
        List<FeedHendelse> doedeUtenKommune = new ArrayList<>();
        // a fan-out batch's identity-number changes: the persons' earlier numbers, asked in the call with the deceased
        Set<Identitetsnummer> nyttNummer = new LinkedHashSet<>();
        if (bare == null) {
            hendelser.stream().filter(h -> h.type() == Hendelsestype.ENDRING_I_IDENTIFIKASJONSNUMMER && h.id() != null)
                    .forEach(h -> nyttNummer.add(h.id()));
        }
        Map<Identitetsnummer, Person> identiteter = new HashMap<>();
        int neste = 0;
        // Folkeregisteret in full calls: each call takes the related persons and co-owners the part before needs, then
        // the persons of the next events up to the call's limit; so a batch costs about (persons + related persons +
        // co-owners) / 1000 calls, and one more with history when it holds deceased persons or identity-number changes
        while (neste < hendelser.size() || !r.ventende.isEmpty()) {
            Set<Identitetsnummer> kall = new LinkedHashSet<>(r.ventende);
            int relaterte = kall.size();
            r.ventende.clear();
            int fra = neste;
            while (neste < hendelser.size()) {
                Identitetsnummer id = hendelser.get(neste).id();
                if (id != null && !r.spurt.contains(id) && !kall.contains(id)) {
                    if (kall.size() >= freg.bulkSize()) {
                        break;
                    }
                    kall.add(id);
                }
                neste++;
            }
            // ids asked of Folkeregisteret: the batch's persons and, besides, the related persons the mappings need and the co-owners
            metrics.counter("esb.hendelser.fordeling.personer").increment(kall.size() - relaterte);
            metrics.counter("esb.hendelser.fordeling.relaterte").increment(relaterte);
            BulkResult bulk = freg.bulkoppslag(kall, PARTS);
            r.personer.putAll(bulk.found());
            r.personkall += bulk.calls();
            r.spurt.addAll(kall);
            List<FeedHendelse> naa = new ArrayList<>();
            for (FeedHendelse h : hendelser.subList(fra, neste)) {
                Person p = h.id() == null ? null : r.personer.get(h.id());
                // a deceased person's residence ended at the death: the kommune then decides, asked with history once
                // for the batch's deceased after its last events' call (their related persons join the call after it)
                (kommunePopulasjon && p != null && p.erDoed() && p.sisteKommunenummer() == null ? doedeUtenKommune : naa).add(h);
            }
            r.bestem(naa);
            if (neste == hendelser.size() && (!doedeUtenKommune.isEmpty() || !nyttNummer.isEmpty())) {
                // the batch's one call with history: the kommune at death of its deceased and the numbers of its persons
                // whose number changed, together (≤ 1,000 ids a call, split only when over)
                Map<Identitetsnummer, Person> doede = new LinkedHashMap<>();
                doedeUtenKommune.forEach(h -> doede.put(h.id(), r.personer.get(h.id())));
                FolkeregisterClient.Historikkoppslag svar = historikkoppslag(doede.keySet(), nyttNummer);
                r.historikkall += svar.kall();
                identiteter.putAll(svar.identiteter());
                nyttNummer.clear();
                if (!doede.isEmpty()) {
                    r.personer.putAll(FolkeregisterClient.medKommuneVedDoedsfall(doede, ider -> svar.kommuneVedDoedsfall()));
                    r.bestem(doedeUtenKommune);
                    doedeUtenKommune = new ArrayList<>();
                }
            }
        }
        List<Levering> leveringer = new ArrayList<>();
        Map<Identitetsnummer, Fastlege> leger = fastleger(hendelser, r.mottakere, r.personer);
        Eiendommer eiendommer = eiendommer(r.enheter, r.personer);
        for (FeedHendelse h : hendelser) {
            for (Fagsystem f : r.mottakere.getOrDefault(h.sekvensnummer(), List.of())) {
                Person p = r.personer.get(h.id());
                ObjectNode dokument = Hendelsesdokument.lag(f, h, p, r.personer, tillegg(f, p, leger, eiendommer));
                leveringer.add(new Levering(h.sekvensnummer(), f, dokument));
            }
        }
        log.debug("Fan-out of {} events: {} Folkeregisteret calls for persons, related persons and co-owners, {} with history for the"
                + " deceased and the changed numbers", hendelser.size(), r.personkall, r.historikkall);
        return new Fordelt(leveringer, r.personer, new Utflyttinger(r.utflyttinger, r.bosatte), identiteter);
    }

    /**
     * The kommune at death of the batch's deceased whose look-up gave none and the numbers of its persons whose number
     * changed: one call with history per 1,000 ids of both ({@link FolkeregisterClient#historikkoppslag}).
     */
    private FolkeregisterClient.Historikkoppslag historikkoppslag(java.util.Collection<Identitetsnummer> doede,
                                                                  java.util.Collection<Identitetsnummer> nyttNummer) {
        // deceased and changed numbers asked with history: whether the batch made that call, and for whom
        metrics.counter("esb.hendelser.fordeling.doede").increment(doede.size());
        metrics.counter("esb.hendelser.fordeling.nytt-nummer").increment(nyttNummer.size());
        return freg.historikkoppslag(doede, nyttNummer);
    }

    /**
     * One fan-out round's state: the persons the register answered, who was asked, the ids waiting for the next call,
     * each event's receiving fagsystems, and the property units found so far (Matrikkelen asked once per address).
     */
    private final class Runde {
        final List<Fagsystem> fagsystemer;
        final Fagsystem bare;
        final MatrikkelClient matrikkelen;
        final LocalDate idag;
        final Map<Identitetsnummer, Person> personer = new HashMap<>();
        final Map<Long, List<Fagsystem>> mottakere = new HashMap<>();
        final Set<Identitetsnummer> spurt = new HashSet<>();
        final Set<Identitetsnummer> ventende = new LinkedHashSet<>();
        final Map<Vegadresseident, List<Matrikkelenhet>> enheter = new HashMap<>();
        final Set<Vegadresseident> spurteAdresser = new HashSet<>();
        /** Per kommune fagsystem: the persons whose move out a delivery of this round tells of, and by which event. */
        final Map<String, Map<String, Long>> utflyttinger = new HashMap<>();
        /** Per kommune fagsystem: the residents this round delivers to. */
        final Map<String, Set<String>> bosatte = new HashMap<>();
        int personkall;
        int historikkall;

        Runde(List<Fagsystem> fagsystemer, Fagsystem bare, MatrikkelClient matrikkelen, LocalDate idag) {
            this.fagsystemer = fagsystemer;
            this.bare = bare;
            this.matrikkelen = matrikkelen;
            this.idag = idag;
        }

        /**
         * Decides which fagsystems take these events (the population rule, one query per fagsystem), and puts the
         * related persons their documents need and the co-owners at their addresses in line for the next call.
         */
        void bestem(List<FeedHendelse> hendelser) {
            Map<Identitetsnummer, Person> egne = new HashMap<>();
            hendelser.stream().filter(h -> h.id() != null && personer.containsKey(h.id())).forEach(h -> egne.put(h.id(), personer.get(h.id())));
            if (egne.isEmpty()) {
                return;
            }
            Populasjoner populasjoner = populasjoner(fagsystemer, egne);
            for (FeedHendelse h : hendelser) {
                Person p = h.id() == null ? null : personer.get(h.id());
                if (p == null) {
                    continue;
                }
                for (Fagsystem f : fagsystemer) {
                    // one fagsystem named (a replay, which chose the subscribed types already; a trigger's message): the caller chose the events
                    boolean vil = bare != null || tar(f, h);
                    if (vil && omfatter(populasjoner, f, p, h.sekvensnummer())) {
                        mottakere.computeIfAbsent(h.sekvensnummer(), k -> new ArrayList<>()).add(f);
                        Dataminimering.relaterteIdenter(p, f.relaterte().roller()).stream().filter(id -> !spurt.contains(id)).forEach(ventende::add);
                    }
                }
            }
            if (matrikkelen != null) {
                medeiere(hendelser, mottakere, personer, matrikkelen, enheter, spurteAdresser).stream()
                        .filter(id -> !spurt.contains(id)).forEach(ventende::add);
            }
        }

        /**
         * Whether the event goes to the fagsystem: a portfolio's members; for a kommune population the events' rule
         * ({@link Populasjonsregel#forHendelse}), with the moves out told before the batch and those this round tells
         * of (a person's first event outside the kommune tells it; the person's later events in the batch stay away).
         * Interne tjenester record nothing (not limited).
         */
        private boolean omfatter(Populasjoner populasjoner, Fagsystem f, Person p, long sekvensnummer) {
            String id = p.id().value();
            if (!(f.populasjon() instanceof Fagsystem.Kommune k)) {
                return populasjoner.kjente().get(f.id()).contains(id);
            }
            Long varslet = utflyttinger.getOrDefault(f.id(), Map.of()).get(id);
            if (varslet == null) {
                varslet = populasjoner.varslet().getOrDefault(f.id(), Map.of()).get(id);
            }
            Populasjonsregel.Hendelsesvalg valg = Populasjonsregel.forHendelse(f, k, p, idag, sekvensnummer,
                    populasjoner.kjente().get(f.id()).contains(id), varslet);
            if (valg == Populasjonsregel.Hendelsesvalg.BOSATT && f.tjenesteomraade() != Tjenesteomraade.INTERNE_TJENESTER) {
                bosatte.computeIfAbsent(f.id(), x -> new HashSet<>()).add(id);
            } else if (valg == Populasjonsregel.Hendelsesvalg.UTFLYTTING) {
                utflyttinger.computeIfAbsent(f.id(), x -> new HashMap<>()).put(id, sekvensnummer);
            }
            return valg.leveres();
        }
    }

    /**
     * Who of the batch's persons is in each fagsystem's population, decided with one query per fagsystem and batch
     * instead of one per event: the portfolio members among them, and for a kommune population the non-residents the
     * fagsystem has had deliveries for before (so it also hears that they moved out) and, of those, the ones it has
     * been told moved out (a second query, only when there are any such persons; not for interne tjenester, which
     * are not limited).
     */
    private Populasjoner populasjoner(List<Fagsystem> fagsystemer, Map<Identitetsnummer, Person> personer) {
        Map<String, Set<String>> kjente = new HashMap<>();
        Map<String, Map<String, Long>> varslet = new HashMap<>();
        for (Fagsystem f : fagsystemer) {
            if (f.populasjon() instanceof Fagsystem.Kommune k) {
                String[] utenbys = personer.values().stream().filter(p -> !k.kommunenummer().equals(p.sisteKommunenummer()))
                        .map(p -> p.id().value()).toArray(String[]::new);
                // a skipped row (HOPPET_OVER: its event no longer taken after a reload) never reached the fagsystem
                Set<String> hatt = utenbys.length == 0 ? Set.of() : new HashSet<>(jdbc.queryForList("""
                        select distinct h.identifikator from levering l join hendelse h on h.sekvensnummer = l.sekvensnummer
                         where l.fagsystem = ? and h.identifikator = any(?) and l.status <> 'HOPPET_OVER'""", String.class, f.id(), utenbys));
                kjente.put(f.id(), hatt);
                if (!hatt.isEmpty() && f.tjenesteomraade() != Tjenesteomraade.INTERNE_TJENESTER) {
                    Map<String, Long> fortalt = new HashMap<>();
                    jdbc.queryForList("select identifikator, sekvensnummer from populasjon_utflyttet where fagsystem = ? and identifikator = any(?)",
                            f.id(), (Object) hatt.toArray(String[]::new)).forEach(r ->
                            fortalt.put((String) r.get("identifikator"), ((Number) r.get("sekvensnummer")).longValue()));
                    varslet.put(f.id(), fortalt);
                }
            } else {
                String[] alle = personer.keySet().stream().map(Identitetsnummer::value).toArray(String[]::new);
                kjente.put(f.id(), alle.length == 0 ? Set.of() : new HashSet<>(jdbc.queryForList(
                        "select identifikator from portefolje where fagsystem = ? and identifikator = any(?)", String.class, f.id(), alle)));
            }
        }
        return new Populasjoner(kjente, varslet);
    }

    /**
     * What the batch's population decisions need from the database, as it was before the batch: {@code kjente}, per
     * fagsystem, the persons it has (had) outside the kommune rule (a portfolio's members; a kommune fagsystem's
     * non-residents it has had deliveries for), and {@code varslet}, per kommune fagsystem, the event that told it
     * that such a person moved out. The same for a replay: the stored feed holds every person's events (a portfolio may
     * need non-residents), so a replay of a range must not hand a kommune fagsystem the persons of other
     * municipalities, nor the later events of a person it was told moved out.
     */
    private record Populasjoner(Map<String, Set<String>> kjente, Map<String, Map<String, Long>> varslet) {
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
     * The batch's property units per address, and the owners who are persons as Folkeregisteret answered for them (a
     * missing one is unknown to it: {@link Dataminimering#eierSkjermet} then withholds the name, fail closed).
     */
    private record Eiendommer(Map<Vegadresseident, List<Matrikkelenhet>> enheter, Map<Identitetsnummer, Person> eiere) {

        static final Eiendommer INGEN = new Eiendommer(Map.of(), Map.of());
    }

    /**
     * Property units at the addresses of one part's deliveries that may show them and that the batch has not asked
     * for yet, in Matrikkelen's bulk operations (four SOAP calls per 500 distinct addresses, {@link
     * MatrikkelClient#matrikkelenheterForAdresser}), added to {@code enheter}; returns their owners who are persons, so
     * the fan-out asks Folkeregisteret for those it has not asked in the call that takes the next part's persons (no
     * call of their own): each delivery can then show a co-owner whose residence its fagsystem may not see without a
     * name (owning a unit at the person's home may mean living there). A failed call fails the batch like any register
     * call: names that could not be checked are not sent. Scoped to the batch: the next batch asks again, so a change in
     * Matrikkelen is never answered from an older batch.
     */
    private Set<Identitetsnummer> medeiere(List<FeedHendelse> del, Map<Long, List<Fagsystem>> mottakere, Map<Identitetsnummer, Person> personer,
                                           MatrikkelClient matrikkelen, Map<Vegadresseident, List<Matrikkelenhet>> enheter,
                                           Set<Vegadresseident> spurteAdresser) {
        Set<Vegadresseident> adresser = new LinkedHashSet<>();
        for (FeedHendelse h : del) {
            for (Fagsystem f : mottakere.getOrDefault(h.sekvensnummer(), List.of())) {
                eiendomsadresse(f, personer.get(h.id())).filter(a -> !spurteAdresser.contains(a)).ifPresent(adresser::add);
            }
        }
        if (adresser.isEmpty()) {
            return Set.of();
        }
        metrics.counter("esb.hendelser.fordeling.eiendomsadresser").increment(adresser.size());
        Map<Vegadresseident, List<Matrikkelenhet>> svar = matrikkelen.matrikkelenheterForAdresser(adresser);
        spurteAdresser.addAll(adresser);
        enheter.putAll(svar);
        Set<Identitetsnummer> eiere = new LinkedHashSet<>(Dataminimering.personeiere(svar.values().stream().flatMap(List::stream).toList()));
        eiere.removeAll(personer.keySet());
        // owners who are persons outside the batch's look-ups so far: the co-owners the screening needs
        metrics.counter("esb.hendelser.fordeling.eiere").increment(eiere.size());
        return eiere;
    }

    /**
     * The batch's property units per address, with their owners who are persons as Folkeregisteret answered for them
     * in the batch's calls (one it does not know is missing: {@link Dataminimering#eierSkjermet} then withholds the
     * name, fail closed).
     */
    private static Eiendommer eiendommer(Map<Vegadresseident, List<Matrikkelenhet>> enheter, Map<Identitetsnummer, Person> personer) {
        if (enheter.isEmpty()) {
            return Eiendommer.INGEN;
        }
        Map<Identitetsnummer, Person> eiere = new HashMap<>();
        Dataminimering.personeiere(enheter.values().stream().flatMap(List::stream).toList()).stream()
                .filter(personer::containsKey).forEach(id -> eiere.put(id, personer.get(id)));
        return new Eiendommer(enheter, eiere);
    }

    /**
     * The street address whose property units this fagsystem may see for this person: none when its data access
     * lacks property or the residence is protected from it ({@link Dataminimering#tillater}) — a protected
     * residence's units are not even looked up, they would point to where the person lives.
     */
    private static Optional<Vegadresseident> eiendomsadresse(Fagsystem f, Person p) {
        if (Dataminimering.tillater(p, f.data(), Felt.EIENDOM)
                && p.bostedsadresse() instanceof Adresse.Vegadresse v && v.adressekode() != null && v.husnummer() != null) {
            return Optional.of(new Vegadresseident(v.kommunenummer(), Integer.parseInt(v.adressekode()), v.husnummer(), v.husbokstav()));
        }
        return Optional.empty();
    }

    /**
     * Property units at the person's address and the GP, both from the batch's bulk calls; the units rendered per
     * delivery, since whose name is withheld depends on the fagsystem ({@code beskyttedeAdresser}) and the person.
     */
    private Hendelsesdokument.Tillegg tillegg(Fagsystem f, Person p, Map<Identitetsnummer, Fastlege> leger, Eiendommer eiendommer) {
        JsonNode enheter = eiendomsadresse(f, p).map(eiendommer.enheter()::get)
                .map(e -> Dataminimering.eiendom(e, p, eiendommer.eiere(), f.data().beskyttedeAdresser())).orElse(null);
        JsonNode lege = null;
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

    /**
     * A proactive trigger's message rows ({@code melding = 'proaktiv/<trigger>'}, {@code ProaktivLeser}) in one JDBC
     * batch (one round trip per 1,000 rows instead of one per row), made by {@link #dokumenter} under the registration
     * read when the trigger's round began: when a reload changed that registration meanwhile, the rows are stored as
     * {@code MINIMERES} and made again under the live one before they may go ({@link #minimerPaaNytt}), as a fan-out
     * batch's are ({@link #lagreFordelte}). Must run in the round's transaction (the registration lock is held to its
     * commit). A row that exists already is left as it is (the primary key).
     */
    public void lagreLeveringer(String melding, List<Levering> leveringer) {
        if (leveringer.isEmpty()) {
            return;
        }
        lagreUnderGjeldende(melding, leveringer, "the messages of " + melding);
    }

    /**
     * The fan-out batch's rows, made under the registrations read when the batch began: a fagsystem whose registration a
     * reload changed meanwhile (the batch waited on a register call) gets its rows as {@code MINIMERES}, made again under
     * the live one by the next round ({@link #minimerPaaNytt}), since the mark after that reload could not see this
     * uncommitted batch. Must run in the batch's transaction (the registration lock is held to its commit).
     */
    private void lagreFordelte(List<Levering> leveringer) {
        lagreUnderGjeldende("", leveringer, "a fan-out batch's deliveries");
    }

    /**
     * Inserts rows made under the registrations as read when their documents were made ({@link #lagreFordelte},
     * {@link #lagreLeveringer}): those of a fagsystem a reload changed meanwhile as {@code MINIMERES} ({@link #endretSiden},
     * which takes the registration lock shared to the caller's commit). {@code hva} names the rows in the log line.
     */
    private void lagreUnderGjeldende(String melding, List<Levering> leveringer, String hva) {
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
     * time by a redrive. Returns how many it marked.
     */
    public int lagreReplay(Fagsystem fagsystem, List<Levering> leveringer) {
        Integer merket = tx.execute(s -> {
            String status = endretSiden(List.of(fagsystem)).isEmpty() ? "VENTER" : MINIMERES;
            jdbc.batchUpdate("""
                    insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek) values (?, ?, ?, ?, now())
                    on conflict (sekvensnummer, fagsystem, melding) do update set status = excluded.status, dokument = excluded.dokument,
                        forsoek = 0, neste_forsoek = now(), levert = null, feil = null""",
                    leveringer.stream().map(l -> new Object[]{l.sekvensnummer(), fagsystem.id(), status, l.dokument().toString()}).toList());
            // an open dead letter of these deliveries keeps its payload (it is emptied only once redriven): the partial
            // index dead_letter_levering_idx (V32) finds them by reference
            return jdbc.update("""
                    update dead_letter set redrevet = now()
                     where kilde = ? and payload is not null and redrevet is null and avsluttet is null and referanse = any(?)""",
                    HendelseLeverer.DEAD_LETTER_KILDE, (Object) leveringer.stream()
                            .map(l -> HendelseLeverer.deadLetterReferanse(l.sekvensnummer(), fagsystem.id(), "")).toArray(String[]::new));
        });
        if (merket != null && merket > 0) {
            log.info("Replay to {}: {} dead letter(s) of the replayed deliveries marked redriven", fagsystem.id(), merket);
        }
        return merket == null ? 0 : merket;
    }

    /**
     * Inserts the rows, waiting, or {@code MINIMERES} for the fagsystems in {@code paaNytt}. A resync event's row takes
     * the event's place in the feed ({@code hendelse.rekkefoelge}, {@link ResyncKjoerer}) as its place in the delivery
     * order: its sequence number is negative and would send it before the older rows of its person still waiting.
     */
    private void lagre(String melding, List<Levering> leveringer, Set<String> paaNytt) {
        Map<Long, Long> rekkefoelge = resyncplasser(leveringer);
        int[] n = jdbc.batchUpdate("""
                insert into levering (sekvensnummer, fagsystem, melding, dokument, status, neste_forsoek, rekkefoelge)
                values (?, ?, ?, ?, ?, now(), ?) on conflict do nothing""",
                leveringer.stream().map(l -> new Object[]{l.sekvensnummer(), l.fagsystem().id(), melding, l.dokument().toString(),
                        paaNytt.contains(l.fagsystem().id()) ? MINIMERES : "VENTER", rekkefoelge.get(l.sekvensnummer())}).toList());
        Map<String, Integer> opprettet = new HashMap<>();
        for (int i = 0; i < n.length; i++) {
            if (n[i] == 1) {
                opprettet.merge(leveringer.get(i).fagsystem().id(), 1, Integer::sum);
            }
        }
        opprettet.forEach((fagsystem, antall) -> metrics.counter("esb.hendelser.levering.opprettet", "fagsystem", fagsystem).increment(antall));
    }

    /**
     * The place in the feed of the resync events among these deliveries' events (negative sequence numbers); none asked
     * for a batch without them, so the fan-out of feed events makes no extra query.
     */
    private Map<Long, Long> resyncplasser(List<Levering> leveringer) {
        Long[] resync = leveringer.stream().map(Levering::sekvensnummer).filter(seq -> seq < 0).distinct().toArray(Long[]::new);
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

    Optional<Fagsystem> fagsystem(String id) {
        return registry.finn(id);
    }
}
