package no.kommune.esb.platform.embedded;

import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded broker holds producers back for want of disk only below a floor of free bytes, never for a share of
 * the disk: a CI run hung for 90 minutes once the build machine's large disk was 90 % used (Artemis' default
 * max-disk-usage) with gigabytes still free, each send to the blocked address waiting without end.
 */
class EmbeddedArtemisServerTest {

    private static final EmbeddedArtemisServer.Redelivery REDELIVERY = EmbeddedArtemisServer.Redelivery.DEFAULT;

    @Test
    void should_decide_by_free_bytes_alone_and_take_messages_while_the_floor_is_free(@TempDir Path dir) throws Exception {
        try (EmbeddedArtemisServer server = EmbeddedArtemisServer.start(dir, 0, "esb", "esb-local", REDELIVERY,
                new EmbeddedArtemisServer.Disk(1024 * 1024, 100), List.of())) {
            // the share of the disk used plays no part (-1), however full the build machine's disk is
            assertThat(server.maxDiskUsage()).isEqualTo(-1);
            Thread.sleep(300); // a few disk scans
            assertThat(server.diskFull()).isFalse();
            assertThat(sendOne(server).get(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void should_hold_producers_back_when_less_than_the_floor_is_free(@TempDir Path dir) throws Exception {
        long usable = Files.getFileStore(dir).getUsableSpace();
        CompletableFuture<Boolean> send;
        try (EmbeddedArtemisServer server = EmbeddedArtemisServer.start(dir, 0, "esb", "esb-local", REDELIVERY,
                new EmbeddedArtemisServer.Disk(usable + (1L << 40), 100), List.of())) {
            await().atMost(Duration.ofSeconds(10)).until(server::diskFull);
            send = sendOne(server);
            Thread.sleep(1500);
            assertThat(send).isNotDone();
        }
        // the broker stopped: the held send ends with an error, it never went through
        assertThat(send.handle((sent, error) -> error != null).get(60, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void should_keep_a_floor_of_256_mb_by_default() {
        assertThat(EmbeddedArtemisServer.Disk.DEFAULT.minFreeBytes()).isEqualTo(256L * 1024 * 1024);
    }

    private static CompletableFuture<Boolean> sendOne(EmbeddedArtemisServer server) {
        return CompletableFuture.supplyAsync(() -> {
            ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(
                    EmbeddedArtemisServer.brokerUrl(server.port()) + "?reconnectAttempts=0", "esb", "esb-local");
            try (factory; Connection connection = factory.createConnection()) {
                Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                MessageProducer producer = session.createProducer(session.createQueue("test.disk"));
                producer.send(session.createTextMessage("hei"));
                return true;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
