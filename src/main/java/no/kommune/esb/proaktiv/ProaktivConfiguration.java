package no.kommune.esb.proaktiv;

import no.kommune.esb.forsendelse.mottak.InnleveringProperties;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.HendelserProperties;
import no.kommune.esb.hendelser.Problem;
import no.kommune.esb.platform.konfig.Konfigsett;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.util.List;

/**
 * Loads and validates the triggers at start-up against the letter intake's sender systems and the fagsystem
 * registrations (a trigger's message goes to one of them); any problem stops the start
 * with every problem listed as {@code file:line:column: reason}, the same list {@code bin/validate-config} prints. Later
 * edits of the folder are reloaded by the config watcher through {@link #utloeserKonfigsett}.
 */
@Configuration
@EnableConfigurationProperties(ProaktivProperties.class)
public class ProaktivConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ProaktivConfiguration.class);

    @Bean
    public UtloeserRegistry utloeserRegistry(ProaktivProperties properties, InnleveringProperties innlevering, FagsystemRegistry fagsystemer,
                                             HendelserProperties hendelser) {
        UtloeserRegistry registry = UtloeserRegistry.last(properties, innlevering.avsendersystemer(),
                new UtloeserLoader.Fagsystemer(fagsystemer.alle(), hendelser.mappingsDir()));
        log.info("Loaded {} proactive trigger(s) from {}: {}", registry.alle().size(), properties.utloesereDir(),
                registry.alle().stream().map(u -> u.navn() + (registry.aktiv(u) ? "" : " (av)")).toList());
        return registry;
    }

    /** The triggers' files checked against a reloaded set of registrations before it goes live (message triggers name one). */
    @Bean
    public no.kommune.esb.platform.konfig.Registreringsavhengig utloeserAvhengighet(ProaktivProperties properties, InnleveringProperties innlevering,
                                                                                 HendelserProperties hendelser) {
        return no.kommune.esb.platform.konfig.Registreringsavhengig.av("proaktiv", nye -> UtloeserLoader.last(properties.utloesereDir(),
                innlevering.avsendersystemer(), new UtloeserLoader.Fagsystemer(nye.fagsystemer(), hendelser.mappingsDir())).problemer());
    }

    /**
     * The trigger folder as a whole for the config watcher: an edit (a switch {@code aktiv: false}, a new trigger, a
     * changed template) is validated like at start-up and swapped in only when every file is valid.
     */
    @Bean
    public Konfigsett utloeserKonfigsett(UtloeserRegistry registry, ProaktivProperties properties, InnleveringProperties innlevering,
                                         FagsystemRegistry fagsystemer, HendelserProperties hendelser) {
        return new Konfigsett() {
            @Override
            public String type() {
                return "proaktiv";
            }

            @Override
            public Path mappe() {
                return properties.utloesereDir();
            }

            @Override
            public List<Problem> lastOgBytt() {
                // the registrations live now: a message trigger is checked against them as at start-up
                UtloeserLoader.Resultat r = UtloeserLoader.last(properties.utloesereDir(), innlevering.avsendersystemer(),
                        new UtloeserLoader.Fagsystemer(fagsystemer.alle(), hendelser.mappingsDir()));
                if (r.problemer().isEmpty()) {
                    registry.erstatt(r.utloesere());
                    log.info("Proactive triggers reloaded: {}", r.utloesere().stream().map(u -> u.navn() + (registry.aktiv(u) ? "" : " (av)")).toList());
                }
                return r.problemer();
            }
        };
    }
}
