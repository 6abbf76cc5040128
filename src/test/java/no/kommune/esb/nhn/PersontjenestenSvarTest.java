package no.kommune.esb.nhn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.sun.net.httpserver.HttpServer;
import no.kommune.esb.maskinporten.AccessTokenProvider;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Persontjenesten client over HTTP (a stub serving the contract's own example documents from openapi.yaml): what
 * it makes of a "not found" and of an answer it cannot read. A 404 is "no such person / no events" only when it is the
 * service's ProblemDetails; the contract's event examples carry {@code sequenceNumber: "sequenceNumber"}, which is
 * BAD_RESPONSE, not a NumberFormatException.
 */
class PersontjenestenSvarTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Identitetsnummer NIN = Identitetsnummer.of("02891652022");
    private static final AccessTokenProvider TOKENS = scopes -> "token";

    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static JsonNode eksempel(String schema) throws Exception {
        Assumptions.assumeTrue(Files.exists(PersontjenestenKontraktTest.OPENAPI),
                "SKIPPED: ../shared/contracts absent: Persontjenesten's example documents not read");
        JsonNode e = YAML.readTree(PersontjenestenKontraktTest.OPENAPI.toFile()).path("components").path("schemas").path(schema).path("example");
        assertThat(e.isObject()).as("openapi.yaml components/schemas/%s/example", schema).isTrue();
        return e;
    }

    private PersontjenestenClient client(int status, String contentType, String body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", contentType);
            ex.sendResponseHeaders(status, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        return new PersontjenestenClient(new RegisterHttp("nhn-persontjenesten", Duration.ofSeconds(2), Duration.ofSeconds(5)),
                "http://localhost:" + server.getAddress().getPort(), true, TOKENS, Set.of("scope"));
    }

    private static String problem(int status, String title) throws Exception {
        ObjectNode p = (ObjectNode) eksempel("ProblemDetails").deepCopy();
        return JSON.writeValueAsString(p.put("status", status).put("title", title));
    }

    @Test
    void should_read_the_services_404_problem_details_as_not_found() throws Exception {
        assertThat(client(404, "application/problem+json", problem(404, "Person not found")).person(NIN)).isEmpty();
        stop();
        assertThat(client(404, "application/problem+json", problem(404, "Event not found")).hendelser(7, List.of()).hendelser()).isEmpty();
        stop();
        assertThat(client(404, "application/problem+json", problem(404, "Event document not found")).sisteSekvensnummer()).isZero();
    }

    @Test
    void should_fail_on_a_404_page_without_problem_details_never_read_it_as_no_such_person_or_no_events() throws Exception {
        // a gateway's page or a wrong base URL: before, "no such person" (empty), "no events" and position 0
        String side = "<html><body><h1>404 Not Found</h1></body></html>";

        assertThatThrownBy(() -> client(404, "text/html", side).person(NIN)).isInstanceOfSatisfying(RegisterException.class,
                e -> assertThat(e.kind()).isEqualTo(RegisterException.Kind.NOT_FOUND));
        stop();
        assertThatThrownBy(() -> client(404, "text/html", side).hendelser(7, List.of())).isInstanceOf(RegisterException.class);
        stop();
        assertThatThrownBy(() -> client(404, "text/html", side).sisteSekvensnummer()).isInstanceOf(RegisterException.class);
    }

    @Test
    void should_fail_bad_response_on_the_contracts_event_examples_whose_sequence_number_is_not_a_number() throws Exception {
        // EventDocumentSearchResult.example and EventDocument.example: sequenceNumber "sequenceNumber" (a
        // NumberFormatException before, which the platform's API error handling answers as the caller's bad input)
        String side = JSON.writeValueAsString(eksempel("EventDocumentSearchResult"));
        String siste = JSON.writeValueAsString(eksempel("EventDocument"));

        assertThatThrownBy(() -> client(200, "application/json", side).hendelser(1, List.of())).isInstanceOfSatisfying(RegisterException.class,
                e -> assertThat(e.kind()).isEqualTo(RegisterException.Kind.BAD_RESPONSE));
        stop();
        assertThatThrownBy(() -> client(200, "application/json", siste).sisteSekvensnummer()).isInstanceOfSatisfying(RegisterException.class,
                e -> assertThat(e.kind()).isEqualTo(RegisterException.Kind.BAD_RESPONSE));
    }

    @Test
    void should_read_the_event_examples_with_their_sequence_numbers_filled_in() throws Exception {
        ObjectNode side = (ObjectNode) eksempel("EventDocumentSearchResult").deepCopy();
        ((ObjectNode) side.path("results").get(0)).put("sequenceNumber", "41");
        ((ObjectNode) side.path("results").get(1)).put("sequenceNumber", "42");
        ObjectNode siste = ((ObjectNode) eksempel("EventDocument").deepCopy()).put("sequenceNumber", "42");

        PersontjenestenClient.Hendelser h = client(200, "application/json", JSON.writeValueAsString(side)).hendelser(41, List.of());
        assertThat(h.hendelser()).extracting(PersontjenestenClient.Hendelse::sekvensnummer).containsExactly(41L, 42L);
        assertThat(h.hendelser()).extracting(PersontjenestenClient.Hendelse::hendelsestype).containsOnly("eventType");
        stop();
        assertThat(client(200, "application/json", JSON.writeValueAsString(siste)).sisteSekvensnummer()).isEqualTo(42);
    }

    /** A valid D-nummer (day + 40) found by its control digits. */
    private static Identitetsnummer dnummer() {
        for (int k = 0; k < 100; k++) {
            String n = "41019012" + "3" + String.format("%02d", k);
            if (Identitetsnummer.isValid(n)) {
                return Identitetsnummer.of(n);
            }
        }
        throw new IllegalStateException("no D-nummer");
    }

    private static final Identitetsnummer DNUMMER = dnummer();

    /** A person document holding {@code numre} ({@code "nummer:status:isValid"}) and a current name. */
    private static String personMed(String... numre) throws Exception {
        ObjectNode p = JSON.createObjectNode().put("id", "pt-1");
        com.fasterxml.jackson.databind.node.ArrayNode ider = p.putArray("norwegianIdentificationNumber");
        for (String n : numre) {
            String[] d = n.split(":");
            ider.addObject().put("identificationNumber", d[0]).put("status", d[1]).put("isValid", Boolean.parseBoolean(d[2]))
                    .put("identificationNumberType", d[0].equals(NIN.value()) ? "NationalIdentityNumber" : "DNumber");
        }
        p.putArray("name").addObject().put("isValid", true).put("givenName", "Kari").put("familyName", "Nordmann");
        return JSON.writeValueAsString(p);
    }

    /**
     * Persontjenesten asked by a D-nummer her fødselsnummer replaced. get-by-nin's contract says "Historic NINs are
     * supported"; bulk-by-nin's says nothing of them, and without includeHistory no ended number is listed: the bulk
     * answer leaves her out or answers her under the number in use only. The first two rows failed before (she was
     * absent, as if the register did not know her), the fourth too (no get-by-nin was asked); the client now asks
     * get-by-nin alone for a number the bulk answer does not name. The third, a bulk answer that lists the D-nummer, needs
     * no call more.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "bulk leaves her out, get-by-nin finds her                  | none       | found | true  | bulk-by-nin,get-by-nin",
            "bulk answers her under the number in use only               | inUse      | found | true  | bulk-by-nin,get-by-nin",
            "bulk lists the D-nummer as discontinued: no call more       | withHistory| found | true  | bulk-by-nin",
            "unknown to the register: one call more, absent              | none       | 404   | false | bulk-by-nin,get-by-nin",
    })
    void should_find_the_person_asked_by_a_d_nummer_her_foedselsnummer_replaced(String tilfelle, String bulk, String enkelt, boolean funnet,
                                                                                 String kall) throws Exception {
        String iBruk = NIN.value() + ":InUse:true";
        String bulkSvar = switch (bulk) {
            case "none" -> "[]";
            case "inUse" -> "[" + personMed(iBruk) + "]";
            default -> "[" + personMed(iBruk, DNUMMER.value() + ":Discontinued:false") + "]";
        };
        String enkeltSvar = enkelt.equals("found") ? personMed(iBruk) : "{\"status\":404,\"title\":\"Person not found\"}";
        List<String> gjort = new java.util.concurrent.CopyOnWriteArrayList<>();
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.createContext("/", ex -> {
            String skjema = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean erBulk = ex.getRequestURI().getPath().endsWith("/bulk-by-nin");
            // the call and whether it asked for the D-nummer
            gjort.add((erBulk ? "bulk-by-nin" : "get-by-nin") + (skjema.contains(DNUMMER.value()) ? "" : "(without the D-nummer)"));
            byte[] b = (erBulk ? bulkSvar : enkeltSvar).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(erBulk || enkelt.equals("found") ? 200 : 404, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        server.start();
        PersontjenestenClient client = new PersontjenestenClient(new RegisterHttp("nhn-persontjenesten", Duration.ofSeconds(2), Duration.ofSeconds(5)),
                "http://localhost:" + server.getAddress().getPort(), true, TOKENS, Set.of("scope"));

        java.util.Map<Identitetsnummer, no.kommune.esb.model.Person> svar = client.personer(List.of(DNUMMER));

        if (funnet) {
            assertThat(svar).containsOnlyKeys(DNUMMER);
            assertThat(svar.get(DNUMMER).id()).isEqualTo(NIN);
            assertThat(svar.get(DNUMMER).navn().fornavn()).isEqualTo("Kari");
        } else {
            assertThat(svar).isEmpty();
        }
        assertThat(String.join(",", gjort)).isEqualTo(kall);
    }
}
