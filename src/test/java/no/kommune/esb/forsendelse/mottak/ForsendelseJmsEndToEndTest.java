package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.Prometheus;
import no.kommune.esb.TestPdf;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.FNR_FEIL_KONTROLL;
import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.JSON;
import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.PDF1;
import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.PDF2;
import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.metadata;
import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.referanse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JMS letter intake as a fagsystem uses it: logged in to the embedded Artemis with its own broker user
 * (config/application-local.yaml, password "lokal-" + id), sending to its own queue fagsystem.<id>.forsendelse.inn
 * and reading the answer from fagsystem.<id>.forsendelse.svar by correlation id. The broker refuses its
 * access to anything else.
 */
class ForsendelseJmsEndToEndTest extends EndToEndTest {

    @Value("${spring.artemis.broker-url}")
    String brokerUrl;
    @Value("${server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void should_accept_a_letter_on_the_senders_own_queue_and_answer_on_its_answer_queue() throws Exception {
        String ref = referanse();

        JsonNode svar = send("skole", "lokal-skole", medInnhold(metadata(ref)).toString());

        UUID id = UUID.fromString(svar.path("id").asText());
        assertThat(svar.path("ny").asBoolean()).isTrue();
        assertThat(jdbc.queryForMap("select avsender_system, kanal_inn, ekstern_referanse from brev where id = ?", id))
                .containsEntry("avsender_system", "skole").containsEntry("kanal_inn", "JMS").containsEntry("ekstern_referanse", ref);
        assertThat(jdbc.queryForObject("select innhold from brev_dokument where brev_id = ? and nr = 1", byte[].class, id)).isEqualTo(PDF1);
    }

    @Test
    void should_take_a_letter_with_a_document_of_several_megabytes_byte_for_byte() throws Exception {
        // well above Artemis' 100 KB threshold: the broker stores and streams it as a large message
        byte[] stor = TestPdf.stor(3 * 1024 * 1024);
        ObjectNode m = medInnhold(metadata(referanse()));
        ((ObjectNode) m.get("dokumenter").get(0)).put("innhold", Base64.getEncoder().encodeToString(stor));

        JsonNode svar = send("skole", "lokal-skole", m.toString());

        UUID id = UUID.fromString(svar.path("id").asText());
        assertThat(jdbc.queryForObject("select innhold from brev_dokument where brev_id = ? and nr = 1", byte[].class, id)).isEqualTo(stor);
    }

    @Test
    void should_take_a_letter_whose_inline_document_is_over_jacksons_default_string_limit() throws Exception {
        // 15 MiB is 20,971,520 base64 characters, just over Jackson's default 20,000,000: before, "metadata mangler".
        // Artemis streams it as a large message, as the several-megabyte letter above
        byte[] stor = TestPdf.stor(15 * 1024 * 1024);
        ObjectNode m = medInnhold(metadata(referanse()));
        ((ObjectNode) m.get("dokumenter").get(0)).put("innhold", Base64.getEncoder().encodeToString(stor));

        JsonNode svar = send("skole", "lokal-skole", m.toString());

        assertThat(svar.path("id").isTextual()).as(svar.toString()).isTrue();
        UUID id = UUID.fromString(svar.path("id").asText());
        assertThat(jdbc.queryForObject("select innhold from brev_dokument where brev_id = ? and nr = 1", byte[].class, id)).isEqualTo(stor);
    }

    /**
     * A message over {@code forsendelse.jms.maks-storrelse} (24 MB in tests, 64 MB by default) is refused before it is
     * read: 413 on the answer queue and a dead letter naming the size and the limit, without the payload. Before
     * session 29 it was copied as text, parsed as a tree, decoded and, when refused, copied again for its dead letter
     * (four to five times its size on the heap: a sender's one large message could take the platform's memory, and the
     * broker redelivered it after each crash); this test failed there with a 400 and the whole message as dead letter.
     */
    @Test
    void should_refuse_a_message_over_the_size_limit_unread_with_413_and_a_dead_letter_without_its_payload() throws Exception {
        String ref = referanse();
        ObjectNode m = medInnhold(metadata(ref));
        ((ObjectNode) m.get("dokumenter").get(0)).put("innhold", "A".repeat(25 * 1024 * 1024));

        JsonNode svar = send("skole", "lokal-skole", m.toString());

        assertThat(svar.path("status").asInt()).as(svar.toString()).isEqualTo(413);
        assertThat(svar.path("detail").asText()).contains("24 MB");
        Map<String, Object> dead = jdbc.queryForMap("""
                select grunn, octet_length(payload) as bytes from dead_letter
                 where kilde = 'forsendelse-mottak-jms' and referanse like 'skole/jms:%' order by opprettet desc limit 1""");
        assertThat((String) dead.get("grunn")).contains("for stor").contains("24 MB");
        assertThat(dead.get("bytes")).as("payload not kept").isNull();
        assertThat(jdbc.queryForObject("select count(*) from brev where ekstern_referanse = ?", Integer.class, ref)).isZero();
    }

