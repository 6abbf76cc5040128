package no.kommune.esb.uttrekk;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Settings under {@code uttrekk.*} (config/application.yaml).
 *
 * @param bestillingerDir folder of the order files, one {@code <navn>.yaml} each
 * @param arbeidsmappe    folder of the work files (rows so far, the finished file until delivered or fetched)
 * @param maksForsoek     failed attempts in a row before a run is given up (FEILET)
 * @param apiFilOppbevaring how long a file delivered to the API is kept after delivery before it is deleted
 */
@ConfigurationProperties("uttrekk")
public record UttrekkProperties(Path bestillingerDir, Path arbeidsmappe, Integer maksForsoek, Duration apiFilOppbevaring) {

    public UttrekkProperties {
        bestillingerDir = bestillingerDir == null ? Path.of("config/uttrekk") : bestillingerDir;
        arbeidsmappe = arbeidsmappe == null ? Path.of("data/uttrekk") : arbeidsmappe;
        maksForsoek = maksForsoek == null ? 5 : maksForsoek;
        apiFilOppbevaring = apiFilOppbevaring == null ? Duration.ofDays(30) : apiFilOppbevaring;
    }
}
