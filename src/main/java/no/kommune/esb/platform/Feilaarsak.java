package no.kommune.esb.platform;

import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.SftpException;
import jakarta.jms.JMSException;
import no.kommune.esb.register.RegisterException;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.kafka.common.KafkaException;
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
import java.util.function.Function;
import javax.net.ssl.SSLException;

/**
 * A failure as the reason stored beside a delivery, a status message or a letter that could not be processed, in the
 * words the integration team reads in the console and a sender reads in a letter's status: what kind of failure it was
 * ("tidsavbrudd", "mottakeren svarte HTTP 503"), never a Java class name and never an exception's message, which may
 * quote the payload, a person or a URI with credentials. The kinds are found along the cause chain, most telling
 * first. A register's failure is worded as everywhere else, by {@link Registerfeilaarsak#hva} ("KRR er utilgjengelig
 * (HTTP 503)").
 * {@link IllegalStateException}'s message is kept, masked ({@link Maskering}): the platform throws it with its own words
 * about its own configuration (an unset environment variable, an unknown channel).
 */
public final class Feilaarsak {

    private record Art(Class<? extends Throwable> klasse, Function<Throwable, String> ord) {
    }

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
            new Art(DataAccessException.class, e -> "databasefeil"),
            new Art(SQLException.class, e -> "databasefeil"),
            // a mapping that failed on one document (its message names the mapping file and may carry its details, so it is left out)
            new Art(no.kommune.esb.mapping.MappingException.class, e -> "mappingen kunne ikke lage meldingen"),
            new Art(IOException.class, e -> "lese- eller skrivefeil"),
            new Art(IllegalStateException.class, e -> e.getMessage() == null ? "ugyldig tilstand" : "ugyldig tilstand: " + Maskering.tekst(e.getMessage())),
            new Art(IllegalArgumentException.class, e -> "ugyldige data"),
            new Art(ArithmeticException.class, e -> "ugyldige data"),
            new Art(DateTimeException.class, e -> "ugyldig dato"));

    private Feilaarsak() {
    }

    /** The longest cause chain followed: a chain that loops back (a → b → a) would otherwise be followed for ever. */
    private static final int MAKS_AARSAKER = 32;

    /** The reason to store for {@code e}: the most telling kind along its cause chain, or "uventet feil". */
    public static String av(Throwable e) {
        for (Art art : ARTER) {
            int n = 0;
            for (Throwable t = e; t != null && n < MAKS_AARSAKER; t = t.getCause() == t ? null : t.getCause(), n++) {
                if (art.klasse().isInstance(t)) {
                    return art.ord().apply(t);
                }
            }
        }
        return "uventet feil";
    }
}
