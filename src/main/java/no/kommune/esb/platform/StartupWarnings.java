package no.kommune.esb.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Logs one warning per insecure or development-only setting that must not reach production, as Digdir's
 * integrasjonspunkt does. (The embedded components warn as they start, see EmbeddedInfrastructure.)
 */
@Component
public class StartupWarnings {

    private static final Logger log = LoggerFactory.getLogger(StartupWarnings.class);

    private final Environment env;

    public StartupWarnings(Environment env) {
        this.env = env;
    }

    /** The warnings that apply to this configuration; empty in a proper production setup. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        if (env.getProperty("simulator.enabled", Boolean.class, false)) {
            warnings.add("Register simulators are ON (simulator.enabled=true): synthetic data under /sim, never production");
        }
        if (!"yes".equalsIgnoreCase(env.getProperty("platform.sftp.strict-host-key-checking", "yes"))) {
            warnings.add("SFTP host keys are NOT checked (platform.sftp.strict-host-key-checking=no)");
        }
        Map<String, String> webhooks = env instanceof ConfigurableEnvironment c
                ? Binder.get(c).bind("hendelser.webhook", Bindable.mapOf(String.class, String.class)).orElse(Map.of()) : Map.of();
        webhooks.forEach((fagsystem, url) -> {
            if (url.startsWith("http://") && !url.startsWith("http://localhost") && !url.startsWith("http://127.0.0.1")) {
                warnings.add("Webhook of fagsystem " + fagsystem + " is plain http to another host: personal data travels unencrypted");
            }
        });
        if (env.getProperty("varsel.sms.base-url", "").contains("/sim/")) {
            warnings.add("Service messages by SMS go to the simulated SMS gateway (varsel.sms.base-url): nobody gets them");
        }
        if (!env.getProperty("varsel.epost.host", "").isBlank() && !env.getProperty("varsel.epost.starttls", Boolean.class, true)) {
            warnings.add("Service messages by e-mail are sent without STARTTLS (varsel.epost.starttls=false)");
        }
        for (String key : List.of("management.endpoint.health.show-details", "management.endpoint.health.show-components")) {
            if ("always".equalsIgnoreCase(env.getProperty(key, ""))) {
                warnings.add("Health components or details are shown to anyone (" + key
                        + "=always): disk path, versions, Kafka cluster id and certificate dates without a token");
            }
        }
        if ("lokal-revisjonsnoekkel-kun-for-utvikling".equals(env.getProperty("oppslag.revisjon.hmac-noekkel"))) {
            warnings.add("The look-up audit trail hashes identity numbers with the local key (oppslag.revisjon.hmac-noekkel): anyone with the source can reverse them");
        }
        if (env.getProperty("camel.main.routes-reload-enabled", Boolean.class, false)) {
            warnings.add("Camel's own route reload is ON (camel.main.routes-reload-enabled=true): edits under routes/ go live unchecked;"
                    + " platform.konfig.overvaak reloads after validation");
        }
        return warnings;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void logWarnings() {
        warnings().forEach(w -> log.warn("NOT FOR PRODUCTION: {}", w));
    }
}
