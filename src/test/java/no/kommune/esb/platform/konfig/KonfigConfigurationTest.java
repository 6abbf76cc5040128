package no.kommune.esb.platform.konfig;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.support.GenericApplicationContext;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How the watcher and the comparison with the other instances are scheduled once the platform is up. */
class KonfigConfigurationTest {

    @Test
    void should_keep_the_instances_heartbeat_going_while_a_watcher_round_waits_for_a_replaced_routes_in_flight_exchanges() throws Exception {
        CountDownLatch iRunden = new CountDownLatch(1);
        CountDownLatch slipp = new CountDownLatch(1);
        // a round that waits as one replacing a route with exchanges in flight does (Camel's graceful stop, up to 45 s)
        Konfigurasjonsovervaaker overvaaker = new Konfigurasjonsovervaaker(new Konfigurasjonsovervaaker.Mapper(Path.of("ingen"), Path.of("ingen"),
                Path.of("ingen")), null, null, new Konfigurasjonsstatus(), new SimpleMeterRegistry(), null, Clock.systemUTC()) {
            @Override
            public synchronized void start() {
            }

            @Override
            public synchronized void sjekk() {
                iRunden.countDown();
                try {
                    slipp.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        AtomicInteger slag = new AtomicInteger();
        Konfignoder noder = new Konfignoder(null, Map::of, "proeve", Duration.ofSeconds(1), Duration.ZERO, new SimpleMeterRegistry(), Clock.systemUTC()) {
            @Override
            public synchronized void runde() {
                slag.incrementAndGet();
            }
        };
        GenericApplicationContext context = new GenericApplicationContext();
        context.registerBean(Konfigurasjonsovervaaker.class, () -> overvaaker);
        context.registerBean(Konfignoder.class, () -> noder);
        context.refresh();
        KonfigConfiguration konfig = new KonfigConfiguration(new KonfigProperties(true, Duration.ofMillis(50), null, null, null));
        try {
            konfig.startOvervaaking(new ApplicationReadyEvent(new SpringApplication(), new String[0], context, Duration.ZERO));
            assertThat(iRunden.await(10, TimeUnit.SECONDS)).as("a watcher round began").isTrue();
            int foer = slag.get();

            await().atMost(Duration.ofSeconds(10)).until(() -> slag.get() >= foer + 3);
        } finally {
            slipp.countDown();
            konfig.stoppOvervaaking();
            context.close();
        }
    }
}
