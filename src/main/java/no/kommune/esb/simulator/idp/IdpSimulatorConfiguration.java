package no.kommune.esb.simulator.idp;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@code simulator.idp.*}. */
@Configuration
@EnableConfigurationProperties(SimulatedIdp.Properties.class)
public class IdpSimulatorConfiguration {
}
