package no.kommune.esb.simulator.svarut;

import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** Hand-made SvarUt requests for simulator tests, so requests the client would never send can be tried. */
final class SvarUtRaw {

    static final String BOUNDARY = "raw-boundary-1";
    static final String PASSORD = "sim-passord";

    /** One file part: multipart name, filename and bytes. */
    record Fil(String navn, String filnavn, byte[] innhold) {
        static Fil pdf(String filnavn) {
            return new Fil("fil", filnavn, ("%PDF-1.7\n" + filnavn).getBytes(StandardCharsets.UTF_8));
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final SimulatorTokenAuthority authority;
    final String kontoId;

    SvarUtRaw(int port, SimulatorTokenAuthority authority, String kontoId) {
        this.base = "http://localhost:" + port;
        this.authority = authority;
        this.kontoId = kontoId;
    }

    String token() {
        return "Bearer " + authority.issue("raw-klient", Set.of("ks:fiks"), "910000000", 120);
    }

    static String forsendelse(String ref, String... filnavn) {
        StringBuilder docs = new StringBuilder();
        for (String f : filnavn) {
            docs.append(docs.isEmpty() ? "" : ",").append("{\"filnavn\":\"").append(f.replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\",\"mimeType\":\"application/pdf\"}");
        }
        return "{\"tittel\":\"Brev\",\"eksternReferanse\":\"" + ref + "\",\"mottaker\":{\"navn\":\"Ola\",\"adresselinje1\":\"Gate 1\","
                + "\"postnummer\":\"0155\",\"poststed\":\"OSLO\"},\"dokumenter\":[" + docs + "]}";
    }

    static byte[] multipart(String forsendelseJson, List<Fil> filer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"forsendelse\"\r\nContent-Type: application/json\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(forsendelseJson.getBytes(StandardCharsets.UTF_8));
        for (Fil f : filer) {
            out.writeBytes(("\r\n--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + f.navn() + "\"; filename=\"" + f.filnavn()
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(f.innhold());
        }
        out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    HttpRequest.Builder request(String path, String authorization, String passord) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("IntegrasjonId", "sim-integrasjon");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (passord != null) {
            b.header("IntegrasjonPassord", passord);
        }
        return b;
    }

    HttpResponse<String> send(String forsendelseJson, List<Fil> filer) throws Exception {
        return send(token(), PASSORD, kontoId, multipart(forsendelseJson, filer));
    }

    HttpResponse<String> send(String authorization, String passord, String konto, byte[] body) throws Exception {
        return http.send(request("/sim/svarut/api/v2/kontoer/" + konto + "/forsendelser", authorization, passord)
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> statusSok(String json) throws Exception {
        return http.send(request("/sim/svarut/api/v2/kontoer/" + kontoId + "/forsendelser/status-sok", token(), PASSORD)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path, token(), PASSORD).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> admin(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json");
        b.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
