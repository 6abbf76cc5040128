package no.kommune.esb.forsendelse.mottak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.Prometheus;
import no.kommune.esb.TestPdf;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing a dead letter without sending it, through the API ({@code POST /api/dead-letters/{id}/avslutt}), for a letter's
 * dead letter made by a real SvarUt outage and for an event delivery's that no redrive can send (its fagsystem's
 * registration removed): closed with a reason and who closed it, left out of the open list and shown in the closed one,
 * never sent afterwards (409 in the redrive refusals' shape), a second close 409, an unknown id 404, a missing or too long
 * reason 400. The letter's recipient letter tells the truth: AVSLUTTET (not delivered), a timeline row with the reason, a
 * final status message to the fagsystem without the reason. The reason is never logged.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeadLetterAvslutningEndToEndTest extends EndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Value("${server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SyntheticPopulation population;
    @Autowired
    MeterRegistry metrikker;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void should_close_a_letters_dead_letter_without_sending_it_end_its_recipient_letter_and_tell_the_fagsystem_once(CapturedOutput logg)
            throws Exception {
        SimPerson p = population.findAll(Kind.VANLIG_VOKSEN).get(140);
        put("/sim/admin/krr/personer/" + p.id(), "{\"status\":\"AKTIV\",\"reservasjon\":\"NEI\",\"varslingsstatus\":\"KAN_VARSLES\",\"digitalPost\":true}");
        UUID brev;
        // every send is refused until the fault is lifted: a 400 cannot be tried again, so the first attempt goes to the
        // dead-letter store. A 400, not a 500: a 5xx may come after SvarUt stored the letter, so it is never "ikke sendt";
        // not a 429 either: rate limiting now waits with the flow without spending an attempt
        put("/sim/admin/faults/svarut/send", "{\"errorRate\":1.0,\"errorStatus\":400}");
        try {
            brev = lever(p, "e2e-avslutt-" + UUID.randomUUID().toString().substring(0, 8));
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForList("select status from mottakerbrev where brev_id = ?", String.class, brev)
                    .contains("DEAD_LETTER"));
        } finally {
            delete("/sim/admin/faults/svarut/send");
        }
        UUID mottakerbrev = jdbc.queryForObject("select id from mottakerbrev where brev_id = ? and status = 'DEAD_LETTER'", UUID.class, brev);
        String id = jdbc.queryForObject("select id::text from dead_letter where kilde = 'forsendelse-send' and referanse = ?", String.class,
                mottakerbrev.toString());
        assertThat(ider(get("/api/dead-letters"))).as("open before").contains(id);
        // the reason in words with SvarUt's errorId for KS support (the simulator's injected errors say INTERN_FEIL), not
        // SvarUt's own message: before, "UNAVAILABLE: svarut: send feilet errorCode=INTERN_FEIL errorId=… (HTTP 500)"
        assertThat(jdbc.queryForObject("select grunn from dead_letter where id = ?::uuid", String.class, id))
                .matches("SvarUt avviste forespørselen \\(HTTP 400, feilkode INTERN_FEIL,"
                        + " errorId [0-9a-f-]{36}\\); brevet er ikke sendt");
        double foer = teller("forsendelse-send");
        String begrunnelse = "Saksbehandler sendte vedtaket per post 20.11; skal ikke sendes digitalt";

        assertThat(avslutt(id, "{}").statusCode()).as("a reason is required").isEqualTo(400);
        HttpResponse<String> forLang = avslutt(id, JSON.createObjectNode().put("begrunnelse", "x".repeat(501)).toString());
        assertThat(forLang.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(forLang.body()).path("type").asText()).isEqualTo("urn:kommune-esb:problem:ugyldig-avslutning");
        assertThat(jdbc.queryForObject("select avsluttet is null from dead_letter where id = ?::uuid", Boolean.class, id)).as("still open").isTrue();

        HttpResponse<String> svar = avslutt(id, JSON.createObjectNode().put("begrunnelse", begrunnelse).toString());

        assertThat(svar.statusCode()).as(svar.body()).isEqualTo(200);
        JsonNode avsluttet = JSON.readTree(svar.body());
        assertThat(avsluttet.path("avsluttetAv").asText()).isEqualTo("integrasjon");
        assertThat(avsluttet.path("begrunnelse").asText()).isEqualTo(begrunnelse);
        assertThat(avsluttet.path("mottakerbrevStatus").asText()).isEqualTo("AVSLUTTET");
        // not deleted: the row and its payload stay, under retention
        assertThat(jdbc.queryForObject("select payload is not null and avsluttet is not null and redrevet is null from dead_letter where id = ?::uuid",
                Boolean.class, id)).isTrue();
        assertThat(ider(get("/api/dead-letters"))).as("left out of the open list").doesNotContain(id);
        JsonNode lukket = finn(get("/api/dead-letters?status=avsluttet"), id);
        assertThat(lukket.path("avsluttetAv").asText()).isEqualTo("integrasjon");
        assertThat(lukket.path("begrunnelse").asText()).isEqualTo(begrunnelse);
        assertThat(ider(get("/api/dead-letters?alle=true"))).contains(id);
        assertThat(get("/api/dead-letters?status=lukket").statusCode()).isEqualTo(400);

        // the letter's own story, as its fagsystem reads it: ended, not delivered
        JsonNode status = JSON.readTree(http.send(HttpRequest.newBuilder(uri("/api/forsendelser/" + brev)).header("Authorization", "Bearer " + token("skole"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(status.path("mottakerbrev").get(0).path("status").asText()).isEqualTo("AVSLUTTET");
        List<String> tidslinje = new ArrayList<>();
        status.path("tidslinje").forEach(t -> tidslinje.add(t.path("hendelse").asText() + " " + t.path("detalj").asText()));
        assertThat(tidslinje).anySatisfy(t -> assertThat(t).startsWith("AVSLUTTET avsluttet uten sending av integrasjon").endsWith(": " + begrunnelse));
        assertThat(tidslinje).noneMatch(t -> t.startsWith("REDRIVE") || t.startsWith("STATUS"));
        List<String> meldinger = jdbc.queryForList("select status from statusutboks where mottakerbrev_id = ? order by sekvens", String.class, mottakerbrev);
        assertThat(meldinger).as("the fagsystem hears the end once, after DEAD_LETTER").endsWith("DEAD_LETTER", "AVSLUTTET")
                .filteredOn("AVSLUTTET"::equals).hasSize(1);
        assertThat(jdbc.queryForObject("select melding from statusutboks where mottakerbrev_id = ? and status = 'AVSLUTTET'", String.class, mottakerbrev))
                .as("who and why stay in the timeline").doesNotContain(begrunnelse).doesNotContain("integrasjon\"");
        assertThat(teller("forsendelse-send") - foer).isEqualTo(1.0);

        HttpResponse<String> redrive = post("/api/dead-letters/" + id + "/redrive", "");
        assertThat(redrive.statusCode()).isEqualTo(409);
        assertThat(redrive.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(JSON.readTree(redrive.body()).path("type").asText()).isEqualTo("urn:kommune-esb:problem:avsluttet");
        HttpResponse<String> brevRedrive = http.send(HttpRequest.newBuilder(uri("/api/forsendelser/" + brev + "/redrive"))
                .header("Authorization", "Bearer " + token("skole")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(brevRedrive.statusCode()).as("the letter's own redrive finds nothing open").isEqualTo(409);
        assertThat(jdbc.queryForObject("select status from mottakerbrev where id = ?", String.class, mottakerbrev)).isEqualTo("AVSLUTTET");

        HttpResponse<String> igjen = avslutt(id, JSON.createObjectNode().put("begrunnelse", "en gang til").toString());
        assertThat(igjen.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(igjen.body()).path("type").asText()).isEqualTo("urn:kommune-esb:problem:allerede-avsluttet");
        assertThat(teller("forsendelse-send") - foer).as("counted once").isEqualTo(1.0);
        assertThat(logg.getAll()).contains("Dead letter " + id).doesNotContain("Saksbehandler sendte vedtaket");
    }

    /**
     * A letter that cannot be read takes the recipient letters an earlier pass left waiting with it to DEAD_LETTER, with
     * no dead letter of their own: closing its one dead letter (kilde forsendelse-lasting) ended only the ULASTBAR
     * recipient letter, so those stayed DEAD_LETTER for ever (never final, no redrive or close could reach them, and
     * retention kept the letter's PDFs). They now end with it, each with its final status message.
     */
    @Test
    void should_end_the_recipient_letters_an_unreadable_letter_took_with_it_when_its_dead_letter_is_closed() throws Exception {
        SimPerson p = population.findAll(Kind.VANLIG_VOKSEN).get(141);
        UUID brev = UUID.randomUUID();
        UUID ventende = UUID.randomUUID();
        // a stored type this version cannot read, and a recipient letter an earlier pass left waiting for another attempt
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                values (?, 'skole', ?, 'Vedtak om skoleskyss', 'UKJENT_BREVTYPE', false, ?, 'PERSON', 'REST', 'VENTER')""",
                brev, "e2e-ulesbar-" + brev, p.id());
        jdbc.update("insert into brev_dokument (brev_id, nr, filnavn, mime_type, innhold) values (?, 0, 'vedtak.pdf', 'application/pdf', ?)",
                brev, "%PDF-1.4 test".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        jdbc.update("""
                insert into mottakerbrev (id, brev_id, mottaker, kanal, status, forsoek, neste_forsoek)
                values (?, ?, ?, 'DIGITAL', 'KLAR_FOR_SENDING', 1, now())""", ventende, brev, p.id());
        await().atMost(Duration.ofSeconds(30)).until(() -> "DEAD_LETTER".equals(
                jdbc.queryForObject("select status from mottakerbrev where id = ?", String.class, ventende)));
        String id = jdbc.queryForObject("""
                select d.id::text from dead_letter d join mottakerbrev m on d.referanse = m.id::text
                 where d.kilde = 'forsendelse-lasting' and m.brev_id = ?""", String.class, brev);

        HttpResponse<String> svar = avslutt(id, "{\"begrunnelse\":\"fagsystemet sendte brevet på nytt med riktig type\"}");

        assertThat(svar.statusCode()).as(svar.body()).isEqualTo(200);
        assertThat(jdbc.queryForList("select status from mottakerbrev where brev_id = ?", String.class, brev)).hasSize(2).containsOnly("AVSLUTTET");
        assertThat(jdbc.queryForList("select status from statusutboks where mottakerbrev_id = ? order by sekvens", String.class, ventende))
                .as("the fagsystem hears its end").endsWith("AVSLUTTET");
        assertThat(jdbc.queryForList("select detalj from tidslinje where mottakerbrev_id = ? and hendelse = 'AVSLUTTET'", String.class, ventende))
                .singleElement().asString().startsWith("avsluttet uten sending av integrasjon");
    }

    @Test
    void should_close_an_event_deliverys_dead_letter_no_redrive_can_send_and_refuse_to_redrive_or_close_it_again() throws Exception {
        SimPerson p = population.findAll(Kind.VANLIG_VOKSEN).get(141);
        long seq = jdbc.queryForObject("select nextval('resync_sekvensnummer')", Long.class);
        // the state the sweep of undeliverable rows leaves for a row whose fagsystem's registration was removed
        jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype, status) values (?, ?, 'resync', 'FORDELT')", seq, p.id());
        jdbc.update("insert into levering (sekvensnummer, fagsystem, status, dokument, feil) values (?, 'fjernet', 'FEILET', '{}', 'test')", seq);
        String id = UUID.randomUUID().toString();
        jdbc.update("insert into dead_letter (id, kilde, referanse, grunn, payload) values (?::uuid, 'hendelser-levering', ?, 'test', ?)",
                id, seq + "/fjernet", "{}".getBytes(StandardCharsets.UTF_8));
        try {
            assertThat(post("/api/dead-letters/" + id + "/redrive", "").statusCode()).as("refused: no registration").isEqualTo(409);
            assertThat(ider(get("/api/dead-letters"))).as("so it stayed open").contains(id);
            double foer = teller("hendelser-levering");

            HttpResponse<String> svar = avslutt(id, "{\"begrunnelse\":\"fagsystemet er lagt ned for godt\"}");

            assertThat(svar.statusCode()).as(svar.body()).isEqualTo(200);
            assertThat(JSON.readTree(svar.body()).has("mottakerbrevId")).as("no letter to end").isFalse();
            assertThat(ider(get("/api/dead-letters"))).doesNotContain(id);
            assertThat(finn(get("/api/dead-letters?status=avsluttet"), id).path("begrunnelse").asText()).isEqualTo("fagsystemet er lagt ned for godt");
            assertThat(ider(get("/api/dead-letters?status=redrevet"))).doesNotContain(id);
            assertThat(teller("hendelser-levering") - foer).isEqualTo(1.0);

            HttpResponse<String> redrive = post("/api/dead-letters/" + id + "/redrive?tross-nyere=true", "");
            assertThat(redrive.statusCode()).isEqualTo(409);
            assertThat(redrive.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(JSON.readTree(redrive.body()).path("type").asText()).isEqualTo("urn:kommune-esb:problem:avsluttet");
            assertThat(jdbc.queryForObject("select status from levering where sekvensnummer = ? and fagsystem = 'fjernet'", String.class, seq))
                    .as("the delivery row says what happened: it failed").isEqualTo("FEILET");

            assertThat(avslutt(id, "{\"begrunnelse\":\"igjen\"}").statusCode()).isEqualTo(409);
            HttpResponse<String> ukjent = avslutt(UUID.randomUUID().toString(), "{\"begrunnelse\":\"finnes ikke\"}");
            assertThat(ukjent.statusCode()).isEqualTo(404);
            assertThat(ukjent.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            assertThat(avslutt("ikke-en-id", "{\"begrunnelse\":\"finnes ikke\"}").statusCode()).isEqualTo(404);
        } finally {
            jdbc.update("delete from levering where sekvensnummer = ?", seq);
            jdbc.update("delete from hendelse where sekvensnummer = ?", seq);
            jdbc.update("delete from dead_letter where id = ?::uuid", id);
        }
    }

    /**
     * {@code esb.deadletter.aapne} counts the open dead letters of every kind, not only letters': an event delivery's dead
     * letter is counted while it is open and no longer once it is closed (before, only its failed delivery was counted, in
     * {@code esb.hendelser.levering.feilet}, which never goes down).
     */
    @Test
    void should_count_an_event_deliverys_open_dead_letter_in_the_open_gauge_until_it_is_closed() throws Exception {
        long seq = jdbc.queryForObject("select nextval('resync_sekvensnummer')", Long.class);
        String id = UUID.randomUUID().toString();
        jdbc.update("insert into dead_letter (id, kilde, referanse, grunn, payload) values (?::uuid, 'hendelser-levering', ?, 'test', ?)",
                id, seq + "/fjernet", "{}".getBytes(StandardCharsets.UTF_8));
        try {
            long aapne = aapneIDatabasen("hendelser-levering");
            assertThat(aapne).as("this one is open").isPositive();
            assertThat(aapneIGaugen("hendelser-levering")).as("counted while open").isEqualTo(aapne);

            assertThat(avslutt(id, "{\"begrunnelse\":\"fagsystemet er lagt ned for godt\"}").statusCode()).isEqualTo(200);

            assertThat(aapneIGaugen("hendelser-levering")).as("no longer counted once closed").isEqualTo(aapne - 1)
                    .isEqualTo(aapneIDatabasen("hendelser-levering"));
        } finally {
            jdbc.update("delete from dead_letter where id = ?::uuid", id);
        }
    }

    @Test
    void should_refuse_to_close_a_redriven_dead_letter() throws Exception {
        String id = UUID.randomUUID().toString();
        jdbc.update("insert into dead_letter (id, kilde, referanse, grunn, redrevet) values (?::uuid, 'ukjent-kilde', 'x', 'test', now())", id);
        try {
            HttpResponse<String> svar = avslutt(id, "{\"begrunnelse\":\"for sent\"}");

            assertThat(svar.statusCode()).isEqualTo(409);
            assertThat(JSON.readTree(svar.body()).path("type").asText()).isEqualTo("urn:kommune-esb:problem:allerede-redrevet");
            assertThat(jdbc.queryForObject("select avsluttet is null from dead_letter where id = ?::uuid", Boolean.class, id)).isTrue();
        } finally {
            jdbc.update("delete from dead_letter where id = ?::uuid", id);
        }
    }

    private long aapneIDatabasen(String kilde) {
        return jdbc.queryForObject("select count(*) from dead_letter where kilde = ? and redrevet is null and avsluttet is null", Long.class, kilde);
    }

    /** The gauge as a scraper reads it ({@code /actuator/prometheus}; the test profile counts anew at every read). */
    private long aapneIGaugen(String kilde) throws Exception {
        return (long) Prometheus.verdi(port, "esb_deadletter_aapne", "kilde=\"" + kilde + "\"");
    }

    private double teller(String kilde) {
        Counter c = metrikker.find(DeadLetterAvslutter.METRIKK).tags("kilde", kilde, "via", "api").counter();
        return c == null ? 0 : c.count();
    }

    /** Stores a received letter as the intake does (tested on its own), in one transaction so no pass claims it half made. */
    private UUID lever(SimPerson p, String referanse) {
        UUID id = UUID.randomUUID();
        new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(tx -> {
            jdbc.update("""
                    insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                    values (?, 'skole', ?, 'Vedtak om skoleskyss', 'FORMELL', false, ?, 'PERSON', 'REST', 'MOTTATT')""", id, referanse, p.id());
            jdbc.update("insert into brev_dokument (brev_id, nr, filnavn, mime_type, innhold) values (?, 0, 'vedtak.pdf', 'application/pdf', ?)", id,
                    TestPdf.gyldig("vedtak"));
            jdbc.update("insert into tidslinje (brev_id, hendelse, detalj) values (?, 'MOTTATT', 'REST')", id);
        });
        return id;
    }

    private List<String> ider(HttpResponse<String> liste) throws Exception {
        assertThat(liste.statusCode()).as(liste.body()).isEqualTo(200);
        List<String> ider = new ArrayList<>();
        JSON.readTree(liste.body()).forEach(d -> ider.add(d.path("id").asText()));
        return ider;
    }

    private JsonNode finn(HttpResponse<String> liste, String id) throws Exception {
        for (JsonNode d : JSON.readTree(liste.body())) {
            if (id.equals(d.path("id").asText())) {
                return d;
            }
        }
        throw new AssertionError("dead letter " + id + " not listed");
    }

    private HttpResponse<String> avslutt(String id, String body) throws Exception {
        return post("/api/dead-letters/" + id + "/avslutt", body);
    }

    private URI uri(String sti) {
        return URI.create("http://localhost:" + port + sti);
    }

    private HttpResponse<String> get(String sti) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(sti)).header("Authorization", "Bearer " + adminToken()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String sti, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(sti)).header("Authorization", "Bearer " + adminToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private void put(String sti, String body) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri(sti)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 204);
    }

    private void delete(String sti) throws Exception {
        http.send(HttpRequest.newBuilder(uri(sti)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }
}
