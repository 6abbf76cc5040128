package no.kommune.esb.svarut;

import no.kommune.esb.maskinporten.AccessTokenProvider;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.simulator.SimulatorTestApplication;
import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import no.kommune.esb.simulator.fault.FaultInjector;
import no.kommune.esb.simulator.fault.FaultSpec;
import no.kommune.esb.simulator.svarut.SvarUtSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SvarUt client against the simulated SvarUt over real HTTP. The simulated SvarUt is a separate bean the
 * client knows nothing of: it is asked only to check what arrived.
 */
@SpringBootTest(classes = SimulatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"simulator.enabled=true"})
class SvarUtClientSimulatorTest {

    static final String PDF_START = "%PDF-1.7\n";

    @LocalServerPort
    int port;
    @Autowired
    SimulatorTokenAuthority authority;
    @Autowired
    FaultInjector faults;
    @Autowired
    SvarUtSimulator simulator;
    @Value("${simulator.svarut.konto-id}")
    String kontoId;

    SvarUtClient client;

    @BeforeEach
    void setUp() {
        client = client("sim-passord", Set.of(), 100);
    }

    @AfterEach
    void clear() {
        faults.clearAll();
    }

    SvarUtClient client(String passord, Set<String> tokenScopes, int batch) {
        // a token provider as the Maskinporten client would be, but issuing straight from the simulator's authority
        AccessTokenProvider tokens = scopes -> authority.issue("test-klient", tokenScopes.isEmpty() ? scopes : tokenScopes, "910000000", 120);
        return new SvarUtClient(new SvarUtProperties(URI.create("http://localhost:" + port + "/sim/svarut/api"), UUID.fromString(kontoId),
                "sim-integrasjon", passord, null, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(10), batch, Duration.ZERO), tokens);
    }

    static Forsendelse brev(String ref) {
        return Forsendelse.builder("Vedtak om skoleskyss", ref,
                        new Forsendelse.Mottaker("Kari Nordmann", "01017012345", "Storgata 1", null, null, "0155", "OSLO", null))
                .avgivendeSystem("kommune-esb")
                .utskriftskonfigurasjon(false, true)
                .build();
    }

    static List<Dokument> toPdfer() {
        return List.of(Dokument.pdf("Vedtak – Åse.pdf", (PDF_START + "vedtak").getBytes(StandardCharsets.UTF_8)),
                Dokument.pdf("vedlegg.pdf", (PDF_START + "vedlegg").getBytes(StandardCharsets.UTF_8)));
    }

    static String ref() {
        return "test-" + UUID.randomUUID();
    }

    SvarUtSimulator.LagretForsendelse lagret(UUID id) {
        return simulator.finn(id).orElseThrow();
    }

    long lagretMedRef(String ref) {
        return simulator.alle().stream().filter(f -> ref.equals(f.eksternReferanse())).count();
    }

    @Nested
    class Send {

        @Test
        void should_store_the_forsendelse_with_its_documents_in_order_under_their_filenames() throws Exception {
            String ref = ref();
            Path fil = Files.createTempFile("svarut", ".pdf");
            Files.write(fil, (PDF_START + "fra disk").getBytes(StandardCharsets.UTF_8));
            byte[] stromBytes = (PDF_START + "fra strøm").getBytes(StandardCharsets.UTF_8);
            List<Dokument> dokumenter = List.of(
                    toPdfer().get(0),
                    Dokument.fil("fra disk.pdf", Dokument.PDF, fil),
                    new Dokument("strøm.pdf", Dokument.PDF, false, true,
                            new Dokument.Innhold.Strom(stromBytes.length, () -> new java.io.ByteArrayInputStream(stromBytes))));

            UUID id = client.send(brev(ref), dokumenter);

            SvarUtSimulator.LagretForsendelse f = lagret(id);
            assertThat(f.eksternReferanse()).isEqualTo(ref);
            assertThat(f.forsendelse().path("tittel").asText()).isEqualTo("Vedtak om skoleskyss");
            assertThat(f.forsendelse().path("mottaker").path("digitalId").asText()).isEqualTo("01017012345");
            assertThat(f.forsendelse().path("utskriftskonfigurasjon").path("tosidig").asBoolean()).isTrue();
            assertThat(f.forsendelse().path("dokumenter").get(2).path("inneholderPersonsensitivInformasjon").asBoolean()).isTrue();
            assertThat(f.dokumenter()).extracting(SvarUtSimulator.LagretDokument::filnavn)
                    .containsExactly("Vedtak – Åse.pdf", "fra disk.pdf", "strøm.pdf");
            assertThat(new String(f.dokumenter().get(0).innhold(), StandardCharsets.UTF_8)).isEqualTo(PDF_START + "vedtak");
            assertThat(new String(f.dokumenter().get(1).innhold(), StandardCharsets.UTF_8)).isEqualTo(PDF_START + "fra disk");
            assertThat(f.dokumenter().get(2).innhold()).isEqualTo(stromBytes);
            assertThat(f.dokumenter()).allSatisfy(d -> assertThat(d.mimeType()).isEqualTo(Dokument.PDF));
        }

