package no.kommune.esb.simulator.folkeregisteret;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.simulator.SimulatorHttp;
import no.kommune.esb.simulator.SimulatorTestApplication;
import no.kommune.esb.simulator.auth.SimulatorTokenAuthority;
import no.kommune.esb.simulator.fault.FaultInjector;
import no.kommune.esb.simulator.fault.FaultSpec;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static no.kommune.esb.simulator.SimulatorHttp.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = SimulatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"simulator.enabled=true"})
class FolkeregisteretSimulatorTest {

    static final String BASE = "/sim/folkeregisteret/folkeregisteret/offentlig-med-hjemmel/api/v1";
    static final Path EXAMPLE = Path.of("../shared/contracts/folkeregisteret/examples/17868597437/npr.json");

    @LocalServerPort
    int port;
    @Autowired
    SimulatorTokenAuthority authority;
    @Autowired
    SyntheticPopulation population;
    @Autowired
    FaultInjector faults;
    @Autowired
    FolkeregisteretController controller;

    SimulatorHttp http;
    String token;

    @BeforeEach
    void setUp() {
        http = new SimulatorHttp(port);
        token = authority.issue("test-client", Set.of(FolkeregisteretController.SCOPE), "974760673", 300);
    }

    @AfterEach
    void clearFaults() {
        faults.clearAll();
    }

    @Test
    void should_answer_a_person_lookup_with_the_contract_shape_of_person_basis() {
        SimPerson p = population.find(Kind.VANLIG_VOKSEN);

        HttpResponse<String> response = http.get(BASE + "/personer/" + p.id(), token);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode doc = json(response);
        JsonNode ident = doc.path("identifikasjonsnummer").get(0);
        assertThat(ident.path("foedselsEllerDNummer").asText()).isEqualTo(p.id());
        assertThat(ident.path("identifikatortype").asText()).isEqualTo("foedselsnummer");
        assertThat(ident.path("status").asText()).isEqualTo("iBruk");
        assertThat(ident.path("erGjeldende").asBoolean()).isTrue();
        assertThat(doc.path("status").get(0).path("status").asText()).isEqualTo("bosatt");
        assertThat(doc.path("navn").get(0).path("etternavn").asText()).isEqualToIgnoringCase(p.etternavn());
        JsonNode bosted = doc.path("bostedsadresse").get(0);
        assertThat(bosted.path("adressegradering").asText()).isEqualTo("ugradert");
        JsonNode veg = bosted.path("vegadresse");
        assertThat(veg.path("kommunenummer").asText()).isEqualTo("4601");
        assertThat(veg.path("adressekode").asText()).isEqualTo(population.address(p.addressIndex()).adressekode());
        assertThat(veg.path("adressenummer").path("husnummer").asText()).isEqualTo(String.valueOf(population.address(p.addressIndex()).husnummer()));
        assertThat(veg.path("poststed").path("postnummer").asText()).matches("\\d{4}");
        assertThat(doc.has("familierelasjon")).as("relations only with relasjon-utvidet").isFalse();
        doc.fields().forEachRemaining(f -> assertThat(f.getValue().isArray()).as(f.getKey()).isTrue());
    }

