package no.kommune.esb.uttrekk;

import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Puts every record of an extract run on one partition, chosen by the run's id (the key's part before its first
 * {@code :}), so the run's end record follows its rows in one ordered log (docs/uttrekk.md). By the row key alone, as
 * Kafka's default partitioner does, the rows of a run were spread over every partition, and no record could be read
 * after all of them. The partition is Kafka's own hash of the id (murmur2), the one a record keyed by the id alone would
 * get; {@link UttrekkKafka#sluttSendt} finds it the same way.
 */
public class UttrekkPartisjonerer implements Partitioner {

    /** The partition of the records whose key begins with {@code <id>:}, among {@code antall}. */
    static int partisjon(String noekkel, int antall) {
        int kolon = noekkel.indexOf(':');
        String id = kolon < 0 ? noekkel : noekkel.substring(0, kolon);
        return Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % antall;
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        if (key == null) {
            throw new IllegalArgumentException("an extract's record has a key");
        }
        return partisjon(key.toString(), cluster.partitionCountForTopic(topic));
    }

    @Override
    public void close() {
        // nothing held
    }

    @Override
    public void configure(Map<String, ?> configs) {
        // nothing to configure
    }
}
