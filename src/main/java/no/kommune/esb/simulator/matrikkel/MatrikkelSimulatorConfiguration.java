package no.kommune.esb.simulator.matrikkel;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Provides the generated Matrikkelen data unless another {@link MatrikkelData} (e.g. the shared population) is defined. */
@Configuration
public class MatrikkelSimulatorConfiguration {

    @Bean
    @ConditionalOnMissingBean(MatrikkelData.class)
    public MatrikkelData matrikkelData(@Value("${simulator.matrikkel.seed:4601}") long seed,
                                       @Value("${simulator.matrikkel.kommunenummer:4601}") String kommunenummer,
                                       @Value("${simulator.matrikkel.kommunenavn:Bergen}") String kommunenavn) {
        return new GeneratedMatrikkelData(seed, kommunenummer, kommunenavn, 40);
    }
}
