package no.kommune.esb.platform.konfig;

import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.HendelserProperties;
import no.kommune.esb.platform.Traader;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wires the config watcher: once the platform is up, the files it started with are the live versions; with
 * {@code platform.konfig.overvaak=true} the folders are then checked every {@code platform.konfig.intervall}.
 */
@Configuration
@EnableConfigurationProperties(KonfigProperties.class)
public class KonfigConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KonfigConfiguration.class);

    private final KonfigProperties properties;
    private ScheduledExecutorService planlegger;
    /**
     * The comparison with the other instances runs on its own thread: a watcher round waits for a replaced route's
     * in-flight exchanges (up to Camel's shutdown timeout, 45 s), and a heartbeat held that long would make the others
     * count this instance gone (three beats) while its own fan-out went on under files they no longer compare with.
     */
    private ScheduledExecutorService nodeplanlegger;

    public KonfigConfiguration(KonfigProperties properties) {
        this.properties = properties;
    }

    @Bean
    public Konfigurasjonsstatus konfigurasjonsstatus() {
        return new Konfigurasjonsstatus();
    }

    @Bean
    public Konfigurasjonsovervaaker konfigurasjonsovervaaker(CamelContext camel, FagsystemRegistry registry, Konfigurasjonsstatus status,
                                                             MeterRegistry metrics, Environment environment, HendelserProperties hendelser,
                                                             java.util.List<Konfigsett> sett, java.util.List<Registreringsavhengig> avhengige) {
        Konfigurasjonsovervaaker overvaaker = new Konfigurasjonsovervaaker(new Konfigurasjonsovervaaker.Mapper(properties.ruterDir(),
                hendelser.fagsystemerDir(), hendelser.mappingsDir()), camel, registry, status, metrics, environment, Clock.systemUTC(), sett);
        overvaaker.setAvhengige(avhengige);
        return overvaaker;
    }

    @Bean
    public Konfignoder konfignoder(JdbcTemplate jdbc, Konfigurasjonsovervaaker overvaaker, MeterRegistry metrics,
                                   @Value("${forsendelse.behandling.instans-id:}") String instans) {
        return new Konfignoder(jdbc, overvaaker::fingeravtrykk, no.kommune.esb.platform.Instans.id(instans), properties.nodePuls(), properties.avvikVarselEtter(), metrics,
                Clock.systemUTC());
    }

    @EventListener(ApplicationReadyEvent.class)
    public synchronized void startOvervaaking(ApplicationReadyEvent event) {
        Konfigurasjonsovervaaker overvaaker = event.getApplicationContext().getBean(Konfigurasjonsovervaaker.class);
        if (planlegger != null) {
            return;
        }
        overvaaker.start();
        planlegger = Executors.newSingleThreadScheduledExecutor(Traader.daemon("konfig-overvaaker"));
        nodeplanlegger = Executors.newSingleThreadScheduledExecutor(Traader.daemon("konfig-noder"));
        long ms = properties.intervall().toMillis();
        // the other instances are compared with whether or not this one watches its files
        Konfignoder noder = event.getApplicationContext().getBean(Konfignoder.class);
        noder.runde();
        nodeplanlegger.scheduleWithFixedDelay(() -> {
            try {
                noder.runde();
            } catch (RuntimeException e) {
                log.error("Config comparison with the other instances failed: {}", e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        if (!properties.overvaak()) {
            log.info("Config watcher off (platform.konfig.overvaak=false): edits to routes, mappings and registrations need a restart");
            return;
        }
        planlegger.scheduleWithFixedDelay(() -> {
            try {
                overvaaker.sjekk();
            } catch (RuntimeException e) {
                // one failed round must not end the watching: the next round tries again
                log.error("Config watcher round failed: {}", e.toString());
            }
        }, ms, ms, TimeUnit.MILLISECONDS);
        log.info("Config watcher on: routes, mappings and registrations checked every {}; valid edits go live without a restart",
                properties.intervall());
    }

    @jakarta.annotation.PreDestroy
    public synchronized void stoppOvervaaking() {
        if (planlegger != null) {
            planlegger.shutdownNow();
            nodeplanlegger.shutdownNow();
        }
    }

    /** A clean stop removes this instance's record of live files, so the others stop comparing with it at once. */
    @EventListener(org.springframework.context.event.ContextClosedEvent.class)
    public void glemNode(org.springframework.context.event.ContextClosedEvent event) {
        stoppOvervaaking();
        try {
            event.getApplicationContext().getBean(Konfignoder.class).stopp();
        } catch (RuntimeException e) {
            // the database may be gone already (embedded, stopped first): the record then ages out after three beats
            log.debug("Instance's config record not removed: {}", e.toString());
        }
    }
}
