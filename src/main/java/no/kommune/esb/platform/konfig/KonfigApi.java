package no.kommune.esb.platform.konfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/** {@code GET /api/konfig} (routes/platform/konfig-api.camel.yaml): which version of each watched config file is live. */
@Component
public class KonfigApi {

    private final Konfigurasjonsstatus status;
    private final ObjectMapper json;

    public KonfigApi(Konfigurasjonsstatus status, ObjectMapper json) {
        this.status = status;
        this.json = json;
    }

    /** Every watched file as JSON: path, live checksum, when it went live, LIVE or UGYLDIG, and why. */
    public String filer() throws JsonProcessingException {
        // Spring's mapper writes the Instant as ISO-8601 text
        return json.writeValueAsString(status.filer());
    }
}
