package no.kommune.esb.platform.embedded;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded servers' data folder: kept when the platform stops (a restart finds its letters, offsets and journal),
 * deleted only when asked (platform.embedded.delete-data-on-stop, set by the benchmarks, whose folders of a gigabyte
 * and more each once filled the build machine's disk until the broker blocked).
 */
class EmbeddedInfrastructureDataTest {

    @Configuration(proxyBeanMethods = false)
    static class Tom {
    }

    @Test
    void should_keep_the_data_folder_when_the_platform_stops_by_default(@TempDir Path dir) {
        Path data = dir.resolve("data");
        run(data, false);
        assertThat(data.resolve("postgres")).isDirectory();
        assertThat(data.resolve("artemis")).isDirectory();
    }

    @Test
    void should_delete_the_data_folder_after_the_servers_stop_when_asked(@TempDir Path dir) {
        Path data = dir.resolve("data");
        run(data, true);
        assertThat(data).doesNotExist();
    }

    private static void run(Path data, boolean delete) {
        try (ConfigurableApplicationContext ctx = new SpringApplicationBuilder(Tom.class)
                .web(WebApplicationType.NONE)
                // as a default property, the lowest rank, as HendelserBenchmark sets it: no config file may set the key
                // (application-local.yaml's "false" outranked it, and the events benchmark kept its 1.2 GB folder)
                .properties("platform.embedded.delete-data-on-stop=" + delete)
                // as arguments: they come before the config folder's application.yaml (data-dir: data)
                .run("--platform.embedded.enabled=true", "--platform.data-dir=" + data,
                        "--platform.embedded.postgres.port=0", "--platform.embedded.artemis.port=0",
                        "--platform.embedded.kafka.port=0", "--platform.embedded.sftp.port=0",
                        "--platform.embedded.smtp.port=0")) {
            assertThat(ctx.getEnvironment().getProperty("platform.data-dir")).isEqualTo(data.toString());
            // every server is up before the context is
            assertThat(Files.isDirectory(data.resolve("kafka"))).isTrue();
        }
    }
}
