package no.kommune.esb.varsel;

import no.kommune.esb.maskinporten.StubServer;
import no.kommune.esb.register.Avbrutt;
import no.kommune.esb.register.RegisterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link Varselfeil#venterMedFlyten}: which failed SMS/e-mail sends wait with the flow without spending an attempt. Each
 * row fails a real send (the SMS client against a local HTTP server, the e-mail sender against a scripted SMTP server),
 * so the table checks the failure as the client gives it. Before the fix every failure spent an attempt (VarselSender
 * called Forsoksregel for each), so a gateway or SMTP outage longer than the attempts ended its messages in the
 * dead-letter store; and a 421 greeting (the SMTP server refusing every connection) was read as a lost answer.
 */
class VarselfeilTest {

    static Stream<Arguments> sms() {
        return Stream.of(
                Arguments.of("no connection (refused)", null, true),
                Arguments.of("503 gateway down", StubServer.Answer.json(503, "{}"), true),
                Arguments.of("503 with Retry-After", new StubServer.Answer(503, "{}", Map.of("Retry-After", "2")), true),
                Arguments.of("401 API key refused", StubServer.Answer.json(401, "{\"error\":\"UNAUTHORIZED\"}"), true),
                Arguments.of("403 API key refused", StubServer.Answer.json(403, "{}"), true),
                Arguments.of("429 rate limited", new StubServer.Answer(429, "{\"error\":\"TOO_MANY_REQUESTS\"}", Map.of("Retry-After", "3")), true),
                // may be about the message itself: an attempt, as before
                Arguments.of("500", StubServer.Answer.json(500, "{}"), false),
                Arguments.of("502", StubServer.Answer.json(502, "{}"), false),
                Arguments.of("504", StubServer.Answer.json(504, "{}"), false),

                Arguments.of("400 invalid number", StubServer.Answer.json(400, "{\"error\":\"INVALID_NUMBER\"}"), false),
                Arguments.of("unreadable answer", StubServer.Answer.json(201, "<html/>"), false));
    }

