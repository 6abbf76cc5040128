package no.kommune.esb.platform.konfig;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.Felt;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watcher on a plain Camel context and copies of the shipped registrations and mappings: each edit is made on
 * disk, then two rounds ({@link Konfigurasjonsovervaaker#sjekk()}) run, as the scheduler would: an edit is acted on
 * once a round reads the files as the previous round did.
 */
class KonfigurasjonsovervaakerTest {

    static final String RUTE = """
            - route:
                id: konfig-proeve
                from:
                  uri: direct:konfig-proeve
                  steps:
                    - setBody:
                        constant: "%s"
            """;

    static final String CM_RUTE = """
            - route:
                id: cm-proeve
                from:
                  uri: direct:cm-proeve
                  steps:
                    - setBody:
                        constant: "%s"
            """;

    @TempDir
    Path dir;
    Path ruter;
    Path fagsystemer;
    Path mappings;
    CamelContext camel;
    FagsystemRegistry registry;
    Konfigurasjonsstatus status = new Konfigurasjonsstatus();
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    Konfigurasjonsovervaaker overvaaker;

    @BeforeEach
    void start() throws Exception {
        ruter = Files.createDirectories(dir.resolve("routes/proeve"));
        fagsystemer = dir.resolve("fagsystemer");
        mappings = dir.resolve("mappings");
        Konfigfiler.kopier(Path.of("config/fagsystemer"), fagsystemer);
        Konfigfiler.kopier(Path.of("mappings"), mappings);
        registry = FagsystemRegistry.last(fagsystemer, mappings);
        Files.writeString(ruter.resolve("konfig-proeve.camel.yaml"), RUTE.formatted("versjon 1"));
        camel = new DefaultCamelContext();
        camel.start();
        // as start-up loads it: the file pattern camel.main.routes-include-pattern gives
        PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveResource(camel, "file:" + ruter.resolve("konfig-proeve.camel.yaml")));
        overvaaker = new Konfigurasjonsovervaaker(new Konfigurasjonsovervaaker.Mapper(dir.resolve("routes"), fagsystemer, mappings), camel,
                registry, status, metrics, new MockEnvironment().withProperty("hendelser.webhook.barnevern", "http://localhost:1/barnevern"),
                Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC));
        overvaaker.start();
    }

    @AfterEach
    void stopp() throws Exception {
        camel.close();
    }

    @Nested
    class Ruter {

        @Test
        void should_show_every_file_as_live_after_start() {
            assertThat(status.filer()).isNotEmpty().allSatisfy(f -> {
                assertThat(f.status()).isEqualTo(Konfigfil.LIVE);
                assertThat(f.sjekksum()).hasSize(64);
                assertThat(f.feil()).isEmpty();
            });
            assertThat(status.filer()).extracting(Konfigfil::sti).contains(rutefil().toString(), fagsystemer.resolve("lonn.yaml").toString());
        }

        /**
         * A Kubernetes ConfigMap mounted in the routes folder: each version of its files in a hidden folder
         * {@code ..<timestamp>}, the link {@code ..data} to the current one, and each file a link through it; an update
         * writes a new hidden folder, swaps {@code ..data} and deletes the old folder. The watcher reads what Camel's
         * start-up reads (hidden files and folders left out): the route takes the new version and stays. Before session
         * 29 it also read the hidden copies, and the old folder's deletion removed the route the swap had just reloaded.
         */
        @Test
        void should_take_a_configmap_update_once_and_keep_the_route_running_when_the_mount_swaps_its_hidden_folder() throws IOException {
            Path cm = Files.createDirectories(dir.resolve("routes/cm"));
            Path v1 = Files.createDirectories(cm.resolve("..2026_12_07_08_00_00.1"));
            Files.writeString(v1.resolve("cm.camel.yaml"), CM_RUTE.formatted("cm 1"));
            Files.createSymbolicLink(cm.resolve("..data"), Path.of(v1.getFileName().toString()));
            Files.createSymbolicLink(cm.resolve("cm.camel.yaml"), Path.of("..data/cm.camel.yaml"));
            runder();
            assertThat(camel.createProducerTemplate().requestBody("direct:cm-proeve", "", String.class)).isEqualTo("cm 1");

            Path v2 = Files.createDirectories(cm.resolve("..2026_12_07_09_00_00.2"));
            Files.writeString(v2.resolve("cm.camel.yaml"), CM_RUTE.formatted("cm 2"));
            Files.createSymbolicLink(cm.resolve("..data_tmp"), Path.of(v2.getFileName().toString()));
            Files.move(cm.resolve("..data_tmp"), cm.resolve("..data"), java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            Files.delete(v1.resolve("cm.camel.yaml"));
            Files.delete(v1);
            runder();

            assertThat(camel.getRoute("cm-proeve")).as("the route stays after the old folder is deleted").isNotNull();
            assertThat(camel.createProducerTemplate().requestBody("direct:cm-proeve", "", String.class)).isEqualTo("cm 2");
            assertThat(status.filer()).extracting(Konfigfil::sti).filteredOn(sti -> sti.contains("/cm/"))
                    .containsExactly(cm.resolve("cm.camel.yaml").toString());
        }

        @Test
        void should_replace_the_running_route_of_the_same_id_when_its_file_is_edited() throws IOException {
            String foer = status.fil(rutefil().toString()).sjekksum();
            Files.writeString(rutefil(), RUTE.formatted("versjon 2"));

            runder();

            assertThat(svar()).isEqualTo("versjon 2");
            assertThat(camel.getRoutes()).hasSize(1);
            Konfigfil fil = status.fil(rutefil().toString());
            assertThat(fil.status()).isEqualTo(Konfigfil.LIVE);
            assertThat(fil.sjekksum()).isNotEqualTo(foer);
            assertThat(metrics.counter("esb.konfig.lasting", "type", "ruter", "resultat", "lastet").count()).isEqualTo(1);
        }

        @Test
        void should_keep_the_running_route_and_tell_file_line_and_column_when_the_edit_is_not_valid_yaml() throws IOException {
            String live = status.fil(rutefil().toString()).sjekksum();
            Files.writeString(rutefil(), RUTE.formatted("versjon 2").replace("      steps:", "      steps: [oops"));

            runder();

            assertThat(svar()).isEqualTo("versjon 1");
            Konfigfil fil = status.fil(rutefil().toString());
            assertThat(fil.status()).isEqualTo(Konfigfil.UGYLDIG);
            assertThat(fil.sjekksum()).as("the live version's checksum stays").isEqualTo(live);
            assertThat(fil.feil()).singleElement().asString().matches(java.util.regex.Pattern.quote(rutefil().toString()) + ":\\d+:\\d+: .+");
            assertThat(metrics.counter("esb.konfig.lasting", "type", "ruter", "resultat", "avvist").count()).isEqualTo(1);
        }

        @Test
        void should_put_a_corrected_file_live_after_a_refused_edit() throws IOException {
            Files.writeString(rutefil(), "- route: [");
            runder();
            Files.writeString(rutefil(), RUTE.formatted("versjon 3"));

            runder();

            assertThat(svar()).isEqualTo("versjon 3");
            assertThat(status.fil(rutefil().toString()).status()).isEqualTo(Konfigfil.LIVE);
        }

        @Test
        void should_put_the_earlier_version_back_when_the_edited_route_does_not_start() throws IOException {
            Files.writeString(rutefil(), RUTE.formatted("versjon 2").replace("direct:konfig-proeve", "ukjent-komponent:konfig-proeve"));

            runder();

            assertThat(svar()).isEqualTo("versjon 1");
            assertThat(status.fil(rutefil().toString()).status()).isEqualTo(Konfigfil.UGYLDIG);
            assertThat(status.fil(rutefil().toString()).feil()).singleElement().asString().contains("does not start");
        }

        @Test
        void should_start_the_routes_of_a_new_file_and_stop_those_of_a_deleted_one() throws IOException {
            Path ny = ruter.resolve("konfig-ny.camel.yaml");
            Files.writeString(ny, RUTE.formatted("ny").replace("konfig-proeve", "konfig-ny"));
            Files.delete(rutefil());

            runder();

            assertThat(camel.getRoutes()).extracting(r -> r.getRouteId()).containsExactly("konfig-ny");
            assertThat(status.filer()).extracting(Konfigfil::sti).contains(ny.toString()).doesNotContain(rutefil().toString());
        }

        @Test
        void should_refuse_a_new_file_whose_route_id_another_file_defines_and_keep_the_route_when_the_copy_is_deleted() throws IOException {
            Path kopi = ruter.resolve("konfig-kopi.camel.yaml");
            Files.writeString(kopi, RUTE.formatted("kopi"));

            runder();

            assertThat(status.fil(kopi.toString()).status()).isEqualTo(Konfigfil.UGYLDIG);
            assertThat(status.fil(kopi.toString()).feil()).singleElement().asString().contains("konfig-proeve").contains("another route file");
            assertThat(camel.getRoute("konfig-proeve").getSourceResource().getLocation()).endsWith("konfig-proeve.camel.yaml");
            Files.delete(kopi);
            runder();
            assertThat(camel.getRoute("konfig-proeve")).as("the original file's route keeps running").isNotNull();
        }

        @Test
        void should_not_put_a_route_file_live_that_a_round_caught_half_saved() throws IOException {
            String hel = RUTE.formatted("versjon 2") + """
                            - setBody:
                                simple: "${body} (hel)"
                    """;
            // an editor that truncates and writes in steps: the first part is a valid route on its own
            Files.writeString(rutefil(), RUTE.formatted("versjon 2"));
            overvaaker.sjekk();
            assertThat(svar()).as("a version one round has seen is not acted on").isEqualTo("versjon 1");
            Files.writeString(rutefil(), hel);

            overvaaker.sjekk();
            assertThat(svar()).as("changed since the previous round: still being saved").isEqualTo("versjon 1");
            overvaaker.sjekk();

            assertThat(svar()).isEqualTo("versjon 2 (hel)");
            assertThat(status.fil(rutefil().toString()).sjekksum()).isEqualTo(Filsett.sjekksum(hel.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(metrics.counter("esb.konfig.lasting", "type", "ruter", "resultat", "lastet").count()).as("loaded once").isEqualTo(1);
        }

        @Test
        void should_keep_the_route_running_when_its_file_is_gone_for_one_round_while_an_editor_replaces_it() throws IOException {
            // an editor that renames the old file away and writes the new one: one round may find neither
            Files.delete(rutefil());
            overvaaker.sjekk();
            assertThat(camel.getRoute("konfig-proeve")).as("gone for one round: not removed").isNotNull();
            Files.writeString(rutefil(), RUTE.formatted("versjon 2"));

            runder();

            assertThat(svar()).isEqualTo("versjon 2");
            assertThat(metrics.counter("esb.konfig.lasting", "type", "ruter", "resultat", "fjernet").count()).isZero();
            assertThat(status.fil(rutefil().toString()).status()).isEqualTo(Konfigfil.LIVE);
        }

        @Test
        void should_refuse_an_edited_route_template_and_its_deletion_while_the_routes_made_from_it_keep_the_version_they_started_with() throws Exception {
            // as the JMS intake: one route per sender system made from the template once the route files are loaded
            String mal = """
                    - routeTemplate:
                        id: konfig-mal
                        parameters:
                          - name: avsender
                        route:
                          from:
                            uri: "direct:konfig-mal-{{avsender}}"
                            steps:
                              - setBody:
                                  constant: "%s"
                    """;
            Path fil = ruter.resolve("konfig-mal.camel.yaml");
            Files.writeString(fil, mal.formatted("mal 1"));
            runder();
            camel.addRouteFromTemplate("konfig-mal-skole", "konfig-mal", java.util.Map.of("avsender", "skole"));
            String live = status.fil(fil.toString()).sjekksum();

            Files.writeString(fil, mal.formatted("mal 2"));
            runder();

            assertThat(camel.createProducerTemplate().requestBody("direct:konfig-mal-skole", "", String.class)).isEqualTo("mal 1");
            Konfigfil k = status.fil(fil.toString());
            assertThat(k.status()).as("not shown live while the made routes run the old template").isEqualTo(Konfigfil.UGYLDIG);
            assertThat(k.sjekksum()).isEqualTo(live);
            assertThat(k.feil()).singleElement().asString().contains("[konfig-mal]").contains("restart");

            Files.delete(fil);
            runder();
            assertThat(status.fil(fil.toString()).feil()).singleElement().asString().contains("deleted").contains("[konfig-mal]");

            Files.writeString(fil, mal.formatted("mal 1"));
            runder();
            assertThat(status.fil(fil.toString()).status()).as("back to the version that runs").isEqualTo(Konfigfil.LIVE);
            assertThat(camel.createProducerTemplate().requestBody("direct:konfig-mal-skole", "", String.class)).isEqualTo("mal 1");
        }

        @Test
        void should_refuse_a_route_file_not_saved_as_utf_8_and_say_where() throws IOException {
            // an editor that saves in Windows-1252: the ø of "Høst" is one byte that UTF-8 does not allow (line 3, column 19)
            Files.write(rutefil(), RUTE.formatted("versjon 2").replace("id: konfig-proeve", "id: konfig-proeve\n    description: Høst")
                    .getBytes(java.nio.charset.Charset.forName("windows-1252")));

            runder();

            assertThat(svar()).isEqualTo("versjon 1");
            Konfigfil fil = status.fil(rutefil().toString());
            assertThat(fil.status()).isEqualTo(Konfigfil.UGYLDIG);
            assertThat(fil.feil()).singleElement().asString().isEqualTo(rutefil() + ":3:19: not UTF-8 text; save the file as UTF-8");
        }

        @Test
        void should_reload_nothing_when_nothing_changed() {
            runder();

            assertThat(metrics.getMeters()).isEmpty();
        }
    }

    @Nested
    class Registreringer {

        @Test
        void should_swap_in_the_edited_registration_when_it_is_valid() throws IOException {
            Path lonn = fagsystemer.resolve("lonn.yaml");
            Konfigfiler.erstatt(lonn, "felter: [IDENTITETSNUMMER, IDENTITETSHISTORIKK, NAVN, ADRESSE]", "felter: [IDENTITETSNUMMER, IDENTITETSHISTORIKK, NAVN]");

            runder();

            assertThat(registry.finn("lonn").orElseThrow().data().tillater(Felt.ADRESSE)).isFalse();
            assertThat(status.fil(lonn.toString()).status()).isEqualTo(Konfigfil.LIVE);
            assertThat(metrics.counter("esb.konfig.lasting", "type", "fagsystemer", "resultat", "lastet").count()).isEqualTo(1);
        }

        @Test
        void should_refuse_a_valid_registration_edit_that_config_naming_it_would_no_longer_hold_against() throws IOException {
            // e.g. an extract order or a message trigger that names lonn: removing lonn would leave files the next start refuses
            overvaaker.setAvhengige(List.of(new Registreringsavhengig() {
                @Override
                public String type() {
                    return "proeve";
                }

                @Override
                public List<no.kommune.esb.hendelser.Problem> sjekkMot(no.kommune.esb.hendelser.FagsystemLoader.Resultat nye) {
                    return nye.fagsystemer().stream().anyMatch(f -> f.id().equals("lonn")) ? List.of()
                            : List.of(new no.kommune.esb.hendelser.Problem(Path.of("config/uttrekk/lonn-uttrekk.yaml"), 3, 13, "fagsystem 'lonn' is not registered"));
                }
            }));
            Files.delete(fagsystemer.resolve("lonn.yaml"));

            runder();

            assertThat(registry.finn("lonn")).as("the running registrations stay").isPresent();
            assertThat(metrics.counter("esb.konfig.lasting", "type", "fagsystemer", "resultat", "lastet").count()).isZero();
        }

        @Test
        void should_keep_a_registration_whose_file_is_gone_for_one_round_while_an_editor_replaces_it() throws IOException {
            Path lonn = fagsystemer.resolve("lonn.yaml");
            String tekst = Files.readString(lonn);
            Files.delete(lonn);
            overvaaker.sjekk();
            assertThat(registry.finn("lonn")).as("gone for one round: the registration stays").isPresent();
            Files.writeString(lonn, tekst);

            runder();

            assertThat(registry.finn("lonn")).isPresent();
            assertThat(metrics.counter("esb.konfig.lasting", "type", "fagsystemer", "resultat", "lastet").count()).as("nothing changed in the end").isZero();
            assertThat(status.fil(lonn.toString()).status()).isEqualTo(Konfigfil.LIVE);
        }

        @Test
        void should_keep_the_running_registrations_and_tell_the_line_when_an_edit_is_invalid() throws IOException {
            Path lonn = fagsystemer.resolve("lonn.yaml");
            Konfigfiler.erstatt(lonn, "tjenesteomraade: INTERNE_TJENESTER", "tjenesteomraade: UKJENT");

            runder();

            assertThat(registry.finn("lonn").orElseThrow().tjenesteomraade().name()).isEqualTo("INTERNE_TJENESTER");
            Konfigfil fil = status.fil(lonn.toString());
            assertThat(fil.status()).isEqualTo(Konfigfil.UGYLDIG);
            assertThat(fil.feil()).singleElement().asString().startsWith(lonn + ":4:18: unknown tjenesteomraade 'UKJENT'");
        }

        @Test
        void should_refuse_a_mapping_edit_that_breaks_a_golden_example_and_keep_the_running_mapping() throws Exception {
            Path mapping = mappings.resolve("lonn/lonn.jsonata");
            Konfigfiler.erstatt(mapping, "? \"NAVN_ENDRET\"", "? \"NAVNEENDRING\"");

            runder();

            Konfigfil fil = status.fil(mapping.toString());
            assertThat(fil.status()).isEqualTo(Konfigfil.UGYLDIG);
            assertThat(fil.feil()).anySatisfy(f -> assertThat(f)
                    .startsWith(mappings.resolve("lonn/examples/navneendring/expected.json") + ":1:1:")
                    .contains("$.meldingstype expected \"NAVN_ENDRET\" but was \"NAVNEENDRING\""));
            String kjoerende = registry.mapping("lonn").map(new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    mappings.resolve("lonn/examples/navneendring/input.json").toFile()));
            assertThat(kjoerende).contains("NAVN_ENDRET");
        }
    }

    /** How the console names a file and the folders in a refusal's reason: by the folder's kind, as the fingerprint keys them. */
    @Nested
    class Visning {

        @Test
        void should_name_a_file_by_its_folders_kind_and_its_path_there_and_leave_a_path_outside_the_folders_as_it_is() {
            java.util.Map<String, String> tilfeller = new java.util.LinkedHashMap<>();
            tilfeller.put(rutefil().toString(), "ruter/proeve/konfig-proeve.camel.yaml");
            tilfeller.put(fagsystemer.resolve("lonn.yaml").toString(), "fagsystemer/lonn.yaml");
            tilfeller.put(mappings.resolve("lonn/lonn.jsonata").toString(), "mappinger/lonn/lonn.jsonata");
            tilfeller.put(dir.resolve("routes/../routes/proeve/a.camel.yaml").toString(), "ruter/proeve/a.camel.yaml");
            tilfeller.put(dir.resolve("routes-gammel/a.camel.yaml").toString(), dir.resolve("routes-gammel/a.camel.yaml").toString());
            tilfeller.forEach((sti, vist) -> assertThat(overvaaker.vist(sti)).as(sti).isEqualTo(vist));
            assertThat(overvaaker.fingeravtrykk()).containsKeys("ruter/proeve/konfig-proeve.camel.yaml", "fagsystemer/lonn.yaml");
        }

        @Test
        void should_name_each_watched_folder_in_a_reason_by_its_kind_and_leave_other_paths_alone() {
            Path routes = dir.resolve("routes");
            java.util.Map<String, String> tilfeller = new java.util.LinkedHashMap<>();
            tilfeller.put(rutefil() + ":3:9: while parsing", "ruter/proeve/konfig-proeve.camel.yaml:3:9: while parsing");
            tilfeller.put("route id(s) [a] already defined in " + routes.resolve("b.camel.yaml") + " and " + mappings.resolve("x/y.jsonata"),
                    "route id(s) [a] already defined in ruter/b.camel.yaml and mappinger/x/y.jsonata");
            // the folder as the end of a longer path, or as the start of a longer folder name: not the watched folder
            tilfeller.put("/kopi" + routes + "/a.yaml", "/kopi" + routes + "/a.yaml");
            tilfeller.put(routes + "-gammel/a.yaml: x", routes + "-gammel/a.yaml: x");
            tilfeller.put("no path here", "no path here");
            tilfeller.forEach((tekst, vist) -> assertThat(overvaaker.vistTekst(tekst)).as(tekst).isEqualTo(vist));
        }
    }

    /**
     * {@code GET /api/konfig} and the WARN line about a refused edit name the file as the console does: the test's
     * folders are absolute ({@code @TempDir}), and neither the answer nor the log line shows them.
     */
    @Nested
    class Api {

        @Test
        void should_name_each_file_and_a_refused_files_reasons_relative_to_its_folder_and_show_no_absolute_path() throws Exception {
            ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(Konfigurasjonsovervaaker.class);
            ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logg = new ch.qos.logback.core.read.ListAppender<>();
            logg.start();
            logger.addAppender(logg);
            try {
                Files.writeString(rutefil(), RUTE.formatted("versjon 2").replace("      steps:", "      steps: [oops"));
                runder();
            } finally {
                logger.detachAppender(logg);
            }
            String mappe = dir.toAbsolutePath().toString();
            assertThat(mappe).as("the test's folders are absolute").startsWith("/");
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper().findAndRegisterModules();

            String svar = new KonfigApi(status, null, overvaaker, json).filer();

            assertThat(svar).doesNotContain(mappe);
            com.fasterxml.jackson.databind.JsonNode filer = json.readTree(svar);
            assertThat(filer.findValuesAsText("sti")).contains("ruter/proeve/konfig-proeve.camel.yaml", "fagsystemer/lonn.yaml")
                    .allSatisfy(sti -> assertThat(sti).doesNotStartWith("/"));
            com.fasterxml.jackson.databind.JsonNode rute = java.util.stream.StreamSupport.stream(filer.spliterator(), false)
                    .filter(f -> f.path("sti").asText().equals("ruter/proeve/konfig-proeve.camel.yaml")).findFirst().orElseThrow();
            assertThat(rute.path("status").asText()).isEqualTo(Konfigfil.UGYLDIG);
            assertThat(rute.path("feil").get(0).asText()).matches("ruter/proeve/konfig-proeve\\.camel\\.yaml:\\d+:\\d+: .+");
            assertThat(logg.list).extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
                    .anySatisfy(l -> assertThat(l).startsWith("Config edit refused, the running version stays: ruter/proeve/konfig-proeve.camel.yaml:"))
                    .allSatisfy(l -> assertThat(l).doesNotContain(mappe));
        }
    }

    /** The rounds that put a finished edit live: the first sees it, the second sees it unchanged. */
    private void runder() {
        overvaaker.sjekk();
        overvaaker.sjekk();
    }

    private Path rutefil() {
        return ruter.resolve("konfig-proeve.camel.yaml");
    }

    private String svar() {
        return camel.createProducerTemplate().requestBody("direct:konfig-proeve", "", String.class);
    }

}
