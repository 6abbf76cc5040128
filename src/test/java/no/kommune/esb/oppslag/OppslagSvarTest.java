package no.kommune.esb.oppslag;

import no.kommune.esb.register.RegisterException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed register call's answer names the register that failed, not always Folkeregisteret. */
class OppslagSvarTest {

    @ParameterizedTest(name = "{0} {1} -> {2} {3}")
    @CsvSource(delimiter = '|', value = {
            "folkeregisteret    | UNAVAILABLE  | 503 | Folkeregisteret er ikke tilgjengelig",
            "folkeregisteret    | REJECTED     | 502 | Feil fra Folkeregisteret",
            // a GP look-up: said "Folkeregisteret" before
            "nhn-flr            | UNAVAILABLE  | 503 | Fastlegeregisteret er ikke tilgjengelig",
            "nhn-flr            | BAD_RESPONSE | 502 | Feil fra Fastlegeregisteret",
            "fastlegeregisteret | UNAVAILABLE  | 503 | Fastlegeregisteret er ikke tilgjengelig",
            "matrikkel          | THROTTLED    | 503 | Matrikkelen er ikke tilgjengelig",
    })
    void should_name_the_register_whose_call_failed(String service, RegisterException.Kind kind, int status, String tittel) {
        Oppslagstilgang.Avslag a = OppslagSvar.registeravslag(new RegisterException(service, kind, 0, "x"), "detalj", "helse");

        assertThat(a.status()).isEqualTo(status);
        assertThat(a.tittel()).isEqualTo(tittel);
    }
}
