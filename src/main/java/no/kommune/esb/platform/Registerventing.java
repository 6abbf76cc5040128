package no.kommune.esb.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.Ventetid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * One flow's state towards the registers it calls: after a failed call (whatever step: a Maskinporten token, a
 * Folkeregisteret or KRR look-up, anything else before the flow's own work) the flow waits {@link Ventetid} — growing
 * with each failure in a row, capped, spread — before it calls out again, and {@link #venter()} tells it so.
 * <p>
 * Says so once: a WARN when the flow starts waiting or the failing register changes, DEBUG for each further failed
 * attempt, INFO when a call succeeds again. While it waits, the gauge {@code esb.register.venter{flyt, register}} is 1
 * and {@code esb.register.feil{flyt, register}} counts the failed attempts; after {@code alarmEtter} of waiting an
 * {@code alarm} row (DOWN in {@code /actuator/health}) names the register, and it is closed when the register answers
 * again. Per instance: with several instances each waits on its own.
 */
public final class Registerventing {

    /**
     * What the flow is to do after a failure: wait until {@code igjen}; {@code aarsak} is why, in words and as a code
     * ({@link Registerfeilaarsak}), with no personal data.
     */
    public record Vent(String register, Aarsak aarsak, Instant igjen) {
        /** The reason in words. */
        public String grunn() {
            return aarsak.tekst();
        }
    }

    /** The "register" of a failure that is not a register's (a bug, the database): the flow waits all the same. */
    public static final String INTERN = "intern";

    private static final Logger log = LoggerFactory.getLogger(Registerventing.class);

    private final String flyt;
    private final Ventetid ventetid;
    private final Clock clock;
    private final MeterRegistry metrics;
    private final JdbcTemplate jdbc;
    private final Duration alarmEtter;
    private final Set<String> maalte = new HashSet<>();

    private volatile String register;
    private int iRad;
    private Instant siden;
    private volatile Instant igjen = Instant.EPOCH;
    private boolean alarm;

    Registerventing(String flyt, Ventetid ventetid, Clock clock, MeterRegistry metrics, JdbcTemplate jdbc, Duration alarmEtter) {
        this.flyt = flyt;
        this.ventetid = ventetid;
        this.clock = clock;
        this.metrics = metrics;
        this.jdbc = jdbc;
        this.alarmEtter = alarmEtter;
    }

    /** True while a failure's wait is not over: the flow does not call out (nor take work it cannot finish). */
    public boolean venter() {
        return clock.instant().isBefore(igjen);
    }

    /** The register the flow waits on, from its first failure until a call succeeds again. */
    public Optional<String> register() {
        return Optional.ofNullable(register);
    }

    /** A call failed: records it and returns how long the flow (and the work it had taken) waits. */
    public synchronized Vent feilet(RuntimeException e) {
        RegisterException re = e instanceof RegisterException r ? r : null;
        String reg = re != null ? re.service() : INTERN;
        // a register's message never holds personal data; another exception's might (a database detail), so only its type.
        // The log keeps the register's own words for the developer; what is stored and shown is worded (Registerfeilaarsak)
        String grunn = re != null ? re.kind() + " (" + re.getMessage() + ")" : e.getClass().getSimpleName();
        Aarsak aarsak = re != null ? Registerfeilaarsak.vent(re) : Registerfeilaarsak.intern();
        Instant naa = clock.instant();
        boolean ny = !reg.equals(register);
        if (register == null) {
            siden = naa;
        }
        iRad++;
        Duration vent = ventetid.etter(iRad, re == null ? null : re.retryAfter().orElse(null));
        igjen = naa.plus(vent);
        register = reg;
        maal(reg);
        metrics.counter("esb.register.feil", "flyt", flyt, "register", reg).increment();
        if (ny) {
            log.warn("{} waits on {}: {}; tries again in {} ms, then at growing intervals of at most {} s (logged once, not per attempt)",
                    flyt, reg, grunn, vent.toMillis(), ventetid.maks().toSeconds());
        } else {
            log.debug("{} still waits on {} after {} failed attempts: {}; tries again in {} ms", flyt, reg, iRad, grunn, vent.toMillis());
        }
        if (!alarm && Duration.between(siden, naa).compareTo(alarmEtter) >= 0) {
            Aarsak melding = re != null ? Registerfeilaarsak.alarm(flyt, siden.toString(), iRad, re)
                    : Registerfeilaarsak.alarmIntern(flyt, siden.toString(), iRad);
            jdbc.update("insert into alarm (kilde, melding, aarsak) select ?, ?, ? where not exists (select 1 from alarm where kilde = ? and kvittert is null)",
                    kilde(), melding.tekst(), melding.kode(), kilde());
            metrics.counter("esb.alarm", "kilde", kilde()).increment();
            log.error("ALARM {}: {} ({})", kilde(), melding.tekst(), melding.kode());
            alarm = true;
        }
        return new Vent(reg, aarsak, igjen);
    }

    /** A call succeeded: the flow no longer waits; the change is logged and an open alarm closed. */
    public synchronized void lyktes() {
        if (register == null) {
            return;
        }
        log.info("{} no longer waits on {}: answered again after {} failed attempts over {} s", flyt, register, iRad,
                Duration.between(siden, clock.instant()).toSeconds());
        // also one another instance raised: the register answers, so nobody needs to act on it any more
        jdbc.update("update alarm set kvittert = now() where kilde = ? and kvittert is null", kilde());
        register = null;
        iRad = 0;
        siden = null;
        igjen = Instant.EPOCH;
        alarm = false;
    }

    private String kilde() {
        return "registerstans-" + flyt;
    }

    private void maal(String reg) {
        if (maalte.add(reg)) {
            Gauge.builder("esb.register.venter", this, v -> reg.equals(v.register) ? 1 : 0)
                    .tag("flyt", flyt).tag("register", reg)
                    .description("1 while the flow waits on this register after a failed call")
                    .strongReference(true)
                    .register(metrics);
        }
    }
}
