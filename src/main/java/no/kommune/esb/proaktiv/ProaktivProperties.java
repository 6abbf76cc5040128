package no.kommune.esb.proaktiv;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.util.Map;

/**
 * Settings under {@code proaktiv.*}.
 *
 * @param utloesereDir   folder of the trigger files, one {@code <name>.yaml} each
 * @param kommunenavn    the kommune's name, for the {@code {kommune}} placeholder
 * @param batchSize      stored events read per round
 * @param overstyrAktiv  per trigger name, an {@code aktiv} that wins over the file's (the test profile switches the
 *                       shipped triggers off so other tests' events send no letters)
 */
@ConfigurationProperties("proaktiv")
public record ProaktivProperties(Path utloesereDir, String kommunenavn, Integer batchSize, Map<String, Boolean> overstyrAktiv) {

    public ProaktivProperties {
        utloesereDir = utloesereDir == null ? Path.of("config/proaktiv") : utloesereDir;
        batchSize = batchSize == null ? 500 : batchSize;
        overstyrAktiv = overstyrAktiv == null ? Map.of() : Map.copyOf(overstyrAktiv);
    }
}
