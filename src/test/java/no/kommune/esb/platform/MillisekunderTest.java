package no.kommune.esb.platform;

import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The property function {@code {{millis:<key>}}} ({@link Millisekunder}) that gives the route files' SFTP endpoints the
 * platform's duration settings in milliseconds. Camel reads {@code PT30S} given to such an option as it is as 0: no time
 * limit at all for JSch.
 */
class MillisekunderTest {

    @ParameterizedTest(name = "{0} -> {1} ms")
    @CsvSource({
            "PT10S, 10000",
            "PT0.5S, 500",
            "PT1M, 60000",
            "30s, 30000",
            "250ms, 250",
            "30000, 30000",
            "' PT30S ', 30000",
    })
    void should_give_a_duration_setting_in_milliseconds(String verdi, String millis) {
        assertThat(new Millisekunder().apply(verdi)).isEqualTo(millis);
    }

    @Test
    void should_refuse_a_value_that_is_no_duration_naming_it() {
        assertThatThrownBy(() -> new Millisekunder().apply("ti sekunder"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'ti sekunder' is not a duration");
    }

    @Test
    void should_give_an_sftp_endpoint_the_settings_time_limits_through_a_camel_placeholder() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Properties innstillinger = new Properties();
            innstillinger.setProperty("platform.sftp.tidsgrense.tilkobling", "PT7S");
            innstillinger.setProperty("platform.sftp.tidsgrense.svar", "PT3S");
            camel.getPropertiesComponent().setInitialProperties(innstillinger);

            SftpEndpoint sftp = camel.getEndpoint("sftp://localhost:2222?connectTimeout={{millis:platform.sftp.tidsgrense.tilkobling}}"
                    + "&soTimeout={{millis:platform.sftp.tidsgrense.svar}}", SftpEndpoint.class);

            assertThat(sftp.getConfiguration().getConnectTimeout()).isEqualTo(7000);
            assertThat(sftp.getConfiguration().getSoTimeout()).isEqualTo(3000);
        }
    }
}
