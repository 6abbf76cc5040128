package no.kommune.esb.simulator.fault;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultInjectorTest {

    private final FaultInjector faults = new FaultInjector(Clock.systemUTC());

    @Test
    void should_fail_only_the_second_call_when_one_call_passes_and_one_fails() {
        faults.set("folkeregisteret", "bulkoppslag", new FaultSpec(0, 0, 503, 0, 0, null, null, 0, 1, 1));

        assertThatCode(() -> faults.before("folkeregisteret", "bulkoppslag")).doesNotThrowAnyException();
        assertThatThrownBy(() -> faults.before("folkeregisteret", "bulkoppslag"))
                .isInstanceOfSatisfying(SimulatedFault.class, f -> assertThat(f.status()).isEqualTo(503));
        assertThatCode(() -> faults.before("folkeregisteret", "bulkoppslag")).doesNotThrowAnyException();
    }

    @Test
    void should_apply_the_outage_after_the_passing_calls_when_a_pass_count_is_set_on_every_endpoint() {
        faults.set("krr", "*", new FaultSpec(0, 0, 0, 0, 0, null, Instant.now().plusSeconds(60), 0, 2, 0));

        assertThatCode(() -> faults.before("krr", "personer")).doesNotThrowAnyException();
        assertThatCode(() -> faults.before("krr", "personer")).doesNotThrowAnyException();
        assertThatThrownBy(() -> faults.before("krr", "personer"))
                .isInstanceOfSatisfying(SimulatedFault.class, f -> assertThat(f.status()).isEqualTo(503));
        assertThatThrownBy(() -> faults.before("krr", "personer")).isInstanceOf(SimulatedFault.class);
    }
}
