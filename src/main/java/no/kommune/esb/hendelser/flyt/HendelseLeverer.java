package no.kommune.esb.hendelser.flyt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.mapping.Mapping;
import jakarta.annotation.PreDestroy;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.MessageProducer;
import jakarta.jms.TextMessage;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers waiting deliveries in each fagsystem's protocol: Kafka topic, Artemis queue and HTTP webhook in rounds
 * as they come (each fagsystem in its own lane, in order, the lanes side by side); SFTP as one batch file when the registration's schedule is due (or on demand). A failure waits
 * as the registration's retry policy says; when the attempts are spent the delivery is FEILET and its document
 * goes to the dead-letter store. Delivery is at least once: a crash after sending and before marking it delivered
 * sends it again, so every message carries its sequence number ({@code esb-sekvensnummer}) for the receiver to
 * de-duplicate.
 */
@Component("hendelseLeverer")
public class HendelseLeverer {

    private static final Logger log = LoggerFactory.getLogger(HendelseLeverer.class);
    private static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final FagsystemRegistry registry;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String sftpBase;
    private final int batchSize;
    private final Environment environment;
    /** A JMS fagsystem's round is sent in one local transaction (sessions cached by the connection factory). */
    private final JmsTemplate jmsRunde;
    /** Direct delivery lanes, one fagsystem per thread; five registrations ship, more share the threads. */
    private final ExecutorService sendere;
    /** Fagsystems whose lane is started or running: at most one lane each, so its rows go out in order. */
    private final Set<String> iGang = ConcurrentHashMap.newKeySet();

