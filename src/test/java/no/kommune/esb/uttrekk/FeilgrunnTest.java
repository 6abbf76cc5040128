package no.kommune.esb.uttrekk;

import com.fasterxml.jackson.core.JsonParseException;
import no.kommune.esb.mapping.MappingException;
import no.kommune.esb.uttrekk.Feilgrunn.Steg;
import no.kommune.esb.uttrekk.format.ForStortUttrekkException;
import org.apache.camel.CamelExecutionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class FeilgrunnTest {

    // a message a broker or server may echo: personal data that must never reach the status API
    private static final String EKKO = "12836510001 Storgata 1 B";

    static Stream<Arguments> tilfeller() {
        return Stream.of(
                Arguments.of(Steg.HENTE, new IOException(EKKO), "skrivefeil i arbeidsfilen"),
                Arguments.of(Steg.HENTE, new IllegalStateException(EKKO), "uventet feil under henting fra Folkeregisteret"),
                Arguments.of(Steg.SKRIVE, new NoSuchFileException(EKKO), "arbeidsfilen mangler"),
                Arguments.of(Steg.SKRIVE, new JsonParseException(null, EKKO), "lesefeil i arbeidsfilen"),
                Arguments.of(Steg.SKRIVE, new IOException(EKKO), "lese- eller skrivefeil i arbeidsmappen"),
                Arguments.of(Steg.SKRIVE, new UncheckedIOException(new IOException(EKKO)), "uventet feil da filen ble skrevet i formatet"),
                Arguments.of(Steg.SKRIVE, new ForStortUttrekkException("PDF_LISTE", 5000),
                        "PDF_LISTE holder høyst 5000 personer (uttrekksformat.pdf-maks-rader); bestill CSV eller XLSX for større utvalg, eller del utvalget opp"),
                Arguments.of(Steg.SKRIVE, new MappingException(Path.of("mappings/skole-uttrekk/skolestart.csv.yaml"),
                        "column elev_navn gave a list or object; a cell needs one value"),
                        "mappingen skolestart.csv.yaml feilet: column elev_navn gave a list or object; a cell needs one value"),
                Arguments.of(Steg.LEVERE_SFTP, new CamelExecutionException(EKKO, null, new IOException(EKKO)), "SFTP-levering feilet"),
                Arguments.of(Steg.LEVERE_KAFKA, new CamelExecutionException(EKKO, null), "Kafka-levering feilet"),
                Arguments.of(Steg.LEVERE_KAFKA, new IOException(EKKO), "Kafka-levering feilet"),
                Arguments.of(Steg.AVSLUTTE, new IllegalStateException(EKKO), "uventet feil etter levering"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("tilfeller")
    void should_name_the_step_and_kind_of_failure_in_plain_words_never_the_message_or_the_java_class(Steg steg, Throwable e, String grunn) {
        String tekst = Feilgrunn.av(steg, e);

        assertThat(tekst).isEqualTo(grunn).doesNotContain(EKKO).doesNotContain("Exception");
    }

    static Stream<Arguments> avbrutteBestillinger() {
        return Stream.of(
                Arguments.of("a stored order whose criterion no longer reads: the key, not the value",
                        Feilgrunn.bestillingUlesbar(new Uttrekksbestilling.UgyldigBestillingException("kriterier.kjoenn", "kriterier: " + EKKO)),
                        "den lagrede bestillingen kan ikke leses (kriterier.kjoenn)"),
                Arguments.of("a stored order that no longer reads otherwise", Feilgrunn.bestillingUlesbar(new IllegalArgumentException(EKKO)),
                        "den lagrede bestillingen kan ikke leses"),
                Arguments.of("the registration's own check, naming settings only",
                        Feilgrunn.passerIkkeRegistreringen(new Uttrekksbestilling.UgyldigBestillingException("relaterte",
                                "relaterte: FORELDRE is not in skole's relatertePersoner.roller [BARN]")),
                        "bestillingen passer ikke lenger med registreringen: relaterte: FORELDRE is not in skole's relatertePersoner.roller [BARN]"),
                Arguments.of("an unknown fagsystem or format, or anything from deeper down",
                        Feilgrunn.passerIkkeRegistreringen(new IllegalArgumentException("fagsystem '" + EKKO + "' is not registered")),
                        "bestillingens fagsystem eller format er ikke registrert nå"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("avbrutteBestillinger")
    void should_give_a_run_up_in_fixed_words_that_never_quote_the_orders_values(String tilfelle, String tekst, String grunn) {
        assertThat(tekst).isEqualTo(grunn).doesNotContain(EKKO);
    }
}
