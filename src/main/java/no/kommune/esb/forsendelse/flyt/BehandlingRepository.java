package no.kommune.esb.forsendelse.flyt;

import no.kommune.esb.forsendelse.*;

import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.platform.Aarsak;
import no.kommune.esb.svarut.Dokument;
import no.kommune.esb.svarut.Synlighetsregel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The processing side of letters: claiming work, recording decisions, sends, retries and dead letters.
 * Claims use {@code for update skip locked}, so several platform instances never take the same letter. A claim is a
 * lease: it carries a fresh token ({@code brev.krav}), its holder renews it ({@link #fornyKrav}, and at a send's
 * fence {@link #holderFortsatt} when the lease has grown old), and a letter whose claim was not renewed for {@code forsendelse.behandling.gjenoppta-etter}
 * (its instance died, or stalled) is taken again under a new token; the old holder's sends are then refused by the fence.
 */
@Repository
public class BehandlingRepository {

    private static final Logger log = LoggerFactory.getLogger(BehandlingRepository.class);

    /** A claimed letter; {@code krav} is the token of the claim that holds it (one per batch), checked before each send. */
    public record Brevrad(UUID id, Brev brev, UUID krav) {
    }

    /**
     * A recipient letter's processing state; {@code forsoekGateway} is the gateway of its latest attempt begun whose
     * outcome is unknown (null when none has begun, or when every SMS/e-mail attempt begun was clearly refused; a
     * refusal after an attempt with unknown outcome leaves it, {@link Varselkanalbytte#etterFeil}): an earlier gateway
     * was resolved before the latest attempt went elsewhere. {@code forsoekVarselkanal} is the channel of its latest
     * SMS/e-mail attempt begun (null when none, or begun before the channel was recorded), for {@link Varselkanalbytte}.
     */
    public record Mottakerrad(UUID id, Mottakerstatus status, int forsoek, Instant nesteForsoek, Kanalbytte.Gateway forsoekGateway,
                              Varslingskanal forsoekVarselkanal, Synlighetsregel.Tidligere svarUt) {

        /** Without what is known of its SvarUt attempts' outcome: none begun, or (after a SvarUt attempt) each answered. */
        public Mottakerrad(UUID id, Mottakerstatus status, int forsoek, Instant nesteForsoek, Kanalbytte.Gateway forsoekGateway,
                           Varslingskanal forsoekVarselkanal) {
            this(id, status, forsoek, nesteForsoek, forsoekGateway, forsoekVarselkanal,
                    forsoekGateway == Kanalbytte.Gateway.SVARUT ? Synlighetsregel.Tidligere.AVKLART : Synlighetsregel.Tidligere.INGEN);
        }

        boolean forfalt(Instant naa) {
            return nesteForsoek == null || !nesteForsoek.isAfter(naa);
        }

        /** The outcome of the SMS/e-mail attempts so far: unknown while the guard stands ({@link VarselSender}). */
        Varselkanalbytte.Utfall varselUtfall() {
            if (forsoekGateway == Kanalbytte.Gateway.VARSEL) {
                return Varselkanalbytte.Utfall.UKJENT;
            }
            return forsoekVarselkanal == null ? Varselkanalbytte.Utfall.INGEN : Varselkanalbytte.Utfall.AVVIST;
        }
    }

    /** What is known of the earlier SvarUt attempts, from the columns {@link #SVARUT_TIDLIGERE} names, in its order. */
    static Synlighetsregel.Tidligere svarUtTidligere(boolean begynt, boolean aapen, Timestamp uavklartFra) {
        if (!begynt) {
            return Synlighetsregel.Tidligere.INGEN;
        }
        if (aapen) {
            return Synlighetsregel.Tidligere.UKJENT;
        }
        return uavklartFra == null ? Synlighetsregel.Tidligere.AVKLART : Synlighetsregel.Tidligere.tapt(uavklartFra.toInstant());
    }

    /** The three columns {@link #svarUtTidligere} takes. */
    private static final String SVARUT_TIDLIGERE = "sending_startet is not null, svarut_sending_aapen, svarut_uavklart_fra";

    private final JdbcTemplate jdbc;
    private final Statusutboks utboks;
    /** Seconds after which a letter whose claim was not renewed (its instance died or stalled mid-batch) is claimed again. */
    private final long gjenopptaEtterSekunder;
    private final Duration gjenopptaEtter;
    /** This instance, stored with its claims ({@code brev.krav_instans}) so a takeover's log line names whose claim lapsed. */
    private final String instans;

    public BehandlingRepository(JdbcTemplate jdbc, Statusutboks utboks,
                                @Value("${forsendelse.behandling.gjenoppta-etter:PT5M}") Duration gjenopptaEtter,
                                @Value("${forsendelse.behandling.krav-fornyelse:60000}") Duration kravFornyelse,
                                @Value("${forsendelse.behandling.instans-id:}") String instans) {
        if (gjenopptaEtter.isNegative() || gjenopptaEtter.isZero()) {
            throw new IllegalArgumentException("forsendelse.behandling.gjenoppta-etter must be positive (was " + gjenopptaEtter + ")");
        }
        if (kravFornyelse.isNegative() || kravFornyelse.isZero() || kravFornyelse.multipliedBy(2).compareTo(gjenopptaEtter) > 0) {
            // a live instance must renew its claims at least twice before they lapse, or a slow round hands its batch over
            throw new IllegalArgumentException("forsendelse.behandling.krav-fornyelse must be positive and at most half of gjenoppta-etter (was "
                    + kravFornyelse + ", gjenoppta-etter " + gjenopptaEtter + ")");
        }
        this.jdbc = jdbc;
        this.utboks = utboks;
        this.gjenopptaEtter = gjenopptaEtter;
        this.gjenopptaEtterSekunder = gjenopptaEtter.toSeconds();
        this.instans = no.kommune.esb.platform.Instans.id(instans);
    }

    /** This instance's id as stored with its claims. */
    public String instans() {
        return instans;
    }

    /**
     * Claims up to {@code max} letters: received ones, ones with a recipient letter due for another attempt (neither
     * before a failed batch's wait is over: {@code endret_tid} in the future), and ones whose claim was not renewed
     * for {@code forsendelse.behandling.gjenoppta-etter} (a dead or stalled instance's). The batch gets one fresh claim
     * token ({@link Brevrad#krav}); a letter taken over so no longer passes its old holder's fence. A claimed row that
     * cannot be turned into a {@link Brev} is taken out of the batch on its own ({@link #ulastbart}), in this
     * transaction, so it is never claimed again and never holds the other letters back.
     */
    @Transactional
    public List<Brevrad> claim(int max) {
        UUID krav = UUID.randomUUID();
        // The three kinds of due letter as three index walks in arrival order (kandidat), each at most a batch, then
        // locked and checked again (valgt) and updated by primary key. Written as one where clause with "or", the
        // third kind (an exists on mottakerbrev) can use no index, so every claim read the whole brev table: ~46 ms at
        // 16,000 letters in the letter benchmark and growing with the table (docs/benchmarks.md, session 19).
        // "= any (array(…))" makes PostgreSQL take each chosen row by primary key whatever its statistics say.
        List<Lagret> lagret = jdbc.query("""
                with kandidat as (
                        (select b.id, b.mottatt_tid from brev b where b.status = 'MOTTATT' and b.endret_tid <= now()
                          order by b.mottatt_tid limit ?)
                        union
                        (select b.id, b.mottatt_tid from brev b where b.status = 'BEHANDLES' and b.endret_tid < now() - ? * interval '1 second'
                          order by b.mottatt_tid limit ?)
                        union
                        (select b.id, b.mottatt_tid from brev b
                          where b.id = any (array(select m.brev_id from mottakerbrev m where m.status = 'KLAR_FOR_SENDING'
                                                     and (m.neste_forsoek is null or m.neste_forsoek <= now())))
                            and b.status <> 'BEHANDLES' and b.endret_tid <= now()
                          order by b.mottatt_tid limit ?)),
                     valgt as (select b.id, b.status = 'BEHANDLES' as overtatt, b.krav_instans as forrige from brev b
                                where b.id = any (array(select id from kandidat order by mottatt_tid limit ?))
                                  and ((b.status = 'MOTTATT' and b.endret_tid <= now())
                                   or (b.status = 'BEHANDLES' and b.endret_tid < now() - ? * interval '1 second')
                                   or (b.status <> 'BEHANDLES' and b.endret_tid <= now() and exists (select 1 from mottakerbrev m where m.brev_id = b.id
                                           and m.status || '' = 'KLAR_FOR_SENDING' and (m.neste_forsoek is null or m.neste_forsoek <= now()))))
                                order by b.mottatt_tid
                                for update skip locked)
                update brev set status = 'BEHANDLES', endret_tid = now(), krav = ?, krav_instans = ?
                  from valgt where brev.id = valgt.id and brev.id = any (array(select id from valgt))
                returning brev.id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type,
                          valgt.overtatt, valgt.forrige""",
                (rs, i) -> new Lagret(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBoolean(6), rs.getString(7), rs.getString(8), rs.getBoolean(9), rs.getString(10)),
                max, gjenopptaEtterSekunder, max, max, max, gjenopptaEtterSekunder, krav, instans);
        List<Brevrad> brev = new ArrayList<>();
        Map<String, Integer> overtatt = new java.util.TreeMap<>();
        for (Lagret l : lagret) {
            if (l.overtatt()) {
                // no instance stored: claimed before V27, or written straight into BEHANDLES
                overtatt.merge(l.forrige() == null ? "(unknown)" : l.forrige(), 1, Integer::sum);
            }
            try {
                brev.add(new Brevrad(l.id(), tilBrev(l.avsender(), l.eksternRef(), l.tittel(), l.brevtype(), l.gjelderBarn(),
                        l.mottaker(), l.mottakerType()), krav));
            } catch (UlastbartBrev e) {
                ulastbart(l.id(), krav, e.getMessage());
            }
        }
        overtatt.forEach((forrige, antall) -> log.warn("Took over {} letters claimed by instance {}: their claim was not renewed for {}",
                antall, forrige, gjenopptaEtter));
        return brev;
    }

    /** A claimed row as stored, before it is turned into a {@link Brev}; {@code overtatt}: taken from a lapsed claim of {@code forrige}. */
    private record Lagret(UUID id, String avsender, String eksternRef, String tittel, String brevtype, boolean gjelderBarn,
                          String mottaker, String mottakerType, boolean overtatt, String forrige) {
    }

    /**
     * The heartbeat: renews the claims this instance still holds (letters in BEHANDLES under one of these tokens), so
     * no other instance takes a live batch over however long its sends take. A row locked at this moment is skipped
     * (its holder is changing it, and renews or ends it itself), so the heartbeat never waits on, or deadlocks with,
     * the flow's own statements. Returns how many claims were renewed.
     */
    public int fornyKrav(java.util.Collection<UUID> krav) {
        if (krav.isEmpty()) {
            return 0;
        }
        return jdbc.update("""
                update brev set endret_tid = now()
                 where id in (select id from brev where status = 'BEHANDLES' and krav = any (?) for update skip locked)""",
                (Object) krav.toArray(new UUID[0]));
    }

    /**
     * The fence, asked right before each send of a letter: true when the letter is still BEHANDLES under this claim
     * token; false when another instance took it over (a new token), or the pass has already ended, so the caller must
     * not send — the new holder looks each possibly sent recipient letter up by eksternReferanse before it sends.
     * <p>
     * A lease renewed within the last half of {@code gjenoppta-etter} (the heartbeat's normal state) is answered by one
     * read: no takeover can come for at least that long, time for the send to reach SvarUt before a new holder would
     * look it up. An older lease (the instance stalled and resumed) is renewed here, by an update whose row lock orders
     * it with a takeover's claim: either the claim sees the renewed lease and leaves the letter, or this sees the new
     * token. An update per send made every send a commit with a WAL flush: PostgreSQL's CPU per letter doubled in the
     * letter benchmark (docs/benchmarks.md, session 17).
     */
    public boolean holderFortsatt(UUID brevId, UUID krav) {
        // by the primary key alone, the rest compared here: with status and krav in the where clause PostgreSQL's generic
        // plan walked the BEHANDLES rows by their status index (0.6 ms a send in the letter benchmark)
        List<Boolean> fersk = jdbc.query("""
                select status = 'BEHANDLES' and krav is not distinct from ?::uuid, endret_tid > now() - ? * interval '1 millisecond'
                  from brev where id = ?""",
                (rs, i) -> rs.getBoolean(1) ? rs.getBoolean(2) : null, krav, gjenopptaEtter.toMillis() / 2, brevId);
        if (fersk.isEmpty() || fersk.get(0) == null) {
            return false;
        }
        return fersk.get(0) || jdbc.update("update brev set endret_tid = now() where id = ? and status = 'BEHANDLES' and krav is not distinct from ?::uuid",
                brevId, krav) == 1;
    }

    /** A stored letter that is no {@link Brev}; the message names the field or invariant, never the stored value. */
    static final class UlastbartBrev extends RuntimeException {
        UlastbartBrev(String grunn) {
            super(grunn, null, false, false);
        }
    }

    /** {@code dead_letter.kilde} of a letter that could not be read; no redriver takes it (the row must be fixed first). */
    public static final String KILDE_ULASTBAR = "forsendelse-lasting";
    /** The recipient reference of the recipient letter that carries an unreadable letter's DEAD_LETTER status. */
    static final String ULASTBAR_REFERANSE = "ULASTBAR";

    /**
     * A claimed letter that cannot be read (a stored value an invariant of {@link Brev} rejects, or that no longer
     * parses): one recipient letter in DEAD_LETTER with the reason, a dead letter, a timeline row, a status message
     * to the fagsystem ({@link Statusutboks#AARSAK_UGYLDIG_BREV}) and one WARN with the letter id only; the letter
     * becomes BEHANDLET, so no claim takes it again. Before, the claim threw, rolled back, and took it again on every
     * tick, holding its whole batch back. The flow uses the same for a loaded letter that a per-letter step cannot
     * process ({@link ForsendelseBehandler}); recipient letters an earlier pass left ready go with it, so no claim
     * takes the letter again: as dead letters (each with its timeline row and status message), except one whose earlier attempt has an unknown outcome ({@code
     * forsoek_gateway} set: a SvarUt send or an SMS/e-mail whose answer was lost), which may have arrived and goes to
     * manual handling with a reason that says so ({@link #ulastbarEtterMuligSending}, status message with
     * {@link Statusutboks#AARSAK_UGYLDIG_BREV}): a dead letter would tell the fagsystem "failed" on a guess, and a
     * redrive would only fail again on the same letter. Only for a letter claimed under {@code krav}, in a transaction
     * that holds it ({@link #claim}, {@link #ubehandlbart}): the letter's status is set only while it is still
     * {@code BEHANDLES} under that token ({@link #oppdaterBrevstatus}).
     */
    private void ulastbart(UUID brevId, UUID krav, String grunn) {
        UUID id = ForsendelseBehandler.mottakerbrevId(brevId, ULASTBAR_REFERANSE);
        String ukjent = ulastbarEtterMuligSending(grunn);
        List<UUID> manuelle = jdbc.queryForList("""
                update mottakerbrev set status = 'MANUELL', manuell_grunn = ?, neste_forsoek = null, endret_tid = now()
                 where brev_id = ? and status = 'KLAR_FOR_SENDING' and forsoek_gateway is not null returning id""", UUID.class, ukjent, brevId);
        manuelle.forEach(m -> tidslinje(brevId, m, "MANUELL", ukjent));
        utboks.leggInn(manuelle, Statusutboks.AARSAK_UGYLDIG_BREV, null);
        // each told at once, as its own change (before, only the ULASTBAR recipient letter was: these changed silently)
        List<UUID> ventende = jdbc.queryForList("""
                update mottakerbrev set status = 'DEAD_LETTER', manuell_grunn = ?, neste_forsoek = null, endret_tid = now()
                 where brev_id = ? and status = 'KLAR_FOR_SENDING' returning id""", UUID.class, grunn, brevId);
        ventende.forEach(m -> tidslinje(brevId, m, "DEAD_LETTER", "brevet kan ikke leses: " + grunn));
        utboks.leggInn(ventende, Statusutboks.AARSAK_UGYLDIG_BREV, null);
        jdbc.update("""
                insert into mottakerbrev (id, brev_id, mottaker, status, manuell_grunn) values (?, ?, '-', 'DEAD_LETTER', ?)
                on conflict (id) do update set status = 'DEAD_LETTER', manuell_grunn = excluded.manuell_grunn, endret_tid = now()""",
                id, brevId, grunn);
        jdbc.update("insert into dead_letter (id, kilde, referanse, grunn, payload) values (?, ?, ?, ?, ?)",
                UUID.randomUUID(), KILDE_ULASTBAR, id.toString(), grunn,
                ("{\"brevId\":\"" + brevId + "\",\"mottakerbrevId\":\"" + id + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        tidslinje(brevId, id, "DEAD_LETTER", "brevet kan ikke leses: " + grunn);
        utboks.leggInn(id, Statusutboks.AARSAK_UGYLDIG_BREV, null);
        oppdaterBrevstatus(brevId, krav);
        log.warn("Letter {} cannot be read and is a dead letter: {}", brevId, grunn);
    }

    /**
     * Reason stored by {@link #ulastbart} for a recipient letter whose earlier attempt may have arrived ({@code grunn}:
     * why the letter cannot be processed; no personal data).
     */
    static String ulastbarEtterMuligSending(String grunn) {
        return "Brevet kan ikke behandles (" + grunn + "), og et tidligere forsøk (SvarUt eller SMS/e-post) har ukjent utfall: brevet kan ha kommet fram,"
                + " så det meldes ikke som feilet — en saksbehandler kontrollerer om det ble sendt (i SvarUt: eksternReferanse = mottakerbrev-id)";
    }

    /**
     * A loaded letter a per-letter step of the flow cannot process: {@link #ulastbart}, in its own transaction (as the
     * status outbox needs). Only while this pass still holds the letter ({@code krav}, {@link #holdteBrev}: its row
     * locked first, so a takeover's claim waits for this transaction or was seen by it): returns false, with nothing
     * recorded, when another instance took it over (this pass stalled after its claim). That instance may have sent it
     * meanwhile and the status poller moved it on (LEVERT): a stale pass's dead letter and "failed" status message would
     * then report a delivered letter as failed, and its recipient letters turned to DEAD_LETTER or MANUELL and the
     * letter set to BEHANDLET under the new holder's claim would lose that holder's record of its send (DOMAIN.md rule 8).
     * (Before session 32 the claim was not checked; {@code OvertakelseEndToEndTest}.)
     */
    @Transactional
    public boolean ubehandlbart(UUID brevId, UUID krav, String grunn) {
        if (holdteBrev(Map.of(brevId, Optional.ofNullable(krav))).isEmpty()) {
            return false;
        }
        ulastbart(brevId, krav, grunn);
        return true;
    }

    /**
     * What waits for a processing round ({@link Samlevindu}): ready received letters (counted up to {@code opptil}),
     * how long the oldest of them has waited since it arrived, and whether a recipient letter is due for another
     * attempt or a crashed instance's letter is to be taken over. A letter in BEHANDLES is not due work (as in
     * {@link #claim}): the batch sending meanwhile holds ready recipient letters, and they must not start a round that
     * takes a few newly arrived letters before their gathering time is over.
     */
    @Transactional(readOnly = true)
    public Samlevindu.Venter venter(int opptil) {
        // by the indexes on status: with statistics taken while many letters were claimed or ready, PostgreSQL read all of
        // brev and mottakerbrev on every tick of the flow for the two "exists" (auto_explain, session 33)
        jdbc.execute(UTEN_TABELLSKANNING);
        // both walks in the order of brev_status_idx, so PostgreSQL stops after the first rows: written as a plain count and
        // min(), it read the whole table twice on every tick (40-200 ms at 40,000 letters) when its statistics were
        // taken during an intake burst, while many letters were MOTTATT (auto_explain, docs/benchmarks.md, session 19)
        return jdbc.queryForObject("""
                select (select count(*) from (select 1 from brev where status = 'MOTTATT' and endret_tid <= now()
                                                order by status, mottatt_tid limit ?) k),
                       (select extract(epoch from now() - mottatt_tid) * 1000 from brev where status = 'MOTTATT' and endret_tid <= now()
                         order by status, mottatt_tid limit 1),
                       exists (select 1 from mottakerbrev m join brev b on b.id = m.brev_id where m.status = 'KLAR_FOR_SENDING'
                                 and (m.neste_forsoek is null or m.neste_forsoek <= now()) and b.endret_tid <= now()
                                 and b.status <> 'BEHANDLES')
                         or exists (select 1 from brev where status = 'BEHANDLES' and endret_tid < now() - ? * interval '1 second')""",
                (rs, i) -> {
                    double ms = rs.getDouble(2);
                    return new Samlevindu.Venter(rs.getInt(1), rs.wasNull() ? null : Duration.ofMillis((long) ms), rs.getBoolean(3));
                }, opptil, gjenopptaEtterSekunder);
    }

    static Brev tilBrev(String avsender, String eksternRef, String tittel, String brevtype, boolean gjelderBarn,
                        String mottaker, String mottakerType) {
        Brevtype type;
        try {
            type = Brevtype.valueOf(brevtype);
        } catch (RuntimeException e) {
            throw new UlastbartBrev("brevtype is not a known Brevtype");
        }
        try {
            if ("ORGANISASJON".equals(mottakerType)) {
                Organisasjonsnummer orgnr;
                try {
                    orgnr = Organisasjonsnummer.of(mottaker);
                } catch (RuntimeException e) {
                    throw new UlastbartBrev("mottaker is not a valid organisasjonsnummer");
                }
                // the organisation's name is not part of the intake; SvarUt resolves organisations by number
                return Brev.tilVirksomhet(avsender, eksternRef, tittel, orgnr, mottaker, type);
            }
            Identitetsnummer id;
            try {
                id = Identitetsnummer.of(mottaker);
            } catch (RuntimeException e) {
                // the exception would carry a masked number; the reason names the field only
                throw new UlastbartBrev("mottaker is not a valid identitetsnummer");
            }
            return Brev.tilPerson(avsender, eksternRef, tittel, id, type, gjelderBarn);
        } catch (IllegalArgumentException | NullPointerException e) {
            // Brev's and Brevmottaker's invariants name the field and the limit, never the value
            throw new UlastbartBrev("Brev: " + e.getMessage());
        }
    }

    /**
     * A batch failed as a whole (a look-up, a token, …): the letters wait and are claimed again after {@code igjen},
     * also those with a recipient letter due for another attempt (before, those were claimed again at once, round
     * after round, while a register was down). Only a letter still claimed (BEHANDLES) waits: one the pass already
     * ended (a dead letter, BEHANDLET) stays ended, or a later pass would dead-letter it and tell the fagsystem again.
     */
    @Transactional
    public void venterAlle(List<Brevrad> brev, Aarsak grunn, Instant igjen) {
        for (Brevrad b : brev) {
            // back to MOTTATT with endret_tid in the future: claim() and venter() take it again only from then on;
            // only under this pass's claim (a letter taken over meanwhile belongs to its new holder)
            if (jdbc.update("update brev set status = 'MOTTATT', endret_tid = ? where id = ? and status = 'BEHANDLES' and krav is not distinct from ?::uuid",
                    Timestamp.from(igjen), b.id(), b.krav()) == 1) {
                tidslinje(b.id(), null, "VENTER", grunn.tekst(), grunn.kode());
            }
        }
    }

    /**
     * A look-up in the middle of a pass failed before this recipient letter was sent (the grading check, the service
     * messages' KRR look-up): it waits until {@code igjen} with the flow, and the failure does not count as a send
     * attempt ({@code forsoek} stays), so a long register outage never sends it to the dead-letter store. Only while this
     * pass holds the letter ({@code krav}, {@link #holdes}): returns false, with nothing recorded, when it was taken over
     * (a stalled pass must not move the next attempt of, nor add a VENTER row to, a letter its new holder sends).
     */
    @Transactional
    public boolean venterPaaOppslag(UUID brevId, UUID id, UUID krav, Aarsak grunn, Instant igjen) {
        if (!holdes(id, krav)) {
            return false;
        }
        jdbc.update("update mottakerbrev set neste_forsoek = ?, endret_tid = now() where id = ?", Timestamp.from(igjen), id);
        tidslinje(brevId, id, "VENTER", grunn.tekst(), grunn.kode());
        return true;
    }

    /**
     * The recipient letters earlier passes stored for these letters, per letter, with the recipient each holds, for
     * {@link Mottakerkobling} (one statement; a letter's first pass has none).
     */
    public Map<UUID, List<Mottakerkobling.Lagret>> lagredeMottakerbrev(java.util.Collection<UUID> brevIder) {
        Map<UUID, List<Mottakerkobling.Lagret>> lagret = new java.util.HashMap<>();
        if (brevIder.isEmpty()) {
            return lagret;
        }
        jdbc.query("select brev_id, id, mottaker, status = 'KLAR_FOR_SENDING' from mottakerbrev where brev_id = any (?)", rs -> {
            lagret.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                    .add(new Mottakerkobling.Lagret(rs.getObject(2, UUID.class), rs.getString(3), rs.getBoolean(4)));
        }, (Object) brevIder.toArray(new UUID[0]));
        return lagret;
    }

    /** One decision of a pass to record: the recipient letter's id ({@link Mottakerkobling}), the decision and its evidence as JSON. */
    public record Beslutningsrad(UUID mottakerbrevId, Mottakerbeslutning beslutning, String grunnlagJson, boolean varselKanSendes) {
    }

    /** One letter's decisions of a pass, made under the claim token {@code krav} ({@link Brevrad#krav}). */
    public record Brevbeslutninger(UUID brevId, UUID krav, List<Beslutningsrad> rader) {
    }

    /**
     * A pass's recorded decisions: each decided recipient letter's state by its id ({@code rader}), the waiting
     * recipient letters the decisions no longer name whose SvarUt attempt has an unknown outcome ({@code ikkeLengerNevnt}):
     * held back, still waiting, for the flow to look them up by eksternReferanse ({@link #ikkeLengerMottakerEtterSvarUtOppslag}),
     * and the letters whose decisions were not recorded because this pass no longer holds them ({@code ikkeHoldt}: another
     * instance took them over; nothing of theirs is in {@code rader}).
     */
    public record Registrert(Map<UUID, Mottakerrad> rader, List<IkkeNevnt> ikkeLengerNevnt, java.util.Set<UUID> ikkeHoldt) {

        /** Every letter still held. */
        public Registrert(Map<UUID, Mottakerrad> rader, List<IkkeNevnt> ikkeLengerNevnt) {
            this(rader, ikkeLengerNevnt, java.util.Set.of());
        }
    }

    /** A waiting recipient letter of letter {@code brevId} whose recipient the new decisions no longer name, as stored. */
    public record IkkeNevnt(UUID brevId, Mottakerrad rad) {
    }

    /**
     * Records the decisions of many letters in one transaction and few round trips: the check for recipients no longer
     * named (one statement for all letters: a recipient letter still waiting whose recipient the new decisions do not
     * name goes to manual handling, since sending could break a rule such as "never to a parent without
     * responsibility" and an earlier attempt may have arrived — except one whose SvarUt attempt has an unknown outcome
     * ({@code forsoek_gateway} SVARUT): SvarUt may hold it and post it, so it stays waiting and is returned for the
     * flow to look it up first, as a decision not to send is ({@link #besluttetPaaNytt})), the new recipient letters
     * (one statement) and their {@code BESLUTTET} rows (one statement); only a recipient letter that already existed (a
     * later pass) and a decision not to send (its status message) take statements of their own. The same rules as
     * {@link #registrerBeslutning} one by one. Each letter's {@code OPPSLAG} timeline row ({@code oppslag}: when the
     * look-ups were made) is written in the same transaction (one statement), so a pass whose decisions are rolled back and
     * taken again leaves no OPPSLAG row of its own behind. Returns each recipient letter's state by its id, and those held back.
     * <p>
     * Only for the letters this pass still holds ({@link Brevbeslutninger#krav}, {@link #holdteBrev}: their rows locked
     * first, so a takeover waits for this transaction or was seen by it); a letter another instance took over meanwhile
     * (this pass stalled after its claim) gets nothing written, no timeline row and no status message, and is returned in
     * {@link Registrert#ikkeHoldt}: its new holder decides it and may be sending it, and a stale decision not to send
     * written over its waiting recipient letter would leave a letter SvarUt took recorded as STOPPET or MANUELL (a case
     * officer could send it a second time, DOMAIN.md rule 8). (Before session 31 the claim was not checked.)
     */
    @Transactional
    public Registrert registrerBeslutninger(List<Brevbeslutninger> alle, String oppslag) {
        // every statement below takes the batch's rows by primary key or brev_id (session 33: read whole tables without)
        jdbc.execute(UTEN_TABELLSKANNING);
        java.util.Set<UUID> holdes = holdteBrev(alle.stream().collect(java.util.stream.Collectors.toMap(Brevbeslutninger::brevId,
                b -> Optional.ofNullable(b.krav()), (x, y) -> x)));
        java.util.Set<UUID> ikkeHoldt = new java.util.HashSet<>();
        alle.stream().map(Brevbeslutninger::brevId).filter(id -> !holdes.contains(id)).forEach(ikkeHoldt::add);
        List<Brevbeslutninger> brev = alle.stream().filter(b -> holdes.contains(b.brevId())).toList();
        if (brev.isEmpty()) {
            return new Registrert(Map.of(), List.of(), ikkeHoldt);
        }
        Tidslinjerader.skriv(jdbc, "OPPSLAG", brev.stream().map(b -> new Tidslinjerader.Rad(b.brevId(), null, oppslag)).toList());
        // the rows not named, read and changed in one statement: the select sees them as they were, "manuell" names those changed
        List<IkkeNevnt> holdt = new ArrayList<>();
        List<Object[]> foreldet = new ArrayList<>();
        jdbc.query("""
                with ikke_nevnt as (select id, brev_id, forsoek, neste_forsoek, forsoek_gateway, forsoek_varselkanal,
                                           sending_startet, svarut_sending_aapen, svarut_uavklart_fra from mottakerbrev
                                     where brev_id = any (?) and status || '' = 'KLAR_FOR_SENDING' and not (id = any (?))),
                     manuell as (update mottakerbrev m set status = 'MANUELL', manuell_grunn = """ + MANUELL_GRUNN_ETTER_VARSEL + """
                                        , neste_forsoek = null, endret_tid = now()
                                  where m.id = any (array(select id from ikke_nevnt where forsoek_gateway is distinct from 'SVARUT'))
                                 returning m.id, m.manuell_grunn)
                select i.brev_id, i.id, i.id in (select id from manuell), i.forsoek, i.neste_forsoek, i.forsoek_gateway, i.forsoek_varselkanal,
                       (select manuell_grunn from manuell where manuell.id = i.id),
                       i.sending_startet is not null, i.svarut_sending_aapen, i.svarut_uavklart_fra
                  from ikke_nevnt i""", rs -> {
                    UUID brevId = rs.getObject(1, UUID.class);
                    UUID id = rs.getObject(2, UUID.class);
                    if (rs.getBoolean(3)) {
                        foreldet.add(new Object[]{brevId, id, rs.getString(8)});
                    } else {
                        holdt.add(new IkkeNevnt(brevId, new Mottakerrad(id, Mottakerstatus.KLAR_FOR_SENDING, rs.getInt(4),
                                rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(),
                                rs.getString(6) == null ? null : Kanalbytte.Gateway.valueOf(rs.getString(6)),
                                rs.getString(7) == null ? null : Varslingskanal.valueOf(rs.getString(7)),
                                svarUtTidligere(rs.getBoolean(9), rs.getBoolean(10), rs.getTimestamp(11)))));
                    }
                }, medGrunn(new Object[]{brev.stream().map(Brevbeslutninger::brevId).toArray(UUID[]::new),
                        brev.stream().flatMap(b -> b.rader().stream()).map(Beslutningsrad::mottakerbrevId).toArray(UUID[]::new)},
                        manuellGrunnEtterVarsel(IKKE_LENGER_MOTTAKER, IKKE_LENGER_MOTTAKER_HVA), new Object[0]));
        for (Object[] f : foreldet) {
            tidslinje((UUID) f[0], (UUID) f[1], "MANUELL", (String) f[2]);
            utboks.leggInn((UUID) f[1], Statusutboks.AARSAK_IKKE_LENGER_MOTTAKER, null);
        }
        List<UUID[]> hvem = new ArrayList<>();
        List<Beslutningsrad> hva = new ArrayList<>();
        for (Brevbeslutninger b : brev) {
            for (Beslutningsrad r : b.rader()) {
                hvem.add(new UUID[]{b.brevId(), r.mottakerbrevId()});
                hva.add(r);
            }
        }
        // one statement for all new recipient letters; it names the ones it inserted (the rest existed: a later pass)
        java.util.Set<UUID> sattInn = new java.util.HashSet<>(jdbc.queryForList("""
                insert into mottakerbrev (id, brev_id, mottaker, kanal, regel, grunnlag, status, manuell_grunn)
                select id, brev_id, mottaker, kanal, regel, grunnlag::jsonb, status, manuell_grunn
                  from unnest(?::uuid[], ?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                       as v(id, brev_id, mottaker, kanal, regel, grunnlag, status, manuell_grunn)
                on conflict (id) do nothing returning id""", UUID.class,
                hvem.stream().map(h -> h[1]).toArray(UUID[]::new), hvem.stream().map(h -> h[0]).toArray(UUID[]::new),
                hva.stream().map(r -> mottaker(r.beslutning())).toArray(String[]::new),
                hva.stream().map(r -> r.beslutning().kanal().name()).toArray(String[]::new),
                hva.stream().map(r -> r.beslutning().regel().kode()).toArray(String[]::new),
                hva.stream().map(Beslutningsrad::grunnlagJson).toArray(String[]::new),
                hva.stream().map(r -> status(r.beslutning(), r.varselKanSendes()).name()).toArray(String[]::new),
                hva.stream().map(r -> grunn(r.beslutning(), r.varselKanSendes())).toArray(String[]::new)));
        // a recipient letter kept for a person who now has another number (D-nummer -> fødselsnummer) names the number in
        // use, while it is not sent: a letter handed to SvarUt or a gateway (SENDT and on, or ended) keeps the number it
        // went to (until the closing notes of session 32 those were rewritten too)
        List<Integer> gamle = java.util.stream.IntStream.range(0, hvem.size()).filter(i -> !sattInn.contains(hvem.get(i)[1])).boxed().toList();
        if (!gamle.isEmpty()) {
            jdbc.update("""
                    update mottakerbrev m set mottaker = v.mottaker from unnest(?::uuid[], ?::text[]) as v(id, mottaker)
                     where m.id = v.id and v.mottaker <> '-' and m.mottaker <> v.mottaker
                       and m.status in ('KLAR_FOR_SENDING', 'MANUELL', 'DEAD_LETTER')""",
                    gamle.stream().map(i -> hvem.get(i)[1]).toArray(UUID[]::new),
                    gamle.stream().map(i -> mottaker(hva.get(i).beslutning())).toArray(String[]::new));
        }
        Map<UUID, Mottakerrad> rader = new java.util.HashMap<>();
        List<Tidslinjerader.Rad> besluttet = new ArrayList<>();
        List<Integer> nye = new ArrayList<>();
        for (int i = 0; i < hvem.size(); i++) {
            UUID brevId = hvem.get(i)[0];
            UUID id = hvem.get(i)[1];
            Beslutningsrad r = hva.get(i);
            if (sattInn.contains(id)) {
                Mottakerbeslutning m = r.beslutning();
                String grunn = grunn(m, r.varselKanSendes());
                besluttet.add(new Tidslinjerader.Rad(brevId, id, m.rolle() + ": " + m.kanal() + " etter regel " + m.regel().kode()
                        + (grunn == null ? "" : " (" + grunn + ")")));
                rader.put(id, new Mottakerrad(id, status(m, r.varselKanSendes()), 0, null, null, null));
                nye.add(i);
            } else {
                rader.put(id, besluttetPaaNytt(brevId, id, r.beslutning(), r.grunnlagJson(), r.varselKanSendes(), false));
            }
        }
        Tidslinjerader.skriv(jdbc, "BESLUTTET", besluttet);
        for (int i : nye) {
            // a waiting recipient letter (KLAR_FOR_SENDING) is not told (Statusutboks): no statement for it
            if (rader.get(hvem.get(i)[1]).status() != Mottakerstatus.KLAR_FOR_SENDING) {
                utboks.leggInn(hvem.get(i)[1], aarsak(hva.get(i).beslutning()), null);
            }
        }
        return new Registrert(rader, holdt, ikkeHoldt);
    }

    /**
     * The ids of {@code rader} per claim token (none: {@code Optional.empty()}), in order: the claim-checked writes make
     * one statement per token (a pass has one) by {@code id = any(…)}, which PostgreSQL keeps on the primary key, where a
     * join with an unnest of (id, token) was planned 5–6 times slower or worse ({@link #avsluttPass}, {@link #sendt}).
     */
    private static <T> Map<Optional<UUID>, List<UUID>> perKrav(java.util.Collection<T> rader, java.util.function.Function<T, UUID> krav,
                                                              java.util.function.Function<T, UUID> id) {
        Map<Optional<UUID>, List<UUID>> perKrav = new java.util.LinkedHashMap<>();
        rader.forEach(r -> perKrav.computeIfAbsent(Optional.ofNullable(krav.apply(r)), k -> new ArrayList<>()).add(id.apply(r)));
        return perKrav;
    }

    /**
     * Which of these letters this pass still holds (BEHANDLES under the claim token given for each; empty: none stored),
     * their rows locked ({@code for key share}, to the caller's commit) in the order of their ids. A takeover committed
     * before is seen (the lock waits for a claim under way and re-reads the row), and one not yet made cannot take them
     * until the caller's transaction has ended: the claim locks its letters {@code for update skip locked}, which this
     * lock conflicts with. The weakest lock that does: an update of the letter's other columns (the heartbeat, the
     * fence's renewal, a row lock {@code for no key update}) neither waits for it nor holds it up. For a pass's decisions ({@link #registrerBeslutninger},
     * {@link #registrerBeslutning}), which may write rows that do not exist yet, so the recipient letters' own row locks
     * ({@link #laasForHolder}) cannot order them with a takeover, and for a letter a pass cannot process
     * ({@link #ubehandlbart}), whose status update then takes the row's stronger lock in the same transaction (the other
     * holders of a key-share lock on a letter, the foreign-key checks of rows written about it, never update it).
     * Package-private so {@code OvertakelseEndToEndTest} can run a takeover's claim right after
     * it, while the caller's transaction is still open: the test that fails if the lock is taken away.
     */
    java.util.Set<UUID> holdteBrev(Map<UUID, Optional<UUID>> kravPerBrev) {
        java.util.Set<UUID> holdt = new java.util.HashSet<>();
        // one statement per claim token (a batch has one); "status || ''" keeps PostgreSQL on the primary key (as avsluttPass)
        perKrav(kravPerBrev.entrySet(), e -> e.getValue().orElse(null), Map.Entry::getKey).forEach((krav, ider) -> holdt.addAll(jdbc.queryForList("""
                select id from brev where id = any (?) and status || '' = 'BEHANDLES' and krav is not distinct from ?::uuid
                 order by id for key share""", UUID.class, ider.toArray(UUID[]::new), krav.orElse(null))));
        return holdt;
    }

    private static Mottakerstatus status(Mottakerbeslutning b, boolean varselKanSendes) {
        return switch (b.kanal()) {
            case DIGITAL, PRINT -> Mottakerstatus.KLAR_FOR_SENDING;
            case VARSEL_SMS_EPOST -> varselKanSendes ? Mottakerstatus.KLAR_FOR_SENDING : Mottakerstatus.MANUELL;
            case STOPP -> Mottakerstatus.STOPPET;
            case MANUELL -> Mottakerstatus.MANUELL;
        };
    }

    private static String grunn(Mottakerbeslutning b, boolean varselKanSendes) {
        return switch (b.kanal()) {
            case MANUELL, STOPP -> b.begrunnelse();
            case VARSEL_SMS_EPOST -> varselKanSendes ? null
                    : "Varsel på " + b.varslingskanaler() + " er tillatt, men plattformen har ingen gateway satt opp for den kanalen";
            default -> null;
        };
    }

    /** {@link #grunn} as a clause of {@link Varselkanalbytte#ukjentUtfallGrunn}, for a recipient letter whose SMS/e-mail may have arrived. */
    private static String hva(Mottakerbeslutning b) {
        return b.kanal() == Kanal.VARSEL_SMS_EPOST
                ? "plattformen har ingen gateway satt opp for " + b.varslingskanaler() + " (ny beslutning etter regel " + b.regel().kode() + ")"
                : "ny beslutning " + b.kanal() + " etter regel " + b.regel().kode();
    }

    private static String mottaker(Mottakerbeslutning b) {
        return b.mottaker() != null ? b.mottaker().value() : b.organisasjon() != null ? b.organisasjon().value() : "-";
    }

    private static String aarsak(Mottakerbeslutning b) {
        return b.kanal() == Kanal.VARSEL_SMS_EPOST ? Statusutboks.AARSAK_INGEN_VARSELGATEWAY : b.regel().kode();
    }

    /**
     * Records a decision. A recipient letter that already exists keeps its id; while it still waits to be sent
     * a new decision with another channel or rule replaces the old one (KRR and grading are looked up again at every
     * attempt, and checked once more just before sending), except a decision not to send on a recipient letter SvarUt
     * may hold, which waits for the flow's look-up ({@link #besluttetEtterSvarUtOppslag}). A decision not to send
     * (STOPPET, MANUELL) is told to the fagsystem with its reason code ({@link Statusutboks}). {@code kontroll}: the
     * detail of a {@code KONTROLL_FOER_SENDING} timeline row written first (the grading check that made this decision),
     * null for none. Only while this pass holds the letter ({@code krav}, {@link #holdteBrev}): empty, with nothing
     * recorded, when another instance took it over (as {@link #registrerBeslutninger}; before session 31 unchecked).
     */
    @Transactional
    public Optional<Mottakerrad> registrerBeslutning(UUID brevId, UUID id, UUID krav, Mottakerbeslutning b, String grunnlagJson,
                                                     boolean varselKanSendes, String kontroll) {
        if (holdteBrev(Map.of(brevId, Optional.ofNullable(krav))).isEmpty()) {
            return Optional.empty();
        }
        if (kontroll != null) {
            tidslinje(brevId, id, "KONTROLL_FOER_SENDING", kontroll);
        }
        return Optional.of(registrerBeslutning(brevId, id, b, grunnlagJson, varselKanSendes));
    }

    private Mottakerrad registrerBeslutning(UUID brevId, UUID id, Mottakerbeslutning b, String grunnlagJson, boolean varselKanSendes) {
        Mottakerstatus status = status(b, varselKanSendes);
        String grunn = grunn(b, varselKanSendes);
        int inserted = jdbc.update("""
                insert into mottakerbrev (id, brev_id, mottaker, kanal, regel, grunnlag, status, manuell_grunn)
                values (?, ?, ?, ?, ?, ?::jsonb, ?, ?) on conflict (id) do nothing""",
                id, brevId, mottaker(b), b.kanal().name(), b.regel().kode(), grunnlagJson, status.name(), grunn);
        if (inserted != 1) {
            return besluttetPaaNytt(brevId, id, b, grunnlagJson, varselKanSendes, false);
        }
        tidslinje(brevId, id, "BESLUTTET", b.rolle() + ": " + b.kanal() + " etter regel " + b.regel().kode()
                + (grunn == null ? "" : " (" + grunn + ")"));
        if (status != Mottakerstatus.KLAR_FOR_SENDING) {
            // a waiting recipient letter is not told (Statusutboks): no statement for it
            utboks.leggInn(id, aarsak(b), null);
        }
        // just inserted with the columns' defaults: no attempt yet, so no read back (one round trip less per recipient)
        return new Mottakerrad(id, status, 0, null, null, null);
    }

    /**
     * A recipient letter that exists already (a later pass, or the same batch decided again before sending because its
     * KRR look-up got too old): while it still waits to be sent, a decision with another channel or rule replaces the
     * old one (timeline {@code BESLUTTET_PAA_NYTT}, a status message); the same decision only takes the new evidence
     * (the time of the look-up the send will rely on, rule 1), without a timeline row. A decision not to send (STOPPET,
     * MANUELL) does not replace one whose SvarUt attempt has an unknown outcome ({@code forsoek_gateway} SVARUT): SvarUt
     * may hold that letter, so it stays waiting, unchanged, for the flow to look it up first ({@link Kanalbytte}) and
     * record the decision only when SvarUt does not hold it ({@code svarUtSlaattOpp}, {@link #besluttetEtterSvarUtOppslag}).
     * Nor does STOPP or MANUELL replace one whose SMS/e-mail attempt has an unknown outcome ({@code forsoek_gateway}
     * VARSEL): that message may have arrived, so the flow hands it to manual handling instead ({@link #manuellEtterKanalbytte}).
     * Returns its state as stored.
     */
    private Mottakerrad besluttetPaaNytt(UUID brevId, UUID id, Mottakerbeslutning b, String grunnlagJson, boolean varselKanSendes,
                                         boolean svarUtSlaattOpp) {
        Mottakerstatus status = status(b, varselKanSendes);
        boolean venterPaaSvarUt = status != Mottakerstatus.KLAR_FOR_SENDING && !svarUtSlaattOpp;
        // STOPP or MANUELL after an SMS/e-mail attempt with unknown outcome: the flow hands it to a person instead (Kanalbytte)
        boolean sendesIkke = Kanalbytte.Gateway.av(b.kanal()) == null;
        // a reason recorded over an SMS/e-mail attempt with unknown outcome (no gateway set up now) says so
        int changed = jdbc.update("""
                update mottakerbrev set kanal = ?, regel = ?, grunnlag = ?::jsonb, status = ?, manuell_grunn = """ + MANUELL_GRUNN_ETTER_VARSEL + """
                     , endret_tid = now()
                 where id = ? and status = 'KLAR_FOR_SENDING' and (kanal, regel) is distinct from (?, ?)
                   and not (? and forsoek_gateway is not distinct from 'SVARUT') and not (? and forsoek_gateway is not distinct from 'VARSEL')""",
                medGrunn(new Object[]{b.kanal().name(), b.regel().kode(), grunnlagJson, status.name()},
                        manuellGrunnEtterVarsel(grunn(b, varselKanSendes), hva(b)),
                        new Object[]{id, b.kanal().name(), b.regel().kode(), venterPaaSvarUt, sendesIkke}));
        if (changed == 1) {
            tidslinje(brevId, id, "BESLUTTET_PAA_NYTT", b.rolle() + ": " + b.kanal() + " etter regel " + b.regel().kode()
                    + (svarUtSlaattOpp && status != Mottakerstatus.KLAR_FOR_SENDING
                    ? " (et tidligere forsøk er ikke hos SvarUt, slått opp på eksternReferanse)" : ""));
            utboks.leggInn(id, aarsak(b), null);
        } else {
            // the evidence is the look-up this send relies on: the first decision's would name an older one (rule 1);
            // only for the same decision, not for one held back for the SvarUt look-up
            jdbc.update("update mottakerbrev set grunnlag = ?::jsonb where id = ? and status = 'KLAR_FOR_SENDING' and (kanal, regel) is not distinct from (?, ?)",
                    grunnlagJson, id, b.kanal().name(), b.regel().kode());
        }
        return jdbc.queryForObject("select id, status, forsoek, neste_forsoek, forsoek_gateway, forsoek_varselkanal, " + SVARUT_TIDLIGERE
                        + " from mottakerbrev where id = ?",
                (rs, i) -> new Mottakerrad(rs.getObject(1, UUID.class), Mottakerstatus.valueOf(rs.getString(2)), rs.getInt(3),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant(),
                        rs.getString(5) == null ? null : Kanalbytte.Gateway.valueOf(rs.getString(5)),
                        rs.getString(6) == null ? null : Varslingskanal.valueOf(rs.getString(6)),
                        svarUtTidligere(rs.getBoolean(7), rs.getBoolean(8), rs.getTimestamp(9))), id);
    }

    /**
     * The new decision of a waiting recipient letter, recorded after the flow looked an earlier SvarUt attempt with an
     * unknown outcome up by eksternReferanse and SvarUt does not hold it ({@link Kanalbytte}): as {@link #registrerBeslutning}
     * for a recipient letter that exists, now also a decision not to send. Returns its state as stored; empty, with
     * nothing recorded, when this pass no longer holds the letter ({@code krav}, {@link #holdes}): the look-up was this
     * pass's, and the instance that took the letter over may have sent it meanwhile.
     */
    @Transactional
    public Optional<Mottakerrad> besluttetEtterSvarUtOppslag(UUID brevId, UUID id, UUID krav, Mottakerbeslutning b, String grunnlagJson,
                                                             boolean varselKanSendes) {
        if (!holdes(id, krav)) {
            return Optional.empty();
        }
        return Optional.of(besluttetPaaNytt(brevId, id, b, grunnlagJson, varselKanSendes, true));
    }

    /**
     * A waiting recipient letter whose recipient the new decisions no longer name and whose earlier SvarUt attempt had an
     * unknown outcome, after the flow looked it up by eksternReferanse and SvarUt does not hold it: to manual handling
     * with {@link #IKKE_LENGER_MOTTAKER} as {@link #registrerBeslutninger} does for one without such an attempt, the
     * timeline saying it was looked up. Only while it still waits, and only while this pass holds the letter ({@code krav},
     * {@link #holdes}); returns false, with nothing recorded, when the letter was taken over.
     */
    @Transactional
    public boolean ikkeLengerMottakerEtterSvarUtOppslag(UUID brevId, UUID id, UUID krav) {
        if (!holdes(id, krav)) {
            return false;
        }
        if (jdbc.update("""
                update mottakerbrev set status = 'MANUELL', manuell_grunn = ?, neste_forsoek = null, endret_tid = now()
                 where id = ? and status = 'KLAR_FOR_SENDING'""", IKKE_LENGER_MOTTAKER, id) == 1) {
            tidslinje(brevId, id, "MANUELL", IKKE_LENGER_MOTTAKER + " (et tidligere forsøk er ikke hos SvarUt, slått opp på eksternReferanse)");
            utboks.leggInn(id, Statusutboks.AARSAK_IKKE_LENGER_MOTTAKER, null);
        }
        return true;
    }

    /** The documents of several letters in one statement, each letter's in order; hold only as many bytes as the caller bounds. */
    public Map<UUID, List<Dokument>> dokumenter(java.util.Collection<UUID> brevIder) {
        Map<UUID, List<Dokument>> dokumenter = new java.util.HashMap<>();
        jdbc.query("select brev_id, filnavn, mime_type, innhold from brev_dokument where brev_id = any (?) order by brev_id, nr",
                rs -> {
                    dokumenter.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(new Dokument(rs.getString(2), rs.getString(3), false, false, new Dokument.Innhold.Bytes(rs.getBytes(4))));
                }, (Object) brevIder.toArray(new UUID[0]));
        return dokumenter;
    }

    /** Each letter's document bytes (letters without documents are missing); PostgreSQL reads the sizes without the content. */
    public Map<UUID, Long> dokumentstorrelser(java.util.Collection<UUID> brevIder) {
        Map<UUID, Long> storrelser = new java.util.HashMap<>();
        jdbc.query("select brev_id, sum(octet_length(innhold)) from brev_dokument where brev_id = any (?) group by brev_id",
                rs -> {
                    storrelser.put(rs.getObject(1, UUID.class), rs.getLong(2));
                }, (Object) brevIder.toArray(new UUID[0]));
        return storrelser;
    }

    /** A recipient letter SvarUt took, with SvarUt's id for it, sent under the claim token {@code krav} ({@link Brevrad#krav}). */
    public record Sendt(UUID brevId, UUID mottakerbrevId, UUID svarUtId, UUID krav) {
    }

    /**
     * Records the sends a pass made (SENDT, a timeline row and a status message each) in one transaction and a few
     * statements. Until then an attempt is only known as begun ({@link #sendingerBegynner}), so a crash in between
     * makes the next pass look the letter up by eksternReferanse instead of sending it again. Each only while its letter
     * is still claimed under the pass's token ({@link Sendt#krav}, {@link #laasForHolder}) and the recipient letter still
     * waits (KLAR_FOR_SENDING): a pass that stalled after SvarUt took its send may wake after another instance took the
     * letter over, found the send by eksternReferanse and recorded it, and the status poller moved it on (LEVERT); its
     * write would take the letter back to SENDT and tell the fagsystem "sent" after "delivered" (DOMAIN.md rule 8). One
     * not recorded gets no timeline row and no status message, and a WARN naming its ids (no personal data).
     * (Before session 31 the update was unconditional; {@code OvertakelseEndToEndTest}.)
     */
    @Transactional
    public void sendt(java.util.Collection<Sendt> sendt) {
        if (sendt.isEmpty()) {
            return;
        }
        // which are still held and waiting, on their rows locked and read by primary key (laasOgLesHoldte), one check per
        // claim token (a pass has one), as sendingerBegynner asks; then the update by primary key. As one update that tested
        // the claim per row against the unnest list (exists ... b.krav is not distinct from v.krav), PostgreSQL planned
        // brev × the list on the token (two distinct values) and a pass's update of 1,000 sends ran for more than ten
        // minutes (letter benchmark, session 31)
        jdbc.execute(UTEN_TABELLSKANNING);
        Map<Optional<UUID>, List<UUID>> perKrav = perKrav(sendt, Sendt::krav, Sendt::mottakerbrevId);
        if (perKrav.size() > 1) {
            // every row locked first in one order, as other writers lock them, before the reads per token
            laasForHolder(sendt.stream().map(Sendt::mottakerbrevId).toArray(UUID[]::new));
        }
        java.util.Set<UUID> skrevet = new java.util.HashSet<>();
        perKrav.forEach((krav, mottakerbrev) ->
                skrevet.addAll(laasOgLesHoldte(mottakerbrev.toArray(new UUID[0]), krav.orElse(null)).keySet()));
        List<Sendt> registrert = sendt.stream().filter(x -> skrevet.contains(x.mottakerbrevId())).toList();
        if (!registrert.isEmpty()) {
            UUID[] holdt = registrert.stream().map(Sendt::mottakerbrevId).toArray(UUID[]::new);
            // the ids once more as an index condition: joined with unnest alone, PostgreSQL read the whole table (auto_explain, session 19)
            jdbc.update("""
                    update mottakerbrev m set status = 'SENDT', svarut_id = v.svarut_id, svarut_status = 'MOTTATT', endret_tid = now()
                      from unnest(?::uuid[], ?::uuid[]) as v(id, svarut_id) where m.id = v.id and m.id = any (?)""",
                    holdt, registrert.stream().map(Sendt::svarUtId).toArray(UUID[]::new), holdt);
        }
        sendt.stream().filter(x -> !skrevet.contains(x.mottakerbrevId())).forEach(x -> log.warn(
                "Recipient letter {} of letter {} reached SvarUt (SvarUt-id {}) in this pass but is not recorded as sent by it:"
                        + " another instance took the letter over or recorded it meanwhile", x.mottakerbrevId(), x.brevId(), x.svarUtId()));
        if (registrert.isEmpty()) {
            return;
        }
        Tidslinjerader.skriv(jdbc, "SENDT", registrert.stream().map(x -> new Tidslinjerader.Rad(x.brevId(), x.mottakerbrevId(), "SvarUt-id " + x.svarUtId())).toList());
        utboks.leggInn(registrert.stream().map(Sendt::mottakerbrevId).toList(), null, null);
    }

    /**
     * Records, committed before the first request goes out, that a send of each of these recipient letters begins
     * (two statements for a pass's SvarUt sends). Returns those whose earlier attempt had already begun (its outcome may
     * be unknown: a lost answer, a crash), so the caller must look each up in SvarUt before sending again. A letter
     * recorded here whose send then never started (the instance died first) is looked up once more than needed:
     * never sent twice. Only for letters still claimed under {@code krav} ({@link #laasForHolder}) whose recipient
     * letter still waits ({@code KLAR_FOR_SENDING}): after a takeover the new holder's guard (an SMS/e-mail attempt of
     * its own, {@code forsoek_gateway} VARSEL) is not turned into SVARUT, and a recipient letter another writer recorded
     * since this pass read it (a stalled pass's send committed as this pass's claim did) does not get a guard of an
     * attempt that is never made (before session 31 the status was not checked: its open mark and gateway were written
     * over SENDT). Those are named in {@link Begynt#ikkeBegynt}, and the caller must not send them.
     */
    @Transactional
    public Begynt sendingerBegynner(java.util.Collection<UUID> ider, UUID krav) {
        if (ider.isEmpty()) {
            return new Begynt(Map.of(), java.util.Set.of());
        }
        // the rows locked and read, then their letters' claim, each by primary key (laasOgLesHoldte), and the update by
        // primary key. As one update joined with its own select, PostgreSQL tested every row of the pass against the whole
        // id list once more per row (0.23 ms per letter, the flow's costliest statement; session 22); as one select joined
        // with brev it read brev whole (session 33)
        jdbc.execute(UTEN_TABELLSKANNING);
        Map<UUID, Synlighetsregel.Tidligere> holdt = laasOgLesHoldte(ider.toArray(new UUID[0]), krav);
        java.util.Set<UUID> ikkeBegynt = new java.util.HashSet<>(ider);
        ikkeBegynt.removeAll(holdt.keySet());
        if (holdt.isEmpty()) {
            return new Begynt(Map.of(), ikkeBegynt);
        }
        // open until the attempt's end is recorded (svarUtForsoekAvsluttet): left open by a crash, so the next pass does
        // not trust a miss at once
        // and whose it is (svarut_sending_krav), so only this pass closes it as not sent (svarUtIkkeSendt)
        jdbc.update("""
                update mottakerbrev set sending_startet = coalesce(sending_startet, now()), forsoek_gateway = ?, svarut_sending_aapen = true,
                       svarut_sending_krav = ?::uuid where id = any (?)""",
                Kanalbytte.Gateway.SVARUT.name(), krav, holdt.keySet().toArray(new UUID[0]));
        Map<UUID, Synlighetsregel.Tidligere> begynt = new java.util.HashMap<>();
        holdt.forEach((id, t) -> {
            if (t.maaSlaasOpp()) {
                begynt.put(id, t);
            }
        });
        return new Begynt(begynt, ikkeBegynt);
    }

    /**
     * What {@link #sendingerBegynner} recorded: the recipient letters whose earlier attempt had begun, with what is known
     * of it ({@code tidligere}: to be looked up before sending again), and those not recorded as begun ({@code ikkeBegynt}:
     * taken over, or no longer waiting), which this pass must not send.
     */
    public record Begynt(Map<UUID, Synlighetsregel.Tidligere> tidligere, java.util.Set<UUID> ikkeBegynt) {
    }

    /**
     * Locks these recipient letters' rows ({@code for update}, held to the caller's commit) before a later statement of
     * the same transaction asks whether this pass still holds their letter ({@link #HOLDES_AV}) and writes about its own
     * attempt (the guard {@code forsoek_gateway}/{@code forsoek_varselkanal}, which an earlier read let it write). A
     * takeover committed before that statement is seen by it, so nothing is written; one committed after it can write
     * these rows (its own attempt's guard) only once this transaction has ended, so its write comes last. A check and
     * write in one statement would read the claim before it waited for the rows: a takeover in between went unseen.
     */
    private void laasForHolder(UUID[] ider) {
        jdbc.query("select id from mottakerbrev where id = any (?) order by id for update", rs -> {
        }, (Object) ider);
    }

    /**
     * {@link #laasForHolder} for a pass's many recipient letters, reading them as it locks them: of these, the ones that
     * still wait ({@code KLAR_FOR_SENDING}) and whose letter this pass still holds (BEHANDLES under {@code krav}, read in
     * a later statement than the lock, as {@link #HOLDES_AV} is), with what is known of their earlier SvarUt attempts.
     * Both statements take the rows by primary key only and the conditions are compared here: written as one select of
     * the recipient letters joined with their letters ({@code b.id = any (array(select …))}), PostgreSQL read all of brev
     * (and now and then all of mottakerbrev) for each of a pass's two records, testing every row against the
     * 1,000-element list, a cost that grows with every letter ever stored (1.4 and 1.2 ms per letter at ~50,000 letters,
     * half of PostgreSQL's time in the letter benchmark; docs/benchmarks.md, session 33). The caller's transaction runs
     * with sequential scans off ({@link #UTEN_TABELLSKANNING}), so a plan made for the list's length keeps to the index.
     */
    private Map<UUID, Synlighetsregel.Tidligere> laasOgLesHoldte(UUID[] ider, UUID krav) {
        Map<UUID, UUID> brevAv = new java.util.HashMap<>();
        Map<UUID, Synlighetsregel.Tidligere> klare = new java.util.HashMap<>();
        jdbc.query("select id, brev_id, status = 'KLAR_FOR_SENDING', " + SVARUT_TIDLIGERE
                + " from mottakerbrev where id = any (?) order by id for update", rs -> {
            if (rs.getBoolean(3)) {
                UUID id = rs.getObject(1, UUID.class);
                brevAv.put(id, rs.getObject(2, UUID.class));
                klare.put(id, svarUtTidligere(rs.getBoolean(4), rs.getBoolean(5), rs.getTimestamp(6)));
            }
        }, (Object) ider);
        if (klare.isEmpty()) {
            return klare;
        }
        java.util.Set<UUID> holdt = new java.util.HashSet<>(jdbc.queryForList(
                "select id from brev where id = any (?) and status || '' = 'BEHANDLES' and krav is not distinct from ?::uuid",
                UUID.class, new java.util.HashSet<>(brevAv.values()).toArray(new UUID[0]), krav));
        klare.keySet().removeIf(id -> !holdt.contains(brevAv.get(id)));
        return klare;
    }

    /**
     * For a transaction of a pass's statements by primary key over many rows (a batch of ~1,000): no sequential scan. With
     * the list's length known (a statement's first executions on a connection are planned for its values), PostgreSQL
     * read brev or mottakerbrev whole for 1,000 ids, as cheap by its estimate as 1,000 probes at ~50,000 rows and growing
     * with the table (session 33). Only for the rest of the caller's transaction ({@code set local}).
     */
    static final String UTEN_TABELLSKANNING = StatusPublisering.UTEN_TABELLSKANNING;

    /**
     * Whether this pass still holds the letter of recipient letter {@code id} ({@code krav}), its row locked first
     * ({@link #laasForHolder}) so a takeover committed later writes it only after the caller's transaction: for a write
     * of the caller's transaction about what this pass found or decided (a dead letter, "sent earlier", a decision after
     * a SvarUt look-up, a failed attempt, AVKLARES, manual handling after a channel change, a service message sent, a
     * wait after a look-up failed mid-pass), which a stalled pass must not make for a letter another instance took over
     * and may have sent. And only while the recipient letter still waits ({@code KLAR_FOR_SENDING}), as each of those
     * writes reads it: the claim alone does not say so, since a stalled pass's record ({@link #sendt}) can commit just as
     * this pass's claim does (its check read the claim before), after this pass read the recipient letter as waiting; a
     * write over it would record "sent" twice, or take a letter the status poller moved on back (DOMAIN.md rule 8).
     * (Before session 31 the claim alone was checked; {@code OvertakelseEndToEndTest}.)
     */
    private boolean holdes(UUID id, UUID krav) {
        laasForHolder(new UUID[]{id});
        return Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from mottakerbrev m where m.id = ? and m.status = 'KLAR_FOR_SENDING' and"
                        + HOLDES_AV + ")", Boolean.class, id, krav));
    }

    /** That letter {@code b} is still BEHANDLES under the claim token given (one parameter). */
    private static final String HOLDT = " b.status = 'BEHANDLES' and b.krav is not distinct from ?::uuid";

    /**
     * The condition that the letter of recipient letter {@code m} is still BEHANDLES under the claim token given (one
     * parameter), for a write about an attempt this pass made; after {@link #laasForHolder}.
     */
    private static final String HOLDES_AV = " exists (select 1 from brev b where b.id = m.brev_id and" + HOLDT + ")";

    /**
     * As {@link #sendingerBegynner}, for one SMS/e-mail attempt: records its gateway for {@link Kanalbytte} and its
     * channel for {@link Varselkanalbytte}, committed before the request goes out — only while its letter is still
     * claimed under {@code krav} ({@link #laasForHolder}) and the recipient letter still waits ({@code KLAR_FOR_SENDING},
     * as {@link #sendingerBegynner}). Returns false when it is not (another instance took it over after the fence
     * answered, or another writer recorded the recipient letter since this pass read it: a stalled pass's send committed
     * as this pass's claim did): nothing is recorded and the caller must not send. Written unconditionally, a stalled
     * instance's write replaced the new holder's guard (its channel with this one) and then sent on this channel; with
     * the claim alone checked (before session 32), a guard of this pass's SMS/e-mail was written over a letter already
     * SENDT or LEVERT, and the message sent as well.
     */
    @Transactional
    public boolean varselBegynner(UUID id, UUID krav, Varslingskanal kanal) {
        laasForHolder(new UUID[]{id});
        return jdbc.update("""
                update mottakerbrev m set sending_startet = coalesce(sending_startet, now()), forsoek_gateway = ?, forsoek_varselkanal = ?
                 where m.id = ? and m.status = 'KLAR_FOR_SENDING' and""" + HOLDES_AV, Kanalbytte.Gateway.VARSEL.name(), kanal.name(), id, krav) == 1;
    }

    /** Reason stored when a waiting recipient letter's recipient is no longer among the letter's recipients. */
    public static final String IKKE_LENGER_MOTTAKER = "Ikke lenger mottaker etter nye oppslag i Folkeregisteret"
            + " (f.eks. endret foreldreansvar); sendes ikke uten at en saksbehandler har sett på det";
    /** {@link #IKKE_LENGER_MOTTAKER} as a clause of {@link Varselkanalbytte#ukjentUtfallGrunn}. */
    static final String IKKE_LENGER_MOTTAKER_HVA = "mottakeren er ikke lenger mottaker etter nye oppslag i Folkeregisteret"
            + " (f.eks. endret foreldreansvar), så det sendes ikke mer";

    /**
     * The {@code manuell_grunn} a statement stores on a recipient letter by its own guard: {@link #manuellGrunnEtterVarsel}'s
     * four values, in order. A recipient letter whose SMS/e-mail attempt has an unknown outcome ({@code forsoek_gateway}
     * VARSEL) gets the reason that says so, by its channel ({@code forsoek_varselkanal}); any other the reason as it is.
     */
    private static final String MANUELL_GRUNN_ETTER_VARSEL = """
            case when forsoek_gateway is not distinct from 'VARSEL'
                 then case forsoek_varselkanal when 'SMS' then ? when 'EPOST' then ? else ? end
                 else ? end""";

    /** A statement's parameters: those before {@link #MANUELL_GRUNN_ETTER_VARSEL}, its four, those after. */
    private static Object[] medGrunn(Object[] foer, Object[] grunn, Object[] etter) {
        Object[] alle = java.util.Arrays.copyOf(foer, foer.length + grunn.length + etter.length);
        System.arraycopy(grunn, 0, alle, foer.length, grunn.length);
        System.arraycopy(etter, 0, alle, foer.length + grunn.length, etter.length);
        return alle;
    }

    /**
     * The parameters of {@link #MANUELL_GRUNN_ETTER_VARSEL} for {@code grunn} (null: none), {@code hva} saying it as a
     * clause ({@link Varselkanalbytte#manuellGrunn}): after an SMS, an e-mail, an unrecorded channel, and without an
     * SMS/e-mail attempt with unknown outcome.
     */
    private static Object[] manuellGrunnEtterVarsel(String grunn, String hva) {
        if (grunn == null) {
            return new Object[]{null, null, null, null};
        }
        return new Object[]{
                Varselkanalbytte.manuellGrunn(Varselkanalbytte.Utfall.UKJENT, Varslingskanal.SMS, grunn, hva),
                Varselkanalbytte.manuellGrunn(Varselkanalbytte.Utfall.UKJENT, Varslingskanal.EPOST, grunn, hva),
                Varselkanalbytte.manuellGrunn(Varselkanalbytte.Utfall.UKJENT, null, grunn, hva),
                grunn};
    }

    /**
     * No attempt begun can have delivered (a clear refusal, after none with unknown outcome): no gateway to check later.
     * Not for a refusal after a lost answer, which leaves the earlier attempt's guard ({@link Varselkanalbytte#etterFeil}).
     * Only while its letter is still claimed under {@code krav} ({@link #laasForHolder}): "none with unknown
     * outcome" was read before this pass's attempt, and an instance that took the letter over meanwhile may have made an
     * attempt of its own whose answer was lost; clearing its guard would let a later attempt switch channel (a second
     * message). And only while the recipient letter still waits ({@code KLAR_FOR_SENDING}): the guard of one another
     * writer recorded is the evidence of how it went out (before session 32 the claim alone was checked). Returns whether
     * it was cleared.
     */
    @Transactional
    public boolean forsoekUtenUtfall(UUID id, UUID krav) {
        laasForHolder(new UUID[]{id});
        return jdbc.update("update mottakerbrev m set forsoek_gateway = null where m.id = ? and m.status = 'KLAR_FOR_SENDING' and" + HOLDES_AV,
                id, krav) == 1;
    }

    /**
     * The new decision would send through another gateway than an earlier attempt whose outcome is unknown
     * ({@link Kanalbytte}): a person must check before anything more is sent.
     */
    @Transactional
    public boolean manuellEtterKanalbytte(UUID brevId, UUID id, UUID krav) {
        return manuellEtterKanalbytte(brevId, id, krav, Kanalbytte.MANUELL_GRUNN);
    }

    /**
     * As {@link #manuellEtterKanalbytte(UUID, UUID, UUID)} with the reason given: also for a service message whose earlier
     * SMS/e-mail attempt has an unknown outcome and whose channel can no longer be used ({@link Varselkanalbytte}).
     * Only while this pass holds the letter ({@code krav}, {@link #holdes}): returns false, with nothing recorded, when it
     * was taken over (its new holder decides and may have sent it meanwhile).
     */
    @Transactional
    public boolean manuellEtterKanalbytte(UUID brevId, UUID id, UUID krav, String grunn) {
        if (!holdes(id, krav)) {
            return false;
        }
        jdbc.update("update mottakerbrev set status = 'MANUELL', manuell_grunn = ?, neste_forsoek = null, endret_tid = now() where id = ?",
                grunn, id);
        tidslinje(brevId, id, "MANUELL", grunn);
        utboks.leggInn(id, Statusutboks.AARSAK_KANALBYTTE, null);
        return true;
    }

    /** An earlier SvarUt attempt did arrive (found by eksternReferanse): it counts, nothing more is sent. */
    @Transactional
    public boolean sendtTidligere(UUID brevId, UUID id, UUID krav, UUID svarUtId) {
        return sendtTidligere(brevId, id, krav, svarUtId, "varsel sendes ikke");
    }

    /**
     * As {@link #sendtTidligere(UUID, UUID, UUID)}; {@code merknad} says in the timeline what is therefore not done
     * (no personal data). The status poller follows the letter from here, and the fagsystem hears "sent". Only while this
     * pass holds the letter ({@code krav}, {@link #holdes}): returns false, with nothing recorded, when it was taken over
     * (its new holder records what it finds or sends itself).
     */
    @Transactional
    public boolean sendtTidligere(UUID brevId, UUID id, UUID krav, UUID svarUtId, String merknad) {
        if (!holdes(id, krav)) {
            return false;
        }
        jdbc.update("""
                update mottakerbrev set status = 'SENDT', svarut_id = ?, svarut_status = 'MOTTATT',
                       neste_forsoek = null, endret_tid = now() where id = ?""", svarUtId, id);
        tidslinje(brevId, id, "SENDT", "SvarUt-id " + svarUtId + " fra et tidligere forsøk (funnet på eksternReferanse); " + merknad);
        utboks.leggInn(id, null, null);
        return true;
    }

    /** The fagsystem's short text for an SMS or e-mail, when it gave one. */
    public Optional<String> varseltekst(UUID brevId) {
        return jdbc.query("select varseltekst from brev where id = ?", (rs, i) -> rs.getString(1), brevId).stream()
                .filter(java.util.Objects::nonNull).findFirst();
    }

    /**
     * A service message was taken by the SMS gateway or the SMTP server; the row keeps the channel and its id, never the
     * number or address. Only while this pass holds the letter ({@code krav}, {@link #holdes}): returns false, with nothing
     * recorded, when it was taken over meanwhile; the new holder finds this attempt's guard ({@link #varselBegynner}) and
     * treats its outcome as unknown ({@link Varselkanalbytte}), never sending it twice.
     */
    @Transactional
    public boolean varselSendt(UUID brevId, UUID id, UUID krav, Varslingskanal kanal, String varselId, String varselStatus, String oppslag) {
        if (!holdes(id, krav)) {
            return false;
        }
        jdbc.update("""
                update mottakerbrev set status = 'SENDT', varsel_kanal = ?, varsel_id = ?, varsel_status = ?, endret_tid = now()
                 where id = ?""", kanal.name(), varselId, varselStatus, id);
        // the evidence of the KRR look-up the message went out on (rule 1: the decision and its evidence, no contact data)
        tidslinje(brevId, id, "SENDT", (kanal == Varslingskanal.SMS ? "SMS, gateway-id " : "e-post, Message-ID ") + varselId + "; " + oppslag);
        utboks.leggInn(id, null, null);
        return true;
    }

    /**
     * A SvarUt send of this pass ended without the letter taken: {@code tapt} when its outcome is unknown (its answer was
     * lost or a 5xx, or a look-up around it failed), and the settle time then counts from now ({@link Synlighetsregel});
     * otherwise SvarUt answered, and what was known before stays. Recorded before the failure itself ({@link Forsoksregel}).
     * The open mark is closed only while it is this pass's ({@code svarut_sending_krav} = {@code krav}, as
     * {@link #svarUtIkkeSendt}): a stalled pass's late answer must not close the mark of an instance that took the letter
     * over and began its own attempt meanwhile (had that one then died, its attempt would look answered, and the next
     * holder would trust a miss at once and could send a second letter). A late {@code tapt} still moves the settle
     * time's start to now, never back: this pass's attempt may have reached SvarUt until now, whoever holds the letter.
     */
    public void svarUtForsoekAvsluttet(UUID id, UUID krav, boolean tapt) {
        jdbc.update("""
                update mottakerbrev set svarut_sending_aapen = svarut_sending_aapen and svarut_sending_krav is distinct from ?::uuid,
                       svarut_uavklart_fra = case when ? then greatest(svarut_uavklart_fra, now()) else svarut_uavklart_fra end
                 where id = ?""", krav, tapt, id);
    }

    /**
     * A SvarUt send of this pass certainly did not reach SvarUt ({@link no.kommune.esb.svarut.Sendeutfall#IKKE_SENDT}: the
     * takeover fence refused it before the call, SvarUt refused the platform with 401/403, the look-up before it failed):
     * its attempt is closed as "not sent", back to what was known before it ({@code tidligere}, as
     * {@link #sendingerBegynner} read it; open only while an earlier attempt's end is still unknown), so the next look-up
     * does not wait a settle time ({@link Synlighetsregel}) for an attempt that never went out. Only while the open
     * attempt is this pass's ({@code svarut_sending_krav} = {@code krav}): an instance that took the letter over may have
     * begun its own attempt meanwhile, and its mark must stay. Returns whether it was closed.
     */
    public boolean svarUtIkkeSendt(UUID id, UUID krav, Synlighetsregel.Tidligere tidligere) {
        return jdbc.update("""
                update mottakerbrev set svarut_sending_aapen = ? where id = ? and svarut_sending_aapen and svarut_sending_krav = ?::uuid""",
                tidligere.art() == Synlighetsregel.Art.UKJENT, id, krav) == 1;
    }

    /** Timeline event of {@link #venterPaaSvarUtSoek}. */
    public static final String HENDELSE_VENTER_PAA_SVARUT = "VENTER_PAA_SVARUT";

    /**
     * SvarUt did not find the recipient letter by eksternReferanse, too soon after an attempt with unknown outcome for
     * that to be final ({@link Synlighetsregel}): it waits until {@code igjen} to be looked up again, nothing sent and no
     * attempt counted; {@code uavklartFra} is kept, so the next look-up counts from the same moment. The timeline says why.
     * Only while this pass still holds the letter ({@code krav}, {@link #laasForHolder}), as {@link #svarUtForsoekAvsluttet}
     * and {@link #svarUtIkkeSendt} close only their own mark: a stalled pass's late "not found yet" must not close the open
     * mark of an instance that took the letter over and began its own attempt meanwhile (had that one then died, its
     * attempt would look answered, and the next holder would trust a miss at once and could send a second letter). While
     * the pass holds the letter the mark it closes is its own attempt's, or one a crashed earlier holder left, whose end
     * this look-up settles. The settle time's start never moves back ({@code greatest}): a stalled earlier holder may have
     * recorded a later unknown end meanwhile. Returns false, with nothing recorded, when the letter was taken over, and
     * when the recipient letter no longer waits ({@code KLAR_FOR_SENDING}, as {@link #holdes}): another writer recorded it
     * meanwhile (a stalled pass's send, the status poller), and a VENTER_PAA_SVARUT row and a next attempt on a letter
     * already SENDT or LEVERT would be false (before session 31 the claim alone was checked).
     */
    @Transactional
    public boolean venterPaaSvarUtSoek(UUID brevId, UUID id, UUID krav, Instant uavklartFra, Instant igjen, String grunn) {
        laasForHolder(new UUID[]{id});
        if (jdbc.update("""
                update mottakerbrev m set svarut_sending_aapen = false, svarut_uavklart_fra = greatest(m.svarut_uavklart_fra, ?),
                       neste_forsoek = ?, endret_tid = now()
                 where m.id = ? and m.status = 'KLAR_FOR_SENDING' and""" + HOLDES_AV, Timestamp.from(uavklartFra), Timestamp.from(igjen), id, krav) == 0) {
            return false;
        }
        tidslinje(brevId, id, HENDELSE_VENTER_PAA_SVARUT, grunn);
        return true;
    }

    /**
     * A failed attempt: the recipient letter waits for another one at {@code neste}. Only while this pass holds the letter
     * ({@code krav}, {@link #holdes}): returns false, with nothing recorded, when it was taken over (a stalled pass must
     * not count an attempt against, or move the next attempt of, a letter its new holder sends).
     */
    @Transactional
    public boolean nyttForsoek(UUID brevId, UUID id, UUID krav, int forsoek, Instant neste, Aarsak grunn) {
        return venterTil(brevId, id, krav, forsoek, neste, "NYTT_FORSOEK", new Aarsak(grunn.kode(),
                "forsøk " + forsoek + " feilet (" + grunn.tekst() + "), prøver igjen " + neste));
    }

    /**
     * The recipient letter waits until {@code neste} with {@code forsoek} attempts made, and the timeline says why; only
     * while this pass holds the letter ({@code krav}, {@link #holdes}), else nothing is recorded and it returns false.
     */
    private boolean venterTil(UUID brevId, UUID id, UUID krav, int forsoek, Instant neste, String hendelse, Aarsak detalj) {
        if (!holdes(id, krav)) {
            return false;
        }
        jdbc.update("update mottakerbrev set forsoek = ?, neste_forsoek = ?, endret_tid = now() where id = ?", forsoek, Timestamp.from(neste), id);
        tidslinje(brevId, id, hendelse, detalj.tekst(), detalj.kode());
        return true;
    }

    /**
     * The recipient letter's attempts are spent but SvarUt may hold it: it waits, with its attempts spent, to be looked
     * up by eksternReferanse at {@code neste} (never sent again, {@link Forsoksregel#feiletUavklart}). Only while this
     * pass holds the letter ({@code krav}, {@link #holdes}): returns false, with nothing recorded, when it was taken over.
     */
    @Transactional
    public boolean avklares(UUID brevId, UUID id, UUID krav, int forsoek, Instant neste, Aarsak grunn) {
        return venterTil(brevId, id, krav, forsoek, neste, "AVKLARES", new Aarsak(grunn.kode(), "forsøk " + forsoek + " feilet (" + grunn.tekst()
                + ") og kan ha nådd SvarUt; sendes ikke igjen, slås opp på eksternReferanse " + neste));
    }

    /**
     * The recipient letter's attempts are spent, or it cannot be sent: a dead letter, and the fagsystem hears "failed".
     * Only while this pass holds the letter ({@code krav}, {@link #holdes}): a stalled pass must not record a dead letter
     * for one the instance that took it over has sent meanwhile (an untruthful status, DOMAIN.md rule 8). Returns false,
     * with nothing recorded, when the letter was taken over.
     */
    @Transactional
    public boolean deadLetter(UUID brevId, UUID id, UUID krav, int forsoek, Aarsak grunn) {
        if (!holdes(id, krav)) {
            return false;
        }
        jdbc.update("update mottakerbrev set status = 'DEAD_LETTER', forsoek = ?, endret_tid = now() where id = ?", forsoek, id);
        jdbc.update("insert into dead_letter (id, kilde, referanse, grunn, aarsak, payload) values (?, 'forsendelse-send', ?, ?, ?, ?)",
                UUID.randomUUID(), id.toString(), grunn.tekst(), grunn.kode(),
                ("{\"brevId\":\"" + brevId + "\",\"mottakerbrevId\":\"" + id + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        tidslinje(brevId, id, "DEAD_LETTER", "ga opp etter " + forsoek + " forsøk: " + grunn.tekst(), grunn.kode());
        utboks.leggInn(id, null, null);
        return true;
    }

    /**
     * After processing: VENTER while a recipient letter waits for another attempt, else BEHANDLET; only while the letter
     * is still BEHANDLES under the claim token {@code krav}, by primary key (as {@link #avsluttPass}). Unconditional
     * (before session 32), a stalled pass's status ended the claim of the instance that took the letter over while that
     * one still sent it.
     */
    private void oppdaterBrevstatus(UUID brevId, UUID krav) {
        jdbc.update("update brev set endret_tid = now(), status = " + NY_BREVSTATUS
                + " where brev.id = ? and brev.status || '' = 'BEHANDLES' and brev.krav is not distinct from ?::uuid", brevId, krav);
    }

    /**
     * VENTER while one of the letter's recipient letters waits, else BEHANDLET. "status || ''" on purpose: with the
     * status as an index condition PostgreSQL walked every ready recipient letter of all letters (the index on status)
     * once per letter, 1,200–5,300 entries each, as soon as its statistics were taken while few were ready: 0.2–0.4 ms
     * per letter at the end of each pass (docs/benchmarks.md, session 19). A letter's own few are found by brev_id.
     */
    private static final String NY_BREVSTATUS = """
            case when exists (select 1 from mottakerbrev m where m.brev_id = brev.id and m.status || '' = 'KLAR_FOR_SENDING')
                 then 'VENTER' else 'BEHANDLET' end""";

    /**
     * The end of a pass: {@link #oppdaterBrevstatus(UUID, UUID)} for the batch's letters in one statement, each only while still
     * BEHANDLES under this pass's claim. A letter another instance took over meanwhile is its new holder's to end: set
     * here, it would leave that holder's claim while it still sends.
     */
    @Transactional
    public void avsluttPass(java.util.Collection<Brevrad> brev) {
        // by primary key: with the 1,000 ids known to the plan, PostgreSQL read all of brev for them (session 33)
        jdbc.execute(UTEN_TABELLSKANNING);
        // one statement per claim token (a batch has one): joined with unnest(id, krav) PostgreSQL planned the update
        // 5-6 times slower than by id = any(…) (letter benchmark, session 17)
        Map<Optional<UUID>, List<UUID>> perKrav = perKrav(brev, Brevrad::krav, Brevrad::id);
        // the letters by primary key: "status || ''" keeps PostgreSQL from walking all claimed letters by the index on
        // status and testing each against the 1,000 ids (as it did with statistics taken while none was claimed)
        perKrav.forEach((krav, ider) -> jdbc.update("update brev set endret_tid = now(), status = " + NY_BREVSTATUS
                + " where brev.id = any (?) and brev.status || '' = 'BEHANDLES' and brev.krav is not distinct from ?::uuid",
                ider.toArray(UUID[]::new), krav.orElse(null)));
    }

    public void tidslinje(UUID brevId, UUID mottakerbrevId, String hendelse, String detalj) {
        tidslinje(brevId, mottakerbrevId, hendelse, detalj, null);
    }

    /** A timeline row with its reason's stable code ({@code aarsak}, V54; null when the row is no failure). */
    public void tidslinje(UUID brevId, UUID mottakerbrevId, String hendelse, String detalj, String aarsak) {
        jdbc.update("insert into tidslinje (brev_id, mottakerbrev_id, hendelse, detalj, aarsak) values (?, ?, ?, ?, ?)",
                brevId, mottakerbrevId, hendelse, detalj, aarsak);
    }
}
