package no.kommune.esb.forsendelse.flyt;

import no.kommune.esb.svarut.SvarUtStatus;
import no.kommune.esb.varsel.SmsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class MottakerstatusTest {

    @ParameterizedTest(name = "SvarUt {0} -> {1}")
    @CsvSource({
            "MOTTATT,          SENDT",
            "AKSEPTERT,        AKSEPTERT",
            "VARSLET,          VARSLET",
            "SENDT_DIGITALT,   SENDT_DIGITALT",
            "SENDT_SDP,        SENDT_DIGITALT",
            "KLAR_FOR_MOTTAK,  SENDT_DIGITALT",
            "SENDT_PRINT,      SENDT_PRINT",
            "LEVERT_SDP,       LEVERT",
            "PRINTET,          LEVERT",
            "MANUELT_HANDTERT, LEVERT",
            "LEST,             LEST",
            "AVVIST,           FEILET",
            "IKKE_LEVERT,      FEILET"
    })
    void should_map_every_svarut_status_onto_the_lifecycle(SvarUtStatus svarUt, Mottakerstatus expected) {
        assertThat(Mottakerstatus.fra(svarUt)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "SMS {0} -> {1}")
    @CsvSource({
            "ACCEPTED,  SENDT",
            "SENT,      SENDT",
            "DELIVERED, LEVERT",
            "FAILED,    FEILET",
            "EXPIRED,   FEILET"
    })
    void should_map_every_sms_delivery_report_onto_the_lifecycle(SmsClient.Leveringsstatus sms, Mottakerstatus expected) {
        assertThat(Mottakerstatus.fra(sms)).isEqualTo(expected);
        assertThat(expected.erEndelig()).isEqualTo(sms.endelig());
    }

    @Test
    void should_stop_following_exactly_when_svarut_says_the_letter_is_final() {
        for (SvarUtStatus s : SvarUtStatus.values()) {
            Mottakerstatus mapped = Mottakerstatus.fra(s);
            assertThat(mapped.erEndelig()).as(s.name()).isEqualTo(s.erEndelig());
            assertThat(mapped.folgesISvarUt()).as(s.name()).isEqualTo(!s.erEndelig());
        }
    }

    @Test
    void should_not_follow_letters_that_never_reached_svarut() {
        assertThat(Arrays.stream(Mottakerstatus.values()).filter(Mottakerstatus::folgesISvarUt))
                .containsExactlyInAnyOrder(Mottakerstatus.SENDT, Mottakerstatus.AKSEPTERT, Mottakerstatus.VARSLET,
                        Mottakerstatus.SENDT_DIGITALT, Mottakerstatus.SENDT_PRINT);
    }

    @ParameterizedTest(name = "{0} waits to be sent: {1}")
    @CsvSource({
            "KLAR_FOR_SENDING, true",
            "SENDT,            false",
            "AKSEPTERT,        false",
            "VARSLET,          false",
            "SENDT_DIGITALT,   false",
            "SENDT_PRINT,      false",
            "LEVERT,           false",
            "LEST,             false",
            "FEILET,           false",
            "MANUELL,          false",
            "MANUELT_LOEST,    false",
            "STOPPET,          false",
            "DEAD_LETTER,      false",
            "AVSLUTTET,        false"
    })
    void should_count_as_waiting_to_be_sent_only_a_decided_letter_no_flow_has_sent_parked_or_ended(Mottakerstatus status, boolean venter) {
        assertThat(status.venterPaaSending()).isEqualTo(venter);
    }
}
