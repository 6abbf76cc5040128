package no.kommune.esb.oppslag;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/** The look-up API's rate limiter, the audit trail's key and its retention job. */
@Configuration
@EnableConfigurationProperties(OppslagProperties.class)
public class OppslagConfiguration {

    /**
     * This instance's token bucket, and with {@code oppslag.delt-grense.aktiv} the window shared by all instances on top,
     * synchronised every {@code oppslag.delt-grense.synk} (its thread stops with the context: close() is inferred).
     */
    @Bean
    public Oppslagsgrense oppslagsgrense(OppslagProperties props, JdbcTemplate jdbc) {
        Ratebegrenser lokal = new Ratebegrenser(props.perSekund(), props.burst(), System::nanoTime);
        if (!props.deltGrense().aktiv()) {
            return lokal;
        }
        DeltRatebegrenser delt = new DeltRatebegrenser(lokal, jdbc, props.perSekund(), props.burst(), System::currentTimeMillis);
        delt.start(props.deltGrense().synk());
        return delt;
    }

    @Bean
    public Identnoekkel identnoekkel(OppslagProperties props) {
        return new Identnoekkel(props.revisjon().hmacNoekkel());
    }

    /** Deletes audit rows older than {@code oppslag.revisjon.oppbevaring}; called nightly by routes/oppslag/oppslag-oppbevaring. */
    @Bean("oppslagOppbevaring")
    public Oppbevaring oppslagOppbevaring(Revisjonslogg revisjon, OppslagProperties props) {
        return new Oppbevaring(revisjon, props, Clock.systemUTC());
    }

    public static final class Oppbevaring {
        private static final Logger log = LoggerFactory.getLogger(Oppbevaring.class);
        private final Revisjonslogg revisjon;
        private final OppslagProperties props;
        private final Clock clock;

        Oppbevaring(Revisjonslogg revisjon, OppslagProperties props, Clock clock) {
            this.revisjon = revisjon;
            this.props = props;
            this.clock = clock;
        }

        public int kjoer() {
            ZonedDateTime grense = ZonedDateTime.now(clock).withZoneSameInstant(ZoneOffset.UTC).minus(props.revisjon().oppbevaring());
            int slettet = revisjon.slettEldreEnn(grense.toInstant());
            log.info("Audit trail retention: {} row(s) older than {} deleted", slettet, props.revisjon().oppbevaring());
            return slettet;
        }
    }
}
