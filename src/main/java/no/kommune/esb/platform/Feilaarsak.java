package no.kommune.esb.platform;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SftpException;
import jakarta.jms.JMSException;
import no.kommune.esb.register.RegisterException;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jms.JmsException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.time.DateTimeException;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * A failure as the reason stored beside a delivery, a status message or a letter that could not be processed, in the
 * words the integration team reads in the console and a sender reads in a letter's status: what kind of failure it was
 * ("tidsavbrudd", "mottakeren svarte HTTP 503"), never a Java class name and never an exception's message, which may
 * quote the payload, a person (a name, a protected person's address, a phone number) or a URI with credentials. The
 * kinds are found along the cause chain, most telling first. A register's failure is worded as everywhere else, by
 * {@link Registerfeilaarsak#hva} ("KRR er utilgjengelig (HTTP 503)"); a {@link Konfigurasjonsfeil} by its own words,
 * which name settings only.
 * <p>
 * A kind whose words do not say what to do ("ugyldig tilstand", "uventet feil", "databasefeil", …) gets, through
 * {@link #registrer}, the component it happened in and an error id, and one WARN line with that id names the exception's
 * classes and where each was thrown, never a message: the team finds the line, a developer the code. Before session 32
 * an {@link IllegalStateException}'s message was kept, masked for identity numbers and e-mail addresses only.
 */
public final class Feilaarsak {

    private static final Logger log = LoggerFactory.getLogger(Feilaarsak.class);

    /** A kind of failure: its words, and whether they need the log line of {@link #registrer} to be acted on. */
    private record Art(Class<? extends Throwable> klasse, Function<Throwable, String> ord, boolean trengerLogg) {
        Art(Class<? extends Throwable> klasse, Function<Throwable, String> ord) {
            this(klasse, ord, false);
        }
    }

    /** The reason when no kind matches. */
    static final String UVENTET = "uventet feil";

    /** Most telling first: an answer's status beats the transport that carried it, which beats a wrapper. */
    private static final List<Art> ARTER = List.of(
            // a register's failure in the one wording of register failures, as on a letter's timeline and an alarm
            new Art(RegisterException.class, e -> Registerfeilaarsak.hva((RegisterException) e)),
            new Art(HttpOperationFailedException.class, e -> "mottakeren svarte HTTP " + ((HttpOperationFailedException) e).getStatusCode()),
            // a fagsystem's webhook answering the event delivery (an IllegalStateException, so before that Art)
            new Art(no.kommune.esb.hendelser.flyt.HendelseLeverer.WebhookSvar.class,
                    e -> "mottakeren svarte HTTP " + ((no.kommune.esb.hendelser.flyt.HendelseLeverer.WebhookSvar) e).status()),
            new Art(HttpTimeoutException.class, e -> "tidsavbrudd"),
            new Art(SocketTimeoutException.class, e -> "tidsavbrudd"),
            // Apache HttpClient's connect timeout (webhook deliveries) is an InterruptedIOException, not a socket timeout
            new Art(org.apache.hc.client5.http.ConnectTimeoutException.class, e -> "tidsavbrudd"),
            new Art(java.util.concurrent.TimeoutException.class, e -> "tidsavbrudd"),
            // the event delivery's JMS send the broker held back past hendelser.levering.jms-tidsgrense
            new Art(no.kommune.esb.hendelser.flyt.JmsLevering.Tidsavbrudd.class,
                    e -> "tidsavbrudd: meldingskøen (JMS) tok ikke imot meldingene (megleren holder dem igjen, f.eks. full kø eller disk)"),
            new Art(org.apache.kafka.common.errors.TimeoutException.class, e -> "tidsavbrudd mot Kafka"),
            // an SFTP write that took nothing more of its file past twice platform.sftp.tidsgrense.svar (a stuck SFTP subsystem)
            new Art(no.kommune.esb.platform.sftp.SftpSkriving.Tidsavbrudd.class,
                    e -> "tidsavbrudd: SFTP-tjeneren fullførte ikke skrivingen av filen"),
            // an SFTP request of a route's sftp: endpoint that made no progress past twice platform.sftp.tidsgrense.svar
            new Art(no.kommune.esb.platform.sftp.BegrensetSftpOperasjoner.Tidsavbrudd.class,
                    e -> "tidsavbrudd: SFTP-tjeneren svarte ikke på forespørselen"),
            new Art(ConnectException.class, e -> "mottakeren svarer ikke (forbindelsen ble avvist)"),
            new Art(UnknownHostException.class, e -> "ukjent vertsnavn"),
            new Art(SSLException.class, e -> "TLS-feil"),
            new Art(KafkaException.class, e -> "Kafka avviste meldingen"),
            new Art(JMSException.class, e -> "meldingskøen (JMS) avviste meldingen"),
            new Art(JmsException.class, e -> "meldingskøen (JMS) avviste meldingen"),
            new Art(JSchException.class, e -> "SFTP-feil"),
            new Art(SftpException.class, e -> "SFTP-feil"),
            new Art(GenericFileOperationFailedException.class, e -> "filoverføringen feilet"),
            new Art(DataAccessException.class, e -> "databasefeil", true),
            new Art(SQLException.class, e -> "databasefeil", true),
            // a mapping that failed on one document (its message names the mapping file and may carry its details, so it is left out)
            new Art(no.kommune.esb.mapping.MappingException.class, e -> "mappingen kunne ikke lage meldingen"),
            new Art(IOException.class, e -> "lese- eller skrivefeil", true),
            // the platform's own words about its configuration (an unset environment variable): settings only, never a value
            new Art(Konfigurasjonsfeil.class, e -> "feil i konfigurasjonen: " + Maskering.tekst(e.getMessage())),
            // the message is never kept: a library's or a rule's words may quote a person, an address, a phone number
            new Art(IllegalStateException.class, e -> "ugyldig tilstand", true),
            new Art(IllegalArgumentException.class, e -> "ugyldige data", true),
            new Art(ArithmeticException.class, e -> "ugyldige data", true),
            new Art(DateTimeException.class, e -> "ugyldig dato", true));

    private Feilaarsak() {
    }

    /** The longest cause chain followed: a chain that loops back (a → b → a) would otherwise be followed for ever. */
    private static final int MAKS_AARSAKER = 32;

    /** The reason to store for {@code e}: the most telling kind along its cause chain, or "uventet feil". */
    public static String av(Throwable e) {
        Art art = art(e);
        return art == null ? UVENTET : art.ord().apply(funnet(art, e));
    }

    /**
     * The reason to store and show for a failure in {@code komponent} (a fixed name of the code, e.g. "hendelseleveringen"):
     * {@link #av}, and for a kind whose words do not say what happened ({@code trengerLogg}, and "uventet feil") the
     * component and an error id, {@code "ugyldig tilstand (hendelseleveringen, feil-id 3f2a9c1e)"}, with one WARN line
     * naming that id, the exceptions' classes and where each was thrown ({@link #spor}); never a message.
     */
    public static String registrer(Throwable e, String komponent) {
        Art art = art(e);
        if (art != null && !art.trengerLogg()) {
            return art.ord().apply(funnet(art, e));
        }
        String ord = art == null ? UVENTET : art.ord().apply(funnet(art, e));
        String id = UUID.randomUUID().toString().substring(0, 8);
        log.warn("Feil-id {} i {}: {} ({})", id, komponent, ord, spor(e));
        return ord + " (" + komponent + ", feil-id " + id + ")";
    }

    /**
     * The cause chain for the log: each exception's class and the frame it was thrown from (and the first frame of the
     * platform's own code when that is another), {@code " <- "} between them; no message, no whole stack trace.
     */
    public static String spor(Throwable e) {
        StringBuilder s = new StringBuilder();
        int n = 0;
        for (Throwable t = e; t != null && n < MAKS_AARSAKER; t = t.getCause() == t ? null : t.getCause(), n++) {
            if (n > 0) {
                s.append(" <- ");
            }
            s.append(t.getClass().getName());
            StackTraceElement[] rammer = t.getStackTrace();
            if (rammer.length > 0) {
                s.append(" ved ").append(rammer[0]);
                if (!rammer[0].getClassName().startsWith(EGEN_KODE)) {
                    for (StackTraceElement r : rammer) {
                        if (r.getClassName().startsWith(EGEN_KODE)) {
                            s.append(" fra ").append(r);
                            break;
                        }
                    }
                }
            }
        }
        return s.toString();
    }

    private static final String EGEN_KODE = "no.kommune.esb.";

    /** The most telling kind along the cause chain, or null. */
    private static Art art(Throwable e) {
        for (Art art : ARTER) {
            if (funnet(art, e) != null) {
                return art;
            }
        }
        return null;
    }

    /** The first exception of {@code art}'s class along the cause chain (at most {@value #MAKS_AARSAKER} steps), or null. */
    private static Throwable funnet(Art art, Throwable e) {
        int n = 0;
        for (Throwable t = e; t != null && n < MAKS_AARSAKER; t = t.getCause() == t ? null : t.getCause(), n++) {
            if (art.klasse().isInstance(t)) {
                return t;
            }
        }
        return null;
    }
}
