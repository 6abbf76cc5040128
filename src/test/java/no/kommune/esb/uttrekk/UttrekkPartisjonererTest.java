package no.kommune.esb.uttrekk;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every record of an extract run on one partition ({@link UttrekkPartisjonerer}): a row's key, a row read again and the
 * end all go where a record keyed by the run's id alone would, so the end follows the rows in one ordered log.
 */
class UttrekkPartisjonererTest {

    private static final String ID = "9f4a01c0-984a-426a-ba91-192e1cc9466e";

    @ParameterizedTest(name = "{0} among {1}")
    @CsvSource({
            "9f4a01c0-984a-426a-ba91-192e1cc9466e:1,       3",
            "9f4a01c0-984a-426a-ba91-192e1cc9466e:162,     3",
            "9f4a01c0-984a-426a-ba91-192e1cc9466e:slutt,   3",
            "9f4a01c0-984a-426a-ba91-192e1cc9466e:2:17,    3",
            "9f4a01c0-984a-426a-ba91-192e1cc9466e:2:slutt, 3",
            "9f4a01c0-984a-426a-ba91-192e1cc9466e:1,       12",
            "9f4a01c0-984a-426a-ba91-192e1cc9466e:1:slutt, 12",
            "9f4a01c0-984a-426a-ba91-192e1cc9466e,         12"})
    void should_put_every_record_of_a_run_where_its_id_alone_would_go(String noekkel, int antall) {
        int vedId = Utils.toPositive(Utils.murmur2(ID.getBytes(StandardCharsets.UTF_8))) % antall;

        assertThat(UttrekkPartisjonerer.partisjon(noekkel, antall)).isEqualTo(vedId).isBetween(0, antall - 1);
    }
}
