package no.kommune.esb.matrikkel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Client for Kartverket's open address search ({@code GET /adresser/v1/sok}, Swagger 2.0 "Åpent adresse-API"
 * v1.2.0): validates a street address and finds the adressekode Matrikkelen needs. No credentials.
 */
public class AdressesokClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegisterHttp http;
    private final String baseUrl;

    /** @param baseUrl up to and including {@code /adresser/v1} */
    public AdressesokClient(RegisterHttp http, String baseUrl) {
        this.http = http;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** One hit: what a client needs to build a {@link Vegadresseident} and show the address. */
    public record Treff(String adressetekst, String adressenavn, Integer adressekode, Integer nummer, String bokstav, String kommunenummer,
                        String kommunenavn, Integer gardsnummer, Integer bruksnummer, String postnummer, String poststed) {

        public Vegadresseident ident() {
            return new Vegadresseident(kommunenummer, adressekode, nummer, bokstav);
        }

        @Override
        public String toString() {
            return "Treff[" + kommunenummer + ", ***]";
        }
    }

    /** Exact look-up by street name, number and letter within a municipality (all but kommunenummer optional). */
    public List<Treff> sok(String kommunenummer, String adressenavn, Integer nummer, String bokstav, int treffPerSide) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("kommunenummer", kommunenummer);
        q.put("adressenavn", adressenavn);
        q.put("nummer", nummer == null ? null : nummer.toString());
        q.put("bokstav", bokstav);
        q.put("treffPerSide", String.valueOf(treffPerSide));
        return get(q);
    }

    /** Free-text search ({@code sok}), optionally within one municipality. */
    public List<Treff> fritekst(String tekst, String kommunenummer, int treffPerSide) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("sok", tekst);
        q.put("kommunenummer", kommunenummer);
        q.put("treffPerSide", String.valueOf(treffPerSide));
        return get(q);
    }

    private List<Treff> get(Map<String, String> params) {
        StringBuilder qs = new StringBuilder();
        params.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                qs.append(qs.isEmpty() ? "?" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
            }
        });
        HttpRequest request = http.request(URI.create(baseUrl + "/sok" + qs)).header("Accept", "application/json").GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8), true);
        if (response.statusCode() / 100 != 2) {
            throw http.classify(response, "adresse-sok failed", RegisterHttp::retryAfterSeconds);
        }
        if (!response.headers().firstValue("Content-Type").orElse("").contains("json")) {
            throw new RegisterException(http.service(), RegisterException.Kind.BAD_RESPONSE, response.statusCode(), "adresse-sok answered without JSON");
        }
        JsonNode root;
        try {
            root = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new RegisterException(http.service(), RegisterException.Kind.BAD_RESPONSE, response.statusCode(), "adresse-sok answered broken JSON");
        }
        List<Treff> out = new ArrayList<>();
        for (JsonNode a : root.path("adresser")) {
            out.add(new Treff(text(a, "adressetekst"), text(a, "adressenavn"), integer(a, "adressekode"), integer(a, "nummer"), text(a, "bokstav"),
                    text(a, "kommunenummer"), text(a, "kommunenavn"), integer(a, "gardsnummer"), integer(a, "bruksnummer"),
                    text(a, "postnummer"), text(a, "poststed")));
        }
        return out;
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
    }

    private static Integer integer(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asInt();
    }
}
