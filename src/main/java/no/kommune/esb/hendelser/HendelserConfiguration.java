package no.kommune.esb.hendelser;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the fagsystem registrations and compiles their mappings at start-up; any problem stops the start with
 * every problem listed ({@link UgyldigKonfigurasjonException}), the same list {@code bin/validate-config} prints.
 */
@Configuration
@EnableConfigurationProperties(HendelserProperties.class)
public class HendelserConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HendelserConfiguration.class);

    @Bean
    public FagsystemRegistry fagsystemRegistry(HendelserProperties properties) {
        FagsystemRegistry registry = FagsystemRegistry.last(properties.fagsystemerDir(), properties.mappingsDir());
        log.info("Loaded {} fagsystem registration(s) from {}: {}", registry.alle().size(), properties.fagsystemerDir(),
                registry.alle().stream().map(Fagsystem::id).toList());
        return registry;
    }
}
