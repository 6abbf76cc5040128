package no.kommune.esb.nhn;

import no.kommune.esb.maskinporten.AccessTokenProvider;
import no.kommune.esb.matrikkel.AdressesokClient;
import no.kommune.esb.matrikkel.MatrikkelClient;
import no.kommune.esb.matrikkel.MatrikkelConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

class RegisterClientConfigurationTest {

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(MatrikkelConfiguration.class, NhnConfiguration.class)
            .withBean("helseIdAccessTokenProvider", AccessTokenProvider.class, () -> scopes -> "token");

    @Test
    void should_build_no_client_when_no_base_url_is_set() {
        runner.run(ctx -> assertThat(ctx).doesNotHaveBean(MatrikkelClient.class).doesNotHaveBean(AdressesokClient.class)
                .doesNotHaveBean(FastlegeClient.class).doesNotHaveBean(AdresseregisterClient.class).doesNotHaveBean(PersontjenestenClient.class));
    }

    @Test
    void should_build_each_client_whose_base_url_and_credentials_are_set() {
        runner.withPropertyValues(
                "registers.matrikkel.base-url=http://localhost/matrikkelapi/wsapi/v1", "registers.matrikkel.username=u", "registers.matrikkel.password=p",
                "registers.geonorge.base-url=http://localhost/adresser/v1",
                "registers.nhn.flr.base-url=http://localhost/v2/flr", "registers.nhn.flr.username=u", "registers.nhn.flr.password=p",
                "registers.nhn.ar.base-url=http://localhost/v1/AR", "registers.nhn.ar.username=u", "registers.nhn.ar.password=p",
                "registers.nhn.persontjenesten.base-url=http://localhost", "registers.nhn.persontjenesten.scopes=nhn:x/read")
                .run(ctx -> assertThat(ctx).hasSingleBean(MatrikkelClient.class).hasSingleBean(AdressesokClient.class)
                        .hasSingleBean(FastlegeClient.class).hasSingleBean(AdresseregisterClient.class).hasSingleBean(PersontjenestenClient.class));
    }

    @Test
    void should_refuse_to_start_when_a_base_url_comes_without_its_password() {
        runner.withPropertyValues("registers.nhn.flr.base-url=http://localhost/v2/flr", "registers.nhn.flr.username=u")
                .run(ctx -> assertThat(ctx).hasFailed());
    }
}
