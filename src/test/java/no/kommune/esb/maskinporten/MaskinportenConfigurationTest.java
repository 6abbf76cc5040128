package no.kommune.esb.maskinporten;

import no.kommune.esb.krr.KrrClient;
import no.kommune.esb.krr.KrrConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class MaskinportenConfigurationTest {

    @TempDir
    Path dir;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(MaskinportenConfiguration.class, KrrConfiguration.class);

    @Test
    void should_create_no_clients_when_nothing_is_configured() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(MaskinportenClient.class);
            assertThat(context).doesNotHaveBean(KrrClient.class);
        });
    }

    @Test
    void should_create_both_clients_and_make_the_local_keystore_once_the_application_is_ready() {
        Path keystore = dir.resolve("keys/esb-local.p12");
        runner.withPropertyValues(
                "registers.maskinporten.issuer=http://localhost:8080/sim/maskinporten/",
                "registers.maskinporten.token-endpoint=http://localhost:8080/sim/maskinporten/token",
                "registers.maskinporten.client-id=esb-local",
                "registers.maskinporten.keystore.path=" + keystore,
                "registers.maskinporten.keystore.password=local-only",
                "registers.maskinporten.keystore.alias=esb-local",
                "registers.maskinporten.local-keystore=true",
                "registers.krr.base-url=http://localhost:8080/sim/krr").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(MaskinportenClient.class);
            assertThat(context).hasSingleBean(KrrClient.class);
            assertThat(keystore).doesNotExist();

            context.publishEvent(new ApplicationReadyEvent(new SpringApplication(), new String[0], context.getSourceApplicationContext(), Duration.ZERO));
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(dir.resolve("keys/esb-local.crt")));
            assertThat(context.getBean("maskinportenSigningKey", SigningKeySource.class).get().privateKey().getAlgorithm()).isEqualTo("RSA");
            assertThat(keystore).exists();
            assertThat(context.getBean(MaskinportenProperties.class).toString()).doesNotContain("local-only");
        });
    }

    @Test
    void should_fail_start_up_when_the_keystore_is_missing_outside_the_local_profile() {
        runner.withPropertyValues(
                "registers.maskinporten.issuer=https://maskinporten.no/",
                "registers.maskinporten.token-endpoint=https://maskinporten.no/token",
                "registers.maskinporten.client-id=prod-client",
                "registers.maskinporten.keystore.path=" + dir.resolve("absent.p12"),
                "registers.maskinporten.keystore.password=pw-Zq81x",
                "registers.maskinporten.keystore.alias=x").run(context -> {
            assertThat(context).hasFailed();
            StringWriter trace = new StringWriter();
            context.getStartupFailure().printStackTrace(new PrintWriter(trace));
            assertThat(trace.toString()).contains("absent.p12").doesNotContain("pw-Zq81x");
            assertThat(Files.exists(dir.resolve("absent.p12"))).isFalse();
        });
    }
}
