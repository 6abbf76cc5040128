package no.kommune.esb.benchmark;

import no.kommune.esb.EndToEndTest;
import no.kommune.esb.Prometheus;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import no.kommune.esb.simulator.svarut.SvarUtSimulator;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The letter benchmark's path, small enough for every build ({@link LetterBenchmark} measures it; this only checks
 * it): a few hundred letters handed in through the REST intake as a fagsystem does, then every recipient letter to
 * be sent reaches SvarUt exactly once, with the register calls the issue names. No time is asserted.
 */
class LetterBenchmarkSmokeTest extends EndToEndTest {

    private static final int LETTERS = 300;
    private static final String SEND = "uri=\"/sim/svarut/api/v2/kontoer/{kontoId}/forsendelser\"";

    @Value("${server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    CamelContext camel;
    @Autowired
    SyntheticPopulation population;
    @Autowired
    SvarUtSimulator svarUt;

    private static final String FREG = "uri=\"/sim/folkeregisteret/folkeregisteret/offentlig-med-hjemmel/api/v1/personer/bulkoppslag\"";

    @Test
    void should_send_each_recipient_letter_once_with_one_krr_call_and_at_most_three_folkeregisteret_calls_when_300_letters_come_in_over_rest() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        List<LetterIntakeClient.Letter> letters = letters(run);
        // nothing else in the flow or the event fan-out, so the batch is these letters alone and the calls are theirs
        await().atMost(Duration.ofSeconds(60)).until(() -> open() == 0 && jdbc.queryForObject(
                "select count(*) from hendelse where status = 'NY'", Integer.class) == 0);

        // the routes that may call Folkeregisteret on their own (the feed's events fanned out, triggers, date rules,
        // scheduled extracts, wash files, resync, portfolio) wait while the calls are counted: in the whole suite one
        // of them once made a fourth call in the window (session 24), so only the letter flow's calls are counted
        List<String> paaPause = new ArrayList<>();
        for (String rute : List.of("hendelser-feed", "hendelser-fordeling", "hendelser-resync", "hendelser-portefolje",
                "proaktiv-hendelser", "proaktiv-datoregel", "uttrekk-kjoering", "vask-sftp")) {
            if (camel.getRouteController().getRouteStatus(rute) != null && camel.getRouteController().getRouteStatus(rute).isStarted()) {
                camel.getRouteController().stopRoute(rute);
                paaPause.add(rute);
            }
        }
        LetterIntakeClient.Result handedIn;
        double krr;
        double sends;
        double refused;
        double lookups;
        double fregCalls;
        try {
            camel.getRouteController().stopRoute("forsendelse-behandling");
            double freg;
            try {
                // the benchmark's way: batches of 100 letters through POST /api/forsendelser/bunker
                handedIn = new LetterIntakeClient(port, "skole", MinimalPdf.enSide("Vedtak om skoleskyss"), 100).handIn(letters, 4);
                freg = calls(FREG);
                krr = calls("uri=\"/sim/krr/rest/v1/personer\"");
                sends = calls(SEND, "method=\"POST\"", "outcome=\"SUCCESS\"");
                refused = calls(SEND, "method=\"POST\"", "outcome=\"CLIENT_ERROR\"");
                lookups = calls(SEND, "method=\"GET\"");
            } finally {
                camel.getRouteController().startRoute("forsendelse-behandling");
            }
            assertThat(handedIn.byStatus()).containsExactly(Map.entry(202, (long) LETTERS));
            assertThat(handedIn.requests()).isEqualTo(LETTERS / 100);
            await().atMost(Duration.ofMinutes(2)).until(() -> open() == 0);
            fregCalls = calls(FREG) - freg;
        } finally {
            for (String rute : paaPause) {
                camel.getRouteController().startRoute(rute);
            }
        }

        List<Map<String, Object>> rows = jdbc.queryForList("""
                select m.id, m.status, m.svarut_id from mottakerbrev m join brev b on b.id = m.brev_id
                 where b.ekstern_referanse like ?""", "smoke-" + run + "-%");
        List<String> sent = rows.stream().filter(r -> r.get("svarut_id") != null).map(r -> r.get("id").toString()).toList();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(LETTERS - 10);
        assertThat(sent).isNotEmpty();
        // SvarUt's eksternReferanse is the recipient letter's id: each sent one arrived once, and nothing else was sent
        Map<String, Long> arrived = svarUt.alle().stream().map(SvarUtSimulator.LagretForsendelse::eksternReferanse)
                .filter(sent::contains).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(arrived).hasSize(sent.size());
        assertThat(arrived.values()).containsOnly(1L);
        // taken sends only: a token another test revoked (the token-step outage tests) or one expired on the way is
        // refused (401, nothing taken), and the send is made again with a new token
        assertThat(calls(SEND, "method=\"POST\"", "outcome=\"SUCCESS\"") - sends).isEqualTo(sent.size());
        // first attempts skip the look-up by eksternReferanse; only an attempt after a refused one makes it
        assertThat(calls(SEND, "method=\"GET\"") - lookups).isLessThanOrEqualTo(calls(SEND, "method=\"POST\"", "outcome=\"CLIENT_ERROR\"") - refused);
        // one batch: one KRR call; Folkeregisteret for the recipients, the parents outside the batch, the grading check
        assertThat(calls("uri=\"/sim/krr/rest/v1/personer\"") - krr).isEqualTo(1);
        assertThat(fregCalls).isBetween(1.0, 3.0);
    }

    /** Letters to persons of the population's last quarter (the other end-to-end tests change persons at its start). */
    private List<LetterIntakeClient.Letter> letters(String run) {
        return population.read(() -> {
            List<LetterIntakeClient.Letter> list = new ArrayList<>();
            int first = population.size() * 3 / 4;
            for (int i = 0; i < LETTERS; i++) {
                SimPerson p = population.person(first + i);
                boolean barn = p.status() != SimPerson.Status.DOED
                        && Period.between(p.foedselsdato(), population.today()).getYears() < 18;
                list.add(new LetterIntakeClient.Letter("smoke-" + run + "-" + i, p.id(), barn));
            }
            return list;
        });
    }


    private int open() {
        return jdbc.queryForObject("""
                select (select count(*) from brev where status in ('MOTTATT', 'BEHANDLES', 'VENTER'))
                     + (select count(*) from mottakerbrev where status = 'KLAR_FOR_SENDING')""", Integer.class);
    }

    /** Requests the simulators answered so far, by Spring MVC's request metric. */
    private double calls(String... labels) throws Exception {
        return Prometheus.verdi(port, "http_server_requests_seconds_count", labels);
    }
}
