package no.kommune.esb.svarut;

import no.kommune.esb.maskinporten.AccessTokenProvider;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class SvarUtConfigurationTest {

    @Configuration
    static class Tokens {
        @Bean
        AccessTokenProvider accessTokenProvider() {
            return scopes -> "token";
        }
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(Tokens.class, SvarUtConfiguration.class);

    @Test
    void should_build_no_client_when_base_url_is_not_set() {
        runner.run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(SvarUtClient.class));
    }

    @Test
    void should_build_the_client_with_defaults_for_what_is_not_set() {
        runner.withPropertyValues("registers.svarut.base-url=https://svarut.ks.no/api", "registers.svarut.konto-id=5f1c0a6e-9d1b-4c1e-8f0a-0c5e3a9b7d21",
                        "registers.svarut.integrasjon-id=id", "registers.svarut.integrasjon-passord=hemmelig", "registers.svarut.send-timeout=20m")
                .run(ctx -> {
                    assertThat(ctx).hasSingleBean(SvarUtClient.class);
                    SvarUtProperties p = ctx.getBean(SvarUtProperties.class);
                    assertThat(p.scope()).isEqualTo("ks:fiks");
                    assertThat(p.sendTimeout()).isEqualTo(Duration.ofMinutes(20));
                    assertThat(p.statusSokBatchSize()).isEqualTo(100);
                    assertThat(p.toString()).doesNotContain("hemmelig");
                });
    }

    @Test
    void should_fail_at_start_up_naming_the_missing_password() {
        runner.withPropertyValues("registers.svarut.base-url=https://svarut.ks.no/api", "registers.svarut.konto-id=5f1c0a6e-9d1b-4c1e-8f0a-0c5e3a9b7d21",
                        "registers.svarut.integrasjon-id=id")
                .run(ctx -> assertThat(ctx).hasFailed().getFailure().rootCause().hasMessageContaining("registers.svarut.integrasjon-passord"));
    }

    @Configuration
    @EnableConfigurationProperties(SvarUtProperties.class)
    static class BareProperties {
    }

    @Test
    void should_bind_the_properties_without_anything_set_as_the_properties_scan_does() {
        new ApplicationContextRunner().withUserConfiguration(BareProperties.class)
                .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(SvarUtProperties.class));
    }
}
