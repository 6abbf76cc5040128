package no.kommune.esb.simulator.nhn;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import no.kommune.esb.maskinporten.AccessTokenProvider;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.nhn.PersontjenestenClient;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import no.kommune.esb.simulator.SimulatorTestApplication;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import no.kommune.esb.simulator.matrikkel.SyntheticIds;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(classes = SimulatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"simulator.enabled=true"})
class PersontjenestenSimulatorTest {

    static final Path OPENAPI = Path.of("../shared/contracts/nhn/persontjenesten/openapi.yaml");
    static final String SCOPE = "nhn:hgd-persontjenesten-api/read-with-legal-basis";

    @LocalServerPort
    int port;

    @Autowired
    NhnData data;

    @Autowired
    SyntheticPopulation population;

    @Autowired
    SimulatorTokenAuthority authority;

    final AtomicInteger tokenRequests = new AtomicInteger();

    PersontjenestenClient client(String scope) {
        // one token per HTTP call (no caching here), so the count of token requests is the count of calls
        AccessTokenProvider tokens = scopes -> {
            tokenRequests.incrementAndGet();
            return authority.issue("test-client", Set.of(scope), null, 300);
        };
        return new PersontjenestenClient(new RegisterHttp("nhn-persontjenesten", Duration.ofSeconds(2), Duration.ofSeconds(10)),
                "http://localhost:" + port + "/sim/nhn/persontjenesten", true, tokens, Set.of(scope));
    }

    @Test
    void should_get_a_person_by_nin_into_the_canonical_model() {
        NhnData.Pasient p = data.pasient(population.find(Kind.VANLIG_VOKSEN).id()).orElseThrow();

        Person person = client(SCOPE).person(Identitetsnummer.of(p.nin())).orElseThrow();

        assertThat(person.id().value()).isEqualTo(p.nin());
        assertThat(person.navn().fornavn()).isEqualTo(p.fornavn());
        assertThat(person.navn().etternavn()).isEqualTo(p.etternavn());
        assertThat(person.foedselsdato()).isEqualTo(p.foedselsdato());
        assertThat(person.kommunenummer()).isEqualTo(p.kommunenummer());
        assertThat(person.bostedsadresse()).isInstanceOfSatisfying(Adresse.Vegadresse.class, v -> {
            assertThat(v.postnummer()).isEqualTo(p.postnummer());
            assertThat(v.adressenavn() + " " + v.husnummer()).isEqualTo(p.gateadresse());
        });
    }

