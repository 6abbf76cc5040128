package no.kommune.esb.platform.konfig;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Config edits without a restart ({@code platform.konfig.*}); the registration and mapping folders are
 * {@code hendelser.fagsystemer-dir} and {@code hendelser.mappings-dir}.
 *
 * @param overvaak  watch the folders and put valid edits live (false: edits wait for a restart)
 * @param intervall time between two checks of the folders
 * @param ruterDir  folder of the route files, the same ones {@code camel.main.routes-include-pattern} loads at start-up
 */
@ConfigurationProperties("platform.konfig")
public record KonfigProperties(Boolean overvaak, Duration intervall, Path ruterDir) {

    public KonfigProperties {
        overvaak = overvaak == null || overvaak;
        intervall = intervall == null ? Duration.ofSeconds(2) : intervall;
        ruterDir = ruterDir == null ? Path.of("routes") : ruterDir;
        if (intervall.isNegative() || intervall.isZero()) {
            throw new IllegalArgumentException("platform.konfig.intervall must be positive (was " + intervall + ")");
        }
    }
}
