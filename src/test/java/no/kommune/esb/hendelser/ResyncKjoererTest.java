package no.kommune.esb.hendelser;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.hendelser.flyt.ResyncKjoerer;
import no.kommune.esb.platform.PlatformLock;
import no.kommune.esb.platform.Registerstans;
import no.kommune.esb.register.RegisterException;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class ResyncKjoererTest {

    @Test
    @SuppressWarnings("unchecked")
    void should_not_call_folkeregisteret_again_on_every_tick_while_it_is_down() {
        FolkeregisterClient freg = mock(FolkeregisterClient.class);
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        PlatformLock lock = mock(PlatformLock.class);
        when(lock.runExclusively(anyString(), any())).thenAnswer(i -> Optional.ofNullable(((Supplier<Object>) i.getArgument(1)).get()));
        when(jdbc.queryForList(contains("from resync"), eq(Long.class))).thenReturn(List.of(1L));
        when(freg.sisteSekvensnummer()).thenThrow(new RegisterException("maskinporten", RegisterException.Kind.UNAVAILABLE, 0, "connection refused"));
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        ResyncKjoerer resync = new ResyncKjoerer(freg, mock(FagsystemRegistry.class), jdbc, mock(TransactionTemplate.class), lock,
                Duration.ofSeconds(5), registerstans);

        // fifty ticks within the first wait (at least 4 s): one call, and no extract started
        for (int tick = 0; tick < 50; tick++) {
            assertThat(resync.kjoer()).isZero();
        }

        verify(freg, times(1)).sisteSekvensnummer();
        verify(freg, never()).startTilpassetUttrekk(any());
    }
}
