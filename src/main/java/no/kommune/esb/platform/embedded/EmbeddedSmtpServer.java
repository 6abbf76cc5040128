package no.kommune.esb.platform.embedded;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * An SMTP server (GreenMail) on 127.0.0.1 that takes every e-mail without login or TLS and keeps it in memory, so
 * the local profile and the tests send service messages over real SMTP. Registered as the bean
 * {@code embeddedSmtpServer}, so tests can read what arrived. Nothing is delivered anywhere else.
 */
public final class EmbeddedSmtpServer implements AutoCloseable {

    /** One e-mail as it arrived; {@code toString} leaves out the address and the text. */
    public record Epost(List<String> til, String fra, String emne, String tekst, String messageId) {
        @Override
        public String toString() {
            return "Epost[" + messageId + ", " + til.size() + " mottaker(e)]";
        }
    }

    private final GreenMail server;
    private final int port;

    private EmbeddedSmtpServer(GreenMail server, int port) {
        this.server = server;
        this.port = port;
    }

    static EmbeddedSmtpServer start(int port) throws IOException {
        int actualPort = Ledigport.ellerNy(port);
        GreenMail server = new GreenMail(new ServerSetup(actualPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return new EmbeddedSmtpServer(server, actualPort);
    }

    public int port() {
        return port;
    }

    /** Every e-mail received since start, oldest first. */
    public List<Epost> mottatt() {
        return Arrays.stream(server.getReceivedMessages()).map(EmbeddedSmtpServer::les).toList();
    }

    private static Epost les(MimeMessage m) {
        try {
            Address[] til = m.getAllRecipients();
            Object innhold = m.getContent();
            return new Epost(til == null ? List.of() : Arrays.stream(til).map(Address::toString).collect(Collectors.toList()),
                    m.getFrom() == null || m.getFrom().length == 0 ? null : m.getFrom()[0].toString(),
                    m.getSubject(), innhold instanceof String s ? s.strip() : String.valueOf(innhold), m.getMessageID());
        } catch (MessagingException | IOException e) {
            throw new IllegalStateException("received e-mail could not be read", e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }
}
