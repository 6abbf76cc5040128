package no.kommune.esb.folkeregister;

import no.kommune.esb.maskinporten.AccessTokenProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The client bean exists only when a base URL is configured, and then takes the configured values. */
class FolkeregisterConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(FolkeregisterConfiguration.class)
            .withBean(AccessTokenProvider.class, () -> scopes -> "token");

    @Test
    void should_not_build_the_client_without_a_base_url() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(FolkeregisterClient.class));
    }

    @Test
    void should_build_the_client_with_defaults_when_a_base_url_is_set() {
        runner.withPropertyValues("registers.folkeregisteret.base-url=http://localhost:1/api/v1",
                        "registers.folkeregisteret.request-timeout=7s")
                .run(context -> {
                    assertThat(context).hasSingleBean(FolkeregisterClient.class);
                    FolkeregisterProperties props = context.getBean(FolkeregisterProperties.class);
                    assertThat(props.scope()).isEqualTo("folkeregister:deling/offentligmedhjemmel");
                    assertThat(props.requestTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(props.bulkSize()).isEqualTo(1000);
                });
    }

    @Test
    void should_refuse_a_bulk_size_above_the_contracts_limit() {
        runner.withPropertyValues("registers.folkeregisteret.base-url=http://localhost:1/api/v1",
                        "registers.folkeregisteret.bulk-size=1001")
                .run(context -> assertThat(context).hasFailed());
    }
}
