package no.kommune.esb.forsendelse.flyt;

import jakarta.jms.ConnectionFactory;
import org.apache.camel.component.jms.JmsComponent;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.jms.connection.SingleConnectionFactory;

/**
 * The status outbox's own JMS connection: Camel component {@value #KOMPONENT}, which {@link StatusKanaler} puts in
 * place of a configured {@code jms:} channel. Spring's caching factory over the broker's own, as the platform's shared
 * one, but apart from it, so that {@link StatusPublisering} can drop it ({@link #nullstill()}) when a fagsystem's queue
 * held a send back past the limit, without touching the platform's consumers.
 * <p>
 * Why drop it: a producer the broker holds back waits for the credits its session asked for, and the broker answers
 * that request only when messages leave the address and take it below its limit. When the queue is opened another way
 * (the limit raised or lifted, the policy changed from BLOCK) the request is never answered (Artemis 2.40), so the
 * cached session's sends kept timing out, every retry, until something else reset the connection; a new session asks
 * anew and is answered at once.
 */
@Configuration(proxyBeanMethods = false)
public class StatusJms implements DisposableBean {

    /** The Camel component (a Spring bean of this name) the status outbox's JMS channels are sent through. */
    public static final String KOMPONENT = "statusjms";

    private final CachingConnectionFactory fabrikk;

    public StatusJms(ConnectionFactory jms) {
        // the broker's own factory under the platform's caching wrapper, with a connection (and cached sessions) of its own
        ConnectionFactory megler = jms instanceof SingleConnectionFactory s && s.getTargetConnectionFactory() != null
                ? s.getTargetConnectionFactory() : jms;
        this.fabrikk = new CachingConnectionFactory(megler);
        this.fabrikk.setReconnectOnException(true);
    }

    @Bean(KOMPONENT)
    JmsComponent statusjms() {
        return JmsComponent.jmsComponent(fabrikk);
    }

    /**
     * Closes the connection with its cached sessions and producers (a send still held back on one of them ends with an
     * error); the next send opens a new one.
     */
    public void nullstill() {
        fabrikk.resetConnection();
    }

    @Override
    public void destroy() {
        fabrikk.destroy();
    }
}
