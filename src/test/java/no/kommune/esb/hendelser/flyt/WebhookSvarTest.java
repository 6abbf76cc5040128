package no.kommune.esb.hendelser.flyt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wait a fagsystem's webhook asks for with its answer ({@link HendelseLeverer.WebhookSvar}): a 429's or 503's
 * Retry-After, as delay-seconds or as an HTTP date (RFC 9110 10.2.3), never negative, at most an hour
 * ({@code Ventetid.LENGSTE_RETRY_AFTER}); none for another status or an unreadable value (the backoff then decides).
 */
class WebhookSvarTest {

    private static final Instant NAA = Instant.parse("2026-12-07T03:00:00Z");

    @ParameterizedTest(name = "HTTP {0}, Retry-After ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            429 | 120                           | PT2M
            503 | 0                             | PT0S
            429 | 7200                          | PT1H
            429 | Mon, 07 Dec 2026 03:10:00 GMT | PT10M
            503 | Mon, 07 Dec 2026 02:59:00 GMT | PT0S
            429 | Tue, 08 Dec 2026 03:00:00 GMT | PT1H
            429 | -5                            | PT0S
            429 | snart                         | -
            429 | -                             | -
            500 | 120                           | -
            400 | 120                           | -
            """)
    void should_read_the_wait_a_webhook_asked_for_and_cap_it(int status, String retryAfter, String forventet) {
        Duration vent = new HendelseLeverer.WebhookSvar(status, retryAfter, NAA).retryAfter;

        assertThat(vent).isEqualTo(forventet == null ? null : Duration.parse(forventet));
    }

    @ParameterizedTest(name = "HTTP {0} refuses the payload itself: {1}")
    @CsvSource({"400, true", "413, true", "415, true", "422, true", "401, false", "403, false", "404, false", "408, false",
            "409, false", "410, false", "425, false", "429, false", "500, false", "502, false", "503, false"})
    void should_tell_a_refusal_of_the_payload_from_an_answer_that_can_pass(int status, boolean avviser) {
        assertThat(new HendelseLeverer.WebhookSvar(status, null, NAA).avviserInnholdet()).isEqualTo(avviser);
    }
}
