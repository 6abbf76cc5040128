package no.kommune.esb.platform.embedded;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** A single-node in-process KRaft Kafka broker. */
final class EmbeddedKafkaServer implements AutoCloseable {

    private final EmbeddedKafkaKraftBroker broker;

    private EmbeddedKafkaServer(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    static EmbeddedKafkaServer start(int port) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 3);
        broker.kafkaPorts(port);
        // topics are created on first use, as most managed clusters allow for platform topics
        broker.brokerProperty("auto.create.topics.enable", "true");
        broker.brokerProperty("offsets.topic.replication.factor", "1");
        broker.afterPropertiesSet();
        return new EmbeddedKafkaServer(broker);
    }

    String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    @Override
    public void close() {
        broker.destroy();
    }
}
