package no.kommune.esb.uttrekk.vask;

import no.kommune.esb.register.Ventetid;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The claim of an SFTP wash file across instances (table {@code vask_krav}, V24, states V39): every instance polling the
 * drop folders may see the same file; only the one that holds its claim washes it, and the claim is done only when the
 * answer is written, so a file is never lost and never washed by two instances at once.
 * <ul>
 * <li>{@code TATT}: an instance washes it, until {@code frist} ({@code vask.krav-frist}), which the instance renews
 *     while the wash runs ({@link #fornyLoepende}; the heartbeat {@link #fornyKrav}, route {@code vask-krav}, every
 *     {@code vask.krav-fornyelse}); an instance that died with it (or cannot reach the database to renew it) leaves it
 *     to be taken again after that.</li>
 * <li>{@code FEILET}: the wash or the answer's write failed; taken again from {@code neste_forsoek} (waits doubling
 *     from {@code vask.krav-vent-foerste} to {@code vask.krav-vent-maks}). The file stays in {@code vask/inn} meanwhile.</li>
 * <li>{@code BESVART}: the answer (or a refusal) is written; the file may be moved aside.</li>
 * <li>{@code GITT_OPP} (V78): {@code vask.krav-maks-forsoek} attempts failed; the next take ({@link Utfall#GI_OPP})
 *     washes nothing, keeps the file as a dead letter ({@code dead_letter}, written once) and writes the fagsystem a
 *     note under the refusal's name; final, as {@code BESVART}. Until then a file that failed for good (the register
 *     down for days, an answer folder that cannot be written) was tried every {@code vask.krav-vent-maks} for ever.</li>
 * </ul>
 * Each claim keeps the answer's name part ({@link VaskSftp#merke}) from its first attempt: every later attempt writes
 * the same name, so an answer an attempt wrote before it died is found ({@link VaskLaas}) and never written twice (the
 * write has {@code fileExist=Fail}). Right before the answer is written the route checks that the claim is still this
 * attempt's and renews it ({@link #foerSvar}): an attempt whose claim passed to another instance (or a later attempt)
 * writes nothing and leaves the file to the holder. An attempt is known by the holder and its {@code forsoek}, the
 * number the claim had when it took it (every take adds one). The key is path, size and modification time: the same
 * name sent again with new content is a new file. It is stored as a keyed hash (HMAC-SHA256, {@link Kravnoekkel}): a
 * file name may hold an identity number, and until the closing notes of session 32 the key was its plain SHA-256, which
 * anyone holding the table could reverse by trying the 11-digit numbers; a claim stored under such a key is moved to the
 * keyed one when its file is polled again ({@link #ta}). Claims are deleted once past the wash's retention
 * ({@link #rydd}, from {@link VaskRydding}); until then they were kept for ever.
 */
@Component("vaskKrav")
public class VaskKrav {

    private static final Logger log = LoggerFactory.getLogger(VaskKrav.class);

    /** Exchange property: the claim's key (digest) of the file this exchange washes. */
    static final String NOEKKEL = "esbVaskKrav";
    /** Exchange property: the answer's name part this claim keeps ({@link VaskSftp#merke}). */
    static final String MERKE = "esbVaskMerke";
    /** Exchange property: true when the file's answer is written already; the route only moves the file aside. */
    static final String BESVART = "esbVaskBesvart";
    /** Exchange property: the claim's attempt number when this exchange took it (with the holder: this attempt). */
    static final String FORSOEK = "esbVaskForsoek";
    /** Exchange property: true when this exchange gives the file up (its attempts are used up): no wash, a note. */
    static final String GI_OPP = "esbVaskGiOpp";
    /** Exchange property: the file's outcome ({@link VaskMaalinger.Fil}), counted once the answer is written. */
    static final String UTFALL = "esbVaskUtfall";

    private final JdbcTemplate jdbc;
    private final VaskProperties props;
    private final VaskMaalinger maalinger;
    private final Ventetid vent;
    private final Kravnoekkel noekler;
    /** This instance, as the holder of its claims. */
    private final String holder = UUID.randomUUID().toString();
    /** The claims this instance washes now (key → attempt), renewed by the heartbeat ({@link #fornyKrav}). */
    private final Map<String, Integer> loepende = new ConcurrentHashMap<>();

    public VaskKrav(JdbcTemplate jdbc, VaskProperties props, VaskMaalinger maalinger) {
        this.jdbc = jdbc;
        this.props = props;
        this.maalinger = maalinger;
        this.vent = new Ventetid(props.kravVentFoerste(), props.kravVentMaks(), 0.2, new Random());
        this.noekler = new Kravnoekkel(jdbc);
    }

    /** What {@link #ta} found. */
    public enum Utfall {
        /** Claimed for the first time: wash it. */
        TATT,
        /** Claimed again (its holder died, or an attempt failed): wash it, unless the answer {@link Krav#merke} names is there. */
        TATT_IGJEN,
        /** Claimed again after {@code vask.krav-maks-forsoek} failed attempts: give it up (no wash; a dead letter and a note). */
        GI_OPP,
        /** Its answer (or the note that it was given up) is written: leave it, the file may be moved aside. */
        BESVART,
        /** Another instance holds it, or it waits before its next attempt: leave the file where it is. */
        OPPTATT
    }

    /** The outcome of a claim, with the key and the answer's name part (null unless taken or answered). */
    public record Krav(Utfall utfall, String noekkel, String merke, int forsoek) {
        public boolean tatt() {
            return utfall == Utfall.TATT || utfall == Utfall.TATT_IGJEN || utfall == Utfall.GI_OPP;
        }
    }

    /** Whether a claim taken at attempt {@code forsoek} of a round that started after {@code fra} has used its attempts up. */
    static Utfall utfall(int forsoek, int fra, int maks) {
        int iRunden = forsoek - fra;
        return iRunden > maks ? Utfall.GI_OPP : iRunden == 1 ? Utfall.TATT : Utfall.TATT_IGJEN;
    }

    /** What the claim's key is made of for a file as the SFTP consumer lists it: path from the platform's home, size, modification time (ms). */
    static String fil(String sti, long lengde, long endret) {
        return sti + ":" + lengde + ":" + endret;
    }

    /** The claim's key of a file ({@code <path>:<size>:<modified>}, {@link #fil}): its keyed hash. */
    String noekkel(String fil) {
        return noekler.av(fil);
    }

    /**
     * Claims a file by what its key is made of ({@code <path>:<size>:<modified>}, {@link #fil}); {@link VaskLaas} and
     * tests. A claim stored before the closing notes of session 32 under the plain SHA-256 of it is moved to the keyed
     * hash first (one update, which finds nothing once such claims are gone), so a file answered or held before the
     * upgrade is neither washed again nor taken twice.
     */
    public Krav ta(String fil) {
        String noekkel = noekler.av(fil);
        jdbc.update("update vask_krav set noekkel = ? where noekkel = ? and not exists (select 1 from vask_krav where noekkel = ?)",
                noekkel, Kravnoekkel.usaltet(fil), noekkel);
        return taDigest(noekkel);
    }

    /**
     * Deletes the claims past the wash's retention: answered or given up before {@code grense}, failed and not taken
     * again since (their file is gone: a file still there is taken at its next attempt), or held by an instance whose
     * lease ran out then (it died, and no poll found the file since). A file of such a claim sent again later is a new
     * file to the wash, as it is once retention has deleted its processed copy ({@link Vaskeoppbevaring#kopienKanVaereSlettet}).
     * Claims from before V39 have no times of their own but {@code tatt}. Returns how many it deleted.
     */
    int rydd(Instant grense) {
        java.sql.Timestamp t = java.sql.Timestamp.from(grense);
        return jdbc.update("""
                delete from vask_krav
                 where (tilstand in ('BESVART', 'GITT_OPP') and coalesce(besvart, tatt) < ?)
                    or (tilstand = 'FEILET' and coalesce(neste_forsoek, tatt) < ?)
                    or (tilstand = 'TATT' and coalesce(frist, tatt) < ?)""", t, t, t);
    }

    Krav taDigest(String noekkel) {
        String merke = VaskSftp.merke(Instant.now(), UUID.randomUUID());
        // a new key is inserted; an existing one is taken again only when its holder's lease ran out or its wait is over
        List<Krav> tatt = jdbc.query("""
                        insert into vask_krav (noekkel, tilstand, holder, frist, forsoek, merke)
                        values (?, 'TATT', ?, now() + ? * interval '1 millisecond', 1, ?)
                        on conflict (noekkel) do update set tilstand = 'TATT', holder = excluded.holder, frist = excluded.frist,
                            forsoek = vask_krav.forsoek + 1, neste_forsoek = null, merke = coalesce(vask_krav.merke, excluded.merke)
                        where (vask_krav.tilstand = 'TATT' and vask_krav.frist < now())
                           or (vask_krav.tilstand = 'FEILET' and vask_krav.neste_forsoek <= now())
                        returning forsoek, merke, forsoek_fra""",
                (rs, i) -> new Krav(utfall(rs.getInt(1), rs.getInt(3), props.kravMaksForsoek()), noekkel, rs.getString(2), rs.getInt(1)),
                noekkel, holder, props.kravFrist().toMillis(), merke);
        if (!tatt.isEmpty()) {
            Krav k = tatt.get(0);
            if (k.utfall() == Utfall.TATT_IGJEN) {
                log.warn("SFTP wash: a file's claim taken again (attempt {}): the last attempt did not finish", k.forsoek());
            } else if (k.utfall() == Utfall.GI_OPP) {
                log.warn("SFTP wash: a file's claim taken to give it up: {} attempt(s) failed (vask.krav-maks-forsoek)", props.kravMaksForsoek());
            }
            return k;
        }
        // answered, or given up with its note written: both final (the file may be moved aside, under its claim's name)
        return jdbc.query("select tilstand, merke from vask_krav where noekkel = ?", rs -> rs.next()
                && (rs.getString(1).equals("BESVART") || rs.getString(1).equals("GITT_OPP"))
                ? new Krav(Utfall.BESVART, noekkel, rs.getString(2), 0) : new Krav(Utfall.OPPTATT, noekkel, null, 0), noekkel);
    }

    /**
     * A file whose claim is answered and whose answered copy lies in {@code vask/inn/.behandlet} (same name, size and
     * time): the fagsystem sent the very same file again, its time kept by the upload (WinSCP's default, {@code put -p}),
     * so the same key. Taken as a new file with an answer name of its own, unless another instance took it first
     * ({@link Utfall#OPPTATT}). Until session 31 such a file was moved aside unanswered.
     */
    Krav taPaaNytt(String noekkel) {
        String merke = VaskSftp.merke(Instant.now(), UUID.randomUUID());
        List<Krav> tatt = jdbc.query("""
                        update vask_krav set tilstand = 'TATT', holder = ?, frist = now() + ? * interval '1 millisecond',
                            forsoek = forsoek + 1, forsoek_fra = forsoek, neste_forsoek = null, merke = ?, besvart = null,
                            siste_feil = null, dead_letter = null
                        where noekkel = ? and tilstand in ('BESVART', 'GITT_OPP')
                        returning forsoek, merke""",
                (rs, i) -> new Krav(Utfall.TATT, noekkel, rs.getString(2), rs.getInt(1)),
                holder, props.kravFrist().toMillis(), merke, noekkel);
        if (tatt.isEmpty()) {
            return new Krav(Utfall.OPPTATT, noekkel, null, 0);
        }
        log.info("SFTP wash: a file answered before was sent again (same name, size and time); washed as a new file");
        return tatt.get(0);
    }

    /** Whether the route should wash the exchange's file: claimed by this instance, and its answer not found written. */
    public boolean skalVaskes(Exchange exchange) {
        return exchange.getProperty(NOEKKEL, String.class) != null && !exchange.getProperty(BESVART, false, Boolean.class);
    }

    /**
     * The answer (or refusal, or the note that the file was given up) is written: the claim is done (route, right after
     * the write), and the file's outcome counted ({@link VaskMaalinger}).
     */
    public void besvart(Exchange exchange) {
        boolean gittOpp = exchange.getProperty(GI_OPP, false, Boolean.class);
        if (merk(exchange.getProperty(NOEKKEL, String.class), gittOpp ? "GITT_OPP" : "BESVART")) {
            VaskMaalinger.Fil utfall = exchange.getProperty(UTFALL, VaskMaalinger.Fil.class);
            if (utfall != null) {
                maalinger.fil(utfall);
            }
        }
    }

    /** Marks the claim answered; false (and a warning) when another instance took it over meanwhile. */
    boolean merkBesvart(String noekkel) {
        return merk(noekkel, "BESVART");
    }

    private boolean merk(String noekkel, String tilstand) {
        // no longer renewed: first, so a renewal meanwhile that finds it answered does not take it for a lost claim
        loepende.remove(noekkel);
        int n = jdbc.update("update vask_krav set tilstand = ?, besvart = now(), frist = null where noekkel = ? and holder = ?",
                tilstand, noekkel, holder);
        if (n == 0) {
            // the claim was checked right before the write (foerSvar) and is renewed during it: another instance took it
            // over only if this one could not renew it for a whole vask.krav-frist meanwhile; it finds this answer (same name)
            log.warn("SFTP wash: the answer is written after the file's claim passed to another instance (not renewed during the write)");
        }
        return n == 1;
    }

    /**
     * Renews the claim's time while this attempt washes the file, until {@link #avsluttFornyelse} (the read lock's
     * release). Until session 23 the claim was not renewed: a wash longer than {@code vask.krav-frist} (a big file, a slow
     * register) let another instance take the file while the first still washed it.
     */
    void fornyLoepende(String noekkel, int forsoek) {
        loepende.put(noekkel, forsoek);
    }

    /** The attempt at the file is over (answered, failed or given back): its claim is no longer renewed. */
    void avsluttFornyelse(String noekkel) {
        loepende.remove(noekkel);
    }

    /**
     * The heartbeat (route {@code vask-krav}, every {@code vask.krav-fornyelse}, at most half of {@code vask.krav-frist},
     * as the letters' {@code forsendelse-krav} renews theirs): renews the claims of the files this instance washes now, each
     * only while this attempt still holds it; a claim it no longer holds is dropped and nothing is written to it. Returns
     * how many claims were renewed.
     */
    public int fornyKrav() {
        int fornyet = 0;
        for (Map.Entry<String, Integer> krav : loepende.entrySet()) {
            String noekkel = krav.getKey();
            int forsoek = krav.getValue();
            try {
                if (forny(noekkel, forsoek)) {
                    fornyet++;
                } else if (loepende.remove(noekkel, forsoek)) {
                    // not held, and not ended meanwhile (an answered claim leaves the map before it is marked answered)
                    log.warn("SFTP wash: a file's claim passed to another instance during the wash (not renewed in time); "
                            + "this attempt will not write its answer");
                }
            } catch (RuntimeException e) {
                // the database did not answer: the next round tries again; the claim holds until its frist
                log.warn("SFTP wash: a file's claim could not be renewed ({}); trying again", e.getClass().getSimpleName());
            }
        }
        return fornyet;
    }

    /**
     * Extends the claim's time by {@code vask.krav-frist} from now, only while this attempt still holds it (this holder,
     * this attempt, {@code TATT}); false when it does not (its time ran out and another instance took it, or it is done).
     */
    boolean forny(String noekkel, int forsoek) {
        return jdbc.update("update vask_krav set frist = now() + ? * interval '1 millisecond' "
                + "where noekkel = ? and holder = ? and forsoek = ? and tilstand = 'TATT'",
                props.kravFrist().toMillis(), noekkel, holder, forsoek) == 1;
    }

    /**
     * Right before the answer (or refusal) is written (route): the claim must still be this attempt's, renewed here for a
     * full {@code vask.krav-frist} to cover the write. An attempt that lost it writes nothing: the exchange is rolled back
     * without the route's retries (the file stays for the holder, {@link #feilet} leaves a claim it does not hold alone),
     * so the fagsystem never gets a second or a half-written answer from an attempt another instance took over.
     */
    public void foerSvar(Exchange exchange) {
        String noekkel = exchange.getProperty(NOEKKEL, String.class);
        Integer forsoek = exchange.getProperty(FORSOEK, Integer.class);
        if (noekkel != null && forsoek != null && forny(noekkel, forsoek)) {
            return;
        }
        if (noekkel != null) {
            avsluttFornyelse(noekkel);
        }
        log.warn("SFTP wash: the file's claim passed to another instance during the wash; this attempt's answer is not written");
        exchange.setRollbackOnly(true);
        throw new KravTaptException();
    }

    /** The attempt lost its claim before it wrote the answer (see {@link #foerSvar}). */
    static final class KravTaptException extends IllegalStateException {
        KravTaptException() {
            super("the wash file's claim passed to another instance; the answer is not written");
        }
    }

    /**
     * An attempt failed (the wash, the answer's write, the download): the next one after a wait that doubles per failure;
     * after the {@code vask.krav-maks-forsoek}-th, the next poll gives the file up ({@link Utfall#GI_OPP}, no wait). A
     * give-up whose note could not be written waits as a failed attempt does, and gives up again. {@code fil} names the
     * file in the log line, its identity numbers masked (Camel's own rollback warning, which names it whole, is off);
     * {@code grunn} is the failure in words ({@code platform.Feilaarsak}), kept for the note and the dead letter.
     */
    void feilet(String noekkel, String fil, String grunn) {
        int[] forsoek = jdbc.query("select forsoek, forsoek_fra from vask_krav where noekkel = ? and holder = ? and tilstand = 'TATT'",
                rs -> rs.next() ? new int[] {rs.getInt(1), rs.getInt(2)} : null, noekkel, holder);
        if (forsoek == null) {
            return;
        }
        int iRunden = forsoek[0] - forsoek[1];
        boolean sisteForsoek = iRunden == props.kravMaksForsoek();
        long ms = sisteForsoek ? 0 : vent.etter(Math.max(iRunden, 1)).toMillis();
        // a give-up's own failure (iRunden over the cap) keeps the reason of the last wash attempt
        jdbc.update("update vask_krav set tilstand = 'FEILET', frist = null, neste_forsoek = now() + ? * interval '1 millisecond', "
                + "siste_feil = case when ? then siste_feil else ? end where noekkel = ? and holder = ? and tilstand = 'TATT'",
                ms, iRunden > props.kravMaksForsoek(), grunn, noekkel, holder);
        maalinger.feiletForsoek(fagsystem(fil));
        if (sisteForsoek) {
            log.warn("SFTP wash: attempt {} at {} failed; its {} attempts are used up (vask.krav-maks-forsoek): the next poll gives it up",
                    forsoek[0], fil, props.kravMaksForsoek());
        } else {
            log.warn("SFTP wash: attempt {} at {} failed; the next in {} ms (the file stays in vask/inn)", forsoek[0], fil, ms);
        }
    }

    /** The fagsystem a wash file's path {@code <fagsystem>/vask/inn/<name>} names (its first folder). */
    private static String fagsystem(String fil) {
        int skille = fil.indexOf('/');
        return skille > 0 ? fil.substring(0, skille) : null;
    }

    /** What a file given up failed with: the last attempt's reason in words, and its dead letter once written. */
    record Oppgivelse(String sisteFeil, UUID deadLetter) {
    }

    /** The claim's failures, locked for the caller's transaction ({@code for update}: its dead letter is written once). */
    Oppgivelse oppgivelse(String noekkel) {
        return jdbc.query("select siste_feil, dead_letter from vask_krav where noekkel = ? for update",
                rs -> rs.next() ? new Oppgivelse(rs.getString(1), rs.getObject(2, UUID.class)) : null, noekkel);
    }

    /** Records the dead letter that keeps a file given up (in the transaction of {@link #oppgivelse}). */
    void settDeadLetter(String noekkel, UUID deadLetter) {
        jdbc.update("update vask_krav set dead_letter = ? where noekkel = ?", deadLetter, noekkel);
    }

    /** The claim is given back untried (the consumer stopped before the exchange ran): free to take at once. */
    void slipp(String noekkel) {
        jdbc.update("update vask_krav set tilstand = 'FEILET', frist = null, neste_forsoek = now(), forsoek = greatest(forsoek - 1, 1) "
                + "where noekkel = ? and holder = ? and tilstand = 'TATT'", noekkel, holder);
    }

    /**
     * An answer an earlier attempt wrote was found: the claim is done without washing again (given up when that attempt
     * was a give-up: its dead letter is written before its note).
     */
    void funnetBesvart(String noekkel) {
        jdbc.update("update vask_krav set tilstand = case when dead_letter is null then 'BESVART' else 'GITT_OPP' end, besvart = now(), "
                + "frist = null where noekkel = ? and holder = ?", noekkel, holder);
        log.warn("SFTP wash: an earlier attempt had written the answer before it stopped; not washed again");
    }

}
