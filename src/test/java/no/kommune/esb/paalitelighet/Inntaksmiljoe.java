package no.kommune.esb.paalitelighet;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;

/** The running platform as a hostile-input case reaches it: real HTTP, the broker as a fagsystem's user, SFTP as a fagsystem. */
public interface Inntaksmiljoe {

    /** A token the platform would not accept, each with exactly one fault. */
    enum FalskToken { UTLOEPT, FEIL_UTSTEDER, FALSK_SIGNATUR, USIGNERT, SOPPEL }

    /** A valid token of a local client (docs/security.md: skole, barnevern … esb:forsendelse; integrasjon esb:admin). */
    String token(String klient);

    /** An esb:admin token for integrasjon with the given fault. */
    String falskToken(FalskToken art);

    /** One HTTP request to the platform; {@code token} null = no Authorization header; {@code hoder} extra headers. */
    Tilfelle.Utfall http(String metode, String sti, String token, String innholdstype, byte[] kropp, Map<String, String> hoder);

    /** Sends the message {@code lag} makes as {@code bruker} to its own intake queue and waits for the answer. */
    Tilfelle.Utfall jms(String bruker, Melding lag);

    /** Uploads {@code filer}, then the manifest {@code navn}.json, to {@code bruker}'s drop folder, and waits for the answer. */
    Tilfelle.Utfall sftp(String bruker, String navn, byte[] manifest, Map<String, byte[]> filer);

    /** The id of a letter another sender system (barnevern) handed in, made once per run. */
    String andresBrev();

    JdbcTemplate jdbc();

    /** Makes a JMS message in the sender's session. */
    @FunctionalInterface
    interface Melding {
        Message lag(Session session) throws JMSException;
    }
}
