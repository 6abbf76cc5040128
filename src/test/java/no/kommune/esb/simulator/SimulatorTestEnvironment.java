package no.kommune.esb.simulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/** For {@link SimulatorTestApplication} only: loads no platform routes (they need the database and brokers). */
public class SimulatorTestEnvironment implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (application.getAllSources().contains(SimulatorTestApplication.class)) {
            environment.getPropertySources().addFirst(new MapPropertySource("simulatorTestApplication", Map.of(
                    "camel.main.routes-include-pattern", "classpath:no-routes-in-simulator-tests/*.yaml",
                    "camel.main.routes-reload-enabled", "false")));
        }
    }
}
