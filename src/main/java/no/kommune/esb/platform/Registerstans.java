package no.kommune.esb.platform;

import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.register.Ventetid;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.util.Random;

/**
 * The platform's one backoff, configured once ({@code platform.register-vent.*}): each flow or rule asks for a
 * {@link Ventetid} with its own first wait (the longest wait and the spread are shared), and each flow that calls
 * registers on a timer gets its {@link Registerventing}.
 */
@Component
public class Registerstans {

    private final MeterRegistry metrics;
    private final JdbcTemplate jdbc;
    private final Duration maks;
    private final double spredning;
    private final Duration alarmEtter;
    private final Random tilfeldig = new Random();

    public Registerstans(MeterRegistry metrics, JdbcTemplate jdbc,
                        @Value("${platform.register-vent.maks:PT5M}") Duration maks,
                        @Value("${platform.register-vent.spredning:0.2}") double spredning,
                        @Value("${platform.register-vent.alarm-etter:PT15M}") Duration alarmEtter) {
        this.metrics = metrics;
        this.jdbc = jdbc;
        this.maks = maks;
        this.spredning = spredning;
        this.alarmEtter = alarmEtter;
    }

    /** The backoff starting at {@code foerste} (a first wait above the longest wait is taken as both). */
    public Ventetid ventetid(Duration foerste) {
        return new Ventetid(foerste, foerste.compareTo(maks) > 0 ? foerste : maks, spredning, tilfeldig);
    }

    /** The waiting state of the flow named {@code flyt} (its route id), whose first wait is {@code foerste}. */
    public Registerventing flyt(String flyt, Duration foerste) {
        return new Registerventing(flyt, ventetid(foerste), Clock.systemUTC(), metrics, jdbc, alarmEtter);
    }
}
