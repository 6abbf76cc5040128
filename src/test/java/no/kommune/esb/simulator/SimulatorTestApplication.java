package no.kommune.esb.simulator;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jms.JmsAutoConfiguration;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A light application for simulator and client tests: only the web server and the simulators, over real
 * HTTP on a random port, without brokers or database (Camel starts, with no routes). Use with
 * {@code @SpringBootTest(classes = SimulatorTestApplication.class, webEnvironment = RANDOM_PORT)}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration(exclude = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
        ArtemisAutoConfiguration.class, JmsAutoConfiguration.class})
@Import(SimulatorConfiguration.class)
public class SimulatorTestApplication {
}
