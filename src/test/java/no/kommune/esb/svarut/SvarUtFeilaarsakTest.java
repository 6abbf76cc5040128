package no.kommune.esb.svarut;

import no.kommune.esb.platform.Registerfeilaarsak;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterException.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.ConnectException;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * A SvarUt failure as the integration team reads it on a dead letter and in a letter's timeline: in words, with SvarUt's
 * HTTP status, errorCode and errorId as the reference. Before, the reason was {@code kind + ": " + message}, e.g.
 * "UNAVAILABLE: svarut: send feilet errorCode=INTERN_FEIL errorId=… (HTTP 500)".
 */
class SvarUtFeilaarsakTest {

    static final String ID = "d0c5e10b-7d1a-4c8e-9a51-3f2b6c1e8a90";

    static Stream<Arguments> feil() {
        return Stream.of(
                // a send's 5xx (DOMAIN.md rule 8): SvarUt may have stored the letter, so never "ikke sendt" (both said so before)
                arguments("a send's 5xx", SvarUtTestfeil.serverfeilPaaSending(500, "INTERN_FEIL", ID),
                        "SvarUt svarte sendingen med en serverfeil (HTTP 500, feilkode INTERN_FEIL, errorId " + ID + "), som ikke sier om brevet"
                                + " ble lagret, så brevet kan ha kommet fram; det slås opp på eksternReferanse før det eventuelt sendes igjen"),
                arguments("a send's 502, not found yet", new RegisterException("svarut", Kind.AMBIGUOUS, 502, "sendingen fikk HTTP 502, …", null,
                                SvarUtTestfeil.serverfeilPaaSending(502, "INTERN_FEIL", null)),
                        "SvarUt svarte sendingen med en serverfeil (HTTP 502, feilkode INTERN_FEIL), som ikke sier om brevet ble lagret, og brevet"
                                + " er ikke funnet på eksternReferanse ennå; det slås opp igjen før det eventuelt sendes på nytt"),
                arguments("a 5xx as classified", svar(Kind.UNAVAILABLE, 500, "INTERN_FEIL", ID),
                        "SvarUt er utilgjengelig (HTTP 500, feilkode INTERN_FEIL, errorId " + ID + ")"),
                arguments("503 without an error body", new RegisterException("svarut", Kind.UNAVAILABLE, 503, "send feilet (HTTP 503)"),
                        "SvarUt er utilgjengelig (HTTP 503)"),
                arguments("no connection", new RegisterException("svarut", Kind.UNAVAILABLE, 0, "connection refused", null, new ConnectException("x")),
                        "SvarUt svarer ikke; brevet er ikke sendt"),
                arguments("429", svar(Kind.THROTTLED, 429, "FOR_MANGE_FORESPORSLER", ID),
                        "SvarUt ba plattformen vente fordi den sendte for mange kall (HTTP 429, feilkode FOR_MANGE_FORESPORSLER, errorId " + ID + ");"
                                + " brevet er ikke sendt"),
                arguments("401", svar(Kind.UNAUTHORIZED, 401, "UAUTENTISERT", ID),
                        "SvarUt avviste plattformens tilgang (HTTP 401, feilkode UAUTENTISERT, errorId " + ID + "); brevet er ikke sendt, og sendingene"
                                + " venter til integrasjonen eller kontoen i SvarUt er rettet"),
                arguments("404", svar(Kind.NOT_FOUND, 404, null, ID),
                        "SvarUt fant ikke det plattformen spurte etter (HTTP 404, errorId " + ID + "); brevet er ikke sendt"),
                arguments("400", svar(Kind.REJECTED, 400, "VALIDERINGSFEIL", ID),
                        "SvarUt avviste forespørselen (HTTP 400, feilkode VALIDERINGSFEIL, errorId " + ID + "); brevet er ikke sendt"),
                // a body whose codes are not codes (here a name, an identity number, an address) leaves only the HTTP status
                arguments("codes that are not codes", svar(Kind.REJECTED, 400, "mottaker Hemmeligveien 7", "Kari Nordmann 01019012345"),
                        "SvarUt avviste forespørselen (HTTP 400); brevet er ikke sendt"),
                // a failure of another service on the way (the Maskinporten token for ks:fiks) names that service, as its code does
                arguments("Maskinporten refusing the token", new RegisterException("maskinporten", Kind.REJECTED, 400, "invalid_grant"),
                        "Maskinporten avviste forespørselen (HTTP 400); brevet er ikke sendt"),
                // the token for a send (fetched before the request): SvarUt was not called, whatever Maskinporten answered.
                // On the old code its 503 and its unreadable answer lacked "brevet er ikke sendt" (read as SvarUt's would be)
                arguments("Maskinporten 503 on a send's token", SvarUtTestfeil.sendingMedTokenfeil(
                                SvarUtTestfeil.maskinportenSvarer(503, "{\"error\":\"server_error\"}")),
                        "Maskinporten er utilgjengelig (HTTP 503); brevet er ikke sendt"),
                arguments("Maskinporten 400 on a send's token", SvarUtTestfeil.sendingMedTokenfeil(
                                SvarUtTestfeil.maskinportenSvarer(400, "{\"error\":\"invalid_request\"}")),
                        "Maskinporten avviste forespørselen (HTTP 400); brevet er ikke sendt"),
                arguments("Maskinporten refusing a send's token (401)", SvarUtTestfeil.sendingMedTokenfeil(
                                SvarUtTestfeil.maskinportenSvarer(401, "{\"error\":\"invalid_client\"}")),
                        "Maskinporten avviste plattformens tilgang (HTTP 401); brevet er ikke sendt, og sendingene venter til plattformens"
                                + " tilgang hos Maskinporten er rettet (klient, nøkkel, scope)"),
                arguments("Maskinporten's unreadable token answer on a send", SvarUtTestfeil.sendingMedTokenfeil(
                                SvarUtTestfeil.maskinportenSvarer(200, "<html>proxy</html>")),
                        "Maskinporten ga et svar som ikke kan leses (HTTP 200); brevet er ikke sendt"),
                arguments("Maskinporten unreachable for a send's token", SvarUtTestfeil.sendingMedTokenfeil(SvarUtTestfeil.maskinportenIkkeNaaelig()),
                        "Maskinporten svarer ikke; brevet er ikke sendt"),
                arguments("the platform's own rules", new SvarUtClient.Regelbrudd(List.of("tittel mangler", "mottaker.navn mangler")),
                        "brevet er ikke sendt: det bryter SvarUts regler (tittel mangler; mottaker.navn mangler)"),
                arguments("an answer that cannot be read", new RegisterException("svarut", Kind.BAD_RESPONSE, 200, "status-sok: svaret er ikke JSON"),
                        "SvarUt ga et svar som ikke kan leses (HTTP 200)"),
                // a send's 2xx that cannot be read: SvarUt said yes, so never "ikke sendt" (DOMAIN.md rule 8)
                arguments("a send's answer that cannot be read", new SvarUtClient.UlesbartSendesvar(200, "svarut: send: svaret er ikke JSON"),
                        "SvarUt tok imot sendingen (HTTP 200), men svaret kunne ikke leses, så brevet kan ha kommet fram; det slås opp på"
                                + " eksternReferanse før det eventuelt sendes igjen"),
                arguments("a send's answer that cannot be read, not found yet", new RegisterException("svarut", Kind.AMBIGUOUS, 201,
                                "svaret på sendingen kunne ikke leses, …", null, new SvarUtClient.UlesbartSendesvar(201, "svarut: send: ugyldig forsendelse-id")),
                        "SvarUt tok imot sendingen (HTTP 201), men svaret kunne ikke leses, og brevet er ikke funnet på eksternReferanse ennå; det slås"
                                + " opp igjen før det eventuelt sendes på nytt"),
                arguments("a look-up's answer that cannot be read", oppslagFeilet(new RegisterException("svarut", Kind.BAD_RESPONSE, 200,
                                "eksternref: svaret er ikke JSON")),
                        "oppslaget i SvarUt på eksternReferanse feilet: SvarUt ga et svar som ikke kan leses (HTTP 200); et tidligere forsøk kan ha"
                                + " kommet fram, så brevet sendes ikke før et oppslag svarer"),
                arguments("a lost answer", new RegisterException("svarut", Kind.AMBIGUOUS, 0, "timed out after 30000 ms"),
                        "svaret fra SvarUt gikk tapt, så brevet kan ha kommet fram; det slås opp på eksternReferanse før det eventuelt sendes igjen"),
                arguments("a lost answer, not found yet", new RegisterException("svarut", Kind.AMBIGUOUS, 0, "svaret på sendingen gikk tapt, …", null,
                                new RegisterException("svarut", Kind.AMBIGUOUS, 0, "timed out")),
                        "svaret fra SvarUt gikk tapt, og brevet er ikke funnet på eksternReferanse ennå; det slås opp igjen før det eventuelt sendes på nytt"),
                arguments("the look-up after an earlier attempt failed", oppslagFeilet(svar(Kind.UNAVAILABLE, 503, "TJENESTE_UTILGJENGELIG", ID)),
                        "oppslaget i SvarUt på eksternReferanse feilet: SvarUt er utilgjengelig (HTTP 503, feilkode TJENESTE_UTILGJENGELIG, errorId " + ID
                                + "); et tidligere forsøk kan ha kommet fram, så brevet sendes ikke før et oppslag svarer"),
                arguments("the look-up refused", oppslagFeilet(svar(Kind.UNAUTHORIZED, 403, "INGEN_TILGANG", null)),
                        "oppslaget i SvarUt på eksternReferanse feilet: SvarUt avviste plattformens tilgang (HTTP 403, feilkode INGEN_TILGANG);"
                                + " et tidligere forsøk kan ha kommet fram, så brevet sendes ikke før et oppslag svarer"));
    }

