package no.kommune.esb.konsoll;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class MaalingerTest {

    /**
     * The gauge {@code esb.forsendelse.mottakerbrev} also counts manual cases and dead letters, which no flow sends by
     * itself; before, the chart added every status up (here 2 + 5 + 7 = 14) and showed them as waiting to be sent.
     */
    @Test
    void should_count_only_the_recipient_letters_waiting_to_be_sent_in_the_chart_venter_paa_sending_and_name_their_status() {
        MeterRegistry registry = new SimpleMeterRegistry();
        Map.of("KLAR_FOR_SENDING", 2, "MANUELL", 5, "DEAD_LETTER", 7).forEach((status, antall) ->
                Gauge.builder("esb.forsendelse.mottakerbrev", () -> antall).tag("status", status).register(registry));
        Maalinger maalinger = new Maalinger(registry, Duration.ofHours(1));
        try {
            maalinger.les();

            Maalinger.Serie venter = maalinger.serier().stream().filter(s -> s.navn().equals("Venter på sending")).findFirst().orElseThrow();
            assertThat(venter.siste()).isEqualTo(2.0);
            assertThat(venter.punkter()).containsOnly(2.0);
            assertThat(venter.forklaring()).contains("status KLAR_FOR_SENDING").doesNotContain("alle statuser");
            assertThat(venter.meter()).isEqualTo("esb.forsendelse.mottakerbrev{status=KLAR_FOR_SENDING}");
        } finally {
            maalinger.stopp();
        }
    }
}
