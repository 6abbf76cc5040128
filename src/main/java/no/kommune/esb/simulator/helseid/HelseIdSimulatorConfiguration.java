package no.kommune.esb.simulator.helseid;

import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Wires the simulated HelseID (picked up by the simulator package's component scan). */
@Configuration
@EnableConfigurationProperties(SimulatedHelseIdProperties.class)
public class HelseIdSimulatorConfiguration {

    @Bean
    public SimulatedHelseId simulatedHelseId(SimulatedHelseIdProperties properties, SimulatorTokenAuthority simulatorTokenAuthority, Clock simulatorClock) {
        return new SimulatedHelseId(properties, simulatorTokenAuthority, simulatorClock);
    }
}
