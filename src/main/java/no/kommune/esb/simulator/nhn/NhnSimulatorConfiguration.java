package no.kommune.esb.simulator.nhn;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Provides the generated NHN data unless another {@link NhnData} (e.g. the shared population) is defined. */
@Configuration
public class NhnSimulatorConfiguration {

    @Bean
    @ConditionalOnMissingBean(NhnData.class)
    public NhnData nhnData(@Value("${simulator.nhn.seed:4601}") long seed,
                           @Value("${simulator.matrikkel.kommunenummer:4601}") String kommunenummer,
                           @Value("${simulator.matrikkel.kommunenavn:Bergen}") String kommunenavn) {
        return new GeneratedNhnData(seed, kommunenummer, kommunenavn, 300);
    }
}
