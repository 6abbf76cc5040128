package no.kommune.esb.platform;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.Ventetid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class RegisterventingTest {

    private static final RegisterException MASKINPORTEN_NEDE =
            new RegisterException("maskinporten", RegisterException.Kind.UNAVAILABLE, 0, "connection refused");
    private static final RegisterException KRR_NEDE =
            new RegisterException("krr", RegisterException.Kind.UNAVAILABLE, 503, "KRR lookup of 2 persons refused (HTTP 503)");

    private final SettKlokke klokke = new SettKlokke(Instant.parse("2026-12-04T08:00:00Z"));
    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    private final JdbcTemplate jdbc = mock(JdbcTemplate.class);
    private final ListAppender<ILoggingEvent> logg = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(Registerventing.class);
    // no spread, so the waits are exact: 1 s, 2 s, 4 s, then 4 s
    private final Registerventing venting = new Registerventing("forsendelse-behandling",
            new Ventetid(Duration.ofSeconds(1), Duration.ofSeconds(4), 0.2, () -> 0L), klokke, metrics, jdbc, Duration.ofSeconds(10));

    @BeforeEach
    void fangLogg() {
        logg.start();
        logger.addAppender(logg);
        logger.setLevel(Level.DEBUG);
    }

    @AfterEach
    void slippLogg() {
        logger.detachAppender(logg);
        logger.setLevel(null);
    }

    @Test
    void should_wait_longer_after_each_failure_in_a_row_up_to_the_longest_wait() {
        assertThat(venting.venter()).isFalse();
        assertThat(venting.feilet(MASKINPORTEN_NEDE).igjen()).isEqualTo(klokke.instant().plusSeconds(1));
        assertThat(venting.venter()).isTrue();
        klokke.fram(Duration.ofSeconds(1));
        assertThat(venting.venter()).isFalse();
        assertThat(venting.feilet(MASKINPORTEN_NEDE).igjen()).isEqualTo(klokke.instant().plusSeconds(2));
        assertThat(venting.feilet(MASKINPORTEN_NEDE).igjen()).isEqualTo(klokke.instant().plusSeconds(4));
        assertThat(venting.feilet(MASKINPORTEN_NEDE).igjen()).isEqualTo(klokke.instant().plusSeconds(4));
    }

    @Test
    void should_start_again_from_the_first_wait_once_a_call_succeeded() {
        venting.feilet(MASKINPORTEN_NEDE);
        venting.feilet(MASKINPORTEN_NEDE);
        venting.lyktes();

        assertThat(venting.venter()).isFalse();
        assertThat(venting.register()).isEmpty();
        assertThat(venting.feilet(KRR_NEDE).igjen()).isEqualTo(klokke.instant().plusSeconds(1));
    }

    @Test
    void should_warn_once_per_change_of_state_and_not_per_attempt() {
        for (int i = 0; i < 50; i++) {
            venting.feilet(MASKINPORTEN_NEDE);
        }
        venting.feilet(KRR_NEDE);
        venting.feilet(KRR_NEDE);
        venting.lyktes();
        venting.lyktes();

        assertThat(logg.list).filteredOn(e -> e.getLevel() == Level.WARN).extracting(ILoggingEvent::getFormattedMessage)
                .satisfiesExactly(
                        m -> assertThat(m).startsWith("forsendelse-behandling waits on maskinporten: UNAVAILABLE (maskinporten: connection refused)"),
                        m -> assertThat(m).startsWith("forsendelse-behandling waits on krr: UNAVAILABLE"));
        assertThat(logg.list).filteredOn(e -> e.getLevel() == Level.INFO).extracting(ILoggingEvent::getFormattedMessage)
                .singleElement().asString().startsWith("forsendelse-behandling no longer waits on krr");
        assertThat(logg.list).filteredOn(e -> e.getLevel() == Level.DEBUG).hasSize(50);
    }

    @Test
    void should_show_which_register_the_flow_waits_on_in_a_gauge_and_count_the_failed_attempts() {
        venting.feilet(MASKINPORTEN_NEDE);
        venting.feilet(MASKINPORTEN_NEDE);

        assertThat(metrics.get("esb.register.venter").tags("flyt", "forsendelse-behandling", "register", "maskinporten").gauge().value()).isEqualTo(1);
        assertThat(metrics.get("esb.register.feil").tags("flyt", "forsendelse-behandling", "register", "maskinporten").counter().count()).isEqualTo(2);
        assertThat(venting.register()).contains("maskinporten");

        venting.lyktes();
        assertThat(metrics.get("esb.register.venter").tags("register", "maskinporten").gauge().value()).isZero();
    }

    @Test
    void should_wait_on_an_internal_failure_too_without_putting_its_message_anywhere() {
        Registerventing.Vent vent = venting.feilet(new IllegalStateException("duplicate key (mottaker)=(01019012345)"));

        assertThat(vent.register()).isEqualTo(Registerventing.INTERN);
        assertThat(vent.aarsak()).isEqualTo(Registerfeilaarsak.intern());
        assertThat(venting.venter()).isTrue();
        assertThat(logg.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains("01019012345"));
    }

    @Test
    void should_raise_one_alarm_after_waiting_long_enough_and_close_it_when_the_register_answers() {
        venting.feilet(MASKINPORTEN_NEDE);
        klokke.fram(Duration.ofSeconds(9));
        venting.feilet(MASKINPORTEN_NEDE);
        verify(jdbc, never()).update(contains("insert into alarm"), anyString(), anyString(), anyString(), anyString());

        klokke.fram(Duration.ofSeconds(1));
        venting.feilet(MASKINPORTEN_NEDE);
        klokke.fram(Duration.ofSeconds(4));
        venting.feilet(MASKINPORTEN_NEDE);
        // in words with a stable code, never the register's message or the kind's Java name (before: "… (2 forsøk feilet:
        // UNAVAILABLE (maskinporten: connection refused))")
        verify(jdbc, times(1)).update(contains("insert into alarm"), eq("registerstans-forsendelse-behandling"),
                argThat((String m) -> m.contains("har ventet på Maskinporten") && m.contains("Maskinporten svarer ikke")
                        && !m.contains("connection refused") && !m.contains("UNAVAILABLE")),
                eq("MASKINPORTEN-UTILGJENGELIG"), eq("registerstans-forsendelse-behandling"));

        venting.lyktes();
        verify(jdbc).update(contains("update alarm set kvittert"), eq("registerstans-forsendelse-behandling"));
    }

    /** A clock the test moves. */
    private static final class SettKlokke extends Clock {
        private Instant naa;

        SettKlokke(Instant naa) {
            this.naa = naa;
        }

        void fram(Duration d) {
            naa = naa.plus(d);
        }

        @Override
        public Instant instant() {
            return naa;
        }

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
