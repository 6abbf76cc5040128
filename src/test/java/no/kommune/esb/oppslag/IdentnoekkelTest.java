package no.kommune.esb.oppslag;

import no.kommune.esb.model.Identitetsnummer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentnoekkelTest {

    private static final Identitetsnummer FNR = Identitetsnummer.of("02013299997");

    @Test
    void should_give_the_same_value_for_the_same_number_and_key() {
        assertThat(new Identnoekkel("en-hemmelig-noekkel").av(FNR)).isEqualTo(new Identnoekkel("en-hemmelig-noekkel").av(FNR))
                .hasSize(64).doesNotContain(FNR.value());
    }

    @Test
    void should_give_another_value_under_another_key() {
        assertThat(new Identnoekkel("en-hemmelig-noekkel").av(FNR)).isNotEqualTo(new Identnoekkel("en-annen-noekkel-123").av(FNR));
    }

    @Test
    void should_give_a_key_for_another_purpose_that_is_stable_short_and_not_the_audit_value() {
        Identnoekkel n = new Identnoekkel("en-hemmelig-noekkel");
        String kafka = n.til("kafka-noekkel", FNR.value());
        assertThat(kafka).matches("[0-9a-f]{32}").isEqualTo(new Identnoekkel("en-hemmelig-noekkel").til("kafka-noekkel", FNR.value()))
                .doesNotContain(FNR.value());
        assertThat(n.av(FNR)).as("the audit trail's value").doesNotStartWith(kafka);
        assertThat(n.til("annet-formaal", FNR.value())).isNotEqualTo(kafka);
        assertThat(n.til("kafka-noekkel", "02013299910")).isNotEqualTo(kafka);
        assertThat(new Identnoekkel("en-annen-noekkel-123").til("kafka-noekkel", FNR.value())).isNotEqualTo(kafka);
        // the thread's Mac is left reset: the audit value is the same after a purpose key as before it
        assertThat(n.av(FNR)).isEqualTo(new Identnoekkel("en-hemmelig-noekkel").av(FNR));
    }

    @Test
    void should_refuse_a_missing_or_short_key() {
        assertThatThrownBy(() -> new Identnoekkel(null)).hasMessageContaining("oppslag.revisjon.hmac-noekkel");
        assertThatThrownBy(() -> new Identnoekkel("kort")).hasMessageContaining("at least 16");
    }
}
