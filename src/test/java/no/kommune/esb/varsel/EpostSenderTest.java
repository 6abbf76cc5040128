package no.kommune.esb.varsel;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import no.kommune.esb.register.RegisterException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EpostSenderTest {

    static final String TIL = "ola.nordmann@eksempel.no";

    GreenMail smtp;
    int port;

    @BeforeEach
    void start() throws Exception {
        port = ledigPort();
        smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    static int ledigPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static EpostSender sender(int port) {
        return new EpostSender(new EpostProperties("127.0.0.1", port, null, null, false, "ikke-svar@kommune.example", "test-esb", Duration.ofSeconds(2)));
    }

    @Test
    void should_send_a_plain_text_mail_with_the_recipient_letter_id_in_its_message_id() throws Exception {
        String messageId = sender(port).send(TIL, "Stenging av vann", "Vannet stenges tirsdag 08–12 på Årstad", "mb-1");

        assertThat(messageId).isEqualTo("<mb-1@test-esb>");
        MimeMessage[] mottatt = smtp.getReceivedMessages();
        assertThat(mottatt).hasSize(1);
        assertThat(mottatt[0].getAllRecipients()[0].toString()).isEqualTo(TIL);
        assertThat(mottatt[0].getFrom()[0].toString()).isEqualTo("ikke-svar@kommune.example");
        assertThat(mottatt[0].getSubject()).isEqualTo("Stenging av vann");
        assertThat(mottatt[0].getContent().toString().strip()).isEqualTo("Vannet stenges tirsdag 08–12 på Årstad");
        assertThat(mottatt[0].getMessageID()).isEqualTo("<mb-1@test-esb>");
    }

    @Test
    void should_call_an_unreachable_server_retryable_without_naming_the_address() {
        smtp.stop();

        assertThatThrownBy(() -> sender(port).send(TIL, "Stenging av vann", "tekst", "mb-2"))
                .isInstanceOfSatisfying(RegisterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegisterException.Kind.UNAVAILABLE);
                    assertThat(e.isRetryable()).isTrue();
                    assertThat(e.getMessage()).doesNotContain("nordmann").doesNotContain("eksempel.no");
                    assertThat(e.getCause()).isNull();
                });
    }

    @Test
    void should_call_a_connection_lost_after_the_mail_was_handed_over_ambiguous() throws Exception {
        // an SMTP server that takes the whole mail and closes the connection instead of answering "250"
        try (ServerSocket server = new ServerSocket(0)) {
            Thread t = new Thread(() -> svarIkkeEtterData(server));
            t.setDaemon(true);
            t.start();

            assertThatThrownBy(() -> sender(server.getLocalPort()).send(TIL, "Stenging av vann", "tekst", "mb-4"))
                    .isInstanceOfSatisfying(RegisterException.class, e -> {
                        assertThat(e.kind()).as("the server may have accepted it").isEqualTo(RegisterException.Kind.AMBIGUOUS);
                        assertThat(e.getMessage()).doesNotContain("nordmann");
                    });
        }
    }

    private static void svarIkkeEtterData(ServerSocket server) {
        try (java.net.Socket s = server.accept();
             java.io.BufferedReader inn = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
             java.io.Writer ut = new java.io.OutputStreamWriter(s.getOutputStream(), java.nio.charset.StandardCharsets.US_ASCII)) {
            ut.write("220 test ESMTP\r\n");
            ut.flush();
            String linje;
            while ((linje = inn.readLine()) != null) {
                String kommando = linje.toUpperCase(java.util.Locale.ROOT);
                if (kommando.startsWith("EHLO") || kommando.startsWith("HELO")) {
                    ut.write("250 test\r\n");
                } else if (kommando.startsWith("DATA")) {
                    ut.write("354 go on\r\n");
                    ut.flush();
                    while ((linje = inn.readLine()) != null && !linje.equals(".")) {
                        // the whole mail arrives; then the connection drops without "250"
                    }
                    return;
                } else {
                    ut.write("250 ok\r\n");
                }
                ut.flush();
            }
        } catch (java.io.IOException e) {
            // the client went away: the test asserts on the client's side
        }
    }

    @Test
    void should_refuse_an_address_that_is_not_one_without_echoing_it() {
        assertThatThrownBy(() -> sender(port).send("ola nordmann@@eksempel", "Stenging av vann", "tekst", "mb-3"))
                .isInstanceOfSatisfying(RegisterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegisterException.Kind.REJECTED);
                    assertThat(e.getMessage()).doesNotContain("nordmann");
                });
        assertThat(smtp.getReceivedMessages()).isEmpty();
    }

    @Test
    void should_refuse_to_start_without_a_from_address_or_with_a_login_but_no_password() {
        assertThatThrownBy(() -> new EpostSender(new EpostProperties("smtp.kommune.no", 587, null, null, true, " ", null, null)))
                .hasMessageContaining("varsel.epost.fra");
        assertThatThrownBy(() -> new EpostSender(new EpostProperties("smtp.kommune.no", 587, "esb", "", true, "a@b.no", null, null)))
                .hasMessageContaining("varsel.epost.password");
    }
}