    static Stream<Arguments> koder() {
        return Stream.of(
                arguments(svar(Kind.UNAVAILABLE, 500, "INTERN_FEIL", ID), "SVARUT-UTILGJENGELIG"),
                arguments(svar(Kind.UNAUTHORIZED, 401, "UAUTENTISERT", ID), "SVARUT-TILGANG-AVVIST"),
                arguments(new SvarUtClient.Regelbrudd(List.of("tittel mangler")), "SVARUT-REGELBRUDD"),
                arguments(SvarUtTestfeil.sendingMedTokenfeil(SvarUtTestfeil.maskinportenSvarer(503, "{}")), "MASKINPORTEN-UTILGJENGELIG"),
                arguments(new RegisterException("svarut", Kind.AMBIGUOUS, 0, "timed out"), "SVARUT-SVAR-TAPT"),
                arguments(new SvarUtClient.UlesbartSendesvar(200, "svarut: send: svaret er ikke JSON"), "SVARUT-SENDESVAR-ULESELIG"),
                arguments(SvarUtTestfeil.serverfeilPaaSending(502, "INTERN_FEIL", ID), "SVARUT-SENDESVAR-SERVERFEIL"),
                arguments(new RegisterException("svarut", Kind.AMBIGUOUS, 0, "…", null, new RegisterException("svarut", Kind.AMBIGUOUS, 0, "timed out")),
                        "SVARUT-IKKE-FUNNET-ENNAA"),
                arguments(oppslagFeilet(svar(Kind.UNAUTHORIZED, 403, "INGEN_TILGANG", null)), "SVARUT-OPPSLAG-TILGANG-AVVIST"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("koder")
    void should_give_each_svarut_failure_a_stable_code_beside_its_words(RegisterException e, String kode) {
        assertThat(SvarUtFeilaarsak.aarsak(e)).isEqualTo(new no.kommune.esb.platform.Aarsak(kode, SvarUtFeilaarsak.av(e)));
    }

    /** The words of every register's failure (Registerfeilaarsak), SvarUt's errorId added to the reference. */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void should_word_what_happened_as_every_registers_failure_with_svaruts_errorId_added(Kind kind) {
        RegisterException e = svar(kind, 503, "INTERN_FEIL", ID);

        assertThat(Registerfeilaarsak.hva(e)).endsWith(" (HTTP 503, feilkode INTERN_FEIL)");
        assertThat(SvarUtFeilaarsak.hva(e)).isEqualTo(Registerfeilaarsak.hva(e).replace(")", ", errorId " + ID + ")"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feil")
    void should_word_a_svarut_failure_for_the_operator_and_keep_svaruts_reference(String tilfelle, RegisterException e, String grunn) {
        assertThat(SvarUtFeilaarsak.av(e)).isEqualTo(grunn);
    }

    /**
     * A letter that did not reach SvarUt in this pass while an earlier attempt of it has an unknown outcome (the pass's
     * sending stopped on another send's 401, 429 or token; ForsendelseBehandler.ventegrunn): SvarUt may hold it, so the
     * reason says so where it said "brevet er ikke sendt" (DOMAIN.md rule 8); the rest of the words stay.
     */
    static Stream<Arguments> tidligereUkjent() {
        String ukjent = "et tidligere forsøk kan ha kommet fram, så brevet sendes ikke før et oppslag svarer";
        return Stream.of(
                arguments("401", svar(Kind.UNAUTHORIZED, 401, "UAUTENTISERT", ID),
                        "SvarUt avviste plattformens tilgang (HTTP 401, feilkode UAUTENTISERT, errorId " + ID + "); " + ukjent + ", og sendingene"
                                + " venter til integrasjonen eller kontoen i SvarUt er rettet"),
                arguments("429", svar(Kind.THROTTLED, 429, "FOR_MANGE_FORESPORSLER", ID),
                        "SvarUt ba plattformen vente fordi den sendte for mange kall (HTTP 429, feilkode FOR_MANGE_FORESPORSLER, errorId " + ID + "); "
                                + ukjent),
                arguments("Maskinporten refusing a send's token (401)", SvarUtTestfeil.sendingMedTokenfeil(
                                SvarUtTestfeil.maskinportenSvarer(401, "{\"error\":\"invalid_client\"}")),
                        "Maskinporten avviste plattformens tilgang (HTTP 401); " + ukjent + ", og sendingene venter til plattformens"
                                + " tilgang hos Maskinporten er rettet (klient, nøkkel, scope)"),
                arguments("Maskinporten unreachable for a send's token", SvarUtTestfeil.sendingMedTokenfeil(SvarUtTestfeil.maskinportenIkkeNaaelig()),
                        "Maskinporten svarer ikke; " + ukjent),
                // said nothing of the letter before either
                arguments("503", svar(Kind.UNAVAILABLE, 503, "TJENESTE_UTILGJENGELIG", ID),
                        "SvarUt er utilgjengelig (HTTP 503, feilkode TJENESTE_UTILGJENGELIG, errorId " + ID + ")"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tidligereUkjent")
    void should_not_say_not_sent_when_an_earlier_attempt_may_have_arrived(String tilfelle, RegisterException e, String grunn) {
        assertThat(SvarUtFeilaarsak.av(e, true)).isEqualTo(grunn);
        assertThat(SvarUtFeilaarsak.aarsak(e, true)).isEqualTo(new no.kommune.esb.platform.Aarsak(SvarUtFeilaarsak.kode(e), grunn));
        assertThat(SvarUtFeilaarsak.av(e, false)).isEqualTo(SvarUtFeilaarsak.av(e));
    }

    /** As SvarUtClient answers a non-2xx: the classified failure and the codes of SvarUt's error body. */
    private static RegisterException svar(Kind kind, int status, String errorCode, String errorId) {
        return new SvarUtClient.Feilsvar(new RegisterException("svarut", kind, status, "send feilet errorCode=" + errorCode + " errorId=" + errorId
                + " (HTTP " + status + ")"), errorCode, errorId);
    }

    /** As {@link SvarUtClient#finnEtterMuligSending(String)} wraps a failed look-up. */
    private static RegisterException oppslagFeilet(RegisterException oppslag) {
        return new RegisterException("svarut", Kind.AMBIGUOUS, oppslag.httpStatus(),
                "oppslaget på eksternReferanse feilet (" + oppslag.kind() + "), så en tidligere sending kan ha kommet fram", null, oppslag);
    }
}
