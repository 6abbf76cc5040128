package no.kommune.esb.simulator.krr;

import com.fasterxml.jackson.databind.JsonNode;
import no.kommune.esb.simulator.SimulatorHttp;
import no.kommune.esb.simulator.SimulatorTestApplication;
import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static no.kommune.esb.simulator.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;

// same context configuration as the other simulator tests, so Spring reuses it
@SpringBootTest(classes = SimulatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"simulator.enabled=true"})
class KrrSimulatorTest {

    static final String PATH = "/sim/krr/rest/v1/personer";

    @LocalServerPort
    int port;
    @Autowired
    SimulatorTokenAuthority authority;
    @Autowired
    SyntheticPopulation population;

    SimulatorHttp http;

    @BeforeEach
    void setUp() {
        http = new SimulatorHttp(port);
    }

    @Test
    void should_return_contact_data_and_mailbox_with_both_scopes() {
        SimPerson p = population.find(Kind.KRR_AKTIV_DIGITAL_POST);

        JsonNode person = lookup(token(KrrController.KONTAKTINFORMASJON, KrrController.DIGITALPOST), p.id());

        assertThat(person.path("personidentifikator").asText()).isEqualTo(p.id());
        assertThat(person.path("reservasjon").asText()).isEqualTo("NEI");
        assertThat(person.path("status").asText()).isEqualTo("AKTIV");
        assertThat(person.path("varslingsstatus").asText()).isEqualTo("KAN_VARSLES");
        assertThat(person.path("kontaktinformasjon").path("epostadresse").asText()).contains("@");
        assertThat(person.path("kontaktinformasjon").path("epostadresse_oppdatert").asText()).isNotBlank();
        assertThat(person.path("kontaktinformasjon").path("mobiltelefonnummer").asText()).startsWith("+47");
        assertThat(person.path("kontaktinformasjon").path("mobiltelefonnummer_oppdatert").asText()).isNotBlank();
        assertThat(person.path("digital_post").path("postkasseadresse").asText()).isNotBlank();
        assertThat(person.path("digital_post").path("postkasseleverandoeradresse").asText()).matches("\\d{9}");
        assertThat(person.path("spraak").asText()).isIn("nb", "nn", "en", "se");
    }

    @Test
    void should_leave_out_what_the_token_has_no_scope_for() {
        SimPerson p = population.find(Kind.KRR_AKTIV_DIGITAL_POST);

        JsonNode kontaktOnly = lookup(token(KrrController.KONTAKTINFORMASJON), p.id());
        JsonNode digitalOnly = lookup(token(KrrController.DIGITALPOST), p.id());

        assertThat(kontaktOnly.has("kontaktinformasjon")).isTrue();
        assertThat(kontaktOnly.has("digital_post")).isFalse();
        assertThat(digitalOnly.has("digital_post")).isTrue();
        assertThat(digitalOnly.has("kontaktinformasjon")).isFalse();
        assertThat(digitalOnly.has("varslingsstatus")).isFalse();
        assertThat(digitalOnly.path("reservasjon").asText()).isEqualTo("NEI");
    }

    @Test
    void should_answer_every_kind_of_entry() {
        String token = token(KrrController.KONTAKTINFORMASJON, KrrController.DIGITALPOST);

        assertThat(lookup(token, population.find(Kind.KRR_RESERVERT).id()).path("reservasjon").asText()).isEqualTo("JA");
        assertThat(lookup(token, population.find(Kind.KRR_SLETTET).id()).path("status").asText()).isEqualTo("SLETTET");
        assertThat(lookup(token, population.find(Kind.KRR_IKKE_REGISTRERT).id()).path("status").asText()).isEqualTo("IKKE_REGISTRERT");
        assertThat(lookup(token, population.find(Kind.KRR_KAN_IKKE_VARSLES).id()).path("varslingsstatus").asText()).isEqualTo("KAN_IKKE_VARSLES");
        JsonNode epostOnly = lookup(token, population.find(Kind.KRR_KUN_EPOST).id());
        assertThat(epostOnly.path("kontaktinformasjon").has("epostadresse")).isTrue();
        assertThat(epostOnly.path("kontaktinformasjon").has("mobiltelefonnummer")).isFalse();
        assertThat(lookup(token, population.find(Kind.KRR_AKTIV_UTEN_DIGITAL_POST).id()).has("digital_post")).isFalse();
    }

