package no.kommune.esb.simulator.matrikkel;

import no.kommune.esb.simulator.fault.FaultInjector;
import no.kommune.esb.simulator.fault.SimulatedFault;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Geonorge's open address search {@code GET /adresser/v1/sok} over the simulated Matrikkelen's addresses:
 * filters kommunenummer, adressenavn, adressekode, nummer, bokstav, postnummer and free text {@code sok};
 * pages with {@code treffPerSide}/{@code side}; answers {@code OutputAdresseList}.
 */
@RestController
@RequestMapping("/sim/geonorge/adresser/v1")
public class GeonorgeSimulatorController {

    private final MatrikkelData data;
    private final FaultInjector faults;

    public GeonorgeSimulatorController(MatrikkelData data, FaultInjector faults) {
        this.data = data;
        this.faults = faults;
    }

    @GetMapping(value = "/sok", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> sok(@RequestParam(required = false) String sok, @RequestParam(required = false) String kommunenummer,
                                   @RequestParam(required = false) String adressenavn, @RequestParam(required = false) Integer adressekode,
                                   @RequestParam(required = false) Integer nummer, @RequestParam(required = false) String bokstav,
                                   @RequestParam(required = false) String postnummer,
                                   @RequestParam(defaultValue = "10") int treffPerSide, @RequestParam(defaultValue = "0") int side) {
        faults.before("geonorge", "sok");
        List<MatrikkelData.Adresse> hits = new ArrayList<>();
        for (MatrikkelData.Adresse a : data.adresser()) {
            if (kommunenummer != null && !kommunenummer.equals(a.kommunenummer())) continue;
            if (adressenavn != null && !adressenavn.equalsIgnoreCase(a.adressenavn())) continue;
            if (adressekode != null && adressekode != a.adressekode()) continue;
            if (nummer != null && nummer != a.nummer()) continue;
            if (bokstav != null && !bokstav.equalsIgnoreCase(a.bokstav() == null ? "" : a.bokstav())) continue;
            if (postnummer != null && !postnummer.equals(a.postnummer())) continue;
            if (sok != null && !matches(sok, a)) continue;
            hits.add(a);
        }
        int from = Math.min(hits.size(), side * treffPerSide);
        int to = Math.min(hits.size(), from + treffPerSide);
        List<Map<String, Object>> adresser = new ArrayList<>();
        for (MatrikkelData.Adresse a : hits.subList(from, to)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("adressenavn", a.adressenavn());
            m.put("adressetekst", a.adressetekst());
            m.put("adressetilleggsnavn", null);
            m.put("adressekode", a.adressekode());
            m.put("nummer", a.nummer());
            m.put("bokstav", a.bokstav() == null ? "" : a.bokstav());
            m.put("kommunenummer", a.kommunenummer());
            m.put("kommunenavn", a.kommunenavn().toUpperCase(Locale.ROOT));
            m.put("gardsnummer", 10);
            m.put("bruksnummer", (int) (a.adresseId() % 1000));
            m.put("festenummer", 0);
            m.put("undernummer", null);
            m.put("bruksenhetsnummer", List.of("H0101"));
            m.put("objtype", "Vegadresse");
            m.put("poststed", a.poststed());
            m.put("postnummer", a.postnummer());
            m.put("adressetekstutenadressetilleggsnavn", a.adressetekst());
            m.put("stedfestingverifisert", true);
            m.put("representasjonspunkt", Map.of("epsg", "EPSG:4258", "lat", 60.39, "lon", 5.32));
            m.put("oppdateringsdato", "2024-03-01T12:00:00");
            adresser.add(m);
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("sokeStreng", sok == null ? "" : sok);
        metadata.put("totaltAntallTreff", hits.size());
        metadata.put("viserFra", from);
        metadata.put("viserTil", to);
        metadata.put("side", side);
        metadata.put("treffPerSide", treffPerSide);
        metadata.put("asciiKompatibel", true);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("metadata", metadata);
        out.put("adresser", adresser);
        return out;
    }

    private static boolean matches(String sok, MatrikkelData.Adresse a) {
        String text = (a.adressetekst() + " " + a.postnummer() + " " + a.poststed()).toLowerCase(Locale.ROOT);
        for (String word : sok.toLowerCase(Locale.ROOT).replace("*", "").split("[\\s,]+")) {
            if (!word.isEmpty() && !text.contains(word)) {
                return false;
            }
        }
        return true;
    }

    @ExceptionHandler(SimulatedFault.class)
    public ResponseEntity<Map<String, Object>> fault(SimulatedFault f) {
        ResponseEntity.BodyBuilder b = ResponseEntity.status(f.status()).contentType(MediaType.APPLICATION_JSON);
        if (f.status() == 429) {
            b.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, f.retryAfterMs() / 1000)));
        }
        return b.body(Map.of("status", f.status(), "message", f.getMessage()));
    }
}
