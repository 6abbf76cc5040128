package no.kommune.esb.platform.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.ConstructorArgumentValues;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;

import java.util.List;

/**
 * Takes Spring MVC's {@code HandlerMappingIntrospector} cache filter back out of the security filter chain.
 * <p>
 * Spring Security 6 wraps its filter chain ({@code springSecurityFilterChain}) in a composite whose first filter looks
 * up, for every request, which Spring MVC handler it would reach — so that MVC request matchers need not each do it
 * again. The platform's matchers are path patterns ({@link SecurityConfiguration#requestMatcherBuilder()}), which never
 * ask; the look-up was then pure cost: every request was matched against every handler mapping twice, once there and
 * once in the DispatcherServlet (~11 % of the CPU samples of the letter benchmark's bus phase, most of it the simulated
 * registers' calls; docs/benchmarks.md, "Session 13").
 * <p>
 * This post-processor runs after Spring Security's own, finds the composite by its class name and puts the wrapped
 * filter chain back under the bean name. Should a later Spring Security build the chain differently, nothing is
 * changed (a line at INFO says so when the composite is there but holds other filters): requests are then as before,
 * only slower. Were an MVC matcher ever added, it
 * would look the handler up itself (Spring logs a cache miss once at WARN), so no request is judged differently.
 */
public final class UtenHandlerMappingIntrospectorCache implements BeanFactoryPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(UtenHandlerMappingIntrospectorCache.class);

    public static final String SAMMENSATT = "org.springframework.security.config.annotation.web.configuration.WebMvcSecurityConfiguration$CompositeFilterChainProxy";
    static final String CACHEFILTER = "org.springframework.security.config.annotation.web.configuration.WebMvcSecurityConfiguration$HandlerMappingIntrospectorCacheFilterFactoryBean";

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
        String navn = AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME;
        if (!(beanFactory instanceof BeanDefinitionRegistry registry) || !registry.containsBeanDefinition(navn)) {
            return;
        }
        BeanDefinition kjede = registry.getBeanDefinition(navn);
        if (!SAMMENSATT.equals(kjede.getBeanClassName())) {
            return;
        }
        BeanDefinition innpakket = innpakket(kjede);
        if (innpakket == null) {
            log.info("Spring Security's filter chain is not built as expected: its handler-mapping look-up per request stays");
            return;
        }
        registry.removeBeanDefinition(navn);
        registry.registerBeanDefinition(navn, innpakket);
    }

    /** The composite's filter chain when its filters are exactly the cache filter and one other; else null. */
    static BeanDefinition innpakket(BeanDefinition sammensatt) {
        ConstructorArgumentValues.ValueHolder argument = sammensatt.getConstructorArgumentValues().getIndexedArgumentValue(0, List.class);
        if (argument == null || !(argument.getValue() instanceof List<?> filtre) || filtre.size() != 2) {
            return null;
        }
        if (!(filtre.get(0) instanceof BeanDefinition cache) || !CACHEFILTER.equals(cache.getBeanClassName())
                || !(filtre.get(1) instanceof BeanDefinition kjede)) {
            return null;
        }
        return kjede;
    }
}
