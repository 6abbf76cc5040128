package no.kommune.esb.konsoll;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SparklinjeTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            # values (space-separated; empty = none) | points in a 100×12 box
                        | 0,12 100,12
            5           | 0,1.0 100.0,1.0
            0 0 0       | 0.0,11.0 50.0,11.0 100.0,11.0
            0 10        | 0.0,11.0 100.0,1.0
            0 5 10 5 0  | 0.0,11.0 25.0,6.0 50.0,1.0 75.0,6.0 100.0,11.0
            10 20       | 0.0,6.0 100.0,1.0
            """)
    void should_scale_the_values_into_the_box_with_the_highest_at_the_top_and_zero_at_the_bottom(String verdier, String punkter) {
        List<Double> liste = verdier == null ? List.of() : Arrays.stream(verdier.trim().split("\\s+")).map(Double::valueOf).toList();

        assertThat(Sparklinje.punkter(liste, 100, 12)).isEqualTo(punkter);
    }
}
