package no.kommune.esb.simulator;

import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import no.kommune.esb.simulator.fault.FaultInjector;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.TypeExcludeFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.event.EventListener;

import java.nio.file.Path;
import java.time.Clock;

/** Switches the simulators on ({@code simulator.enabled=true}, the local profile and tests). */
@Configuration
@ConditionalOnProperty(name = "simulator.enabled", havingValue = "true")
@ComponentScan(basePackageClasses = SimulatorConfiguration.class, excludeFilters = {
        @ComponentScan.Filter(type = FilterType.ASSIGNABLE_TYPE, classes = SimulatorConfiguration.class),
        // test applications living in the simulator package must not be picked up by a running platform
        @ComponentScan.Filter(type = FilterType.ANNOTATION, classes = SpringBootConfiguration.class),
        @ComponentScan.Filter(type = FilterType.CUSTOM, classes = TypeExcludeFilter.class)})
public class SimulatorConfiguration {

    @Bean
    public Clock simulatorClock() {
        return Clock.systemUTC();
    }

    @Bean
    public SimulatorTokenAuthority simulatorTokenAuthority(@Value("${simulator.maskinporten.issuer}") String issuer, Clock simulatorClock,
                                                           @Value("${simulator.data-dir:}") String dataDir) {
        return new SimulatorTokenAuthority(issuer, simulatorClock, signingKeyFile(dataDir, "maskinporten"));
    }

    /** Where a simulator keeps its token-signing key between starts: under {@code simulator.data-dir}, when set. */
    public static Path signingKeyFile(String dataDir, String simulator) {
        return dataDir == null || dataDir.isBlank() ? null : Path.of(dataDir, "signing-keys", simulator + ".jwk.json");
    }

    /** The simulated Maskinporten's signing key is read or made once the platform is up, not while it starts. */
    @EventListener(ApplicationReadyEvent.class)
    public void prepareSigningKey(ApplicationReadyEvent ready) {
        ready.getApplicationContext().getBean(SimulatorTokenAuthority.class).prepareKey();
    }

    @Bean
    public FaultInjector faultInjector(Clock simulatorClock) {
        return new FaultInjector(simulatorClock);
    }
}
