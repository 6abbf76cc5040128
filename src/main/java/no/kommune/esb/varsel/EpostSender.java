package no.kommune.esb.varsel;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import no.kommune.esb.register.IngenForbindelse;
import no.kommune.esb.register.RegisterException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/**
 * Sends a service message as a plain-text e-mail over SMTP (Jakarta Mail), with STARTTLS required when configured.
 * Each message's Message-ID is {@code <referanse@domene>}, so a mail system that sees the same message twice can
 * tell; SMTP itself has no idempotency (docs/forsendelse.md says what that means after a lost answer).
 * Failures become {@link RegisterException}s whose messages name only the SMTP reply code, never an address:
 * a 4xx reply or a lost connection may succeed later, a 5xx reply or refused login will not. A failure before the first
 * MAIL command (no connection, a bad greeting such as 421, a refused EHLO or STARTTLS) is {@link IngenForbindelse}:
 * nothing of the message reached the server.
 */
public final class EpostSender {

    static final String SERVICE = "smtp";

    private final JavaMailSenderImpl mail;
    private final InternetAddress fra;
    private final String domene;

    public EpostSender(EpostProperties properties) {
        properties.requireComplete();
        this.mail = new JavaMailSenderImpl() {
            @Override
            protected Transport connectTransport() throws MessagingException {
                try {
                    return super.connectTransport();
                } catch (AuthenticationFailedException e) {
                    // a refused login stays MailAuthenticationException (UNAUTHORIZED)
                    throw e;
                } catch (MessagingException e) {
                    // no MAIL command was given: nothing of the message reached the server (a bad greeting such as 421,
                    // a refused EHLO or STARTTLS, no greeting in time)
                    throw new IkkeTilkoblet(e);
                }
            }
        };
        mail.setHost(properties.host());
        mail.setPort(properties.port());
        mail.setDefaultEncoding(StandardCharsets.UTF_8.name());
        Properties p = new Properties();
        String ms = Long.toString(properties.timeout().toMillis());
        p.setProperty("mail.smtp.connectiontimeout", ms);
        p.setProperty("mail.smtp.timeout", ms);
        p.setProperty("mail.smtp.writetimeout", ms);
        if (properties.starttls()) {
            p.setProperty("mail.smtp.starttls.enable", "true");
            p.setProperty("mail.smtp.starttls.required", "true");
        }
        if (properties.username() != null && !properties.username().isBlank()) {
            mail.setUsername(properties.username());
            mail.setPassword(properties.password());
            p.setProperty("mail.smtp.auth", "true");
        }
        mail.setJavaMailProperties(p);
        try {
            this.fra = new InternetAddress(properties.fra(), true);
        } catch (MessagingException e) {
            throw new IllegalStateException("varsel.epost.fra is not an e-mail address", e);
        }
        this.domene = properties.domene();
    }

    /** Sends one e-mail; returns its Message-ID. */
    public String send(String til, String emne, String tekst, String referanse) {
        String messageId = "<" + referanse + "@" + domene + ">";
        try {
            MimeMessage m = mail.createMimeMessage();
            m.setFrom(fra);
            m.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(til, true));
            m.setSubject(emne, StandardCharsets.UTF_8.name());
            m.setText(tekst, StandardCharsets.UTF_8.name());
            m.setSentDate(new Date());
            m.setHeader("Message-ID", messageId);
            mail.send(m);
            return messageId;
        } catch (MessagingException e) {
            // built before any connection: the address itself is not valid
            throw new RegisterException(SERVICE, RegisterException.Kind.REJECTED, 0, "e-mail address not valid");
        } catch (MailAuthenticationException e) {
            throw new RegisterException(SERVICE, RegisterException.Kind.UNAUTHORIZED, 0, "SMTP login refused");
        } catch (MailException e) {
            throw klassifiser(e);
        }
    }

    private static RegisterException klassifiser(MailException e) {
        int kode = svarkode(e);
        if (kode >= 500) {
            return new RegisterException(SERVICE, RegisterException.Kind.REJECTED, kode, "e-mail refused by the SMTP server (reply " + kode + ")");
        }
        if (kode >= 400) {
            return new RegisterException(SERVICE, RegisterException.Kind.UNAVAILABLE, kode, "e-mail deferred by the SMTP server (reply " + kode + ")");
        }
        Throwable rot = rot(e);
        if (ikkeNaadd(rot)) {
            return new IngenForbindelse(SERVICE, "SMTP server not reachable (" + rot.getClass().getSimpleName() + ")", null);
        }
        if (ikkeTilkoblet(e)) {
            return new IngenForbindelse(SERVICE, "SMTP session not opened, no mail given (" + rot.getClass().getSimpleName() + ")", null);
        }
        // the connection was open and went away (or timed out) without a reply: the mail may have been accepted
        return new RegisterException(SERVICE, RegisterException.Kind.AMBIGUOUS, 0, "SMTP connection lost without an answer ("
                + rot.getClass().getSimpleName() + ")");
    }

    /** True when nothing reached the SMTP server: no connection was made at all. */
    private static boolean ikkeNaadd(Throwable rot) {
        return rot instanceof java.net.ConnectException || rot instanceof java.net.UnknownHostException
                || rot instanceof java.net.NoRouteToHostException || rot instanceof java.net.PortUnreachableException;
    }

    /** True when the failure came while opening the session ({@link IkkeTilkoblet}), before any mail was given. */
    private static boolean ikkeTilkoblet(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IkkeTilkoblet) {
                return true;
            }
        }
        return false;
    }

    /**
     * A failure while the session was opened (connect, greeting, EHLO, STARTTLS), before the first MAIL command: the
     * message cannot have reached the server. Its cause is the original failure, for the classification's root.
     */
    private static final class IkkeTilkoblet extends MessagingException {
        IkkeTilkoblet(MessagingException aarsak) {
            super("SMTP session not opened", aarsak);
        }
    }

    /** The SMTP reply code carried somewhere in the failure, or 0. */
    private static int svarkode(Throwable e) {
        if (e instanceof MailSendException send) {
            for (Exception failed : send.getFailedMessages().values()) {
                int kode = svarkode(failed);
                if (kode > 0) {
                    return kode;
                }
            }
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SMTPAddressFailedException a) {
                return a.getReturnCode();
            }
            if (t instanceof SMTPSendFailedException s) {
                return s.getReturnCode();
            }
            if (t instanceof jakarta.mail.MessagingException m && m.getNextException() != null && m.getNextException() != t) {
                int kode = svarkode(m.getNextException());
                if (kode > 0) {
                    return kode;
                }
            }
        }
        return 0;
    }

    /** The innermost cause; only its class name is used (e.g. ConnectException), never its message. */
    private static Throwable rot(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