    @Test
    void should_give_the_same_id_when_the_same_letter_comes_twice() throws Exception {
        String body = medInnhold(metadata(referanse())).toString();
        double gjentattFoer = Prometheus.verdi(port, "esb_forsendelse_mottatt_total", "kanal=\"JMS\"", "utfall=\"gjentatt\"");

        JsonNode forste = send("skole", "lokal-skole", body);
        JsonNode andre = send("skole", "lokal-skole", body);

        assertThat(andre.path("id").asText()).isEqualTo(forste.path("id").asText());
        assertThat(andre.path("ny").asBoolean()).isFalse();
        assertThat(Prometheus.verdi(port, "esb_forsendelse_mottatt_total", "kanal=\"JMS\"", "utfall=\"gjentatt\""))
                .isGreaterThanOrEqualTo(gjentattFoer + 1);
    }

    @Test
    void should_answer_with_the_errors_and_keep_a_refused_letter_as_dead_letter() throws Exception {
        String ref = referanse();
        ObjectNode m = medInnhold(metadata(ref).put("mottaker", FNR_FEIL_KONTROLL));

        JsonNode svar = send("skole", "lokal-skole", m.toString());

        assertThat(svar.path("status").asInt()).isEqualTo(400);
        assertThat(svar.toString()).contains("control digits do not match").doesNotContain(FNR_FEIL_KONTROLL);
        Map<String, Object> dead = jdbc.queryForMap("select kilde, grunn, payload from dead_letter where referanse = ?", "skole/" + ref);
        assertThat(dead).containsEntry("kilde", "forsendelse-mottak-jms");
        assertThat((String) dead.get("grunn")).contains("control digits do not match").doesNotContain(FNR_FEIL_KONTROLL);
        assertThat(new String((byte[]) dead.get("payload"), StandardCharsets.UTF_8)).isEqualTo(m.toString());
        assertThat(jdbc.queryForObject("select count(*) from brev where ekstern_referanse = ?", Integer.class, ref)).isZero();
    }

    @Test
    void should_answer_400_naming_the_field_and_keep_a_dead_letter_for_a_nul_in_the_title_and_reference() throws Exception {
        String ref = referanse();
        // before: PostgreSQL refused the NUL, the transaction rolled back and the broker redelivered until DLQ, unanswered
        ObjectNode m = medInnhold(metadata(ref + "\u0000").put("tittel", "Vedtak\u0000"));

        JsonNode svar = send("skole", "lokal-skole", m.toString());

        assertThat(svar.path("status").asInt()).isEqualTo(400);
        assertThat(svar.path("errors").findValuesAsText("pointer")).contains("/tittel", "/eksternReferanse");
        assertThat(jdbc.queryForObject("select kilde from dead_letter where referanse = ?", String.class, "skole/" + ref + "\uFFFD"))
                .isEqualTo("forsendelse-mottak-jms");
        assertThat(jdbc.queryForObject("select count(*) from brev where ekstern_referanse like ?", Integer.class, ref + "%")).isZero();
    }

    @Test
    void should_answer_409_and_keep_a_dead_letter_when_a_reference_comes_again_with_other_content() throws Exception {
        String ref = referanse();
        JsonNode forste = send("skole", "lokal-skole", medInnhold(metadata(ref)).toString());

        JsonNode svar = send("skole", "lokal-skole", medInnhold(metadata(ref).put("tittel", "Et annet vedtak")).toString());

        assertThat(svar.path("status").asInt()).isEqualTo(409);
        assertThat(svar.path("type").asText()).isEqualTo("urn:kommune-esb:problem:ekstern-referanse-brukt");
        assertThat(svar.path("detail").asText()).contains(forste.path("id").asText());
        assertThat(jdbc.queryForObject("select grunn from dead_letter where referanse = ?", String.class, "skole/" + ref))
                .startsWith("eksternReferanse brukt før");
        assertThat(jdbc.queryForObject("select tittel from brev where ekstern_referanse = ?", String.class, ref)).isEqualTo("Vedtak om skoleskyss");
    }

