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
 * @param nodePuls  how often an instance renews its record of live files ({@link Konfignoder}); one unseen for three
 *                  beats counts as gone
 * @param avvikVarselEtter how long the live files may differ between instances before a WARN and the health check
 *                  {@code konfigNoder} DOWN (the fan-out waits from the first round that sees a registration differ)
 */
@ConfigurationProperties("platform.konfig")
public record KonfigProperties(Boolean overvaak, Duration intervall, Path ruterDir, Duration nodePuls, Duration avvikVarselEtter) {

    public KonfigProperties {
        overvaak = overvaak == null || overvaak;
        intervall = intervall == null ? Duration.ofSeconds(2) : intervall;
        ruterDir = ruterDir == null ? Path.of("routes") : ruterDir;
        nodePuls = nodePuls == null ? Duration.ofSeconds(10) : nodePuls;
        avvikVarselEtter = avvikVarselEtter == null ? Duration.ofMinutes(1) : avvikVarselEtter;
        if (nodePuls.toMillis() < 1000 || avvikVarselEtter.isNegative()) {
            throw new IllegalArgumentException("platform.konfig.node-puls must be at least 1 s and avvik-varsel-etter not negative (were "
                    + nodePuls + ", " + avvikVarselEtter + ")");
        }
        if (intervall.isNegative() || intervall.isZero()) {
            throw new IllegalArgumentException("platform.konfig.intervall must be positive (was " + intervall + ")");
        }
    }
}
