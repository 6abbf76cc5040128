package no.kommune.esb.platform;

import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterException.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failures of registers and gateways in words, with a stable code: what a case officer and the integration team read on
 * a letter's timeline, a dead letter and an alarm. Before, they read the kind's Java name and the register's own message
 * ("oppslag: krr UNAVAILABLE (krr: KRR lookup of 2 persons refused (HTTP 503))", "REJECTED: sms: SMS refused:
 * INVALID_NUMBER").
 */
class RegisterfeilaarsakTest {

    /** A register's message holding what must never reach a reason: a number and a phone number, as free text might. */
    private static final String FRITEKST = "person 01019012345 med mobil +4799988877 ikke tillatt";

    static Stream<Arguments> vent() {
        return Stream.of(
                Arguments.of("krr", Kind.UNAVAILABLE, 503, "KRR-UTILGJENGELIG",
                        "oppslag: KRR er utilgjengelig (HTTP 503); brevet er ikke sendt, og plattformen prøver igjen selv"),
                Arguments.of("krr", Kind.UNAVAILABLE, 0, "KRR-UTILGJENGELIG",
                        "oppslag: KRR svarer ikke; brevet er ikke sendt, og plattformen prøver igjen selv"),
                Arguments.of("folkeregisteret", Kind.THROTTLED, 429, "FOLKEREGISTERET-FOR-MANGE-KALL",
                        "oppslag: Folkeregisteret ba plattformen vente fordi den sendte for mange kall (HTTP 429); brevet er ikke sendt,"
                                + " og plattformen prøver igjen selv"),
                Arguments.of("maskinporten", Kind.UNAUTHORIZED, 401, "MASKINPORTEN-TILGANG-AVVIST",
                        "oppslag: Maskinporten avviste plattformens tilgang (HTTP 401); brevet er ikke sendt, og plattformen prøver igjen selv."
                                + " Avvist tilgang går ikke over av seg selv: kontroller plattformens tilgang hos Maskinporten (klient, nøkkel, scope)"),
                Arguments.of("folkeregisteret", Kind.BAD_RESPONSE, 200, "FOLKEREGISTERET-ULESELIG-SVAR",
                        "oppslag: Folkeregisteret ga et svar som ikke kan leses (HTTP 200); brevet er ikke sendt, og plattformen prøver igjen"
                                + " selv. Varer det, kontroller oppsettet mot Folkeregisteret eller meld feilen til dem"),
                Arguments.of("krr", Kind.REJECTED, 400, "KRR-AVVIST",
                        "oppslag: KRR avviste forespørselen (HTTP 400); brevet er ikke sendt, og plattformen prøver igjen selv."
                                + " Varer det, kontroller oppsettet mot KRR eller meld feilen til dem"),
                Arguments.of("krr", Kind.NOT_FOUND, 404, "KRR-IKKE-FUNNET",
                        "oppslag: KRR fant ikke det plattformen spurte etter (HTTP 404); brevet er ikke sendt, og plattformen prøver igjen"
                                + " selv. Varer det, kontroller oppsettet mot KRR eller meld feilen til dem"),
                Arguments.of("folkeregisteret", Kind.AMBIGUOUS, 0, "FOLKEREGISTERET-SVAR-TAPT",
                        "oppslag: svaret fra Folkeregisteret gikk tapt; brevet er ikke sendt, og plattformen prøver igjen selv"));
    }

    @ParameterizedTest(name = "{0} {1} {2} → {3}")
    @MethodSource("vent")
    void should_word_a_letters_wait_on_a_register_with_a_stable_code(String service, Kind kind, int status, String kode, String tekst) {
        Aarsak aarsak = Registerfeilaarsak.vent("oppslag", new RegisterException(service, kind, status, FRITEKST));

        assertThat(aarsak).isEqualTo(new Aarsak(kode, tekst));
    }

    static Stream<Arguments> varsel() {
        return Stream.of(
                Arguments.of("sms", Kind.UNAVAILABLE, 503, null, "SMS-en", "SMS-UTILGJENGELIG",
                        "SMS-tjenesten er utilgjengelig (HTTP 503); SMS-en er ikke sendt"),
                Arguments.of("sms", Kind.REJECTED, 400, "INVALID_NUMBER", "SMS-en", "SMS-AVVIST",
                        "SMS-tjenesten avviste forespørselen (HTTP 400, feilkode INVALID_NUMBER); SMS-en er ikke sendt"),
                Arguments.of("sms", Kind.THROTTLED, 429, null, "SMS-en", "SMS-FOR-MANGE-KALL",
                        "SMS-tjenesten ba plattformen vente fordi den sendte for mange kall (HTTP 429); SMS-en er ikke sendt"),
                Arguments.of("sms", Kind.UNAUTHORIZED, 401, null, "SMS-en", "SMS-TILGANG-AVVIST",
                        "SMS-tjenesten avviste plattformens tilgang (HTTP 401); SMS-en er ikke sendt. Avvist tilgang går ikke over av seg selv:"
                                + " kontroller API-nøkkelen til SMS-tjenesten"),
                Arguments.of("sms", Kind.AMBIGUOUS, 0, null, "SMS-en", "SMS-SVAR-TAPT",
                        "svaret fra SMS-tjenesten gikk tapt, så SMS-en kan ha kommet fram"),
                Arguments.of("smtp", Kind.REJECTED, 550, null, "e-posten", "SMTP-AVVIST",
                        "e-posttjeneren avviste e-posten (SMTP-svar 550); e-posten er ikke sendt"),
                Arguments.of("smtp", Kind.UNAVAILABLE, 451, null, "e-posten", "SMTP-UTILGJENGELIG",
                        "e-posttjeneren utsatte e-posten (SMTP-svar 451); e-posten er ikke sendt"),
                Arguments.of("smtp", Kind.UNAVAILABLE, 0, null, "e-posten", "SMTP-UTILGJENGELIG",
                        "e-posttjeneren svarer ikke; e-posten er ikke sendt"),
                Arguments.of("smtp", Kind.REJECTED, 0, null, "e-posten", "SMTP-AVVIST",
                        "e-postadressen fra KRR er ikke gyldig; e-posten er ikke sendt"),
                Arguments.of("smtp", Kind.UNAUTHORIZED, 0, null, "e-posten", "SMTP-TILGANG-AVVIST",
                        "e-posttjeneren avviste plattformens pålogging; e-posten er ikke sendt. Avvist tilgang går ikke over av seg selv:"
                                + " kontroller brukernavn og passord for e-posttjeneren"),
                Arguments.of("smtp", Kind.AMBIGUOUS, 0, null, "e-posten", "SMTP-SVAR-TAPT",
                        "svaret fra e-posttjeneren gikk tapt, så e-posten kan ha kommet fram"));
    }

    @ParameterizedTest(name = "{0} {1} {2} {3} → {5}")
    @MethodSource("varsel")
    void should_word_a_failed_sms_or_email_with_the_gateways_reply_code_as_reference(String service, Kind kind, int status, String feilkode,
                                                                                     String hvilken, String kode, String tekst) {
        Aarsak aarsak = Registerfeilaarsak.varsel(medFeilkode(new RegisterException(service, kind, status, FRITEKST), feilkode), hvilken, false);

        assertThat(aarsak).isEqualTo(new Aarsak(kode, tekst));
    }

    // An earlier attempt of the same message had its answer lost: this refusal proves only that this attempt sent
    // nothing, so the reason says the message may have arrived (DOMAIN.md rule 8, truthful status), never "ikke sendt"
    static Stream<Arguments> varselEtterUkjent() {
        return Stream.of(
                Arguments.of("sms", Kind.UNAVAILABLE, 500, "SMS-en", "SMS-UTILGJENGELIG",
                        "SMS-tjenesten er utilgjengelig (HTTP 500); et tidligere forsøk har ukjent utfall (svaret gikk tapt), så SMS-en"
                                + " kan ha kommet fram"),
                Arguments.of("smtp", Kind.UNAUTHORIZED, 0, "e-posten", "SMTP-TILGANG-AVVIST",
                        "e-posttjeneren avviste plattformens pålogging; et tidligere forsøk har ukjent utfall (svaret gikk tapt), så"
                                + " e-posten kan ha kommet fram. Avvist tilgang går ikke over av seg selv: kontroller brukernavn og passord"
                                + " for e-posttjeneren"),
                Arguments.of("sms", Kind.AMBIGUOUS, 0, "SMS-en", "SMS-SVAR-TAPT",
                        "svaret fra SMS-tjenesten gikk tapt, så SMS-en kan ha kommet fram"));
    }

    @ParameterizedTest(name = "{0} {1} {2} → {4}")
    @MethodSource("varselEtterUkjent")
    void should_not_say_not_sent_when_a_send_fails_after_an_earlier_lost_answer(String service, Kind kind, int status, String hvilken,
                                                                               String kode, String tekst) {
        Aarsak aarsak = Registerfeilaarsak.varsel(new RegisterException(service, kind, status, FRITEKST), hvilken, true);

        assertThat(aarsak).isEqualTo(new Aarsak(kode, tekst));
    }

    /** The grading check just before sending fails for a letter an earlier SvarUt attempt may have delivered (rule 8). */
    @Test
    void should_not_say_a_letter_is_not_sent_when_it_waits_on_a_register_after_an_earlier_svarut_attempt_with_unknown_outcome() {
        RegisterException e = new RegisterException("folkeregisteret", Kind.UNAVAILABLE, 503, FRITEKST);

        assertThat(Registerfeilaarsak.vent("kontroll før sending", e, true)).isEqualTo(new Aarsak("FOLKEREGISTERET-UTILGJENGELIG",
                "kontroll før sending: Folkeregisteret er utilgjengelig (HTTP 503); et tidligere forsøk kan ha kommet fram, så brevet"
                        + " sendes ikke før et oppslag svarer, og plattformen prøver igjen selv"));
        assertThat(Registerfeilaarsak.vent("kontroll før sending", e, false)).isEqualTo(Registerfeilaarsak.vent("kontroll før sending", e));
    }

    @Test
    void should_not_say_not_sent_when_a_service_message_waits_with_the_flow_after_an_earlier_lost_answer() {
        Aarsak aarsak = Registerfeilaarsak.ventEtterUkjentVarsel(new RegisterException("sms", Kind.UNAVAILABLE, 503, FRITEKST), "SMS-en");

        assertThat(aarsak).isEqualTo(new Aarsak("SMS-UTILGJENGELIG", "varsel: SMS-tjenesten er utilgjengelig (HTTP 503); et tidligere forsøk"
                + " har ukjent utfall (svaret gikk tapt), så SMS-en kan ha kommet fram; plattformen prøver igjen selv på samme kanal"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void should_never_put_the_registers_message_or_a_kinds_java_name_in_a_reason(Kind kind) {
        RegisterException e = new RegisterException("krr", kind, 503, FRITEKST);

        for (Aarsak a : new Aarsak[]{Registerfeilaarsak.vent(e), Registerfeilaarsak.vent("oppslag", e), Registerfeilaarsak.varsel(e, "SMS-en", false),
                Registerfeilaarsak.varsel(e, "SMS-en", true),
                Registerfeilaarsak.ventEtterUkjentVarsel(e, "SMS-en"), Registerfeilaarsak.alarm("forsendelse-behandling", "2026-12-04T08:00:00Z", 3, e)}) {
            assertThat(a.tekst()).doesNotContain("01019012345", "99988877", "ikke tillatt", kind.name(), "Exception");
            assertThat(a.kode()).isEqualTo(Registerfeilaarsak.kode(e)).matches("[A-Z]+(-[A-Z]+)+");
        }
    }

    @Test
    void should_word_an_alarm_with_what_happened_what_the_platform_does_and_when_it_closes() {
        RegisterException e = new RegisterException("krr", Kind.UNAVAILABLE, 503, FRITEKST);

        assertThat(Registerfeilaarsak.alarm("forsendelse-behandling", "2026-12-04T08:00:00Z", 12, e)).isEqualTo(new Aarsak("KRR-UTILGJENGELIG",
                "Flyten forsendelse-behandling har ventet på KRR siden 2026-12-04T08:00:00Z (12 forsøk feilet, sist: KRR er utilgjengelig"
                        + " (HTTP 503)). Arbeidet venter og tas opp igjen når KRR svarer; alarmen lukkes da selv."));
        assertThat(Registerfeilaarsak.alarmIntern("hendelser-feed", "2026-12-04T08:00:00Z", 2).kode()).isEqualTo(Registerfeilaarsak.INTERN_FEIL);
    }

    /** Every register client's service id by the name an operator knows; before, the id itself ("nhn-flr er utilgjengelig"). */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"krr, KRR", "matrikkel, Matrikkelen", "matrikkelen, Matrikkelen", "geonorge, Geonorges adressesøk",
            "nhn-flr, Fastlegeregisteret", "fastlegeregisteret, Fastlegeregisteret", "nhn-ar, NHN Adresseregisteret",
            "nhn-persontjenesten, NHN Persontjenesten"})
    void should_name_each_service_as_an_operator_knows_it(String service, String navn) {
        assertThat(Registerfeilaarsak.hva(new RegisterException(service, Kind.UNAVAILABLE, 503, FRITEKST))).isEqualTo(navn + " er utilgjengelig (HTTP 503)");
    }

    @Test
    void should_word_an_internal_failure_without_its_message() {
        assertThat(Registerfeilaarsak.intern()).isEqualTo(new Aarsak("INTERN-FEIL", "en feil i plattformen selv (ikke i et register);"
                + " plattformen venter og prøver igjen selv. Varer det, finner driftsteamet feilen i loggen"));
    }

    /** {@code e} with the service's own error code, as a client that checked its shape keeps it (e.g. SmsClient.Feilsvar). */
    private static RegisterException medFeilkode(RegisterException e, String feilkode) {
        if (feilkode == null) {
            return e;
        }
        return new RegisterException(e) {
            @Override
            public Optional<String> feilkode() {
                return Optional.of(feilkode);
            }
        };
    }
}
