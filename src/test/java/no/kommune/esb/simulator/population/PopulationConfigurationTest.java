package no.kommune.esb.simulator.population;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class PopulationConfigurationTest {

    final PopulationConfiguration config = new PopulationConfiguration();

    @Test
    void should_continue_the_feed_after_a_restart_when_a_data_dir_is_set(@TempDir Path dir) {
        SyntheticPopulation first = config.syntheticPopulation(5, 500, "4601", dir.toString(), SyntheticPopulationTest.CLOCK);
        first.change(ChangeKind.FLYTTING_INNEN_KOMMUNE, null, null);
        first.change(ChangeKind.ADRESSEBESKYTTELSE, null, "fortrolig");

        SyntheticPopulation restarted = config.syntheticPopulation(5, 500, "4601", dir.toString(), SyntheticPopulationTest.CLOCK);
        SyntheticPopulation otherSize = config.syntheticPopulation(5, 600, "4601", dir.toString(), SyntheticPopulationTest.CLOCK);

        assertThat(restarted.lastSequence()).isEqualTo(first.lastSequence()).isPositive();
        assertThat(otherSize.lastSequence()).as("another configuration keeps its own journal").isZero();
    }

    @Test
    void should_keep_changes_in_memory_only_without_a_data_dir() {
        SyntheticPopulation first = config.syntheticPopulation(5, 500, "4601", "", SyntheticPopulationTest.CLOCK);
        first.change(ChangeKind.NAVNEENDRING, null, null);

        assertThat(config.syntheticPopulation(5, 500, "4601", "", SyntheticPopulationTest.CLOCK).lastSequence()).isZero();
    }

    @Test
    void should_run_the_change_timer_only_for_a_positive_interval() throws Exception {
        SyntheticPopulation pop = config.syntheticPopulation(5, 500, "4601", "", SyntheticPopulationTest.CLOCK);
        PopulationConfiguration.PopulationChangeTimer off = config.populationChangeTimer(pop, Duration.ZERO);
        PopulationConfiguration.PopulationChangeTimer on = config.populationChangeTimer(pop, Duration.ofMillis(20));
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> pop.lastSequence() >= 3);
            assertThat(off.running()).isFalse();
            assertThat(on.running()).isTrue();
        } finally {
            on.destroy();
            off.destroy();
        }
    }
}