    @Test
    void should_show_an_admin_change_at_the_next_lookup() {
        SimPerson p = population.find(Kind.KRR_KUN_MOBIL);
        String token = token(KrrController.KONTAKTINFORMASJON);

        HttpResponse<String> put = http.put("/sim/admin/krr/personer/" + p.id(), "{\"reservasjon\":\"JA\",\"varslingsstatus\":\"KAN_IKKE_VARSLES\"}");

        assertThat(put.statusCode()).isEqualTo(204);
        JsonNode after = lookup(token, p.id());
        assertThat(after.path("reservasjon").asText()).isEqualTo("JA");
        assertThat(after.path("varslingsstatus").asText()).isEqualTo("KAN_IKKE_VARSLES");
        assertThat(http.put("/sim/admin/krr/personer/00000000000", "{\"reservasjon\":\"JA\"}").statusCode()).isEqualTo(404);
    }

    /** krr_attributter.md: KAN_IKKE_VARSLES for a person who "er reservert, er slettet": never KAN_VARSLES with either. */
    @Test
    void should_never_answer_kan_varsles_for_a_reserved_or_deleted_person() {
        // the last two of their kind: the shared population's first ones are other tests' persons
        List<SimPerson> kunEpost = population.findAll(Kind.KRR_KUN_EPOST);
        SimPerson reservert = kunEpost.get(kunEpost.size() - 1);
        SimPerson slettet = kunEpost.get(kunEpost.size() - 2);
        String token = token(KrrController.KONTAKTINFORMASJON);

        assertThat(http.put("/sim/admin/krr/personer/" + reservert.id(), "{\"reservasjon\":\"JA\",\"varslingsstatus\":\"KAN_VARSLES\"}").statusCode()).isEqualTo(204);
        assertThat(http.put("/sim/admin/krr/personer/" + slettet.id(), "{\"status\":\"SLETTET\",\"varslingsstatus\":\"KAN_VARSLES\"}").statusCode()).isEqualTo(204);

        assertThat(lookup(token, reservert.id()).path("varslingsstatus").asText()).isEqualTo("KAN_IKKE_VARSLES");
        assertThat(lookup(token, slettet.id()).path("varslingsstatus").asText()).isEqualTo("KAN_IKKE_VARSLES");
    }

    @Test
    void should_refuse_more_than_1000_ids_a_missing_token_and_a_wrong_scope() {
        String id = population.find(Kind.KRR_AKTIV_DIGITAL_POST).id();
        String tooMany = IntStream.range(0, 1001).mapToObj(i -> "\"" + id + "\"").collect(Collectors.joining(",", "{\"personidentifikatorer\":[", "]}"));

        assertThat(http.post(PATH, token(KrrController.KONTAKTINFORMASJON), tooMany).statusCode()).isEqualTo(400);
        assertThat(http.post(PATH, token(KrrController.KONTAKTINFORMASJON), "{\"personidentifikatorer\":[]}").statusCode()).isEqualTo(400);
        assertThat(http.post(PATH, null, body(id)).statusCode()).isEqualTo(401);
        assertThat(http.post(PATH, token("folkeregister:deling/offentligmedhjemmel"), body(id)).statusCode()).isEqualTo(403);
    }

    private JsonNode lookup(String token, String id) {
        HttpResponse<String> response = http.post(PATH, token, body(id));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode personer = json(response).path("personer");
        assertThat(personer).hasSize(1);
        return personer.get(0);
    }

    private static String body(String id) {
        return "{\"personidentifikatorer\":[\"" + id + "\"]}";
    }

    private String token(String... scopes) {
        return authority.issue("test-client", Set.of(scopes), "974760673", 300);
    }
}
