package no.kommune.esb.hendelser.flyt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery's claims are planned as probes per claimed row whatever PostgreSQL's statistics of {@code levering} and
 * {@code hendelse} say. The event benchmark's slow rounds (sessions 33–34, {@code auto_explain}): with statistics taken
 * when no row waited, the hold-back check ({@link HendelseLeverer#IKKE_BAK_VENTENDE}) was planned as a scan of every
 * waiting row per claimed row, 1–2.5 s a claim with 15,000 rows waiting. Here the statistics are taken early (1,000
 * delivered events of 100 persons: no row waiting, ten events a person) and never again (autovacuum off for the two
 * tables); then the history grows to 50,000 delivered events of 20,000 persons and a fan-out batch of 5,000 events leaves
 * 15,000 rows waiting for three fagsystems. Each statement is the one {@link HendelseLeverer} runs, explained as JSON,
 * as PostgreSQL plans it for the given values (a custom plan) and for any values (the generic plan a connection settles
 * on after five executions). On the old SQL the claim read every waiting row per claimed row here (1.2–1.5 s).
 */
class LeveringskravPlanTest {

    static final List<String> FAGSYSTEMER = List.of("skole", "barnevern", "pleie-omsorg");
    static final int BATCH = 500;

    static MigrertDatabase database;
    static JdbcTemplate jdbc;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        database = MigrertDatabase.start();
        jdbc = database.jdbc;
        // no analyse behind the test's back: the statistics are the ones taken below
        jdbc.execute("alter table levering set (autovacuum_enabled = false)");
        jdbc.execute("alter table hendelse set (autovacuum_enabled = false)");
        hendelser(1, 1_000, 100, "LEVERT");
        jdbc.execute("analyze levering");
        jdbc.execute("analyze hendelse");
        hendelser(1_001, 50_000, 20_000, "LEVERT");
        hendelser(50_001, 55_000, 20_000, "VENTER");
        // persons whose number changed: a second number each, so the check under the persons' other numbers has rows
        jdbc.update("""
                insert into personidentitet (identifikator, person)
                select lpad(p::text, 11, '0'), lpad(p::text, 11, '0') from generate_series(1, 200) p
                union all
                select 'D' || lpad(p::text, 10, '0'), lpad(p::text, 11, '0') from generate_series(1, 200) p""");
    }

    /** Events {@code fra}–{@code til} of {@code personer} persons (in turn), each with a row per fagsystem in {@code status}. */
    private static void hendelser(int fra, int til, int personer, String status) {
        jdbc.update("""
                insert into hendelse (sekvensnummer, identifikator, hendelsetype, status)
                select s, lpad((s % ?)::text, 11, '0'), 'flytting', 'FORDELT' from generate_series(?, ?) s""", personer, fra, til);
        jdbc.update("""
                insert into levering (sekvensnummer, fagsystem, status, dokument, neste_forsoek, levert, naere)
                select s, f, ?, repeat('x', 400), now(), case when ? = 'LEVERT' then now() end, '{}'
                  from generate_series(?, ?) s, unnest(?::text[]) f""", status, status, fra, til, FAGSYSTEMER.toArray(String[]::new));
    }

    @AfterAll
    static void stopp() {
        database.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"force_custom_plan", "force_generic_plan"})
    void should_plan_the_direct_claim_as_probes_per_claimed_row_under_statistics_taken_before_any_row_waited(String planvalg) {
        List<Object> verdier = new ArrayList<>(FAGSYSTEMER);
        verdier.add(BATCH);
        List<String> typer = new ArrayList<>(FAGSYSTEMER.stream().map(f -> "text").toList());
        typer.add("int");

        List<Node> plan = plan(planvalg, HendelseLeverer.kravDirekteSql(FAGSYSTEMER.size()), typer, verdier);

        assertThat(levering(plan)).as("every read of levering: the claim's walk in delivery order, then primary-key probes only")
                .allMatch(LeveringskravPlanTest::kravetsGangEllerProbe);
        // personidentitet (never analysed here, a few hundred rows) may be read whole: it holds only the changed numbers
        assertThat(plan).as("no table read whole").noneMatch(n -> n.type().equals("Seq Scan") && !n.relasjon().equals("personidentitet"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"force_custom_plan", "force_generic_plan"})
    void should_plan_the_batch_files_claim_as_probes_per_claimed_row_under_statistics_taken_before_any_row_waited(String planvalg) {
        List<Node> plan = plan(planvalg, HendelseLeverer.KRAV_BATCH, List.of("text"), List.of("skole"));

        assertThat(levering(plan)).as("every read of levering: the claim's walk in delivery order, then primary-key probes only")
                .allMatch(LeveringskravPlanTest::kravetsGangEllerProbe);
        assertThat(plan).as("no table read whole").noneMatch(n -> n.type().equals("Seq Scan") && !n.relasjon().equals("personidentitet"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"force_custom_plan", "force_generic_plan"})
    void should_read_the_claimed_persons_waiting_rows_by_their_events_under_statistics_taken_before_any_row_waited(String planvalg) {
        // the numbers of a claim of 500 rows: 500 persons
        String numre = "{" + java.util.stream.IntStream.rangeClosed(1, BATCH).mapToObj(i -> "%011d".formatted(i))
                .collect(Collectors.joining(",")) + "}";

        List<Node> plan = plan(planvalg, HendelseLeverer.BAK_UNDERVEIS, List.of("text[]", "text[]"), List.of(numre, numre));

        assertThat(levering(plan)).as("every read of levering: a primary-key probe per event of the persons")
                .isNotEmpty().allMatch(n -> n.probe());
    }

    @Test
    void should_claim_the_first_rows_in_delivery_order_under_the_stale_statistics() {
        List<Long> tatt = database.tx.execute(s -> {
            List<Long> seq = HendelseLeverer.kravDirekte(jdbc, FAGSYSTEMER, BATCH).stream().map(HendelseLeverer.Rad::sekvensnummer).toList();
            s.setRollbackOnly();
            return seq;
        });

        // 15,000 rows wait, each person's earlier rows delivered: the claim takes the first 500 in order, three per event
        assertThat(tatt).hasSize(BATCH).startsWith(50_001L, 50_001L, 50_001L).endsWith(50_167L, 50_167L);
    }

    @Test
    void should_hold_a_persons_row_back_behind_her_earlier_row_in_retry_under_the_stale_statistics() {
        // the person of event 50,001 (number 10001) had event 30,001; its row for skole now waits out a retry
        List<HendelseLeverer.Rad> tatt = database.tx.execute(s -> {
            jdbc.update("update levering set status = 'VENTER', neste_forsoek = now() + interval '1 hour' where sekvensnummer = 30001 and fagsystem = 'skole'");
            List<HendelseLeverer.Rad> rader = HendelseLeverer.kravDirekte(jdbc, FAGSYSTEMER, BATCH);
            s.setRollbackOnly();
            return rader;
        });

        assertThat(tatt).hasSize(BATCH)
                .noneMatch(r -> r.sekvensnummer() == 50_001 && r.fagsystem().equals("skole"))
                .anyMatch(r -> r.sekvensnummer() == 50_001 && r.fagsystem().equals("barnevern"))
                .noneMatch(r -> r.sekvensnummer() == 30_001);
        assertThat(tatt.get(BATCH - 1).sekvensnummer()).as("the last row claimed: one further on").isEqualTo(50_167L);
    }

    /**
     * A plan node: its type, table, alias, index and index condition (empty strings when it has none), and whether it
     * runs once for the statement (in an init plan).
     */
    record Node(String type, String relasjon, String alias, String indeks, String indeksvilkaar, boolean initPlan) {

        /** A probe of levering's primary key by an event's sequence number. */
        boolean probe() {
            return type.startsWith("Index") && indeks.equals("levering_pkey") && indeksvilkaar.contains("sekvensnummer = ");
        }
    }

    /**
     * The claim's own walk over the waiting rows (the claimed row {@code l}, once, in order), a probe, or the check run
     * once per statement for any row in retry or being made again (an init plan: the status index's first entry).
     */
    private static boolean kravetsGangEllerProbe(Node n) {
        return n.probe() || n.alias().equals("l") && n.type().equals("Index Scan") && n.indeks().equals("levering_klar_rekkefoelge_idx")
                || n.initPlan() && n.type().startsWith("Index") && n.indeks().equals("levering_status_idx");
    }

    /** The nodes that read levering, bitmap index scans of its indexes included (they name no table). */
    private static List<Node> levering(List<Node> plan) {
        return plan.stream().filter(n -> n.relasjon().equals("levering") || n.indeks().startsWith("levering_")).toList();
    }

    /**
     * Every node of the plan PostgreSQL makes for {@code sql} under {@code plan_cache_mode = planvalg}: prepared with
     * each {@code ?} a parameter of the given type, explained (as JSON) for the given values, in the claim's transaction
     * settings ({@link HendelseLeverer#UTEN_SORTERING}), rolled back.
     */
    private static List<Node> plan(String planvalg, String sql, List<String> typer, List<Object> verdier) {
        StringBuilder nummerert = new StringBuilder();
        int n = 0;
        for (char c : sql.toCharArray()) {
            nummerert.append(c == '?' ? "$" + ++n : String.valueOf(c));
        }
        assertThat(n).as("parameters").isEqualTo(typer.size());
        String json = database.tx.execute(s -> {
            jdbc.execute(HendelseLeverer.UTEN_SORTERING);
            jdbc.execute("set local plan_cache_mode = " + planvalg);
            jdbc.execute("prepare krav (" + String.join(", ", typer) + ") as " + nummerert);
            try {
                // EXECUTE takes its values as literals: numbers as they are, text quoted
                String literaler = verdier.stream().map(v -> v instanceof Number ? v.toString() : "'" + v.toString().replace("'", "''") + "'")
                        .collect(Collectors.joining(", "));
                return jdbc.queryForObject("explain (format json) execute krav (" + literaler + ")", String.class);
            } finally {
                jdbc.execute("deallocate krav");
                s.setRollbackOnly();
            }
        });
        try {
            List<Node> noder = new ArrayList<>();
            noder(JSON.readTree(json).get(0).get("Plan"), false, noder);
            return noder;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void noder(JsonNode node, boolean iInitPlan, List<Node> noder) {
        boolean initPlan = iInitPlan || node.path("Parent Relationship").asText().equals("InitPlan");
        noder.add(new Node(node.path("Node Type").asText(), node.path("Relation Name").asText(), node.path("Alias").asText(),
                node.path("Index Name").asText(), node.path("Index Cond").asText(), initPlan));
        node.path("Plans").forEach(barn -> noder(barn, initPlan, noder));
    }
}
