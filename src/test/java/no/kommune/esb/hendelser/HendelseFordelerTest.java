package no.kommune.esb.hendelser;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.hendelser.flyt.HendelseFordeler;
import no.kommune.esb.platform.Registerstans;
import no.kommune.esb.register.RegisterException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class HendelseFordelerTest {

    @Test
    @SuppressWarnings("unchecked")
    void should_not_take_events_again_on_every_tick_while_folkeregisteret_is_down() {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        TransactionTemplate tx = mock(TransactionTemplate.class);
        // the batch's bulk look-up fails; the transaction rolls back and the exception reaches the fan-out
        when(tx.execute(any())).thenThrow(new RegisterException("folkeregisteret", RegisterException.Kind.UNAVAILABLE, 503, "bulk lookup failed (HTTP 503)"));
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        HendelseFordeler fordeler = new HendelseFordeler(jdbc, tx, mock(FolkeregisterClient.class), mock(FagsystemRegistry.class),
                mock(ObjectProvider.class), mock(ObjectProvider.class), new SimpleMeterRegistry(), 1000, Duration.ofSeconds(5), registerstans);

        // fifty ticks within the first wait (at least 4 s): one batch tried, and each tick reports no work
        for (int tick = 0; tick < 50; tick++) {
            assertThat(fordeler.fordel()).isZero();
        }

        verify(tx, times(1)).execute(any());
    }
}
