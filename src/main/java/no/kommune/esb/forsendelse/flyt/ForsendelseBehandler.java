package no.kommune.esb.forsendelse.flyt;

import no.kommune.esb.forsendelse.*;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.folkeregister.BulkResult;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.Part;
import no.kommune.esb.krr.KrrClient;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.KrrKontakt;
import no.kommune.esb.model.Person;
import no.kommune.esb.platform.Aarsak;
import no.kommune.esb.platform.Feilaarsak;
import no.kommune.esb.platform.Registerfeilaarsak;
import no.kommune.esb.platform.Registerstans;
import no.kommune.esb.platform.Registerventing;
import no.kommune.esb.platform.Traader;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.svarut.Dokument;
import no.kommune.esb.svarut.Forsendelse;
import no.kommune.esb.svarut.Sendeutfall;
import no.kommune.esb.svarut.SvarUtClient;
import no.kommune.esb.svarut.SvarUtFeilaarsak;
import no.kommune.esb.svarut.Synlighetsregel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import jakarta.annotation.PreDestroy;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Takes received letters in batches and carries each through look-ups, decision and sending:
 * one Folkeregisteret bulk call per batch (plus one for the parents of children's letters), one KRR call per batch
 * (KRR is looked up at every dispatch, rule 1), the rules of {@link Mottakervelger} and
 * {@link Forsendelsesbeslutter}, then SvarUt exactly once per recipient letter; service messages allowed to go by
 * SMS/e-mail are handed to {@link VarselSender} after the batch's decisions.
 * <p>
 * Addresses exist only in memory between look-up and send. Just before the SvarUt sends that carry an address, one
 * more bulk call checks the grading again (rule 5, {@link Forsendelsesbeslutter#kontrollFoerSending}); a retry is a
 * new pass with fresh look-ups and that check again. A later pass ties each recipient to the recipient letter stored for
 * that person ({@link Mottakerkobling}; a new one's id is derived from the letter id and the recipient's reference), so
 * processing the same letter again never creates a second recipient letter for a person, and SvarUt's
 * eksternReferanse (= the recipient-letter id) lets {@link SvarUtClient#sendExactlyOnce} find an earlier send; the
 * fagsystem's own eksternReferanse goes to SvarUt as {@code korrelasjonsid}, shared by all recipient letters of a letter.
 * <p>
 * A pass runs in two stages that overlap across batches: look-ups and decisions on the route's thread, then the grading
 * check, the sends and the service messages on the send stage, while the route's thread looks up and decides the next
 * batch; one batch sends at a time ({@link #behandle()}). A decided batch that waited so long for the previous batch's
 * sends that its KRR look-up is older than {@code forsendelse.behandling.krr-maks-alder} is looked up and decided again
 * before its sends.
 * <p>
 * Several instances: a batch's claim is a lease this instance renews ({@link #fornyKrav}, the route
 * {@code forsendelse-krav}) from the claim until the batch has ended here, so a live instance's batch is never taken
 * over however long its sends take; and each send first asks the database whether this pass still holds the letter
 * ({@link BehandlingRepository#holderFortsatt}), so a pass that stalled past {@code gjenoppta-etter} and was taken over
 * sends nothing more (the fence).
 */
@Component("forsendelseBehandler")
public class ForsendelseBehandler {

    private static final Logger log = LoggerFactory.getLogger(ForsendelseBehandler.class);
    private static final Set<Part> PARTS = Set.of(Part.PERSON_BASIS, Part.RELASJON_UTVIDET);
    /** An earlier recipient is asked about for its identity numbers only: the number in use is all the matching needs. */
    private static final Part IDENTIFIKASJONSNUMMER = Part.of("identifikasjonsnummer");
    /** Letters whose documents one statement reads at most: a group's sends wait for its slowest, so groups stay short. */
    private static final int DOKUMENTBUNKE_BREV = 250;
    /** Outcome (metric) of a send the fence refused: the letter was taken over. */
    static final String OVERTATT = "overtatt";

    private final BehandlingRepository repository;
    private final FolkeregisterClient freg;
    private final KrrClient krr;
    private final SvarUtClient svarUt;
    private final VarselSender varsel;
    private final ForsendelseMetrikker metrikker;
    private final Forsoksregel forsoksregel;
    /** Raised while a look-up by eksternReferanse fails for a lasting reason (credentials): such letters wait on it. */
    private final SvarUtOppslagsalarm oppslagsalarm;
    private final ObjectMapper json;
    private final Clock clock;
    private final Mottakervelger velger = new Mottakervelger();
    private final Forsendelsesbeslutter beslutter = new Forsendelsesbeslutter();
    private final int batchSize;
    /** SvarUt sends of a batch run side by side on these threads (forsendelse.behandling.parallelle-sendinger). */
    private final ExecutorService sendere;
    private final Samlevindu samlevindu;
    /** A decided batch whose KRR look-up got older than this while it waited is looked up again (forsendelse.behandling.krr-maks-alder). */
    private final Oppslagsalder oppslagsalder;
    /** A batch's documents are read in groups of at most this many bytes and letters, one statement each. */
    private final Dokumentbunker dokumentbunker;
    /** After a failed batch the flow waits (growing, capped) before it takes letters again, whatever step failed. */
    private final Registerventing registerventing;
    /** Stage 2 of a batch (grading check, sends) runs here while the route's thread prepares the next batch. */
    private final ExecutorService sendesteg;
    /** The batch whose stage 2 runs or ran and whose outcome the route's thread has not taken yet; null when none. */
    private Future<Utfall> forrige;
    /** The wait the previous batch's failed stage 2 began (set when {@link #avsluttForrige} returns false). */
    private Registerventing.Vent forrigeVent;
    /** The claim tokens of the batches this instance holds (claimed, not yet ended here): the heartbeat renews them. */
    private final Set<UUID> levendeKrav = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** The claim tokens of the batch whose stage 2 is {@link #forrige}. */
    private Set<UUID> forrigeKrav = Set.of();

    public ForsendelseBehandler(BehandlingRepository repository, FolkeregisterClient freg, KrrClient krr, SvarUtClient svarUt,
                                VarselSender varsel, ForsendelseMetrikker metrikker, Forsoksregel forsoksregel,
                                SvarUtOppslagsalarm oppslagsalarm, ObjectMapper json,
                                @Value("${forsendelse.behandling.batch-size:1000}") int batchSize,
                                @Value("${forsendelse.behandling.foerste-vent:PT10S}") Duration foersteVent,
                                @Value("${forsendelse.behandling.parallelle-sendinger:4}") int parallelleSendinger,
                                @Value("${forsendelse.behandling.samle-inntil:PT0S}") Duration samleInntil,
                                @Value("${forsendelse.behandling.krr-maks-alder:PT30S}") Duration krrMaksAlder,
                                @Value("${forsendelse.behandling.dokumentbunke:16MB}") org.springframework.util.unit.DataSize dokumentbunkeBytes,
                                Registerstans registerstans) {
        this.repository = repository;
        this.freg = freg;
        this.krr = krr;
        this.svarUt = svarUt;
        this.varsel = varsel;
        this.metrikker = metrikker;
        this.forsoksregel = forsoksregel;
        this.oppslagsalarm = oppslagsalarm;
        this.json = json;
        this.clock = Clock.systemUTC();
        this.batchSize = batchSize;
        this.samlevindu = new Samlevindu(batchSize, samleInntil);
        this.oppslagsalder = new Oppslagsalder(krrMaksAlder, clock);
        this.dokumentbunker = new Dokumentbunker(dokumentbunkeBytes.toBytes(), DOKUMENTBUNKE_BREV);
        this.registerventing = registerstans.flyt("forsendelse-behandling", foersteVent);
        if (parallelleSendinger < 1) {
            throw new IllegalArgumentException("forsendelse.behandling.parallelle-sendinger must be at least 1 (was " + parallelleSendinger + ")");
        }
        this.sendesteg = Executors.newSingleThreadExecutor(Traader.daemon("forsendelse-sending"));
        this.sendere = Executors.newFixedThreadPool(parallelleSendinger, Traader.nummerert("svarut-send"));
    }

    /** Lets the batch sending and its sends finish (each records its own outcome) before the context closes. */
    @PreDestroy
    public void stopp() throws InterruptedException {
        sendesteg.shutdown();
        if (!sendesteg.awaitTermination(30, TimeUnit.SECONDS)) {
            log.warn("A letter batch was still sending at shutdown; its letters are taken again after a restart");
            sendesteg.shutdownNow();
        }
        sendere.shutdown();
        if (!sendere.awaitTermination(30, TimeUnit.SECONDS)) {
            log.warn("SvarUt sends still running at shutdown; their recipient letters are taken again after a restart");
            sendere.shutdownNow();
        }
    }

    /**
     * The heartbeat (route {@code forsendelse-krav}, every {@code forsendelse.behandling.krav-fornyelse}): renews the
     * claims of the batches this instance holds, from their claim until they have ended here, so no other instance
     * takes them over while they are looked up, wait for the previous batch or send. Returns how many letters' claims
     * were renewed.
     */
    public int fornyKrav() {
        return repository.fornyKrav(Set.copyOf(levendeKrav));
    }

    /**
     * One round: claims up to a batch of letters, looks them up and decides them (stage 1, on the route's thread), then
     * hands their sending (stage 2: grading check, SvarUt sends, service messages) to the send stage and returns, so
     * the route's next round looks up and decides the next batch while this one sends. At most one batch sends at a
     * time: a batch's stage 2 begins only after the previous batch's stage 2 has ended and its outcome is known. A
     * decided batch whose KRR look-up got older than {@code krr-maks-alder} meanwhile ({@link Oppslagsalder}) is looked
     * up and decided again (once) before it is handed over, so it is not sent on that look-up.
     * Returns how many letters were taken.
     */
    public synchronized int behandle() {
        if (forrige != null && forrige.isDone() && !avsluttForrige()) {
            // the batch that was sending failed as a whole or held letters back on a look-up: the flow waits
            return 0;
        }
        if (registerventing.venter()) {
            // a batch failed a moment ago: no letters are taken before its wait is over (they could only wait again)
            return 0;
        }
        if (!samlevindu.skalStarte(repository.venter(batchSize))) {
            // a few letters only, and the oldest has not waited long enough: gather more for one bulk call each
            return 0;
        }
        List<BehandlingRepository.Brevrad> brev = repository.claim(batchSize);
        if (brev.isEmpty()) {
            return 0;
        }
        Set<UUID> krav = new java.util.HashSet<>();
        brev.forEach(r -> krav.add(r.krav()));
        levendeKrav.addAll(krav);
        boolean overlevert = false;
        try {
            int tatt = behandle(brev, krav);
            overlevert = tatt > 0;
            return tatt;
        } finally {
            if (!overlevert) {
                // the batch ended in this round (it waits, or something was thrown): the heartbeat leaves it
                levendeKrav.removeAll(krav);
            }
        }
    }

    /** {@link #behandle()} after the claim; returns the batch's size once its stage 2 is handed over, else 0. */
    private int behandle(List<BehandlingRepository.Brevrad> brev, Set<UUID> krav) {
        Utsending utsending;
        // the letters still claimed: forbered takes out those that become dead letters, which must never wait again
        List<BehandlingRepository.Brevrad> lastet = new ArrayList<>(brev);
        try {
            utsending = forbered(lastet, null);
        } catch (RuntimeException e) {
            // the batch failed as a whole (token, look-up, any step but a single send, which waits on its own): its
            // letters wait, the flow with them, and the round reports no work so the route's loop does not go on.
            // The batch still sending ends first, so its outcome cannot end the wait this failure begins.
            avsluttForrige();
            venterAlle(lastet, registerventing.feilet(e));
            return 0;
        }
        Instant venterFra = clock.instant();
        if (!avsluttForrige()) {
            // the previous batch's sending failed or held letters back on a look-up: this batch, decided, waits with the
            // flow; its recipient letters stay ready and the next pass looks them up and decides them afresh
            venterAlle(utsending.behandlet, forrigeVent);
            return 0;
        }
        Duration ventet = Duration.between(venterFra, clock.instant());
        if (oppslagsalder.forGammelt(utsending.krrTid)) {
            // the wait made the batch's KRR look-up older than krr-maks-alder (rule 1): it is not sent on it, but looked
            // up and decided again, as a later pass would; nothing of it has been sent, so its recipient letters are reused
            Duration alder = Duration.between(utsending.krrTid, clock.instant());
            Instant fra = clock.instant();
            List<BehandlingRepository.Brevrad> igjen = new ArrayList<>(utsending.behandlet);
            try {
                utsending = forbered(igjen, "nytt oppslag før sending: KRR-oppslaget " + utsending.krrTid
                        + " var eldre enn " + oppslagsalder.maksAlder());
            } catch (RuntimeException e) {
                // as a stage 1 failure: the batch waits with the flow, and a later pass decides it afresh
                venterAlle(igjen, registerventing.feilet(e));
                return 0;
            }
            log.info("Letter batch of {} letters looked up and decided again in {} ms before sending: its KRR look-up was {} ms old (limit {})",
                    utsending.behandlet.size(), Duration.between(fra, clock.instant()).toMillis(), alder.toMillis(), oppslagsalder.maksAlder());
        }
        utsending.ventetPaaForrige = ventet;
        Utsending klar = utsending;
        forrige = sendesteg.submit(() -> send(klar));
        forrigeKrav = krav;
        return brev.size();
    }

    /**
     * Waits for the batch whose sending is in progress (if any) and acts on its outcome on the route's thread: a
     * failure of the batch as a whole makes its letters wait with the flow (a success has ended the flow's wait in
     * {@link #send(Utsending)} already). Returns false when the flow is to wait ({@link #forrigeVent} says until when).
     */
    private boolean avsluttForrige() {
        if (forrige == null) {
            return true;
        }
        Utfall utfall;
        try {
            utfall = forrige.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while a letter batch was sending", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a letter batch's send stage failed outside its own handling", e.getCause());
        } finally {
            forrige = null;
            // its stage 2 has ended: after a failure its letters wait (below); after an Error they are taken over
            // after gjenoppta-etter, as after a crash
            levendeKrav.removeAll(forrigeKrav);
            forrigeKrav = Set.of();
        }
        if (utfall.feil() != null) {
            forrigeVent = registerventing.feilet(utfall.feil());
            venterAlle(utfall.brev(), forrigeVent);
            return false;
        }
        if (utfall.stans() != null) {
            // a later look-up of the pass failed: the letters it held back wait with the flow, and the route's loop stops
            forrigeVent = utfall.stans();
            return false;
        }
        return true;
    }

    private void venterAlle(List<BehandlingRepository.Brevrad> brev, Registerventing.Vent vent) {
        repository.venterAlle(brev, vent.aarsak(), vent.igjen());
    }

    /**
     * How a batch's sending ended: a failure of the batch as a whole, the wait a failed look-up began, or neither.
     * {@code brev}: the letters that wait after a failure, those of the batch that did not become dead letters in stage 1.
     */
    private record Utfall(List<BehandlingRepository.Brevrad> brev, RuntimeException feil, Registerventing.Vent stans) {
    }

    /**
     * The flow's wait after a look-up that failed in the middle of a pass, after the batch's decisions (the grading
     * check, the service messages' KRR look-up): the recipient letters it held back wait until the flow's wait is over,
     * without a send attempt counted. One failure per pass counts towards the flow's backoff.
     */
    private final class Oppslagsstans implements Tilbakeholder {
        private Registerventing.Vent vent;
        /**
         * SvarUt refused the platform (401/403) or answered 429, or the Maskinporten token for it could not be had, on a
         * send of this pass: the pass's other sends wait without calling.
         */
        private volatile RegisterException sendingStanset;

        @Override
        public boolean venter(BehandlingRepository.Brevrad r, BehandlingRepository.Mottakerrad rad, String steg, RegisterException e) {
            return venter(r, rad, steg, e, ventegrunn(steg, e, false));
        }

        /** As {@link #venter(BehandlingRepository.Brevrad, BehandlingRepository.Mottakerrad, String, RegisterException)}, in the caller's words. */
        synchronized boolean venter(BehandlingRepository.Brevrad r, BehandlingRepository.Mottakerrad rad, String steg, RegisterException e, Aarsak grunn) {
            if (vent == null) {
                vent = registerventing.feilet(e);
            }
            // only while this pass holds the letter: one taken over meanwhile waits (or is sent) as its new holder decides
            if (repository.venterPaaOppslag(r.id(), rad.id(), r.krav(), grunn, vent.igjen())) {
                return true;
            }
            ikkeSendtOvertatt(rad.id(), r.id());
            metrikker.sending("varsel".equals(steg) ? "varsel" : "svarut", OVERTATT);
            return false;
        }

        /** The wait the first failed look-up of the pass began; null when none failed. */
        synchronized Registerventing.Vent vent() {
            return vent;
        }
    }

    /**
     * The reason a recipient letter waits with the flow in step {@code steg} after {@code e}, in words with a stable code
     * (SvarUt's with its errorId), never the register's own message. {@code tidligereUkjent}: nothing of this pass reached
     * SvarUt, and an earlier attempt of the letter has an unknown outcome ({@link Synlighetsregel.Tidligere#kanHaKommetFram})
     * that no look-up by eksternReferanse has settled since: SvarUt may hold it, so the reason never says "ikke sendt"
     * (DOMAIN.md rule 8; {@link Registerfeilaarsak#tidligereUkjentBrev}).
     */
    static Aarsak ventegrunn(String steg, RegisterException e, boolean tidligereUkjent) {
        return SvarUtClient.SERVICE.equals(e.service()) ? SvarUtFeilaarsak.aarsak(e, tidligereUkjent).foran(steg + ": ")
                : Registerfeilaarsak.vent(steg, e, tidligereUkjent);
    }

    /**
     * Where a recipient letter goes whose look-up failed in the middle of a pass: it waits with the flow, without a send
     * attempt counted ({@link Oppslagsstans}; in stage 1, held until stage 2 begins, {@link Utsending#holdtTilbake}).
     * Returns false when it does not wait because another instance took its letter over (logged and counted
     * {@code overtatt}); in stage 1 that is known only in stage 2, so true there.
     */
    @FunctionalInterface
    private interface Tilbakeholder {
        boolean venter(BehandlingRepository.Brevrad r, BehandlingRepository.Mottakerrad rad, String steg, RegisterException e);
    }

    /** A recipient letter stage 1 held back on a failed look-up, for stage 2 to make it wait ({@link Oppslagsstans}). */
    private record HoldtTilbake(BehandlingRepository.Brevrad r, BehandlingRepository.Mottakerrad rad, String steg, RegisterException e) {
    }

    /**
     * A batch looked up, decided and recorded (stage 1), with what it is to send; stage 2 ({@link #send(Utsending)})
     * carries it out. {@code behandlet}: the letters whose decisions were recorded (not those that became dead letters);
     * {@code krrTid}: when KRR was looked up for them, null when none needed it. {@code ventetPaaForrige}: how long stage
     * 1 waited for the previous batch's sending to end.
     */
    private static final class Utsending {
        final List<BehandlingRepository.Brevrad> rader;
        final List<BehandlingRepository.Brevrad> behandlet;
        final Instant krrTid;
        final Map<UUID, Mottakerutvalg> utvalg;
        final List<Sending> sendinger;
        final List<VarselSender.Varsel> varsler;
        final Instant start;
        final Duration oppslag;
        final Duration beslutninger;
        /**
         * The recipient letters whose look-up by eksternReferanse failed in stage 1 ({@link #ikkeSendtAlleredeAnnenVei},
         * {@link #ikkeLengerMottaker}): nothing recorded yet; stage 2 makes them wait with the flow ({@link Oppslagsstans}),
         * so the flow's wait begins only after the previous batch's sending has ended and cannot be ended by it.
         */
        final List<HoldtTilbake> holdtTilbake;
        Duration ventetPaaForrige = Duration.ZERO;

        Utsending(List<BehandlingRepository.Brevrad> rader, List<BehandlingRepository.Brevrad> behandlet, Instant krrTid,
                  Map<UUID, Mottakerutvalg> utvalg, List<Sending> sendinger, List<VarselSender.Varsel> varsler, Instant start,
                  Duration oppslag, Duration beslutninger, List<HoldtTilbake> holdtTilbake) {
            this.rader = rader;
            this.behandlet = behandlet;
            this.krrTid = krrTid;
            this.utvalg = utvalg;
            this.sendinger = sendinger;
            this.varsler = varsler;
            this.start = start;
            this.oppslag = oppslag;
            this.beslutninger = beslutninger;
            this.holdtTilbake = List.copyOf(holdtTilbake);
        }
    }

    /**
     * Stage 1 of a batch: look-ups, decisions, and what goes out; a failure of the batch as a whole is thrown. Also run
     * again for a decided batch whose KRR look-up got too old while it waited ({@link Oppslagsalder}); {@code gjentatt}
     * then says why, in the letters' new OPPSLAG timeline row (null the first time). A letter that becomes a dead letter
     * leaves {@code lastet} at once, so after a throw the caller's list holds only the letters that are to wait.
     */
    private Utsending forbered(List<BehandlingRepository.Brevrad> lastet, String gjentatt) {
        List<BehandlingRepository.Brevrad> rader = List.copyOf(lastet);
        Instant start = clock.instant();
        // 1. the persons the letters are addressed to or about
        Set<Identitetsnummer> hovedpersoner = new LinkedHashSet<>();
        rader.forEach(r -> r.brev().personId().ifPresent(hovedpersoner::add));
        Instant fregTid = clock.instant();
        BulkResult personer = hovedpersoner.isEmpty() ? new BulkResult(Map.of(), Set.of(), 0) : freg.bulkoppslag(hovedpersoner, PARTS);
        Map<Identitetsnummer, Person> alle = new HashMap<>(personer.found());
        // known to the register, but their documents cannot be read: manual with R4-ULESBAR, not "not found"
        Set<Identitetsnummer> ulesbare = new HashSet<>(personer.ulesbare());

        // 2. related persons (parents with parental responsibility) in one more bulk call
        Set<Identitetsnummer> relaterte = new LinkedHashSet<>();
        for (BehandlingRepository.Brevrad r : rader) {
            enkeltbrev(lastet, r, "mottakervalg", () ->
                    r.brev().personId().map(alle::get).ifPresent(p -> relaterte.addAll(velger.relaterteSomMaaSlaasOpp(r.brev(), p))));
        }
        relaterte.removeAll(alle.keySet());
        if (!relaterte.isEmpty()) {
            BulkResult relatert = freg.bulkoppslag(relaterte, PARTS);
            alle.putAll(relatert.found());
            ulesbare.addAll(relatert.ulesbare());
        }

        // 3. who gets each letter
        Map<UUID, Mottakerutvalg> utvalg = new HashMap<>();
        Set<Identitetsnummer> krrIder = new LinkedHashSet<>();
        for (BehandlingRepository.Brevrad r : List.copyOf(lastet)) {
            enkeltbrev(lastet, r, "mottakervalg", () -> {
                Person hoved = r.brev().personId().map(alle::get).orElse(null);
                Mottakerutvalg u = velger.velg(r.brev(), hoved, alle, ulesbare);
                utvalg.put(r.id(), u);
                krrIder.addAll(u.krrIder());
            });
        }

        // 3b. the recipient letters earlier passes stored, tied to their persons (Mottakerkobling): an identity change the
        // answers do not link (a recipient without a letter of its own, a stored number no recipient is known by) is
        // looked up by the stored number, asking for the identity numbers only (rare: one call for the batch)
        Map<UUID, List<Mottakerkobling.Lagret>> lagret = repository.lagredeMottakerbrev(lastet.stream().map(BehandlingRepository.Brevrad::id).toList());
        Mottakerkobling kobling = new Mottakerkobling(alle);
        Set<Identitetsnummer> tidligereMottakere = new LinkedHashSet<>();
        for (BehandlingRepository.Brevrad r : lastet) {
            List<Mottakerkobling.Lagret> l = lagret.getOrDefault(r.id(), List.of());
            Mottakerutvalg u = utvalg.get(r.id());
            if (!l.isEmpty() && u != null) {
                tidligereMottakere.addAll(kobling.maaSlaasOpp(u.mottakere().stream().map(Mottaker::id).toList(), l));
            }
        }
        tidligereMottakere.removeAll(alle.keySet());
        if (!tidligereMottakere.isEmpty()) {
            Map<Identitetsnummer, Person> svar = new HashMap<>(alle);
            svar.putAll(freg.bulkoppslag(tidligereMottakere, Set.of(IDENTIFIKASJONSNUMMER)).found());
            kobling = new Mottakerkobling(svar);
        }
        Mottakerkobling koblingen = kobling;

        // 4. KRR for every recipient, at this dispatch
        Instant krrTid = clock.instant();
        Map<Identitetsnummer, KrrKontakt> kontakt = new HashMap<>();
        if (!krrIder.isEmpty()) {
            krr.personer(krrIder).forEach(k -> kontakt.put(k.id(), k));
        }

        Instant besluttTid = clock.instant();
        // 5. decide (per letter: a rule failing on one letter takes only that letter out)
        List<Besluttet> besluttet = new ArrayList<>();
        for (BehandlingRepository.Brevrad r : List.copyOf(lastet)) {
            enkeltbrev(lastet, r, "beslutning", () -> {
                List<Mottakerbeslutning> beslutninger = beslutter.beslutt(r.brev(), utvalg.get(r.id()), kontakt, krrTid);
                // each decision on the recipient letter of its own person, never of another by label or position (rule 8)
                List<UUID> ider = koblingen.koble(r.id(), beslutninger, lagret.getOrDefault(r.id(), List.of()));
                List<BehandlingRepository.Beslutningsrad> brevetsRader = new ArrayList<>();
                for (int i = 0; i < beslutninger.size(); i++) {
                    Mottakerbeslutning b = beslutninger.get(i);
                    brevetsRader.add(new BehandlingRepository.Beslutningsrad(ider.get(i), b, grunnlagJson(b),
                            Varselvalg.kanSendes(b.varslingskanaler(), varsel.tilgjengelige())));
                }
                besluttet.add(new Besluttet(r, new BehandlingRepository.Brevbeslutninger(r.id(), r.krav(), brevetsRader)));
            });
        }

        // 6. record the batch's decisions set-based; a letter whose rows break the batch's statements is recorded on its own
        // with each letter's OPPSLAG timeline row, in the decisions' transaction (a retried pass writes it once)
        String oppslag = "Folkeregisteret " + fregTid + ", KRR " + krrTid + (gjentatt == null ? "" : " (" + gjentatt + ")");
        Map<UUID, BehandlingRepository.Mottakerrad> mottakerbrev = new HashMap<>();
        // per letter, the waiting recipient letters no longer named that SvarUt may hold, to be looked up first
        Map<UUID, List<BehandlingRepository.Mottakerrad>> ikkeLengerNevnt = new HashMap<>();
        // the letters another instance took over after this pass's claim (it stalled): nothing of theirs was recorded
        Set<UUID> overtatt = new HashSet<>();
        try {
            registrert(repository.registrerBeslutninger(besluttet.stream().map(Besluttet::beslutninger).toList(), oppslag), mottakerbrev,
                    ikkeLengerNevnt, overtatt);
        } catch (RuntimeException e) {
            if (avbrudd(e)) {
                throw e;
            }
            log.warn("Recording a batch's decisions together failed ({}); recording them letter by letter", e.getClass().getSimpleName());
            for (Besluttet b : besluttet) {
                enkeltbrev(lastet, b.r(), "beslutning", () -> registrert(repository.registrerBeslutninger(List.of(b.beslutninger()), oppslag),
                        mottakerbrev, ikkeLengerNevnt, overtatt));
            }
        }
        for (Besluttet b : besluttet) {
            if (overtatt.contains(b.r().id()) && lastet.remove(b.r())) {
                // its new holder decides and sends it: this pass sends nothing of it, nor makes it wait or ends it
                beslutningerOvertatt(b);
            }
        }

        // 7. what goes out now: SvarUt sends, and SMS/e-mail after the batch with their own fresh KRR look-up
        List<VarselSender.Varsel> varsler = new ArrayList<>();
        // the recipient letters whose look-up by eksternReferanse failed: they wait with the flow once stage 2 begins
        List<HoldtTilbake> holdtTilbake = new ArrayList<>();
        Tilbakeholder holdes = (br, rad, steg, e) -> holdtTilbake.add(new HoldtTilbake(br, rad, steg, e));
        List<Sending> sendinger = new ArrayList<>();
        Set<BehandlingRepository.Brevrad> registrert = new java.util.HashSet<>(lastet);
        for (Besluttet bb : besluttet) {
            BehandlingRepository.Brevrad r = bb.r();
            if (!registrert.contains(r)) {
                continue;
            }
            // this letter's sends join the batch's only when all its decisions were looked at
            List<VarselSender.Varsel> brevetsVarsler = new ArrayList<>();
            List<Sending> brevetsSendinger = new ArrayList<>();
            enkeltbrev(lastet, r, "beslutning", () -> {
                for (BehandlingRepository.Beslutningsrad br : bb.beslutninger().rader()) {
                    Mottakerbeslutning b = br.beslutning();
                    BehandlingRepository.Mottakerrad rad = mottakerbrev.get(br.mottakerbrevId());
                    metrikker.besluttet(b);
                    if (rad.status() == Mottakerstatus.KLAR_FOR_SENDING && rad.forfalt(clock.instant())
                            && ikkeSendtAlleredeAnnenVei(r, rad, b, br.grunnlagJson(), br.varselKanSendes(), holdes)) {
                        if (b.kanal() == Kanal.VARSEL_SMS_EPOST) {
                            brevetsVarsler.add(new VarselSender.Varsel(r, rad, b));
                        } else {
                            brevetsSendinger.add(new Sending(r, rad, b));
                        }
                    }
                }
                for (BehandlingRepository.Mottakerrad rad : ikkeLengerNevnt.getOrDefault(r.id(), List.of())) {
                    if (rad.forfalt(clock.instant())) {
                        ikkeLengerMottaker(r, rad, holdes);
                    }
                }
                varsler.addAll(brevetsVarsler);
                sendinger.addAll(brevetsSendinger);
            });
        }
        return new Utsending(rader, List.copyOf(lastet), krrIder.isEmpty() ? null : krrTid, utvalg, sendinger, varsler, start,
                Duration.between(fregTid, besluttTid), Duration.between(besluttTid, clock.instant()), holdtTilbake);
    }

    /**
     * Stage 2 of a batch, on the send stage: the grading check just before the sends, the sends (every attempt recorded
     * and committed before the first request goes out), the service messages, the letters' status. A failure of the
     * batch as a whole is returned, not thrown, for the route's thread to act on ({@link #avsluttForrige}).
     */
    private Utfall send(Utsending u) {
        try {
            Oppslagsstans stans = new Oppslagsstans();
            // stage 1's failed look-ups by eksternReferanse: those recipient letters wait with the flow, no attempt spent
            u.holdtTilbake.forEach(h -> stans.venter(h.r(), h.rad(), h.steg(), h.e()));
            Instant kontrollTid = clock.instant();
            List<Sending> klare = kontrollertFoerSending(u.sendinger, u.utvalg, stans);
            Instant sendTid = clock.instant();
            // every attempt is recorded (committed) before the first request goes out; one call for the pass, under the
            // batch's claim token (one per claim, so one per batch)
            BehandlingRepository.Begynt begynt = repository.sendingerBegynner(klare.stream().map(s -> s.rad().id()).toList(),
                    u.rader.isEmpty() ? null : u.rader.get(0).krav());
            Map<UUID, Synlighetsregel.Tidligere> tidligereForsoek = begynt.tidligere();
            if (!begynt.ikkeBegynt().isEmpty()) {
                // taken over, or recorded by another writer since stage 1 read it (a stalled pass's send): not sent by this pass
                klare.stream().filter(s -> begynt.ikkeBegynt().contains(s.rad().id())).forEach(s -> {
                    ikkeSendtOvertatt(s.rad().id(), s.r().id());
                    metrikker.sending("svarut", OVERTATT);
                });
                klare = klare.stream().filter(s -> !begynt.ikkeBegynt().contains(s.rad().id())).toList();
            }
            java.util.Queue<BehandlingRepository.Sendt> sendt = new java.util.concurrent.ConcurrentLinkedQueue<>();
            // one task per letter: its documents are read once, for all its recipient letters
            Map<BehandlingRepository.Brevrad, List<Sending>> perBrev = new java.util.LinkedHashMap<>();
            klare.forEach(s -> perBrev.computeIfAbsent(s.r(), r -> new ArrayList<>()).add(s));
            try {
                sendGruppevis(perBrev, tidligereForsoek, sendt, stans);
            } finally {
                // what SvarUt took is recorded together, also when another send failed the batch
                repository.sendt(sendt);
            }
            // a send that only met an outage of the SMS gateway or SMTP server, or KRR's second look-up failing before any
            // service message went out, waits with the flow, no attempt spent
            varsel.sendAlle(u.varsler, (r, rad, e, grunn) -> stans.venter(r, rad, "varsel", e, grunn));
            repository.avsluttPass(u.rader);
            Instant slutt = clock.instant();
            // where a batch's time goes (docs/benchmarks.md): look-ups, decisions recorded, the wait for the previous
            // batch's sends (stage 1 of this batch overlapped them), grading check, sends recorded
            log.info("Letter batch phases: look-ups {} ms, decisions {} ms, waited for the previous batch's sends {} ms, grading check {} ms, {} SvarUt sends {} ms",
                    u.oppslag.toMillis(), u.beslutninger.toMillis(), u.ventetPaaForrige.toMillis(),
                    Duration.between(kontrollTid, sendTid).toMillis(), klare.size(), Duration.between(sendTid, slutt).toMillis());
            log.info("Letter batch: {} letters in {} ms", u.rader.size(), Duration.between(u.start, slutt).toMillis());
            if (stans.vent() == null) {
                // here, not on the route's thread: no other failure can be recorded while a batch sends (a stage 1
                // failure waits for this stage to end first), so this cannot end a wait begun after it
                registerventing.lyktes();
            }
            return new Utfall(u.behandlet, null, stans.vent());
        } catch (RuntimeException e) {
            return new Utfall(u.behandlet, e, null);
        }
    }

    /**
     * One letter's step of the batch. A register or database outage fails the batch as before (everything waits);
     * any other failure is this letter's own (a rule's invariant, an unexpected null): the letter becomes a dead
     * letter the way an unreadable one does ({@link BehandlingRepository#ulastbart}) and leaves the batch, which goes
     * on. The reason names the step and the kind of failure only ({@link Feilaarsak}); its message may hold personal data.
     * Recorded only while this pass still holds the letter: one another instance took over meanwhile (this pass stalled
     * after its claim) leaves the batch with nothing recorded ({@link #ubehandlbartOvertatt}).
     */
    private void enkeltbrev(List<BehandlingRepository.Brevrad> lastet, BehandlingRepository.Brevrad r, String steg, Runnable arbeid) {
        try {
            arbeid.run();
        } catch (RuntimeException e) {
            if (avbrudd(e)) {
                // a register or the database went away: not this letter's fault, so the batch waits as a whole
                throw e;
            }
            if (!repository.ubehandlbart(r.id(), r.krav(), "kan ikke behandles i steget " + steg + ": " + Feilaarsak.registrer(e, "brevflyten"))) {
                ubehandlbartOvertatt(r, steg);
            }
            // only once it is a dead letter, or its new holder's: if recording that fails (rolled back), the letter waits with its batch
            lastet.remove(r);
        }
    }

    /**
     * A letter this pass could not process was not recorded as a dead letter: another instance took it over after this
     * pass's claim lapsed, and decides and sends it itself (it may have delivered it already). One WARN with the letter id
     * and the step only (no personal data, not the exception's message); this pass sends nothing of it, nor makes it wait
     * or ends it.
     */
    private static void ubehandlbartOvertatt(BehandlingRepository.Brevrad r, String steg) {
        log.warn("Letter {} could not be processed in step {} by this pass, but is not recorded as a dead letter: it was taken over by"
                + " another instance after its claim lapsed (forsendelse.behandling.gjenoppta-etter); that instance processes it", r.id(), steg);
    }

    /** A register or the database went away (the batch waits as a whole), as opposed to one letter's own failure. */
    private static boolean avbrudd(RuntimeException e) {
        return e instanceof RegisterException || e instanceof org.springframework.dao.TransientDataAccessException
                || e instanceof org.springframework.dao.RecoverableDataAccessException
                || e instanceof org.springframework.dao.DataAccessResourceFailureException;
    }

    private static void registrert(BehandlingRepository.Registrert registrert, Map<UUID, BehandlingRepository.Mottakerrad> mottakerbrev,
                                   Map<UUID, List<BehandlingRepository.Mottakerrad>> ikkeLengerNevnt, Set<UUID> overtatt) {
        mottakerbrev.putAll(registrert.rader());
        registrert.ikkeLengerNevnt().forEach(n -> ikkeLengerNevnt.computeIfAbsent(n.brevId(), k -> new ArrayList<>()).add(n.rad()));
        overtatt.addAll(registrert.ikkeHoldt());
    }

    /**
     * A letter's decisions were not recorded: another instance took it over after this pass's claim lapsed (the pass
     * stalled between its claim and its decisions). One WARN with the letter id (no personal data) and each decided
     * recipient letter counted {@code overtatt}, as the other records a pass no longer holding the letter does not make.
     */
    private void beslutningerOvertatt(Besluttet b) {
        log.warn("Decisions for letter {} not recorded by this pass: the letter was taken over by another instance after its claim lapsed"
                + " (forsendelse.behandling.gjenoppta-etter); that instance decides and sends it", b.r().id());
        b.beslutninger().rader().forEach(r -> metrikker.sending(r.beslutning().kanal() == Kanal.VARSEL_SMS_EPOST ? "varsel" : "svarut", OVERTATT));
    }

    /** A loaded letter and its decisions of this pass, not yet recorded. */
    private record Besluttet(BehandlingRepository.Brevrad r, BehandlingRepository.Brevbeslutninger beslutninger) {
    }

    /** A SvarUt send decided in this pass, before the grading check. */
    private record Sending(BehandlingRepository.Brevrad r, BehandlingRepository.Mottakerrad rad, Mottakerbeslutning b) {
        /** Print, or digital with SvarUt's print fallback: an address would reach SvarUt. */
        boolean medAdresse() {
            return b.svarUtMottaker().harPostadresse();
        }
    }

    /**
     * Rule 5's grading check just before sending: ONE more Folkeregisteret bulk call (person-basis) for the families of
     * the batch's SvarUt letters that carry an address (print, and digital with SvarUt's print fallback), then
     * {@link Forsendelsesbeslutter#kontrollFoerSending} per letter. A grading that became strictly confidential since
     * the look-up stops the print (manual handling) or drops the address (digital only); the new decision is recorded
     * before anything is sent. Every retry is a new pass, so it is checked again. A recipient the register now has under
     * another identity number (a D-nummer replaced by a fødselsnummer since the decision) is not sent on that decision:
     * only that recipient letter waits, due at once and without a send attempt counted, for the next pass to decide it
     * again under the number in use; the rest of the batch is sent. When the check itself fails, nothing
     * with an address is sent: those letters wait with the flow on Folkeregisteret ({@link Oppslagsstans}), without a
     * send attempt counted.
     */
    private List<Sending> kontrollertFoerSending(List<Sending> sendinger, Map<UUID, Mottakerutvalg> utvalg, Oppslagsstans stans) {
        Set<Identitetsnummer> familier = new LinkedHashSet<>();
        sendinger.stream().filter(Sending::medAdresse).forEach(s -> familier.addAll(utvalg.get(s.r().id()).kontrollIder()));
        if (familier.isEmpty()) {
            return sendinger;
        }
        Map<Identitetsnummer, Person> ferske;
        Set<Identitetsnummer> ulesbare;
        try {
            BulkResult svar = freg.bulkoppslag(familier, Set.of(Part.PERSON_BASIS));
            ferske = svar.found();
            ulesbare = svar.ulesbare();
        } catch (RegisterException e) {
            // an earlier SvarUt attempt with unknown outcome may have delivered it: then the reason says so, not "ikke sendt"
            sendinger.stream().filter(Sending::medAdresse).forEach(s -> stans.venter(s.r(), s.rad(), "kontroll før sending", e,
                    ventegrunn("kontroll før sending", e, s.rad().svarUt().kanHaKommetFram())));
            return sendinger.stream().filter(s -> !s.medAdresse()).toList();
        }
        List<Sending> klare = new ArrayList<>();
        for (Sending s : sendinger) {
            if (!s.medAdresse()) {
                klare.add(s);
                continue;
            }
            Forsendelsesbeslutter.Kontroll kontroll = beslutter.kontrollFoerSending(s.b(), utvalg.get(s.r().id()), ferske, ulesbare);
            if (kontroll.avgjoeresPaaNytt()) {
                // the register has the recipient under another number since the decision (a D-nummer replaced): not sent
                // on it; due at once without a spent attempt, the next pass decides it again under the number in use
                if (!repository.venterPaaOppslag(s.r().id(), s.rad().id(), s.r().krav(), Aarsak.tekst("kontroll før sending: " + kontroll.nyBeslutning()),
                        clock.instant())) {
                    ikkeSendtOvertatt(s.rad().id(), s.r().id());
                    metrikker.sending("svarut", OVERTATT);
                    continue;
                }
                log.info("Recipient letter {} of letter {} not sent: its recipient's identity number changed since the decision;"
                        + " decided again by the next pass", s.rad().id(), s.r().id());
                continue;
            }
            Mottakerbeslutning etter = kontroll.beslutning();
            if (etter == s.b()) {
                klare.add(s);
                continue;
            }
            String grunnlag = grunnlagJson(etter);
            // with its timeline row, only while this pass holds the letter: a stalled pass's stop or manual handling must not
            // land on a letter the instance that took it over may be sending (it would be at SvarUt, recorded as not sent)
            Optional<BehandlingRepository.Mottakerrad> ny = repository.registrerBeslutning(s.r().id(), s.rad().id(), s.r().krav(), etter,
                    grunnlag, false, "gradering " + etter.grunnlag().gradering() + " ved kontroll før sending: " + etter.kanal()
                            + " etter regel " + etter.regel().kode());
            if (ny.isEmpty()) {
                ikkeSendtOvertatt(s.rad().id(), s.r().id());
                metrikker.sending("svarut", OVERTATT);
                continue;
            }
            BehandlingRepository.Mottakerrad rad = ny.get();
            metrikker.besluttet(etter);
            // a stop or manual handling on a letter an earlier SvarUt attempt may have delivered is held for the look-up
            if (rad.status() == Mottakerstatus.KLAR_FOR_SENDING && ikkeSendtAlleredeAnnenVei(s.r(), rad, etter, grunnlag, false, stans)) {
                klare.add(new Sending(s.r(), rad, etter));
            }
        }
        return klare;
    }

    /**
     * The batch's letters in groups bounded by their documents' bytes ({@link Dokumentbunker}): one statement reads a
     * group's documents, then its sends run side by side; every group is tried, and the first failure is thrown at the end.
     */
    private void sendGruppevis(Map<BehandlingRepository.Brevrad, List<Sending>> perBrev, Map<UUID, Synlighetsregel.Tidligere> tidligereForsoek,
                               java.util.Queue<BehandlingRepository.Sendt> sendt, Oppslagsstans stans) {
        Map<UUID, BehandlingRepository.Brevrad> brev = new java.util.LinkedHashMap<>();
        perBrev.keySet().forEach(r -> brev.put(r.id(), r));
        List<List<UUID>> grupper = dokumentbunker.del(List.copyOf(brev.keySet()), repository.dokumentstorrelser(brev.keySet()));
        RuntimeException foerste = null;
        for (List<UUID> gruppe : grupper) {
            try {
                Map<UUID, List<Dokument>> dokumenter = repository.dokumenter(gruppe);
                sendAlle(gruppe.stream().map(brev::get).<Runnable>map(r -> () -> send(r, perBrev.get(r),
                        dokumenter.getOrDefault(r.id(), List.of()), tidligereForsoek, sendt, stans)).toList());
            } catch (RuntimeException e) {
                if (foerste == null) {
                    foerste = e;
                }
            }
        }
        if (foerste != null) {
            throw foerste;
        }
    }

    /** Runs the batch's SvarUt sends side by side and waits for all; each records its own outcome. */
    private void sendAlle(List<Runnable> sendinger) {
        List<Future<?>> pagaaende = sendinger.stream().<Future<?>>map(sendere::submit).toList();
        RuntimeException foerste = null;
        for (Future<?> f : pagaaende) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while SvarUt sends were running", e);
            } catch (ExecutionException e) {
                // e.g. the database went away: the others still finish; the first failure goes to the route
                if (foerste == null) {
                    foerste = e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
                }
            }
        }
        if (foerste != null) {
            throw foerste;
        }
    }

    /**
     * What this pass found by a SvarUt look-up was not recorded: another instance took the letter over meanwhile and
     * records what it finds or sends itself ({@link BehandlingRepository#holdes}).
     */
    private void overtatt(BehandlingRepository.Brevrad r, BehandlingRepository.Mottakerrad rad) {
        ikkeSendtOvertatt(rad.id(), r.id());
        metrikker.sending("svarut", OVERTATT);
    }

    /**
     * The fence refused a send (SvarUt, SMS or e-mail), or a record of this pass was not written: another instance took
     * the letter over and sends it itself, or recorded the recipient letter meanwhile ({@link BehandlingRepository#holdes}).
     */
    static void ikkeSendtOvertatt(UUID mottakerbrevId, UUID brevId) {
        log.warn("Recipient letter {} not sent or recorded by this pass: letter {} was taken over by another instance after its claim lapsed"
                + " (forsendelse.behandling.gjenoppta-etter), or another instance recorded the recipient letter meanwhile", mottakerbrevId, brevId);
    }

    /**
     * A new recipient letter's id (also SvarUt's eksternReferanse): derived from the letter and the reference
     * ({@link Mottakerkobling#id}); a later pass finds it again by its recipient ({@link Mottakerkobling#koble}).
     */
    public static UUID mottakerbrevId(UUID brevId, String mottakerReferanse) {
        return Mottakerkobling.id(brevId, mottakerReferanse);
    }

    /**
     * False when the new decision would send through another gateway than an earlier attempt with unknown outcome, or
     * send no more, and that attempt did arrive or may have ({@link Kanalbytte}); the recipient letter is then recorded
     * as sent or handed to manual handling, and nothing more is sent now. A decision not to send (STOPP, MANUELL) after
     * an earlier SvarUt attempt was held back when it was recorded ({@link BehandlingRepository#besluttetEtterSvarUtOppslag}):
     * found in SvarUt = sent (the fagsystem hears "sent", status polling follows it), not found = recorded now, the
     * look-up failing = not recorded, the recipient letter waits with the flow for another look-up ({@code holdes}:
     * {@link Oppslagsstans}), without a send attempt counted: nothing was sent, so a SvarUt outage cannot spend its
     * attempts ({@link #oppslagFeilet}). {@code grunnlagJson} and {@code varselKanSendes} are the decision's, for recording it.
     */
    private boolean ikkeSendtAlleredeAnnenVei(BehandlingRepository.Brevrad r, BehandlingRepository.Mottakerrad rad, Mottakerbeslutning b,
                                              String grunnlagJson, boolean varselKanSendes, Tilbakeholder holdes) {
        switch (Kanalbytte.vurder(rad.forsoekGateway(), b.kanal())) {
            case FORTSETT:
                return true;
            case MANUELL:
                // SvarUt after an SMS/e-mail that may have arrived, or no more at all: a person checks whether it came through
                if (!repository.manuellEtterKanalbytte(r.id(), rad.id(), r.krav(), Kanalbytte.Gateway.av(b.kanal()) == null
                        ? Varselkanalbytte.ukjentUtfallGrunn(rad.forsoekVarselkanal(), "ny beslutning " + b.kanal() + " etter regel " + b.regel().kode())
                        : Kanalbytte.MANUELL_GRUNN)) {
                    overtatt(r, rad);
                }
                return false;
            default:
                try {
                    UUID funnet = svarUt.finnEtterMuligSending(rad.id().toString(), rad.svarUt());
                    oppslagsalarm.svarte();
                    if (funnet == null) {
                        // SvarUt does not hold it: the new decision stands, also one not to send (held until now)
                        Optional<BehandlingRepository.Mottakerrad> besluttet = repository.besluttetEtterSvarUtOppslag(r.id(), rad.id(),
                                r.krav(), b, grunnlagJson, varselKanSendes);
                        if (besluttet.isEmpty()) {
                            overtatt(r, rad);
                            return false;
                        }
                        return besluttet.get().status() == Mottakerstatus.KLAR_FOR_SENDING;
                    }
                    if (!repository.sendtTidligere(r.id(), rad.id(), r.krav(), funnet, Kanalbytte.Gateway.av(b.kanal()) == null
                            ? "ny beslutning " + b.kanal() + " etter regel " + b.regel().kode() + " gjelder ikke et brev SvarUt har"
                            : "varsel sendes ikke")) {
                        overtatt(r, rad);
                    }
                } catch (SvarUtClient.IkkeFunnetEnnaa e) {
                    // too soon to tell: the decision waits with the letter, which is looked up again after the settle time
                    oppslagsalarm.svarte();
                    venterPaaSvarUt(r, rad, e);
                } catch (RegisterException e) {
                    oppslagFeilet(r, rad, "oppslag på eksternReferanse før ny beslutning " + b.kanal() + " etter regel " + b.regel().kode(), e, holdes);
                }
                return false;
        }
    }

    /**
     * A waiting recipient letter the new decisions no longer name (e.g. a parent who lost parental responsibility) whose
     * earlier SvarUt attempt has an unknown outcome, held back by {@link BehandlingRepository#registrerBeslutninger}: SvarUt
     * may hold it and post it, so it is looked up by eksternReferanse before it goes to manual handling. Found = sent by
     * that attempt (SENT with SvarUt's id, followed by status polling; a manual case could be forwarded as a second copy);
     * not found = manual handling as for any recipient no longer named; the look-up failing = nothing recorded, it waits
     * with the flow without a send attempt counted ({@link #oppslagFeilet}; never a dead letter on a guess) and a later
     * pass looks it up again. Nothing is sent.
     */
    private void ikkeLengerMottaker(BehandlingRepository.Brevrad r, BehandlingRepository.Mottakerrad rad, Tilbakeholder holdes) {
        try {
            UUID funnet = svarUt.finnEtterMuligSending(rad.id().toString(), rad.svarUt());
            oppslagsalarm.svarte();
            boolean holdt = funnet == null
                    ? repository.ikkeLengerMottakerEtterSvarUtOppslag(r.id(), rad.id(), r.krav())
                    : repository.sendtTidligere(r.id(), rad.id(), r.krav(), funnet, "ikke lenger mottaker etter nye oppslag, men SvarUt har brevet");
            if (!holdt) {
                overtatt(r, rad);
            }
        } catch (SvarUtClient.IkkeFunnetEnnaa e) {
            oppslagsalarm.svarte();
            venterPaaSvarUt(r, rad, e);
        } catch (RegisterException e) {
            oppslagFeilet(r, rad, "oppslag på eksternReferanse, ikke lenger mottaker", e, holdes);
        }
    }

    /**
     * A look-up by eksternReferanse for a recipient letter that is not to be sent now (a decision not to send, a recipient
     * no longer named) failed: whether SvarUt holds its earlier attempt is still unknown, so nothing is recorded. No send
     * was tried, so no send attempt is counted (one used to be, as if a send had been tried: a SvarUt outage ran a
     * letter's attempts out, to AVKLARES and then to the dead-letter store if the decision turned back to sending): it
     * waits with the flow as for any register that is down ({@link Oppslagsstans}: growing waits, an alarm after
     * {@code platform.register-vent.alarm-etter}), and a later pass looks it up again. A lasting refusal (401/403) also
     * raises the look-up alarm ({@link SvarUtOppslagsalarm}).
     */
    private void oppslagFeilet(BehandlingRepository.Brevrad r, BehandlingRepository.Mottakerrad rad, String steg, RegisterException e,
                               Tilbakeholder holdes) {
        SvarUtClient.varigOppslagsfeil(e).ifPresent(oppslagsalarm::feilet);
        if (holdes.venter(r, rad, steg, e)) {
            metrikker.sending("svarut", VENTER);
        }
    }

    /** Metric outcome of a recipient letter that waits with the flow without an attempt counted ({@link Oppslagsstans}). */
    static final String VENTER = "venter";

    /**
     * A letter's SvarUt sends of this pass, one after the other, with its documents read once for all of them (held
     * only while its group's sends run); what SvarUt took joins {@code sendt}, recorded with the pass's other sends.
     */
    private void send(BehandlingRepository.Brevrad r, List<Sending> sendinger, List<Dokument> dokumenter, Map<UUID, Synlighetsregel.Tidligere> tidligereForsoek,
                      java.util.Queue<BehandlingRepository.Sendt> sendt, Oppslagsstans stans) {
        for (Sending s : sendinger) {
            send(r, s.rad(), s.b(), dokumenter, tidligereForsoek.getOrDefault(s.rad().id(), Synlighetsregel.Tidligere.INGEN), sendt, stans);
        }
    }

    /**
     * One SvarUt send, or, for a recipient letter whose attempts are spent with an unknown outcome, one look-up.
     * {@code tidligere}: what was known of its earlier SvarUt attempts before this pass began its own
     * ({@link BehandlingRepository#sendingerBegynner}); a miss soon after one with unknown outcome is not final
     * ({@link Synlighetsregel}): the letter then waits for another look-up, nothing sent and no attempt counted.
     */
    private void send(BehandlingRepository.Brevrad r, BehandlingRepository.Mottakerrad rad, Mottakerbeslutning b, List<Dokument> dokumenter,
                      Synlighetsregel.Tidligere tidligere, java.util.Queue<BehandlingRepository.Sendt> sendt, Oppslagsstans stans) {
        if (forsoksregel.avklares(rad.forsoek())) {
            avklar(r, rad, tidligere);
            return;
        }
        RegisterException stanset = stans.sendingStanset;
        if (stanset != null) {
            // SvarUt refused the platform, asked it to send less (429), or its token could not be had, on another send of
            // this pass: this one would fail the same way, so it is not tried; its attempt, begun for nothing, is closed
            // as not sent. Not looked up in this pass: after an earlier attempt with unknown outcome it may be in SvarUt
            repository.svarUtIkkeSendt(rad.id(), r.krav(), tidligere);
            if (stans.venter(r, rad, "sending", stanset, ventegrunn("sending", stanset, tidligere.kanHaKommetFram()))) {
                metrikker.sending("svarut", VENTER);
            }
            return;
        }
        Forsendelse forsendelse = Forsendelse.builder(r.brev().tittel(), rad.id().toString(), tilSvarUt(b))
                .kunDigitalLevering(b.kunDigitalLevering())
                .avgivendeSystem(r.brev().avsenderSystem())
                // the fagsystem's own reference, searchable in SvarUt; eksternReferanse stays the unique exactly-once key
                .korrelasjonsid(r.brev().eksternReferanse())
                .build();
        try {
            // a first attempt needs no look-up by eksternReferanse; any later one (or one after a crash) does. The fence
            // is asked right before each send: a letter taken over by another instance is left to it
            UUID svarUtId = svarUt.sendExactlyOnce(forsendelse, dokumenter, tidligere, () -> repository.holderFortsatt(r.id(), r.krav()));
            sendt.add(new BehandlingRepository.Sendt(r.id(), rad.id(), svarUtId, r.krav()));
            metrikker.sending("svarut", "sendt");
            if (tidligere.maaSlaasOpp()) {
                // it was looked up by eksternReferanse first, and SvarUt answered
                oppslagsalarm.svarte();
            }
        } catch (SvarUtClient.SendingAvvist e) {
            // the new holder has the letter, looks it up by eksternReferanse and sends it at most once. Refused before the
            // call's first send, or after a lost send whose look-up missed it finally, this pass's attempt did not reach
            // SvarUt: closed as not sent (only while its mark is still this pass's), so the new holder waits no settle time
            if (Sendeutfall.av(e) == Sendeutfall.IKKE_SENDT) {
                repository.svarUtIkkeSendt(rad.id(), r.krav(), tidligere);
            }
            ikkeSendtOvertatt(rad.id(), r.id());
            metrikker.sending("svarut", OVERTATT);
        } catch (SvarUtClient.IkkeFunnetEnnaa e) {
            oppslagsalarm.svarte();
            venterPaaSvarUt(r, rad, e);
        } catch (RegisterException e) {
            Sendeutfall utfall = Sendeutfall.av(e);
            if (utfall == Sendeutfall.IKKE_SENDT) {
                // nothing of this pass reached SvarUt (401/403, a rule broken, the look-up before the send failed): no
                // settle time for this attempt, what was known before it stays
                repository.svarUtIkkeSendt(rad.id(), r.krav(), tidligere);
            }
            RegisterException avvisning = e.kind() == RegisterException.Kind.UNAUTHORIZED ? e
                    : SvarUtClient.varigOppslagsfeil(e).filter(v -> v.kind() == RegisterException.Kind.UNAUTHORIZED).orElse(null);
            if (avvisning != null && e != avvisning) {
                // the look-up by eksternReferanse before a later attempt was refused the same way: it says nothing
                // about the letter either, which stays unsent until a look-up answers
                oppslagsalarm.feilet(avvisning);
            }
            if (avvisning != null) {
                // SvarUt refuses the platform's credentials (401/403): nothing about this letter (a refused send took
                // nothing; a letter whose earlier send may have arrived keeps its mark and is looked up first next time).
                // It waits without an attempt counted and the flow waits with it (Registerventing: growing waits, an
                // alarm after platform.register-vent.alarm-etter, closed when a pass sends again), instead of every
                // letter becoming a dead letter until someone fixes the set-up (before session 22)
                stans.sendingStanset = avvisning;
                // a refused look-up leaves an earlier attempt's unknown outcome unknown; a refused send came after a
                // look-up that answered (a final miss), so then "ikke sendt" is true
                if (stans.venter(r, rad, "sending", avvisning, ventegrunn("sending", avvisning, e != avvisning && tidligere.kanHaKommetFram()))) {
                    metrikker.sending("svarut", VENTER);
                }
                return;
            }
            if (e instanceof SvarUtClient.OppslagFoerSendingFeilet) {
                // the look-up before a later attempt failed (SvarUt down, 5xx, a timeout, an unreadable answer): no send
                // was tried, so no attempt is counted (one was, and a SvarUt outage ran a letter sent once to AVKLARES);
                // it waits with the flow, never sent before a look-up answers
                oppslagFeilet(r, rad, "oppslag på eksternReferanse før ny sending", e, stans);
                return;
            }
            if (Sendeutfall.venterMedFlyten(e)) {
                // SvarUt cannot be reached, answers 503 or 429, or the send's Maskinporten token cannot be had: nothing
                // about this letter, so no attempt is spent (one was, and an outage longer than the attempts and their
                // backoff took every letter to AVKLARES or the dead-letter store); it waits with the flow, as for a
                // register that is down (growing waits, a Retry-After wins, an alarm after platform.register-vent.alarm-etter).
                // After a 503 SvarUt may hold it: the settle time counts from now, and the next pass looks it up by
                // eksternReferanse before any send; a 429 is closed as answered (BESVART), as before
                if (utfall != Sendeutfall.IKKE_SENDT) {
                    repository.svarUtForsoekAvsluttet(rad.id(), r.krav(), utfall == Sendeutfall.UKJENT);
                }
                if (e instanceof SvarUtClient.TokenFeilet || e.kind() == RegisterException.Kind.THROTTLED) {
                    // the pass's other sends need the same token, or SvarUt asked the platform to send less: they wait
                    // without calling. After no connection or a 503 each is still tried: one refused call does not say
                    // the next fails (a storm, not an outage)
                    stans.sendingStanset = e;
                }
                if (stans.venter(r, rad, "sending", e)) {
                    metrikker.sending("svarut", VENTER);
                }
                return;
            }
            if (utfall != Sendeutfall.IKKE_SENDT) {
                // a lost or 5xx answer (or a look-up after a send that failed): the settle time counts from now. Only this
                // pass's open mark is closed: the letter may have been taken over while this send was under way
                repository.svarUtForsoekAvsluttet(rad.id(), r.krav(), utfall == Sendeutfall.UKJENT);
            }
            metrikker.sending("svarut", venter(r, rad, e));
        }
    }

    /** Metric outcome of a miss too soon after an attempt with unknown outcome to be final ({@link Synlighetsregel}). */
    static final String VENTER_PAA_SVARUT = "venter_paa_svarut";

    /**
     * SvarUt did not find the recipient letter, but too soon after an attempt with unknown outcome for that to be final
     * ({@link Synlighetsregel}): it waits, nothing sent, nothing recorded as decided and no attempt counted, to be looked
     * up again when the settle time is over; the timeline and the console say so. Recorded only while this pass still
     * holds the letter: one taken over meanwhile is its new holder's, whose open attempt must stay open.
     */
    private void venterPaaSvarUt(BehandlingRepository.Brevrad r, BehandlingRepository.Mottakerrad rad, SvarUtClient.IkkeFunnetEnnaa e) {
        if (repository.venterPaaSvarUtSoek(r.id(), rad.id(), r.krav(), e.uavklartFra(), e.slaaOppIgjen(), e.getMessage())) {
            metrikker.sending("svarut", VENTER_PAA_SVARUT);
        } else {
            ikkeSendtOvertatt(rad.id(), r.id());
            metrikker.sending("svarut", OVERTATT);
        }
    }

    /**
     * A recipient letter whose attempts are spent while SvarUt may hold it ({@link Forsoksregel#feiletUavklart}): looked
     * up by eksternReferanse, never sent again. Found = sent by an earlier attempt (the fagsystem hears "sent"); not
     * found = certainly not delivered, so now a dead letter; the look-up failing again = it waits for the next one.
     */
    private void avklar(BehandlingRepository.Brevrad r, BehandlingRepository.Mottakerrad rad, Synlighetsregel.Tidligere tidligere) {
        try {
            UUID funnet = svarUt.finnEtterMuligSending(rad.id().toString(), tidligere);
            oppslagsalarm.svarte();
            if (funnet == null) {
                if (repository.deadLetter(r.id(), rad.id(), r.krav(), rad.forsoek(), new Aarsak("SVARUT-IKKE-MOTTATT",
                        "ikke hos SvarUt (slått opp på eksternReferanse etter siste forsøk)"))) {
                    metrikker.sending("svarut", Forsoksregel.DEAD_LETTER);
                } else {
                    overtatt(r, rad);
                }
            } else if (repository.sendtTidligere(r.id(), rad.id(), r.krav(), funnet)) {
                metrikker.sending("svarut", "funnet");
            } else {
                overtatt(r, rad);
            }
        } catch (SvarUtClient.IkkeFunnetEnnaa e) {
            oppslagsalarm.svarte();
            venterPaaSvarUt(r, rad, e);
        } catch (RegisterException e) {
            metrikker.sending("svarut", venter(r, rad, e));
        }
    }

    /**
     * Another attempt later, or the dead-letter store ({@link Forsoksregel}); returns which, for the metric. A failure
     * after which SvarUt may hold the letter (AMBIGUOUS: a lost answer, or a look-up by eksternReferanse that failed for
     * whatever reason) is never dead-lettered on a guess: it is looked up instead, and never sent before a look-up
     * answers. A look-up refused for a lasting reason (401/403) also raises the alarm ({@link SvarUtOppslagsalarm}).
     */
    private String venter(BehandlingRepository.Brevrad r, BehandlingRepository.Mottakerrad rad, RegisterException e) {
        // in words, with SvarUt's errorId as the reference, never SvarUt's own message
        Aarsak grunn = SvarUtFeilaarsak.aarsak(e);
        if (e.kind() == RegisterException.Kind.AMBIGUOUS) {
            SvarUtClient.varigOppslagsfeil(e).ifPresent(oppslagsalarm::feilet);
        }
        String utfall = e.kind() == RegisterException.Kind.AMBIGUOUS
                ? forsoksregel.feiletUavklart(r.id(), rad.id(), r.krav(), rad.forsoek(), e.retryAfter().orElse(null), grunn)
                : forsoksregel.feilet(r.id(), rad.id(), r.krav(), rad.forsoek(), e.isRetryable(), e.retryAfter().orElse(null), grunn);
        if (Forsoksregel.OVERTATT.equals(utfall)) {
            ikkeSendtOvertatt(rad.id(), r.id());
        }
        return utfall;
    }

    private static Forsendelse.Mottaker tilSvarUt(Mottakerbeslutning b) {
        SvarUtMottaker m = b.svarUtMottaker();
        return new Forsendelse.Mottaker(m.navn(), m.digitalId(), m.adresselinje1(), m.adresselinje2(), m.adresselinje3(),
                m.postnummer(), m.poststed(), m.land());
    }

    private String grunnlagJson(Mottakerbeslutning b) {
        Beslutningsgrunnlag g = b.grunnlag();
        Map<String, Object> map = new HashMap<>();
        map.put("reservert", g.reservert());
        map.put("krrStatus", g.krrStatus());
        map.put("kanVarsles", g.kanVarsles());
        map.put("harDigitalPostkasse", g.harDigitalPostkasse());
        map.put("gradering", g.gradering());
        map.put("personstatus", g.personstatus());
        map.put("oppslagstidspunkt", g.oppslagstidspunkt() == null ? null : g.oppslagstidspunkt().toString());
        map.put("rolle", b.rolle());
        map.put("ikkeVidereformidle", b.ikkeVidereformidle());
        map.put("adressekilde", b.adressekilde());
        try {
            return json.writeValueAsString(map);
        } catch (Exception e) {
            throw new IllegalStateException("decision evidence not serialisable", e);
        }
    }
}
