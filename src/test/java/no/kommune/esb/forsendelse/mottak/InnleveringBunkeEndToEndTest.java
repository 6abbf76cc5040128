package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.TestPdf;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.List;

import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.FNR;
import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.FNR_FEIL_KONTROLL;
import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.JSON;
import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.PDF1;
import static no.kommune.esb.forsendelse.mottak.ForsendelseApiEndToEndTest.referanse;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch hand-in {@code POST /api/forsendelser/bunker} over real HTTP: each letter is judged alone by the single
 * hand-in's rules (a bad one refuses only itself), a batch sent again stores nothing twice, the batch limits answer 413
 * and a letter in another fagsystem's name is refused with 403 inside the answer.
 */
class InnleveringBunkeEndToEndTest extends EndToEndTest {

    static final String STI = "/api/forsendelser/bunker";

    @Value("${server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ForsendelseRepository repository;
    @Autowired
    javax.sql.DataSource dataSource;

    final HttpClient http = HttpClient.newHttpClient();

    static ObjectNode brev(String referanse, byte[] pdf) {
        ObjectNode m = JSON.createObjectNode()
                .put("avsenderSystem", "skole")
                .put("eksternReferanse", referanse)
                .put("tittel", "Vedtak om skoleskyss")
                .put("mottaker", FNR)
                .put("brevtype", "FORMELL");
        m.putArray("dokumenter").addObject().put("filnavn", "vedtak.pdf").put("mimeType", "application/pdf")
                .put("innhold", Base64.getEncoder().encodeToString(pdf));
        return m;
    }

    static String bunke(ObjectNode... brev) {
        ObjectNode b = JSON.createObjectNode();
        ArrayNode liste = b.putArray("forsendelser");
        for (ObjectNode n : brev) {
            liste.add(n);
        }
        return b.toString();
    }

    HttpResponse<String> send(String body, String tokenFor, String contentType) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + port + STI))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (tokenFor != null) {
            r.header("Authorization", "Bearer " + token(tokenFor));
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String body) throws Exception {
        return send(body, "skole", "application/json");
    }

    int lagret(String prefiks) {
        return jdbc.queryForObject("select count(*) from brev where ekstern_referanse like ?", Integer.class, prefiks + "%");
    }

    @Test
    void should_store_the_good_letters_and_refuse_each_bad_one_with_its_own_reason_when_a_batch_mixes_them() throws Exception {
        String ref = referanse();
        String body = bunke(brev(ref + "-1", PDF1),
                brev(ref + "-2", PDF1).put("mottaker", FNR_FEIL_KONTROLL),
                brev(ref + "-3", TestPdf.medJavaScriptVedAapning()),
                brev(ref + "-4", PDF1),
                (ObjectNode) brev(ref + "-5", PDF1).put("avsenderSystem", "barnevern"));

        HttpResponse<String> svar = send(body);

        assertThat(svar.statusCode()).as(svar.body()).isEqualTo(200);
        JsonNode s = JSON.readTree(svar.body());
        assertThat(s.path("antall").asInt()).isEqualTo(5);
        assertThat(s.path("mottatt").asInt()).isEqualTo(2);
        assertThat(s.path("avvist").asInt()).isEqualTo(3);
        JsonNode r = s.path("forsendelser");
        assertThat(List.of(r.get(0).path("status").asInt(), r.get(1).path("status").asInt(), r.get(2).path("status").asInt(),
                r.get(3).path("status").asInt(), r.get(4).path("status").asInt())).containsExactly(202, 400, 400, 202, 403);
        assertThat(r.get(1).path("problem").path("errors").findValuesAsText("pointer")).contains("/forsendelser/1/mottaker");
        assertThat(r.get(2).path("problem").path("errors").get(0).path("type").asText()).isEqualTo("urn:kommune-esb:problem:pdf-javascript");
        assertThat(r.get(4).path("problem").path("type").asText()).isEqualTo("urn:kommune-esb:problem:feil-avsender");
        assertThat(r.get(0).path("eksternReferanse").asText()).isEqualTo(ref + "-1");
        String id = r.get(0).path("id").asText();
        assertThat(r.get(0).path("location").asText()).isEqualTo("/api/forsendelser/" + id);
        assertThat(svar.body()).doesNotContain(FNR_FEIL_KONTROLL).doesNotContain("Exception");
        assertThat(lagret(ref)).isEqualTo(2);
        assertThat(jdbc.queryForObject("select count(*) from brev_dokument where brev_id = ?::uuid", Integer.class, id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from tidslinje where brev_id = ?::uuid and hendelse = 'MOTTATT'", Integer.class, id)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select kanal_inn from brev where id = ?::uuid", String.class, id)).isEqualTo("REST");
    }

    @Test
    void should_answer_the_first_ids_and_store_nothing_twice_when_a_batch_is_sent_again() throws Exception {
        String ref = referanse();
        String body = bunke(brev(ref + "-1", PDF1), brev(ref + "-2", PDF1));
        JsonNode forste = JSON.readTree(send(body).body()).path("forsendelser");

        HttpResponse<String> igjen = send(body);
        HttpResponse<String> endret = send(bunke(brev(ref + "-1", PDF1), brev(ref + "-2", PDF1).put("tittel", "Et annet vedtak"),
                brev(ref + "-3", PDF1)));

        JsonNode andre = JSON.readTree(igjen.body()).path("forsendelser");
        assertThat(andre.get(0).path("status").asInt()).isEqualTo(200);
        assertThat(andre.get(1).path("status").asInt()).isEqualTo(200);
        assertThat(andre.get(0).path("id").asText()).isEqualTo(forste.get(0).path("id").asText());
        assertThat(andre.get(1).path("id").asText()).isEqualTo(forste.get(1).path("id").asText());
        JsonNode tredje = JSON.readTree(endret.body()).path("forsendelser");
        assertThat(tredje.get(0).path("status").asInt()).isEqualTo(200);
        assertThat(tredje.get(1).path("status").asInt()).isEqualTo(409);
        assertThat(tredje.get(1).path("problem").path("detail").asText()).contains(forste.get(1).path("id").asText());
        assertThat(tredje.get(2).path("status").asInt()).isEqualTo(202);
        assertThat(lagret(ref)).isEqualTo(3);
        assertThat(jdbc.queryForObject("select count(*) from brev_dokument d join brev b on b.id = d.brev_id where b.ekstern_referanse like ?",
                Integer.class, ref + "%")).isEqualTo(3);
    }

    /**
     * Two batches sharing letters in another order (a fagsystem resending a batch split differently, two instances):
     * each batch used to take the keys' locks in its own order, so two such batches could wait for each other and
     * PostgreSQL aborted one with a deadlock (500 for a whole batch of good letters). Made certain here: a third
     * transaction holds key x, so batch [a, x, b] holds a and waits for x, batch [b, a] holds b and waits for a; when x
     * is let go, the first went on to b. Stored in key order, each batch waits at its first shared key holding none.
     */
    @Test
    void should_store_two_batches_that_share_letters_in_another_order_without_a_deadlock() throws Exception {
        String ref = referanse();
        String a = ref + "-a";
        String b = ref + "-b";
        String x = ref + "-x";
        java.util.concurrent.ExecutorService traader = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (java.sql.Connection holder = dataSource.getConnection()) {
            holder.setAutoCommit(false);
            try (java.sql.PreparedStatement ps = holder.prepareStatement("""
                    insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker,
                                      mottaker_type, kanal_inn, status)
                    values (gen_random_uuid(), 'skole', ?, 'Vedtak', 'FORMELL', false, ?, 'PERSON', 'REST', 'MOTTATT')""")) {
                ps.setString(1, x);
                ps.setString(2, FNR);
                ps.executeUpdate();
            }
            var forste = traader.submit(() -> repository.lagreAlle(List.of(innlevering(a), innlevering(x), innlevering(b)), "REST"));
            ventPaaLaaser(1);
            var andre = traader.submit(() -> repository.lagreAlle(List.of(innlevering(b), innlevering(a)), "REST"));
            ventPaaLaaser(2);
            holder.rollback();

            List<ForsendelseRepository.Lagret> f = forste.get(60, java.util.concurrent.TimeUnit.SECONDS);
            List<ForsendelseRepository.Lagret> g = andre.get(60, java.util.concurrent.TimeUnit.SECONDS);

            assertThat(f).hasSize(3);
            assertThat(g).extracting(ForsendelseRepository.Lagret::annetInnhold).containsOnly(false);
            assertThat(f).extracting(ForsendelseRepository.Lagret::ny).containsExactly(true, true, true);
            assertThat(g).extracting(ForsendelseRepository.Lagret::id).containsExactly(f.get(2).id(), f.get(0).id());
            assertThat(lagret(ref)).isEqualTo(3);
        } finally {
            traader.shutdownNow();
        }
    }

    /** Until {@code antall} statements of this test's batches wait for a lock (no timing is asserted). */
    private void ventPaaLaaser(int antall) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            Integer venter = jdbc.queryForObject("""
                    select count(*) from pg_stat_activity
                    where wait_event_type = 'Lock' and query like '%with ordinality as u(id, avsender%'""", Integer.class);
            if (venter != null && venter >= antall) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the batches never waited for each other");
    }

    private static Innlevering innlevering(String referanse) {
        return new Innlevering("skole", referanse, "Vedtak om skoleskyss", FNR, Innlevering.Mottakertype.PERSON,
                no.kommune.esb.forsendelse.Brevtype.FORMELL, false, List.of(new Innlevering.Dokument("vedtak.pdf", "application/pdf", PDF1)));
    }

    @Test
    void should_store_a_reference_given_twice_in_one_batch_once() throws Exception {
        String ref = referanse();

        JsonNode r = JSON.readTree(send(bunke(brev(ref, PDF1), brev(ref, PDF1), brev(ref, PDF1).put("tittel", "Annet"))).body())
                .path("forsendelser");

        assertThat(r.get(0).path("status").asInt()).isEqualTo(202);
        assertThat(r.get(1).path("status").asInt()).isEqualTo(200);
        assertThat(r.get(1).path("id").asText()).isEqualTo(r.get(0).path("id").asText());
        assertThat(r.get(2).path("status").asInt()).isEqualTo(409);
        assertThat(lagret(ref)).isEqualTo(1);
    }

    @Test
    void should_refuse_the_whole_batch_with_413_when_it_has_more_letters_than_the_limit() throws Exception {
        String ref = referanse();
        ObjectNode b = JSON.createObjectNode();
        ArrayNode liste = b.putArray("forsendelser");
        liste.add(brev(ref, PDF1));
        for (int i = 0; i < 500; i++) {
            liste.addObject();
        }

        HttpResponse<String> svar = send(b.toString());

        assertThat(svar.statusCode()).as(svar.body()).isEqualTo(413);
        assertThat(svar.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(JSON.readTree(svar.body()).path("detail").asText()).contains("høyst 500 forsendelser, har 501");
        assertThat(lagret(ref)).isZero();
    }

    @Test
    void should_refuse_the_whole_batch_with_413_when_its_body_is_over_the_size_limit() throws Exception {
        String ref = referanse();
        // 1.2 MB of inline PDF (the test profile's limit is 1 MB): refused before any letter is read
        String body = bunke(brev(ref, TestPdf.stor(900_000)));

        HttpResponse<String> svar = send(body);

        assertThat(svar.statusCode()).as(svar.body()).isEqualTo(413);
        assertThat(JSON.readTree(svar.body()).path("type").asText()).isEqualTo("urn:kommune-esb:problem:for-stor");
        assertThat(JSON.readTree(svar.body()).path("detail").asText()).contains("høyst 1 MB");
        assertThat(lagret(ref)).isZero();
    }

    @Test
    void should_refuse_a_body_that_is_not_a_batch_with_400_and_another_content_type_with_415() throws Exception {
        HttpResponse<String> ikkeListe = send("{\"forsendelser\": {}}");
        HttpResponse<String> ikkeJson = send("ikke json");
        HttpResponse<String> tom = send("{\"forsendelser\": []}");
        HttpResponse<String> tekst = send(bunke(brev(referanse(), PDF1)), "skole", "text/plain");

        for (HttpResponse<String> svar : List.of(ikkeListe, ikkeJson, tom)) {
            assertThat(svar.statusCode()).as(svar.body()).isEqualTo(400);
            assertThat(JSON.readTree(svar.body()).path("type").asText()).isEqualTo("urn:kommune-esb:problem:ugyldig-bunke");
        }
        assertThat(tekst.statusCode()).isEqualTo(415);
    }

    @Test
    void should_refuse_a_batch_without_a_token_with_401_and_take_one_from_the_integration_team_for_a_sender_system() throws Exception {
        String ref = referanse();
        String body = bunke(brev(ref, PDF1));

        HttpResponse<String> utenToken = send(body, null, "application/json");
        HttpResponse<String> admin = send(body, "integrasjon", "application/json");

        assertThat(utenToken.statusCode()).isEqualTo(401);
        // the team's token may hand in for any sender system, as on the single hand-in
        assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
        assertThat(JSON.readTree(admin.body()).path("forsendelser").get(0).path("status").asInt()).isEqualTo(202);
    }
}
