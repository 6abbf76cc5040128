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
    /** What a message may carry that no masking finds: a name, a protected person's address, a phone number. */
    private static final String NAVN_OG_ADRESSE = "Kari Nordmann, Hemmeligveien 7, 5003 Bergen, tlf 912 34 567";

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
                // the platform's own words about its configuration, which name settings only (Konfigurasjonsfeil)
                arguments("the platform's own words about its configuration", new Konfigurasjonsfeil("miljøvariabelen WEBHOOK_TOKEN er ikke satt"),
                        "feil i konfigurasjonen: miljøvariabelen WEBHOOK_TOKEN er ikke satt"),
                // before session 32 "ugyldig tilstand: duplicate key (mottaker)=(010190*****)": the message kept, masked for
                // identity numbers and e-mail addresses only, so a name, an address or a phone number in it was shown
                arguments("an invalid state, its message left out", new IllegalStateException("duplicate key (mottaker)=(" + FNR + ")"),
                        "ugyldig tilstand"),
                arguments("an invalid state naming a person, its message left out", new IllegalStateException(NAVN_OG_ADRESSE), "ugyldig tilstand"),
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

    static Stream<Arguments> medFeilId() {
        return Stream.of(
                arguments("an invalid state", new IllegalStateException(NAVN_OG_ADRESSE), "ugyldig tilstand"),
                arguments("bad data deep down", new RuntimeException("wrapped", new IllegalArgumentException(NAVN_OG_ADRESSE)), "ugyldige data"),
                arguments("a database refusal", new DataIntegrityViolationException("duplicate key (" + FNR + ", " + NAVN_OG_ADRESSE + ")"), "databasefeil"),
                arguments("anything else", new NullPointerException(NAVN_OG_ADRESSE), "uventet feil"));
    }

    /**
     * A kind whose words do not say what to do gets the component and an error id, and the one log line with that id names
     * the classes and where they were thrown, which the team and a developer need: neither carries the message.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("medFeilId")
    @org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
    void should_give_a_vague_kind_the_component_and_an_error_id_that_names_a_log_line_without_the_message(String tilfelle, Throwable e, String ord,
                                                                                                          org.springframework.boot.test.system.CapturedOutput logg) {
        String grunn = Feilaarsak.registrer(e, "hendelseleveringen");

        assertThat(grunn).matches(java.util.regex.Pattern.quote(ord) + " \\(hendelseleveringen, feil-id [0-9a-f]{8}\\)");
        String id = grunn.replaceAll(".*feil-id ([0-9a-f]{8}).*", "$1");
        String linje = logg.getAll().lines().filter(l -> l.contains("Feil-id " + id)).findFirst().orElseThrow();
        assertThat(linje).contains("WARN", "hendelseleveringen", ord, e.getClass().getName(), "FeilaarsakTest")
                .doesNotContain("Kari", "Hemmeligveien", "912 34 567", FNR);
        assertThat(logg.getAll()).doesNotContain("Kari", "Hemmeligveien", "912 34 567", FNR);
    }

    @org.junit.jupiter.api.Test
    void should_word_a_kind_that_says_enough_without_an_error_id() {
        assertThat(Feilaarsak.registrer(new RuntimeException("send", new ConnectException("refused by " + NAVN_OG_ADRESSE)), "statuspubliseringen"))
                .isEqualTo("mottakeren svarer ikke (forbindelsen ble avvist)");
        assertThat(Feilaarsak.registrer(new Konfigurasjonsfeil("miljøvariabelen X er ikke satt"), "hendelseleveringen"))
                .isEqualTo("feil i konfigurasjonen: miljøvariabelen X er ikke satt");
    }
}
