package no.kommune.esb.platform.health;

import no.kommune.esb.platform.konfig.Konfignoder;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * DOWN while this instance's live config files have differed from another live instance's for longer than
 * {@code platform.konfig.avvik-varsel-etter} (docs/konfigurasjon.md "Several instances"); the details name the instances
 * and files (paths and checksums only). UP with the number of live instances otherwise.
 */
@Component("konfigNoder")
public class KonfignoderHealthIndicator extends AbstractHealthIndicator {

    private final Konfignoder noder;

    public KonfignoderHealthIndicator(Konfignoder noder) {
        super("Config comparison health check failed");
        this.noder = noder;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Konfignoder.Tilstand t = noder.tilstand();
        builder.withDetail("instanser", t.noder().size());
        if (noder.varsel()) {
            builder.down().withDetail("ulikSiden", t.avvikSiden().toString()).withDetail("ulikeFiler", t.avvik().stream().limit(20).toList());
        } else {
            builder.up();
        }
    }
}
