package no.kommune.esb.folkeregister;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.folkeregister.FakeFolkeregister.Reply;
import no.kommune.esb.maskinporten.AccessTokenProvider;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.register.RegisterException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The client against a local fake Folkeregisteret over real HTTP. */
class FolkeregisterClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ELEVEN_DIGITS = Pattern.compile("\\d{11}");
    private static final Identitetsnummer CHILD = Identitetsnummer.of("02851798067");
    private static final Identitetsnummer DNUMMER = Identitetsnummer.of("41919701143");

    private FakeFolkeregister register;
    private final List<Set<String>> scopesAsked = new CopyOnWriteArrayList<>();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private FolkeregisterClient client;

    @BeforeEach
    void start() throws IOException {
        register = new FakeFolkeregister();
        AccessTokenProvider tokens = scopes -> {
            scopesAsked.add(scopes);
            return "test-token";
        };
        FolkeregisterProperties props = new FolkeregisterProperties(register.baseUrl(), null, Duration.ofSeconds(2),
                Duration.ofSeconds(5), null, Duration.ofMillis(2), Duration.ofMillis(8), Duration.ofMillis(100));
        client = new FolkeregisterClient(props, tokens, sleeps::add);
    }

    @AfterEach
    void stop() {
        register.close();
    }

    @Nested
    class Person_lookup {

        @Test
        void should_send_bearer_token_json_accept_and_one_part_param_per_part() {
            register.answer(r -> Reply.json(200, personDoc(CHILD.value(), "KARI", "NORDMANN")));

            Optional<Person> person = client.person(CHILD, Set.of(Part.RELASJON_UTVIDET, Part.PERSON_BASIS));

            assertThat(person).get().extracting(p -> p.navn().fulltNavn()).isEqualTo("KARI NORDMANN");
            FakeFolkeregister.Request request = register.requests().get(0);
            assertThat(request.method()).isEqualTo("GET");
            assertThat(request.apiPath()).isEqualTo("personer/02851798067");
            assertThat(request.query()).isEqualTo("part=person-basis&part=relasjon-utvidet");
            assertThat(request.header("Authorization")).isEqualTo("Bearer test-token");
            assertThat(request.header("Accept")).isEqualTo("application/json");
            assertThat(scopesAsked).containsOnly(Set.of("folkeregister:deling/offentligmedhjemmel"));
        }

        @Test
        void should_send_no_part_param_when_no_part_is_asked() {
            register.answer(r -> Reply.json(200, personDoc(CHILD.value(), "KARI", "NORDMANN")));

            client.person(CHILD, Set.of());

            assertThat(register.requests().get(0).query()).isNull();
        }

        @Test
        void should_map_a_real_register_answer_received_over_http() throws IOException {
            Path example = Path.of("../shared/contracts/folkeregisteret/examples/04834598502/npr.json");
            Assumptions.assumeTrue(Files.exists(example), "SKIPPED: ../shared/contracts absent: real answer over HTTP not checked");
            String answer = Files.readString(example);
            register.answer(r -> Reply.json(200, answer));

            Person person = client.person(Identitetsnummer.of("04834598502"), Set.of(Part.PERSON_BASIS, Part.RELASJON_UTVIDET)).orElseThrow();

            assertThat(person.gradering()).isEqualTo(Gradering.FORTROLIG);
            assertThat(person.bostedsadresse().gradering()).isEqualTo(Gradering.FORTROLIG);
            assertThat(person.kommunenummer()).isEqualTo("1511");
            assertThat(person.familierelasjoner()).hasSize(6);
        }

        @Test
        void should_return_empty_when_the_person_is_unknown() {
            register.answer(r -> Reply.json(404, "{\"kode\":\"FREG-404\",\"melding\":\"Fant ikke person\"}"));

            assertThat(client.person(CHILD, Set.of())).isEmpty();
        }

        @Test
        void should_report_broken_answer_as_bad_response() {
            register.answer(r -> Reply.json(200, "<html>not json</html>"));

            RegisterException e = catchThrowableOfType(RegisterException.class, () -> client.person(CHILD, Set.of()));

            assertThat(e.kind()).isEqualTo(RegisterException.Kind.BAD_RESPONSE);
            assertThat(e.isRetryable()).isFalse();
        }
    }

    @Nested
    class Errors {

        @Test
        void should_throttle_with_retry_after_read_in_milliseconds() {
            register.answer(r -> Reply.json(429, "").withHeader("Retry-After", "1500"));

            RegisterException e = catchThrowableOfType(RegisterException.class, () -> client.person(CHILD, Set.of()));

            assertThat(e.kind()).isEqualTo(RegisterException.Kind.THROTTLED);
            assertThat(e.isRetryable()).isTrue();
            assertThat(e.retryAfter()).contains(Duration.ofMillis(1500));
        }

        @ParameterizedTest(name = "HTTP {0} -> {1}, retryable={2}")
        @CsvSource({
                "500, UNAVAILABLE, true",
                "502, UNAVAILABLE, true",
                "503, UNAVAILABLE, true",
                "400, REJECTED, false",
                "401, UNAUTHORIZED, false",
                "403, UNAUTHORIZED, false"})
        void should_type_failures_by_status_without_identity_numbers_in_the_message(int status, RegisterException.Kind kind,
                                                                                  boolean retryable) {
            // the register's own text echoes the number; the client must not pass it on
            register.answer(r -> Reply.json(status, "{\"kode\":\"FREG-001\",\"melding\":\"Feil for " + CHILD.value() + "\"}"));

            RegisterException single = catchThrowableOfType(RegisterException.class, () -> client.person(CHILD, Set.of()));
            RegisterException bulk = catchThrowableOfType(RegisterException.class,
                    () -> client.bulkoppslag(List.of(CHILD, DNUMMER), Set.of()));

            for (RegisterException e : List.of(single, bulk)) {
                assertThat(e.kind()).isEqualTo(kind);
                assertThat(e.isRetryable()).isEqualTo(retryable);
                assertThat(e.httpStatus()).isEqualTo(status);
                assertThat(e.getMessage()).contains("FREG-001").doesNotContainPattern(ELEVEN_DIGITS);
            }
        }

        @Test
        void should_report_refused_connection_as_unavailable() {
            register.close();

            RegisterException e = catchThrowableOfType(RegisterException.class, () -> client.person(CHILD, Set.of()));

            assertThat(e.kind()).isEqualTo(RegisterException.Kind.UNAVAILABLE);
            assertThat(e.getMessage()).doesNotContainPattern(ELEVEN_DIGITS);
        }
    }

    @Nested
    class Bulk_lookup {

        @Test
        void should_split_2500_ids_into_three_calls_of_at_most_1000() {
            List<Identitetsnummer> ids = syntheticIds(2500);
            // every 100th asked number is unknown to the register and answered with a feilmelding
            register.answer(r -> Reply.json(200, bulkAnswer(r.body(), 100)));

            BulkResult result = client.bulkoppslag(ids, Set.of(Part.PERSON_BASIS));

            assertThat(result.calls()).isEqualTo(3);
            assertThat(register.requests()).hasSize(3).allSatisfy(r -> {
                assertThat(r.method()).isEqualTo("POST");
                assertThat(r.apiPath()).isEqualTo("personer/bulkoppslag");
                assertThat(r.query()).isEqualTo("part=person-basis");
                assertThat(r.header("Content-Type")).isEqualTo("application/json");
                assertThat(r.header("Authorization")).isEqualTo("Bearer test-token");
                assertThat(asked(r.body()).size()).isLessThanOrEqualTo(1000);
            });
            assertThat(register.requests().stream().mapToInt(r -> asked(r.body()).size()).sum()).isEqualTo(2500);
            assertThat(result.found()).hasSize(2475);
            assertThat(result.notFound()).hasSize(25).contains(ids.get(0), ids.get(1000));
            assertThat(result.person(ids.get(1))).get().extracting(Person::id).isEqualTo(ids.get(1));
        }

        @Test
        void should_count_ids_missing_from_the_answer_as_not_found_and_ask_duplicates_once() {
            register.answer(r -> Reply.json(200, "{\"oppslag\":[{\"foedselsEllerDNummer\":\"" + CHILD.value()
                    + "\",\"folkeregisterperson\":" + personDoc(CHILD.value(), "KARI", "NORDMANN") + "}]}"));

            BulkResult result = client.bulkoppslag(List.of(CHILD, DNUMMER, CHILD), Set.of());

            assertThat(asked(register.requests().get(0).body())).containsExactly(CHILD.value(), DNUMMER.value());
            assertThat(result.found()).containsOnlyKeys(CHILD);
            assertThat(result.notFound()).containsExactly(DNUMMER);
        }

        /**
         * One person's document that cannot be read (an identity number in use that is not valid) fails that person
         * only: the others of the answer keep their documents, and the unreadable one is named apart from the unknown
         * ones. The old code turned the whole call into BAD_RESPONSE (the fan-out batch waited and retried for ever).
         * An answer that is not JSON still fails the call, and {@link BulkResult#alleLesbare()} gives the old failure.
         */
        @Test
        void should_read_the_other_persons_of_a_bulk_answer_when_one_document_cannot_be_read() {
            Identitetsnummer ulesbar = Identitetsnummer.of("24923815054");
            register.answer(r -> Reply.json(200, "{\"oppslag\":[{\"foedselsEllerDNummer\":\"" + CHILD.value() + "\",\"folkeregisterperson\":"
                    + personDoc(CHILD.value(), "KARI", "NORDMANN") + "},{\"foedselsEllerDNummer\":\"" + ulesbar.value() + "\",\"folkeregisterperson\":"
                    + personDoc("12345678901", "OLA", "NORDMANN") + "},{\"foedselsEllerDNummer\":\"" + DNUMMER.value()
                    + "\",\"feilmelding\":\"Fant ikke person\"}]}"));

            BulkResult result = client.bulkoppslag(List.of(CHILD, ulesbar, DNUMMER), Set.of());

            assertThat(result.found()).containsOnlyKeys(CHILD);
            assertThat(result.notFound()).containsExactlyInAnyOrder(ulesbar, DNUMMER);
            assertThat(result.ulesbare()).containsExactly(ulesbar);
            assertThat(client.historikkoppslag(List.of(), List.of(CHILD, ulesbar)).identiteter()).containsOnlyKeys(CHILD);
            // a caller that must fail the whole look-up for her still can
            RegisterException helt = catchThrowableOfType(RegisterException.class, result::alleLesbare);
            assertThat(helt.kind()).isEqualTo(RegisterException.Kind.BAD_RESPONSE);
            assertThat(helt.getMessage()).doesNotContainPattern(ELEVEN_DIGITS);
            // with history the same: she is named, the others read (until session 30 the whole look-up failed)
            FolkeregisterClient.Historikkbulk medHistorikk = client.bulkoppslagMedHistorikk(List.of(CHILD, ulesbar), Set.of());
            assertThat(medHistorikk.found()).containsOnlyKeys(CHILD);
            assertThat(medHistorikk.ulesbare()).containsExactly(ulesbar);

            register.answer(r -> Reply.json(200, "<html>not json</html>"));
            assertThat(catchThrowableOfType(RegisterException.class, () -> client.bulkoppslag(List.of(CHILD, ulesbar), Set.of())).kind())
                    .isEqualTo(RegisterException.Kind.BAD_RESPONSE);
        }

        /**
         * A 200 answer without an {@code oppslag} array is broken as a whole, not "nobody is known": the old code gave every
         * asked person as not found (the fan-out sent their events nowhere, the letters went to manual handling).
         */
        @ParameterizedTest
        @org.junit.jupiter.params.provider.ValueSource(strings = {"{}", "{\"oppslag\":{}}", "[]", "{\"feilmelding\":\"intern feil\"}"})
        void should_fail_a_bulk_answer_without_an_oppslag_array_as_a_whole(String svar) {
            register.answer(r -> Reply.json(200, svar));

            RegisterException e = catchThrowableOfType(RegisterException.class, () -> client.bulkoppslag(List.of(CHILD, DNUMMER), Set.of()));

            assertThat(e).isNotNull();
            assertThat(e.kind()).isEqualTo(RegisterException.Kind.BAD_RESPONSE);
            assertThat(e.getMessage()).doesNotContainPattern(ELEVEN_DIGITS);
        }

        @Test
        void should_make_no_call_for_an_empty_request() {
            assertThat(client.bulkoppslag(List.of(), Set.of()).calls()).isZero();
            assertThat(register.requests()).isEmpty();
        }

        @Test
        void should_ask_the_kommune_at_death_with_history_and_read_it_from_the_ended_residence_of_a_real_answer() throws IOException {
            Path example = Path.of("../shared/contracts/folkeregisteret/examples/28857197102/npr.json");
            Assumptions.assumeTrue(Files.exists(example), "SKIPPED: ../shared/contracts absent: kommune at death of a real answer not checked");
            String doed = Files.readString(example);
            register.answer(r -> Reply.json(200, "{\"oppslag\":[{\"foedselsEllerDNummer\":\"28857197102\",\"folkeregisterperson\":"
                    + doed + "},{\"foedselsEllerDNummer\":\"" + CHILD.value() + "\",\"feilmelding\":\"Fant ikke person\"}]}"));

            Map<Identitetsnummer, String> kommuner = client.kommuneVedDoedsfall(List.of(Identitetsnummer.of("28857197102"), CHILD));

            assertThat(kommuner).containsExactly(Map.entry(Identitetsnummer.of("28857197102"), "5427"));
            assertThat(register.requests()).singleElement().satisfies(r -> {
                assertThat(r.apiPath()).isEqualTo("personer/bulkoppslag");
                assertThat(r.query()).isEqualTo("part=bostedsadresse&part=doedsfall&part=historikk");
            });
            assertThat(client.kommuneVedDoedsfall(List.of())).isEmpty();
            assertThat(register.requests()).as("no call for no deceased").hasSize(1);
        }

        /**
         * The fan-out's one call with history for two needs: the kommune at death of a deceased (a real answer) and the
         * earlier numbers of a person whose D-nummer was replaced, each read from its own document, in one request
         * with the parts of both; none for neither.
         */
        @Test
        void should_ask_the_kommune_at_death_and_the_earlier_numbers_in_one_call_with_history() throws IOException {
            Path example = Path.of("../shared/contracts/folkeregisteret/examples/28857197102/npr.json");
            Assumptions.assumeTrue(Files.exists(example), "SKIPPED: ../shared/contracts absent: kommune at death of a real answer not checked");
            String doed = Files.readString(example);
            String byttet = """
                    {"identifikasjonsnummer":[{"erGjeldende":true,"status":"iBruk","foedselsEllerDNummer":"%s","identifikatortype":"foedselsnummer"},
                     {"erGjeldende":false,"status":"opphoert","foedselsEllerDNummer":"%s","identifikatortype":"dNummer"}]}""".formatted(CHILD.value(), DNUMMER.value());
            register.answer(r -> Reply.json(200, "{\"oppslag\":[{\"foedselsEllerDNummer\":\"28857197102\",\"folkeregisterperson\":"
                    + doed + "},{\"foedselsEllerDNummer\":\"" + CHILD.value() + "\",\"folkeregisterperson\":" + byttet + "}]}"));

            FolkeregisterClient.Historikkoppslag svar = client.historikkoppslag(List.of(Identitetsnummer.of("28857197102")), List.of(CHILD));

            assertThat(svar.kommuneVedDoedsfall()).containsExactly(Map.entry(Identitetsnummer.of("28857197102"), "5427"));
            assertThat(svar.identiteter()).containsOnlyKeys(CHILD);
            assertThat(svar.identiteter().get(CHILD).tidligereIdentiteter()).containsExactly(DNUMMER);
            assertThat(svar.kall()).isEqualTo(1);
            assertThat(register.requests()).singleElement().satisfies(r -> {
                assertThat(asked(r.body())).containsExactly("28857197102", CHILD.value());
                assertThat(r.query()).isEqualTo("part=bostedsadresse&part=doedsfall&part=historikk&part=identifikasjonsnummer");
            });
            assertThat(client.historikkoppslag(List.of(), List.of())).isEqualTo(FolkeregisterClient.Historikkoppslag.INGEN);
            assertThat(register.requests()).as("no call for neither").hasSize(1);
        }

        /** The two needs share the calls: 1,000 ids of both in one call, split only when over (a person in both asked once). */
        @ParameterizedTest(name = "{0} deceased and one changed number: {1} call(s)")
        @CsvSource({"999, 1", "1000, 2"})
        void should_split_the_call_with_history_only_when_both_needs_together_are_over_the_bulk_size(int doede, int kall) {
            register.answer(r -> Reply.json(200, bulkAnswer(r.body(), Integer.MAX_VALUE)));
            List<Identitetsnummer> ider = syntheticIds(doede);

            // the first deceased is asked for its numbers too: asked once
            assertThat(client.historikkoppslag(ider, List.of(CHILD, ider.get(0))).kall()).isEqualTo(kall);
            assertThat(register.requests()).hasSize(kall);
            assertThat(register.requests().stream().mapToInt(r -> asked(r.body()).size()).sum()).isEqualTo(doede + 1);
        }
    }

    @Nested
    class Feed {

        @Test
        void should_read_events_then_send_the_etag_back_and_handle_not_modified() {
            register.answer(r -> "\"v1\"".equals(r.header("If-None-Match"))
                    ? Reply.status(304).withHeader("ETag", "\"v1\"")
                    : Reply.json(200, """
                    [{"sekvensnummer":41,"hendelse":{"folkeregisteridentifikator":"02851798067","hendelsetype":"endringIBostedsadresse",
                      "hendelsesdokument":"h1","persondokument":"p1","ajourholdstidspunkt":"2017-06-20T09:26:03.689+02:00"}},
                     {"sekvensnummer":42,"hendelse":{"folkeregisteridentifikator":"41919701143","hendelsetype":"endringIAnnenIdentifikasjon"}},
                     {"sekvensnummer":43,"hendelse":{"folkeregisteridentifikator":"12345678901","hendelsetype":"personErDoed"}}]
                    """).withHeader("ETag", "\"v1\""));

            FeedPage page = client.hendelser(41, null);
            FeedPage again = client.hendelser(page.nextSeq(41) - 3, page.etag());

            assertThat(register.requests().get(0).apiPath()).isEqualTo("hendelser/feed");
            assertThat(register.requests().get(0).query()).isEqualTo("seq=41");
            assertThat(register.requests().get(0).header("If-None-Match")).isNull();
            assertThat(page.notModified()).isFalse();
            assertThat(page.etag()).isEqualTo("\"v1\"");
            assertThat(page.hendelser()).extracting(FeedHendelse::sekvensnummer).containsExactly(41L, 42L, 43L);
            assertThat(page.hendelser()).extracting(FeedHendelse::type)
                    .containsExactly(Hendelsestype.ENDRING_I_BOSTEDSADRESSE, Hendelsestype.UKJENT, Hendelsestype.PERSON_ER_DOED);
            assertThat(page.hendelser().get(0).id()).isEqualTo(CHILD);
            assertThat(page.hendelser().get(0).persondokument()).isEqualTo("p1");
            assertThat(page.hendelser().get(1).hendelsetype()).isEqualTo("endringIAnnenIdentifikasjon");
            // an identifier failing the mod-11 check does not stop the page
            assertThat(page.hendelser().get(2).id()).isNull();
            assertThat(page.nextSeq(41)).isEqualTo(44);
            assertThat(register.requests().get(1).header("If-None-Match")).isEqualTo("\"v1\"");
            assertThat(again.notModified()).isTrue();
            assertThat(again.hendelser()).isEmpty();
            assertThat(again.etag()).isEqualTo("\"v1\"");
        }

        @Test
        void should_throw_position_too_old_on_406() {
            register.answer(r -> Reply.json(406, "{\"kode\":\"FREG-406\",\"melding\":\"Sekvensnummer kan ikke være mere enn 36 måneder gammelt\"}"));

            PositionTooOldException e = catchThrowableOfType(PositionTooOldException.class, () -> client.hendelser(7, null));

            assertThat(e.seq()).isEqualTo(7);
            assertThat(e.kind()).isEqualTo(RegisterException.Kind.REJECTED);
            assertThat(e.isRetryable()).isFalse();
        }

        @Test
        void should_read_the_last_sequence_number_from_a_bare_integer() {
            register.answer(r -> Reply.json(200, "123456789"));

            assertThat(client.sisteSekvensnummer()).isEqualTo(123456789L);
            assertThat(register.requests().get(0).apiPath()).isEqualTo("hendelser/siste/sekvensnummer");
        }
    }

    @Nested
    class Extracts {

        @Test
        void should_order_tailored_extract_with_the_contracts_criteria() throws IOException {
            register.answer(r -> Reply.json(200, "{\"jobbId\":\"job-1\"}"));

            String jobbId = client.startTilpassetUttrekk(UttrekkKriterier.bosatteIKommune("3112", 2019, 2019));

            assertThat(jobbId).isEqualTo("job-1");
            FakeFolkeregister.Request request = register.requests().get(0);
            assertThat(request.method()).isEqualTo("POST");
            assertThat(request.apiPath()).isEqualTo("uttrekk/tilpasset");
            assertThat(request.header("Content-Type")).isEqualTo("application/json");
            assertThat(JSON.readTree(request.body())).isEqualTo(JSON.readTree("""
                    {"personstatustyper":["bosatt"],"kommunenummer":{"bostedskommunenummer":"3112"},
                     "foedselsaarFraOgMed":"2019","foedselsaarTilOgMed":"2019"}"""));
        }

        @Test
        void should_wait_while_not_ready_then_read_batches_until_the_empty_answer() {
            AtomicInteger notReady = new AtomicInteger(2);
            register.answer(r -> switch (r.apiPath()) {
                case "uttrekk/job-1/batch/0" -> notReady.getAndDecrement() > 0
                        ? Reply.json(404, "{}")
                        : Reply.json(200, "{\"foedselsEllerDNummer\":[\"02851798067\",\"41919701143\"]}");
                case "uttrekk/job-1/batch/1" -> Reply.json(200, "{\"foedselsEllerDNummer\":[\"60900070260\"]}");
                case "uttrekk/job-1/batch/2" -> Reply.json(200, "{}");
                default -> Reply.status(500);
            });

            List<UttrekkBatch> batches = new ArrayList<>();
            client.batches("job-1").forEachRemaining(batches::add);

            assertThat(batches).extracting(UttrekkBatch::nummer).containsExactly(0, 1);
            assertThat(batches.get(0).identitetsnumre()).containsExactly(CHILD, DNUMMER);
            assertThat(batches.get(1).identitetsnumre()).extracting(Identitetsnummer::value).containsExactly("60900070260");
            // two 404s: waited the first interval, then twice it
            assertThat(sleeps).containsExactly(Duration.ofMillis(2), Duration.ofMillis(4));
            assertThat(register.requests()).extracting(FakeFolkeregister.Request::apiPath).containsExactly(
                    "uttrekk/job-1/batch/0", "uttrekk/job-1/batch/0", "uttrekk/job-1/batch/0",
                    "uttrekk/job-1/batch/1", "uttrekk/job-1/batch/2");
        }

        @Test
        void should_give_up_when_a_batch_stays_not_ready_past_the_max_wait() {
            register.answer(r -> Reply.json(404, "{}"));

            Iterator<UttrekkBatch> batches = client.batches("job-1");

            ExtractNotReadyException e = catchThrowableOfType(ExtractNotReadyException.class, batches::hasNext);
            assertThat(e.isRetryable()).isTrue();
            assertThat(sleeps.stream().mapToLong(Duration::toMillis).sum()).isGreaterThanOrEqualTo(100);
        }

        @Test
        void should_report_not_ready_batch_as_retryable_and_gone_job_as_final() {
            register.answer(r -> Reply.json(404, "{}"));
            ExtractNotReadyException notReady = catchThrowableOfType(ExtractNotReadyException.class, () -> client.batch("job-1", 3));
            register.answer(r -> Reply.json(410, "{\"feilmelding\":\"finnes ikke\"}"));
            ExtractGoneException gone = catchThrowableOfType(ExtractGoneException.class, () -> client.batch("job-1", 3));

            assertThat(notReady.isRetryable()).isTrue();
            assertThat(notReady.batch()).isEqualTo(3);
            assertThat(gone.isRetryable()).isFalse();
            assertThat(gone.httpStatus()).isEqualTo(410);
            assertThatThrownBy(() -> client.batches("job-1").hasNext()).isInstanceOf(ExtractGoneException.class);
        }

        @Test
        void should_order_complete_extract_and_read_document_ids() {
            register.answer(r -> switch (r.apiPath()) {
                case "uttrekk/komplett" -> Reply.json(200, "{\"jobbId\":\"full-9\"}");
                case "uttrekk/full-9/batch/0" -> Reply.json(200, "{\"dokumentidentifikator\":[\"8f475708c3d855defca884f4af6e49ae\"]}");
                default -> Reply.status(500);
            });

            String jobbId = client.startKomplettUttrekk(1000L);
            UttrekkBatch batch = client.batch(jobbId, 0);

            assertThat(register.requests().get(0).method()).isEqualTo("GET");
            assertThat(register.requests().get(0).query()).isEqualTo("feedsekvensnr=1000");
            assertThat(batch.end()).isFalse();
            assertThat(batch.dokumentidentifikatorer()).containsExactly("8f475708c3d855defca884f4af6e49ae");
            assertThat(batch.identitetsnumre()).isEmpty();
        }
    }

    // ---- fixtures

    static String personDoc(String id, String fornavn, String etternavn) {
        return """
                {"identifikasjonsnummer":[{"erGjeldende":true,"status":"iBruk","foedselsEllerDNummer":"%s","identifikatortype":"foedselsnummer"}],
                 "status":[{"erGjeldende":true,"status":"bosatt"}],
                 "navn":[{"erGjeldende":true,"fornavn":"%s","etternavn":"%s"}]}""".formatted(id, fornavn, etternavn);
    }

    private static List<String> asked(String body) {
        try {
            List<String> ids = new ArrayList<>();
            JSON.readTree(body).path("foedselsEllerDNummer").forEach(n -> ids.add(n.asText()));
            return ids;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers every asked number; each {@code unknownEvery}-th number in the request gets a feilmelding. */
    private static String bulkAnswer(String body, int unknownEvery) {
        StringBuilder sb = new StringBuilder("{\"oppslag\":[");
        List<String> ids = asked(body);
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"foedselsEllerDNummer\":\"").append(id).append("\",");
            if (i % unknownEvery == 0) {
                sb.append("\"feilmelding\":{\"feilmelding\":\"Fant ikke person\"}}");
            } else {
                sb.append("\"folkeregisterperson\":").append(personDoc(id, "A", "B")).append('}');
            }
        }
        return sb.append("]}").toString();
    }

    /** Valid synthetic (month + 80) fødselsnumre with classic mod-11 control digits. */
    static List<Identitetsnummer> syntheticIds(int count) {
        int[] w1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
        int[] w2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
        List<Identitetsnummer> ids = new ArrayList<>();
        for (int day = 1; day <= 28 && ids.size() < count; day++) {
            for (int individ = 100; individ < 500 && ids.size() < count; individ++) {
                String nine = "%02d%02d%02d%03d".formatted(day, 81, 90, individ);
                int k1 = control(nine, w1);
                if (k1 == 10) {
                    continue;
                }
                int k2 = control(nine + k1, w2);
                if (k2 == 10) {
                    continue;
                }
                ids.add(Identitetsnummer.of(nine + k1 + k2));
            }
        }
        return ids;
    }

    private static int control(String digits, int[] weights) {
        int sum = 0;
        for (int i = 0; i < weights.length; i++) {
            sum += (digits.charAt(i) - '0') * weights[i];
        }
        int k = 11 - sum % 11;
        return k == 11 ? 0 : k;
    }
}
