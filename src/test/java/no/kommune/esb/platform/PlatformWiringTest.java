package no.kommune.esb.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.SftpInnlogging;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.file.remote.SftpEndpoint;
import org.apache.camel.model.Model;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

import jakarta.jms.Message;
import jakarta.jms.TextMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class PlatformWiringTest extends EndToEndTest {

    @Value("${server.port}")
    int port;
    @Value("${platform.kafka.bootstrap-servers}")
    String kafkaBootstrap;
    @Value("${platform.sftp.port}")
    int sftpPort;
    @Value("${platform.sftp.user}")
    String sftpUser;
    @Value("${platform.sftp.password}")
    String sftpPassword;
    @Value("${platform.sftp.tidsgrense.tilkobling}")
    Duration tilkobling;
    @Value("${platform.sftp.tidsgrense.svar}")
    Duration svar;

    @Autowired
    CamelContext camel;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    JmsTemplate jms;

    final ObjectMapper json = new ObjectMapper();

    @Test
    void should_carry_a_ping_from_rest_through_database_and_artemis_to_kafka_and_sftp() throws Exception {
        NotifyBuilder consumedFromQueue = new NotifyBuilder(camel).fromRoute("ping-fanout").whenCompleted(1).create();

        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/diagnostics/ping"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken())
                .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"hello platform\"}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(202);
        String id = json.readTree(response.body()).path("id").asText();
        assertThat(UUID.fromString(id)).isNotNull();

        // hop 1: persisted before acknowledged
        assertThat(jdbc.queryForObject("select message from ping where id = ?", String.class, UUID.fromString(id))).isEqualTo("hello platform");
        // hop 2: taken from the Artemis queue by the transacted consumer
        assertThat(consumedFromQueue.matches(30, TimeUnit.SECONDS)).as("ping-fanout consumed the queued ping").isTrue();
        // hop 3: on the Kafka topic, keyed by the ping id
        JsonNode onKafka = json.readTree(readFromKafka("esb.diagnostics.ping", id).value());
        assertThat(onKafka.path("message").asText()).isEqualTo("hello platform");
        // hop 4: a file on the SFTP server
        JsonNode onSftp = json.readTree(readFromSftp("/diagnostics/ping/" + id + ".json"));
        assertThat(onSftp.path("id").asText()).isEqualTo(id);
    }

    /**
     * The SFTP endpoints of the route files (the wash reader and its answer write, the letter intake's reader, the ping's
     * write) have the platform's time limits, as the batch-file and extract writes have: a server that goes silent is
     * dropped after about twice {@code platform.sftp.tidsgrense.svar}. Before, they had Camel's defaults (a 300-s socket
     * timeout, asked twice: ten minutes a poll or write).
     */
    @Test
    void should_give_the_route_files_sftp_endpoints_the_platforms_time_limits() {
        Model modell = camel.getCamelContextExtension().getContextPlugin(Model.class);
        List<SftpEndpoint> sftp = Stream.of("vask-sftp", "forsendelse-mottak-sftp", "ping-fanout").flatMap(id -> {
            RouteDefinition rute = modell.getRouteDefinition(id);
            return Stream.concat(Stream.of(rute.getInput().getEndpointUri()),
                    ProcessorDefinitionHelper.filterTypeInOutputs(rute.getOutputs(), ToDefinition.class).stream().map(ToDefinition::getEndpointUri));
        }).map(camel::getEndpoint).filter(SftpEndpoint.class::isInstance).map(SftpEndpoint.class::cast).toList();

        // vask-sftp reads and writes the answer, forsendelse-mottak-sftp reads, ping-fanout writes
        assertThat(sftp).hasSize(4).allSatisfy(e -> {
            // each SFTP request of theirs ended when it makes no progress (SftpKomponent, SftpKomponentTest)
            assertThat(e.createRemoteFileOperations()).as("operations of %s", e.getEndpointBaseUri())
                    .isInstanceOf(no.kommune.esb.platform.sftp.BegrensetSftpOperasjoner.class);
            assertThat(e.getConfiguration().getConnectTimeout()).as("connectTimeout of %s", e.getEndpointBaseUri()).isEqualTo(tilkobling.toMillis());
            assertThat(e.getConfiguration().getSoTimeout()).as("soTimeout of %s", e.getEndpointBaseUri()).isEqualTo(svar.toMillis());
        });
    }

    @Test
    void should_refuse_a_malformed_ping_with_a_problem_response_and_no_stack_trace() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/diagnostics/ping"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + adminToken())
                .POST(HttpRequest.BodyPublishers.ofString("{not json")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(response.body()).contains("\"status\":400").doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void should_move_a_message_that_keeps_failing_to_the_dead_letter_address_with_its_original_payload() throws Exception {
        String poison = "{this is not json, id " + UUID.randomUUID() + "}";
        jms.convertAndSend("esb.diagnostics.ping", poison);

        // test profile: 1 in-route retry per delivery, broker max-delivery-attempts 3, then DLQ
        jms.setReceiveTimeout(30_000);
        Message dead = receiveDeadLetterWithBody(poison);
        assertThat(dead).as("poison message on DLQ").isNotNull();
        assertThat(((TextMessage) dead).getText()).isEqualTo(poison);
        assertThat(dead.getStringProperty("_AMQ_ORIG_ADDRESS")).isEqualTo("esb.diagnostics.ping");
    }

    private Message receiveDeadLetterWithBody(String body) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            Message m = jms.receive("DLQ");
            if (m instanceof TextMessage text && body.equals(text.getText())) {
                return m;
            }
        }
        return null;
    }

    private ConsumerRecord<String, String> readFromKafka(String topic, String key) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            return await().atMost(Duration.ofSeconds(30)).until(() -> {
                Iterable<ConsumerRecord<String, String>> records = consumer.poll(Duration.ofMillis(500));
                return StreamSupport.stream(records.spliterator(), false).filter(r -> key.equals(r.key())).findFirst();
            }, Optional::isPresent).orElseThrow();
        }
    }

    private String readFromSftp(String path) throws Exception {
        return SftpInnlogging.engangs(sftpPort, sftpUser, sftpPassword, sftp ->
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> sftp.lesTekst(path), s -> !s.isEmpty()));
    }
}
