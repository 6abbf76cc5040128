package no.kommune.esb.uttrekk;

import no.kommune.esb.platform.Norsktid;
import no.kommune.esb.platform.PlatformLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Fires scheduled orders ({@code plan:} in the order file, Spring cron in Europe/Oslo): when the next time after the
 * last firing has passed, one run is stored, dated that day, and the firing recorded in the same transaction
 * ({@code uttrekk_plan}). The first time an order is seen only "now" is recorded, so installing or restarting the
 * platform does not run an order whose time passed long ago; a platform that was down over a firing runs it once when
 * it is back. Under {@link PlatformLock}, so two instances never both fire it.
 */
@Component("uttrekkPlanlegger")
public class UttrekkPlanlegger {

    private static final Logger log = LoggerFactory.getLogger(UttrekkPlanlegger.class);
    static final ZoneId OSLO = Norsktid.SONE;

    private final Uttrekksregister register;
    private final Uttrekkslager lager;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final PlatformLock lock;

    public UttrekkPlanlegger(Uttrekksregister register, Uttrekkslager lager, JdbcTemplate jdbc, TransactionTemplate tx,
                             PlatformLock lock) {
        this.register = register;
        this.lager = lager;
        this.jdbc = jdbc;
        this.tx = tx;
        this.lock = lock;
    }

    /** Fires every order whose time has come; returns the runs made. */
    public List<UUID> kjoerForfalte() {
        return kjoerForfalte(Instant.now());
    }

    /** As {@link #kjoerForfalte()} as of {@code naa}. */
    public List<UUID> kjoerForfalte(Instant naa) {
        return lock.runExclusively("uttrekk-plan", () -> {
            List<UUID> laget = new ArrayList<>();
            for (Uttrekksbestilling b : register.alle()) {
                if (b.plan() != null) {
                    UUID id = tx.execute(s -> fyr(b, naa));
                    if (id != null) {
                        laget.add(id);
                    }
                }
            }
            return laget;
        }).orElse(List.of());
    }

    private UUID fyr(Uttrekksbestilling b, Instant naa) {
        Instant sist = jdbc.query("select sist from uttrekk_plan where navn = ? for update", (rs, i) -> rs.getTimestamp(1).toInstant(), b.navn())
                .stream().findFirst().orElse(null);
        if (sist == null) {
            jdbc.update("insert into uttrekk_plan (navn, sist) values (?, ?) on conflict do nothing", b.navn(), Timestamp.from(naa));
            return null;
        }
        ZonedDateTime neste = CronExpression.parse(b.plan()).next(ZonedDateTime.ofInstant(sist, OSLO));
        if (neste == null || neste.toInstant().isAfter(naa)) {
            return null;
        }
        jdbc.update("update uttrekk_plan set sist = ? where navn = ?", Timestamp.from(naa), b.navn());
        UUID id = lager.opprett(b, b.tilJson(), "PLAN", neste.toLocalDate(), register.format(b.format()).filending());
        log.info("Scheduled extract {} fired for {}: run {}", b.navn(), neste.toLocalDate(), id);
        return id;
    }
}
