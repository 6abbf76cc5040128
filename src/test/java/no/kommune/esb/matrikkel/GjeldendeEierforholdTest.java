package no.kommune.esb.matrikkel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Whether an ownership is current by its start and ends as the contract gives them: {@code datoFra} (xs:date, a
 * Tinglyst- or IkkeTinglystEierforhold), {@code sluttdato} (xs:dateTime, every Eierforhold; {@code 9999-01-01} is the
 * documented "now" of a live object) and {@code datoTil} (xs:date, an IkkeTinglystEierforhold). Only an ownership that
 * has begun (today or before) and whose every end given lies in the future is current; the datoFra rows failed before
 * (an ownership beginning next year counted).
 */
class GjeldendeEierforholdTest {

    /** 7 December 2026, 13:00 in Norway. */
    private static final Instant NAA = Instant.parse("2026-12-07T12:00:00Z");

    @ParameterizedTest(name = "datoFra {0}, sluttdato {1}, datoTil {2} -> {3}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            // datoFra  | sluttdato                          | datoTil           | current
            "-          | -                                  | -                 | true",
            "-          | 9999-01-01T00:00:00+01:00          | -                 | true",
            "-          | 9999-01-01T00:00:00                | -                 | true",
            "-          | 2025-05-01T10:00:00+02:00          | -                 | false",
            "-          | 2017-01-12T11:35:21.000123         | -                 | false",
            // a version lives up to its sluttdato exclusive
            "-          | 2026-12-07T12:00:00Z               | -                 | false",
            "-          | 2026-12-07T12:00:01Z               | -                 | true",
            // no offset: Norwegian time (13:00 is now)
            "-          | 2026-12-07T12:30:00                | -                 | false",
            "-          | 2026-12-07T13:30:00                | -                 | true",
            "-          | -                                  | 2026-12-06        | false",
            "-          | -                                  | 2026-12-07        | false",
            "-          | -                                  | 2026-12-08        | true",
            "-          | -                                  | 2027-01-01+01:00  | true",
            "-          | -                                  | 2026-12-01Z       | false",
            // both given: either end past ends it
            "-          | 9999-01-01T00:00:00+01:00          | 2026-12-06        | false",
            "-          | 2026-01-01T00:00:00+01:00          | 2027-01-01        | false",
            "-          | 9999-01-01T00:00:00+01:00          | 2027-01-01        | true",
            // the start: an ownership that begins after today is not current yet (Norwegian date; today counts)
            "2026-12-08 | -                                  | -                 | false",
            "2027-03-01 | 9999-01-01T00:00:00+01:00          | -                 | false",
            "2027-03-01 | -                                  | 2028-01-01        | false",
            "2026-12-07 | -                                  | -                 | true",
            "2026-12-06 | 9999-01-01T00:00:00+01:00          | -                 | true",
            "2020-01-01 | -                                  | 2027-01-01        | true",
            "2026-12-08+01:00 | -                            | -                 | false",
            "2026-12-07+01:00 | -                            | -                 | true",
            // begun, but ended: the end still decides
            "2020-01-01 | 2025-05-01T10:00:00+02:00          | -                 | false",
            "2020-01-01 | -                                  | 2026-12-07        | false",
    })
    void should_count_only_an_ownership_that_has_begun_and_whose_every_end_lies_in_the_future(String datoFra, String sluttdato, String datoTil,
                                                                                                 boolean gjeldende) {
        assertThat(GjeldendeEierforhold.gjeldende(datoFra, sluttdato, datoTil, NAA)).isEqualTo(gjeldende);
    }

    @ParameterizedTest(name = "datoFra {0}, sluttdato {1}, datoTil {2}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
            "-          | 2026-13-01T00:00:00+01:00 | -",
            "-          | i går                     | -",
            "-          | 2026-12-01                | -",
            "-          | -                         | 2026-12-32",
            "-          | -                         | 01.12.2026",
            "01.12.2026 | -                         | -",
            "2026-12-01T00:00:00 | -                | -",
    })
    void should_not_guess_a_start_or_end_that_cannot_be_read(String datoFra, String sluttdato, String datoTil) {
        assertThatThrownBy(() -> GjeldendeEierforhold.gjeldende(datoFra, sluttdato, datoTil, NAA)).isInstanceOf(DateTimeParseException.class);
    }
}
