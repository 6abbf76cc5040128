package no.kommune.esb.hendelser.flyt;

import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import no.kommune.esb.VedSidenAv;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressFullMessagePolicy;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@link JmsLevering} against an in-VM Artemis whose queue holds producers back (BLOCK with a limit of one message,
 * three there): every send ends with {@link JmsLevering.Tidsavbrudd} after the limit, none of its messages reaches the
 * queue, and the sending thread carries no interrupt into its next task. A first version closed the session at the
 * limit instead, which let a held send through now and then (a CI run); twenty rounds here would have shown it.
 */
@VedSidenAv
class JmsLeveringTest {

    private static final String KOE = "fagsystem.test.personendringer";

    private EmbeddedActiveMQ broker;
    private ActiveMQConnectionFactory fabrikk;

    @BeforeEach
    void start() throws Exception {
        ConfigurationImpl config = new ConfigurationImpl();
        config.setPersistenceEnabled(false).setSecurityEnabled(false).setJMXManagementEnabled(false)
                .addAcceptorConfiguration("in-vm", "vm://7");
        broker = new EmbeddedActiveMQ().setConfiguration(config);
        broker.start();
        fabrikk = new ActiveMQConnectionFactory("vm://7");
    }

    @AfterEach
    void stopp() throws Exception {
        fabrikk.close();
        broker.stop();
    }

    @Test
    void should_end_every_send_the_broker_holds_back_after_the_limit_with_nothing_on_the_queue() throws Exception {
        send(3, "fyll");
        broker.getActiveMQServer().getAddressSettingsRepository().addMatch(KOE,
                new AddressSettings().setMaxSizeMessages(1).setAddressFullMessagePolicy(AddressFullMessagePolicy.BLOCK));

        try (JmsLevering levering = new JmsLevering(fabrikk, Duration.ofMillis(300))) {
            for (int runde = 0; runde < 20; runde++) {
                long seq = runde;
                assertThatThrownBy(() -> levering.send(KOE, List.of(new JmsLevering.Melding("<a/>", seq, ""))))
                        .isInstanceOf(JmsLevering.Tidsavbrudd.class);
                assertThat(Thread.currentThread().isInterrupted()).as("an interrupt left on the thread").isFalse();
            }
            assertThat(antallPaaKoeen()).as("messages on the queue").isEqualTo(3);

            // the queue takes messages again: the next send goes, once
            broker.getActiveMQServer().getAddressSettingsRepository().removeMatch(KOE);
            levering.send(KOE, List.of(new JmsLevering.Melding("<b/>", 99, "proaktiv/x")));
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        // read back rather than counted: the address pages after its limit, and a paged message's count comes later
        // (a CI run read 3 right after the last send)
        assertThat(alleTekster()).as("the fillers and the last send, none of the held ones").containsExactly("fyll", "fyll", "fyll", "<b/>");
    }

    @Test
    void should_send_a_rounds_messages_in_one_transaction_with_their_sequence_numbers() throws Exception {
        try (JmsLevering levering = new JmsLevering(fabrikk, Duration.ofSeconds(5))) {
            levering.send(KOE, List.of(new JmsLevering.Melding("<a/>", 1, ""), new JmsLevering.Melding("<b/>", 2, "proaktiv/x")));
        }
        try (Connection c = fabrikk.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer mottaker = s.createConsumer(s.createQueue(KOE));
            jakarta.jms.Message a = mottaker.receive(5000);
            jakarta.jms.Message b = mottaker.receive(5000);
            assertThat(a.getLongProperty("esb_sekvensnummer")).isEqualTo(1);
            assertThat(a.propertyExists("esb_melding")).isFalse();
            assertThat(b.getLongProperty("esb_sekvensnummer")).isEqualTo(2);
            assertThat(b.getStringProperty("esb_melding")).isEqualTo("proaktiv/x");
        }
    }

    private void send(int antall, String tekst) throws Exception {
        try (Connection c = fabrikk.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer p = s.createProducer(s.createQueue(KOE));
            for (int i = 0; i < antall; i++) {
                p.send(s.createTextMessage(tekst));
            }
        }
    }

    /** Every message's text on the queue, in order, taken off it. */
    private List<String> alleTekster() throws Exception {
        List<String> tekster = new java.util.ArrayList<>();
        try (Connection c = fabrikk.createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer mottaker = s.createConsumer(s.createQueue(KOE));
            for (jakarta.jms.Message m = mottaker.receive(5000); m != null; m = mottaker.receive(500)) {
                tekster.add(((jakarta.jms.TextMessage) m).getText());
            }
        }
        return tekster;
    }

    private long antallPaaKoeen() throws Exception {
        return broker.getActiveMQServer().locateQueue(SimpleString.of(KOE)).getMessageCount();
    }
}