    public HendelseLeverer(JdbcTemplate jdbc, TransactionTemplate tx, FagsystemRegistry registry, ProducerTemplate producer,
                           ObjectMapper json, MeterRegistry metrics, Environment environment, ConnectionFactory jms,
                           @Value("${platform.sftp.host}") String sftpHost, @Value("${platform.sftp.port}") int sftpPort,
                           @Value("${platform.sftp.user}") String sftpUser, @Value("${platform.sftp.password:}") String sftpPassword,
                           @Value("${platform.sftp.strict-host-key-checking:yes}") String strict,
                           @Value("${platform.sftp.known-hosts-file:}") String knownHostsFile,
                           @Value("${platform.sftp.private-key-file:}") String privateKeyFile,
                           @Value("${hendelser.levering.batch-size:500}") int batchSize,
                           @Value("${hendelser.levering.parallelle-fagsystemer:4}") int parallelleFagsystemer) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.registry = registry;
        this.producer = producer;
        this.json = json;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.environment = environment;
        this.jmsRunde = new JmsTemplate(jms);
        jmsRunde.setSessionTransacted(true);
        AtomicInteger nr = new AtomicInteger();
        this.sendere = Executors.newFixedThreadPool(parallelleFagsystemer, r -> {
            Thread t = new Thread(r, "hendelser-levering-" + nr.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        for (Fagsystem f : registry.alle()) {
            if (f.levering() instanceof Fagsystem.Http h) {
                // fail at start-up, naming the file, when a webhook URL setting is missing in this environment
                try {
                    URI uri = URI.create(environment.resolveRequiredPlaceholders(h.url()));
                    if (uri.getHost() == null || !uri.getScheme().startsWith("http")) {
                        throw new IllegalArgumentException("not an absolute http(s) URL");
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(f.kilde() + ": levering.http.url " + h.url() + " does not resolve to a URL: " + e.getMessage());
                }
            }
        }
        // the same login and host-key check as the platform's other SFTP routes: password and/or key, known_hosts
        this.sftpBase = "sftp://" + sftpHost + ":" + sftpPort + "/%s?username=" + enc(sftpUser)
                + (sftpPassword.isBlank() ? "" : "&password=RAW(" + sftpPassword + ")")
                + (privateKeyFile.isBlank() ? "" : "&privateKeyFile=" + enc(privateKeyFile))
                + (knownHostsFile.isBlank() ? "" : "&knownHostsFile=" + enc(knownHostsFile))
                + "&strictHostKeyChecking=" + strict + "&useUserKnownHostsFile=false&autoCreate=true&tempFileName=${file:name}.part";
    }

    /**
     * Starts a delivery lane for every direct fagsystem (Kafka, JMS, HTTP) that has none running; returns how many
     * were started. A lane takes its fagsystem's waiting rows in rounds of {@code batch-size}, in sequence-number
     * order, one round after the other until none wait, each round in its own transaction; so one fagsystem's rows
     * go out in order, and a slow fagsystem (a webhook answering one event at a time) no longer holds up the rounds
     * of the others, as one shared round did. Lanes share {@code parallelle-fagsystemer} threads.
     */
    public int leverDirekte() {
        int startet = 0;
        for (Fagsystem f : registry.alle()) {
            if (f.levering() instanceof Fagsystem.Sftp || !iGang.add(f.id())) {
                continue;
            }
            try {
                sendere.execute(() -> kjoerLoep(f.id()));
                startet++;
            } catch (RejectedExecutionException e) {
                // shutting down: the rows wait for the next start
                iGang.remove(f.id());
            }
        }
        return startet;
    }

    /** One fagsystem's lane: rounds until no row waits (or the platform stops); never more than one per fagsystem. */
    private void kjoerLoep(String fagsystem) {
        try {
            while (!sendere.isShutdown() && runde(fagsystem) > 0) {
                // the next round at once while rows wait
            }
        } catch (RuntimeException e) {
            // e.g. the database unreachable: the lane ends and the next tick starts it again
            log.warn("Delivery lane of {} stopped: {}", fagsystem, e.getClass().getSimpleName());
        } finally {
            iGang.remove(fagsystem);
        }
    }

    /**
     * One round of one direct fagsystem's rows; returns how many were attempted. A Kafka fagsystem's messages are all
     * handed to the producer before the round waits for their acknowledgements (the producer keeps their order per
     * partition). A row is marked delivered only once its send is acknowledged, in one statement at the end of the
     * round.
     */
    private int runde(String fagsystemId) {
        // read per round: a reloaded registration applies from the next round on
        Optional<Fagsystem> fagsystem = registry.finn(fagsystemId).filter(f -> !(f.levering() instanceof Fagsystem.Sftp));
        if (fagsystem.isEmpty()) {
            return 0;
        }
        Integer n = tx.execute(s -> {
            List<Rad> rader = jdbc.query("""
                    select sekvensnummer, fagsystem, dokument, forsoek from levering
                     where fagsystem = ? and status = 'VENTER' and neste_forsoek <= now()
                     order by sekvensnummer limit ? for update skip locked""",
                    (rs, i) -> new Rad(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4)), fagsystemId, batchSize);
            if (rader.isEmpty()) {
                return 0;
            }
            List<Rad> levert = new ArrayList<>();
            for (Utfall u : lever(fagsystem.get(), rader)) {
                if (u.feil() == null) {
                    levert.add(u.rad());
                } else {
                    feilet(u.fagsystem(), u.rad(), u.feil());
                }
            }
            levert(levert);
            return rader.size();
        });
        return n == null ? 0 : n;
    }

    /** What became of one row's send: {@code feil} is null when it was acknowledged. */
    private record Utfall(Fagsystem fagsystem, Rad rad, Exception feil) {
    }

    /** One fagsystem's rows of a round, in order; never throws (a failure is that row's outcome). */
    private List<Utfall> lever(Fagsystem f, List<Rad> rader) {
        List<Utfall> utfall = new ArrayList<>();
        if (f.levering() instanceof Fagsystem.Kafka k) {
            List<Map.Entry<Rad, CompletableFuture<Exchange>>> sendt = new ArrayList<>();
            for (Rad r : rader) {
                try {
                    String payload = registry.mapping(f.id()).map(json.readTree(r.dokument()));
                    // one request in flight per connection: the producer still batches the round's records, and a
                    // failed batch (e.g. while a new topic's partition gets its leader) is retried before the next is
                    // sent, instead of the idempotent producer stalling on out-of-order sequence numbers
                    sendt.add(Map.entry(r, producer.asyncSend("kafka:" + k.topic() + "?maxInFlightRequest=1", ex -> {
                        ex.getMessage().setBody(payload);
                        ex.getMessage().setHeader(KafkaConstants.KEY, String.valueOf(r.sekvensnummer()));
                        ex.getMessage().setHeader("esb-sekvensnummer", String.valueOf(r.sekvensnummer()));
                    })));
                } catch (Exception e) {
                    utfall.add(new Utfall(f, r, e));
                }
            }
            for (Map.Entry<Rad, CompletableFuture<Exchange>> s : sendt) {
                Exception feil;
                try {
                    feil = s.getValue().join().getException();
                } catch (Exception e) {
                    feil = e;
                }
                utfall.add(new Utfall(f, s.getKey(), feil));
            }
            return utfall;
        }
        if (f.levering() instanceof Fagsystem.Jms j) {
            return leverJms(f, j, rader);
        }
        for (Rad r : rader) {
            try {
                send(f, r.sekvensnummer(), registry.mapping(f.id()).map(json.readTree(r.dokument())));
                utfall.add(new Utfall(f, r, null));
            } catch (Exception e) {
                utfall.add(new Utfall(f, r, e));
            }
        }
        return utfall;
    }

    /**
     * A JMS fagsystem's rows of a round in ONE local JMS transaction: persistent sends inside a transaction do not
     * each wait for the broker's journal, the commit waits once. A failed send or commit fails every row sent in it
     * (nothing of an uncommitted transaction reaches the queue), and they are tried again by the retry policy.
     */
    private List<Utfall> leverJms(Fagsystem f, Fagsystem.Jms j, List<Rad> rader) {
        List<Utfall> utfall = new ArrayList<>();
        List<Map.Entry<Rad, String>> klare = new ArrayList<>();
        for (Rad r : rader) {
            try {
                klare.add(Map.entry(r, registry.mapping(f.id()).map(json.readTree(r.dokument()))));
            } catch (Exception e) {
                utfall.add(new Utfall(f, r, e));
            }
        }
        if (klare.isEmpty()) {
            return utfall;
        }
        try {
            jmsRunde.execute(session -> {
                MessageProducer sender = session.createProducer(session.createQueue(j.queue()));
                for (Map.Entry<Rad, String> k : klare) {
                    TextMessage m = session.createTextMessage(k.getValue());
                    m.setLongProperty("esb_sekvensnummer", k.getKey().sekvensnummer());
                    sender.send(m);
                }
                session.commit();
                return null;
            }, true);
            klare.forEach(k -> utfall.add(new Utfall(f, k.getKey(), null)));
        } catch (Exception e) {
            klare.forEach(k -> utfall.add(new Utfall(f, k.getKey(), e)));
        }
        return utfall;
    }

    /** Lets a round in progress finish before the context closes; its rows are sent again after a restart otherwise. */
    @PreDestroy
    public void stopp() throws InterruptedException {
        sendere.shutdown();
        if (!sendere.awaitTermination(30, TimeUnit.SECONDS)) {
            sendere.shutdownNow();
        }
    }

    /** Writes the batch file of every SFTP fagsystem whose schedule is due; returns the number of files. */
    public int leverBatcher() {
        int filer = 0;
        for (Fagsystem f : registry.alle()) {
            if (f.levering() instanceof Fagsystem.Sftp sftp && batchForfalt(f.id(), sftp.schedule())) {
                filer += leverBatch(f.id());
            }
        }
        return filer;
    }

    /** Writes one fagsystem's waiting deliveries as one batch file now; 0 when nothing waits. */
    public int leverBatch(String fagsystemId) {
        Fagsystem f = registry.finn(fagsystemId).orElseThrow(() -> new IllegalArgumentException("unknown fagsystem"));
        if (!(f.levering() instanceof Fagsystem.Sftp sftp)) {
            throw new IllegalArgumentException("fagsystem " + fagsystemId + " is not delivered by batch file");
        }
        Integer n = tx.execute(s -> {
            jdbc.update("insert into batchkjoering (fagsystem, sist) values (?, now()) on conflict (fagsystem) do update set sist = now()", f.id());
            List<Rad> rader = jdbc.query("""
                    select sekvensnummer, fagsystem, dokument, forsoek from levering
                     where fagsystem = ? and status = 'VENTER' and neste_forsoek <= now()
                     order by sekvensnummer for update skip locked""",
                    (rs, i) -> new Rad(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4)), f.id());
            if (rader.isEmpty()) {
                return 0;
            }
            try {
                List<JsonNode> dokumenter = new ArrayList<>();
                for (Rad r : rader) {
                    dokumenter.add(json.readTree(r.dokument()));
                }
                String fil = registry.mapping(f.id()).mapBatch(dokumenter);
                producer.sendBody(String.format(sftpBase, sftp.folder()) + "&fileName=" + sftp.filename(), fil);
                levert(rader);
                log.info("Batch file for {}: {} events", f.id(), rader.size());
                return 1;
            } catch (Exception e) {
                rader.forEach(r -> feilet(f, r, e));
                return 0;
            }
        });
        return n == null ? 0 : n;
    }

    private boolean batchForfalt(String fagsystem, String schedule) {
        Instant sist = jdbc.query("select sist from batchkjoering where fagsystem = ?", (rs, i) -> rs.getTimestamp(1).toInstant(), fagsystem)
                .stream().findFirst().orElse(null);
        if (sist == null) {
            // first run of this installation: start counting from now, so a restart does not write an early file
            jdbc.update("insert into batchkjoering (fagsystem, sist) values (?, now()) on conflict do nothing", fagsystem);
            return false;
        }
        ZonedDateTime neste = CronExpression.parse(schedule).next(ZonedDateTime.ofInstant(sist, OSLO));
        return neste != null && !neste.toInstant().isAfter(Instant.now());
    }

    private void send(Fagsystem f, long seq, String payload) throws Exception {
        Fagsystem.Levering levering = f.levering();
        if (levering instanceof Fagsystem.Http h) {
            // resolved per delivery: a reloaded registration (platform.konfig) may name another URL
            post(URI.create(environment.resolveRequiredPlaceholders(h.url())), h, seq, payload, registry.mapping(f.id()).format().contentType());
        } else {
            throw new IllegalStateException("Kafka and JMS deliveries are sent per round by lever, SFTP deliveries go by batch");
        }
    }

    private void post(URI url, Fagsystem.Http h, long seq, String payload, String contentType) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType).header("esb-sekvensnummer", String.valueOf(seq))
                .POST(HttpRequest.BodyPublishers.ofString(payload));
        switch (h.auth().type()) {
            case BEARER -> req.header("Authorization", "Bearer " + env(h.auth().tokenEnv()));
            case BASIC -> req.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (env(h.auth().usernameEnv()) + ":" + env(h.auth().passwordEnv())).getBytes(StandardCharsets.UTF_8)));
            case NONE -> { }
        }
        HttpResponse<Void> r = http.send(req.build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("webhook answered HTTP " + r.statusCode());
        }
    }

    private String env(String name) {
        String v = name == null ? null : environment.getProperty(name);
        if (v == null || v.isEmpty()) {
            throw new IllegalStateException("environment variable " + name + " for the webhook credentials is not set");
        }
        return v;
    }

    /** Marks rows delivered: one statement per fagsystem (set-based), not one per row. */
    private void levert(List<Rad> rader) {
        Map<String, List<Long>> perFagsystem = new LinkedHashMap<>();
        rader.forEach(r -> perFagsystem.computeIfAbsent(r.fagsystem(), k -> new ArrayList<>()).add(r.sekvensnummer()));
        perFagsystem.forEach((fagsystem, seq) -> {
            jdbc.update("update levering set status = 'LEVERT', levert = now(), forsoek = forsoek + 1, feil = null where fagsystem = ? and sekvensnummer = any(?)",
                    fagsystem, seq.toArray(Long[]::new));
            metrics.counter("esb.hendelser.levert", "fagsystem", fagsystem).increment(seq.size());
        });
    }

    private void feilet(Fagsystem f, Rad r, Exception e) {
        int forsoek = r.forsoek() + 1;
        // the reason names the failure kind only: messages from brokers or webhooks may echo the payload
        String grunn = e.getClass().getSimpleName() + (e instanceof IllegalStateException ? ": " + e.getMessage() : "");
        if (forsoek >= f.retry().maxAttempts()) {
            jdbc.update("update levering set status = 'FEILET', forsoek = ?, feil = ? where sekvensnummer = ? and fagsystem = ?",
                    forsoek, grunn, r.sekvensnummer(), r.fagsystem());
            jdbc.update("insert into dead_letter (id, kilde, referanse, grunn, payload) values (?, 'hendelser-levering', ?, ?, ?)",
                    UUID.randomUUID(), r.sekvensnummer() + "/" + r.fagsystem(), grunn, r.dokument().getBytes(StandardCharsets.UTF_8));
            metrics.counter("esb.hendelser.levering.feilet", "fagsystem", r.fagsystem()).increment();
            log.warn("Delivery of event {} to {} failed for good after {} attempts: {}", r.sekvensnummer(), r.fagsystem(), forsoek, grunn);
        } else {
            Instant neste = Instant.now().plus(f.retry().delayBefore(forsoek + 1));
            jdbc.update("update levering set forsoek = ?, neste_forsoek = ?, feil = ? where sekvensnummer = ? and fagsystem = ?",
                    forsoek, Timestamp.from(neste), grunn, r.sekvensnummer(), r.fagsystem());
            log.info("Delivery of event {} to {} failed (attempt {}), next try {}: {}", r.sekvensnummer(), r.fagsystem(), forsoek, neste, grunn);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private record Rad(long sekvensnummer, String fagsystem, String dokument, int forsoek) {
    }
}
