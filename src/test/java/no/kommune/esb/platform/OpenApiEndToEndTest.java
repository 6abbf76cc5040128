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

    /**
     * Camel's OpenAPI endpoint answered with every request header copied onto the response (its exchange is the request):
     * the caller's bearer token, the X-Esb-Fagsystem the security filter set, and any header the caller sent. Now only
     * the document's content type and the security headers go back.
     */
    @Test
    void should_echo_no_request_header_neither_the_token_nor_one_holding_an_identity_number() throws Exception {
        String token = token("skole");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/openapi.json"))
                .header("Authorization", "Bearer " + token).header("X-Saksbehandler-Ident", "01019012345").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().map().keySet()).as("response headers").doesNotContain("authorization", "x-saksbehandler-ident", "x-esb-fagsystem",
                "x-esb-admin", "user-agent", "host");
        assertThat(r.headers().map().toString()).doesNotContain(token).doesNotContain("01019012345");
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/json"));
        assertThat(r.headers().firstValue("cache-control")).hasValueSatisfying(cc -> assertThat(cc).contains("no-store"));
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
