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

    /** The extract orders' files checked against a reloaded set of registrations before it goes live (each names one). */
    @Bean
    public no.kommune.esb.platform.konfig.Registreringsavhengig uttrekkAvhengighet(UttrekkProperties properties, List<Uttrekksformat> formater) {
        return no.kommune.esb.platform.konfig.Registreringsavhengig.av("uttrekk", nye -> Uttrekksregister.sjekk(properties.bestillingerDir(),
                formater, id -> nye.fagsystemer().stream().filter(f -> f.id().equals(id)).findFirst()).problemer());
    }
}