    @ParameterizedTest(name = "SMS {0}: waits with the flow {2}")
    @MethodSource("sms")
    void should_let_a_service_message_wait_with_the_flow_only_when_the_sms_gateway_certainly_took_nothing_and_is_down(
            String tilfelle, StubServer.Answer svar, boolean venter) throws Exception {
        RegisterException e;
        if (svar == null) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            e = catchThrowableOfType(() -> SmsClientTest.klient(URI.create("http://127.0.0.1:" + port)).send(SmsClientTest.NUMMER, "t", "r"),
                    RegisterException.class);
        } else {
            try (StubServer gateway = new StubServer(r -> svar)) {
                e = catchThrowableOfType(() -> SmsClientTest.klient(gateway.uri("")).send(SmsClientTest.NUMMER, "t", "r"), RegisterException.class);
            }
        }
        assertThat(e).as("the send failed").isNotNull();
        assertThat(Varselfeil.venterMedFlyten(e)).isEqualTo(venter);
    }

    @Test
    void should_keep_the_careful_path_after_a_lost_sms_answer() throws Exception {
        try (ServerSocket server = new ServerSocket(0)) {
            Thread t = new Thread(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    in.read(new byte[8192]);
                    // the request arrived; the connection drops before any answer: the gateway may have taken it
                } catch (IOException ignored) {
                    // the assertion is on the client's side
                }
            });
            t.start();
            RegisterException e = catchThrowableOfType(() -> SmsClientTest.klient(URI.create("http://127.0.0.1:" + server.getLocalPort()))
                    .send(SmsClientTest.NUMMER, "t", "r"), RegisterException.class);
            t.join(5000);
            assertThat(e.kind()).isEqualTo(RegisterException.Kind.AMBIGUOUS);
            assertThat(Varselfeil.venterMedFlyten(e)).isFalse();
        }
    }

    static Stream<Arguments> smtp() {
        return Stream.of(
                Arguments.of("no connection (refused)", null, null, true),
                Arguments.of("421 greeting", "GREETING", "421 4.3.2 service not available", true),
                Arguments.of("421 to MAIL FROM", "MAIL", "421 4.3.2 closing channel", true),
                Arguments.of("451 to RCPT TO", "RCPT", "451 4.3.0 local error in processing", true),
                Arguments.of("452 after the data", "END", "452 4.3.1 insufficient system storage", true),
                Arguments.of("451 after the data", "END", "451 4.3.0 try again later", true),
                // the recipient's mailbox, not the server: an attempt, as before
                Arguments.of("450 to RCPT TO", "RCPT", "450 4.2.1 mailbox busy", false),
                Arguments.of("550 to RCPT TO", "RCPT", "550 5.1.1 no such user", false),
                Arguments.of("554 after the data", "END", "554 5.7.1 rejected", false),
                // the whole mail went and no reply came: it may have been accepted
                Arguments.of("connection lost after the data", "END", null, false));
    }

    @ParameterizedTest(name = "SMTP {0}: waits with the flow {3}")
    @MethodSource("smtp")
    void should_let_a_service_message_wait_with_the_flow_only_when_the_smtp_server_certainly_took_nothing_and_is_down(
            String tilfelle, String steg, String svar, boolean venter) throws Exception {
        RegisterException e;
        try (ServerSocket server = new ServerSocket(0)) {
            int port = server.getLocalPort();
            if (steg == null) {
                server.close();
            } else {
                Thread t = new Thread(() -> skriptet(server, steg, svar));
                t.setDaemon(true);
                t.start();
            }
            e = catchThrowableOfType(() -> EpostSenderTest.sender(port).send(EpostSenderTest.TIL, "Emne", "tekst", "mb-1"), RegisterException.class);
        }
        assertThat(e).as("the send failed").isNotNull();
        assertThat(e.getMessage()).doesNotContain("nordmann");
        assertThat(Varselfeil.venterMedFlyten(e)).isEqualTo(venter);
    }

    @ParameterizedTest(name = "{0}: waits with the flow false")
    @MethodSource("andre")
    void should_not_let_an_interrupted_call_or_another_service_wait(String tilfelle, RuntimeException e) {
        assertThat(Varselfeil.venterMedFlyten(e)).isFalse();
    }

    static Stream<Arguments> andre() {
        return Stream.of(
                Arguments.of("SMS interrupted while the request went out", new Avbrutt(SmsClient.SERVICE, false, new InterruptedException())),
                Arguments.of("not a gateway's failure", new IllegalStateException("x")),
                Arguments.of("SvarUt's 503 (its own rule, Sendeutfall)", new RegisterException("svarut", RegisterException.Kind.UNAVAILABLE, 503, "x")));
    }

    /**
     * An SMTP server that answers {@code svar} at {@code steg} (GREETING, MAIL, RCPT, END: after the data's final dot)
     * and closes the connection; everything before it is accepted. A null {@code svar} drops the connection there unanswered.
     */
    private static void skriptet(ServerSocket server, String steg, String svar) {
        try (Socket s = server.accept();
             BufferedReader inn = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
             Writer ut = new OutputStreamWriter(s.getOutputStream(), StandardCharsets.US_ASCII)) {
            if (steg.equals("GREETING")) {
                svar(ut, svar);
                return;
            }
            svar(ut, "220 test ESMTP");
            String linje;
            while ((linje = inn.readLine()) != null) {
                String kommando = linje.toUpperCase(Locale.ROOT);
                if (kommando.startsWith("EHLO") || kommando.startsWith("HELO")) {
                    svar(ut, "250 test");
                } else if (kommando.startsWith("MAIL") && steg.equals("MAIL") || kommando.startsWith("RCPT") && steg.equals("RCPT")) {
                    svar(ut, svar);
                    return;
                } else if (kommando.startsWith("DATA")) {
                    svar(ut, "354 go on");
                    while ((linje = inn.readLine()) != null && !linje.equals(".")) {
                        // the mail's lines
                    }
                    if (svar != null) {
                        svar(ut, svar);
                    }
                    return;
                } else if (kommando.startsWith("QUIT")) {
                    svar(ut, "221 bye");
                    return;
                } else {
                    svar(ut, "250 ok");
                }
            }
        } catch (IOException e) {
            // the client went away: the assertion is on its side
        }
    }

    private static void svar(Writer ut, String linje) throws IOException {
        ut.write(linje + "\r\n");
        ut.flush();
    }
}