    @Test
    void should_shape_entries_like_the_real_examples() throws Exception {
        Assumptions.assumeTrue(Files.exists(EXAMPLE), "SKIPPED: ../shared/contracts absent: person JSON not compared with npr.json examples");
        JsonNode example = new ObjectMapper().readTree(EXAMPLE.toFile());
        SimPerson child = population.find(Kind.BARN_FELLES_FORELDREANSVAR);
        SimPerson mother = population.person(child.motherIndex());

        JsonNode doc = json(http.get(BASE + "/personer/" + mother.id() + "?part=person-basis&part=relasjon-utvidet", token));

        for (Iterator<String> it = doc.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!example.has(key)) {
                continue;
            }
            JsonNode ours = doc.get(key).get(0);
            JsonNode theirs = example.get(key).get(0);
            assertThat(doc.get(key).getNodeType()).as(key).isEqualTo(example.get(key).getNodeType());
            for (String common : List.of("ajourholdstidspunkt", "erGjeldende", "kilde", "gyldighetstidspunkt")) {
                assertThat(ours.has(common)).as(key + "." + common).isEqualTo(theirs.has(common));
            }
            Set<String> theirFields = new java.util.HashSet<>(Set.of("aarsak", "opphoerstidspunkt", "mellomnavn"));
            example.get(key).forEach(e -> theirFields.addAll(names(e)));
            assertThat(theirFields).as("fields of " + key + " that the example does not know").containsAll(names(ours));
        }
        assertThat(doc.path("foreldreansvar").get(0).path("ansvarssubjekt").asText()).isEqualTo(child.id());
        assertThat(doc.path("foreldreansvar").get(0).path("ansvarlig").asText()).isEqualTo(mother.id());
    }

    @Test
    void should_name_both_holders_of_felles_foreldreansvar_on_the_child() {
        SimPerson child = population.find(Kind.BARN_FELLES_FORELDREANSVAR);

        JsonNode doc = json(http.get(BASE + "/personer/" + child.id() + "?part=relasjon-utvidet", token));

        List<String> holders = new ArrayList<>();
        doc.path("foreldreansvar").forEach(e -> {
            assertThat(e.path("ansvar").asText()).isEqualTo("felles");
            holders.add(e.path("ansvarlig").asText());
        });
        assertThat(holders).containsExactlyInAnyOrder(population.person(child.motherIndex()).id(), population.person(child.fatherIndex()).id());
        assertThat(roles(doc)).contains("mor", "far");
        assertThat(doc.has("bostedsadresse")).as("relasjon-utvidet adds to person-basis").isTrue();
    }

    @Test
    void should_show_the_named_holder_for_andre_and_the_delt_bosted_address() {
        SimPerson andre = population.find(Kind.BARN_FORELDREANSVAR_ANDRE);
        SimPerson delt = population.find(Kind.BARN_DELT_BOSTED);

        JsonNode andreDoc = json(http.get(BASE + "/personer/" + andre.id() + "?part=relasjon-utvidet", token));
        JsonNode deltDoc = json(http.get(BASE + "/personer/" + delt.id(), token));

        assertThat(andreDoc.path("foreldreansvar").get(0).path("ansvar").asText()).isEqualTo("andre");
        assertThat(andreDoc.path("foreldreansvar").get(0).path("ansvarlig").asText()).isEqualTo(population.person(andre.ansvarligIndex()).id());
        assertThat(deltDoc.path("deltBosted").get(0).path("vegadresse").path("adressekode").asText())
                .isEqualTo(population.address(delt.deltBostedIndex()).adressekode());
        assertThat(deltDoc.path("deltBosted").get(0).has("startdatoForKontrakt")).isTrue();
    }

    @Test
    void should_mark_protected_addresses_and_give_doedsfall_as_a_single_object() {
        SimPerson strengt = population.find(Kind.STRENGT_FORTROLIG);
        SimPerson doed = population.find(Kind.DOED);

        JsonNode protectedDoc = json(http.get(BASE + "/personer/" + strengt.id(), token));
        JsonNode deadDoc = json(http.get(BASE + "/personer/" + doed.id(), token));

        assertThat(protectedDoc.path("adressebeskyttelse").get(0).path("graderingsnivaa").asText()).isEqualTo("strengtFortrolig");
        assertThat(protectedDoc.path("bostedsadresse").get(0).path("adressegradering").asText()).isEqualTo("strengtFortrolig");
        assertThat(deadDoc.path("doedsfall").isObject()).isTrue();
        assertThat(deadDoc.path("doedsfall").path("doedsdato").asText()).isEqualTo(doed.doedsdato().toString());
        assertThat(deadDoc.path("status").get(0).path("status").asText()).isEqualTo("doed");
    }

    /**
     * As Folkeregisteret shows a death (example 28857197102): the residence is ended at the death, an entry with
     * erGjeldende=false and opphoerstidspunkt, so it is not in person-basis and comes only with historikk.
     */
    @Test
    void should_end_a_deceased_persons_residence_at_the_death_and_show_it_only_with_historikk() {
        SimPerson target = population.findAll(Kind.VANLIG_VOKSEN).stream().filter(x -> x.childIndexes().length == 0).toList().get(1);
        String kommune = population.address(target.addressIndex()).kommunenummer();
        http.post("/sim/admin/folkeregisteret/hendelser", null, "{\"kind\":\"DOEDSFALL\",\"person\":\"" + target.id() + "\"}");

        for (SimPerson doed : List.of(target, population.find(Kind.DOED))) {
            JsonNode basis = json(http.get(BASE + "/personer/" + doed.id(), token));
            JsonNode medHistorikk = json(http.get(BASE + "/personer/" + doed.id() + "?part=person-basis&part=historikk", token));

            assertThat(basis.has("bostedsadresse")).as("person-basis: no current residence").isFalse();
            JsonNode sist = medHistorikk.path("bostedsadresse").get(0);
            assertThat(sist.path("erGjeldende").asBoolean(true)).isFalse();
            assertThat(sist.path("opphoerstidspunkt").asText()).isNotBlank();
            assertThat(sist.path("vegadresse").path("kommunenummer").asText())
                    .isEqualTo(population.address(doed.addressIndex()).kommunenummer());
        }
        assertThat(json(http.get(BASE + "/personer/" + target.id() + "?part=bostedsadresse&part=historikk", token))
                .path("bostedsadresse").get(0).path("vegadresse").path("kommunenummer").asText()).isEqualTo(kommune);
    }

    @Test
    void should_show_the_replaced_dnummer_as_opphoert_only_with_historikk() {
        SimPerson p = population.find(Kind.DNUMMER_ERSTATTET);

        JsonNode basis = json(http.get(BASE + "/personer/" + p.id(), token));
        JsonNode history = json(http.get(BASE + "/personer/" + p.formerDnummer() + "?part=historikk", token));

        assertThat(basis.path("identifikasjonsnummer")).hasSize(1);
        JsonNode old = null;
        for (JsonNode e : history.path("identifikasjonsnummer")) {
            if (e.path("foedselsEllerDNummer").asText().equals(p.formerDnummer())) {
                old = e;
            }
        }
        assertThat(old).isNotNull();
        assertThat(old.path("status").asText()).isEqualTo("opphoert");
        assertThat(old.path("identifikatortype").asText()).isEqualTo("dNummer");
        assertThat(old.path("erGjeldende").asBoolean()).isFalse();
    }

    @Test
    void should_show_postadresseIUtlandet_for_emigrated_and_a_post_box_for_postadresse() {
        JsonNode abroad = json(http.get(BASE + "/personer/" + population.find(Kind.UTFLYTTET).id(), token));
        JsonNode box = json(http.get(BASE + "/personer/" + population.find(Kind.POSTADRESSE_AVVIKER).id(), token));
        JsonNode unknown = json(http.get(BASE + "/personer/" + population.find(Kind.UKJENT_BOSTED).id(), token));

        assertThat(abroad.path("postadresseIUtlandet").get(0).path("utenlandskAdresse").path("landkode").asText()).hasSize(2);
        assertThat(abroad.path("status").get(0).path("status").asText()).isEqualTo("utflyttet");
        assertThat(box.path("postadresse").get(0).path("postboksadresse").path("postboks").asText()).isNotBlank();
        assertThat(unknown.path("bostedsadresse").get(0).has("ukjentBosted")).isTrue();
    }

    @Test
    void should_answer_404_for_an_unknown_person_and_400_for_a_malformed_id() {
        assertThat(http.get(BASE + "/personer/" + validUnknownId(), token).statusCode()).isEqualTo(404);
        assertThat(http.get(BASE + "/personer/12345", token).statusCode()).isEqualTo(400);
    }

    @Test
    void should_refuse_a_missing_token_with_401_and_a_wrong_scope_with_403() {
        String id = population.find(Kind.VANLIG_VOKSEN).id();
        String krrToken = authority.issue("test-client", Set.of("krr:global/kontaktinformasjon.read"), "974760673", 300);

        HttpResponse<String> missing = http.get(BASE + "/personer/" + id, null);
        HttpResponse<String> wrong = http.get(BASE + "/personer/" + id, krrToken);

        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(json(missing).path("feilkode").asText()).isNotBlank();
        assertThat(wrong.statusCode()).isEqualTo(403);
        assertThat(missing.body()).doesNotContain(id);
    }

    @Test
    void should_look_up_in_bulk_with_feilmelding_for_unknown_and_refuse_1001_ids() {
        String known = population.find(Kind.VANLIG_VOKSEN).id();
        String unknown = validUnknownId();

        JsonNode answer = json(http.post(BASE + "/personer/bulkoppslag", token, "{\"foedselsEllerDNummer\":[\"" + known + "\",\"" + unknown + "\"]}"));
        String tooMany = IntStream.range(0, 1001).mapToObj(i -> "\"" + known + "\"").collect(Collectors.joining(",", "{\"foedselsEllerDNummer\":[", "]}"));
        HttpResponse<String> refused = http.post(BASE + "/personer/bulkoppslag", token, tooMany);

        assertThat(answer.path("oppslag")).hasSize(2);
        assertThat(answer.path("oppslag").get(0).path("folkeregisterperson").path("identifikasjonsnummer").get(0).path("foedselsEllerDNummer").asText()).isEqualTo(known);
        assertThat(answer.path("oppslag").get(1).path("foedselsEllerDNummer").asText()).isEqualTo(unknown);
        assertThat(answer.path("oppslag").get(1).path("feilmelding").path("feilmelding").asText()).isNotBlank();
        assertThat(refused.statusCode()).isEqualTo(400);
    }

    @Test
    void should_page_the_feed_by_1000_and_answer_304_for_an_unchanged_page() {
        long before = Long.parseLong(http.get(BASE + "/hendelser/siste/sekvensnummer", token).body().trim());
        JsonNode change = json(http.post("/sim/admin/folkeregisteret/hendelser", null, "{\"kind\":\"NAVNEENDRING\",\"antall\":1001}"));
        long first = change.path("sekvensnumre").get(0).asLong();
        long last = Long.parseLong(http.get(BASE + "/hendelser/siste/sekvensnummer", token).body().trim());

        HttpResponse<String> page1 = http.get(BASE + "/hendelser/feed?seq=" + first, token);
        HttpResponse<String> page2 = http.get(BASE + "/hendelser/feed?seq=" + (first + 1000), token);
        String etag = page1.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = http.get(BASE + "/hendelser/feed?seq=" + first, token, "If-None-Match", etag);

        assertThat(first).isEqualTo(before + 1);
        assertThat(last).isEqualTo(before + 1001);
        assertThat(json(page1)).hasSize(1000);
        assertThat(json(page1).get(0).path("sekvensnummer").asLong()).isEqualTo(first);
        assertThat(json(page1).get(0).path("hendelse").path("hendelsetype").asText()).isEqualTo("endringINavn");
        assertThat(json(page2).get(0).path("sekvensnummer").asLong()).isEqualTo(first + 1000);
        assertThat(again.statusCode()).isEqualTo(304);
    }

    @Test
    void should_put_an_admin_change_in_the_feed_with_its_hendelsetype_and_update_the_person() {
        SimPerson target = population.find(Kind.VANLIG_VOKSEN);
        String id = target.id();

        JsonNode change = json(http.post("/sim/admin/folkeregisteret/hendelser", null, "{\"kind\":\"DOEDSFALL\",\"person\":\"" + id + "\"}"));
        long seq = change.path("sekvensnumre").get(0).asLong();
        JsonNode event = json(http.get(BASE + "/hendelser/feed?seq=" + seq, token)).get(0);
        JsonNode doc = json(http.get(BASE + "/personer/" + id, token));

        assertThat(change.path("personer").get(0).asText()).isEqualTo(id);
        assertThat(event.path("sekvensnummer").asLong()).isEqualTo(seq);
        assertThat(event.path("hendelse").path("hendelsetype").asText()).isEqualTo("personErDoed");
        assertThat(event.path("hendelse").path("folkeregisteridentifikator").asText()).isEqualTo(id);
        assertThat(doc.path("doedsfall").isObject()).isTrue();
    }

    @Test
    void should_apply_a_waiting_admin_change_right_after_the_next_answer_about_the_person() {
        List<SimPerson> voksne = population.findAll(Kind.VANLIG_VOKSEN).stream().filter(x -> x.childIndexes().length == 0).toList();
        String id = voksne.get(voksne.size() - 1).id();

        JsonNode venter = json(http.post("/sim/admin/folkeregisteret/hendelser", null, "{\"kind\":\"ADRESSEBESKYTTELSE\",\"person\":\""
                + id + "\",\"param\":\"strengtFortrolig\",\"etterNesteOppslag\":true}"));
        JsonNode foer = json(http.post(BASE + "/personer/bulkoppslag", token, "{\"foedselsEllerDNummer\":[\"" + id + "\"]}"));
        JsonNode etter = json(http.get(BASE + "/personer/" + id, token));

        assertThat(venter.path("venter").asBoolean()).isTrue();
        assertThat(foer.path("oppslag").path(0).path("folkeregisterperson").path("adressebeskyttelse").path(0).path("graderingsnivaa").asText())
                .as("the answer the change waited for still shows the old grading").isNotEqualTo("strengtFortrolig");
        assertThat(etter.path("adressebeskyttelse").path(0).path("graderingsnivaa").asText()).isEqualTo("strengtFortrolig");
        assertThat(http.post("/sim/admin/folkeregisteret/hendelser", null, "{\"kind\":\"ADRESSEBESKYTTELSE\",\"etterNesteOppslag\":true}")
                .statusCode()).as("a waiting change needs a person").isEqualTo(400);
    }

    @Test
    void should_refuse_an_admin_change_that_does_not_fit() {
        String dead = population.find(Kind.DOED).id();

        assertThat(http.post("/sim/admin/folkeregisteret/hendelser", null, "{\"kind\":\"NAVNEENDRING\",\"person\":\"" + dead + "\"}").statusCode()).isEqualTo(400);
        assertThat(http.post("/sim/admin/folkeregisteret/hendelser", null, "{\"kind\":\"NOE_ANNET\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void should_answer_an_extract_with_404_until_ready_then_batches_then_an_empty_object() {
        HttpResponse<String> order = http.post(BASE + "/uttrekk/tilpasset", token,
                "{\"personstatustyper\":[\"bosatt\"],\"kommunenummer\":{\"bostedskommunenummer\":\"4601\"},\"foedselsaarFraOgMed\":\"1950\"}");
        String jobbId = json(order).path("jobbId").asText();

        HttpResponse<String> early = http.get(BASE + "/uttrekk/" + jobbId + "/batch/0", token);
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get(BASE + "/uttrekk/" + jobbId + "/batch/0", token).statusCode() == 200);
        List<String> ids = new ArrayList<>();
        int n = 0;
        JsonNode batch;
        while ((batch = json(http.get(BASE + "/uttrekk/" + jobbId + "/batch/" + n++, token))).size() > 0) {
            batch.path("foedselsEllerDNummer").forEach(id -> ids.add(id.asText()));
        }

        assertThat(order.statusCode()).isEqualTo(200);
        assertThat(early.statusCode()).isEqualTo(404);
        assertThat(n).isGreaterThan(1);
        assertThat(ids).isNotEmpty().doesNotHaveDuplicates();
        assertThat(ids).allSatisfy(id -> {
            SimPerson p = population.byId(id).orElseThrow();
            assertThat(p.foedselsdato().getYear()).isGreaterThanOrEqualTo(1950);
            String kommune = p.addressIndex() >= 0 ? population.address(p.addressIndex()).kommunenummer() : p.ukjentBostedKommune();
            assertThat(kommune).isEqualTo("4601");
        });
        assertThat(http.get(BASE + "/uttrekk/" + jobbId + "/batch/" + (n + 5), token).statusCode()).isEqualTo(410);
        assertThat(http.get(BASE + "/uttrekk/ukjent-jobb/batch/0", token).statusCode()).isEqualTo(410);
    }

    @Test
    void should_deliver_a_complete_extract_with_document_ids_usable_in_the_archive() {
        String jobbId = json(http.get(BASE + "/uttrekk/komplett", token)).path("jobbId").asText();
        await().atMost(Duration.ofSeconds(5)).until(() -> http.get(BASE + "/uttrekk/" + jobbId + "/batch/0", token).statusCode() == 200);

        JsonNode batch = json(http.get(BASE + "/uttrekk/" + jobbId + "/batch/0", token));
        String doc = batch.path("dokumentidentifikator").get(0).asText();
        JsonNode person = json(http.get(BASE + "/personer/arkiv/" + doc, token));

        assertThat(batch.path("foedselsEllerDNummer")).hasSize(1000);
        assertThat(person.path("identifikasjonsnummer").get(0).path("foedselsEllerDNummer").asText())
                .isEqualTo(batch.path("foedselsEllerDNummer").get(0).asText());
    }

    @Test
    void should_refuse_an_eleventh_running_extract_job_with_429() {
        List<String> created = new ArrayList<>();
        HttpResponse<String> refused = null;
        try {
            for (int i = 0; i <= 10 && refused == null; i++) {
                HttpResponse<String> r = http.get(BASE + "/uttrekk/komplett", token);
                if (r.statusCode() == 429) {
                    refused = r;
                } else {
                    created.add(json(r).path("jobbId").asText());
                }
            }
        } finally {
            created.forEach(controller::expireJob);
        }

        assertThat(refused).isNotNull();
        assertThat(refused.headers().firstValue("Retry-After")).isPresent();
        assertThat(created).isNotEmpty().hasSizeLessThanOrEqualTo(10);
        assertThat(http.get(BASE + "/uttrekk/" + created.get(0) + "/batch/0", token).statusCode()).isEqualTo(410);
    }

    @Test
    void should_answer_injected_throttling_with_retry_after_in_milliseconds() {
        faults.set("folkeregisteret", "personer", new FaultSpec(0, 0, 0, 1.0, 1500, null, null, 0));

        HttpResponse<String> response = http.get(BASE + "/personer/" + population.find(Kind.VANLIG_VOKSEN).id(), token);

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Retry-After")).contains("1500");
    }

    private String validUnknownId() {
        for (int i = 0; i < 1000; i++) {
            String nine = String.format("0181%02d%03d", 70 + i % 20, 100 + i);
            String id = withControlDigits(nine);
            if (id != null && population.byId(id).isEmpty()) {
                return id;
            }
        }
        throw new IllegalStateException("no unknown id found");
    }

    private static String withControlDigits(String nine) {
        int[] k1 = {3, 7, 6, 1, 8, 9, 4, 5, 2};
        int[] k2 = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
        int s = 0;
        for (int i = 0; i < 9; i++) {
            s += (nine.charAt(i) - '0') * k1[i];
        }
        int c1 = (11 - s % 11) % 11;
        if (c1 == 10) {
            return null;
        }
        String ten = nine + c1;
        s = 0;
        for (int i = 0; i < 10; i++) {
            s += (ten.charAt(i) - '0') * k2[i];
        }
        int c2 = (11 - s % 11) % 11;
        return c2 == 10 ? null : ten + c2;
    }

    private static Set<String> names(JsonNode node) {
        Set<String> names = new java.util.HashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static List<String> roles(JsonNode doc) {
        List<String> roles = new ArrayList<>();
        doc.path("familierelasjon").forEach(e -> roles.add(e.path("relatertPersonsRolle").asText()));
        return roles;
    }
}
