package no.kommune.esb.paalitelighet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * R4 two instances (issue 15): instances a and b on the same PostgreSQL, Artemis and Kafka share the letters (both
 * take hand-ins) and the register events. First the instance holding a letter batch is killed (a batch in its look-ups
 * is seen, a is killed; when b held it, a is started and the kill repeated, at most three times), then the instance
 * reading the Folkeregisteret feed (seen holding the feed's advisory lock in {@code pg_locks}). The survivor must take
 * over — the letters after {@code forsendelse.behandling.gjenoppta-etter} (30 s here), the feed at its next read — and
 * nothing may be processed twice: no letter twice at SvarUt; each event once per fagsystem in {@code levering}, and at
 * the child-welfare webhook duplicates only as documented (a crash between sending and marking it delivered), each
 * carrying its sequence number as key.
 */
@Tag("reliability")
class R4ToInstanserTest {

    private static final String PREFIKS = "R4";

    @Test
    void should_take_over_the_batch_and_the_feed_of_a_killed_instance_and_process_nothing_twice() throws Exception {
        int n = Integer.getInteger("reliability.letters", 10_000);
        Map<String, Object> parametre = new LinkedHashMap<>();
        parametre.put("letters", n);
        parametre.put("instances", 2);
        parametre.put("forsendelse.behandling.gjenoppta-etter", "PT30S");
        parametre.put("hendelser.feed.period", "500 ms (test profile)");
        try (Miljoe miljoe = new Miljoe("r4", n)) {
            Plattform a = miljoe.plattform("a", Map.of("spring.datasource.hikari.data-source-properties.ApplicationName", "esb-a"));
            Plattform b = miljoe.plattform("b", Map.of("spring.datasource.hikari.data-source-properties.ApplicationName", "esb-b"));
            Map<String, Plattform> etterNavn = Map.of("esb-a", a, "esb-b", b);
            Telling telling = new Telling(miljoe, PREFIKS);
            List<Long> hendelser = new ArrayList<>();
            Map<String, Object> tall = new LinkedHashMap<>();
            AtomicInteger tur = new AtomicInteger();
            try (Innlevering inn = new Innlevering(miljoe, () -> {
                // round robin over the live instances, as a load balancer would
                Plattform p = tur.getAndIncrement() % 2 == 0 ? a : b;
                return p.lever() ? p.port : (p == a ? b : a).port;
            }, 4)) {
                inn.leverAlle(PREFIKS, miljoe.personer(n), n);
                hendelser.addAll(hendelser(miljoe, 20));

                // 1 the instance holding a letter batch
                List<Map<String, Object>> batchDrap = new ArrayList<>();
                Double batchOvertatt = null;
                List<String> personer = miljoe.personer(n);
                for (int forsoek = 1; forsoek <= 3 && batchOvertatt == null; forsoek++) {
                    if (forsoek > 1) {
                        // the surviving instance may have finished every letter meanwhile: more work for the next batch
                        for (int i = 0; i < Math.max(50, n / 4); i++) {
                            inn.lever(PREFIKS + "-ekstra" + forsoek + "-" + i, personer.get(i % personer.size()));
                        }
                    }
                    Miljoe.ventTil("a batch in its look-ups", Duration.ofMinutes(20), () -> telling.iOppslag() > 0);
                    Set<String> iArbeid = iBehandling(miljoe);
                    long t0 = System.nanoTime();
                    a.drep();
                    Map<String, Object> d = new LinkedHashMap<>();
                    d.put("attempt", forsoek);
                    d.put("lettersInProcessingAtKill", iArbeid.size());
                    // the survivor's own batch finishes within seconds; letters still in BEHANDLES after 10 s were a's
                    Thread.sleep(10_000);
                    iArbeid.retainAll(iBehandling(miljoe));
                    d.put("leftInProcessingByKilledInstance", iArbeid.size());
                    if (!iArbeid.isEmpty()) {
                        Miljoe.ventTil("b takes over a's batch", Duration.ofMinutes(10), () -> {
                            Set<String> fortsatt = new HashSet<>(iArbeid);
                            fortsatt.retainAll(iBehandling(miljoe));
                            return fortsatt.isEmpty();
                        });
                        batchOvertatt = Math.round((System.nanoTime() - t0) / 1e8) / 10.0;
                        d.put("takeoverSeconds", batchOvertatt);
                    }
                    batchDrap.add(d);
                    d.put("restartSeconds", Math.round(a.start() * 10) / 10.0);
                }
                tall.put("batchKills", batchDrap);
                tall.put("batchTakeoverSeconds", batchOvertatt);

                // 2 the instance reading the feed: events keep the reader busy while the lock is watched
                hendelser.addAll(hendelser(miljoe, 20));
                String leser = feedLeser(miljoe);
                Plattform drept = etterNavn.get(leser);
                long t0 = System.nanoTime();
                drept.drep();
                List<Long> etter = hendelser(miljoe, 5);
                hendelser.addAll(etter);
                long sist = etter.stream().mapToLong(Long::longValue).max().orElseThrow();
                Miljoe.ventTil("the survivor reads the feed", Duration.ofMinutes(10), () -> feedPosisjon(miljoe) > sist);
                double feedOvertatt = Math.round((System.nanoTime() - t0) / 1e8) / 10.0;
                tall.put("feedReaderKilled", leser);
                tall.put("feedTakeoverSeconds", feedOvertatt);
                tall.put("feedReaderRestartSeconds", Math.round(drept.start() * 10) / 10.0);
                hendelser.addAll(hendelser(miljoe, 20));

                inn.ferdig(Duration.ofMinutes(30));
                Miljoe.ventTil("every letter final", Duration.ofMinutes(20), () -> telling.aapne() == 0);
                tall.putAll(telling.slutt(inn.godtatt));
                tall.put("intakeRetries", inn.nyeForsoek.get());
                tall.put("intakeRefused", inn.avvist.get());
                tall.put("intakeRefusedByStatus", new java.util.TreeMap<>(inn.avvistEtterStatus));
            }
            long hoeyeste = hendelser.stream().mapToLong(Long::longValue).max().orElseThrow();
            Miljoe.ventTil("every event read and delivered", Duration.ofMinutes(10), () -> feedPosisjon(miljoe) > hoeyeste && leveringerSomVenter(miljoe) == 0);
            tall.putAll(leveringer(miljoe, hendelser));

            boolean bestaatt = (long) tall.get("lost") == 0 && (long) tall.get("duplicatesAtSvarUt") == 0
                    && tall.get("batchTakeoverSeconds") != null
                    && (long) tall.get("eventsLost") == 0 && (long) tall.get("eventDeliveriesLost") == 0
                    && (long) tall.get("eventDuplicatesWithoutSequenceNumber") == 0 && (long) tall.get("acceptedButNotInDatabase") == 0;
            Rapport.leggTil("R4 two instances", parametre, tall, bestaatt);

            assertThat(tall.get("acceptedButNotInDatabase")).isEqualTo(0L);
            assertThat(tall.get("lost")).isEqualTo(0L);
            assertThat(tall.get("duplicatesAtSvarUt")).isEqualTo(0L);
            assertThat(tall.get("batchTakeoverSeconds")).as("a batch held by the killed instance was seen and taken over").isNotNull();
            assertThat(tall.get("eventsLost")).isEqualTo(0L);
            assertThat(tall.get("eventDeliveriesLost")).isEqualTo(0L);
            assertThat(tall.get("eventDuplicatesWithoutSequenceNumber")).isEqualTo(0L);
        }
    }

    /** {@code antall} births in the simulated register (each gives several feed events); their sequence numbers. */
    private static List<Long> hendelser(Miljoe miljoe, int antall) throws Exception {
        List<Long> seq = new ArrayList<>();
        String body = "{\"kind\":\"FOEDSEL\",\"antall\":" + antall + "}";
        var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + miljoe.webPort + "/sim/admin/folkeregisteret/hendelser"))
                .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        Miljoe.JSON.readTree(r.body()).path("sekvensnumre").forEach(s -> seq.add(s.asLong()));
        return seq;
    }

    private static Set<String> iBehandling(Miljoe miljoe) throws SQLException {
        Set<String> ider = new HashSet<>();
        try (Connection c = miljoe.db(); PreparedStatement ps = c.prepareStatement(
                "select id::text from brev where ekstern_referanse like ? and status = 'BEHANDLES'")) {
            ps.setString(1, PREFIKS + "-%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ider.add(rs.getString(1));
                }
            }
        }
        return ider;
    }

    /** The application name of the instance seen holding the feed's advisory lock ({@code PlatformLock}, key {@code Laasnoekkel.av}). */
    private static String feedLeser(Miljoe miljoe) throws Exception {
        long noekkel = no.kommune.esb.platform.Laasnoekkel.av(no.kommune.esb.platform.Laasnoekkel.Slag.JOBB, "hendelser-feed");
        long slutt = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        try (Connection c = miljoe.db(); PreparedStatement ps = c.prepareStatement("""
                select a.application_name from pg_locks l join pg_stat_activity a on a.pid = l.pid
                 where l.locktype = 'advisory' and l.granted and l.objid = ?::bigint::oid and l.classid = ?::bigint::oid""")) {
            ps.setLong(1, noekkel & 0xFFFFFFFFL);
            ps.setLong(2, (noekkel >>> 32) & 0xFFFFFFFFL);
            while (System.nanoTime() < slutt) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return rs.getString(1);
                    }
                }
                Thread.sleep(10);
            }
        }
        throw new IllegalStateException("no instance was seen reading the feed within 5 minutes");
    }

    private static long feedPosisjon(Miljoe miljoe) throws SQLException {
        try (Connection c = miljoe.db(); PreparedStatement ps = c.prepareStatement(
                "select coalesce(max(neste_sekvensnummer), 0) from feed_posisjon where feed = 'folkeregisteret'");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long leveringerSomVenter(Miljoe miljoe) throws SQLException {
        try (Connection c = miljoe.db(); PreparedStatement ps = c.prepareStatement(
                // child welfare's webhook only: skole and others deliver on a daily schedule (config/fagsystemer)
                "select (select count(*) from levering where status = 'VENTER' and fagsystem = 'barnevern') + (select count(*) from hendelse where status = 'NY')");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Events generated vs stored, and the child-welfare webhook's deliveries vs what the platform marked delivered. */
    private static Map<String, Object> leveringer(Miljoe miljoe, List<Long> generert) throws Exception {
        Map<String, Object> t = new LinkedHashMap<>();
        Set<Long> lagret = new HashSet<>();
        Set<Long> levertTilBarnevern = new HashSet<>();
        Map<String, Long> leveringStatus = new LinkedHashMap<>();
        try (Connection c = miljoe.db()) {
            try (PreparedStatement ps = c.prepareStatement("select sekvensnummer from hendelse"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lagret.add(rs.getLong(1));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select sekvensnummer, fagsystem, status from levering"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    leveringStatus.merge(rs.getString(2) + ":" + rs.getString(3), 1L, Long::sum);
                    if ("barnevern".equals(rs.getString(2)) && "LEVERT".equals(rs.getString(3))) {
                        levertTilBarnevern.add(rs.getLong(1));
                    }
                }
            }
        }
        Map<Long, Integer> mottatt = new HashMap<>();
        long utenSekvens = 0;
        for (JsonNode m : miljoe.getJson("/sim/fagsystem/barnevern/hendelser")) {
            String s = m.path("sekvensnummer").asText(null);
            if (s == null || s.isBlank()) {
                utenSekvens++;
                continue;
            }
            mottatt.merge(Long.parseLong(s), 1, Integer::sum);
        }
        long duplikater = mottatt.values().stream().mapToLong(v -> v - 1).sum();
        t.put("eventsGenerated", generert.size());
        t.put("eventsLost", generert.stream().filter(s -> !lagret.contains(s)).count());
        t.put("eventDeliveryStates", leveringStatus);
        t.put("eventDeliveriesToWebhookMarkedDelivered", levertTilBarnevern.size());
        t.put("eventDeliveriesLost", levertTilBarnevern.stream().filter(s -> !mottatt.containsKey(s)).count());
        t.put("eventDuplicatesAtWebhook", duplikater);
        t.put("eventDuplicatesWithoutSequenceNumber", utenSekvens);
        return t;
    }
}