    /**
     * A person asked by the D-nummer her fødselsnummer replaced: get-by-nin's contract says "Historic NINs are supported";
     * the simulator answers bulk-by-nin by numbers in use only (its contract says nothing of historic nins), and the
     * client asks get-by-nin alone for what the bulk answer did not name. Every row failed before: the simulator knew no
     * replaced D-nummer, and the client kept the bulk answer.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"get-by-nin", "bulk-by-nin alone", "bulk-by-nin with others"})
    void should_find_the_person_asked_by_the_d_nummer_her_foedselsnummer_replaced(String tilfelle) {
        no.kommune.esb.simulator.population.SimPerson p = population.find(Kind.DNUMMER_ERSTATTET);
        Identitetsnummer dnr = Identitetsnummer.of(p.formerDnummer());
        Identitetsnummer annen = Identitetsnummer.of(population.find(Kind.VANLIG_VOKSEN).id());

        Person person = switch (tilfelle) {
            case "get-by-nin" -> client(SCOPE).person(dnr).orElse(null);
            case "bulk-by-nin alone" -> client(SCOPE).personer(List.of(dnr)).get(dnr);
            default -> {
                Map<Identitetsnummer, Person> svar = client(SCOPE).personer(List.of(annen, dnr));
                assertThat(svar).containsOnlyKeys(annen, dnr);
                yield svar.get(dnr);
            }
        };

        assertThat(person).isNotNull();
        assertThat(person.id().value()).isEqualTo(p.id());
        assertThat(person.navn().etternavn()).isEqualTo(p.etternavn());
    }

    @Test
    void should_answer_empty_for_an_unknown_nin() {
        assertThat(client(SCOPE).person(Identitetsnummer.of(SyntheticIds.tenorFoedselsnummer(new Random(-5))))).isEmpty();
    }

    @Test
    void should_split_250_nins_into_three_bulk_calls() {
        List<Identitetsnummer> nins = IntStream.range(0, 250).mapToObj(data::pasient).map(p -> Identitetsnummer.of(p.nin())).toList();
        tokenRequests.set(0);

        Map<Identitetsnummer, Person> persons = client(SCOPE).personer(nins);

        assertThat(tokenRequests.get()).isEqualTo(3);
        assertThat(persons).hasSize(250).containsOnlyKeys(nins);
        assertThat(persons.get(nins.get(249)).navn().etternavn()).isEqualTo(data.pasient(249).etternavn());
    }

    @Test
    void should_fail_unauthorized_when_the_token_lacks_the_scope() {
        assertThatThrownBy(() -> client("nhn:other").person(Identitetsnummer.of(data.pasient(0).nin())))
                .isInstanceOfSatisfying(RegisterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegisterException.Kind.UNAUTHORIZED);
                    assertThat(e.httpStatus()).isEqualTo(403);
                    assertThat(e.getMessage()).doesNotContain(data.pasient(0).nin());
                });
    }

    @Test
    void should_read_the_event_feed_from_a_sequence_number_and_the_latest_number() {
        PersontjenestenClient c = client(SCOPE);

        PersontjenestenClient.Hendelser page = c.hendelser(10, List.of());
        PersontjenestenClient.Hendelser moves = c.hendelser(1, List.of("ChangeInResidentialAddress"));

        assertThat(c.sisteSekvensnummer()).isEqualTo(data.antallPasienter());
        // one page holds at most 1000 events
        assertThat(page.hendelser()).hasSize(Math.min(1000, data.antallPasienter() - 9));
        assertThat(page.hendelser().get(0).sekvensnummer()).isEqualTo(10);
        assertThat(page.startIndex()).isEqualTo(10);
        assertThat(moves.hendelser()).isNotEmpty().allMatch(h -> h.hendelsestype().equals("ChangeInResidentialAddress"));
    }

    private HttpResponse<String> raw(String method, String pathAndQuery, String apiVersion, String form) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/sim/nhn/persontjenesten" + pathAndQuery))
                .header("Authorization", "Bearer " + authority.issue("t", Set.of(SCOPE), null, 300));
        if (apiVersion != null) {
            b.header("api-version", apiVersion);
        }
        if (form != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void should_answer_problem_details_for_a_missing_api_version_and_more_than_100_nins() throws Exception {
        HttpResponse<String> noVersion = raw("POST", "/api/legal-basis/person/get-by-nin?informationParts=Name", null, "nin=" + data.pasient(0).nin());
        StringBuilder many = new StringBuilder();
        IntStream.range(0, 101).mapToObj(data::pasient).forEach(p -> many.append(many.isEmpty() ? "" : "&").append("nins=").append(p.nin()));
        HttpResponse<String> tooMany = raw("POST", "/api/legal-basis/person/bulk-by-nin?informationParts=Name", "2", many.toString());

        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(noVersion.body()).contains("\"status\":400").contains("\"title\"");
        assertThat(tooMany.statusCode()).isEqualTo(400);
    }

    @Test
    void should_answer_what_the_openapi_contract_allows() throws Exception {
        Assumptions.assumeTrue(Files.exists(OPENAPI), "SKIPPED: ../shared/contracts absent: Persontjenesten answers not validated against openapi.yaml");
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForSpecificationUrl(OPENAPI.toAbsolutePath().toUri().toString()).build();
        String nin = data.pasient(0).nin();
        String parts = "informationParts=Name&informationParts=Birth&informationParts=ResidentialAddress&informationParts=NorwegianIdentificationNumber"
                + "&informationParts=Status&informationParts=AddressProtection&informationParts=Gender";
        record Case(String method, String path, String query, String form, int status) {
        }
        List<Case> cases = List.of(
                new Case("POST", "/api/legal-basis/person/get-by-nin", parts, "nin=" + nin, 200),
                new Case("POST", "/api/legal-basis/person/get-by-nin", parts, "nin=" + SyntheticIds.tenorFoedselsnummer(new Random(-5)), 404),
                new Case("POST", "/api/legal-basis/person/bulk-by-nin", parts, "nins=" + nin + "&nins=" + data.pasient(1).nin(), 200),
                new Case("GET", "/api/legal-basis/event", "sequenceNumber=5", null, 200),
                new Case("GET", "/api/legal-basis/event/latest", "", null, 200));
        for (Case c : cases) {
            HttpResponse<String> r = raw(c.method(), c.path() + (c.query().isEmpty() ? "" : "?" + c.query()), "2", c.form());
            assertThat(r.statusCode()).as(c.path()).isEqualTo(c.status());
            SimpleResponse resp = SimpleResponse.Builder.status(r.statusCode()).withContentType("application/json").withBody(r.body()).build();
            // responses only: the validator reads form fields as numbers when they look like numbers, so a nin "fails" as integer
            ValidationReport report = validator.validateResponse(c.path(), com.atlassian.oai.validator.model.Request.Method.valueOf(c.method()), resp);
            assertThat(report.getMessages()).as(c.path() + " " + c.status()).filteredOn(m -> m.getLevel() == ValidationReport.Level.ERROR).isEmpty();
        }
    }
}
