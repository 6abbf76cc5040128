package no.kommune.esb.hendelser.flyt;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import no.kommune.esb.platform.Tidsvakt;
import no.kommune.esb.platform.Traader;
import org.springframework.jms.connection.SingleConnectionFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import no.kommune.esb.platform.logg.FastOrdlyd;

/**
 * The event delivery's JMS sends: one fagsystem's messages of a round in one local transaction, on a session of their
 * own, and the sending thread is interrupted if the broker has not taken them within {@code tidsgrense}. A broker that holds a producer back
 * (an address full under the BLOCK policy, a disk below its floor) makes a send wait without end, and a delivery round
 * waits for all its fagsystems: one full queue stopped every fagsystem's events (a CI run hung 90 minutes so). The
 * interrupt ends the send with an error; nothing of the uncommitted transaction reaches the queue, and the rows are
 * tried again by their retry policy, while the other fagsystems' rows of the round are delivered.
 * <p>
 * The sessions come from one connection of the broker's own factory (Spring's caching wrapper taken off: its cached
 * producers keep credits the broker granted earlier, so a held-back address would go unnoticed for a while); a connection that fails is dropped and made anew at the next
 * send. A timeout that falls just as the broker commits may leave the rows to be sent again: deliveries are at least
 * once, and fagsystems de-duplicate on {@code esb_sekvensnummer} (docs/hendelser.md).
 */
public final class JmsLevering implements AutoCloseable {

    /** One message: the mapped document, its event's sequence number and, for a trigger's message, its kind. */
    record Melding(String tekst, long sekvensnummer, String melding) {
    }

    /** The broker did not take a round's messages within the limit; the send was interrupted, nothing committed. */
    public static final class Tidsavbrudd extends JMSException implements FastOrdlyd {
        public Tidsavbrudd(String queue, Duration tidsgrense, JMSException aarsak) {
            super("JMS send to " + queue + " not done within " + tidsgrense.toMillis() + " ms: the broker holds the producer back");
            initCause(aarsak);
        }
    }

    private final ConnectionFactory fabrikk;
    private final Duration tidsgrense;
    private final ScheduledExecutorService vaktmester = Executors.newSingleThreadScheduledExecutor(Traader.daemon("hendelser-jms-vakt"));
    private Connection forbindelse;

    JmsLevering(ConnectionFactory jms, Duration tidsgrense) {
        this.fabrikk = jms instanceof SingleConnectionFactory s && s.getTargetConnectionFactory() != null ? s.getTargetConnectionFactory() : jms;
        this.tidsgrense = tidsgrense;
    }

    /** Sends the messages to the queue in one transaction; throws ({@link Tidsavbrudd} past the limit) if not committed. */
    void send(String queue, List<Melding> meldinger) throws JMSException {
        Session session = session();
        // the broker's hold on a producer (a wait for credits) ends with an error at an interrupt, every time
        Tidsvakt vakt = Tidsvakt.start(vaktmester, tidsgrense);
        try {
            MessageProducer sender = session.createProducer(session.createQueue(queue));
            for (Melding m : meldinger) {
                TextMessage t = session.createTextMessage(m.tekst());
                t.setLongProperty("esb_sekvensnummer", m.sekvensnummer());
                if (!m.melding().isEmpty()) {
                    t.setStringProperty("esb_melding", m.melding());
                }
                sender.send(t);
            }
            session.commit();
        } catch (JMSException e) {
            if (vakt.utloept()) {
                throw new Tidsavbrudd(queue, tidsgrense, e);
            }
            throw e;
        } finally {
            vakt.close();
            // the uncommitted transaction, if any, is rolled back
            lukk(session);
        }
    }

    private Session session() throws JMSException {
        Connection c;
        synchronized (this) {
            if (forbindelse == null) {
                Connection ny = fabrikk.createConnection();
                ny.setExceptionListener(e -> forkast(ny));
                forbindelse = ny;
            }
            c = forbindelse;
        }
        try {
            return c.createSession(true, Session.SESSION_TRANSACTED);
        } catch (JMSException e) {
            forkast(c);
            throw e;
        }
    }

    private void forkast(Connection c) {
        synchronized (this) {
            if (forbindelse == c) {
                forbindelse = null;
            }
        }
        try {
            c.close();
        } catch (JMSException | RuntimeException ignored) {
            // already broken
        }
    }

    private static void lukk(Session session) {
        try {
            session.close();
        } catch (JMSException | RuntimeException ignored) {
            // closed already, or the connection is gone
        }
    }

    @Override
    public void close() {
        vaktmester.shutdownNow();
        Connection c;
        synchronized (this) {
            c = forbindelse;
            forbindelse = null;
        }
        if (c != null) {
            forkast(c);
        }
    }
}
