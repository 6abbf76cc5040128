package no.kommune.esb.paalitelighet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R2 storm (issue 15): for the whole run SvarUt answers 30 % of all calls with 503 and loses 5 % of the send answers
 * after it has stored the letter. No letter may be lost or sent twice; attempts stay within the policy
 * ({@code forsendelse.behandling.max-forsoek}, backoff from {@code foerste-vent} doubling up to
 * {@code platform.register-vent.maks}); a recipient letter becomes a dead letter only after its last attempt, with its
 * payload, and every dead letter is redriven through the API once the storm is over and then sent once.
 */
@Tag("reliability")
class R2StormTest {

    private static final String PREFIKS = "R2";
    private static final int MAKS_FORSOEK = 6;

    @Test
    void should_lose_no_letter_send_none_twice_and_dead_letter_only_after_the_last_attempt_when_svarut_fails_for_the_whole_run() throws Exception {
        int n = Integer.getInteger("reliability.letters", 10_000);
        Map<String, Object> parametre = new LinkedHashMap<>();
        parametre.put("letters", n);
        parametre.put("svarutErrorRate", 0.30);
        parametre.put("svarutErrorStatus", 503);
        parametre.put("svarutLostAnswerRateOnSend", 0.05);
        parametre.put("forsendelse.behandling.max-forsoek", MAKS_FORSOEK);
        parametre.put("backoff", "foerste-vent PT0.5S doubling up to platform.register-vent.maks PT2S, 20 % spread (test profile)");
        try (Miljoe miljoe = new Miljoe("r2", n)) {
            Plattform a = miljoe.plattform("a", Map.of());
            Telling telling = new Telling(miljoe, PREFIKS);
            miljoe.put("/sim/admin/faults/svarut/*", Map.of("errorRate", 0.30, "errorStatus", 503, "lostAnswerRate", 0.05));
            long start = System.nanoTime();
            Map<String, Object> tall;
            try (Innlevering inn = new Innlevering(miljoe, () -> a.port, 4)) {
                inn.leverAlle(PREFIKS, miljoe.personer(n), n);
                inn.ferdig(Duration.ofMinutes(30));
                Miljoe.ventTil("every letter final in the storm", Duration.ofMinutes(30), () -> telling.aapne() == 0);
                tall = telling.slutt(inn.godtatt);
                tall.put("wallSecondsInStorm", Math.round((System.nanoTime() - start) / 1e8) / 10.0);

                Map<String, Object> dl = deadLetters(miljoe, telling);
                tall.putAll(dl);

                // the storm is over: every dead letter goes back through the API and must then be sent once
                miljoe.delete("/sim/admin/faults");
                String admin = miljoe.token("integrasjon");
                HttpClient http = HttpClient.newHttpClient();
                // every page first (1,000 a page, the next one named by the Link header), then the redrives: a redriven one
                // leaves the open list and would move the pages under a reader still turning them
                List<JsonNode> liste = new java.util.ArrayList<>();
                for (String sti = "/api/dead-letters"; sti != null; ) {
                    HttpResponse<String> side = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + a.port + sti))
                            .header("Authorization", "Bearer " + admin).GET().build(), HttpResponse.BodyHandlers.ofString());
                    Miljoe.JSON.readTree(side.body()).forEach(liste::add);
                    sti = side.headers().firstValue("Link").map(l -> l.substring(l.indexOf('<') + 1, l.indexOf('>'))).orElse(null);
                }
                Set<String> mine = telling.mottakerbrevIder();
                int redrevet = 0;
                int redriveFeil = 0;
                for (JsonNode d : liste) {
                    if (!"forsendelse-send".equals(d.path("kilde").asText()) || !mine.contains(d.path("referanse").asText())) {
                        continue;
                    }
                    int s = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + a.port + "/api/dead-letters/" + d.path("id").asText() + "/redrive"))
                            .header("Authorization", "Bearer " + admin).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode();
                    if (s == 200) {
                        redrevet++;
                    } else {
                        redriveFeil++;
                    }
                }
                tall.put("deadLettersRedriven", redrevet);
                tall.put("deadLetterRedriveRefused", redriveFeil);
                Miljoe.ventTil("redriven letters sent", Duration.ofMinutes(10), () -> telling.aapne() == 0);
                Map<String, Object> etter = telling.slutt(inn.godtatt);
                tall.put("afterRedrive", Map.of("lost", etter.get("lost"), "duplicatesAtSvarUt", etter.get("duplicatesAtSvarUt"),
                        "deadLetters", etter.get("deadLetters"), "recipientLetterStates", etter.get("recipientLetterStates")));
                tall.put("intakeRetries", inn.nyeForsoek.get());
                tall.put("intakeRefused", inn.avvist.get());
                tall.put("intakeRefusedByStatus", new java.util.TreeMap<>(inn.avvistEtterStatus));
                @SuppressWarnings("unchecked")
                Map<String, Object> etterRedrive = (Map<String, Object>) tall.get("afterRedrive");
                boolean bestaatt = (long) tall.get("lost") == 0 && (long) tall.get("duplicatesAtSvarUt") == 0
                        && (long) tall.get("maxSendAttempts") <= MAKS_FORSOEK && (long) tall.get("deadLettersBeforeLastAttempt") == 0
                        && (long) tall.get("deadLettersWithoutPayload") == 0 && redriveFeil == 0
                        && (long) etterRedrive.get("lost") == 0 && (long) etterRedrive.get("duplicatesAtSvarUt") == 0
                        && (long) etterRedrive.get("deadLetters") == 0 && (int) tall.get("acceptedByIntake") == n;
                Rapport.leggTil("R2 storm", parametre, tall, bestaatt);

                assertThat(tall.get("acceptedByIntake")).isEqualTo(n);
                assertThat(tall.get("lost")).isEqualTo(0L);
                assertThat(tall.get("duplicatesAtSvarUt")).isEqualTo(0L);
                assertThat((long) tall.get("maxSendAttempts")).isLessThanOrEqualTo(MAKS_FORSOEK);
                assertThat(tall.get("deadLettersBeforeLastAttempt")).isEqualTo(0L);
                assertThat(tall.get("deadLettersWithoutPayload")).isEqualTo(0L);
                assertThat(redriveFeil).isZero();
                assertThat(etterRedrive.get("lost")).isEqualTo(0L);
                assertThat(etterRedrive.get("duplicatesAtSvarUt")).isEqualTo(0L);
                assertThat(etterRedrive.get("deadLetters")).isEqualTo(0L);
            }
        }
    }

    /** Dead letters of the scenario: how many, whether any came before the last attempt, whether each kept its payload. */
    private static Map<String, Object> deadLetters(Miljoe miljoe, Telling telling) throws Exception {
        Map<String, Object> t = new LinkedHashMap<>();
        try (Connection c = miljoe.db(); PreparedStatement ps = c.prepareStatement("""
                select count(*) filter (where m.forsoek < ?),
                       count(*) filter (where d.id is null or d.payload is null or length(d.payload) = 0)
                  from mottakerbrev m join brev b on b.id = m.brev_id
                  left join dead_letter d on d.kilde = 'forsendelse-send' and d.referanse = m.id::text
                 where b.ekstern_referanse like ? and m.status = 'DEAD_LETTER'""")) {
            ps.setInt(1, MAKS_FORSOEK);
            ps.setString(2, PREFIKS + "-%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                t.put("deadLettersBeforeLastAttempt", rs.getLong(1));
                t.put("deadLettersWithoutPayload", rs.getLong(2));
            }
        }
        // recipient letters whose attempts were spent while SvarUt might hold them: looked up instead of dead-lettered
        try (Connection c = miljoe.db(); PreparedStatement ps = c.prepareStatement("""
                select m.status, count(*) from mottakerbrev m join brev b on b.id = m.brev_id
                 where b.ekstern_referanse like ?
                   and exists (select 1 from tidslinje t where t.mottakerbrev_id = m.id and t.hendelse = 'AVKLARES')
                 group by m.status""")) {
            ps.setString(1, PREFIKS + "-%");
            Map<String, Long> avklart = new java.util.TreeMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    avklart.put(rs.getString(1), rs.getLong(2));
                }
            }
            t.put("lookedUpAfterLastAttemptByEndState", avklart);
        }
        try (Connection c = miljoe.db(); PreparedStatement ps = c.prepareStatement("""
                select coalesce(sum(m.forsoek), 0), count(*) from mottakerbrev m join brev b on b.id = m.brev_id
                 where b.ekstern_referanse like ? and m.svarut_id is not null""")) {
            ps.setString(1, PREFIKS + "-%");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                t.put("sendAttemptsOfSentRecipientLetters", rs.getLong(1));
                t.put("sentRecipientLetters", rs.getLong(2));
            }
        }
        return t;
    }
}
