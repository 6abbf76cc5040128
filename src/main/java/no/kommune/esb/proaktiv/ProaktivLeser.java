package no.kommune.esb.proaktiv;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.folkeregister.BulkResult;
import no.kommune.esb.folkeregister.FeedHendelse;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.Hendelsestype;
import no.kommune.esb.folkeregister.Part;
import no.kommune.esb.forsendelse.mottak.InnleveringFeil;
import no.kommune.esb.forsendelse.mottak.InnleveringMottak;
import no.kommune.esb.forsendelse.mottak.InnleveringVedlegg;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.flyt.HendelseFordeler;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.platform.Norsktid;
import no.kommune.esb.platform.PlatformLock;
import no.kommune.esb.platform.Registerstans;
import no.kommune.esb.platform.Registerventing;
import no.kommune.esb.register.RegisterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Reads the stored register events (table {@code hendelse}, filled by the feed reader) from its own persisted
 * position, on one instance at a time, and hands a letter to the letter intake for each (trigger, person) that fires.
 * The fan-out to fagsystems is not touched: this is a second reader of the same stored events. Per round: one
 * Folkeregisteret bulk look-up of the persons whose event type some switched-on trigger listens to, the rule
 * ({@link Utloeserregel}), then per firing trigger, in ONE transaction with the position: the once-only record
 * ({@code proaktiv_utsendelse}, primary key (trigger, person)) and the letter through {@link InnleveringMottak}, the same
 * code the REST intake uses, so every rule of the letter flow applies unchanged. A record under any of the person's
 * numbers holds a firing ({@link Engangsregel}: a D-nummer replaced by a fødselsnummer is the same person), found with
 * the round's one look-up with history (shared with the deceased's kommune at death, {@link #treff}) and one query. The letter's eksternReferanse is derived from (trigger, number in
 * use), so a race past the record under the same number gets the intake's idempotent answer; a reference made from a
 * new number would not, which is why the record is checked under every number before the intake. A trigger with a
 * message instead of a letter ({@link Utloeser.Melding}) writes, in the same transaction, one delivery row of its own
 * message kind per person, with the fagsystem's minimised documents made by the fan-out's own code, one call for all
 * the trigger's firings of the round ({@link HendelseFordeler#dokumenter}), and the records and rows in batch statements;
 * the delivery route sends it over the fagsystem's channel with its retries and dead letters. Resync events
 * (negative sequence numbers) are a person's current state, not a change, and start nothing.
 */
@Component("proaktivLeser")
public class ProaktivLeser {

    static final String LESER = "proaktiv";
    /** The letter intake's {@code kanal_inn} for letters this reader hands in. */
    static final String KANAL = "PROAKTIV";
    /** The rendered letter's file name (a person's name is never in it). */
    static final String FILNAVN = "brev.pdf";
    private static final Logger log = LoggerFactory.getLogger(ProaktivLeser.class);
    private static final Set<Part> PARTS = Set.of(Part.PERSON_BASIS, Part.RELASJON_UTVIDET);
    /** How long an event whose person's document cannot be read waits before it is read again ({@code proaktiv_ulesbar}). */
    static final Duration ULESBAR_VENT = Duration.ofHours(1);

    /** One stored event. */
    record Hendelse(long sekvensnummer, Identitetsnummer id, String hendelsetype) {
    }

    /**
     * A trigger that fired for a person, with the letter it makes; {@code identiteter} is the person as the round's
     * look-up with history answered (every number, for the once-only check), null when the register did not know them.
     */
    record Treff(Utloeser utloeser, Hendelse hendelse, Person person, Person identiteter) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final FolkeregisterClient freg;
    private final UtloeserRegistry registry;
    private final InnleveringMottak mottak;
    private final FagsystemRegistry fagsystemer;
    private final HendelseFordeler fordeler;
    private final PlatformLock lock;
    private final MeterRegistry metrics;
    private final ObjectMapper json;
    private final ProaktivProperties properties;
    private final Registerventing registerventing;
    private final Clock clock = Clock.system(Norsktid.SONE);

