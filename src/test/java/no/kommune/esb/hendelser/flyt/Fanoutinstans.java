package no.kommune.esb.hendelser.flyt;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.kommune.esb.folkeregister.BulkResult;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.matrikkel.MatrikkelClient;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.platform.Registerstans;
import org.springframework.beans.factory.ObjectProvider;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * One platform instance's fan-out for the tests of two instances against one migrated database ({@code
 * SkjermingsvaktTest}, {@code UtflyttingRekkefoelgeTest}): its Folkeregisteret answers one person as the register stands
 * when the call comes ({@code register}), Matrikkelen knows no units. With {@code ankommet}, its first call is held, once
 * counted down, until {@code slipp} opens (the batch stays between its look-up and its commit); {@code kall} counts its calls.
 */
final class Fanoutinstans {

    private Fanoutinstans() {
    }

    @SuppressWarnings("unchecked")
    static HendelseFordeler lag(MigrertDatabase database, FagsystemRegistry registry, Supplier<Person> register, AtomicInteger kall,
                                CountDownLatch ankommet, CountDownLatch slipp) {
        AtomicBoolean holdt = new AtomicBoolean(ankommet == null);
        FolkeregisterClient freg = mock(FolkeregisterClient.class);
        when(freg.bulkSize()).thenReturn(1000);
        when(freg.bulkoppslag(any(), any())).thenAnswer(inv -> {
            Collection<Identitetsnummer> ider = (Collection<Identitetsnummer>) inv.getArgument(0);
            Person svar = register.get();
            kall.incrementAndGet();
            if (holdt.compareAndSet(false, true)) {
                ankommet.countDown();
                assertThat(slipp.await(60, TimeUnit.SECONDS)).isTrue();
            }
            return new BulkResult(ider.contains(svar.id()) ? Map.of(svar.id(), svar) : Map.of(), Set.of(), 1);
        });
        MatrikkelClient matrikkel = mock(MatrikkelClient.class);
        when(matrikkel.matrikkelenheterForAdresser(any())).thenReturn(Map.of());
        ObjectProvider<MatrikkelClient> matrikkelen = mock(ObjectProvider.class);
        when(matrikkelen.getIfAvailable()).thenReturn(matrikkel);
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), database.jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        return new HendelseFordeler(database.jdbc, database.tx, freg, registry, matrikkelen, mock(ObjectProvider.class), new SimpleMeterRegistry(),
                1000, Duration.ofSeconds(5), registerstans);
    }
}
