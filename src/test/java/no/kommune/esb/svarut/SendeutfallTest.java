package no.kommune.esb.svarut;

import no.kommune.esb.register.Avbrutt;
import no.kommune.esb.register.IngenForbindelse;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
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
                // the call asks the fence again only after the lost send's look-up missed it finally, as before a later
                // send that cannot connect (IKKE_SENDT): UKJENT on the old code, which left the attempt open for nothing
                arguments("the fence refused after a lost send of the same call", SvarUtTestfeil.sendingAvvist(false), Sendeutfall.IKKE_SENDT),
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
                // no connection was made, so no byte of the request left (the transport rows below show which failures
                // the client gives so): BESVART on the old code
                arguments("no connection to SvarUt (refused)", new IngenForbindelse(SvarUtClient.SERVICE, "connection refused",
                        new ConnectException("Connection refused")), Sendeutfall.IKKE_SENDT),
                arguments("no connection to SvarUt (connect timed out)", new IngenForbindelse(SvarUtClient.SERVICE, "connect timed out",
                        new org.apache.hc.client5.http.ConnectTimeoutException("Connect timed out")), Sendeutfall.IKKE_SENDT),
                arguments("the look-up after a lost send could not connect", new RegisterException(SvarUtClient.SERVICE,
                        RegisterException.Kind.AMBIGUOUS, 0, "oppslaget feilet", null,
                        new IngenForbindelse(SvarUtClient.SERVICE, "connection refused", null)), Sendeutfall.UKJENT),
                // a shutdown (shutdownNow) interrupted the send once begun: it may have gone out whole, so never "SvarUt
                // answered" (the client gave UNAVAILABLE with no status, BESVART, on the old code; the test below)
                arguments("the send was interrupted once begun", new Avbrutt(SvarUtClient.SERVICE, false,
                        new InterruptedIOException("interrupted while sending the request body")), Sendeutfall.UKJENT),
                arguments("the thread was interrupted before the send began", new IngenForbindelse(SvarUtClient.SERVICE,
                        "interrupted before sending", null), Sendeutfall.IKKE_SENDT),
                // the Maskinporten token is fetched before the request to SvarUt: whatever failed there, SvarUt was not
                // called. Read by kind and status on the old code: a Maskinporten 503 as a SvarUt 5xx (UKJENT: a look-up
                // and a settle time), its 400, its 401 retried after SvarUt's and its unreadable answer as BESVART, its
                // timeout as BESVART (UNAVAILABLE with no status)
                arguments("Maskinporten answered the send's token request 503", SvarUtTestfeil.sendingMedTokenfeil(
                        SvarUtTestfeil.maskinportenSvarer(503, "{\"error\":\"server_error\"}")), Sendeutfall.IKKE_SENDT),
                arguments("Maskinporten answered the send's token request 400", SvarUtTestfeil.sendingMedTokenfeil(
                        SvarUtTestfeil.maskinportenSvarer(400, "{\"error\":\"invalid_request\"}")), Sendeutfall.IKKE_SENDT),
                arguments("Maskinporten refused the send's token (401)", SvarUtTestfeil.sendingMedTokenfeil(
                        SvarUtTestfeil.maskinportenSvarer(401, "{\"error\":\"invalid_client\"}")), Sendeutfall.IKKE_SENDT),
                arguments("Maskinporten's token answer could not be read", SvarUtTestfeil.sendingMedTokenfeil(
                        SvarUtTestfeil.maskinportenSvarer(200, "<html>proxy</html>")), Sendeutfall.IKKE_SENDT),
                arguments("Maskinporten could not be reached for the send's token", SvarUtTestfeil.sendingMedTokenfeil(
                        SvarUtTestfeil.maskinportenIkkeNaaelig()), Sendeutfall.IKKE_SENDT),
                arguments("Maskinporten did not answer the send's token request in time", SvarUtTestfeil.sendingMedTokenfeil(
                        SvarUtTestfeil.maskinportenSvarerIkke()), Sendeutfall.IKKE_SENDT),
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

    /**
     * DOMAIN.md rule 8, "retries with backoff": which failed sends say only that SvarUt (or the Maskinporten token for it)
     * cannot be had now, so the letter waits with the flow and spends no attempt, and which may be about the letter itself
     * and spend one as before. Every {@code true} row but the 401/403 and look-up rows spent an attempt on the old code,
     * so an outage longer than the attempts and their backoff took letters to AVKLARES or the dead-letter store.
     */
    static Stream<Arguments> flyten() {
        return Stream.of(
                arguments("no connection to SvarUt (refused)", new IngenForbindelse(SvarUtClient.SERVICE, "connection refused",
                        new ConnectException("Connection refused")), true),
                arguments("no connection to SvarUt (connect timed out)", new IngenForbindelse(SvarUtClient.SERVICE, "connect timed out",
                        new org.apache.hc.client5.http.ConnectTimeoutException("Connect timed out")), true),
                arguments("SvarUt answered 503", feil(RegisterException.Kind.UNAVAILABLE, 503), true),
                arguments("SvarUt answered 503, as the client gives it", SvarUtTestfeil.serverfeilPaaSending(503, "TJENESTE_UTILGJENGELIG", null), true),
                arguments("SvarUt refused the send (401)", feil(RegisterException.Kind.UNAUTHORIZED, 401), true),
                arguments("SvarUt refused the send (403)", feil(RegisterException.Kind.UNAUTHORIZED, 403), true),
                // rate limiting (RFC 6585 4): about the platform's calls, not the letter; it spent an attempt on the old
                // code, so a long throttling took letters to the dead-letter store
                arguments("SvarUt answered 429", feil(RegisterException.Kind.THROTTLED, 429), true),
                arguments("SvarUt answered 429 with Retry-After", new RegisterException(SvarUtClient.SERVICE, RegisterException.Kind.THROTTLED,
                        429, "send feilet", java.time.Duration.ofSeconds(3), null), true),
                arguments("the look-up before a later attempt failed (503)",
                        SvarUtTestfeil.oppslagFoerSendingFeilet(feil(RegisterException.Kind.UNAVAILABLE, 503)), true),
                arguments("Maskinporten answered the send's token request 503", SvarUtTestfeil.sendingMedTokenfeil(
                        SvarUtTestfeil.maskinportenSvarer(503, "{\"error\":\"server_error\"}")), true),
                arguments("Maskinporten answered the send's token request 400", SvarUtTestfeil.sendingMedTokenfeil(
                        SvarUtTestfeil.maskinportenSvarer(400, "{\"error\":\"invalid_request\"}")), true),
                arguments("Maskinporten's token answer could not be read", SvarUtTestfeil.sendingMedTokenfeil(
                        SvarUtTestfeil.maskinportenSvarer(200, "<html>proxy</html>")), true),
                arguments("Maskinporten could not be reached for the send's token", SvarUtTestfeil.sendingMedTokenfeil(
                        SvarUtTestfeil.maskinportenIkkeNaaelig()), true),
                // a server error or a gateway's may come from the letter itself (one that breaks SvarUt): it spends an
                // attempt, so such a letter cannot hold the flow for ever
                arguments("SvarUt answered 500", feil(RegisterException.Kind.UNAVAILABLE, 500), false),
                arguments("a gateway answered 502", feil(RegisterException.Kind.UNAVAILABLE, 502), false),
                arguments("a gateway answered 504", feil(RegisterException.Kind.UNAVAILABLE, 504), false),
                arguments("the send's answer was lost", feil(RegisterException.Kind.AMBIGUOUS, 0), false),
                // what sendExactlyOnce gives after its send's 503 and the look-up right after it: not found yet (the
                // settle time), or the look-up met the outage too
                arguments("SvarUt answered 503, not found on eksternReferanse yet", new RegisterException(SvarUtClient.SERVICE,
                        RegisterException.Kind.AMBIGUOUS, 503, "sendingen fikk HTTP 503, og brevet er ikke funnet ennå", null,
                        SvarUtTestfeil.serverfeilPaaSending(503, "TJENESTE_UTILGJENGELIG", null)), true),
                arguments("a send with unknown outcome, then the look-up met a 503", new RegisterException(SvarUtClient.SERVICE,
                        RegisterException.Kind.AMBIGUOUS, 503, "oppslaget feilet", null, feil(RegisterException.Kind.UNAVAILABLE, 503)), true),
                arguments("a send with unknown outcome, then the look-up could not connect", new RegisterException(SvarUtClient.SERVICE,
                        RegisterException.Kind.AMBIGUOUS, 0, "oppslaget feilet", null,
                        new IngenForbindelse(SvarUtClient.SERVICE, "connection refused", null)), true),
                arguments("a send with unknown outcome, then the look-up was refused (401)", new RegisterException(SvarUtClient.SERVICE,
                        RegisterException.Kind.AMBIGUOUS, 401, "oppslaget feilet", null, feil(RegisterException.Kind.UNAUTHORIZED, 401)), true),
                arguments("SvarUt answered 502, not found on eksternReferanse yet", new RegisterException(SvarUtClient.SERVICE,
                        RegisterException.Kind.AMBIGUOUS, 502, "sendingen fikk HTTP 502, og brevet er ikke funnet ennå", null,
                        SvarUtTestfeil.serverfeilPaaSending(502, "INTERN_FEIL", null)), false),
                arguments("SvarUt answered 502, as the client gives it", SvarUtTestfeil.serverfeilPaaSending(502, "INTERN_FEIL", null), false),
                arguments("a lost answer, then the look-up's answer could not be read", new RegisterException(SvarUtClient.SERVICE,
                        RegisterException.Kind.AMBIGUOUS, 200, "oppslaget feilet", null, feil(RegisterException.Kind.BAD_RESPONSE, 200)), false),
                arguments("the send's 2xx could not be read", new SvarUtClient.UlesbartSendesvar(200, "send: svaret er ikke JSON"), false),
                arguments("the send was interrupted once begun", new Avbrutt(SvarUtClient.SERVICE, false,
                        new InterruptedIOException("interrupted while sending the request body")), false),
                arguments("the fence refused before the call's first send", SvarUtTestfeil.sendingAvvist(true), false),
                arguments("the letter broke SvarUt's rules before the call", new SvarUtClient.Regelbrudd(List.of("filnavn")), false),

                arguments("SvarUt answered 400", feil(RegisterException.Kind.REJECTED, 400), false),
                arguments("SvarUt answered 404", feil(RegisterException.Kind.NOT_FOUND, 404), false),
                arguments("something the client does not give", new IllegalStateException("?"), false));
    }

    @ParameterizedTest(name = "{0} -> waits with the flow: {2}")
    @MethodSource("flyten")
    void should_let_a_letter_wait_with_the_flow_without_spending_an_attempt_only_when_the_failure_is_the_services_not_the_letters(
            String tilfelle, RuntimeException e, boolean venter) {
        assertThat(Sendeutfall.venterMedFlyten(e)).isEqualTo(venter);
    }

    /**
     * A send's transport failures as the HTTP client gives them (RegisterHttp on Apache HttpClient's classic client, against
     * sockets on this machine): only a failure to connect is certain to have sent nothing. The first two rows were
     * BESVART on the old code (UNAVAILABLE with no status, as if SvarUt had answered).
     */
    static Stream<Arguments> transport() {
        return Stream.of(
                arguments("the connection was refused", (Transport) SendeutfallTest::ingenLytter, Sendeutfall.IKKE_SENDT),
                arguments("the host name does not resolve", (Transport) tjeneste -> URI.create("http://svarut.invalid:" + tjeneste.getLocalPort() + "/send"),
                        Sendeutfall.IKKE_SENDT),
                arguments("the connection was reset after the request went out", (Transport) SendeutfallTest::nullstillerEtterForespoersel,
                        Sendeutfall.UKJENT),
                arguments("no answer came within the request's timeout", (Transport) SendeutfallTest::svarerIkke, Sendeutfall.UKJENT));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("transport")
    void should_close_a_send_as_not_sent_only_when_the_http_client_never_connected(String tilfelle, Transport transport, Sendeutfall forventet)
            throws Exception {
        try (ServerSocket tjeneste = new ServerSocket(0)) {
            RegisterHttp http = new RegisterHttp(SvarUtClient.SERVICE, Duration.ofSeconds(2), Duration.ofMillis(500));
            HttpRequest send = http.request(transport.uri(tjeneste)).POST(HttpRequest.BodyPublishers.ofString("{\"tittel\":\"Vedtak\"}")).build();
            RegisterException feil = catchThrowableOfType(RegisterException.class,
                    () -> http.send(send, HttpResponse.BodyHandlers.ofString(), false));
            assertThat(feil).as("the send failed").isNotNull();
            assertThat(Sendeutfall.av(feil)).isEqualTo(forventet);
        }
    }

    /**
     * A shutdown ({@code shutdownNow}) interrupts the sending thread while it writes the request: SvarUt has its head and
     * part of the letter, and may have the rest. UNAVAILABLE with no status on the old code (BESVART: the attempt closed,
     * the settle time skipped, the next holder free to send again); now UKJENT, and the interrupt flag stays set.
     */
    @Test
    void should_not_close_a_send_interrupted_while_the_request_went_out_as_answered() throws Exception {
        Thread sender = Thread.currentThread();
        try (ServerSocket tjeneste = new ServerSocket(0)) {
            tjenesteTraad(tjeneste, s -> {
                lesHode(s);
                sender.interrupt();
                Thread.sleep(3_000);
            });
            RegisterHttp http = new RegisterHttp(SvarUtClient.SERVICE, Duration.ofSeconds(2), Duration.ofSeconds(10));
            HttpRequest send = http.request(URI.create("http://localhost:" + tjeneste.getLocalPort() + "/send"))
                    .POST(HttpRequest.BodyPublishers.fromPublisher(stoppetKropp(), 1 << 20)).build();
            RegisterException feil = catchThrowableOfType(RegisterException.class,
                    () -> http.send(send, HttpResponse.BodyHandlers.ofString(), false));
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt flag is kept").isTrue();
            assertThat(feil).as("the send failed").isNotNull();
            assertThat(Sendeutfall.av(feil)).isEqualTo(Sendeutfall.UKJENT);
            assertThat(SvarUtFeilaarsak.av(feil)).doesNotContain("ikke sendt");
        } finally {
            Thread.interrupted();
        }
    }

    /** A thread interrupted before the send began: no connection is made, nothing leaves, IKKE_SENDT. */
    @Test
    void should_close_a_send_on_a_thread_interrupted_before_it_began_as_not_sent() throws Exception {
        try (ServerSocket tjeneste = new ServerSocket(0)) {
            RegisterHttp http = new RegisterHttp(SvarUtClient.SERVICE, Duration.ofSeconds(2), Duration.ofMillis(500));
            HttpRequest send = http.request(URI.create("http://localhost:" + tjeneste.getLocalPort() + "/send"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"tittel\":\"Vedtak\"}")).build();
            Thread.currentThread().interrupt();
            RegisterException feil = catchThrowableOfType(RegisterException.class,
                    () -> http.send(send, HttpResponse.BodyHandlers.ofString(), false));
            assertThat(Thread.currentThread().isInterrupted()).as("the interrupt flag is kept").isTrue();
            assertThat(feil).isInstanceOf(IngenForbindelse.class);
            assertThat(Sendeutfall.av(feil)).isEqualTo(Sendeutfall.IKKE_SENDT);
        } finally {
            Thread.interrupted();
        }
    }

    /** A body whose first 64 KiB are given at once (more than the client buffers, so they go out) and the rest never. */
    private static Flow.Publisher<ByteBuffer> stoppetKropp() {
        return mottaker -> mottaker.onSubscribe(new Flow.Subscription() {
            private boolean gitt;

            @Override
            public void request(long n) {
                if (!gitt) {
                    gitt = true;
                    mottaker.onNext(ByteBuffer.wrap(new byte[64 * 1024]));
                }
            }

            @Override
            public void cancel() {
            }
        });
    }

    /** Where a test's send goes, given a listening socket the case may use (or not). */
    interface Transport {
        URI uri(ServerSocket tjeneste) throws Exception;
    }

    /** A port nothing listens on: the socket given is closed first. */
    private static URI ingenLytter(ServerSocket tjeneste) throws Exception {
        int port = tjeneste.getLocalPort();
        tjeneste.close();
        return URI.create("http://localhost:" + port + "/send");
    }

    /** The service reads the request, then resets the connection (SO_LINGER 0) without an answer. */
    private static URI nullstillerEtterForespoersel(ServerSocket tjeneste) {
        tjenesteTraad(tjeneste, s -> {
            lesHode(s);
            s.setSoLinger(true, 0);
        });
        return URI.create("http://localhost:" + tjeneste.getLocalPort() + "/send");
    }

    /** The service reads the request and never answers (longer than the request's timeout). */
    private static URI svarerIkke(ServerSocket tjeneste) {
        tjenesteTraad(tjeneste, s -> {
            lesHode(s);
            Thread.sleep(3_000);
        });
        return URI.create("http://localhost:" + tjeneste.getLocalPort() + "/send");
    }

    interface Tilkobling {
        void haandter(Socket s) throws Exception;
    }

    private static void tjenesteTraad(ServerSocket tjeneste, Tilkobling tilkobling) {
        Thread t = new Thread(() -> {
            try (Socket s = tjeneste.accept()) {
                tilkobling.haandter(s);
            } catch (Exception e) {
                // the test's socket closed: nothing more to serve
            }
        });
        t.setDaemon(true);
        t.start();
    }

    private static void lesHode(Socket s) throws java.io.IOException {
        java.io.InputStream inn = s.getInputStream();
        StringBuilder hode = new StringBuilder();
        int b;
        while (!hode.toString().endsWith("\r\n\r\n") && (b = inn.read()) >= 0) {
            hode.append((char) b);
        }
    }

    private static RegisterException feil(RegisterException.Kind kind, int status) {
        return new RegisterException(SvarUtClient.SERVICE, kind, status, "feilet");
    }
}
