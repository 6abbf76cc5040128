package no.kommune.esb.uttrekk;

import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.uttrekk.format.Uttrekksformat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/** Loads the extract orders at start-up against the registrations and every {@link Uttrekksformat} bean. */
@Configuration
@EnableConfigurationProperties(UttrekkProperties.class)
public class UttrekkConfiguration {

    private static final Logger log = LoggerFactory.getLogger(UttrekkConfiguration.class);

    @Bean
    public Uttrekksregister uttrekksregister(UttrekkProperties properties, List<Uttrekksformat> formater, FagsystemRegistry fagsystemer) {
        Uttrekksregister r = Uttrekksregister.last(properties.bestillingerDir(), formater, fagsystemer);
        log.info("Loaded {} extract order(s) from {}: {}; formats {}", r.alle().size(), properties.bestillingerDir(),
                r.alle().stream().map(Uttrekksbestilling::navn).toList(), formater.stream().map(Uttrekksformat::navn).sorted().toList());
        return r;
    }
}
