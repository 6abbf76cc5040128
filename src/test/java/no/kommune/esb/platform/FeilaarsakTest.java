package no.kommune.esb.platform;

import com.jcraft.jsch.JSchException;
import jakarta.jms.JMSException;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterException.Kind;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.kafka.common.KafkaException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.DataIntegrityViolationException;

import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.DateTimeException;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class FeilaarsakTest {

    private static final String FNR = "01019012345";

    /** a → b → a: Throwable refuses itself as cause, not a longer loop (a library's wrapper may make one). */
    private static Throwable sloeyfe() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        return a;
    }

    static Stream<Arguments> feil() {
        return Stream.of(
                arguments("a webhook's 503 inside Camel's wrapper",
                        new CamelExecutionException("failed", null, new HttpOperationFailedException("https://u:hemmelig@mottaker/inn", 503, "Service Unavailable", null, Map.of(), "svar om " + FNR)),
                        "mottakeren svarte HTTP 503"),
                // a register's failure in the words of a letter's timeline (Registerfeilaarsak); before, "svarut: utilgjengelig (HTTP 502)"
                arguments("a register out of reach", new RegisterException("svarut", Kind.UNAVAILABLE, 502, "bad gateway for " + FNR), "SvarUt er utilgjengelig (HTTP 502)"),
                arguments("a register throttling", new RegisterException("krr", Kind.THROTTLED, 429, "slow down"),
                        "KRR ba plattformen vente fordi den sendte for mange kall (HTTP 429)"),
                arguments("a lost answer, no status", new RegisterException("svarut", Kind.AMBIGUOUS, 0, "timeout after sending"), "svaret fra SvarUt gikk tapt"),
                arguments("a register's failure inside Camel's wrapper", new CamelExecutionException("failed", null,
                        new RegisterException("nhn-flr", Kind.UNAVAILABLE, 0, "connection refused for " + FNR)), "Fastlegeregisteret svarer ikke"),
                arguments("a refused connection", new RuntimeException("send failed", new ConnectException("Connection refused")), "mottakeren svarer ikke (forbindelsen ble avvist)"),
                arguments("a socket timeout", new SocketTimeoutException("Read timed out"), "tidsavbrudd"),
                arguments("the JDK client's timeout", new HttpTimeoutException("request timed out"), "tidsavbrudd"),
                arguments("Apache HttpClient's connect timeout", new org.apache.hc.client5.http.ConnectTimeoutException("Connect timed out"), "tidsavbrudd"),
                arguments("Kafka's own timeout before its wrapper", new KafkaException("send", new org.apache.kafka.common.errors.TimeoutException("expired")), "tidsavbrudd mot Kafka"),
                arguments("Kafka refusing", new KafkaException("record too large: " + FNR), "Kafka avviste meldingen"),
                arguments("an Artemis refusal", new JMSException("AMQ229031: unable to validate user " + FNR), "meldingskøen (JMS) avviste meldingen"),
                arguments("a JMS send the broker held back past the limit", new no.kommune.esb.hendelser.flyt.JmsLevering.Tidsavbrudd(
                                "fagsystem.x", java.time.Duration.ofSeconds(30), new JMSException("AMQ219019: Session is closed")),
                        "tidsavbrudd: meldingskøen (JMS) tok ikke imot meldingene (megleren holder dem igjen, f.eks. full kø eller disk)"),
                arguments("SFTP", new GenericFileOperationFailedException("Cannot store file", new JSchException("Auth fail")), "SFTP-feil"),
                // before, "filoverføringen feilet", as any other failed transfer
                arguments("an SFTP request a route's endpoint ended", new CamelExecutionException("failed", null,
                        new no.kommune.esb.platform.sftp.BegrensetSftpOperasjoner.Tidsavbrudd("write", java.time.Duration.ofSeconds(60))),
                        "tidsavbrudd: SFTP-tjeneren svarte ikke på forespørselen"),
                arguments("a database refusal", new DataIntegrityViolationException("duplicate key (" + FNR + ")"), "databasefeil"),
                // before, "uventet feil": the console could not tell a mapping's failure from any other
                arguments("a mapping that failed on one document", new no.kommune.esb.mapping.MappingException(java.nio.file.Path.of("skole/skole.csv.yaml"),
                        "column sekvensnummer gave a list or object; a cell needs one value"), "mappingen kunne ikke lage meldingen"),
                arguments("an unreadable file", new UncheckedIOException(new java.io.IOException("disk full")), "lese- eller skrivefeil"),
                // before session 29 "ugyldig tilstand: webhook answered HTTP 503", unlike every other receiver's answer
                arguments("a webhook's own answer", no.kommune.esb.hendelser.flyt.HendelseLeverer.WebhookSvar.av(503), "mottakeren svarte HTTP 503"),
                arguments("a cause chain that loops", sloeyfe(), "uventet feil"),
                arguments("the platform's own words about its configuration", new IllegalStateException("environment variable WEBHOOK_TOKEN is not set"),
                        "ugyldig tilstand: environment variable WEBHOOK_TOKEN is not set"),
                arguments("the platform's own words, a number in them masked", new IllegalStateException("duplicate key (mottaker)=(" + FNR + ")"),
                        "ugyldig tilstand: duplicate key (mottaker)=(010190*****)"),
                arguments("bad data, its message left out", new IllegalArgumentException("not a valid identity number: " + FNR), "ugyldige data"),
                arguments("a bad date", new DateTimeException("Invalid date 'FEBRUARY 30'"), "ugyldig dato"),
                arguments("anything else", new NullPointerException("Cannot invoke \"String.length()\""), "uventet feil"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void should_word_a_register_failure_as_a_letters_timeline_and_an_alarm_word_it(Kind kind) {
        RegisterException e = new RegisterException("krr", kind, 503, "refused for " + FNR);

        assertThat(Feilaarsak.av(new RuntimeException("wrapped", e))).isEqualTo(Registerfeilaarsak.hva(e))
                .contains("KRR").endsWith("(HTTP 503)").doesNotContain(FNR, kind.name(), "krr:");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("feil")
    void should_name_the_kind_of_failure_in_plain_words_without_class_names_or_messages_that_may_hold_data(String tilfelle, Throwable e, String grunn) {
        assertThat(Feilaarsak.av(e)).isEqualTo(grunn).doesNotContain(FNR).doesNotContain("Exception").doesNotContain("hemmelig");
    }
}
