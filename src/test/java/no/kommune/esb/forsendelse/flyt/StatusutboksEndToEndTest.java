package no.kommune.esb.forsendelse.flyt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.Koeblokkering;
import no.kommune.esb.Prometheus;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SimPerson;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Status back to the sender through the status outbox (DOMAIN.md rules 4, 6 and 8): sak-arkiv hears about its
 * letters on an HTTP callback, the simulated fagsystem webhook (application-test.yaml), whose outages the simulator's
 * fault injection makes. Each message is checked by its de-duplication key and its number within the recipient letter.
 */
class StatusutboksEndToEndTest extends BrevflytTest {

    @Autowired
    MottakerbrevRepository mottakerbrevRepository;

    private static final String AVSENDER = "sak-arkiv";
    private static final String FEIL = "/sim/admin/faults/fagsystem-sak-arkiv/forsendelsesstatus";
    private static final String BARNEVERN_STATUS = "fagsystem.barnevern.forsendelsesstatus";
    /** Messages left on barnevern's status queue while it is held back (not read before it opens). */
    private static final int ELDRE = 3;
    @Autowired
    Environment env;
    @Autowired
    JmsTemplate jms;
    @Autowired
    StatusJms statusJms;
    private final ObjectMapper json = new ObjectMapper();
    @Autowired
    Statusutboks utboks;
    @Value("${platform.kafka.bootstrap-servers}")
    String kafka;

