package no.kommune.esb.forsendelse.flyt;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.kommune.esb.platform.Aarsak;
import no.kommune.esb.platform.Registerstans;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class ForsoksregelTest {

    private static final UUID BREV = UUID.randomUUID();
    private static final UUID MOTTAKERBREV = UUID.randomUUID();
    private static final UUID KRAV = UUID.randomUUID();
    private static final Aarsak NEDE = new Aarsak("SVARUT-UTILGJENGELIG", "SvarUt er utilgjengelig (HTTP 503); brevet er ikke sendt");
    private static final Aarsak TAPT = new Aarsak("SVARUT-SVAR-TAPT", "svaret fra SvarUt gikk tapt");

    private final BehandlingRepository repository = mock(BehandlingRepository.class);
    private final Forsoksregel regel = new Forsoksregel(repository, 6, Duration.ofSeconds(10),
            new Registerstans(new SimpleMeterRegistry(), null, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15)));

    @ParameterizedTest(name = "{0} earlier attempts, retryable {1} → {2}, recorded attempts {3}")
    @CsvSource({
            "0, true,  nytt_forsoek, 1",
            "4, true,  nytt_forsoek, 5",
            "5, true,  dead_letter,  6",
            "0, false, dead_letter,  1",
    })
    void should_wait_for_another_attempt_or_dead_letter_a_failure_with_a_known_outcome(int tidligere, boolean kanProevesIgjen,
                                                                                      String utfall, int forsoek) {
        when(repository.deadLetter(BREV, MOTTAKERBREV, KRAV, forsoek, NEDE)).thenReturn(true);
        when(repository.nyttForsoek(any(), any(), any(), anyInt(), any(), any())).thenReturn(true);
        assertThat(regel.feilet(BREV, MOTTAKERBREV, KRAV, tidligere, kanProevesIgjen, null, NEDE)).isEqualTo(utfall);

        if (utfall.equals(Forsoksregel.DEAD_LETTER)) {
            verify(repository).deadLetter(BREV, MOTTAKERBREV, KRAV, forsoek, NEDE);
        } else {
            verify(repository).nyttForsoek(eq(BREV), eq(MOTTAKERBREV), eq(KRAV), eq(forsoek), any(Instant.class), eq(NEDE));
        }
    }

    /** A pass that no longer holds the letter records no dead letter: its new holder may have sent it (rule 8). */
    @Test
    void should_report_a_dead_letter_not_recorded_because_the_letter_was_taken_over() {
        when(repository.deadLetter(BREV, MOTTAKERBREV, KRAV, 6, NEDE)).thenReturn(false);

        assertThat(regel.feilet(BREV, MOTTAKERBREV, KRAV, 5, true, null, NEDE)).isEqualTo(Forsoksregel.OVERTATT);
    }

    /**
     * Nor another attempt, a look-up of a spent letter or manual handling (the repository writes nothing and says so,
     * {@link BehandlingRepository#nyttForsoek}, {@code avklares}, {@code manuellEtterKanalbytte}): each is "taken over".
     */
    @ParameterizedTest(name = "{0}, {1} earlier attempts → overtatt")
    @CsvSource({
            "feilet,             0",
            "feiletUavklart,     0",
            "feiletUavklart,     5",
            "feiletUkjentUtfall, 0",
            "feiletUkjentUtfall, 5",
    })
    void should_report_a_failure_not_recorded_because_the_letter_was_taken_over(String regelen, int tidligere) {
        String utfall = switch (regelen) {
            case "feilet" -> regel.feilet(BREV, MOTTAKERBREV, KRAV, tidligere, true, null, NEDE);
            case "feiletUavklart" -> regel.feiletUavklart(BREV, MOTTAKERBREV, KRAV, tidligere, null, TAPT);
            default -> regel.feiletUkjentUtfall(BREV, MOTTAKERBREV, KRAV, tidligere, true, null, NEDE, "ukjent utfall");
        };

        // the mocked repository answers false: this pass no longer holds the letter
        assertThat(utfall).isEqualTo(Forsoksregel.OVERTATT);
    }

    @ParameterizedTest(name = "{0} earlier attempts → {1}, recorded attempts {2}")
    @CsvSource({
            "0, nytt_forsoek, 1",
            "4, nytt_forsoek, 5",
            // the last attempt: spent, but looked up instead of dead-lettered
            "5, avklares,     6",
            // a look-up of a letter whose attempts are spent failed again: the attempts stay spent, it is looked up again
            "6, avklares,     6",
    })
    void should_never_dead_letter_a_letter_svarut_may_hold(int tidligere, String utfall, int forsoek) {
        when(repository.nyttForsoek(any(), any(), any(), anyInt(), any(), any())).thenReturn(true);
        when(repository.avklares(any(), any(), any(), anyInt(), any(), any())).thenReturn(true);
        assertThat(regel.feiletUavklart(BREV, MOTTAKERBREV, KRAV, tidligere, null, TAPT)).isEqualTo(utfall);

        verify(repository, never()).deadLetter(any(), any(), any(), anyInt(), any());
        if (utfall.equals(Forsoksregel.AVKLARES)) {
            verify(repository).avklares(eq(BREV), eq(MOTTAKERBREV), eq(KRAV), eq(forsoek), any(Instant.class), eq(TAPT));
        } else {
            verify(repository).nyttForsoek(eq(BREV), eq(MOTTAKERBREV), eq(KRAV), eq(forsoek), any(Instant.class), eq(TAPT));
        }
    }

    @ParameterizedTest(name = "{0} earlier attempts, retryable {1} → {2}, recorded attempts {3}")
    @CsvSource({
            "0, true,  nytt_forsoek, 1",
            "4, true,  nytt_forsoek, 5",
            // the last attempt, or a refusal that cannot be retried: an SMS/e-mail that may have arrived goes to a person
            "5, true,  manuell,      6",
            "0, false, manuell,      1",
    })
    void should_never_dead_letter_a_service_message_an_sms_or_email_with_a_lost_answer_may_have_delivered(int tidligere, boolean kanProevesIgjen,
                                                                                                         String utfall, int forsoek) {
        when(repository.nyttForsoek(any(), any(), any(), anyInt(), any(), any())).thenReturn(true);
        when(repository.manuellEtterKanalbytte(any(), any(), any(), anyString())).thenReturn(true);
        assertThat(regel.feiletUkjentUtfall(BREV, MOTTAKERBREV, KRAV, tidligere, kanProevesIgjen, null, NEDE, "ukjent utfall"))
                .isEqualTo(utfall);

        verify(repository, never()).deadLetter(any(), any(), any(), anyInt(), any());
        if (utfall.equals(Forsoksregel.MANUELL)) {
            verify(repository).manuellEtterKanalbytte(BREV, MOTTAKERBREV, KRAV, "ukjent utfall");
            verify(repository, never()).nyttForsoek(any(), any(), any(), anyInt(), any(), any());
        } else {
            verify(repository).nyttForsoek(eq(BREV), eq(MOTTAKERBREV), eq(KRAV), eq(forsoek), any(Instant.class), eq(NEDE));
            verify(repository, never()).manuellEtterKanalbytte(any(), any(), any(), any());
        }
    }

    @ParameterizedTest(name = "{0} attempts → looked up only: {1}")
    @CsvSource({"0, false", "5, false", "6, true", "7, true"})
    void should_look_up_only_a_letter_whose_attempts_are_spent(int forsoek, boolean avklares) {
        assertThat(regel.avklares(forsoek)).isEqualTo(avklares);
    }
}
