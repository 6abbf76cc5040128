package no.kommune.esb.forsendelse.flyt;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.kommune.esb.platform.PlatformLock;
import no.kommune.esb.platform.Registerstans;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.svarut.SvarUtClient;
import no.kommune.esb.varsel.SmsClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class StatusOppfoelgerTest {

    @Test
    @SuppressWarnings("unchecked")
    void should_ask_svarut_once_and_not_on_every_tick_while_the_maskinporten_token_cannot_be_had() {
        MottakerbrevRepository repository = mock(MottakerbrevRepository.class);
        when(repository.fulgteISvarUt(anyInt())).thenReturn(List.of(
                new MottakerbrevRepository.Fulgt(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), Mottakerstatus.SENDT)));
        SvarUtClient svarUt = mock(SvarUtClient.class);
        // the token step before status-sok fails, as when Maskinporten is unreachable
        when(svarUt.statusSok(any())).thenThrow(new RegisterException("maskinporten", RegisterException.Kind.UNAVAILABLE, 0, "connection refused"));
        PlatformLock lock = mock(PlatformLock.class);
        when(lock.runExclusively(anyString(), any())).thenAnswer(i -> Optional.of(((Supplier<Integer>) i.getArgument(1)).get()));
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Registerstans registerstans = new Registerstans(metrics, mock(JdbcTemplate.class), Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        ObjectProvider<SmsClient> sms = mock(ObjectProvider.class);
        StatusOppfoelger oppfoelger = new StatusOppfoelger(repository, svarUt, sms, lock, 500, Duration.ofSeconds(5), registerstans);

        // fifty ticks within the first wait (at least 4 s): one status-sok tried, no exception for the route to retry
        for (int tick = 0; tick < 50; tick++) {
            assertThat(oppfoelger.poll()).isZero();
        }

        verify(svarUt, times(1)).statusSok(any());
        assertThat(metrics.get("esb.register.venter").tag("flyt", "forsendelse-status").tag("register", "maskinporten").gauge().value())
                .isEqualTo(1.0);
    }
}
