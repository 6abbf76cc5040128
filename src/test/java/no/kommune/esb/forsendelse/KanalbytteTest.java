package no.kommune.esb.forsendelse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class KanalbytteTest {

    // earlier attempt's gateway (empty = none) | new channel | what to do
    @ParameterizedTest(name = "earlier {0}, now {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "", value = {
            "        | DIGITAL          | FORTSETT",
            "        | PRINT            | FORTSETT",
            "        | VARSEL_SMS_EPOST | FORTSETT",
            "SVARUT  | DIGITAL          | FORTSETT",
            "SVARUT  | PRINT            | FORTSETT",
            "VARSEL  | VARSEL_SMS_EPOST | FORTSETT",
            "SVARUT  | VARSEL_SMS_EPOST | SLAA_OPP_I_SVARUT_FOERST",
            "VARSEL  | DIGITAL          | MANUELL",
            "VARSEL  | PRINT            | MANUELL",
            // a decision not to send after a SvarUt attempt with unknown outcome: SvarUt may print or deliver it anyway
            "SVARUT  | MANUELL          | SLAA_OPP_I_SVARUT_FOERST",
            "SVARUT  | STOPP            | SLAA_OPP_I_SVARUT_FOERST",
            "        | MANUELL          | FORTSETT",
            "        | STOPP            | FORTSETT",
            // ... and after an SMS/e-mail attempt with unknown outcome: neither gateway can be asked, so a person checks
            "VARSEL  | MANUELL          | MANUELL",
            "VARSEL  | STOPP            | MANUELL",
    })
    void should_guard_a_change_of_gateway_after_an_attempt_with_unknown_outcome(Kanalbytte.Gateway tidligere, Kanal ny, Kanalbytte.Handling forventet) {
        assertThat(Kanalbytte.vurder(tidligere, ny)).isEqualTo(forventet);
    }
}
