package no.kommune.esb.platform.security;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.BeanDefinitionBuilder;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.support.ManagedList;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.context.AbstractSecurityWebApplicationInitializer;

import static org.assertj.core.api.Assertions.assertThat;

class UtenHandlerMappingIntrospectorCacheTest {

    private static final String NAVN = AbstractSecurityWebApplicationInitializer.DEFAULT_FILTER_NAME;

    @Test
    void should_put_the_wrapped_filter_chain_back_under_its_name_when_spring_security_wrapped_it_with_the_cache_filter() {
        BeanDefinition kjede = BeanDefinitionBuilder.rootBeanDefinition(FilterChainProxy.class).getBeanDefinition();
        DefaultListableBeanFactory fabrikk = new DefaultListableBeanFactory();
        fabrikk.registerBeanDefinition(NAVN, sammensatt(UtenHandlerMappingIntrospectorCache.CACHEFILTER, kjede));

        new UtenHandlerMappingIntrospectorCache().postProcessBeanFactory(fabrikk);

        assertThat(fabrikk.getBeanDefinition(NAVN).getBeanClassName()).isEqualTo(FilterChainProxy.class.getName());
    }

    @Test
    void should_leave_a_composite_it_does_not_recognise_as_it_is() {
        BeanDefinition kjede = BeanDefinitionBuilder.rootBeanDefinition(FilterChainProxy.class).getBeanDefinition();
        DefaultListableBeanFactory fabrikk = new DefaultListableBeanFactory();
        fabrikk.registerBeanDefinition(NAVN, sammensatt("some.other.Filter", kjede));

        new UtenHandlerMappingIntrospectorCache().postProcessBeanFactory(fabrikk);

        assertThat(fabrikk.getBeanDefinition(NAVN).getBeanClassName()).isEqualTo(UtenHandlerMappingIntrospectorCache.SAMMENSATT);
    }

    @Test
    void should_leave_an_unwrapped_filter_chain_alone() {
        DefaultListableBeanFactory fabrikk = new DefaultListableBeanFactory();
        fabrikk.registerBeanDefinition(NAVN, BeanDefinitionBuilder.rootBeanDefinition(FilterChainProxy.class).getBeanDefinition());

        new UtenHandlerMappingIntrospectorCache().postProcessBeanFactory(fabrikk);

        assertThat(fabrikk.getBeanDefinition(NAVN).getBeanClassName()).isEqualTo(FilterChainProxy.class.getName());
    }

    /** The composite as Spring Security 6.5's WebMvcSecurityConfiguration registers it: its filters as constructor argument 0. */
    private static BeanDefinition sammensatt(String foersteFilter, BeanDefinition kjede) {
        ManagedList<Object> filtre = new ManagedList<>();
        filtre.add(BeanDefinitionBuilder.genericBeanDefinition(foersteFilter).getBeanDefinition());
        filtre.add(kjede);
        return BeanDefinitionBuilder.genericBeanDefinition(UtenHandlerMappingIntrospectorCache.SAMMENSATT)
                .addConstructorArgValue(filtre).getBeanDefinition();
    }
}
