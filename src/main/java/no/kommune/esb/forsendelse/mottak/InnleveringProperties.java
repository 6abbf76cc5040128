package no.kommune.esb.forsendelse.mottak;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.util.List;

/**
 * Intake settings under {@code forsendelse.*}.
 *
 * @param avsendersystemer      fagsystems allowed to hand in letters (the {@code avsenderSystem} field)
 * @param maksDokumentstorrelse largest single document accepted
 */
@ConfigurationProperties("forsendelse")
public record InnleveringProperties(List<String> avsendersystemer, DataSize maksDokumentstorrelse) {

    public InnleveringProperties {
        avsendersystemer = avsendersystemer == null ? List.of() : List.copyOf(avsendersystemer);
        maksDokumentstorrelse = maksDokumentstorrelse == null ? DataSize.ofMegabytes(100) : maksDokumentstorrelse;
    }
}
