package no.kommune.esb.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The API's OpenAPI document, generated from the REST DSL routes, for the fagsystems' integrators. */
class OpenApiEndToEndTest extends EndToEndTest {

    @Value("${server.port}")
    int port;

    @Test
    void should_describe_the_letter_api_to_a_fagsystem() throws Exception {
        HttpResponse<String> r = get("Bearer " + token("skole"));

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode doc = new ObjectMapper().readTree(r.body());
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.path("paths").has("/api/forsendelser") || doc.path("paths").has("/forsendelser"))
                .as("paths: %s", doc.path("paths").fieldNames()).isTrue();
        assertThat(r.body()).contains("redrive").contains("dead-letters");
    }

    @Test
    void should_refuse_the_document_without_a_token() throws Exception {
        assertThat(get(null).statusCode()).isEqualTo(401);
    }

    private HttpResponse<String> get(String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/openapi.json"));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
