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

    @Test
    void should_lose_every_answer_for_as_long_as_the_spec_is_set_when_the_lost_answer_rate_is_one() {
        faults.set("svarut", "send", new FaultSpec(0, 0, 0, 0, 0, null, null, 0, 0, 0, 1.0));

        assertThat(faults.loseAnswerAfterCommit("svarut", "send")).isTrue();
        assertThat(faults.loseAnswerAfterCommit("svarut", "send")).isTrue();
        faults.clear("svarut", "send");
        assertThat(faults.loseAnswerAfterCommit("svarut", "send")).isFalse();
    }

    @Test
    void should_lose_no_answer_when_the_lost_answer_rate_is_zero_and_no_count_is_left() {
        faults.set("svarut", "send", new FaultSpec(0, 0, 0, 0, 0, null, null, 1, 0, 0, 0));

        assertThat(faults.loseAnswerAfterCommit("svarut", "send")).isTrue();
        assertThat(faults.loseAnswerAfterCommit("svarut", "send")).isFalse();
    }
}
