package no.kommune.esb.proaktiv;

import no.kommune.esb.forsendelse.mottak.InnleveringProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads and validates the triggers at start-up against the letter intake's sender systems; any problem stops the start
 * with every problem listed as {@code file:line:column: reason}, the same list {@code bin/validate-config} prints.
 */
@Configuration
@EnableConfigurationProperties(ProaktivProperties.class)
public class ProaktivConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProaktivConfiguration.class);

    @Bean
    public UtloeserRegistry utloeserRegistry(ProaktivProperties properties, InnleveringProperties innlevering) {
        UtloeserRegistry registry = UtloeserRegistry.last(properties, innlevering.avsendersystemer());
        log.info("Loaded {} proactive trigger(s) from {}: {}", registry.alle().size(), properties.utloesereDir(),
                registry.alle().stream().map(u -> u.navn() + (registry.aktiv(u) ? "" : " (av)")).toList());
        return registry;
    }
}
