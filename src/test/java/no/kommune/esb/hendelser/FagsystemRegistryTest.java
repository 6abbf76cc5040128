package no.kommune.esb.hendelser;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FagsystemRegistryTest {

    @TempDir
    Path dir;
    Path config;
    Path mappings;

    @BeforeEach
    void copyShipped() throws IOException {
        config = dir.resolve("fagsystemer");
        mappings = dir.resolve("mappings");
        FagsystemLoaderTest.copy(Path.of("config/fagsystemer"), config);
        FagsystemLoaderTest.copy(Path.of("mappings"), mappings);
    }

    @Test
    void should_serve_the_edited_registration_after_a_swap() throws IOException {
        FagsystemRegistry registry = FagsystemRegistry.last(config, mappings);
        FagsystemLoaderTest.replace(config.resolve("lonn.yaml"), "felter: [IDENTITETSNUMMER, IDENTITETSHISTORIKK, NAVN, ADRESSE]",
                "felter: [IDENTITETSNUMMER, IDENTITETSHISTORIKK, NAVN]");

        registry.erstatt(FagsystemLoader.last(config, mappings));

        assertThat(registry.finn("lonn").orElseThrow().data().tillater(Felt.ADRESSE)).isFalse();
    }

    // file | text in the shipped file | replacement | whether the registration lets other data through afterwards
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}: {2} → told {3}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "lonn.yaml  | felter: [IDENTITETSNUMMER, IDENTITETSHISTORIKK, NAVN, ADRESSE] | felter: [IDENTITETSNUMMER, IDENTITETSHISTORIKK, NAVN] | true",
            "lonn.yaml  | - endringINavn                | - endringIFamilierelasjon   | true",
            "skole.yaml | kommune: \"4601\"             | kommune: \"0301\"           | true",
            "skole.yaml | alder: { fra: 0, til: 17 }    | alder: { fra: 0, til: 16 }  | true",
            "skole.yaml | schedule: \"0 0 5 * * *\"     | schedule: \"0 0 6 * * *\"   | false",
            "lonn.yaml  | navn: Lønn                    | navn: Lønnssystemet         | false",
    })
    void should_tell_its_listeners_which_registrations_now_let_other_data_through(String fil, String fra, String til, boolean fortalt) throws IOException {
        FagsystemRegistry registry = FagsystemRegistry.last(config, mappings);
        List<java.util.Set<String>> hoert = new java.util.ArrayList<>();
        registry.vedEndretMinimering(hoert::add);
        FagsystemLoaderTest.replace(config.resolve(fil), fra, til);

        registry.erstatt(FagsystemLoader.last(config, mappings));

        String id = fil.replace(".yaml", "");
        assertThat(hoert).as("the fan-out re-makes waiting deliveries of a registration whose minimisation changed")
                .isEqualTo(fortalt ? List.of(java.util.Set.of(id)) : List.of());
    }

    // file | text in the shipped file | replacement | whether rows made under the registration before the edit may wait as made
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}: {2} → still current {3}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "skole.yaml | felter: [IDENTITETSNUMMER, NAVN, ADRESSE] | felter: [IDENTITETSNUMMER, NAVN] | false",
            "skole.yaml | alder: { fra: 0, til: 17 }    | alder: { fra: 0, til: 16 }  | false",
            "skole.yaml | schedule: \"0 0 5 * * *\"     | schedule: \"0 0 6 * * *\"   | true",
            "lonn.yaml  | navn: Lønn                    | navn: Lønnssystemet         | true",
    })
    void should_hold_a_registration_read_before_a_reload_as_current_only_while_the_live_one_lets_the_same_data_through(
            String fil, String fra, String til, boolean gjeldende) throws IOException {
        FagsystemRegistry registry = FagsystemRegistry.last(config, mappings);
        String id = fil.replace(".yaml", "");
        Fagsystem brukt = registry.finn(id).orElseThrow();
        assertThat(registry.gjeldende(brukt)).as("before any reload").isTrue();
        FagsystemLoaderTest.replace(config.resolve(fil), fra, til);

        registry.erstatt(FagsystemLoader.last(config, mappings));

        assertThat(registry.gjeldende(brukt)).as("a fan-out batch that read it before the reload may keep its rows waiting").isEqualTo(gjeldende);
        assertThat(registry.gjeldende(registry.finn(id).orElseThrow())).as("the live one").isTrue();
    }

    /**
     * A registration removed by one reload and added back (here narrowed) by the next: the rows made under the old one
     * may still wait (the removal told nobody), so the fan-out is told to make them again, as after any change.
     */
    @Test
    void should_tell_its_listeners_of_a_registration_added_back_after_a_reload_removed_it() throws IOException {
        FagsystemRegistry registry = FagsystemRegistry.last(config, mappings);
        List<java.util.Set<String>> hoert = new java.util.ArrayList<>();
        registry.vedEndretMinimering(hoert::add);
        Path fil = config.resolve("barnevern.yaml");
        String innhold = Files.readString(fil);
        Files.delete(fil);
        registry.erstatt(FagsystemLoader.last(config, mappings));
        assertThat(hoert).as("a removal: the sweep ends the rows of a fagsystem no longer registered").isEmpty();

        Files.writeString(fil, innhold);
        registry.erstatt(FagsystemLoader.last(config, mappings));

        assertThat(hoert).isEqualTo(List.of(java.util.Set.of("barnevern")));
    }

    @Test
    void should_not_hold_a_removed_registration_as_current() throws IOException {
        FagsystemRegistry registry = FagsystemRegistry.last(config, mappings);
        Fagsystem brukt = registry.finn("barnevern").orElseThrow();
        Files.delete(config.resolve("barnevern.yaml"));

        registry.erstatt(FagsystemLoader.last(config, mappings));

        assertThat(registry.gjeldende(brukt)).isFalse();
    }

    @Test
    void should_refuse_a_set_with_problems_and_keep_the_running_one() throws IOException {
        FagsystemRegistry registry = FagsystemRegistry.last(config, mappings);
        FagsystemLoaderTest.replace(config.resolve("lonn.yaml"), "tjenesteomraade: INTERNE_TJENESTER", "tjenesteomraade: UKJENT");
        FagsystemLoader.Resultat ugyldig = FagsystemLoader.last(config, mappings);

        assertThatThrownBy(() -> registry.erstatt(ugyldig)).isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.finn("lonn").orElseThrow().tjenesteomraade()).isEqualTo(Tjenesteomraade.INTERNE_TJENESTER);
    }

    @Test
    void should_let_readers_see_the_old_set_or_the_new_set_but_never_a_mix_while_sets_are_swapped() throws Exception {
        FagsystemRegistry registry = FagsystemRegistry.last(config, mappings);
        FagsystemLoader.Resultat medLonn = FagsystemLoader.last(config, mappings);
        Files.delete(config.resolve("lonn.yaml"));
        FagsystemLoader.Resultat utenLonn = FagsystemLoader.last(config, mappings);
        List<String> gammel = medLonn.fagsystemer().stream().map(Fagsystem::id).sorted().toList();
        List<String> ny = utenLonn.fagsystemer().stream().map(Fagsystem::id).sorted().toList();
        AtomicBoolean ferdig = new AtomicBoolean();
        ConcurrentLinkedQueue<List<String>> blandet = new ConcurrentLinkedQueue<>();
        ExecutorService lesere = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> kjoeringer = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                kjoeringer.add(lesere.submit(() -> {
                    while (!ferdig.get()) {
                        List<String> sett = registry.alle().stream().map(Fagsystem::id).toList();
                        if (!sett.equals(gammel) && !sett.equals(ny)) {
                            blandet.add(sett);
                        }
                    }
                }));
            }
            for (int i = 0; i < 2000; i++) {
                registry.erstatt(i % 2 == 0 ? utenLonn : medLonn);
            }
            ferdig.set(true);
            for (Future<?> k : kjoeringer) {
                k.get();
            }
        } finally {
            lesere.shutdownNow();
        }

        assertThat(blandet).isEmpty();
    }
}
