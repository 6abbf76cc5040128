package no.kommune.esb.forsendelse.flyt;

import no.kommune.esb.forsendelse.mottak.InnleveringProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Where each sender system hears about its letters ({@code forsendelse.status.kanal.<avsenderSystem>}): a Camel
 * endpoint URI — a Kafka topic, an Artemis queue ({@code jms:queue:…}) or an HTTP callback
 * ({@code https://…?httpMethod=POST}). Systems without an entry get Kafka topic
 * {@code esb.forsendelse.status.<avsenderSystem>}, whose producer lingers {@code forsendelse.status.kafka-linger-ms}
 * (one request per message made the embedded broker and the Kafka client a per-letter cost, docs/benchmarks.md).
 * A {@code jms:} channel is sent through the status outbox's own JMS connection (component {@link StatusJms#KOMPONENT}),
 * which the publisher drops when the queue held a send back.
 */
@Component("statusKanaler")
public class StatusKanaler {

    /** A configured channel on an Artemis queue starts so. */
    private static final String JMS = "jms:";

    private final Map<String, String> kanal;
    /** The default Kafka topic's producer waits this long to put a publication pass's messages into few requests. */
    private final String standardKanalParametre;

    public StatusKanaler(ConfigurableEnvironment environment, InnleveringProperties innlevering) {
        this.kanal = Map.copyOf(Binder.get(environment).bind("forsendelse.status.kanal", Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
        java.util.List<String> avsendere = innlevering.avsendersystemer();
        java.util.List<String> ukjente = kanal.keySet().stream().filter(id -> !avsendere.contains(id)).sorted().toList();
        if (!ukjente.isEmpty()) {
            // a typo here would silently send a fagsystem's status changes to the default Kafka topic instead
            throw new IllegalStateException("forsendelse.status.kanal names unknown sender systems " + ukjente
                    + "; known (forsendelse.avsendersystemer): " + avsendere);
        }
        this.standardKanalParametre = "?lingerMs=" + environment.getProperty("forsendelse.status.kafka-linger-ms", Integer.class, 5);
    }

    /** The endpoint URI for one sender system's status changes. */
    public String uri(String avsenderSystem) {
        String egen = kanal.get(avsenderSystem);
        if (egen == null) {
            return "kafka:esb.forsendelse.status." + avsenderSystem + standardKanalParametre;
        }
        return egen.startsWith(JMS) ? StatusJms.KOMPONENT + ":" + egen.substring(JMS.length()) : egen;
    }

    /** Whether the sender system hears about its letters on an Artemis queue (through {@link StatusJms}). */
    public boolean erJms(String avsenderSystem) {
        String egen = kanal.get(avsenderSystem);
        return egen != null && egen.startsWith(JMS);
    }
}
