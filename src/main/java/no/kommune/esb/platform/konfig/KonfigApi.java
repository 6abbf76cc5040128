package no.kommune.esb.platform.konfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/** {@code GET /api/konfig} (routes/platform/konfig-api.camel.yaml): which version of each watched config file is live. */
@Component
public class KonfigApi {

    private final Konfigurasjonsstatus status;
    private final Konfignoder noder;
    private final ObjectMapper json;

    public KonfigApi(Konfigurasjonsstatus status, Konfignoder noder, ObjectMapper json) {
        this.status = status;
        this.noder = noder;
        this.json = json;
    }

    /**
     * The live instances and the files whose live version differs between this instance and another ({@link Konfignoder}):
     * {@code {"instanser": [...], "ulikeFiler": [...], "ulikSiden": …, "hendelsesfordelingVenter": true|false}}.
     */
    public String noder() throws JsonProcessingException {
        Konfignoder.Tilstand t = noder.tilstand();
        java.util.Map<String, Object> ut = new java.util.LinkedHashMap<>();
        ut.put("instanser", t.noder());
        ut.put("ulikeFiler", t.avvik());
        ut.put("ulikSiden", t.avvikSiden());
        ut.put("hendelsesfordelingVenter", !noder.fordelingTillatt());
        return json.writeValueAsString(ut);
    }

    /** Every watched file as JSON: path, live checksum, when it went live, LIVE or UGYLDIG, and why. */
    public String filer() throws JsonProcessingException {
        // Spring's mapper writes the Instant as ISO-8601 text
        return json.writeValueAsString(status.filer());
    }
}
