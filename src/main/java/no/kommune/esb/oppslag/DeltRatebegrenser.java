package no.kommune.esb.oppslag;

import no.kommune.esb.platform.Traader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The look-up rate limit shared by every instance: per caller at most {@code burst} calls in each fixed window of
 * {@code burst / perSekund} seconds (default 100 calls in 2 s, i.e. 50/s on average), counted in PostgreSQL
 * ({@code oppslag_grense}, V23), on top of this instance's own {@link Ratebegrenser}.
 *
 * <p>Local pre-aggregation, so a call costs no round trip: {@link #ta} decides from what this instance knows (the
 * window's total at the last {@link #synkroniser}, plus what it let through since) and only counts locally; every
 * {@code oppslag.delt-grense.synk} (100 ms) {@link #synkroniser} adds each caller's local count to the shared row in
 * one upsert and learns the total, the other instances' calls included; a caller with no calls since the last turn
 * costs no write. The first call of a caller in a window reads the window's total once, outside the caller's lock, so
 * no call waits on the database for another. The price: within one window the instances together may let through
 * what the others did since their last turn beyond {@code burst} (at most one sync interval of calls each, the turn
 * being the last one with calls to report), and a fixed window lets up to twice {@code burst} through across a window
 * boundary. Instances must share the settings and a synchronised clock. When the database cannot be reached the local
 * limit still applies and the counts wait for the next turn. Thread-safe; the clock (epoch milliseconds) is a seam for
 * tests.
 */
public final class DeltRatebegrenser implements Oppslagsgrense, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeltRatebegrenser.class);
    /** Rows of windows older than this are deleted, at most once per this interval. */
    private static final long RYDD_MILLIS = 60_000;

    private final Oppslagsgrense lokal;
    private final JdbcTemplate jdbc;
    private final long grense;
    private final long vinduMillis;
    private final LongSupplier klokke;
    private final Map<String, Teller> tellere = new ConcurrentHashMap<>();
    private volatile boolean feiler;
    private ScheduledExecutorService synk;
    private volatile long sistRyddet;

    /** One caller's count in the current window, as this instance knows it. */
    private static final class Teller {
        long vindu;
        /** The window's total across instances at the last sync (this instance's calls up to then included). */
        long kjent;
        /** Calls let through since and handed to the sync under way. */
        long underveis;
        /** Calls let through since, not yet handed to a sync. */
        long ventende;

        Teller(long vindu) {
            this.vindu = vindu;
        }
    }

    public DeltRatebegrenser(Oppslagsgrense lokal, JdbcTemplate jdbc, double perSekund, int burst, LongSupplier epokeMillis) {
        if (!(perSekund > 0) || burst < 1) {
            throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1 (was " + perSekund + ", " + burst + ")");
        }
        this.lokal = lokal;
        this.jdbc = jdbc;
        this.grense = burst;
        this.vinduMillis = Math.max(1, Math.round(burst / perSekund * 1000));
        this.klokke = epokeMillis;
    }

    /** Runs {@link #synkroniser} every {@code intervall} on a daemon thread of its own, until {@link #close}. */
    public synchronized void start(Duration intervall) {
        if (synk != null) {
            return;
        }
        synk = Executors.newSingleThreadScheduledExecutor(Traader.daemon("oppslag-grense-synk"));
        long ms = Math.max(1, intervall.toMillis());
        synk.scheduleWithFixedDelay(() -> {
            try {
                synkroniser();
            } catch (RuntimeException e) {
                // a failure must not end the schedule: the next turn tries again
                log.warn("Shared look-up rate limit: sync failed", e);
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void close() {
        if (synk != null) {
            synk.shutdownNow();
        }
    }

    @Override
    public Optional<Duration> ta(String kaller) {
        Optional<Duration> lokalt = lokal.ta(kaller);
        if (lokalt.isPresent()) {
            return lokalt;
        }
        long naa = klokke.getAsLong();
        long vindu = naa / vinduMillis;
        Teller t = tellere.computeIfAbsent(kaller, k -> new Teller(Long.MIN_VALUE));
        if (begynnVindu(t, vindu)) {
            // what the other instances already let through in this window, read once per caller and window and outside
            // the lock: the caller's other calls meanwhile decide on this instance's own count
            long delt = delt(kaller, vindu);
            synchronized (t) {
                if (t.vindu == vindu) {
                    // a sync meanwhile may have learnt a later total; the window's total only grows
                    t.kjent = Math.max(t.kjent, delt);
                }
            }
        }
        synchronized (t) {
            // a call whose clock lags the window another call already began counts in that window
            if (t.kjent + t.underveis + t.ventende >= grense) {
                return Optional.of(Duration.ofMillis((Math.max(vindu, t.vindu) + 1) * vinduMillis - naa));
            }
            t.ventende++;
            return Optional.empty();
        }
    }

    /** Makes {@code vindu} the caller's window when it is later than the one counted so far; true when it did. */
    private static boolean begynnVindu(Teller t, long vindu) {
        synchronized (t) {
            if (vindu <= t.vindu) {
                return false;
            }
            // the old window's counts no longer limit anyone
            t.vindu = vindu;
            t.kjent = 0;
            t.underveis = 0;
            t.ventende = 0;
            return true;
        }
    }

    /** The window's total so far across instances; 0 when it cannot be read (the local limit still applies). */
    private long delt(String kaller, long vindu) {
        try {
            Long antall = jdbc.query("select antall from oppslag_grense where kaller = ? and vindu = ?",
                    rs -> rs.next() ? rs.getLong(1) : 0L, kaller, vindu);
            return antall == null ? 0 : antall;
        } catch (DataAccessException ex) {
            if (!feiler) {
                log.warn("Shared look-up rate limit: count not read ({}); the per-instance limit still applies", ex.getClass().getSimpleName());
            }
            feiler = true;
            return 0;
        }
    }

    /**
     * Adds each caller's local count of the current window to the shared row and learns the total: one upsert per caller
     * with calls since the last turn, none for the others (an idle instance writes nothing).
     */
    public void synkroniser() {
        long vinduNaa = klokke.getAsLong() / vinduMillis;
        for (Map.Entry<String, Teller> e : tellere.entrySet()) {
            Teller t = e.getValue();
            long vindu;
            long antall;
            synchronized (t) {
                if (t.vindu != vinduNaa) {
                    continue;
                }
                if (t.ventende == 0) {
                    // nothing let through since the last turn: no write; the other instances' calls are learnt at the
                    // next turn that has calls to report
                    continue;
                }
                vindu = t.vindu;
                antall = t.ventende;
                t.underveis += antall;
                t.ventende = 0;
            }
            try {
                Long total = jdbc.queryForObject("""
                        insert into oppslag_grense (kaller, vindu, antall) values (?, ?, ?)
                        on conflict (kaller, vindu) do update set antall = oppslag_grense.antall + excluded.antall
                        returning antall""", Long.class, e.getKey(), vindu, antall);
                synchronized (t) {
                    if (t.vindu == vindu) {
                        t.kjent = total == null ? t.kjent : total;
                        t.underveis -= antall;
                    }
                }
                feiler = false;
            } catch (DataAccessException ex) {
                synchronized (t) {
                    if (t.vindu == vindu) {
                        t.underveis -= antall;
                        t.ventende += antall;
                    }
                }
                if (!feiler) {
                    log.warn("Shared look-up rate limit: counts not written ({}); the per-instance limit still applies", ex.getClass().getSimpleName());
                }
                feiler = true;
            }
        }
        rydd(vinduNaa);
    }

    private void rydd(long vinduNaa) {
        long naa = klokke.getAsLong();
        if (naa - sistRyddet < RYDD_MILLIS) {
            return;
        }
        sistRyddet = naa;
        try {
            jdbc.update("delete from oppslag_grense where vindu < ?", vinduNaa - Math.max(2, RYDD_MILLIS / vinduMillis));
        } catch (DataAccessException ex) {
            log.debug("Shared look-up rate limit: old windows not deleted", ex);
        }
    }
}
