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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
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
            assertThat(skole.oppslag().formaal()).containsExactly("skoleplass", "skoleskyss", "foreldrekontakt");
            assertThat(skole.oppslag().utenforPopulasjonen()).as("held to its population unless the registration opens it").isFalse();

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

        @Test
        void should_wait_no_longer_than_the_platforms_cap_when_one_is_set() {
            Fagsystem.RetryPolicy p = new Fagsystem.RetryPolicy(6, Duration.ofSeconds(10), 3.0, Duration.ofMinutes(1));

            assertThat(List.of(p.delayBefore(1, Duration.ofSeconds(20)), p.delayBefore(2, Duration.ofSeconds(20)), p.delayBefore(3, Duration.ofSeconds(20)),
                    p.delayBefore(3, null))).containsExactly(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(30));
        }

        /** Every batch file gets its number before the extension, so a name that repeats cannot replace an earlier file. */
        @ParameterizedTest(name = "{0} -> {1}")
        @CsvSource(delimiter = '|', textBlock = """
                folkeregister-${date:now:yyyyMMdd-HHmmss}.csv | folkeregister-${date:now:yyyyMMdd-HHmmss}-${header.esbBatchfilnummer}.csv
                folkeregister.csv                             | folkeregister-${header.esbBatchfilnummer}.csv
                elever.${date:now:yyyy.MM.dd}.csv             | elever.${date:now:yyyy.MM.dd}-${header.esbBatchfilnummer}.csv
                elever-${date:now:yyyy.MM.dd}                 | elever-${date:now:yyyy.MM.dd}-${header.esbBatchfilnummer}
                folkeregister                                 | folkeregister-${header.esbBatchfilnummer}
                """)
        void should_put_the_batch_files_number_before_the_extension_of_the_registered_name(String registrert, String skrevet) {
            assertThat(new Fagsystem.Sftp("skole/inn", "0 0 5 * * *", registrert).filnavnMedNummer()).isEqualTo(skrevet);
        }
    }

    /** A copy of the shipped registrations and mappings in a temp folder, for a test to break. */
    abstract class Copy {

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

        List<Problem> problems() {
            return FagsystemLoader.last(config, mappings).problemer();
        }
    }

    @Nested
    class Broken_copies extends Copy {

        // file | text in the shipped file | replacement | line:column reported | expected reason (fragment)
        @ParameterizedTest(name = "{0}:{3}: {4}")
        @CsvSource(delimiter = '|', value = {
                "skole.yaml         | - endringINavn                    | - endringIFavorittfarge         | 11:5  | unknown event type 'endringIFavorittfarge'",
                "skole.yaml         | tjenesteomraade: OPPVEKST         | tjenesteomraade: SKOLE          | 4:18  | unknown tjenesteomraade 'SKOLE'",
                "skole.yaml         | file: skole/skole.csv.yaml        | file: skole/finnes-ikke.csv.yaml | 33:9 | does not exist",
                "skole.yaml         | file: skole/skole.csv.yaml        | file: ../../etc/passwd          | 33:9  | must be inside",
                "skole.yaml         | format: CSV                       | format: EXCEL                   | 34:11 | mapping.format must be one of",
                "skole.yaml         | schedule: \"0 0 5 * * *\"           | schedule: \"hver natt\"           | 39:15 | levering.sftp.schedule must be a six-field cron",
                "skole.yaml         | folder: skole/inn                 | folder: ../utenfor              | 38:13 | levering.sftp.folder must be a relative path",
                "skole.yaml         | folder: skole/inn                 | folder: barnevern/inn           | 38:13 | levering.sftp.folder must be this fagsystem's own folder 'skole/…'",
                "skole.yaml         | folder: skole/inn                 | folder: skoleskyss/inn          | 38:13 | levering.sftp.folder must be this fagsystem's own folder 'skole/…'",
                "skole.yaml         | filename: \"folkeregister-${date:now:yyyyMMdd-HHmmss}.csv\" | filename: \"x.csv&fileExist=Append\" | 40:15 | levering.sftp.filename must be a file name of",
                "skole.yaml         | filename: \"folkeregister-${date:now:yyyyMMdd-HHmmss}.csv\" | filename: \"${bean:x}.csv\" | 40:15 | levering.sftp.filename must be a file name of",
                "eiendomsskatt.yaml | topic: fagsystem.eiendomsskatt.personendringer | topic: fagsystem.lonn.personendringer | 23:12 | levering.kafka.topic must be one of this fagsystem's own topics 'fagsystem.eiendomsskatt.…'",
                "skole.yaml         | kommune: \"4601\"                   | kommune: \"Drammen\"              | 22:12 | populasjon.kommune must be a four-digit kommunenummer",
                "skole.yaml         | alder: { fra: 0, til: 17 }        | alder: { fra: 17, til: 0 }      | 24:10 | populasjon.alder needs whole years",
                "skole.yaml         | alder: { fra: 0, til: 17 }        | alder: { fra: 0 }               | 24:10 | populasjon.alder needs whole years",
                "skole.yaml         | roller: [FORELDRE_MED_FORELDREANSVAR] | roller: [BESTEFORELDRE]     | 30:12 | unknown relatertePersoner.roller 'BESTEFORELDRE'",
                "skole.yaml         | felter: [IDENTITETSNUMMER, NAVN, ADRESSE] | felter: [NAVN, FASTLEGE] | 31:18 | relatertePersoner.felter: FASTLEGE is not allowed here",
                "skole.yaml         | beskyttedeAdresser: false         | beskytedeAdresser: false        | 27:3  | unknown key 'beskytedeAdresser' in data",
                "eiendomsskatt.yaml | topic: fagsystem.eiendomsskatt.personendringer | topic: eiendoms skatt | 23:12 | levering.kafka.topic must be",
                "pleie-omsorg.yaml  | queue: fagsystem.pleie-omsorg.personendringer | queue: ''           | 31:12 | levering.jms.queue must be",
                "pleie-omsorg.yaml  | queue: fagsystem.pleie-omsorg.personendringer | queue: fagsystem.barnevern.personendringer | 31:12 | levering.jms.queue must start with 'fagsystem.pleie-omsorg.'",
                "barnevern.yaml     | tokenEnv: BARNEVERN_WEBHOOK_TOKEN | token: hemmelig                 | 31:7  | unknown key 'token' in levering.http.auth",
                "barnevern.yaml     | tokenEnv: BARNEVERN_WEBHOOK_TOKEN | token: hemmelig                 | 29:7  | levering.http.auth.tokenEnv must name an environment variable",
                "barnevern.yaml     | url: ${hendelser.webhook.barnevern} | url: barnevern/hendelser | 27:10 | levering.http.url must be an absolute http(s) URL",
                "barnevern.yaml     | maxAttempts: 8                    | maxAttempts: 0                  | 33:16 | retry.maxAttempts must be 1-100",
                "barnevern.yaml     | initialDelay: PT10S               | initialDelay: 10 sekunder       | 34:17 | retry.initialDelay must be an ISO-8601 duration",
                "lonn.yaml          | id: lonn                          | id: payroll                     | 2:5   | id 'payroll' must equal the file name 'lonn'",
                "lonn.yaml          | kafka:                            | ftp:                            | 22:3  | unknown key 'ftp' in levering",
                "lonn.yaml          | kafka:                            | ftp:                            | 22:3  | levering must have exactly one of kafka, jms, sftp, http",
                "lonn.yaml          | navn: Lønn og personal            | navn: [Lønn og personal         | 4:16  | not valid YAML: while parsing a flow sequence",
                "skole.yaml         | formaal: [skoleplass, skoleskyss, foreldrekontakt] | formaal: [Skoleplass] | 48:13 | oppslag.formaal must be lower-case letters",
                "skole.yaml         | formaal: [skoleplass, skoleskyss, foreldrekontakt] | formaal: [skoleplass, skoleplass] | 48:25 | oppslag.formaal lists 'skoleplass' twice",
                "skole.yaml         | formaal: [skoleplass, skoleskyss, foreldrekontakt] | formaal: [] | 48:12 | oppslag.formaal is missing",
                "skole.yaml         | formaal: [skoleplass, skoleskyss, foreldrekontakt] | formål: [skoleplass] | 48:3 | unknown key 'formål' in oppslag",
                "skole.yaml         | formaal: [skoleplass, skoleskyss, foreldrekontakt] | utenforPopulasjon: true | 48:3 | unknown key 'utenforPopulasjon' in oppslag",
                "skole.yaml         | formaal: [skoleplass, skoleskyss, foreldrekontakt] | utenforPopulasjonen: kanskje | 48:24 | only \"true\" or \"false\" recognized",
                "eiendomsskatt.yaml | formaal: gebyrfakturering         | formaal: parkering             | 37:12 | vask.formaal 'parkering' is not one of oppslag.formaal",
                "eiendomsskatt.yaml | mapping: eiendomsskatt-vask/kunder.inn.yaml | mapping: eiendomsskatt-vask/finnes-ikke.inn.yaml | 35:12 | does not exist",
                "eiendomsskatt.yaml | mapping: eiendomsskatt-vask/kunder.inn.yaml | mapping: eiendomsskatt/eiendomsskatt.jsonata | 35:12 | vask.mapping must be an input layout (.inn.yaml)",
                "eiendomsskatt.yaml | mapping: eiendomsskatt-vask/kunder.inn.yaml | mapping: ../../kunder.inn.yaml | 35:12 | must be inside",
                "eiendomsskatt.yaml | mapping: eiendomsskatt-vask/kunder.inn.yaml | mapp: x      | 35:3  | unknown key 'mapp' in vask",
        })
        void should_report_a_broken_registration_with_file_line_column_and_reason(String file, String from, String to,
                                                                                  String position, String reason) throws IOException {
            replace(config.resolve(file), from, to);

            List<Problem> problems = problems();

            assertThat(problems).as(problems.toString())
                    .anySatisfy(p -> {
                        assertThat(p.file()).isEqualTo(config.resolve(file));
                        assertThat(p.line() + ":" + p.column()).isEqualTo(position);
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
        void should_still_compile_the_mapping_of_a_registration_with_problems() throws IOException {
            replace(config.resolve("lonn.yaml"), "topic: fagsystem.lonn.personendringer", "topic: 'a b'");
            replace(mappings.resolve("lonn/lonn.jsonata"), "\"meldingstype\": $type,", "\"meldingstype\": $type((,");

            assertThat(problems()).extracting(Problem::toString).containsExactly(
                    config.resolve("lonn.yaml") + ":23:12: levering.kafka.topic must be 1-249 of [A-Za-z0-9._-] (was 'a b')",
                    mappings.resolve("lonn/lonn.jsonata") + ":10:28: JSONata does not compile: The symbol \",\" cannot be used as a"
                            + " unary operator (mapping of " + config.resolve("lonn.yaml") + ")");
        }

        @Test
        void should_report_a_duplicate_id() throws IOException {
            Files.copy(config.resolve("lonn.yaml"), config.resolve("lonn.yml"));

            assertThat(problems()).anySatisfy(p -> {
                assertThat(p.file()).isEqualTo(config.resolve("lonn.yml"));
                assertThat(p.line() + ":" + p.column()).isEqualTo("2:5");
                assertThat(p.reason()).contains("duplicate id 'lonn'").contains("lonn.yaml");
            });
        }

        // mapping file | text in it | replacement | line:column reported | expected reason (fragment)
        @ParameterizedTest(name = "{0}:{3}: {4}")
        @CsvSource(delimiter = '|', value = {
                "lonn/lonn.jsonata                 | \"meldingstype\": $type,  | \"meldingstype\": $type((,   | 10:28 | JSONata does not compile",
                "skole/skole.csv.yaml              | value: hendelse.hendelsetype | value: hendelse.[[         | 21:22 | column hendelsetype: JSONata does not compile",
                "skole/skole.csv.yaml              | relaterte[foreldreansvar = true and | relaterte[foreldreansvar = and | 14:53 | rows: JSONata does not compile",
                "skole/skole.csv.yaml              | separator: \";\"           | separatorr: \";\"            | 9:1   | not a valid CSV layout: unknown key 'separatorr'",
                "skole/skole.csv.yaml              | lineEnding: CRLF          | lineEnding: CR              | 11:13 | lineEnding must be CRLF or LF",
                "pleie-omsorg/pleie-omsorg.xsl     | </PersonEndring>          | </PersonEndringer>          | 59:20 | XSLT does not compile",
                "pleie-omsorg/pleie-omsorg.xsl     | <xsl:param name=\"input\" as=\"map(*)\"/> | <xsl:param name=\"data\" as=\"map(*)\"/> | 16:6 | line 16: Variable $input has not been declared",
        })
        void should_report_a_mapping_that_does_not_compile_with_file_line_column_and_reason(String file, String from, String to,
                                                                                            String position, String reason)
                throws IOException {
            replace(mappings.resolve(file), from, to);

            List<Problem> problems = problems();

            String fagsystem = file.substring(0, file.indexOf('/'));
            assertThat(problems).as(problems.toString()).singleElement().satisfies(p -> {
                assertThat(p.file()).isEqualTo(mappings.resolve(file));
                assertThat(p.line() + ":" + p.column()).isEqualTo(position);
                assertThat(p.reason()).contains(reason).contains(fagsystem + ".yaml");
            });
        }

        // wash layout file | text in it | replacement | file the problem is in | line:column | reason (fragment)
        @ParameterizedTest(name = "{0}: {5}")
        @CsvSource(delimiter = '|', value = {
                "eiendomsskatt-vask/kunder.inn.yaml | separator: \";\" | separator: \";;\"  | layout       | 5:12  | separator must be one character",
                "eiendomsskatt-vask/kunder.inn.yaml | format: CSV        | format: XLS          | layout       | 3:9   | format must be CSV or XML",
                "pleie-omsorg-vask/brukere.inn.yaml | records: /brukerliste/bruker | records: /brukerliste[ | layout | 5:10 | records is not a valid XPath",
                "eiendomsskatt-vask/kunder.inn.yaml | identitetsnummer: fnr | personnummer: fnr   | registration | 35:12 | must name the value 'identitetsnummer'",
                "eiendomsskatt-vask/kunder.inn.yaml | postnummer: postnr | telefon: tlf          | registration | 35:12 | names 'telefon'; a wash reads only",
        })
        void should_report_a_broken_wash_layout_where_it_is_wrong(String file, String from, String to, String where,
                                                                  String position, String reason) throws IOException {
            replace(mappings.resolve(file), from, to);

            List<Problem> problems = problems();

            String fagsystem = file.substring(0, file.indexOf("-vask"));
            assertThat(problems).as(problems.toString()).anySatisfy(p -> {
                assertThat(p.file()).isEqualTo(where.equals("layout") ? mappings.resolve(file) : config.resolve(fagsystem + ".yaml"));
                assertThat(p.line() + ":" + p.column()).isEqualTo(position);
                assertThat(p.reason()).contains(reason);
            });
        }

        @Test
        void should_refuse_a_wash_layout_whose_golden_example_reads_differently_at_the_expected_file() throws IOException {
            Path expected = mappings.resolve("eiendomsskatt-vask/examples/kunderegister/expected.json");
            replace(expected, "\"postnummer\": \"5019\"", "\"postnummer\": \"5020\"");

            assertThat(problems()).singleElement().satisfies(p -> {
                assertThat(p.file()).isEqualTo(expected);
                assertThat(p.reason()).contains("the input layout kunder.inn.yaml reads input.csv differently", "5020",
                        "(vask.mapping of " + config.resolve("eiendomsskatt.yaml") + ")");
            });
        }

        @Test
        void should_read_the_wash_layout_and_purpose_of_a_registration_with_a_vask_block() {
            FagsystemLoader.Resultat r = FagsystemLoader.last(config, mappings);

            Fagsystem eiendomsskatt = r.fagsystemer().stream().filter(f -> f.id().equals("eiendomsskatt")).findFirst().orElseThrow();
            assertThat(eiendomsskatt.vask().formaal()).isEqualTo("gebyrfakturering");
            assertThat(eiendomsskatt.vask().innlesing().navn()).containsExactly("identitetsnummer", "adresse", "postnummer");
            Fagsystem lonn = r.fagsystemer().stream().filter(f -> f.id().equals("lonn")).findFirst().orElseThrow();
            assertThat(lonn.vask()).isEqualTo(Fagsystem.Vask.STANDARD);
        }

        @Test
        void should_read_a_registration_that_opens_look_ups_beyond_its_population() throws IOException {
            replace(config.resolve("skole.yaml"), "formaal: [skoleplass, skoleskyss, foreldrekontakt]",
                    "formaal: [skoleplass, skoleskyss, foreldrekontakt]\n  utenforPopulasjonen: true");

            FagsystemLoader.Resultat r = FagsystemLoader.last(config, mappings);

            assertThat(r.problemer()).isEmpty();
            Fagsystem skole = r.fagsystemer().stream().filter(f -> f.id().equals("skole")).findFirst().orElseThrow();
            assertThat(skole.oppslag().utenforPopulasjonen()).isTrue();
            assertThat(Populasjonsregel.gjelderOppslag(skole)).isFalse();
        }

        @Test
        void should_fail_start_up_listing_all_problems() throws IOException {
            replace(config.resolve("skole.yaml"), "tjenesteomraade: OPPVEKST", "tjenesteomraade: SKOLE");
            replace(mappings.resolve("lonn/lonn.jsonata"), "\"meldingstype\": $type,", "\"meldingstype\": $type((,");

            assertThatThrownBy(() -> FagsystemRegistry.last(config, mappings))
                    .isInstanceOf(UgyldigKonfigurasjonException.class)
                    .hasMessageContaining("2 problem(s)")
                    .hasMessageContaining("skole.yaml:4:18: unknown tjenesteomraade 'SKOLE'")
                    .hasMessageContaining("lonn.jsonata:10:28: JSONata does not compile");
        }
    }

    @Nested
    class Golden_examples extends Copy {

        @Test
        void should_refuse_a_mapping_without_examples_where_the_registration_names_it() throws IOException {
            delete(mappings.resolve("lonn/examples"));

            assertThat(problems()).singleElement().satisfies(p -> {
                assertThat(p.file()).isEqualTo(config.resolve("lonn.yaml"));
                assertThat(p.line() + ":" + p.column()).isEqualTo("19:9");
                assertThat(p.reason()).isEqualTo("mapping " + mappings.resolve("lonn/lonn.jsonata") + " has no golden examples: add "
                        + mappings.resolve("lonn/examples") + "/<case>/input.json and expected.json (mappings/README.md)");
            });
        }

        @Test
        void should_refuse_a_mapping_whose_examples_folder_holds_no_case() throws IOException {
            delete(mappings.resolve("pleie-omsorg/examples"));
            Files.createDirectories(mappings.resolve("pleie-omsorg/examples"));

            assertThat(problems()).singleElement().satisfies(p -> {
                assertThat(p.file()).isEqualTo(config.resolve("pleie-omsorg.yaml"));
                assertThat(p.reason()).contains("has no golden examples");
            });
        }

        @Test
        void should_refuse_a_registration_that_sees_addresses_without_a_withheld_address_case() throws IOException {
            delete(mappings.resolve("lonn/examples/strengt-fortrolig-adresse"));

            assertThat(problems()).singleElement().satisfies(p -> {
                assertThat(p.file()).isEqualTo(config.resolve("lonn.yaml"));
                assertThat(p.line() + ":" + p.column()).isEqualTo("19:9");
                assertThat(p.reason()).contains("has no example with a withheld protected address");
            });
        }

        @Test
        void should_not_ask_for_a_protected_case_when_the_registration_sees_no_address() throws IOException {
            replace(config.resolve("lonn.yaml"), "felter: [IDENTITETSNUMMER, IDENTITETSHISTORIKK, NAVN, ADRESSE]",
                    "felter: [IDENTITETSNUMMER, IDENTITETSHISTORIKK, NAVN]");
            delete(mappings.resolve("lonn/examples/strengt-fortrolig-adresse"));

            assertThat(problems()).isEmpty();
        }

        @Test
        void should_refuse_beskyttede_adresser_without_a_case_that_shows_a_fortrolig_address() throws IOException {
            delete(mappings.resolve("barnevern/examples/fortrolig-adresse-tillatt"));

            assertThat(problems()).singleElement().satisfies(p -> {
                assertThat(p.file()).isEqualTo(config.resolve("barnevern.yaml"));
                assertThat(p.line() + ":" + p.column()).isEqualTo("19:23");
                assertThat(p.reason()).contains("has no example with a fortrolig address: beskyttedeAdresser is true");
            });
        }

        // example input | grading in it | grading put there | line:column | expected reason (fragment)
        @ParameterizedTest(name = "{0}: {2}")
        @CsvSource(delimiter = '|', value = {
                "barnevern/examples/fortrolig-adresse-tillatt | \"FORTROLIG\" | \"STRENGT_FORTROLIG\" | 24:21 | an address graded STRENGT_FORTROLIG never reaches this fagsystem (strengt fortrolig is always withheld)",
                "lonn/examples/navneendring                   | \"UGRADERT\"   | \"FORTROLIG\"         | 25:21 | an address graded FORTROLIG never reaches this fagsystem (beskyttedeAdresser is false)",
                "lonn/examples/navneendring                   | \"UGRADERT\"   | \"KODE6\"             | 25:21 | unknown gradering 'KODE6'",
        })
        void should_refuse_an_example_input_the_registration_could_never_receive(String example, String from, String to,
                                                                                 String position, String reason) throws IOException {
            Path input = mappings.resolve(example).resolve("input.json");
            replace(input, from, to);

            assertThat(problems()).anySatisfy(p -> {
                assertThat(p.file()).isEqualTo(input);
                assertThat(p.line() + ":" + p.column()).isEqualTo(position);
                assertThat(p.reason()).contains(reason);
            });
        }

        @Test
        void should_report_an_example_input_that_is_not_json_at_its_line_and_column() throws IOException {
            Path input = mappings.resolve("lonn/examples/navneendring/input.json");
            replace(input, "\"hendelse\" : {", "\"hendelse\" : {,");

            assertThat(problems()).singleElement().satisfies(p -> {
                assertThat(p.file()).isEqualTo(input);
                assertThat(p.line() + ":" + p.column()).isEqualTo("2:17");
                assertThat(p.reason()).startsWith("not valid JSON: Unexpected character (',' (code 44))");
            });
        }

        @Test
        void should_refuse_an_example_without_its_expected_file() throws IOException {
            Files.delete(mappings.resolve("skole/examples/beskyttet-adresse/expected.csv"));

            assertThat(problems()).singleElement().hasToString(mappings.resolve("skole/examples/beskyttet-adresse")
                    + ": example has no expected.csv");
        }

        @Test
        void should_refuse_a_mapping_that_fails_on_an_example_input() throws IOException {
            replace(mappings.resolve("lonn/lonn.jsonata"), "\"meldingstype\": $type,", "\"meldingstype\": $error(\"stopp\"),");

            long eksempler;
            try (Stream<Path> mapper = Files.list(mappings.resolve("lonn/examples"))) {
                eksempler = mapper.count();
            }
            assertThat(problems()).as("one per example").hasSize((int) eksempler).allSatisfy(p -> {
                assertThat(p.file().getFileName()).hasToString("input.json");
                assertThat(p.line() + ":" + p.column()).isEqualTo("1:1");
                assertThat(p.reason()).startsWith("mapping " + mappings.resolve("lonn/lonn.jsonata") + " fails on this input:"
                        + " JSONata failed with D3137");
            });
        }

        @Test
        void should_stop_the_start_when_a_mapping_has_no_examples() throws IOException {
            delete(mappings.resolve("skole/examples"));

            assertThatThrownBy(() -> FagsystemRegistry.last(config, mappings))
                    .isInstanceOf(UgyldigKonfigurasjonException.class)
                    .hasMessageContaining("skole.yaml:33:9: mapping " + mappings.resolve("skole/skole.csv.yaml") + " has no golden examples");
        }
    }

    static void replace(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).as("test setup: %s contains %s", file, from).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }

    static void copy(Path from, Path to) throws IOException {
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
