package no.kommune.esb.forsendelse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class VarselkanalbytteTest {

    // earlier attempt's channel (empty = none / not recorded) | its outcome | channels allowed now (KRR, decision, gateways) | next step
    @ParameterizedTest(name = "earlier {0} {1}, now [{2}] -> {3}")
    @CsvSource(delimiter = '|', nullValues = "", value = {
            // no earlier attempt: the preferred channel
            "      | INGEN  | SMS EPOST | SEND_SMS",
            "      | INGEN  | EPOST     | SEND_EPOST",
            "      | INGEN  | SMS       | SEND_SMS",
            "      | INGEN  | -         | BESLUTT_PAA_NYTT",
            // a clear refusal sent nothing: switching is safe
            "SMS   | AVVIST | EPOST     | SEND_EPOST",
            "SMS   | AVVIST | SMS EPOST | SEND_SMS",
            "EPOST | AVVIST | SMS       | SEND_SMS",
            "EPOST | AVVIST | SMS EPOST | SEND_SMS",
            // lost SMS answer: SMS again (the gateway's idempotency key), never e-mail
            "SMS   | UKJENT | SMS EPOST | SEND_SMS",
            "SMS   | UKJENT | SMS       | SEND_SMS",
            "SMS   | UKJENT | EPOST     | MANUELL",
            "SMS   | UKJENT | -         | BESLUTT_PAA_NYTT",
            // lost e-mail answer: e-mail again even when a mobile number was added (SMS is otherwise preferred)
            "EPOST | UKJENT | SMS EPOST | SEND_EPOST",
            "EPOST | UKJENT | EPOST     | SEND_EPOST",
            "EPOST | UKJENT | SMS       | MANUELL",
            "EPOST | UKJENT | -         | BESLUTT_PAA_NYTT",
            // an unknown outcome whose channel was not recorded (begun before the channel was): either may have gone
            "      | UKJENT | SMS EPOST | MANUELL",
            "      | UKJENT | SMS       | MANUELL",
    })
    void should_never_switch_between_sms_and_email_after_an_attempt_with_unknown_outcome(
            Varslingskanal forrige, Varselkanalbytte.Utfall utfall, String naa, Varselkanalbytte.Neste forventet) {
        assertThat(Varselkanalbytte.vurder(forrige, utfall, kanaler(naa))).isEqualTo(forventet);
    }

    // outcome of the SMS/e-mail attempts | channel of the latest | the stored reason says: its own reason, or that the outcome is unknown (and the channel)
    @ParameterizedTest(name = "{0} after {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "", value = {
            // nothing went out: the reason as it is
            "INGEN  |       | GRUNN",
            "AVVIST | SMS   | GRUNN",
            "AVVIST | EPOST | GRUNN",
            // it may have arrived: never "not sent" as a fact
            "UKJENT | SMS   | UKJENT SMS",
            "UKJENT | EPOST | UKJENT e-post",
            "UKJENT |       | UKJENT SMS/e-post",
    })
    void should_say_the_outcome_is_unknown_in_a_manual_reason_only_while_an_sms_or_email_may_have_arrived(
            Varselkanalbytte.Utfall utfall, Varslingskanal forrige, String forventet) {
        String grunn = Varselkanalbytte.manuellGrunn(utfall, forrige, "Ikke lenger mottaker; sendes ikke", "mottakeren er ikke lenger mottaker");
        if (forventet.equals("GRUNN")) {
            assertThat(grunn).isEqualTo("Ikke lenger mottaker; sendes ikke");
        } else {
            assertThat(grunn).startsWith("Et tidligere forsøk på " + forventet.substring("UKJENT ".length()) + " har ukjent utfall")
                    .contains("mottakeren er ikke lenger mottaker").contains("kan ha kommet fram");
        }
    }

    // outcome before this attempt | this attempt's answer lost | outcome after its failure
    @ParameterizedTest(name = "before {0}, answer lost {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // a refusal after none or after refusals: nothing went out, the guard may go
            "INGEN  | false | AVVIST",
            "AVVIST | false | AVVIST",
            // a refusal after a lost answer proves nothing about the message that may have gone out before it
            "UKJENT | false | UKJENT",
            // a lost answer is unknown whatever came before
            "INGEN  | true  | UKJENT",
            "AVVIST | true  | UKJENT",
            "UKJENT | true  | UKJENT",
    })
    void should_keep_an_unknown_outcome_when_a_later_attempt_is_refused(
            Varselkanalbytte.Utfall tidligere, boolean svaretTapt, Varselkanalbytte.Utfall forventet) {
        assertThat(Varselkanalbytte.etterFeil(tidligere, svaretTapt)).isEqualTo(forventet);
    }

    @Test
    void should_not_switch_channel_after_a_lost_sms_answer_followed_by_a_refused_sms_and_the_number_removed() {
        // attempt 1 SMS, answer lost; attempt 2 SMS, the gateway refuses (503); then KRR has only the e-mail address
        Varselkanalbytte.Utfall etterForsoek2 = Varselkanalbytte.etterFeil(Varselkanalbytte.Utfall.UKJENT, false);
        assertThat(Varselkanalbytte.vurder(Varslingskanal.SMS, etterForsoek2, EnumSet.of(Varslingskanal.EPOST)))
                .isEqualTo(Varselkanalbytte.Neste.MANUELL);
    }

    @Test
    void should_name_the_channel_but_no_contact_data_in_the_manual_reason() {
        assertThat(Varselkanalbytte.manuellGrunn(Varslingskanal.SMS)).contains("SMS").doesNotContain("e-post har");
        assertThat(Varselkanalbytte.manuellGrunn(Varslingskanal.EPOST)).contains("forsøk på e-post");
        assertThat(Varselkanalbytte.manuellGrunn(null)).contains("SMS/e-post");
    }

    private static Set<Varslingskanal> kanaler(String naa) {
        Set<Varslingskanal> s = EnumSet.noneOf(Varslingskanal.class);
        Arrays.stream(naa.trim().split("\\s+")).filter(k -> !k.equals("-")).map(Varslingskanal::valueOf).forEach(s::add);
        return s;
    }
}
