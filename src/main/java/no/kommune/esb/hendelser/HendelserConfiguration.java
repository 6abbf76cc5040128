package no.kommune.esb.hendelser;

import no.kommune.esb.platform.Forberedt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Loads the fagsystem registrations and compiles their mappings at start-up; any problem stops the start with
 * every problem listed ({@link UgyldigKonfigurasjonException}), the same list {@code bin/validate-config} prints.
 * <p>
 * The load (reading, compiling the mappings, running their golden examples: ~9 % of the start-up thread's CPU under
 * the local default's C1-only JIT) begins on a thread of its own before any bean is made, and the registry bean waits
 * for it, so it overlaps with the rest of the context (docs/benchmarks.md, session 14).
 */
@Configuration
@EnableConfigurationProperties(HendelserProperties.class)
public class HendelserConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HendelserConfiguration.class);

    /** A load begun before any bean was made, of these folders; kept in its own context's bean factory. */
    record TidligLast(HendelserProperties mapper, Forberedt<FagsystemRegistry> registry) {
    }

    /** Begins loading the registrations of the configured folders before any bean is made. */
    @Bean
    static BeanFactoryPostProcessor fagsystemRegistryLastesTidlig(Environment env) {
        return beanFactory -> {
            HendelserProperties mapper = Binder.get(env).bind("hendelser", HendelserProperties.class)
                    .orElseGet(() -> new HendelserProperties(null, null));
            beanFactory.registerSingleton("fagsystemRegistryTidligLast", new TidligLast(mapper, new Forberedt<>("fagsystemer-last",
                    () -> FagsystemRegistry.last(mapper.fagsystemerDir(), mapper.mappingsDir())).forbered()));
        };
    }

    @Bean
    public FagsystemRegistry fagsystemRegistry(HendelserProperties properties, ObjectProvider<TidligLast> tidligLast) {
        TidligLast tidlig = tidligLast.getIfAvailable();
        // the early load read the same folders unless the bound properties differ (they are bound from the same
        // environment); it throws what a load on this thread throws: an invalid registration stops the start
        FagsystemRegistry registry = tidlig != null && tidlig.mapper().equals(properties)
                ? tidlig.registry().get()
                : FagsystemRegistry.last(properties.fagsystemerDir(), properties.mappingsDir());
        log.info("Loaded {} fagsystem registration(s) from {}: {}", registry.alle().size(), properties.fagsystemerDir(),
                registry.alle().stream().map(Fagsystem::id).toList());
        return registry;
    }
}
