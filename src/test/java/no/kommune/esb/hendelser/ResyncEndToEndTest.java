package no.kommune.esb.hendelser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.hendelser.flyt.HendelseLeverer;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The feed answers 406 (position older than the register keeps): the platform raises an alarm, runs the resync
 * through a tailored extract, hands every resident to the fagsystems as a 'resync' event and resumes the feed.
 * Its own application context with a small population, so the resync's fan-out stays small; closed after the class,
 * so its second platform (timers, brokers, database) does not run beside the shared one for the rest of the test run.
 */
@TestPropertySource(properties = "simulator.population.size=300")
@DirtiesContext
class ResyncEndToEndTest extends EndToEndTest {

    @Value("${server.port}")
    int port;
    @Value("${platform.sftp.root}")
    String sftpRot;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SyntheticPopulation population;
    @Autowired
    CamelContext camel;
    @Autowired
    HendelseLeverer leverer;

    private final ObjectMapper json = new ObjectMapper();

    /**
     * Also the order of a person's deliveries: a child's move, read before the 406, waits for the school's daily file;
     * the resync then adds the child's current state. The file must give the move first and the state last. Before, the
     * rows went in sequence-number order and the resync's is negative: the state first, then the older move, and the
     * school was left holding the older state. The same across a change of identity number made while the feed was
     * behind (the change event is one the resync skips): a row under a D-nummer waits out its retry at barnevern, the
     * register replaces the D-nummer by a fødselsnummer, and the resync finds the person under the new number only. The
     * resync row under the new number waits behind the D-nummer's row, the two numbers stored as one person's. Before,
     * the resync learnt no link and that row went at once, the older state landing after it. The D-nummer's row is made
     * as a row of the person's from before stands (its place in the feed after the move, barnevern's document of it).
     * A second person's D-nummer is replaced too, with no row waiting at the resync (their event under it went to no
     * fagsystem: a D-nummer holder lives in no kommune's population), so the resync links nothing for them. The
     * operator later replays that event to barnevern, which takes the person now; the replay's look-up (the register
     * answers the D-nummer under the fødselsnummer) links the numbers, so while the replayed row waits out a retry, the
     * person's later row under the fødselsnummer waits behind it and goes after it. Before, the replay stored no link
     * and the later row went at once, the older state landing after it.
     */
    @Test
    void should_resync_through_an_extract_and_resume_the_feed_after_a_406_and_send_each_persons_state_after_their_older_waiting_rows() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> !jdbc.queryForList("select 1 from feed_posisjon", Integer.class).isEmpty());
        SimPerson barn = barnHjemmeHosMor();
        JsonNode endring = json.readTree(send("POST", "/sim/admin/folkeregisteret/hendelser",
                "{\"kind\":\"FLYTTING_INNEN_KOMMUNE\",\"person\":\"" + population.person(barn.motherIndex()).id() + "\"}"));
        long flytting = seqFor(endring, barn.id());
        await().atMost(Duration.ofSeconds(40)).until(() -> count("select count(*) from levering where fagsystem = 'skole' and status = 'VENTER'"
                + " and sekvensnummer = " + flytting) == 1);
        await().atMost(Duration.ofSeconds(40)).until(() -> count("select count(*) from levering where fagsystem = 'barnevern' and status = 'LEVERT'"
                + " and sekvensnummer = " + flytting) == 1);
        List<SimPerson> dnumre = population.select(p -> p.isDnummer() && p.status() != SimPerson.Status.DOED && p.addressIndex() >= 0
                && population.address(p.addressIndex()).kommunenummer().equals(population.homeKommune()));
        String dnummer = dnumre.get(0).id();
        // the second person's event under the D-nummer before the feed falls behind (an unchanged grading: a D-nummer
        // holder has an oppholdsadresse, so no move, and is in no kommune population: no fagsystem's row under it waits)
        String dnummer2 = dnumre.stream().map(SimPerson::id).filter(id -> !id.equals(dnummer)).reduce((a, b) -> b).orElseThrow();
        long gradering2 = seqFor(json.readTree(send("POST", "/sim/admin/folkeregisteret/hendelser",
                "{\"kind\":\"ADRESSEBESKYTTELSE\",\"person\":\"" + dnummer2 + "\",\"param\":\"ugradert\"}")), dnummer2);
        await().atMost(Duration.ofSeconds(40)).until(() -> count("select count(*) from hendelse where status = 'FORDELT' and sekvensnummer = "
                + gradering2) == 1);
        long gammel = jdbc.queryForObject("select nextval('resync_sekvensnummer')", Long.class);
        jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype, status, rekkefoelge) values (?, ?, 'endringIBostedsadresse', 'FORDELT', ?)",
                gammel, dnummer, flytting + 1);
        jdbc.update("""
                insert into levering (sekvensnummer, fagsystem, status, dokument, forsoek, neste_forsoek, rekkefoelge)
                select ?, 'barnevern', 'VENTER', dokument, 1, now() + interval '1 hour', ? from levering
                 where sekvensnummer = ? and fagsystem = 'barnevern' and melding = ''""", gammel, flytting + 1, flytting);
        // the resync waits until the number has changed behind the feed's back
        camel.getRouteController().stopRoute("hendelser-resync");
        String foedselsnummer;
        String foedselsnummer2;
        try {
            // the register no longer keeps our position
            send("PUT", "/sim/admin/faults/folkeregisteret/feed", "{\"errorRate\":1.0,\"errorStatus\":406}");
            try {
                await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from alarm where kilde = 'hendelser-feed'") > 0);
            } finally {
                send("DELETE", "/sim/admin/faults/folkeregisteret/feed", null);
            }
            foedselsnummer = json.readTree(send("POST", "/sim/admin/folkeregisteret/hendelser",
                    "{\"kind\":\"NYTT_FOEDSELSNUMMER\",\"person\":\"" + dnummer + "\"}")).path("personer").get(0).asText();
            foedselsnummer2 = json.readTree(send("POST", "/sim/admin/folkeregisteret/hendelser",
                    "{\"kind\":\"NYTT_FOEDSELSNUMMER\",\"person\":\"" + dnummer2 + "\"}")).path("personer").get(0).asText();
        } finally {
            camel.getRouteController().startRoute("hendelser-resync");
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> count("select count(*) from resync where status = 'FERDIG'") == 1);

        Map<String, Object> resync = jdbc.queryForMap("select personer, fra_sekvensnummer from resync");
        long personer = ((Number) resync.get("personer")).longValue();
        assertThat(personer).isPositive();
        assertThat(count("select count(*) from hendelse where hendelsetype = 'resync'")).isEqualTo(personer);
        // the feed resumes where the register was when the resync started, and the alarm is closed
        Map<String, Object> pos = jdbc.queryForMap("select neste_sekvensnummer, etag from feed_posisjon");
        assertThat(((Number) pos.get("neste_sekvensnummer")).longValue()).isGreaterThanOrEqualTo(((Number) resync.get("fra_sekvensnummer")).longValue());
        assertThat(pos.get("etag")).isNotEqualTo("RESYNC");
        assertThat(count("select count(*) from alarm where kvittert is null")).isZero();
        // the residents reach a fagsystem that follows the kommune
        await().atMost(Duration.ofSeconds(60)).until(() -> count("""
                select count(*) from levering l join hendelse h on h.sekvensnummer = l.sekvensnummer
                 where h.hendelsetype = 'resync' and l.fagsystem = 'eiendomsskatt' and l.status = 'LEVERT'""") > 0);

        // the child's resync row waits for the school's file beside the move
        await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject("""
                select count(*) from levering l join hendelse h on h.sekvensnummer = l.sekvensnummer
                 where h.hendelsetype = 'resync' and h.identifikator = ? and l.fagsystem = 'skole' and l.status = 'VENTER'""",
                Long.class, barn.id()) == 1);
        send("POST", "/api/fagsystemer/skole/lever-naa", "");
        List<Long> barnetsRader = skolefil(flytting).lines().filter(l -> l.contains(barn.id()))
                .map(l -> Long.parseLong(l.substring(0, l.indexOf(';')))).distinct().toList();
        assertThat(barnetsRader).as("the move first, the child's current state last").hasSize(2).first().isEqualTo(flytting);
        assertThat(barnetsRader.get(1)).as("the resync row").isNegative();

        // the person whose number changed behind the feed's back: the resync row under the new number waits, untouched,
        // once barnevern's other resync rows have gone
        long ny = jdbc.queryForObject("select sekvensnummer from hendelse where hendelsetype = 'resync' and identifikator = ?", Long.class, foedselsnummer);
        await().atMost(Duration.ofSeconds(60)).until(() -> count("""
                select count(*) from levering l join hendelse h on h.sekvensnummer = l.sekvensnummer
                 where h.hendelsetype = 'resync' and l.fagsystem = 'barnevern' and l.status <> 'LEVERT' and l.sekvensnummer <> """ + ny) == 0
                && count("select count(*) from levering where fagsystem = 'barnevern' and sekvensnummer = " + ny) == 1);
        assertThat(jdbc.queryForMap("select status, forsoek from levering where sekvensnummer = ? and fagsystem = 'barnevern'", ny))
                .as("the new number's resync row held behind the D-nummer's row").containsEntry("status", "VENTER").containsEntry("forsoek", 0);
        assertThat(jdbc.queryForObject("select count(distinct person) from personidentitet where identifikator = any(?)", Integer.class,
                (Object) new String[]{dnummer, foedselsnummer})).as("both numbers stored under one key").isEqualTo(1);
        jdbc.update("update levering set neste_forsoek = now() where sekvensnummer = ? and fagsystem = 'barnevern'", gammel);
        await().atMost(Duration.ofSeconds(40)).until(() -> count("select count(*) from levering where fagsystem = 'barnevern' and status = 'LEVERT'"
                + " and sekvensnummer in (" + gammel + ", " + ny + ")") == 2);
        List<Long> mottatt = new java.util.ArrayList<>();
        json.readTree(send("GET", "/sim/fagsystem/barnevern/hendelser", null)).forEach(m -> mottatt.add(m.path("sekvensnummer").asLong()));
        assertThat(mottatt.indexOf(gammel)).as("the D-nummer's older row before the new number's resync row").isNotNegative()
                .isLessThan(mottatt.indexOf(ny));

        // the second person: nothing waited under the D-nummer at the resync, so it linked nothing
        assertThat(count("select count(*) from personidentitet where identifikator = '" + dnummer2 + "'")).as("no link learnt by the resync").isZero();
        camel.getRouteController().stopRoute("hendelser-levering");
        long etter;
        try {
            // the replayed event waits out a retry (its first attempt failed), and the person moves under the new number
            assertThat(json.readTree(send("POST", "/api/fagsystemer/barnevern/replay?fra=" + gradering2 + "&til=" + gradering2, "")).path("antall").asInt())
                    .as("the replay looks the D-nummer up and finds the resident under the new number").isEqualTo(1);
            jdbc.update("update levering set forsoek = 1, neste_forsoek = now() + interval '1 hour' where sekvensnummer = ? and fagsystem = 'barnevern'",
                    gradering2);
            etter = seqFor(json.readTree(send("POST", "/sim/admin/folkeregisteret/hendelser",
                    "{\"kind\":\"FLYTTING_INNEN_KOMMUNE\",\"person\":\"" + foedselsnummer2 + "\"}")), foedselsnummer2);
            await().atMost(Duration.ofSeconds(40)).until(() -> count("select count(*) from levering where fagsystem = 'barnevern' and status = 'VENTER'"
                    + " and sekvensnummer = " + etter) == 1);
            // one delivery round while the replayed row waits: the later row under the new number stays, untouched
            leverer.leverDirekte();
            assertThat(jdbc.queryForMap("select status, forsoek from levering where sekvensnummer = ? and fagsystem = 'barnevern'", etter))
                    .as("the new number's row held behind the replayed D-nummer row").containsEntry("status", "VENTER").containsEntry("forsoek", 0);
            assertThat(jdbc.queryForObject("select count(distinct person) from personidentitet where identifikator = any(?)", Integer.class,
                    (Object) new String[]{dnummer2, foedselsnummer2})).as("both numbers stored under one key by the replay").isEqualTo(1);
            jdbc.update("update levering set neste_forsoek = now() where sekvensnummer = ? and fagsystem = 'barnevern'", gradering2);
        } finally {
            camel.getRouteController().startRoute("hendelser-levering");
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> count("select count(*) from levering where fagsystem = 'barnevern' and status = 'LEVERT'"
                + " and sekvensnummer in (" + gradering2 + ", " + etter + ")") == 2);
        List<Long> mottattEtter = new java.util.ArrayList<>();
        json.readTree(send("GET", "/sim/fagsystem/barnevern/hendelser", null)).forEach(m -> mottattEtter.add(m.path("sekvensnummer").asLong()));
        assertThat(mottattEtter.indexOf(gradering2)).as("the replayed D-nummer row before the new number's later row").isNotNegative()
                .isLessThan(mottattEtter.indexOf(etter));
    }

    /** A child living with the mother in the home kommune, ungraded: the mother's move is the child's event too. */
    private SimPerson barnHjemmeHosMor() {
        return population.findAll(Kind.BARN_FORELDREANSVAR_MOR).stream().filter(c -> {
            if (c.motherIndex() < 0) {
                return false;
            }
            SimPerson mor = population.person(c.motherIndex());
            return mor.addressIndex() == c.addressIndex() && c.addressIndex() >= 0
                    && population.address(c.addressIndex()).kommunenummer().equals(population.homeKommune())
                    && c.graderingCode() == 0 && mor.graderingCode() == 0
                    && c.status() == SimPerson.Status.BOSATT && mor.status() == SimPerson.Status.BOSATT && !mor.hasOppholdsadresseOnly();
        }).findFirst().orElseThrow();
    }

    private static long seqFor(JsonNode endring, String personId) {
        JsonNode personer = endring.path("personer");
        for (int i = 0; i < personer.size(); i++) {
            if (personer.get(i).asText().equals(personId)) {
                return endring.path("sekvensnumre").get(i).asLong();
            }
        }
        throw new AssertionError("the change has no event for the person");
    }

    /**
     * The school's batch file that holds the row of {@code seq} (the CSV's first column), read on the server's disk: not
     * the newest file, since a run at a held row's retry may write another meanwhile (as HendelserEndToEndTest found).
     */
    private String skolefil(long seq) throws Exception {
        List<String> filer = new java.util.ArrayList<>();
        try (Stream<Path> stier = Files.list(Path.of(sftpRot, "skole", "inn"))) {
            for (Path f : stier.filter(f -> f.getFileName().toString().endsWith(".csv")).toList()) {
                String csv = Files.readString(f, StandardCharsets.UTF_8);
                if (csv.lines().anyMatch(l -> l.startsWith(seq + ";"))) {
                    filer.add(csv);
                }
            }
        }
        assertThat(filer).as("one batch file with the row of " + seq).hasSize(1);
        return filer.get(0);
    }

    private long count(String sql) {
        Long n = jdbc.queryForObject(sql, Long.class);
        return n == null ? 0 : n;
    }

    private String send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Content-Type", "application/json");
        if (path.startsWith("/api/")) {
            b.header("Authorization", "Bearer " + adminToken());
        }
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody()) : b.method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isBetween(200, 299);
        return r.body();
    }
}
