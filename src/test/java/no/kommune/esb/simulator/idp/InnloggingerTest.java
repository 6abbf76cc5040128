package no.kommune.esb.simulator.idp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InnloggingerTest {

    static final SimulatedIdp.Bruker BRUKER = new SimulatedIdp.Bruker("integrasjon-bruker", "pw", "Ida", List.of("esb:admin"));
    static final String VERIFIKATOR = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    static final String TILBAKE = "http://localhost:8080/konsoll/login/oauth2/code/konsoll";

    final Innlogginger innlogginger = new Innlogginger(Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void should_hand_out_the_login_once_for_the_same_client_redirect_uri_and_pkce_verifier() {
        String kode = innlogginger.nyKode(BRUKER, "konsoll", TILBAKE, Innlogginger.s256(VERIFIKATOR));

        assertThat(innlogginger.innloes(kode, "konsoll", TILBAKE, VERIFIKATOR)).contains(BRUKER);
        assertThat(innlogginger.innloes(kode, "konsoll", TILBAKE, VERIFIKATOR)).as("a code is spent once").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # what is wrong        | client   | redirect URI                                    | verifier
            another client         | skole    | http://localhost:8080/konsoll/login/oauth2/code/konsoll | dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk
            another redirect URI   | konsoll  | http://evil.example/konsoll/login/oauth2/code/konsoll   | dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk
            another verifier       | konsoll  | http://localhost:8080/konsoll/login/oauth2/code/konsoll | feil-verifikator
            no verifier            | konsoll  | http://localhost:8080/konsoll/login/oauth2/code/konsoll |
            """)
    void should_refuse_a_code_exchange_that_differs_from_the_login_and_spend_the_code(String feil, String klient, String tilbake, String verifikator) {
        String kode = innlogginger.nyKode(BRUKER, "konsoll", TILBAKE, Innlogginger.s256(VERIFIKATOR));

        assertThat(innlogginger.innloes(kode, klient, tilbake, verifikator)).isEmpty();
        assertThat(innlogginger.innloes(kode, "konsoll", TILBAKE, VERIFIKATOR)).as("a refused exchange spends the code").isEmpty();
    }

    @Test
    void should_compute_the_pkce_s256_challenge_of_rfc_7636s_example() {
        assertThat(Innlogginger.s256(VERIFIKATOR)).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    }
}
