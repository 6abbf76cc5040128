package no.kommune.esb.hendelser.flyt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FasetiderTest {

    private final SimpleMeterRegistry metrics = new SimpleMeterRegistry();

    @Test
    void should_sum_a_phases_time_over_the_batch_and_record_it_as_one_sample_per_phase() {
        Fasetider tider = new Fasetider(metrics);

        assertThat(tider.maal("folkeregisteret", () -> venter(20, "a"))).isEqualTo("a");
        tider.maal("matrikkelen", () -> venter(5, null));
        tider.maal("folkeregisteret", () -> venter(20, "b"));
        tider.registrer();

        Timer freg = metrics.get("esb.hendelser.fordeling.fase").tag("fase", "folkeregisteret").timer();
        assertThat(freg.count()).as("one sample per batch, not per call").isEqualTo(1);
        assertThat(freg.totalTime(TimeUnit.MILLISECONDS)).as("both calls").isGreaterThanOrEqualTo(40);
        assertThat(metrics.get("esb.hendelser.fordeling.fase").tag("fase", "matrikkelen").timer().count()).isEqualTo(1);
        assertThat(tider.toString()).startsWith("folkeregisteret ").contains(", matrikkelen ").endsWith(" ms");
    }

    @Test
    void should_count_the_time_of_a_phase_that_failed_and_pass_its_exception_on() {
        Fasetider tider = new Fasetider(metrics);

        assertThatThrownBy(() -> tider.maal("folkeregisteret", () -> {
            venter(10, null);
            throw new IllegalStateException("nede");
        })).hasMessage("nede");
        tider.registrer();

        assertThat(metrics.get("esb.hendelser.fordeling.fase").tag("fase", "folkeregisteret").timer()
                .totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(10);
    }

    @Test
    void should_keep_nothing_in_the_shared_instance_a_replay_or_a_message_uses() {
        assertThat(Fasetider.INGEN.maal("folkeregisteret", () -> "svar")).isEqualTo("svar");
        Fasetider.INGEN.maal("dokumenter", () -> venter(1, null));

        assertThat(Fasetider.INGEN.toString()).as("shared by every thread: it must not sum").isEmpty();
    }

    private static String venter(long ms, String svar) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return svar;
    }
}
