package no.kommune.esb.proaktiv;

import no.kommune.esb.hendelser.UgyldigKonfigurasjonException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UtloeserRegistryTest {

    private static final List<String> AVSENDERE = List.of("pleie-omsorg", "sak-arkiv", "skole");

    @Test
    void should_follow_the_files_switch_unless_configuration_overrides_it(@TempDir Path dir) throws IOException {
        Path shipped = Path.of("config/proaktiv");
        for (String navn : List.of("foedsel-helsestasjon", "innflytting-velkommen")) {
            Files.copy(shipped.resolve(navn + ".yaml"), dir.resolve(navn + ".yaml"));
        }
        Files.writeString(dir.resolve("innflytting-velkommen.yaml"),
                Files.readString(dir.resolve("innflytting-velkommen.yaml")).replace("aktiv: true", "aktiv: false"));

        UtloeserRegistry registry = UtloeserRegistry.last(new ProaktivProperties(dir, "Bergen", null, Map.of("foedsel-helsestasjon", false)), AVSENDERE, UtloeserLoaderTest.FAGSYSTEMER);

        assertThat(registry.aktiv(registry.finn("innflytting-velkommen").orElseThrow())).as("aktiv: false in the file").isFalse();
        assertThat(registry.aktiv(registry.finn("foedsel-helsestasjon").orElseThrow())).as("overridden by proaktiv.overstyr-aktiv").isFalse();
    }

    @Test
    void should_stop_the_start_listing_every_problem_when_a_trigger_is_invalid(@TempDir Path dir) throws IOException {
        String gyldig = Files.readString(Path.of("config/proaktiv/foedsel-helsestasjon.yaml"));
        Files.writeString(dir.resolve("avsender.yaml"), gyldig.replace("avsenderSystem: pleie-omsorg", "avsenderSystem: helse"));
        Files.writeString(dir.resolve("bryter.yaml"), gyldig.replace("aktiv: true", "aktiv: ja"));

        assertThatThrownBy(() -> UtloeserRegistry.last(new ProaktivProperties(dir, "Bergen", null, null), AVSENDERE, UtloeserLoaderTest.FAGSYSTEMER))
                .isInstanceOf(UgyldigKonfigurasjonException.class)
                .hasMessageContaining("2 problem(s)")
                .hasMessageContaining("avsender.yaml:12:17: avsenderSystem 'helse' is not a sender system")
                .hasMessageContaining("bryter.yaml:16:8: cannot read the trigger: Cannot deserialize value of type `java.lang.Boolean` from String \"ja\"");
    }
}
