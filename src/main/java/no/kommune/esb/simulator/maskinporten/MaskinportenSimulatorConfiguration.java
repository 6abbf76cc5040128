package no.kommune.esb.simulator.maskinporten;

import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Wires the simulated Maskinporten (picked up by the simulator package's component scan). */
@Configuration
@EnableConfigurationProperties(SimulatedMaskinportenProperties.class)
public class MaskinportenSimulatorConfiguration {

    @Bean
    public SimulatedMaskinporten simulatedMaskinporten(SimulatedMaskinportenProperties properties, SimulatorTokenAuthority simulatorTokenAuthority,
                                                       Clock simulatorClock) {
        return new SimulatedMaskinporten(properties, simulatorTokenAuthority, simulatorClock);
    }
}
