package no.kommune.esb.forsendelse.mottak;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A page mark as text and back: to the microsecond, before 1970 too; anything a page's link did not write is no mark. */
class SidemerkeTest {

    private static final UUID ID = UUID.fromString("3fa85f64-5717-4562-b3fc-2c963f66afa6");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "2026-12-07T23:59:59.123456Z | 1796687999123456_3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "1970-01-01T00:00:00Z        | 0_3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "1969-12-31T23:59:59.999999Z | -1_3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "1900-01-01T00:00:00.000001Z | -2208988799999999_3fa85f64-5717-4562-b3fc-2c963f66afa6",
    })
    void should_write_a_mark_to_the_microsecond_and_read_it_back(Instant tid, String tekst) {
        assertThat(new Sidemerke(tid, ID).tekst()).isEqualTo(tekst);
        assertThat(Sidemerke.les(tekst)).contains(new Sidemerke(tid, ID));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource(delimiter = '|', nullValues = "null", value = {
            "null",
            "''",
            "x",
            "12",
            "12_",
            "_3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "12_3fa85f64-5717-4562-b3fc-2c963f66afa",
            "12_3fa85f64-5717-4562-b3fc-2c963f66afa6x",
            "1.5_3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "+12_3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "999999999999999999_3fa85f64-5717-4562-b3fc-2c963f66afa6",
            "12_3fa85f64-5717-4562-b3fc-2c963f66afa6&side=2",
    })
    void should_take_nothing_but_a_mark_a_page_wrote(String tekst) {
        assertThat(Sidemerke.les(tekst)).isEmpty();
    }
}
