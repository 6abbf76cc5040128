package no.kommune.esb.hendelser;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * Where the register-events flow finds its configuration ({@code hendelser.*}).
 *
 * @param fagsystemerDir folder of fagsystem registrations, one {@code <id>.yaml} each
 * @param mappingsDir    folder that the registrations' {@code mapping.file} values are relative to
 */
@ConfigurationProperties("hendelser")
public record HendelserProperties(Path fagsystemerDir, Path mappingsDir) {

    public HendelserProperties {
        fagsystemerDir = fagsystemerDir == null ? Path.of("config/fagsystemer") : fagsystemerDir;
        mappingsDir = mappingsDir == null ? Path.of("mappings") : mappingsDir;
    }
}