    @Test
    void should_refuse_a_pdf_with_javascript_in_the_answer_and_the_dead_letter() throws Exception {
        String ref = referanse();
        ObjectNode m = medInnhold(metadata(ref));
        ((ObjectNode) m.get("dokumenter").get(0)).put("innhold", Base64.getEncoder().encodeToString(TestPdf.medJavaScriptVedAapning()));

        JsonNode svar = send("skole", "lokal-skole", m.toString());

        assertThat(svar.path("status").asInt()).isEqualTo(400);
        assertThat(svar.path("errors").get(0).path("type").asText()).isEqualTo("urn:kommune-esb:problem:pdf-javascript");
        assertThat(jdbc.queryForObject("select grunn from dead_letter where referanse = ?", String.class, "skole/" + ref))
                .contains("dokument 1: PDF-en inneholder JavaScript");
        assertThat(jdbc.queryForObject("select count(*) from brev where ekstern_referanse = ?", Integer.class, ref)).isZero();
    }

    @Test
    void should_refuse_a_letter_for_another_sender_system_on_a_fagsystems_own_queue() throws Exception {
        String ref = referanse();
        // barnevern's user, its own queue, but the letter claims to come from skole
        JsonNode svar = send("barnevern", "lokal-barnevern", medInnhold(metadata(ref)).toString());

        assertThat(svar.path("status").asInt()).isEqualTo(400);
        assertThat(svar.toString()).contains("avsenderSystem");
        assertThat(jdbc.queryForObject("select count(*) from brev where ekstern_referanse = ?", Integer.class, ref)).isZero();
        assertThat(jdbc.queryForObject("select kilde from dead_letter where referanse = ?", String.class, "skole/" + ref))
                .isEqualTo("forsendelse-mottak-jms");
    }

    @Test
    void should_refuse_a_fagsystem_user_another_fagsystems_queues_and_reading_its_own_intake_queue() throws Exception {
        try (Connection c = factory("skole", "lokal-skole").createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            c.start();

            assertThatThrownBy(() -> s.createProducer(s.createQueue("fagsystem.barnevern.forsendelse.inn")).send(s.createTextMessage("{}")))
                    .as("sending to another fagsystem's intake queue").isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> s.createConsumer(s.createQueue("fagsystem.barnevern.forsendelse.svar")))
                    .as("reading another fagsystem's answers").isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> s.createConsumer(s.createQueue("fagsystem.skole.forsendelse.inn")))
                    .as("taking letters off its own intake queue").isInstanceOf(JMSSecurityException.class);
            assertThatThrownBy(() -> s.createProducer(s.createQueue("DLQ")).send(s.createTextMessage("{}")))
                    .as("sending to a platform address").isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void should_refuse_a_login_with_a_wrong_password() {
        assertThatThrownBy(() -> factory("skole", "feil").createConnection().close()).isInstanceOf(JMSException.class);
    }

    private ActiveMQConnectionFactory factory(String user, String password) {
        return new ActiveMQConnectionFactory(brokerUrl, user, password);
    }

    /** Sends as the fagsystem to its own intake queue and waits for the answer with the message's id as correlation id. */
    private JsonNode send(String fagsystem, String password, String body) throws Exception {
        try (Connection c = factory(fagsystem, password).createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            c.start();
            MessageProducer producer = s.createProducer(s.createQueue(ForsendelseJmsRuter.innkoe(fagsystem)));
            TextMessage message = s.createTextMessage(body);
            producer.send(message);
            String selector = "JMSCorrelationID = '" + message.getJMSMessageID() + "'";
            try (MessageConsumer consumer = s.createConsumer(s.createQueue(ForsendelseJmsRuter.svarkoe(fagsystem)), selector)) {
                Message svar = consumer.receive(30_000);
                assertThat(svar).as("answer on " + ForsendelseJmsRuter.svarkoe(fagsystem)).isInstanceOf(TextMessage.class);
                return JSON.readTree(((TextMessage) svar).getText());
            }
        }
    }

    private static ObjectNode medInnhold(ObjectNode m) {
        ((ObjectNode) m.get("dokumenter").get(0)).put("innhold", Base64.getEncoder().encodeToString(PDF1));
        ((ObjectNode) m.get("dokumenter").get(1)).put("innhold", Base64.getEncoder().encodeToString(PDF2));
        return m;
    }
}
