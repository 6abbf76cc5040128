package no.kommune.esb.uttrekk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Delivers an extract's rows to a Kafka topic, closed by an end record (docs/uttrekk.md, "Kafka: rows and the end
 * record"). Every record of a run goes to one partition ({@link UttrekkPartisjonerer}: by the run's id, whatever the
 * row's key). Rows go in chunks of {@link #KLUMP}: each chunk is handed to the producer at once and every record of it
 * acknowledged before the next chunk, and the end only after the last; the producer is idempotent (Kafka keeps a
 * partition's records in the order sent, retries included), so a consumer of all partitions reads a reading's rows in
 * order and its end after every row of it. Rows are keyed as before, {@code <id>:<row number>} ({@code <id>:<lesing>:<row number>} for rows read
 * again); the end is keyed {@code <id>:slutt} ({@code <id>:<lesing>:slutt}) and holds the count of rows of its reading.
 * Every record carries the headers {@link #UTTREKK} (the run's id), {@link #LESING} (the reading) and {@link #TYPE}
 * ({@code rad} or {@code slutt}). A reading cut short (the broker, a crash) never gets an end: its rows are read again
 * and sent as a new reading with its own end. Whether a reading's end is already on the topic ({@link #sluttSendt})
 * is asked before a run that stopped after its delivery began is read again, so a crash between the end and
 * {@code LEVERT} gives no second end.
 */
@Component
public class UttrekkKafka {

    /** Header: the run's id. */
    public static final String UTTREKK = "esb-uttrekk";
    /** Header: the reading (0 the first; one more each time the rows are read again). */
    public static final String LESING = "esb-uttrekk-lesing";
    /** Header: {@link #RAD} or {@link #SLUTT}. */
    public static final String TYPE = "esb-uttrekk-type";
    public static final String RAD = "rad";
    public static final String SLUTT = "slutt";
    /** The end's status: every row of the reading is on the topic before it. */
    public static final String KOMPLETT = "KOMPLETT";

    /** Rows handed to the producer at once; all of a chunk are acknowledged before the next is read. */
    static final int KLUMP = 500;

    /** Producer clocks of other instances may lag the database's: the look for an end starts this long before the reading. */
    private static final Duration KLOKKEMARGIN = Duration.ofMinutes(15);
    /** The longest the look for an end reads the run's partition before it fails like a delivery. */
    private static final Duration LESEGRENSE = Duration.ofSeconds(60);

    private final ProducerTemplate producer;
    private final String bootstrapServers;
    private final ObjectMapper json = new ObjectMapper();

    public UttrekkKafka(ProducerTemplate producer, @Value("${platform.kafka.bootstrap-servers}") String bootstrapServers) {
        this.producer = producer;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Sends each line of {@code rader} (one JSON document each) as one record, in order, in chunks of {@link #KLUMP}
     * records acknowledged together (a failed record fails the send: the reading gets no end). Returns how many were sent.
     */
    public long rader(String topic, UUID id, int lesing, Path rader) throws IOException {
        String noekkel = prefiks(id, lesing);
        String endepunkt = endepunkt(topic);
        List<Message> klump = new ArrayList<>(KLUMP);
        long nr = 0;
        try (BufferedReader r = Files.newBufferedReader(rader, StandardCharsets.UTF_8)) {
            String linje;
            while ((linje = r.readLine()) != null) {
                nr++;
                Message m = new DefaultMessage(producer.getCamelContext());
                m.setBody(linje);
                m.setHeaders(new HashMap<>(hoder(noekkel + nr, id, lesing, RAD)));
                klump.add(m);
                if (klump.size() == KLUMP) {
                    send(endepunkt, klump);
                }
            }
        }
        send(endepunkt, klump);
        return nr;
    }

    /** Hands the chunk to the producer as one exchange (camel-kafka sends each message of a list as its own record, with the message's own key and headers) and empties it. */
    private void send(String endepunkt, List<Message> klump) {
        if (!klump.isEmpty()) {
            producer.sendBody(endepunkt, List.copyOf(klump));
            klump.clear();
        }
    }

    /**
     * Sends the reading's end after its rows: {@code {"uttrekk": {id, navn, fagsystem, dato, lesing}, "slutt":
     * {"status": "KOMPLETT", "rader": n}}}, to the rows' partition.
     */
    public void slutt(String topic, Uttrekkskjoering k, long rader) throws IOException {
        ObjectNode slutt = JsonNodeFactory.instance.objectNode();
        slutt.putObject("uttrekk").put("id", k.id().toString()).put("navn", k.navn()).put("fagsystem", k.fagsystem())
                .put("dato", k.dato().toString()).put("lesing", k.lesing());
        slutt.putObject("slutt").put("status", KOMPLETT).put("rader", rader);
        producer.sendBodyAndHeaders(endepunkt(topic), json.writeValueAsString(slutt),
                hoder(prefiks(k.id(), k.lesing()) + SLUTT, k.id(), k.lesing(), SLUTT));
    }

    /**
     * Whether the end of reading {@code lesing} of run {@code id} is already on the topic: its partition is read from
     * {@code lestFra} (the reading's start; null: from the beginning) less {@link #KLOKKEMARGIN} to its end as it is now.
     *
     * @throws IOException when the topic cannot be read to its end within {@link #LESEGRENSE} (the run then waits, as a
     *                     delivery that failed, and is not read again while the broker is down)
     */
    public boolean sluttSendt(String topic, UUID id, int lesing, Instant lestFra) throws IOException {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<PartitionInfo> partisjoner = c.partitionsFor(topic);
            if (partisjoner == null || partisjoner.isEmpty()) {
                return false;
            }
            TopicPartition tp = new TopicPartition(topic, UttrekkPartisjonerer.partisjon(id.toString(), partisjoner.size()));
            c.assign(List.of(tp));
            long slutt = c.endOffsets(List.of(tp)).get(tp);
            long fra = lestFra == null ? c.beginningOffsets(List.of(tp)).get(tp) : fraTid(c, tp, lestFra.minus(KLOKKEMARGIN), slutt);
            c.seek(tp, fra);
            String vaar = id.toString();
            String lesingen = String.valueOf(lesing);
            long frist = System.nanoTime() + LESEGRENSE.toNanos();
            while (c.position(tp) < slutt) {
                if (System.nanoTime() > frist) {
                    throw new IOException("the extract's partition could not be read to its end in " + LESEGRENSE);
                }
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    if (r.offset() < slutt && vaar.equals(hode(r, UTTREKK)) && lesingen.equals(hode(r, LESING)) && SLUTT.equals(hode(r, TYPE))) {
                        return true;
                    }
                }
            }
            return false;
        } catch (KafkaException e) {
            throw new IOException("the extract's topic could not be read", e);
        }
    }

    private static long fraTid(KafkaConsumer<String, String> c, TopicPartition tp, Instant fra, long slutt) {
        OffsetAndTimestamp o = c.offsetsForTimes(Map.of(tp, Math.max(0, fra.toEpochMilli()))).get(tp);
        return o == null ? slutt : o.offset();
    }

    private static String hode(ConsumerRecord<String, String> r, String navn) {
        Header h = r.headers().lastHeader(navn);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    /**
     * The Camel endpoint: the topic, with every record of a run to the run's partition, from an idempotent producer
     * (acks from all replicas; a retried batch cannot land after a later one).
     */
    static String endepunkt(String topic) {
        return "kafka:" + topic + "?partitioner=" + UttrekkPartisjonerer.class.getName()
                + "&enableIdempotence=true&requestRequiredAcks=all&batchWithIndividualHeaders=true";
    }

    private static String prefiks(UUID id, int lesing) {
        return lesing == 0 ? id + ":" : id + ":" + lesing + ":";
    }

    private static Map<String, Object> hoder(String noekkel, UUID id, int lesing, String type) {
        return Map.of(KafkaConstants.KEY, noekkel, UTTREKK, id.toString(), LESING, String.valueOf(lesing), TYPE, type);
    }
}
