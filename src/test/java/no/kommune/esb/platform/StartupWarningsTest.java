package no.kommune.esb.platform;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

class StartupWarningsTest {

    @Test
    void should_give_no_warning_for_a_production_like_configuration() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("platform.sftp.strict-host-key-checking", "yes")
                .withProperty("hendelser.webhook.barnevern", "https://barnevern.kommune.no/hendelser")
                .withProperty("varsel.sms.base-url", "https://sms.leverandor.no/api")
                .withProperty("varsel.epost.host", "smtp.kommune.no")
                .withProperty("management.endpoint.health.show-details", "when-authorized")
                .withProperty("oppslag.revisjon.hmac-noekkel", "a-long-secret-from-the-environment");

        assertThat(new StartupWarnings(env).warnings()).isEmpty();
    }

    @Test
    void should_warn_once_for_each_insecure_or_development_setting() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("simulator.enabled", "true")
                .withProperty("platform.sftp.strict-host-key-checking", "no")
                .withProperty("camel.main.routes-reload-enabled", "true")
                .withProperty("hendelser.webhook.barnevern", "http://barnevern.kommune.no/hendelser")
                .withProperty("hendelser.webhook.skole", "http://localhost:8080/sim/fagsystem/skole")
                .withProperty("varsel.sms.base-url", "http://localhost:8080/sim/sms")
                .withProperty("varsel.epost.host", "127.0.0.1")
                .withProperty("varsel.epost.starttls", "false")
                .withProperty("management.endpoint.health.show-details", "always")
                .withProperty("oppslag.revisjon.hmac-noekkel", "lokal-revisjonsnoekkel-kun-for-utvikling");

        assertThat(new StartupWarnings(env).warnings())
                .hasSize(8)
                .anySatisfy(w -> assertThat(w).contains("show-details=always"))
                .anySatisfy(w -> assertThat(w).contains("audit trail").contains("local key"))
                .anySatisfy(w -> assertThat(w).contains("simulated SMS gateway"))
                .anySatisfy(w -> assertThat(w).contains("without STARTTLS"))
                .anySatisfy(w -> assertThat(w).contains("simulators"))
                .anySatisfy(w -> assertThat(w).contains("host keys"))
                .anySatisfy(w -> assertThat(w).contains("reload"))
                .anySatisfy(w -> assertThat(w).contains("barnevern").doesNotContain("skole"));
    }
}