        @Test
        void should_stop_a_letter_breaking_the_rules_before_calling_svarut() {
            int før = simulator.antall();
            List<Dokument> dokumenter = List.of(Dokument.pdf("a:b.pdf", new byte[]{1}));

            assertThatThrownBy(() -> client.send(brev(ref()), dokumenter))
                    .isInstanceOfSatisfying(RegisterException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegisterException.Kind.REJECTED);
                        assertThat(e.httpStatus()).isZero();
                        assertThat(e.isRetryable()).isFalse();
                    });
            assertThat(simulator.antall()).isEqualTo(før);
        }

        @Test
        void should_be_refused_with_a_wrong_integrasjon_passord() {
            int før = simulator.antall();

            assertThatThrownBy(() -> client("feil-passord", Set.of(), 100).send(brev(ref()), toPdfer()))
                    .isInstanceOfSatisfying(RegisterException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegisterException.Kind.UNAUTHORIZED);
                        assertThat(e.httpStatus()).isEqualTo(401);
                        assertThat(e.getMessage()).contains("UGYLDIG_INTEGRASJON").doesNotContain("feil-passord");
                        assertThat(e.isRetryable()).isFalse();
                    });
            assertThat(simulator.antall()).isEqualTo(før);
        }

        /**
         * The Maskinporten token comes before the request to SvarUt: when it cannot be had (here Maskinporten's 503), SvarUt
         * holds nothing, also when SvarUt refused the first token (401) and the token is fetched again. On the old code the
         * failure was Maskinporten's own 503, read as a SvarUt 5xx (UKJENT: a look-up and a settle time, the reason without
         * "brevet er ikke sendt").
         */
        @ParameterizedTest(name = "token fetches that succeed first: {0}")
        @ValueSource(ints = {0, 1})
        void should_send_nothing_and_say_so_when_the_maskinporten_token_for_a_send_cannot_be_had(int gyldigeFoerst) {
            String ref = ref();
            java.util.concurrent.atomic.AtomicInteger hentet = new java.util.concurrent.atomic.AtomicInteger();
            AccessTokenProvider tokens = scopes -> {
                if (hentet.getAndIncrement() < gyldigeFoerst) {
                    return "ikke-et-gyldig-token";
                }
                throw SvarUtTestfeil.maskinportenSvarer(503, "{\"error\":\"server_error\"}");
            };
            SvarUtClient medTokenfeil = new SvarUtClient(new SvarUtProperties(URI.create("http://localhost:" + port + "/sim/svarut/api"),
                    UUID.fromString(kontoId), "sim-integrasjon", "sim-passord", null, Duration.ofSeconds(2), Duration.ofSeconds(10),
                    Duration.ofSeconds(10), 100, Duration.ZERO), tokens);

            assertThatThrownBy(() -> medTokenfeil.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.INGEN, SvarUtClient.Sendevakt.ALLTID))
                    .isInstanceOfSatisfying(RegisterException.class, e -> {
                        assertThat(Sendeutfall.av(e)).isEqualTo(Sendeutfall.IKKE_SENDT);
                        assertThat(SvarUtFeilaarsak.aarsak(e).kode()).isEqualTo("MASKINPORTEN-UTILGJENGELIG");
                        assertThat(SvarUtFeilaarsak.av(e)).isEqualTo("Maskinporten er utilgjengelig (HTTP 503); brevet er ikke sendt");
                    });
            assertThat(hentet).hasValue(gyldigeFoerst + 1);
            assertThat(lagretMedRef(ref)).isZero();
        }

        @Test
        void should_be_refused_with_a_token_lacking_the_ks_fiks_scope() {
            assertThatThrownBy(() -> client("sim-passord", Set.of("krr:global/kontaktinformasjon.read"), 100).finnForEksternReferanse("x"))
                    .isInstanceOfSatisfying(RegisterException.class, e -> assertThat(e.httpStatus()).isEqualTo(403));
        }

        @Test
        void should_make_a_second_letter_when_plain_send_is_repeated_because_svarut_does_not_deduplicate() {
            String ref = ref();

            UUID første = client.send(brev(ref), toPdfer());
            UUID andre = client.send(brev(ref), toPdfer());

            assertThat(andre).isNotEqualTo(første);
            assertThat(client.finnForEksternReferanse(ref)).containsExactlyInAnyOrder(første, andre);
        }

        // DOMAIN.md rule 8: the send contract lists only 200 and default, so no 5xx promises that SvarUt stored nothing (a
        // gateway's 502/504 after SvarUt stored the letter, a 500 after storing). A send's 5xx is an unknown outcome
        // (AMBIGUOUS, retryable, SvarUt's codes kept), never "not sent"; it was UNAVAILABLE, which the flow took for
        // "SvarUt answered, not stored" (these rows failed there)
        @ParameterizedTest(name = "HTTP {0}")
        @org.junit.jupiter.params.provider.ValueSource(ints = {500, 502, 503, 504})
        void should_report_a_5xx_answer_to_a_send_as_an_unknown_outcome(int status) {
            faults.set("svarut", "send", new FaultSpec(0, 1.0, status, 0, 0, null, null, 0));

            assertThatThrownBy(() -> client.send(brev(ref()), toPdfer()))
                    .isInstanceOfSatisfying(SvarUtClient.Feilsvar.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS);
                        assertThat(e.httpStatus()).isEqualTo(status);
                        assertThat(e.isRetryable()).isTrue();
                        assertThat(e.feilkode()).isPresent();
                        assertThat(e.feilId()).isPresent();
                        assertThat(Sendeutfall.av(e)).isEqualTo(Sendeutfall.UKJENT);
                    });
        }

        @Test
        void should_report_a_503_to_a_look_up_as_retryable() {
            faults.set("svarut", "eksternref", new FaultSpec(0, 1.0, 503, 0, 0, null, null, 0));

            assertThatThrownBy(() -> client.finnForEksternReferanse(ref()))
                    .isInstanceOfSatisfying(RegisterException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegisterException.Kind.UNAVAILABLE);
                        assertThat(e.httpStatus()).isEqualTo(503);
                        assertThat(e.isRetryable()).isTrue();
                    });
        }

        @Test
        void should_report_throttling_with_retry_after_in_seconds() {
            faults.set("svarut", "status-sok", new FaultSpec(0, 0, 0, 1.0, 1500, null, null, 0));

            assertThatThrownBy(() -> client.statusSok(List.of(UUID.randomUUID())))
                    .isInstanceOfSatisfying(RegisterException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegisterException.Kind.THROTTLED);
                        assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
                    });
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"send", "status-sok", "hendelser", "eksternref"})
    void should_apply_a_fault_set_for_one_endpoint_to_that_endpoint_only(String endpoint) {
        UUID id = client.send(brev(ref()), toPdfer());
        faults.set("svarut", endpoint, new FaultSpec(0, 1.0, 502, 0, 0, null, null, 0));
        Map<String, Runnable> kall = Map.of(
                "send", () -> client.send(brev(ref()), toPdfer()),
                "status-sok", () -> client.statusSok(List.of(id)),
                "hendelser", () -> client.hendelser(id),
                "eksternref", () -> client.finnForEksternReferanse("x"));

        for (var e : kall.entrySet()) {
            if (e.getKey().equals(endpoint)) {
                assertThatThrownBy(e.getValue()::run).isInstanceOfSatisfying(RegisterException.class, ex -> {
                    assertThat(ex.httpStatus()).isEqualTo(502);
                    assertThat(ex.isRetryable()).isTrue();
                });
            } else {
                e.getValue().run();
            }
        }
    }

    @Nested
    class LostAnswer {

        @Test
        void should_see_a_lost_answer_as_ambiguous_although_the_letter_was_stored() {
            String ref = ref();
            faults.set("svarut", "send", new FaultSpec(0, 0, 0, 0, 0, null, null, 1));

            assertThatThrownBy(() -> client.send(brev(ref), toPdfer()))
                    .isInstanceOfSatisfying(RegisterException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS);
                        assertThat(e.httpStatus()).isZero();
                    });
            // the simulator stored it before cutting the answer: this is the duplicate trap
            assertThat(lagretMedRef(ref)).isEqualTo(1);
        }

        // DOMAIN.md rule 8 at a shutdown: the send's answer was lost (SvarUt stored the letter) and the executor's
        // shutdownNow interrupts the wait before the look-up. The old code gave UNAVAILABLE with no status ("interrupted"),
        // which Sendeutfall read as SvarUt's answer: the attempt closed, the settle time skipped, and the next holder could
        // send a second letter (this test failed there). Now the lost send's AMBIGUOUS failure, the interrupt flag kept
        @Test
        void should_give_the_lost_answer_when_a_shutdown_interrupts_the_wait_before_the_look_up() throws Exception {
            String ref = ref();
            faults.set("svarut", "send", new FaultSpec(0, 0, 0, 0, 0, null, null, 1));
            AccessTokenProvider tokens = scopes -> authority.issue("test-klient", scopes, "910000000", 120);
            SvarUtClient venter = new SvarUtClient(new SvarUtProperties(URI.create("http://localhost:" + port + "/sim/svarut/api"),
                    UUID.fromString(kontoId), "sim-integrasjon", "sim-passord", null, Duration.ofSeconds(2), Duration.ofSeconds(10),
                    Duration.ofSeconds(10), 100, Duration.ofMinutes(5)), tokens);
            long sendtFoer = faults.kall().getOrDefault("svarut/send", 0L);
            java.util.concurrent.atomic.AtomicReference<Throwable> feil = new java.util.concurrent.atomic.AtomicReference<>();
            java.util.concurrent.atomic.AtomicBoolean flagg = new java.util.concurrent.atomic.AtomicBoolean();
            Thread sending = new Thread(() -> {
                try {
                    venter.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.INGEN, SvarUtClient.Sendevakt.ALLTID);
                } catch (Throwable t) {
                    feil.set(t);
                }
                flagg.set(Thread.currentThread().isInterrupted());
            });
            sending.start();
            while (lagretMedRef(ref) == 0 && sending.isAlive()) {
                Thread.sleep(10);
            }
            sending.interrupt();
            sending.join(30_000);

            assertThat(feil.get()).isInstanceOfSatisfying(RegisterException.class, e -> {
                assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS);
                assertThat(Sendeutfall.av(e)).isEqualTo(Sendeutfall.UKJENT);
                assertThat(SvarUtFeilaarsak.av(e)).doesNotContain("ikke sendt");
            });
            assertThat(flagg.get()).as("the interrupt flag is kept").isTrue();
            assertThat(faults.kall().get("svarut/send") - sendtFoer).as("one send").isEqualTo(1);
            assertThat(lagretMedRef(ref)).isEqualTo(1);
        }

        @Test
        void should_store_exactly_one_letter_when_the_answer_is_lost_after_commit() {
            String ref = ref();
            // one lost answer: the first send is stored but the client cannot know; a blind resend would make two. A later
            // attempt after earlier ones that all ended with an answer (a 503, say), as the flow makes it
            faults.set("svarut", "send", new FaultSpec(0, 0, 0, 0, 0, null, null, 1));

            UUID id = client.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.AVKLART, SvarUtClient.Sendevakt.ALLTID);

            assertThat(lagretMedRef(ref)).isEqualTo(1);
            assertThat(lagret(id).eksternReferanse()).isEqualTo(ref);
        }

        // DOMAIN.md rule 8 when SvarUt stores the letter and answers 200 with its JSON cut short (fault
        // unreadableAnswerCount): an outcome as unknown as a lost answer, not "not sent" (BAD_RESPONSE before, which the
        // flow dead-lettered; this test failed there); sendExactlyOnce looks it up and gives the one stored letter's id.
        @Test
        void should_store_exactly_one_letter_when_svarut_answers_a_stored_send_with_a_body_that_cannot_be_read() {
            String ref = ref();
            faults.set("svarut", "send", FaultSpec.ulesbartSvar(1));

            UUID id = client.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.INGEN, SvarUtClient.Sendevakt.ALLTID);

            assertThat(lagretMedRef(ref)).isEqualTo(1);
            assertThat(lagret(id).eksternReferanse()).isEqualTo(ref);
        }

        // DOMAIN.md rule 8 with a search that lags (fault visibleAfterMs): SvarUt stored the letter, the answer was lost,
        // and the look-up right after it misses the letter. The old code took that miss as final and sent again: two
        // letters in SvarUt (this test failed there). Now the miss is too soon to be final (lookup-settle-time, 5 m by
        // default): no second send, the lost answer is given as AMBIGUOUS with a Retry-After at the end of the settle time.
        @Test
        void should_not_send_again_when_the_look_up_right_after_a_lost_answer_misses_a_letter_svarut_does_not_show_yet() {
            String ref = ref();
            faults.set("svarut", "send", new FaultSpec(0, 0, 0, 0, 0, null, null, 1));
            faults.set("svarut", "eksternref", FaultSpec.synligEtter(60_000));

            assertThatThrownBy(() -> client.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.INGEN, SvarUtClient.Sendevakt.ALLTID))
                    .isInstanceOfSatisfying(RegisterException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS);
                        assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive().isLessThanOrEqualTo(SvarUtProperties.LOOKUP_SETTLE_TIME));
                    });
            assertThat(lagretMedRef(ref)).isEqualTo(1);
        }

        @Test
        void should_look_up_without_sending_when_an_earlier_attempt_is_too_recent_for_a_miss_to_be_final() {
            String ref = ref();
            faults.set("svarut", "eksternref", FaultSpec.synligEtter(60_000));
            UUID id = client.send(brev(ref), toPdfer());
            Instant tapt = Instant.now();

            // a lost attempt a moment ago, and one whose end was never recorded: the miss is not final, nothing is sent
            assertThatThrownBy(() -> client.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.tapt(tapt), SvarUtClient.Sendevakt.ALLTID))
                    .isInstanceOfSatisfying(SvarUtClient.IkkeFunnetEnnaa.class, e -> {
                        assertThat(e.uavklartFra()).isEqualTo(tapt);
                        assertThat(e.slaaOppIgjen()).isEqualTo(tapt.plus(SvarUtProperties.LOOKUP_SETTLE_TIME));
                    });
            assertThatThrownBy(() -> client.finnEtterMuligSending(ref, Synlighetsregel.Tidligere.UKJENT))
                    .isInstanceOf(SvarUtClient.IkkeFunnetEnnaa.class);
            assertThat(lagretMedRef(ref)).isEqualTo(1);

            // once the search shows it, it is found whatever is known of the earlier attempt
            faults.clear("svarut", "eksternref");
            assertThat(client.finnEtterMuligSending(ref, Synlighetsregel.Tidligere.UKJENT)).isEqualTo(id);
        }

        @Test
        void should_not_send_again_when_the_reference_is_already_known() {
            String ref = ref();
            UUID første = client.send(brev(ref), toPdfer());
            int før = simulator.antall();

            // found is final whatever is known of the earlier attempts (here: one whose end was never recorded, a crash)
            UUID id = client.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.UKJENT, SvarUtClient.Sendevakt.ALLTID);

            assertThat(id).isEqualTo(første);
            assertThat(simulator.antall()).isEqualTo(før);
        }

        // The two-argument sendExactlyOnce (only tests called it) assumed every earlier attempt had ended with an answer
        // (Tidligere.AVKLART) and so trusted a miss at once: a caller after a lost answer that used it sent a letter
        // SvarUt had stored but did not show yet a second time. It is gone; exactly-once sending always says what is
        // known of the earlier attempts, so the settle rule (Synlighetsregel) applies to every caller. Failed before.
        @Test
        void should_offer_exactly_once_sending_only_with_what_is_known_of_earlier_attempts() {
            assertThat(java.util.Arrays.stream(SvarUtClient.class.getMethods()).filter(m -> m.getName().equals("sendExactlyOnce")))
                    .singleElement()
                    .satisfies(m -> assertThat(m.getParameterTypes()).contains(Synlighetsregel.Tidligere.class, SvarUtClient.Sendevakt.class));
        }

        @Test
        void should_skip_the_look_up_before_a_first_attempt_and_make_it_before_a_later_one() {
            // the eksternref search is down: a call that needs it fails, one that skips it does not
            faults.set("svarut", "eksternref", new FaultSpec(0, 1.0, 503, 0, 0, null, null, 0));

            UUID id = client.sendExactlyOnce(brev(ref()), toPdfer(), Synlighetsregel.Tidligere.INGEN, SvarUtClient.Sendevakt.ALLTID);
            String senere = ref();
            // the later attempt could not look up whether an earlier one arrived: its outcome is unknown, so AMBIGUOUS
            assertThatThrownBy(() -> client.sendExactlyOnce(brev(senere), toPdfer(), Synlighetsregel.Tidligere.AVKLART, SvarUtClient.Sendevakt.ALLTID))
                    .isInstanceOfSatisfying(RegisterException.class, e -> assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS));

            assertThat(lagret(id)).isNotNull();
            assertThat(lagretMedRef(senere)).as("nothing sent without the look-up").isZero();
        }

        @Test
        void should_report_a_lost_answer_as_ambiguous_when_the_look_up_after_it_fails() {
            String ref = ref();
            faults.set("svarut", "send", new FaultSpec(0, 0, 0, 0, 0, null, null, 1));
            faults.set("svarut", "eksternref", new FaultSpec(0, 1.0, 503, 0, 0, null, null, 0));

            assertThatThrownBy(() -> client.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.INGEN, SvarUtClient.Sendevakt.ALLTID))
                    .isInstanceOfSatisfying(RegisterException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS);
                        assertThat(e.isRetryable()).isTrue();
                        // a send was tried: not the look-up before one, and never "not sent"
                        assertThat(e).isNotInstanceOf(SvarUtClient.OppslagFoerSendingFeilet.class);
                        assertThat(Sendeutfall.av(e)).isEqualTo(Sendeutfall.UKJENT);
                    });
            // SvarUt holds it: a caller that took this failure as "not sent" would tell the fagsystem wrong
            assertThat(lagretMedRef(ref)).isEqualTo(1);
        }

        // A look-up refused for a lasting reason (401/403: credentials; 400) says nothing about an earlier send. Given as
        // it was (UNAUTHORIZED, REJECTED: "not there as far as this call could tell"), the flow dead-lettered a letter
        // SvarUt holds; both rows failed that way on the old code. Now AMBIGUOUS, the lasting kind kept as its cause.
        @ParameterizedTest(name = "{0} after a lost answer: {1}")
        @org.junit.jupiter.params.provider.CsvSource({
                "401, UNAUTHORIZED", "403, UNAUTHORIZED", "400, REJECTED"})
        void should_report_a_lasting_look_up_failure_after_a_lost_answer_as_ambiguous_and_send_nothing_more(int status, RegisterException.Kind varig) {
            String ref = ref();
            faults.set("svarut", "send", new FaultSpec(0, 0, 0, 0, 0, null, null, 1));
            faults.set("svarut", "eksternref", new FaultSpec(0, 1.0, status, 0, 0, null, null, 0));

            assertThatThrownBy(() -> client.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.INGEN, SvarUtClient.Sendevakt.ALLTID))
                    .isInstanceOfSatisfying(RegisterException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS);
                        assertThat(SvarUtClient.varigOppslagsfeil(e)).hasValueSatisfying(c -> assertThat(c.kind()).isEqualTo(varig));
                        assertThat(Sendeutfall.av(e)).as("the first send may be at SvarUt").isEqualTo(Sendeutfall.UKJENT);
                    });
            // SvarUt holds the first send, and nothing went again without a look-up that answered
            assertThat(lagretMedRef(ref)).isEqualTo(1);
        }

        @ParameterizedTest(name = "{0} before a later attempt: {1}")
        @org.junit.jupiter.params.provider.CsvSource({
                "401, UNAUTHORIZED", "403, UNAUTHORIZED", "400, REJECTED"})
        void should_report_a_lasting_failure_of_the_look_up_before_a_later_attempt_as_ambiguous_and_send_nothing(int status, RegisterException.Kind varig) {
            String ref = ref();
            faults.set("svarut", "eksternref", new FaultSpec(0, 1.0, status, 0, 0, null, null, 0));

            assertThatThrownBy(() -> client.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.AVKLART, SvarUtClient.Sendevakt.ALLTID))
                    .isInstanceOfSatisfying(RegisterException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS);
                        assertThat(SvarUtClient.varigOppslagsfeil(e)).hasValueSatisfying(c -> assertThat(c.kind()).isEqualTo(varig));
                        // nothing was sent by the call: its caller spends no send attempt on it
                        assertThat(e).isInstanceOf(SvarUtClient.OppslagFoerSendingFeilet.class);
                    });
            assertThat(lagretMedRef(ref)).as("nothing sent without the look-up").isZero();
        }

        // The look-up before a later attempt failing for a passing reason sent nothing either: the caller is told so
        // (OppslagFoerSendingFeilet, not a send attempt) and the failure stays passing (no lasting-failure alarm).
        @ParameterizedTest(name = "{0} before a later attempt")
        @org.junit.jupiter.params.provider.ValueSource(ints = {500, 503})
        void should_tell_a_passing_failure_of_the_look_up_before_a_later_attempt_from_a_failed_send(int status) {
            String ref = ref();
            faults.set("svarut", "eksternref", new FaultSpec(0, 1.0, status, 0, 0, null, null, 0));

            assertThatThrownBy(() -> client.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.AVKLART, SvarUtClient.Sendevakt.ALLTID))
                    .isInstanceOfSatisfying(SvarUtClient.OppslagFoerSendingFeilet.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS);
                        assertThat(SvarUtClient.varigOppslagsfeil(e)).isEmpty();
                        assertThat(Sendeutfall.av(e)).isEqualTo(Sendeutfall.IKKE_SENDT);
                    });
            assertThat(lagretMedRef(ref)).as("nothing sent without the look-up").isZero();
        }

        @Test
        void should_not_call_a_passing_look_up_failure_lasting() {
            faults.set("svarut", "eksternref", new FaultSpec(0, 1.0, 503, 0, 0, null, null, 0));

            assertThatThrownBy(() -> client.finnEtterMuligSending(ref()))
                    .isInstanceOfSatisfying(RegisterException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS);
                        assertThat(SvarUtClient.varigOppslagsfeil(e)).isEmpty();
                    });
        }

        @Test
        void should_look_up_after_a_lost_answer_even_when_the_first_look_up_was_skipped() {
            String ref = ref();
            faults.set("svarut", "send", new FaultSpec(0, 0, 0, 0, 0, null, null, 1));

            UUID id = client.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.INGEN, SvarUtClient.Sendevakt.ALLTID);

            assertThat(lagretMedRef(ref)).isEqualTo(1);
            assertThat(lagret(id).eksternReferanse()).isEqualTo(ref);
        }

        @Test
        void should_send_nothing_more_once_the_guard_says_the_letter_was_taken_over() {
            String ref = ref();
            // the first send's answer is lost; the guard then refuses, as for a letter another instance took over
            faults.set("svarut", "send", new FaultSpec(0, 0, 0, 0, 0, null, null, 1));
            java.util.concurrent.atomic.AtomicInteger spurt = new java.util.concurrent.atomic.AtomicInteger();
            String uten = ref();

            assertThatThrownBy(() -> client.sendExactlyOnce(brev(uten), toPdfer(), Synlighetsregel.Tidligere.INGEN, () -> false))
                    .isInstanceOfSatisfying(SvarUtClient.SendingAvvist.class, e -> assertThat(e.ingenSendt()).isTrue());
            UUID id = client.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.INGEN, () -> spurt.incrementAndGet() == 1);

            assertThat(lagretMedRef(uten)).as("refused before the first send").isZero();
            // the lost answer is found by the look-up after it, so no second send is needed and the guard is asked once
            assertThat(lagretMedRef(ref)).isEqualTo(1);
            assertThat(lagret(id).eksternReferanse()).isEqualTo(ref);
            assertThat(spurt).hasValue(1);
        }

        @Test
        void should_send_once_when_nothing_goes_wrong() {
            String ref = ref();

            UUID id = client.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.INGEN, SvarUtClient.Sendevakt.ALLTID);

            assertThat(lagretMedRef(ref)).isEqualTo(1);
            assertThat(lagret(id).eksternReferanse()).isEqualTo(ref);
        }

        @Test
        void should_pass_a_clear_failure_on_without_sending_again() {
            String ref = ref();
            // a 4xx: SvarUt refused the request (a 503 was the example here; a 5xx is no clear failure, below)
            faults.set("svarut", "send", new FaultSpec(0, 1.0, 400, 0, 0, null, null, 0));

            assertThatThrownBy(() -> client.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.INGEN, SvarUtClient.Sendevakt.ALLTID))
                    .isInstanceOfSatisfying(RegisterException.class, e -> assertThat(e.kind()).isEqualTo(RegisterException.Kind.REJECTED));
            assertThat(lagretMedRef(ref)).isZero();
        }

        // DOMAIN.md rule 8: a gateway's 502 after SvarUt stored the letter (fault errorAfterCommitCount). The call looks the
        // letter up by eksternReferanse and takes SvarUt's id; on the old code the 502 came back as UNAVAILABLE, and the
        // flow sent the letter again (this test failed there)
        @Test
        void should_find_a_letter_svarut_stored_before_answering_its_send_with_a_5xx() {
            String ref = ref();
            faults.set("svarut", "send", FaultSpec.feilEtterLagring(1, 502));

            UUID id = client.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.INGEN, SvarUtClient.Sendevakt.ALLTID);

            assertThat(lagretMedRef(ref)).isEqualTo(1);
            assertThat(lagret(id).eksternReferanse()).isEqualTo(ref);
        }

        // A 5xx for a letter SvarUt did not store: the miss right after it is not final (Synlighetsregel), so the call
        // sends nothing more and gives an unknown outcome, never "not sent"; the caller looks it up after the settle time
        @Test
        void should_not_send_again_at_once_after_a_5xx_when_the_letter_is_not_found() {
            String ref = ref();
            faults.set("svarut", "send", new FaultSpec(0, 1.0, 503, 0, 0, null, null, 0));
            long sendtFoer = faults.kall().getOrDefault("svarut/send", 0L);

            assertThatThrownBy(() -> client.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.INGEN, SvarUtClient.Sendevakt.ALLTID))
                    .isInstanceOfSatisfying(RegisterException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS);
                        assertThat(e.retryAfter()).isPresent();
                        assertThat(Sendeutfall.av(e)).isEqualTo(Sendeutfall.UKJENT);
                        assertThat(SvarUtFeilaarsak.av(e)).startsWith("SvarUt svarte sendingen med en serverfeil (HTTP 503").doesNotContain("ikke sendt");
                    });
            assertThat(faults.kall().get("svarut/send") - sendtFoer).as("one send").isEqualTo(1);
            assertThat(lagretMedRef(ref)).isZero();
        }

        // One WARN line per send with an unknown outcome, with the status and SvarUt's codes and no free text from SvarUt:
        // a 5xx logged two (send's own and sendExactlyOnce's) on the old code
        @Test
        void should_log_a_5xx_answer_to_a_send_in_one_warning() {
            String ref = ref();
            faults.set("svarut", "send", new FaultSpec(0, 1.0, 502, 0, 0, null, null, 0));
            ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(SvarUtClient.class);
            ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logg = new ch.qos.logback.core.read.ListAppender<>();
            logg.start();
            logger.addAppender(logg);
            try {
                assertThatThrownBy(() -> client.sendExactlyOnce(brev(ref), toPdfer(), Synlighetsregel.Tidligere.INGEN, SvarUtClient.Sendevakt.ALLTID))
                        .isInstanceOf(RegisterException.class);
            } finally {
                logger.detachAppender(logg);
            }
            assertThat(logg.list.stream().filter(h -> h.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).filter(m -> m.contains(ref)))
                    .singleElement().asString()
                    .contains("utfallet av sending 1", "er ukjent", "HTTP 502", "errorCode=", "slår opp før ny sending");
        }

        @Test
        void should_refuse_exactly_once_sending_without_an_external_reference() {
            assertThatThrownBy(() -> client.sendExactlyOnce(brev(null), toPdfer(), Synlighetsregel.Tidligere.INGEN, SvarUtClient.Sendevakt.ALLTID))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Nested
    class StatusAndHistory {

        @Test
        void should_return_the_status_of_each_known_forsendelse_across_batches() {
            SvarUtClient smaBatcher = client("sim-passord", Set.of(), 2);
            UUID a = client.send(brev(ref()), toPdfer());
            UUID b = client.send(brev(ref()), toPdfer());
            UUID c = client.send(brev(ref()), toPdfer());
            simulator.settStatus(a, SvarUtSimulator.Status.PRINTET);
            simulator.settStatus(b, SvarUtSimulator.Status.SENDT_PRINT);
            simulator.settStatus(c, SvarUtSimulator.Status.AVVIST);
            UUID ukjent = UUID.randomUUID();

            Map<UUID, ForsendelseStatus> statuser = smaBatcher.statusSok(List.of(a, b, c, ukjent, a));

            assertThat(statuser).containsOnlyKeys(a, b, c);
            assertThat(statuser.get(a).status()).isEqualTo(SvarUtStatus.PRINTET);
            assertThat(statuser.get(a).erEndelig()).isTrue();
            assertThat(statuser.get(b).status()).isEqualTo(SvarUtStatus.SENDT_PRINT);
            assertThat(statuser.get(b).erEndelig()).isFalse();
            assertThat(statuser.get(c).status().erFeilet()).isTrue();
            assertThat(statuser.get(a).sisteStatusEndring()).isNotNull();
        }

        @Test
        void should_return_the_history_oldest_first() {
            UUID id = client.send(brev(ref()), toPdfer());
            simulator.settStatus(id, SvarUtSimulator.Status.MANUELT_HANDTERT);

            List<SvarUtHendelse> hendelser = client.hendelser(id);

            assertThat(hendelser).hasSizeGreaterThanOrEqualTo(2);
            assertThat(hendelser.get(0).hendelse()).isEqualTo("Forsendelse mottatt");
            assertThat(hendelser.get(hendelser.size() - 1).hendelse()).isEqualTo("Manuelt håndtert");
            assertThat(hendelser).allSatisfy(h -> assertThat(h.tidspunkt()).isNotNull());
        }

        @Test
        void should_report_an_unknown_forsendelse_as_not_found() {
            assertThatThrownBy(() -> client.hendelser(UUID.randomUUID()))
                    .isInstanceOfSatisfying(RegisterException.class, e -> assertThat(e.kind()).isEqualTo(RegisterException.Kind.NOT_FOUND));
        }

        @Test
        void should_find_nothing_for_an_unused_external_reference_even_with_odd_characters() {
            String ref = "ref med mellomrom & tegn+?" + UUID.randomUUID();
            UUID id = client.send(brev(ref), toPdfer());

            assertThat(client.finnForEksternReferanse(ref)).containsExactly(id);
            assertThat(client.finnForEksternReferanse(ref + "x")).isEmpty();
        }
    }
}
