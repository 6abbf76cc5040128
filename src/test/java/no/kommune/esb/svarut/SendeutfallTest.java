package no.kommune.esb.svarut;

import no.kommune.esb.register.RegisterException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * DOMAIN.md rule 8: which failed sends certainly did not reach SvarUt (closed as "not sent", no settle time) and which
 * may have (the settle time is waited out before a miss is final). Nothing uncertain may come out IKKE_SENDT: that
 * would let a letter SvarUt holds be sent a second time.
 */
class SendeutfallTest {

    static Stream<Arguments> feil() {
        return Stream.of(
                arguments("the fence refused before the call's first send", SvarUtTestfeil.sendingAvvist(true), Sendeutfall.IKKE_SENDT),
                arguments("the fence refused after a lost send of the same call", SvarUtTestfeil.sendingAvvist(false), Sendeutfall.UKJENT),
                arguments("SvarUt refused the send (401)", feil(RegisterException.Kind.UNAUTHORIZED, 401), Sendeutfall.IKKE_SENDT),
                arguments("SvarUt refused the send (403)", feil(RegisterException.Kind.UNAUTHORIZED, 403), Sendeutfall.IKKE_SENDT),
                arguments("the letter broke SvarUt's rules before the call", new SvarUtClient.Regelbrudd(List.of("filnavn")), Sendeutfall.IKKE_SENDT),
                arguments("the look-up before a later attempt failed (503)",
                        SvarUtTestfeil.oppslagFoerSendingFeilet(feil(RegisterException.Kind.UNAVAILABLE, 503)), Sendeutfall.IKKE_SENDT),
                arguments("the look-up before a later attempt was refused (401)",
                        SvarUtTestfeil.oppslagFoerSendingFeilet(feil(RegisterException.Kind.UNAUTHORIZED, 401)), Sendeutfall.IKKE_SENDT),
                arguments("the look-up before a later attempt could not be read",
                        SvarUtTestfeil.oppslagFoerSendingFeilet(feil(RegisterException.Kind.BAD_RESPONSE, 200)), Sendeutfall.IKKE_SENDT),
                arguments("the send's answer was lost", feil(RegisterException.Kind.AMBIGUOUS, 0), Sendeutfall.UKJENT),
                arguments("the send's 2xx could not be read", new SvarUtClient.UlesbartSendesvar(200, "send: svaret er ikke JSON"), Sendeutfall.UKJENT),
                arguments("the look-up after a lost send was refused (401)", new RegisterException(SvarUtClient.SERVICE, RegisterException.Kind.AMBIGUOUS,
                        401, "oppslaget feilet", null, feil(RegisterException.Kind.UNAUTHORIZED, 401)), Sendeutfall.UKJENT),
                // no 5xx promises that SvarUt stored nothing (the contract lists 200 and default only): a gateway's
                // 502/504 after SvarUt stored the letter, a 500 after storing. These rows were BESVART on the old code,
                // which closed the attempt and sent again without a look-up
                arguments("SvarUt answered 500", feil(RegisterException.Kind.UNAVAILABLE, 500), Sendeutfall.UKJENT),
                arguments("a gateway answered 502", feil(RegisterException.Kind.UNAVAILABLE, 502), Sendeutfall.UKJENT),
                arguments("SvarUt answered 503", feil(RegisterException.Kind.UNAVAILABLE, 503), Sendeutfall.UKJENT),
                arguments("a gateway answered 504", feil(RegisterException.Kind.UNAVAILABLE, 504), Sendeutfall.UKJENT),
                arguments("SvarUt answered 501", feil(RegisterException.Kind.UNAVAILABLE, 501), Sendeutfall.UKJENT),
                arguments("SvarUt answered 502, as the client gives it", SvarUtTestfeil.serverfeilPaaSending(502, "INTERN_FEIL", null),
                        Sendeutfall.UKJENT),
                arguments("SvarUt answered 429", feil(RegisterException.Kind.THROTTLED, 429), Sendeutfall.BESVART),
                arguments("SvarUt answered 400", feil(RegisterException.Kind.REJECTED, 400), Sendeutfall.BESVART),
                arguments("SvarUt answered 404", feil(RegisterException.Kind.NOT_FOUND, 404), Sendeutfall.BESVART),
                arguments("something the client does not give", new IllegalStateException("?"), Sendeutfall.UKJENT));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("feil")
    void should_close_an_attempt_as_not_sent_only_when_nothing_of_it_can_have_reached_svarut(String tilfelle, RuntimeException e,
                                                                                             Sendeutfall forventet) {
        assertThat(Sendeutfall.av(e)).isEqualTo(forventet);
    }

    private static RegisterException feil(RegisterException.Kind kind, int status) {
        return new RegisterException(SvarUtClient.SERVICE, kind, status, "feilet");
    }
}