    public ProaktivLeser(JdbcTemplate jdbc, TransactionTemplate tx, FolkeregisterClient freg, UtloeserRegistry registry,
                         InnleveringMottak mottak, FagsystemRegistry fagsystemer, HendelseFordeler fordeler, PlatformLock lock, MeterRegistry metrics,
                         ObjectMapper json, ProaktivProperties properties,
                         @Value("${proaktiv.foerste-vent:PT5S}") Duration foersteVent, Registerstans registerstans) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.freg = freg;
        this.registry = registry;
        this.mottak = mottak;
        this.fagsystemer = fagsystemer;
        this.fordeler = fordeler;
        this.lock = lock;
        this.metrics = metrics;
        this.json = json;
        this.properties = properties;
        this.registerventing = registerstans.flyt("proaktiv", foersteVent);
    }

    /** One round: reads up to a batch of stored events; returns how many were read (0 when none or waiting). */
    public int les() {
        if (registerventing.venter()) {
            return 0;
        }
        try {
            int antall = lock.runExclusively("proaktiv", () -> tx.execute(s -> lesBatch())).orElse(0);
            if (antall > 0) {
                registerventing.lyktes();
            }
            return antall;
        } catch (RegisterException e) {
            // the round was rolled back with its position: the same events are read again once the wait is over
            registerventing.feilet(e);
            return 0;
        }
    }

    private int lesBatch() {
        long neste = posisjon();
        List<Hendelse> hendelser = jdbc.query("""
                select sekvensnummer, identifikator, hendelsetype from hendelse where sekvensnummer >= ?
                 order by sekvensnummer limit ?""", HENDELSE, neste, properties.batchSize());
        List<Hendelse> igjen = igjen();
        if (hendelser.isEmpty() && igjen.isEmpty()) {
            return 0;
        }
        List<Hendelse> alle = new ArrayList<>(igjen);
        alle.addAll(hendelser);
        List<Utloeser> aktive = registry.alle().stream().filter(u -> !u.datoregel() && registry.aktiv(u)).toList();
        Lesning lest = lesning(alle, aktive);
        send(lest.treff());
        ulesbare(alle, igjen, lest.ulesbare());
        if (!hendelser.isEmpty()) {
            jdbc.update("update proaktiv_posisjon set neste_sekvensnummer = ?, oppdatert = now() where leser = ?",
                    hendelser.get(hendelser.size() - 1).sekvensnummer() + 1, LESER);
        }
        return alle.size();
    }

    private static final org.springframework.jdbc.core.RowMapper<Hendelse> HENDELSE = (rs, i) -> new Hendelse(rs.getLong(1),
            Identitetsnummer.isValid(rs.getString(2)) ? Identitetsnummer.of(rs.getString(2)) : null, rs.getString(3));

    /**
     * The events an earlier round skipped because their person's document could not be read ({@code proaktiv_ulesbar},
     * V75) whose next try is due, oldest first; those whose stored event is gone are dropped.
     */
    private List<Hendelse> igjen() {
        jdbc.update("delete from proaktiv_ulesbar u where not exists (select 1 from hendelse h where h.sekvensnummer = u.sekvensnummer)");
        return jdbc.query("""
                select h.sekvensnummer, h.identifikator, h.hendelsetype from proaktiv_ulesbar u join hendelse h on h.sekvensnummer = u.sekvensnummer
                 where u.oppgitt is null and u.neste_forsoek <= now() order by u.sekvensnummer limit ?""", HENDELSE, properties.batchSize());
    }

    /**
     * In the round's transaction: each event of the round whose person's document Folkeregisteret gave but the platform
     * cannot read ({@code ulesbare}) is kept to be read again after {@link #ULESBAR_VENT} (no once-only record: nothing
     * fired), in at most {@link ProaktivProperties#ulesbarMaksForsoek()} rounds; then it is given up ({@code oppgitt}, V76)
     * and not read again, counted in {@code GET /api/proaktiv}. An event read again that could be read now is let go,
     * fired or not. One WARN after commit with the counts, never a number.
     */
    private void ulesbare(List<Hendelse> alle, List<Hendelse> igjen, Set<Identitetsnummer> ulesbare) {
        List<Object[]> nye = alle.stream().filter(h -> h.id() != null && ulesbare.contains(h.id()))
                .map(h -> new Object[]{h.sekvensnummer(), ULESBAR_VENT.toSeconds(), properties.ulesbarMaksForsoek(), properties.ulesbarMaksForsoek()})
                .toList();
        if (!nye.isEmpty()) {
            // at most ulesbarMaksForsoek rounds (before session 31, hourly for ever): then given up, not read again
            jdbc.batchUpdate("""
                    insert into proaktiv_ulesbar as u (sekvensnummer, neste_forsoek, oppgitt)
                    values (?, now() + make_interval(secs => ?), case when 1 >= ? then now() end)
                    on conflict (sekvensnummer) do update set forsoek = u.forsoek + 1, neste_forsoek = excluded.neste_forsoek,
                           oppgitt = case when u.forsoek + 1 >= ? then now() end""", nye);
            int antallOppgitt = jdbc.queryForObject("select count(*) from proaktiv_ulesbar where oppgitt is not null and sekvensnummer = any(?)",
                    Integer.class, (Object) nye.stream().map(r -> (Long) r[0]).toArray(Long[]::new));
            etterCommit(() -> {
                log.warn("Proactive round: {} event(s) whose person's document from Folkeregisteret cannot be read skipped;"
                        + " read again in {}, {} of them given up after {} round(s)", nye.size(), ULESBAR_VENT, antallOppgitt,
                        properties.ulesbarMaksForsoek());
                metrics.counter("esb.proaktiv.ulesbar", "kilde", "hendelser").increment(nye.size());
            });
        }
        List<Object[]> lest = igjen.stream().filter(h -> h.id() == null || !ulesbare.contains(h.id()))
                .map(h -> new Object[]{h.sekvensnummer()}).toList();
        if (!lest.isEmpty()) {
            jdbc.batchUpdate("delete from proaktiv_ulesbar where sekvensnummer = ?", lest);
        }
    }

    /** The firings of a round's events, and the persons whose document Folkeregisteret gave but the platform cannot read. */
    record Lesning(List<Treff> treff, Set<Identitetsnummer> ulesbare) {
    }

    /** {@link #lesning}'s firings only. */
    List<Treff> treff(List<Hendelse> hendelser, List<Utloeser> utloesere) {
        return lesning(hendelser, utloesere).treff();
    }

    /**
     * Which of {@code utloesere} fire for which events (the dry run uses it too, with any trigger, on or off). A date
     * rule is asked about each person the events name, whatever the event, once per person. Two Folkeregisteret look-ups
     * at most ({@code bulkSize} ids a call): the rules' look-up of the events' persons, then ONE with history
     * ({@link FolkeregisterClient#historikkoppslag}, as the fan-out's batch) for both the kommune at death of the
     * deceased it gave none (a death trigger's kommune is where the person lived at the death; the register ends that
     * residence at the death and gives ended entries only with history) and the numbers, earlier ones included, of the
     * persons that fire and of those deceased, which the once-only check needs ({@link Engangsregel}). The rules of the
     * deceased without a kommune are asked after it; the rest before it, so it asks the numbers only of persons that
     * fire. None with history when nothing fires and no one died. (Before, the two needs were two calls.)
     */
    Lesning lesning(List<Hendelse> hendelser, List<Utloeser> utloesere) {
        Set<Identitetsnummer> ider = new LinkedHashSet<>();
        for (Hendelse h : hendelser) {
            if (h.id() != null && utloesere.stream().anyMatch(u -> u.datoregel() || u.hendelsestyper().contains(h.hendelsetype()))) {
                ider.add(h.id());
            }
        }
        if (ider.isEmpty()) {
            return new Lesning(List.of(), Set.of());
        }
        // a person whose document cannot be read fires nothing in this round, and holds up no one else (since session 30;
        // before, the whole round failed and was read again and again behind her)
        BulkResult oppslag = freg.bulkoppslag(ider, PARTS);
        Map<Identitetsnummer, Person> personer = new LinkedHashMap<>(oppslag.found());
        Map<Identitetsnummer, Person> doede = new LinkedHashMap<>();
        personer.forEach((id, p) -> {
            if (p.erDoed() && p.sisteKommunenummer() == null) {
                doede.put(id, p);
            }
        });
        LocalDate idag = LocalDate.now(clock);
        Set<String> datoTreff = new HashSet<>();
        // per event, the triggers that fire for it: the persons with a kommune now, the deceased without after the call
        List<List<Utloeser>> fyrer = new ArrayList<>();
        Set<Identitetsnummer> numre = new LinkedHashSet<>();
        for (Hendelse h : hendelser) {
            Person p = h.id() == null || doede.containsKey(h.id()) ? null : personer.get(h.id());
            List<Utloeser> u = p == null ? List.of() : fyrer(h, p, utloesere, idag, datoTreff);
            fyrer.add(u);
            if (!u.isEmpty()) {
                numre.add(p.id());
            }
        }
        doede.values().forEach(p -> numre.add(p.id()));
        FolkeregisterClient.Historikkoppslag svar = freg.historikkoppslag(doede.keySet(), numre);
        if (!doede.isEmpty()) {
            personer.putAll(FolkeregisterClient.medKommuneVedDoedsfall(doede, d -> svar.kommuneVedDoedsfall()));
            for (int i = 0; i < hendelser.size(); i++) {
                Hendelse h = hendelser.get(i);
                if (h.id() != null && doede.containsKey(h.id())) {
                    fyrer.set(i, fyrer(h, personer.get(h.id()), utloesere, idag, datoTreff));
                }
            }
        }
        List<Treff> treff = new ArrayList<>();
        for (int i = 0; i < hendelser.size(); i++) {
            Hendelse h = hendelser.get(i);
            for (Utloeser u : fyrer.get(i)) {
                Person p = personer.get(h.id());
                treff.add(new Treff(u, h, p, svar.identiteter().get(p.id())));
            }
        }
        return new Lesning(treff, oppslag.ulesbare());
    }

    /** The triggers of {@code utloesere} that fire for this event of this person, in their order. */
    private List<Utloeser> fyrer(Hendelse h, Person p, List<Utloeser> utloesere, LocalDate idag, Set<String> datoTreff) {
        List<Utloeser> fyrer = new ArrayList<>();
        for (Utloeser u : utloesere) {
            boolean fyrt = u.datoregel()
                    ? Utloeserregel.hvorforIkkeDato(u, p, idag).isEmpty() && datoTreff.add(u.navn() + ":" + p.id().value())
                    : Utloeserregel.hvorforIkke(u, h.hendelsetype(), p, idag, () -> freg.forrigeBostedskommune(p.id())).isEmpty();
            if (fyrt) {
                fyrer.add(u);
            }
        }
        return fyrer;
    }

    /**
     * A round's firings, in the caller's transaction: those the once-only record does not hold under any of the person's
     * numbers, each (trigger, person) once ({@link Engangsregel}; the rest counted as repeats); each letter on its own; the
     * messages per trigger (one trigger, one fagsystem) together, so the fagsystem's documents are made in one fan-out
     * call and written in batch statements. Returns how many firings were not repeats.
     */
    int send(List<Treff> treff) {
        if (treff.isEmpty()) {
            return 0;
        }
        List<Engangsregel.Kandidat> kandidater = kandidater(treff);
        List<Integer> nye = Engangsregel.nye(IntStream.range(0, treff.size()).boxed().toList(), kandidater::get, lagret(kandidater));
        Map<String, Integer> gjentatt = new LinkedHashMap<>();
        treff.forEach(t -> gjentatt.merge(t.utloeser().navn(), 1, Integer::sum));
        Map<String, List<Treff>> meldinger = new LinkedHashMap<>();
        for (int i : nye) {
            Treff t = treff.get(i);
            gjentatt.merge(t.utloeser().navn(), -1, Integer::sum);
            if (t.utloeser().melding() == null) {
                sendBrev(t);
            } else {
                meldinger.computeIfAbsent(t.utloeser().navn(), k -> new ArrayList<>()).add(t);
            }
        }
        gjentatt.forEach(this::gjentatt);
        meldinger.values().forEach(this::sendMeldinger);
        return nye.size();
    }

    /**
     * Each firing as the once-only rule sees it: its person's numbers, with the earlier ones from the round's look-up with
     * history ({@link #treff}: the rules' look-up is without it, and the register reports earlier numbers only with it).
     */
    private static List<Engangsregel.Kandidat> kandidater(List<Treff> treff) {
        return treff.stream().map(t -> new Engangsregel.Kandidat(t.utloeser().navn(),
                Engangsregel.numre(t.person(), t.hendelse().id(), t.identiteter()))).toList();
    }

    /** The once-only records of the candidates' triggers under any of their numbers: one query for the round. */
    private Set<Engangsregel.Utsendelse> lagret(List<Engangsregel.Kandidat> kandidater) {
        String[] utloesere = kandidater.stream().map(Engangsregel.Kandidat::utloeser).distinct().toArray(String[]::new);
        String[] numre = kandidater.stream().flatMap(k -> k.numre().stream()).distinct().toArray(String[]::new);
        return new HashSet<>(jdbc.query("select utloeser, identifikator from proaktiv_utsendelse where utloeser = any(?) and identifikator = any(?)",
                (rs, i) -> new Engangsregel.Utsendelse(rs.getString(1), rs.getString(2)), utloesere, numre));
    }

    /**
     * Hands in the letter of one firing the once-only check let through; a record written under the same number since
     * (a round past the lock) makes it a repeat.
     */
    private void sendBrev(Treff t) {
        String ident = t.person().id().value();
        int ny = jdbc.update("""
                insert into proaktiv_utsendelse (utloeser, identifikator, sekvensnummer, utfall)
                values (?, ?, ?, 'LEVERT_TIL_MOTTAK') on conflict do nothing""", t.utloeser().navn(), ident, t.hendelse().sekvensnummer());
        if (ny == 0) {
            gjentatt(t.utloeser().navn(), 1);
            return;
        }
        byte[] pdf = Brevmal.pdf(t.utloeser().mal(), flett(t.person()), LocalDate.now(clock));
        InnleveringMottak.Utfall utfall = mottak.motta(metadata(t.utloeser(), t.person()), List.of(new InnleveringVedlegg(FILNAVN, pdf)), KANAL);
        if (utfall instanceof InnleveringMottak.Mottatt m) {
            jdbc.update("update proaktiv_utsendelse set brev_id = ? where utloeser = ? and identifikator = ?", m.id(), t.utloeser().navn(), ident);
            etterCommit(() -> {
                log.info("Trigger {} fired for {} (event {}): letter {}", t.utloeser().navn(), t.person().id().masked(), t.hendelse().sekvensnummer(), m.id());
                metrics.counter("esb.proaktiv.brev", "utloeser", t.utloeser().navn()).increment();
            });
        } else {
            // the template or its sender is wrong, not the person: kept visible instead of retried for ever
            String grunn = utfall instanceof InnleveringMottak.Avvist a ? a.feil().stream().map(InnleveringFeil::detail).toList().toString()
                    : "eksternReferanse brukt før";
            jdbc.update("update proaktiv_utsendelse set utfall = 'AVVIST', feil = ? where utloeser = ? and identifikator = ?", grunn, t.utloeser().navn(), ident);
            etterCommit(() -> {
                log.error("Trigger {}: the letter intake refused its letter: {}", t.utloeser().navn(), grunn);
                metrics.counter("esb.proaktiv.avvist", "utloeser", t.utloeser().navn()).increment();
            });
        }
    }

    /**
     * One trigger's messages of a round: the fagsystem's minimised documents for the events, made by ONE fan-out call
     * (its population rule too: a person outside it gets no message and no record), then the once-only records and the
     * delivery rows of the trigger's message kind, each in one batch statement, in the round's transaction (rows made
     * under a registration a reload changed meanwhile are stored to be made again, {@link HendelseFordeler#lagreLeveringer}). The firings
     * are those the once-only check let through ({@link #send}), one per person: a repeat gets no document and no row.
     */
    private void sendMeldinger(List<Treff> treff) {
        Utloeser u = treff.get(0).utloeser();
        Fagsystem fagsystem = fagsystemer.finn(u.melding().fagsystem()).orElse(null);
        if (fagsystem == null) {
            // the registration was removed after the trigger was loaded: kept visible instead of retried for ever
            String grunn = "fagsystem " + u.melding().fagsystem() + " is not registered";
            jdbc.batchUpdate("""
                    insert into proaktiv_utsendelse (utloeser, identifikator, sekvensnummer, utfall, feil)
                    values (?, ?, ?, 'AVVIST', ?) on conflict do nothing""", treff.stream()
                    .map(t -> new Object[]{u.navn(), t.person().id().value(), t.hendelse().sekvensnummer(), grunn}).toList());
            etterCommit(() -> {
                log.error("Trigger {}: {} ({} firing(s) refused)", u.navn(), grunn, treff.size());
                metrics.counter("esb.proaktiv.avvist", "utloeser", u.navn()).increment(treff.size());
            });
            return;
        }
        Map<Long, Treff> perHendelse = new LinkedHashMap<>();
        treff.forEach(t -> perHendelse.put(t.hendelse().sekvensnummer(), t));
        List<FeedHendelse> hendelser = perHendelse.values().stream().map(t -> new FeedHendelse(t.hendelse().sekvensnummer(), t.person().id(),
                t.hendelse().hendelsetype(), Hendelsestype.fromRegisterName(t.hendelse().hendelsetype()), null, null, null)).toList();
        // begun before the look-up: a person graded meanwhile by a fan-out batch's screening is screened for before the commit
        var skjermingsrunde = fordeler.skjermingsrunde();
        List<HendelseFordeler.Levering> dokumenter = fordeler.dokumenter(fagsystem, hendelser);
        Set<Long> medDokument = dokumenter.stream().map(HendelseFordeler.Levering::sekvensnummer).collect(Collectors.toSet());
        perHendelse.values().stream().filter(t -> !medDokument.contains(t.hendelse().sekvensnummer())).forEach(t ->
                log.info("Trigger {}: {} is outside fagsystem {}'s population; no message", u.navn(), t.person().id().masked(), fagsystem.id()));
        int[] nye = jdbc.batchUpdate("""
                insert into proaktiv_utsendelse (utloeser, identifikator, sekvensnummer, utfall)
                values (?, ?, ?, 'MELDING_TIL_LEVERING') on conflict do nothing""", dokumenter.stream()
                .map(l -> new Object[]{u.navn(), perHendelse.get(l.sekvensnummer()).person().id().value(), l.sekvensnummer()}).toList());
        List<HendelseFordeler.Levering> leveringer = new ArrayList<>();
        for (int i = 0; i < nye.length; i++) {
            HendelseFordeler.Levering l = dokumenter.get(i);
            // 0: a record written since the look-up above (a round past the lock); that round wrote its row
            if (nye[i] == 0) {
                gjentatt(u.navn(), 1);
                continue;
            }
            leveringer.add(l);
        }
        fordeler.lagreLeveringer(u.meldingstype(), leveringer, skjermingsrunde);
        etterCommit(() -> {
            for (HendelseFordeler.Levering l : leveringer) {
                log.info("Trigger {} fired for {} (event {}): message to {}", u.navn(), perHendelse.get(l.sekvensnummer()).person().id().masked(),
                        l.sekvensnummer(), fagsystem.id());
            }
            metrics.counter("esb.proaktiv.melding", "utloeser", u.navn()).increment(leveringer.size());
        });
    }

    private void gjentatt(String utloeser, int antall) {
        if (antall > 0) {
            etterCommit(() -> metrics.counter("esb.proaktiv.gjentatt", "utloeser", utloeser).increment(antall));
        }
    }

    /**
     * Runs {@code handling} (a firing's log line, its counters) once the round's transaction has committed, never for a
     * round rolled back (a register fault later in the round, a failed position update): the letters and messages it
     * counted were undone with it and are made again by the round that reads the events next. Outside a transaction, at once.
     */
    private static void etterCommit(Runnable handling) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            handling.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                handling.run();
            }
        });
    }

    Brevmal.Flett flett(Person p) {
        return new Brevmal.Flett(p.navn() == null ? "" : p.navn().fulltNavn(), p.navn() == null ? "" : p.navn().fornavn(), properties.kommunenavn());
    }

    private ObjectNode metadata(Utloeser u, Person p) {
        ObjectNode m = json.createObjectNode();
        m.put("avsenderSystem", u.avsenderSystem());
        m.put("eksternReferanse", eksternReferanse(u.navn(), p.id()));
        m.put("tittel", Brevmal.flett(u.mal().tittel(), flett(p)));
        m.put("mottaker", p.id().value());
        m.put("brevtype", u.brevtype().name());
        m.put("gjelderBarn", u.mottaker() == Utloeser.Mottaker.FORELDRE);
        if (u.mal().varseltekst() != null) {
            m.put("varseltekst", Brevmal.flett(u.mal().varseltekst(), flett(p)));
        }
        m.putArray("dokumenter").addObject().put("filnavn", FILNAVN).put("mimeType", "application/pdf");
        return m;
    }

    /**
     * {@code proaktiv-<trigger>-<hash>}: the same for the same (trigger, number), so the intake answers a second hand-in
     * with the first letter; the number itself is not in it (references are shown and logged). A person's new number
     * gives a new reference, so it is the once-only check over every number ({@link Engangsregel}) that stops a repeat
     * after a number change, not the intake. Unchanged for the number in use, so letters already handed in keep theirs.
     */
    static String eksternReferanse(String utloeser, Identitetsnummer id) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((utloeser + ":" + id.value()).getBytes(StandardCharsets.UTF_8));
            return "proaktiv-" + utloeser + "-" + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The stored position; the first time, after the last stored event: switching the feature on writes to no one from history. */
    private long posisjon() {
        jdbc.update("""
                insert into proaktiv_posisjon (leser, neste_sekvensnummer)
                select ?, coalesce(max(sekvensnummer), 0) + 1 from hendelse on conflict do nothing""", LESER);
        return Math.max(1, jdbc.queryForObject("select neste_sekvensnummer from proaktiv_posisjon where leser = ?", Long.class, LESER));
    }

    /**
     * Per firing, in order, whether the once-only record holds its (trigger, person) already under any of the person's
     * numbers; for the dry run (the numbers from {@link #treff}'s look-up, and one query, as a round).
     */
    List<Boolean> sendt(List<Treff> treff) {
        if (treff.isEmpty()) {
            return List.of();
        }
        List<Engangsregel.Kandidat> kandidater = kandidater(treff);
        Set<Engangsregel.Utsendelse> lagret = lagret(kandidater);
        return kandidater.stream().map(k -> Engangsregel.sendt(k, lagret)).toList();
    }
}
