package no.kommune.esb.uttrekk.vask;

import no.kommune.esb.register.Ventetid;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
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
 * </ul>
 * Each claim keeps the answer's name part ({@link VaskSftp#merke}) from its first attempt: every later attempt writes
 * the same name, so an answer an attempt wrote before it died is found ({@link VaskLaas}) and never written twice (the
 * write has {@code fileExist=Fail}). Right before the answer is written the route checks that the claim is still this
 * attempt's and renews it ({@link #foerSvar}): an attempt whose claim passed to another instance (or a later attempt)
 * writes nothing and leaves the file to the holder. An attempt is known by the holder and its {@code forsoek}, the
 * number the claim had when it took it (every take adds one). The key is path, size and modification time: the same
 * name sent again with new content is a new file. It is stored as a SHA-256 digest: a file name may hold an identity
 * number.
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

    private final JdbcTemplate jdbc;
    private final VaskProperties props;
    private final Ventetid vent;
    /** This instance, as the holder of its claims. */
    private final String holder = UUID.randomUUID().toString();
    /** The claims this instance washes now (key → attempt), renewed by the heartbeat ({@link #fornyKrav}). */
    private final Map<String, Integer> loepende = new ConcurrentHashMap<>();

    public VaskKrav(JdbcTemplate jdbc, VaskProperties props) {
        this.jdbc = jdbc;
        this.props = props;
        this.vent = new Ventetid(props.kravVentFoerste(), props.kravVentMaks(), 0.2, new Random());
    }

    /** What {@link #ta} found. */
    public enum Utfall {
        /** Claimed for the first time: wash it. */
        TATT,
        /** Claimed again (its holder died, or an attempt failed): wash it, unless the answer {@link Krav#merke} names is there. */
        TATT_IGJEN,
        /** Its answer is written: leave it, the file may be moved aside. */
        BESVART,
        /** Another instance holds it, or it waits before its next attempt: leave the file where it is. */
        OPPTATT
    }

    /** The outcome of a claim, with the key and the answer's name part (null unless taken). */
    public record Krav(Utfall utfall, String noekkel, String merke, int forsoek) {
        public boolean tatt() {
            return utfall == Utfall.TATT || utfall == Utfall.TATT_IGJEN;
        }
    }

    /** The claim's key of a file as the SFTP consumer lists it: path from the platform's home, size, modification time (ms). */
    static String noekkel(String sti, long lengde, long endret) {
        return digest(sti + ":" + lengde + ":" + endret);
    }

    /** Claims a file by its key before digesting ({@code <path>:<size>:<modified>}); for tests and {@link VaskLaas}. */
    public Krav ta(String fil) {
        return taDigest(digest(fil));
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
                        returning forsoek, merke""",
                (rs, i) -> new Krav(rs.getInt(1) == 1 ? Utfall.TATT : Utfall.TATT_IGJEN, noekkel, rs.getString(2), rs.getInt(1)),
                noekkel, holder, props.kravFrist().toMillis(), merke);
        if (!tatt.isEmpty()) {
            Krav k = tatt.get(0);
            if (k.utfall() == Utfall.TATT_IGJEN) {
                log.warn("SFTP wash: a file's claim taken again (attempt {}): the last attempt did not finish", k.forsoek());
            }
            return k;
        }
        List<String> tilstand = jdbc.queryForList("select tilstand from vask_krav where noekkel = ?", String.class, noekkel);
        return new Krav(!tilstand.isEmpty() && tilstand.get(0).equals("BESVART") ? Utfall.BESVART : Utfall.OPPTATT, noekkel, null, 0);
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
                            forsoek = forsoek + 1, neste_forsoek = null, merke = ?, besvart = null
                        where noekkel = ? and tilstand = 'BESVART'
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

    /** The answer is written: the claim is done (route, right after the write). */
    public void besvart(Exchange exchange) {
        merkBesvart(exchange.getProperty(NOEKKEL, String.class));
    }

    /** Marks the claim answered; false (and a warning) when another instance took it over meanwhile. */
    boolean merkBesvart(String noekkel) {
        // no longer renewed: first, so a renewal meanwhile that finds it answered does not take it for a lost claim
        loepende.remove(noekkel);
        int n = jdbc.update("update vask_krav set tilstand = 'BESVART', besvart = now(), frist = null where noekkel = ? and holder = ?",
                noekkel, holder);
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
     * An attempt failed (the wash, or the answer's write): the next one after a wait that doubles per failure. {@code fil}
     * names the file in the log line, its identity numbers masked (Camel's own rollback warning, which names it whole, is off).
     */
    void feilet(String noekkel, String fil) {
        Integer forsoek = jdbc.query("select forsoek from vask_krav where noekkel = ? and holder = ? and tilstand = 'TATT'",
                rs -> rs.next() ? rs.getInt(1) : null, noekkel, holder);
        if (forsoek == null) {
            return;
        }
        long ms = vent.etter(forsoek).toMillis();
        jdbc.update("update vask_krav set tilstand = 'FEILET', frist = null, neste_forsoek = now() + ? * interval '1 millisecond' "
                + "where noekkel = ? and holder = ? and tilstand = 'TATT'", ms, noekkel, holder);
        log.warn("SFTP wash: attempt {} at {} failed; the next in {} ms (the file stays in vask/inn)", forsoek, fil, ms);
    }

    /** The claim is given back untried (the consumer stopped before the exchange ran): free to take at once. */
    void slipp(String noekkel) {
        jdbc.update("update vask_krav set tilstand = 'FEILET', frist = null, neste_forsoek = now(), forsoek = greatest(forsoek - 1, 1) "
                + "where noekkel = ? and holder = ? and tilstand = 'TATT'", noekkel, holder);
    }

    /** An answer an earlier attempt wrote was found: the claim is done without washing again. */
    void funnetBesvart(String noekkel) {
        jdbc.update("update vask_krav set tilstand = 'BESVART', besvart = now(), frist = null where noekkel = ? and holder = ?", noekkel, holder);
        log.warn("SFTP wash: an earlier attempt had written the answer before it stopped; not washed again");
    }

    private static String digest(String noekkel) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(noekkel.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
