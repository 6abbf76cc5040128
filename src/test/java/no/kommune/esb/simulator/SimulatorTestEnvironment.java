package no.kommune.esb.simulator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * For {@link SimulatorTestApplication} only: runs before the config files are read, so the {@code local} default
 * profile (embedded infrastructure, register clients) stays off, and loads no platform routes.
 */
public class SimulatorTestEnvironment implements EnvironmentPostProcessor, Ordered {

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (application.getAllSources().contains(SimulatorTestApplication.class)) {
            environment.getPropertySources().addFirst(new MapPropertySource("simulatorTestApplication", Map.of(
                    "camel.main.routes-include-pattern", "classpath:no-routes-in-simulator-tests/*.yaml",
                    "camel.main.routes-reload-enabled", "false",
                    "spring.profiles.default", "simulator-test",
                    "platform.embedded.enabled", "false")));
        }
    }
}
