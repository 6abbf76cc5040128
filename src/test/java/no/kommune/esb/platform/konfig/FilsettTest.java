package no.kommune.esb.platform.konfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FilsettTest {

    @TempDir
    Path dir;

    @Test
    void should_find_nothing_when_no_file_changed() throws IOException {
        skriv("a/en.camel.yaml", "en");
        Filsett foer = les();

        assertThat(les().endringFra(foer).tom()).isTrue();
    }

    @Test
    void should_find_nothing_when_a_file_is_touched_or_rewritten_with_the_same_content() throws IOException {
        Path fil = skriv("en.camel.yaml", "en");
        Filsett foer = les();
        Files.setLastModifiedTime(fil, FileTime.from(Instant.now().plusSeconds(60)));
        skriv("en.camel.yaml", "en");

        assertThat(les().endringFra(foer).tom()).isTrue();
    }

    @Test
    void should_tell_added_changed_and_deleted_files_apart() throws IOException {
        skriv("endres.camel.yaml", "v1");
        Path slettes = skriv("slettes.camel.yaml", "x");
        Filsett foer = les();
        skriv("endres.camel.yaml", "v2");
        Files.delete(slettes);
        skriv("ny/ny.camel.yaml", "ny");

        Filsett.Endring endring = les().endringFra(foer);

        assertThat(endring.nye()).containsExactly(dir.resolve("ny/ny.camel.yaml"));
        assertThat(endring.endrede()).containsExactly(dir.resolve("endres.camel.yaml"));
        assertThat(endring.slettede()).containsExactly(slettes);
        assertThat(endring.nyeOgEndrede()).containsExactlyInAnyOrder(dir.resolve("ny/ny.camel.yaml"), dir.resolve("endres.camel.yaml"));
    }

    @Test
    void should_see_only_the_files_the_filter_accepts_and_only_the_top_folder_when_not_deep() throws IOException {
        skriv("en.yaml", "en");
        skriv("README.md", "tekst");
        skriv("under/to.yaml", "to");

        Filsett grunt = Filsett.les(dir, false, f -> f.toString().endsWith(".yaml"));

        assertThat(grunt.sjekksummer()).containsOnlyKeys(dir.resolve("en.yaml"));
    }

    @Test
    void should_be_empty_when_the_folder_does_not_exist() {
        assertThat(Filsett.les(dir.resolve("finnes-ikke"), true, f -> true).sjekksummer()).isEmpty();
    }

    @Test
    void should_give_the_sha256_of_the_content() throws IOException {
        Path fil = skriv("en.yaml", "abc");

        assertThat(les().sjekksum(fil)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    private Filsett les() {
        return Filsett.les(dir, true, f -> true);
    }

    private Path skriv(String sti, String innhold) throws IOException {
        Path fil = dir.resolve(sti);
        Files.createDirectories(fil.getParent());
        return Files.writeString(fil, innhold);
    }
}
