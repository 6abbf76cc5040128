package no.kommune.esb;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueConnection;
import jakarta.jms.QueueRequestor;
import jakarta.jms.QueueSession;
import jakarta.jms.Session;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.springframework.core.env.Environment;
import org.springframework.jms.core.JmsTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Artemis queue the embedded broker holds producers back on, as it does for an address full under the BLOCK
 * policy or a disk below its floor: a limit of one message set through the broker's management API (the platform
 * user may manage), with a few messages put there first so the next producer waits at once. {@link #close()} lifts
 * the limit and takes those messages away again; use it in try-with-resources, so other tests find the queue open.
 * <p>
 * Lifting the limit does not by itself release a producer the broker already holds (Artemis 2.40): its session waits
 * for the credits it asked for, and the broker answers that request only when a message leaves the address. While
 * older messages stay on the queue (the fill messages, or others a test or a slow fagsystem left) such a session stays
 * held after the lift; only a new session (the status outbox drops its connection, {@code StatusJms}) or a message
 * taken off lets it go. So {@link #close()} takes every fill message off, and a test that leaves other messages on the
 * queue must not count on the lift alone.
 */
public final class Koeblokkering implements AutoCloseable {

    private static final int FYLL = 3;

    private final Environment env;
    private final JmsTemplate jms;
    private final String koe;

    private Koeblokkering(Environment env, JmsTemplate jms, String koe) {
        this.env = env;
        this.jms = jms;
        this.koe = koe;
    }

    /**
     * The messages go through a connection of their own: a session of the platform's caching connection factory that
     * sent them would keep the credits the broker granted for the queue, and its next sends would pass unhindered.
     */
    public static Koeblokkering blokker(Environment env, JmsTemplate jms, String koe) throws Exception {
        Koeblokkering b = new Koeblokkering(env, jms, koe);
        try (ActiveMQConnectionFactory f = b.fabrikk(); Connection c = f.createConnection()) {
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer sender = s.createProducer(s.createQueue(koe));
            for (int i = 0; i < FYLL; i++) {
                Message m = s.createTextMessage("fyll");
                m.setStringProperty("esb_test", "fyll");
                sender.send(m);
            }
        }
        b.ledelse("addAddressSettings", koe, "{\"maxSizeMessages\":1,\"addressFullMessagePolicy\":\"BLOCK\"}");
        return b;
    }

    private ActiveMQConnectionFactory fabrikk() {
        return new ActiveMQConnectionFactory(env.getRequiredProperty("spring.artemis.broker-url"),
                env.getRequiredProperty("spring.artemis.user"), env.getRequiredProperty("spring.artemis.password"));
    }

    @Override
    public void close() throws Exception {
        ledelse("removeAddressSettings", koe);
        // every fill message taken away, however long a loaded machine takes: the broker lets a held producer go only
        // when a message leaves the address (it reads the lifted limit then), not at the lift itself, so while one is
        // left behind a session held before the lift stays held, for later tests too (a run at load ~30 met a status
        // queue still held a minute after the test)
        jms.setReceiveTimeout(2000);
        long frist = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        int tatt = 0;
        while (tatt < FYLL && System.nanoTime() < frist) {
            if (jms.receiveSelected(koe, "esb_test = 'fyll'") != null) {
                tatt++;
            }
        }
        assertThat(tatt).as("fill messages taken off " + koe).isEqualTo(FYLL);
    }

    private void ledelse(String operasjon, Object... parametre) throws Exception {
        try (ActiveMQConnectionFactory f = fabrikk(); QueueConnection c = f.createQueueConnection()) {
            c.start();
            QueueSession s = c.createQueueSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueRequestor requestor = new QueueRequestor(s, s.createQueue("activemq.management"));
            Message m = s.createMessage();
            JMSManagementHelper.putOperationInvocation(m, ResourceNames.BROKER, operasjon, parametre);
            Message svar = requestor.request(m);
            assertThat(JMSManagementHelper.hasOperationSucceeded(svar)).as(operasjon + ": " + JMSManagementHelper.getResult(svar)).isTrue();
        }
    }
}
