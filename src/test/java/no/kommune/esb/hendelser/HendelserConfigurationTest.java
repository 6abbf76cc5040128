package no.kommune.esb.hendelser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class HendelserConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(HendelserConfiguration.class);

    @Test
    void should_provide_the_registry_of_the_shipped_registrations_by_default() {
        runner.run(context -> assertThat(context.getBean(FagsystemRegistry.class).alle()).hasSize(5));
    }

    @Test
    void should_take_the_registry_from_the_load_begun_before_any_bean_was_made() {
        runner.run(context -> {
            HendelserConfiguration.TidligLast tidlig = context.getBean(HendelserConfiguration.TidligLast.class);
            // the early load's own value: a registry loaded again on the bean's thread would be another instance
            assertThat(context.getBean(FagsystemRegistry.class)).isSameAs(tidlig.registry().get());
        });
    }

    @Test
    void should_stop_the_start_when_a_registration_is_invalid(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("ukjent.yaml"), "id: ukjent\nnavn: x\ntjenesteomraade: SKOLE\n");

        runner.withPropertyValues("hendelser.fagsystemer-dir=" + dir, "hendelser.mappings-dir=mappings")
                .run(context -> assertThat(context).getFailure()
                        .rootCause()
                        .isInstanceOf(UgyldigKonfigurasjonException.class)
                        .hasMessageContaining("ukjent.yaml:3:18: unknown tjenesteomraade 'SKOLE'")
                        .hasMessageContaining("ukjent.yaml:1:1: hendelsestyper is missing"));
    }

    @Test
    void should_stop_the_start_when_a_mapping_has_no_golden_examples(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("fagsystemer"));
        Files.createDirectories(dir.resolve("mappings/lonn"));
        Files.copy(Path.of("config/fagsystemer/lonn.yaml"), dir.resolve("fagsystemer/lonn.yaml"));
        Files.copy(Path.of("mappings/lonn/lonn.jsonata"), dir.resolve("mappings/lonn/lonn.jsonata"));

        runner.withPropertyValues("hendelser.fagsystemer-dir=" + dir.resolve("fagsystemer"), "hendelser.mappings-dir=" + dir.resolve("mappings"))
                .run(context -> assertThat(context).getFailure()
                        .rootCause()
                        .isInstanceOf(UgyldigKonfigurasjonException.class)
                        .hasMessageContaining("lonn.yaml:19:9: mapping " + dir.resolve("mappings/lonn/lonn.jsonata")
                                + " has no golden examples"));
    }
}
