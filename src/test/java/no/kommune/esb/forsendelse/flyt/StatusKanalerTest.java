package no.kommune.esb.forsendelse.flyt;

import no.kommune.esb.forsendelse.mottak.InnleveringProperties;
import org.junit.jupiter.api.Test;

import java.util.List;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatusKanalerTest {

    private static final InnleveringProperties AVSENDERE = new InnleveringProperties(List.of("skole", "barnevern"), null);

    private static MockEnvironment miljoe() {
        return new MockEnvironment();
    }

    @Test
    void should_use_the_configured_channel_and_the_kafka_topic_otherwise() {
        StatusKanaler kanaler = new StatusKanaler(miljoe().withProperty("forsendelse.status.kanal.barnevern", "jms:queue:fagsystem.barnevern.status"), AVSENDERE);

        // an Artemis queue through the status outbox's own JMS connection, which the publisher may drop
        assertThat(kanaler.uri("barnevern")).isEqualTo("statusjms:queue:fagsystem.barnevern.status");
        assertThat(kanaler.erJms("barnevern")).isTrue();
        assertThat(kanaler.uri("skole")).isEqualTo("kafka:esb.forsendelse.status.skole?lingerMs=5");
        assertThat(kanaler.erJms("skole")).isFalse();
    }

    @Test
    void should_let_the_default_kafka_topics_producer_linger_as_configured() {
        StatusKanaler kanaler = new StatusKanaler(miljoe().withProperty("forsendelse.status.kafka-linger-ms", "0"), AVSENDERE);

        assertThat(kanaler.uri("skole")).isEqualTo("kafka:esb.forsendelse.status.skole?lingerMs=0");
    }

    @Test
    void should_refuse_to_start_with_a_channel_for_an_unknown_sender_system() {
        assertThatThrownBy(() -> new StatusKanaler(miljoe().withProperty("forsendelse.status.kanal.barnevrn", "jms:queue:x"), AVSENDERE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("[barnevrn]");
    }
}
