package no.kommune.esb.hendelser.flyt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.mapping.Mapping;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Delivers waiting deliveries in each fagsystem's protocol: Kafka topic, Artemis queue and HTTP webhook one by
 * one as they come; SFTP as one batch file when the registration's schedule is due (or on demand). A failure waits
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

    public HendelseLeverer(JdbcTemplate jdbc, TransactionTemplate tx, FagsystemRegistry registry, ProducerTemplate producer,
                           ObjectMapper json, MeterRegistry metrics, Environment environment,
                           @Value("${platform.sftp.host}") String sftpHost, @Value("${platform.sftp.port}") int sftpPort,
                           @Value("${platform.sftp.user}") String sftpUser, @Value("${platform.sftp.password:}") String sftpPassword,
                           @Value("${platform.sftp.strict-host-key-checking:yes}") String strict,
                           @Value("${platform.sftp.known-hosts-file:}") String knownHostsFile,
                           @Value("${platform.sftp.private-key-file:}") String privateKeyFile,
                           @Value("${hendelser.levering.batch-size:500}") int batchSize) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.registry = registry;
        this.producer = producer;
        this.json = json;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.environment = environment;
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

    /** One round of direct deliveries (Kafka, JMS, HTTP); returns how many were attempted. */
    public int leverDirekte() {
        // only direct fagsystems' rows: batch rows wait for their file and would otherwise fill every round
        List<Object> direkte = new ArrayList<>(registry.alle().stream()
                .filter(f -> !(f.levering() instanceof Fagsystem.Sftp)).map(Fagsystem::id).toList());
        if (direkte.isEmpty()) {
            return 0;
        }
        String plasser = String.join(",", Collections.nCopies(direkte.size(), "?"));
        direkte.add(batchSize);
        Integer n = tx.execute(s -> {
            List<Rad> rader = jdbc.query("""
                    select sekvensnummer, fagsystem, dokument, forsoek from levering
                     where status = 'VENTER' and neste_forsoek <= now() and fagsystem in (%s)
                     order by sekvensnummer limit ? for update skip locked""".formatted(plasser),
                    (rs, i) -> new Rad(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4)), direkte.toArray());
            int forsoekt = 0;
            for (Rad r : rader) {
                Fagsystem f = registry.finn(r.fagsystem()).orElse(null);
                if (f == null || f.levering() instanceof Fagsystem.Sftp) {
                    continue;
                }
                forsoekt++;
                try {
                    send(f, r.sekvensnummer(), registry.mapping(f.id()).map(json.readTree(r.dokument())));
                    levert(List.of(r));
                } catch (Exception e) {
                    feilet(f, r, e);
                }
            }
            return forsoekt;
        });
        return n == null ? 0 : n;
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
        if (levering instanceof Fagsystem.Kafka k) {
            producer.sendBodyAndHeaders("kafka:" + k.topic(), payload,
                    Map.of(KafkaConstants.KEY, String.valueOf(seq), "esb-sekvensnummer", String.valueOf(seq)));
        } else if (levering instanceof Fagsystem.Jms j) {
            producer.sendBodyAndHeaders("jms:queue:" + j.queue() + "?exchangePattern=InOnly", payload, Map.of("esb_sekvensnummer", seq));
        } else if (levering instanceof Fagsystem.Http h) {
            // resolved per delivery: a reloaded registration (platform.konfig) may name another URL
            post(URI.create(environment.resolveRequiredPlaceholders(h.url())), h, seq, payload, registry.mapping(f.id()).format().contentType());
        } else {
            throw new IllegalStateException("SFTP deliveries go by batch");
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

    private void levert(List<Rad> rader) {
        for (Rad r : rader) {
            jdbc.update("update levering set status = 'LEVERT', levert = now(), forsoek = forsoek + 1, feil = null where sekvensnummer = ? and fagsystem = ?",
                    r.sekvensnummer(), r.fagsystem());
            metrics.counter("esb.hendelser.levert", "fagsystem", r.fagsystem()).increment();
        }
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
