package no.kommune.esb.platform.embedded;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A single-node Kafka broker in KRaft mode (broker and controller in one process), with its log folder under the
 * data folder: formatted once with a new cluster id, then reused, so topics and offsets survive a restart.
 */
final class EmbeddedKafkaServer implements AutoCloseable {

    private final KafkaRaftServer server;
    private final int port;

    private EmbeddedKafkaServer(KafkaRaftServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static EmbeddedKafkaServer start(Path logDir, int port) throws Exception {
        Files.createDirectories(logDir);
        int brokerPort = Ledigport.ellerNy(port);
        // a static single-voter quorum: the controller port may change between runs
        int controllerPort = Ledigport.ny();
        Map<String, Object> p = new HashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "3");
        // platform topics are created on first use, as most managed clusters allow
        p.put("auto.create.topics.enable", "true");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // the log cleaner's dedupe map is a heap array of this size (Kafka's default 128 MB, a quarter of a 512 MB heap);
        // 4 MB still compacts ~150,000 distinct keys per pass, more than a local broker's offsets topic holds
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        KafkaConfig config = new KafkaConfig(p, false);
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            new Formatter()
                    .setPrintStream(new PrintStream(new ByteArrayOutputStream()))
                    .setNodeId(1)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(logDir.toString())
                    .addDirectory(logDir.toString())
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        }
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        return new EmbeddedKafkaServer(server, brokerPort);
    }

    static String bootstrapServers(int port) {
        return "127.0.0.1:" + port;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }
}
