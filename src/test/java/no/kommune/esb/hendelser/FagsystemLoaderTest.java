package no.kommune.esb.hendelser;

import no.kommune.esb.folkeregister.Hendelsestype;
import no.kommune.esb.hendelser.Fagsystem.AuthType;
import no.kommune.esb.mapping.MappingFormat;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FagsystemLoaderTest {

    private static final Path SHIPPED_CONFIG = Path.of("config/fagsystemer");
    private static final Path SHIPPED_MAPPINGS = Path.of("mappings");

    @Nested
    class Shipped_registrations {

        private final FagsystemRegistry registry = FagsystemRegistry.last(SHIPPED_CONFIG, SHIPPED_MAPPINGS);

        @Test
        void should_load_the_five_shipped_registrations() {
            assertThat(registry.alle()).extracting(Fagsystem::id)
                    .containsExactly("barnevern", "eiendomsskatt", "lonn", "pleie-omsorg", "skole");
        }

        @Test
        void should_read_area_population_delivery_and_defaults_of_each() {
            Fagsystem skole = registry.finn("skole").orElseThrow();
            assertThat(skole.tjenesteomraade()).isEqualTo(Tjenesteomraade.OPPVEKST);
            assertThat(skole.populasjon()).isEqualTo(new Fagsystem.Kommune("4601", new Fagsystem.Alder(0, 17)));
            assertThat(skole.data().felter()).isEqualTo(Tjenesteomraade.OPPVEKST.standardFelter());
            assertThat(skole.data().beskyttedeAdresser()).isFalse();
            assertThat(skole.relaterte().roller()).containsExactly(Relasjon.FORELDRE_MED_FORELDREANSVAR);
            assertThat(skole.levering()).isEqualTo(new Fagsystem.Sftp("skole/inn", "0 0 5 * * *", "folkeregister-${date:now:yyyyMMdd-HHmmss}.csv"));
            assertThat(skole.mapping().format()).isEqualTo(MappingFormat.CSV);
            assertThat(skole.retry().initialDelay()).isEqualTo(Duration.ofMinutes(1));

            Fagsystem barnevern = registry.finn("barnevern").orElseThrow();
            assertThat(barnevern.levering()).isInstanceOfSatisfying(Fagsystem.Http.class, http -> {
                assertThat(http.auth().type()).isEqualTo(AuthType.BEARER);
                assertThat(http.auth().tokenEnv()).isEqualTo("BARNEVERN_WEBHOOK_TOKEN");
            });
            assertThat(barnevern.relaterte().felter()).isEqualTo(Tjenesteomraade.SOSIAL.standardFelterForRelaterte());

            assertThat(registry.finn("lonn").orElseThrow().populasjon()).isInstanceOf(Fagsystem.Portefolje.class);
            assertThat(registry.finn("lonn").orElseThrow().retry()).isEqualTo(Fagsystem.RetryPolicy.STANDARD);
            assertThat(registry.finn("pleie-omsorg").orElseThrow().levering()).isEqualTo(new Fagsystem.Jms("fagsystem.pleie-omsorg.personendringer"));
            assertThat(registry.finn("eiendomsskatt").orElseThrow().levering()).isEqualTo(new Fagsystem.Kafka("fagsystem.eiendomsskatt.personendringer"));
        }

        @Test
        void should_list_the_subscribers_of_an_event_type() {
            assertThat(registry.abonnenter(Hendelsestype.ENDRING_I_IDENTIFIKASJONSNUMMER)).extracting(Fagsystem::id)
                    .containsExactly("barnevern", "lonn", "pleie-omsorg");
            assertThat(registry.abonnenter(Hendelsestype.ENDRING_I_DELT_BOSTED)).extracting(Fagsystem::id)
                    .containsExactly("barnevern", "skole");
        }

        @Test
        void should_compute_growing_capped_retry_delays() {
            Fagsystem.RetryPolicy p = new Fagsystem.RetryPolicy(6, Duration.ofSeconds(10), 3.0, Duration.ofMinutes(1));

            assertThat(List.of(p.delayBefore(1), p.delayBefore(2), p.delayBefore(3), p.delayBefore(4)))
                    .containsExactly(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(1));
        }
    }

    @Nested
    class Broken_copies {

        @TempDir
        Path tmp;
        Path config;
        Path mappings;

        @BeforeEach
        void copyShipped() throws IOException {
            config = tmp.resolve("fagsystemer");
            mappings = tmp.resolve("mappings");
            copy(SHIPPED_CONFIG, config);
            copy(SHIPPED_MAPPINGS, mappings);
        }

        private void replace(Path file, String from, String to) throws IOException {
            String text = Files.readString(file);
            assertThat(text).as("test setup: %s contains %s", file, from).contains(from);
            Files.writeString(file, text.replace(from, to));
        }

        private List<Problem> problems() {
            return FagsystemLoader.last(config, mappings).problemer();
        }

        // file | text in the shipped file | replacement | expected reason (fragment)
        @ParameterizedTest(name = "{0}: {3}")
        @CsvSource(delimiter = '|', value = {
                "skole.yaml         | - endringINavn                    | - endringIFavorittfarge         | unknown event type 'endringIFavorittfarge'",
                "skole.yaml         | tjenesteomraade: OPPVEKST         | tjenesteomraade: SKOLE          | unknown tjenesteomraade 'SKOLE'",
                "skole.yaml         | file: skole/skole.csv.yaml        | file: skole/finnes-ikke.csv.yaml | does not exist",
                "skole.yaml         | file: skole/skole.csv.yaml        | file: ../../etc/passwd          | must be inside",
                "skole.yaml         | format: CSV                       | format: EXCEL                   | mapping.format must be one of",
                "skole.yaml         | schedule: \"0 0 5 * * *\"           | schedule: \"hver natt\"           | levering.sftp.schedule must be a six-field cron",
                "skole.yaml         | folder: skole/inn                 | folder: ../utenfor              | levering.sftp.folder must be a relative path",
                "skole.yaml         | kommune: \"4601\"                   | kommune: \"Drammen\"              | populasjon.kommune must be a four-digit kommunenummer",
                "skole.yaml         | alder: { fra: 0, til: 17 }        | alder: { fra: 17, til: 0 }      | populasjon.alder needs whole years",
                "skole.yaml         | alder: { fra: 0, til: 17 }        | alder: { fra: 0 }               | populasjon.alder needs whole years",
                "skole.yaml         | roller: [FORELDRE_MED_FORELDREANSVAR] | roller: [BESTEFORELDRE]     | unknown relatertePersoner.roller 'BESTEFORELDRE'",
                "skole.yaml         | felter: [IDENTITETSNUMMER, NAVN, ADRESSE] | felter: [NAVN, FASTLEGE] | relatertePersoner.felter: FASTLEGE is not allowed here",
                "skole.yaml         | beskyttedeAdresser: false         | beskytedeAdresser: false        | unknown key 'beskytedeAdresser' at /data",
                "eiendomsskatt.yaml | topic: fagsystem.eiendomsskatt.personendringer | topic: eiendoms skatt | levering.kafka.topic must be",
                "pleie-omsorg.yaml  | queue: fagsystem.pleie-omsorg.personendringer | queue: ''           | levering.jms.queue must be",
                "pleie-omsorg.yaml  | queue: fagsystem.pleie-omsorg.personendringer | queue: fagsystem.barnevern.personendringer | levering.jms.queue must start with 'fagsystem.pleie-omsorg.'",
                "barnevern.yaml     | tokenEnv: BARNEVERN_WEBHOOK_TOKEN | token: hemmelig                 | levering.http.auth.tokenEnv must name an environment variable",
                "barnevern.yaml     | url: ${hendelser.webhook.barnevern} | url: barnevern/hendelser | levering.http.url must be an absolute http(s) URL",
                "barnevern.yaml     | maxAttempts: 8                    | maxAttempts: 0                  | retry.maxAttempts must be 1-100",
                "barnevern.yaml     | initialDelay: PT10S               | initialDelay: 10 sekunder       | retry.initialDelay must be an ISO-8601 duration",
                "lonn.yaml          | id: lonn                          | id: payroll                     | id 'payroll' must equal the file name 'lonn'",
                "lonn.yaml          | kafka:                            | ftp:                            | levering must have exactly one of kafka, jms, sftp, http",
        })
        void should_report_a_broken_registration_with_file_and_reason(String file, String from, String to, String reason) throws IOException {
            replace(config.resolve(file), from, to);

            List<Problem> problems = problems();

            assertThat(problems).as(problems.toString())
                    .anySatisfy(p -> {
                        assertThat(p.file()).isEqualTo(config.resolve(file));
                        assertThat(p.reason()).contains(reason);
                    });
        }

        @Test
        void should_report_every_problem_of_a_file_not_only_the_first() throws IOException {
            replace(config.resolve("skole.yaml"), "tjenesteomraade: OPPVEKST", "tjenesteomraade: SKOLE");
            replace(config.resolve("skole.yaml"), "- endringINavn", "- endringIFavorittfarge");
            replace(config.resolve("lonn.yaml"), "topic: fagsystem.lonn.personendringer", "topic: 'a b'");

            assertThat(problems()).extracting(Problem::reason)
                    .anyMatch(r -> r.contains("SKOLE"))
                    .anyMatch(r -> r.contains("endringIFavorittfarge"))
                    .anyMatch(r -> r.contains("kafka.topic"));
        }

        @Test
        void should_report_a_duplicate_id() throws IOException {
            Files.copy(config.resolve("lonn.yaml"), config.resolve("lonn.yml"));

            assertThat(problems()).anySatisfy(p -> {
                assertThat(p.file()).isEqualTo(config.resolve("lonn.yml"));
                assertThat(p.reason()).contains("duplicate id 'lonn'").contains("lonn.yaml");
            });
        }

        // mapping file | text in it | replacement | expected reason (fragment)
        @ParameterizedTest(name = "{0}: {3}")
        @CsvSource(delimiter = '|', value = {
                "lonn/lonn.jsonata                 | \"meldingstype\": $type,  | \"meldingstype\": $type((,   | JSONata does not compile",
                "skole/skole.csv.yaml              | value: hendelse.hendelsetype | value: hendelse.[[         | column hendelsetype: JSONata does not compile",
                "skole/skole.csv.yaml              | separator: \";\"           | separatorr: \";\"            | not a valid CSV layout",
                "pleie-omsorg/pleie-omsorg.xsl     | </PersonEndring>          | </PersonEndringer>          | XSLT does not compile",
                "pleie-omsorg/pleie-omsorg.xsl     | <xsl:param name=\"input\" as=\"map(*)\"/> | <xsl:param name=\"data\" as=\"map(*)\"/> | line 16: Variable $input has not been declared",
        })
        void should_report_a_mapping_that_does_not_compile_with_file_and_reason(String file, String from, String to, String reason)
                throws IOException {
            replace(mappings.resolve(file), from, to);

            List<Problem> problems = problems();

            String fagsystem = file.substring(0, file.indexOf('/'));
            assertThat(problems).as(problems.toString()).singleElement().satisfies(p -> {
                assertThat(p.file()).isEqualTo(mappings.resolve(file));
                assertThat(p.reason()).contains(reason).contains(fagsystem + ".yaml");
            });
        }

        @Test
        void should_fail_start_up_listing_all_problems() throws IOException {
            replace(config.resolve("skole.yaml"), "tjenesteomraade: OPPVEKST", "tjenesteomraade: SKOLE");
            replace(mappings.resolve("lonn/lonn.jsonata"), "\"meldingstype\": $type,", "\"meldingstype\": $type((,");

            assertThatThrownBy(() -> FagsystemRegistry.last(config, mappings))
                    .isInstanceOf(UgyldigKonfigurasjonException.class)
                    .hasMessageContaining("2 problem(s)")
                    .hasMessageContaining("skole.yaml: unknown tjenesteomraade 'SKOLE'")
                    .hasMessageContaining("lonn.jsonata: JSONata does not compile");
        }

        @Test
        void should_exit_with_1_and_print_the_problems_from_the_validate_command() throws IOException {
            replace(config.resolve("skole.yaml"), "- endringINavn", "- endringIFavorittfarge");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            PrintStream original = System.err;
            int code;
            try {
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                code = ValidateConfig.run(new String[] {config.toString(), mappings.toString()});
            } finally {
                System.setErr(original);
            }

            assertThat(code).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("INVALID: 1 problem(s)")
                    .contains(config.resolve("skole.yaml") + ": unknown event type 'endringIFavorittfarge'");
        }

        @Test
        void should_exit_with_0_from_the_validate_command_when_all_is_valid() {
            assertThat(ValidateConfig.run(new String[] {config.toString(), mappings.toString()})).isZero();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