    @Test
    void should_deliver_every_status_change_exactly_once_and_in_order_when_the_callback_fails_and_comes_back() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 50);
        krr(p, "AKTIV", "NEI", true);
        UUID mottakerbrev;
        put(FEIL, "{\"errorRate\":1.0,\"errorStatus\":500}");
        try {
            UUID brev = lever(p.id(), "FORMELL", false, AVSENDER);
            mottakerbrev = (UUID) enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST").get("id");
            // the letter moves on to its final status while every publication fails
            await().atMost(Duration.ofSeconds(60)).until(() -> status(mottakerbrev), s -> s.equals("LEVERT") || s.equals("LEST"));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "select count(*) from statusutboks where mottakerbrev_id = ? and forsoek >= 2", Integer.class, mottakerbrev) > 0);
            assertThat(jdbc.queryForObject("select count(*) from statusutboks where mottakerbrev_id = ? and publisert is not null",
                    Integer.class, mottakerbrev)).isZero();
            assertThat(jdbc.queryForList("select sist_feil from statusutboks where mottakerbrev_id = ? and forsoek > 0", String.class, mottakerbrev))
                    .allSatisfy(f -> assertThat(f).contains("mottakeren svarte HTTP 500").doesNotContain("lokal-barnevern-token"));
            assertThat(Prometheus.verdi(port, "esb_forsendelse_statusutboks", "tilstand=\"feiler\"")).isGreaterThanOrEqualTo(1);
            assertThat(mottatt(mottakerbrev)).isEmpty();
        } finally {
            delete(FEIL);
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select count(*) from statusutboks where mottakerbrev_id = ? and publisert is null", Integer.class, mottakerbrev) == 0);
        List<Map<String, Object>> utboks = jdbc.queryForList(
                "select id::text as id, sekvens, status from statusutboks where mottakerbrev_id = ? order by sekvens", mottakerbrev);
        List<Mottatt> mottatt = mottatt(mottakerbrev);
        // nothing was stored by the failing callback, so each change arrives once after it is back, in its own order
        assertThat(mottatt).extracting(Mottatt::meldingId).containsExactlyElementsOf(utboks.stream().map(r -> r.get("id").toString()).toList());
        assertThat(mottatt).extracting(m -> m.body().path("sekvens").asInt())
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, utboks.size()).boxed().toList());
        assertThat(mottatt).extracting(m -> m.body().path("status").asText())
                .containsExactlyElementsOf(utboks.stream().map(r -> r.get("status").toString()).toList());
        assertThat(mottatt).allSatisfy(m -> assertThat(m.body().path("meldingId").asText()).isEqualTo(m.meldingId()));
        assertThat(mottatt.get(0).body().path("status").asText()).isEqualTo("SENDT");
        assertThat(mottatt.get(mottatt.size() - 1).body().path("status").asText()).isIn("LEVERT", "LEST");
        assertThat(mottatt).allSatisfy(m -> assertThat(m.body().toString()).doesNotContain(p.id()));
    }

    /**
     * A letter SvarUt no longer knows (status-sok answers without it: lost, deleted) stayed SENDT for ever: asked about
     * every round, its PDFs kept, and the fagsystem never heard its end. Once status-sok has answered without it for
     * forsendelse.status.ukjent-etter it goes to manual handling, and the fagsystem hears MANUELL with SVARUT-UKJENT.
     */
    @Test
    void should_hand_a_letter_svarut_no_longer_knows_to_manual_handling_and_tell_the_sender() throws Exception {
        SimPerson p = person(Kind.VANLIG_VOKSEN, 83);
        krr(p, "AKTIV", "NEI", true);
        UUID brev = lever(p.id(), "FORMELL", false, AVSENDER);
        UUID mottakerbrev = (UUID) enesteMottakerbrev(brev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST").get("id");
        // final first, so no status round is under way with the old id when it is replaced
        await().atMost(Duration.ofSeconds(60)).until(() -> status(mottakerbrev), s -> s.equals("LEVERT") || s.equals("LEST"));
        // SvarUt has lost it: back to SENDT under an id status-sok does not know
        jdbc.update("update mottakerbrev set svarut_id = ?, status = 'SENDT', svarut_status = 'MOTTATT' where id = ?", UUID.randomUUID(), mottakerbrev);

        // a round sees it missing; the limit (a day) counts from then, so the test moves that back
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "select svarut_mangler_fra is not null from mottakerbrev where id = ?", Boolean.class, mottakerbrev));
        assertThat(status(mottakerbrev)).isEqualTo("SENDT");
        jdbc.update("update mottakerbrev set svarut_mangler_fra = now() - interval '2 days' where id = ?", mottakerbrev);

        await().atMost(Duration.ofSeconds(30)).until(() -> status(mottakerbrev), "MANUELL"::equals);
        assertThat(jdbc.queryForObject("select manuell_grunn from mottakerbrev where id = ?", String.class, mottakerbrev))
                .contains("SvarUt").doesNotContain(p.id());
        await().atMost(Duration.ofSeconds(30)).until(() -> mottatt(mottakerbrev).stream()
                .anyMatch(m -> m.body().path("status").asText().equals("MANUELL")));
        JsonNode manuell = mottatt(mottakerbrev).stream().filter(m -> m.body().path("status").asText().equals("MANUELL"))
                .findFirst().orElseThrow().body();
        assertThat(manuell.path("aarsak").asText()).isEqualTo("SVARUT-UKJENT");
        assertThat(manuell.toString()).doesNotContain(p.id());
        assertThat(tidslinje(brev)).contains("MANUELL");
    }

    /**
     * barnevern hears about its letters on an Artemis queue; while the broker holds that queue's producers back (full
     * under BLOCK, or short of disk) its status message's send waited without end, and the publication pass with it:
     * no other fagsystem heard about its letters, and the pass's transaction stayed open. The send is now interrupted
     * after forsendelse.status.publisering.tidsgrense (2 s in tests) and counts as failed; the others go on.
     * <p>
     * The queue is opened by lifting its limit while older messages barnevern has not taken yet stay on it (as a
     * fagsystem that reads slowly, or an earlier test's messages). Until session 34 the publisher's cached JMS session
     * then kept waiting for the credits it had asked for while held back, which the broker grants only when messages
     * leave the address: every retry timed out, for as long as those messages stayed (session 33's CI waited 30, then
     * 60 s, and the messages arrived only when another test happened to read the queue). A send that times out now
     * drops the status outbox's JMS connection ({@link StatusJms}), and the next try asks anew.
     */
    @Test
    void should_tell_the_other_senders_while_one_senders_status_queue_holds_the_send_back_and_tell_it_once_it_takes_them_again() throws Exception {
        SimPerson barnevernsMottaker = person(Kind.VANLIG_VOKSEN, 78);
        SimPerson arkivetsMottaker = person(Kind.VANLIG_VOKSEN, 79);
        krr(barnevernsMottaker, "AKTIV", "NEI", true);
        krr(arkivetsMottaker, "AKTIV", "NEI", true);
        UUID barnevernsBrev;
        try {
            for (int i = 0; i < ELDRE; i++) {
                jms.convertAndSend(BARNEVERN_STATUS, "eldre", m -> {
                    m.setStringProperty("esb_test", "eldre");
                    return m;
                });
            }
            try (Koeblokkering blokkert = Koeblokkering.blokker(env, jms, BARNEVERN_STATUS)) {
                // the sessions Camel's JMS producer keeps may hold credits the broker granted for the queue before (an
                // earlier test's status messages), which would let the next sends pass: closed, as after a restart
                statusJms.nullstill();
                barnevernsBrev = lever(barnevernsMottaker.id(), "FORMELL", false, "barnevern");
                UUID barnevernsMottakerbrev = (UUID) enesteMottakerbrev(barnevernsBrev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST").get("id");
                await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                        "select count(*) from statusutboks where mottakerbrev_id = ? and forsoek >= 1 and publisert is null", Integer.class, barnevernsMottakerbrev) > 0);
                assertThat(jdbc.queryForList("select sist_feil from statusutboks where mottakerbrev_id = ? and forsoek > 0", String.class, barnevernsMottakerbrev))
                        .allSatisfy(f -> assertThat(f).startsWith("tidsavbrudd"));

                // sak-arkiv hears about its letter meanwhile
                UUID arkivetsBrev = lever(arkivetsMottaker.id(), "FORMELL", false, AVSENDER);
                UUID arkivetsMottakerbrev = (UUID) enesteMottakerbrev(arkivetsBrev, "SENDT", "AKSEPTERT", "VARSLET", "SENDT_DIGITALT", "LEVERT", "LEST").get("id");
                await().atMost(Duration.ofSeconds(30)).until(() -> !mottatt(arkivetsMottakerbrev).isEmpty());
            }

            // the limit is lifted, the older messages stay: barnevern hears about its letter, each message once, by
            // itself (the next try after one that timed out, a few seconds; 60 s for a loaded machine)
            List<String> utboks = jdbc.queryForList("select u.id::text from statusutboks u join mottakerbrev m on m.id = u.mottakerbrev_id"
                    + " where m.brev_id = ? order by u.sekvens", String.class, barnevernsBrev);
            assertThat(utboks).isNotEmpty();
            jms.setReceiveTimeout(60_000);
            for (String meldingId : utboks) {
                assertThat(jms.receiveSelected(BARNEVERN_STATUS, StatusPublisering.MELDING_ID + " = '" + meldingId + "'"))
                        .as("status message " + meldingId).isNotNull();
            }
            jms.setReceiveTimeout(1000);
            for (String meldingId : utboks) {
                assertThat(jms.receiveSelected(BARNEVERN_STATUS, StatusPublisering.MELDING_ID + " = '" + meldingId + "'"))
                        .as("status message " + meldingId + " a second time").isNull();
            }
        } finally {
            // the older messages taken away again, so other tests find the queue as before
            jms.setReceiveTimeout(2000);
            for (int i = 0; i < ELDRE && jms.receiveSelected(BARNEVERN_STATUS, "esb_test = 'eldre'") != null; i++) {
                // taken
            }
            jms.setReceiveTimeout(1000);
        }
    }

    @Test
    void should_tell_the_sender_that_a_letter_to_a_deceased_person_was_stopped_with_the_reason_code() throws Exception {
        SimPerson p = person(Kind.DOED, 0);

        UUID brev = lever(p.id(), "FORMELL", false, AVSENDER);

        UUID mottakerbrev = (UUID) enesteMottakerbrev(brev, "STOPPET").get("id");
        JsonNode melding = mottattMedSekvens(mottakerbrev, 1);
        assertThat(melding.path("status").asText()).isEqualTo("STOPPET");
        assertThat(melding.path("aarsak").asText()).isEqualTo("R6-DOED");
        assertThat(melding.path("grunn").asText()).isNotBlank();
        assertThat(melding.path("brevId").asText()).isEqualTo(brev.toString());
        assertThat(melding.toString()).doesNotContain(p.id());
    }

    @Test
    void should_tell_the_sender_of_manual_handling_and_then_of_the_caseworkers_resolution() throws Exception {
        SimPerson p = person(Kind.UKJENT_BOSTED, 0);
        krr(p, "AKTIV", "JA", false);

        UUID brev = lever(p.id(), "FORMELL", false, AVSENDER);

        UUID mottakerbrev = (UUID) enesteMottakerbrev(brev, "MANUELL").get("id");
        JsonNode manuell = mottattMedSekvens(mottakerbrev, 1);
        assertThat(manuell.path("status").asText()).isEqualTo("MANUELL");
        assertThat(manuell.path("aarsak").asText()).isEqualTo("R4-UKJENT-ADRESSE");

        HttpResponse<String> loest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/api/manuell/" + mottakerbrev + "/loest")).header("Authorization", "Bearer " + adminToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"loestAv\":\"saksbehandler-7\",\"kommentar\":\"sendt i posten fra servicetorget\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loest.statusCode()).as(loest.body()).isEqualTo(200);

        JsonNode utfall = mottattMedSekvens(mottakerbrev, 2);
        assertThat(utfall.path("status").asText()).isEqualTo("MANUELT_LOEST");
        // who resolved it and the free-text comment stay in the platform's timeline
        assertThat(utfall.toString()).doesNotContain("saksbehandler-7").doesNotContain("servicetorget").doesNotContain(p.id());
        assertThat(mottatt(mottakerbrev)).hasSize(2);
    }

    @Test
    void should_publish_on_the_default_kafka_topic_keyed_by_the_letters_reference_with_the_de_duplication_key_as_header() throws Exception {
        SimPerson p = person(Kind.DOED, 0);

        UUID brev = lever(p.id(), "FORMELL", false, "skole");

        UUID mottakerbrev = (UUID) enesteMottakerbrev(brev, "STOPPET").get("id");
        String referanse = jdbc.queryForObject("select ekstern_referanse from brev where id = ?", String.class, brev);
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "t-" + UUID.randomUUID(), ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of("esb.forsendelse.status.skole"));
            ConsumerRecord<String, String> melding = await().atMost(Duration.ofSeconds(30)).until(() -> StreamSupport.stream(
                    c.poll(Duration.ofMillis(500)).spliterator(), false).filter(r -> referanse.equals(r.key())).findFirst(), Optional::isPresent).orElseThrow();
            assertThat(json.readTree(melding.value()).path("aarsak").asText()).isEqualTo("R6-DOED");
            assertThat(new String(melding.headers().lastHeader(StatusPublisering.MELDING_ID).value(), StandardCharsets.UTF_8))
                    .isEqualTo(Statusutboks.meldingId(mottakerbrev, 1).toString());
            assertThat(new String(melding.headers().lastHeader(StatusPublisering.SEKVENS).value(), StandardCharsets.UTF_8)).isEqualTo("1");
        }
    }

    @Test
    void should_write_a_status_message_only_with_a_committed_change_and_never_outside_a_transaction() {
        UUID brev = behandletBrev("utboks-");
        UUID mottakerbrev = UUID.randomUUID();
        // its recipient letter waits for a caseworker
        jdbc.update("insert into mottakerbrev (id, brev_id, mottaker, kanal, regel, status, manuell_grunn) values (?, ?, '974760673', 'MANUELL', 'R4-IKKE-FUNNET', 'MANUELL', 'test')",
                mottakerbrev, brev);
        TransactionTemplate tx = transaksjon();

        tx.executeWithoutResult(s -> {
            jdbc.update("update mottakerbrev set status = 'MANUELT_LOEST' where id = ?", mottakerbrev);
            utboks.leggInn(mottakerbrev, null, null);
            s.setRollbackOnly();
        });
        assertThat(jdbc.queryForObject("select count(*) from statusutboks where mottakerbrev_id = ?", Integer.class, mottakerbrev)).isZero();
        assertThatThrownBy(() -> utboks.leggInn(mottakerbrev, null, null)).isInstanceOf(IllegalTransactionStateException.class);

        tx.executeWithoutResult(s -> {
            jdbc.update("update mottakerbrev set status = 'MANUELT_LOEST' where id = ?", mottakerbrev);
            utboks.leggInn(mottakerbrev, null, null);
        });
        assertThat(jdbc.queryForList("select sekvens, status from statusutboks where mottakerbrev_id = ?", mottakerbrev))
                .singleElement().isEqualTo(Map.of("sekvens", 1, "status", "MANUELT_LOEST"));
    }

    /** One message as the simulated callback received it: its esbMeldingId header and its JSON body. */
    private record Mottatt(String meldingId, JsonNode body) {
    }

    /** The status messages the callback received for one recipient letter, in arrival order. */
    private List<Mottatt> mottatt(UUID mottakerbrev) throws Exception {
        String liste = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/sim/fagsystem/" + AVSENDER + "/forsendelsesstatus")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        List<Mottatt> funnet = new ArrayList<>();
        for (JsonNode m : json.readTree(liste)) {
            JsonNode body = json.readTree(m.path("body").asText());
            if (body.path("mottakerbrevId").asText().equals(mottakerbrev.toString())) {
                funnet.add(new Mottatt(m.path("meldingId").asText(null), body));
            }
        }
        return funnet;
    }

    /** Waits (30 s at most) for the recipient letter's message with this number and returns its body. */
    private JsonNode mottattMedSekvens(UUID mottakerbrev, int sekvens) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> mottatt(mottakerbrev).stream().anyMatch(m -> m.body().path("sekvens").asInt() == sekvens));
        return mottatt(mottakerbrev).stream().filter(m -> m.body().path("sekvens").asInt() == sekvens).findFirst().orElseThrow().body();
    }

    @Test
    void should_check_a_claimed_messages_order_by_its_own_recipient_letter_not_by_scanning_every_waiting_message() throws Exception {
        // Statistics taken now, while (almost) nothing waits: what made PostgreSQL answer the order check by scanning a
        // partial index of all waiting messages per candidate, 40-85 ms a claim during a burst (docs/benchmarks.md,
        // session 14). The check must be one look-up of the candidate's previous message, whatever the statistics say.
        JsonNode plan = json.readTree(planForKravet());

        List<JsonNode> oppslag = noder(plan).stream().filter(n -> "f".equals(n.path("Alias").asText())).toList();
        assertThat(oppslag).hasSize(1).allSatisfy(n -> {
            assertThat(n.path("Index Name").asText()).isEqualTo("statusutboks_rekkefoelge");
            assertThat(n.path("Index Cond").asText()).contains("mottakerbrev_id = u.mottakerbrev_id").contains("sekvens = (u.sekvens - 1)");
        });
    }

    private static List<JsonNode> noder(JsonNode node) {
        List<JsonNode> alle = new ArrayList<>();
        if (node.isArray()) {
            node.forEach(n -> alle.addAll(noder(n)));
        } else if (node.isObject()) {
            alle.add(node);
            node.forEach(n -> alle.addAll(noder(n)));
        }
        return alle;
    }

    /**
     * The claim's plan (JSON) with the outbox as after a quiet spell: 5,000 published messages of one recipient letter
     * and one waiting, statistics taken then; all in a transaction that is rolled back.
     */
    private String planForKravet() {
        return transaksjon().execute(status -> {
            status.setRollbackOnly();
            UUID brev = behandletBrev("plan-");
            UUID mottakerbrev = UUID.randomUUID();
            jdbc.update("insert into mottakerbrev (id, brev_id, mottaker, kanal, status, forsoek) values (?, ?, '974760673', 'PRINT', 'LEVERT', 1)",
                    mottakerbrev, brev);
            jdbc.update("""
                    insert into statusutboks (id, mottakerbrev_id, sekvens, brev_id, avsender_system, status, melding, publisert)
                    select gen_random_uuid(), ?, g, ?, ?, 'LEVERT', '{}', case when g <= 5000 then now() end
                      from generate_series(1, 5001) g""", mottakerbrev, brev, AVSENDER);
            jdbc.execute("analyze statusutboks");
            jdbc.execute(StatusPublisering.UTEN_TABELLSKANNING);
            // as a pass binds it: due by now, no channel waiting, a batch of 200
            return jdbc.queryForObject("explain (format json) " + StatusPublisering.KRAV, String.class,
                    java.sql.Timestamp.from(java.time.Instant.now()), new String[0], 200);
        });
    }

    /**
     * The SvarUt status round takes the recipient letters asked about longest ago, so letters that stay in one state
     * for long (an organisation that never fetches) cannot fill every round: ordered by their last change alone, the
     * same oldest letters were asked about round after round and a newer letter never again. In a transaction that is
     * rolled back, so the platform's own status round never sees these letters.
     */
    @Test
    void should_ask_svarut_about_every_waiting_recipient_letter_in_turn_however_long_the_oldest_stay_unchanged() {
        transaksjon().executeWithoutResult(status -> {
            status.setRollbackOnly();
            UUID brev = behandletBrev("rotasjon-");
            List<UUID> mottakerbrev = new ArrayList<>();
            for (int aar : new int[]{1999, 2000, 2001}) {
                UUID id = UUID.randomUUID();
                jdbc.update("""
                        insert into mottakerbrev (id, brev_id, mottaker, kanal, status, svarut_id, endret_tid)
                        values (?, ?, '974760673', 'DIGITAL', 'SENDT', ?, make_timestamptz(?, 1, 1, 0, 0, 0))""",
                        id, brev, UUID.randomUUID(), aar);
                mottakerbrev.add(id);
            }

            List<UUID> foerste = mottakerbrevRepository.fulgteISvarUt(2).stream().map(MottakerbrevRepository.Fulgt::id).toList();
            List<UUID> andre = mottakerbrevRepository.fulgteISvarUt(2).stream().map(MottakerbrevRepository.Fulgt::id).toList();

            assertThat(foerste).containsExactly(mottakerbrev.get(0), mottakerbrev.get(1));
            assertThat(andre).as("the letter not asked about yet comes before the two just asked").contains(mottakerbrev.get(2));
        });
    }

    /**
     * SvarUt moves a letter on within one platform status (SENDT_SDP → KLAR_FOR_MOTTAK, both SENDT_DIGITALT): the stored
     * SvarUt status (the letter API's svarutStatus, the console) follows it, with no status message and no timeline row,
     * while a change of platform status is told as before. Until session 30 svarut_status stayed at the first value of
     * the platform status. In a transaction that is rolled back, with SvarUt's answer given by a stub.
     */
    @Test
    @SuppressWarnings("unchecked")
    void should_store_svaruts_new_status_within_one_platform_status_without_telling_the_sender() {
        transaksjon().executeWithoutResult(status -> {
            status.setRollbackOnly();
            UUID brev = behandletBrev("svarutstatus-");
            UUID innenfor = UUID.randomUUID();
            UUID levert = UUID.randomUUID();
            Map<UUID, UUID> svarUtIder = Map.of(innenfor, UUID.randomUUID(), levert, UUID.randomUUID());
            svarUtIder.forEach((id, svarUtId) -> jdbc.update("""
                    insert into mottakerbrev (id, brev_id, mottaker, kanal, status, svarut_id, svarut_status, endret_tid)
                    values (?, ?, '974760673', 'DIGITAL', 'SENDT_DIGITALT', ?, 'SENDT_SDP', make_timestamptz(1999, 1, 1, 0, 0, 0))""",
                    id, brev, svarUtId));
            no.kommune.esb.svarut.SvarUtClient svarUt = org.mockito.Mockito.mock(no.kommune.esb.svarut.SvarUtClient.class);
            java.time.OffsetDateTime tid = java.time.OffsetDateTime.parse("2026-11-30T10:00:00+01:00");
            org.mockito.Mockito.when(svarUt.statusSok(org.mockito.ArgumentMatchers.any())).thenReturn(Map.of(
                    svarUtIder.get(innenfor), new no.kommune.esb.svarut.ForsendelseStatus(svarUtIder.get(innenfor),
                            no.kommune.esb.svarut.SvarUtStatus.KLAR_FOR_MOTTAK, tid),
                    svarUtIder.get(levert), new no.kommune.esb.svarut.ForsendelseStatus(svarUtIder.get(levert),
                            no.kommune.esb.svarut.SvarUtStatus.LEVERT_SDP, tid)));
            no.kommune.esb.platform.PlatformLock lock = org.mockito.Mockito.mock(no.kommune.esb.platform.PlatformLock.class);
            org.mockito.Mockito.when(lock.runExclusively(org.mockito.ArgumentMatchers.anyString(), org.mockito.ArgumentMatchers.any()))
                    .thenAnswer(i -> Optional.of(((java.util.function.Supplier<Integer>) i.getArgument(1)).get()));
            StatusOppfoelger oppfoelger = new StatusOppfoelger(mottakerbrevRepository, svarUt,
                    org.mockito.Mockito.mock(org.springframework.beans.factory.ObjectProvider.class), lock, 500, Duration.ofSeconds(5),
                    new no.kommune.esb.platform.Registerstans(new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                            org.mockito.Mockito.mock(org.springframework.jdbc.core.JdbcTemplate.class), Duration.ofMinutes(5), 0.2,
                            Duration.ofMinutes(15)), Duration.ofHours(24));

            oppfoelger.poll();
            oppfoelger.poll();

            assertThat(jdbc.queryForMap("select status, svarut_status from mottakerbrev where id = ?", innenfor))
                    .containsEntry("status", "SENDT_DIGITALT").containsEntry("svarut_status", "KLAR_FOR_MOTTAK");
            assertThat(jdbc.queryForObject("select count(*) from statusutboks where mottakerbrev_id = ?", Integer.class, innenfor))
                    .as("no status message: the platform status did not change").isZero();
            assertThat(jdbc.queryForObject("select count(*) from tidslinje where mottakerbrev_id = ?", Integer.class, innenfor)).isZero();
            assertThat(jdbc.queryForMap("select status, svarut_status from mottakerbrev where id = ?", levert))
                    .containsEntry("status", "LEVERT").containsEntry("svarut_status", "LEVERT_SDP");
            assertThat(jdbc.queryForList("select status from statusutboks where mottakerbrev_id = ?", String.class, levert))
                    .containsExactly("LEVERT");
        });
    }

    /** A letter already processed (so the flow leaves it alone), from {@link #AVSENDER} to an organisation. */
    private UUID behandletBrev(String referanseprefiks) {
        UUID brev = UUID.randomUUID();
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                values (?, ?, ?, 'Vedtak', 'FORMELL', false, '974760673', 'ORGANISASJON', 'REST', 'BEHANDLET')""", brev, AVSENDER, referanseprefiks + brev);
        return brev;
    }

    private TransactionTemplate transaksjon() {
        return new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource()));
    }
}
