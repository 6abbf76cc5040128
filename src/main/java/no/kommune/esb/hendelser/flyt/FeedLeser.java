package no.kommune.esb.hendelser.flyt;

import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.folkeregister.FeedHendelse;
import no.kommune.esb.folkeregister.FeedPage;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.PositionTooOldException;
import no.kommune.esb.platform.PlatformLock;
import no.kommune.esb.platform.Registerstans;
import no.kommune.esb.platform.Registerventing;
import no.kommune.esb.register.RegisterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads Folkeregisteret's event feed from the persisted position, on one platform instance at a time
 * ({@link PlatformLock}: when that instance dies, another takes over at its next tick). Each page is stored in the
 * {@code hendelse} table in the same transaction that advances the position, so the position never moves past an
 * event that is not durably handed off. Honours ETag/304; a 406 (position older than the register keeps) raises an
 * alarm and stops reading until the documented resync through an extract is done. Any other failed call (a
 * Maskinporten token, Folkeregisteret down, a 429 whose Retry-After wins) makes the reader wait before it reads again,
 * growing and capped ({@link Registerventing}: one warning when it starts waiting, not one per tick).
 */
@Component("feedLeser")
public class FeedLeser {

    public static final String FEED = "folkeregisteret";
    private static final Logger log = LoggerFactory.getLogger(FeedLeser.class);

    /** What one tick did; for the route's log and tests. */
    public record Resultat(int hendelser, long nesteSekvensnummer, String merknad) {
    }

    private final FolkeregisterClient freg;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final PlatformLock lock;
    private final MeterRegistry metrics;
    private final long startSekvensnummer;
    private final int maxSiderPerTick;
    private final Registerventing registerventing;

    public FeedLeser(FolkeregisterClient freg, JdbcTemplate jdbc, TransactionTemplate tx, PlatformLock lock, MeterRegistry metrics,
                     @Value("${hendelser.feed.start-sekvensnummer:1}") long startSekvensnummer,
                     @Value("${hendelser.feed.max-sider-per-tick:10}") int maxSiderPerTick,
                     @Value("${hendelser.feed.foerste-vent:PT5S}") Duration foersteVent, Registerstans registerstans) {
        this.freg = freg;
        this.jdbc = jdbc;
        this.tx = tx;
        this.lock = lock;
        this.metrics = metrics;
        this.startSekvensnummer = startSekvensnummer;
        this.maxSiderPerTick = maxSiderPerTick;
        this.registerventing = registerstans.flyt("hendelser-feed", foersteVent);
    }

    /** One tick: reads pages until the feed is drained or the page limit is reached. */
    public Resultat les() {
        if (registerventing.venter()) {
            return new Resultat(0, -1, "venter på " + registerventing.register().orElse("registeret"));
        }
        return lock.runExclusively("hendelser-feed", this::lesSider).orElse(new Resultat(0, -1, "en annen instans leser"));
    }

    private Resultat lesSider() {
        Posisjon pos = posisjon();
        if (pos.resync()) {
            return new Resultat(0, pos.neste(), "stoppet: posisjonen er for gammel, resync via uttrekk kreves");
        }
        int totalt = 0;
        for (int side = 0; side < maxSiderPerTick; side++) {
            FeedPage page;
            try {
                page = freg.hendelser(pos.neste(), pos.etag());
            } catch (PositionTooOldException e) {
                alarm("Plattformen har ikke lest hendelser fra Folkeregisteret på så lenge at Folkeregisteret ikke lenger har dem"
                        + " (feed-posisjon " + pos.neste() + ", HTTP 406). Lesingen er stoppet, og plattformen henter alle personene på nytt"
                        + " gjennom et uttrekk (resync, docs/hendelser.md). Ingen handling trengs; alarmen lukkes når resyncen er ferdig.");
                tx.executeWithoutResult(s -> {
                    jdbc.update("update feed_posisjon set etag = 'RESYNC' where feed = ?", FEED);
                    // the resync itself (extract → resync events → new position) is run by ResyncKjoerer
                    jdbc.update("insert into resync (status) select 'VENTER' where not exists (select 1 from resync where status <> 'FERDIG')");
                });
                return new Resultat(totalt, pos.neste(), "406: resync startet");
            } catch (RegisterException e) {
                // pages read before the failure are stored; the next read starts after them once the wait is over
                Registerventing.Vent vent = registerventing.feilet(e);
                return new Resultat(totalt, pos.neste(), e.kind() + ": venter til " + vent.igjen());
            }
            registerventing.lyktes();
            if (page.notModified() || page.hendelser().isEmpty()) {
                return new Resultat(totalt, pos.neste(), "ingen nye hendelser");
            }
            long neste = page.nextSeq(pos.neste());
            lagre(page.hendelser(), neste, page.etag());
            totalt += page.hendelser().size();
            metrics.counter("esb.hendelser.lest").increment(page.hendelser().size());
            pos = new Posisjon(neste, page.etag(), false);
        }
        return new Resultat(totalt, pos.neste(), "sidegrense nådd");
    }

    private void lagre(List<FeedHendelse> hendelser, long neste, String etag) {
        tx.executeWithoutResult(status -> {
            lagreSide(jdbc, hendelser);
            jdbc.update("update feed_posisjon set neste_sekvensnummer = ?, etag = ?, oppdatert = now() where feed = ?", neste, etag, FEED);
        });
    }

    /**
     * Stores a page's events in the caller's transaction, in one statement of arrays: a JDBC batch was one execution per
     * event on the server (docs/benchmarks.md, session 34). An event already stored is left as it is; an entry whose
     * number failed validation is kept (with an empty id) so it is visible, never skipped silently.
     */
    static void lagreSide(JdbcTemplate jdbc, List<FeedHendelse> hendelser) {
        jdbc.update("""
                insert into hendelse (sekvensnummer, identifikator, hendelsetype)
                select * from unnest(?::bigint[], ?::text[], ?::text[]) on conflict do nothing""",
                hendelser.stream().map(FeedHendelse::sekvensnummer).toArray(Long[]::new),
                hendelser.stream().map(h -> h.id() == null ? "" : h.id().value()).toArray(String[]::new),
                hendelser.stream().map(FeedHendelse::hendelsetype).toArray(String[]::new));
    }

    private record Posisjon(long neste, String etag, boolean resync) {
    }

    private Posisjon posisjon() {
        jdbc.update("insert into feed_posisjon (feed, neste_sekvensnummer) values (?, ?) on conflict do nothing", FEED, startSekvensnummer);
        return jdbc.queryForObject("select neste_sekvensnummer, etag from feed_posisjon where feed = ?",
                (rs, i) -> new Posisjon(rs.getLong(1), "RESYNC".equals(rs.getString(2)) ? null : rs.getString(2), "RESYNC".equals(rs.getString(2))), FEED);
    }

    /** The alarm's stable code: the feed position is older than Folkeregisteret keeps (406), a resync runs. */
    static final String FEED_FOR_GAMMEL = "FOLKEREGISTERET-FEED-FOR-GAMMEL";

    private void alarm(String melding) {
        log.error("ALARM hendelser-feed: {}", melding);
        metrics.counter("esb.alarm", "kilde", "hendelser-feed").increment();
        jdbc.update("insert into alarm (kilde, melding, aarsak) values ('hendelser-feed', ?, ?)", melding, FEED_FOR_GAMMEL);
    }

    /** Current position, for the API and tests. */
    public Optional<Long> nesteSekvensnummer() {
        return jdbc.query("select neste_sekvensnummer from feed_posisjon where feed = ?", (rs, i) -> rs.getLong(1), FEED).stream().findFirst();
    }
}
