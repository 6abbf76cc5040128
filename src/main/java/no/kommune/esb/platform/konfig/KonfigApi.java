package no.kommune.esb.platform.konfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.stereotype.Component;

/** {@code GET /api/konfig} (routes/platform/konfig-api.camel.yaml): which version of each watched config file is live. */
@Component
public class KonfigApi {

    private final Konfigurasjonsstatus status;
    private final Konfignoder noder;
    private final Konfigurasjonsovervaaker overvaaker;
    private final ObjectMapper json;

    public KonfigApi(Konfigurasjonsstatus status, Konfignoder noder, Konfigurasjonsovervaaker overvaaker, ObjectMapper json) {
        this.status = status;
        this.noder = noder;
        this.overvaaker = overvaaker;
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

    /**
     * Every watched file as JSON: path, live checksum, when it went live, LIVE or UGYLDIG, and why; ordered by path. The
     * path is the file's in its folder by the folder's kind ({@code ruter/…}, as the console and {@link #noder()} name
     * it), and the reasons name the folders the same way: never where this machine keeps the folders.
     */
    public String filer() throws JsonProcessingException {
        java.util.List<Konfigfil> filer = status.filer().stream()
                .map(f -> new Konfigfil(overvaaker.vist(f.sti()), f.sjekksum(), f.lastet(), f.status(),
                        f.feil().stream().map(overvaaker::vistTekst).toList()))
                .sorted(java.util.Comparator.comparing(Konfigfil::sti)).toList();
        // Spring's mapper writes the Instant as ISO-8601 text
        return json.writeValueAsString(filer);
    }
}
