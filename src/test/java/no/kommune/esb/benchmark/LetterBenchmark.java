package no.kommune.esb.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import no.kommune.esb.EsbApplication;
import no.kommune.esb.benchmark.LetterIntakeClient.Letter;
import no.kommune.esb.folkeregister.BulkResult;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.Part;
import no.kommune.esb.forsendelse.Brev;
import no.kommune.esb.forsendelse.Brevtype;
import no.kommune.esb.forsendelse.Forsendelsesbeslutter;
import no.kommune.esb.forsendelse.Mottakerbeslutning;
import no.kommune.esb.forsendelse.Mottakerutvalg;
import no.kommune.esb.forsendelse.Mottakervelger;
import no.kommune.esb.forsendelse.SvarUtMottaker;
import no.kommune.esb.krr.KrrClient;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.KrrKontakt;
import no.kommune.esb.model.Person;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import no.kommune.esb.svarut.Dokument;
import no.kommune.esb.svarut.Forsendelse;
import no.kommune.esb.svarut.SvarUtClient;
import org.apache.camel.CamelContext;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Letter throughput benchmark (issues 5 and 14). Not a test: run it with
 * {@code ./mvnw -q -B -Pbenchmark verify -Dbenchmark.letters=10000} (docs/benchmarks.md). One run, one machine state:
 * <ol>
 *     <li>Starts the whole platform with the {@code local,test} profiles: embedded Artemis, Kafka, PostgreSQL, SFTP
 *     and the register simulators on free ports, a fresh data folder, a population of at least N persons.</li>
 *     <li>Warm-up ({@code benchmark.warmup-rounds} rounds, default 6, of {@code benchmark.warmup} letters, default
 *     5,000, not part of the figures; a wait for the JIT between rounds): letters through the intake and the flow as
 *     in the bus step, so no phase runs on a cold JIT, pools or tokens. Each round is reported
 *     ({@code warmupPerRound}); on 2 cores a single round left the C2 compiler ~10 s of the bus's own code to compile
 *     during the measured phase.</li>
 *     <li>Ceiling of the intake: with the processing route stopped, N letters handed in through
 *     {@code POST /api/forsendelser/bunker} in batches of {@code benchmark.intake-batch} (default 100; 1 =
 *     {@code POST /api/forsendelser}, one letter a request) on {@code benchmark.intake-threads} threads
 *     ({@link LetterIntakeClient}). Then
 *     the route starts and works those letters off (the backlog case).</li>
 *     <li>Ceiling of SvarUt: N sends straight to the SvarUt simulator through {@link SvarUtClient#send} on as many
 *     threads as the flow sends with ({@code forsendelse.behandling.parallelle-sendinger}).</li>
 *     <li>Bus: N other letters handed in the same way while the flow runs; the clock runs from the first request
 *     until no letter and no recipient letter waits for processing or sending.</li>
 *     <li>Bare loop: the same N letters with the same clients and rules, without Camel, the intake or the database:
 *     Folkeregisteret bulk look-up and KRR per 1000 letters, the grading check, and {@link SvarUtClient#send} per
 *     recipient letter on the same number of threads as the flow.</li>
 * </ol>
 * Calls are counted where they arrive, at the simulators ({@link SimulatorCallCounter}); heap is sampled every
 * 100 ms ({@link HeapSampler}). Results go to {@code target/benchmarks/letters.json}; logs to
 * {@code target/benchmarks/letters.log} (only warnings reach the console).
 */
public final class LetterBenchmark {

    private static final Set<Part> PARTS = Set.of(Part.PERSON_BASIS, Part.RELASJON_UTVIDET);
    private static final int BATCH = 1000;
    /** -Dbenchmark.pg-statements=true: PostgreSQL with pg_stat_statements, each bus phase's statements in the report */
    private static final boolean PG_STATEMENTS = Boolean.getBoolean("benchmark.pg-statements");
    private static final byte[] PDF = MinimalPdf.enSide("Vedtak om skoleskyss");

    private LetterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("benchmark.letters", 10_000);
        int intakeThreads = Integer.getInteger("benchmark.intake-threads", 4);
        // letters per warm-up round
        int warmup = Integer.getInteger("benchmark.warmup", 5000);
        // warm-up rounds, a JIT wait between them (jit-ro): on 2 cores C2 falls behind while letters flow and raises its
        // thresholds with its queue, so it takes ~6 rounds of 5,000 until the bus's code is compiled; 1 = one round
        int warmupRounds = Math.max(1, Integer.getInteger("benchmark.warmup-rounds", 6));
        // letters per intake request: 100 = the batch intake as a fagsystem sends a batch; 1 = the single-letter intake
        int intakeBatch = Integer.getInteger("benchmark.intake-batch", 100);
        // before each measured phase, wait for the JIT compilers' queue to empty (false: measure at once, as before session 11)
        boolean jitRo = Boolean.parseBoolean(System.getProperty("benchmark.jit-ro", "true"));
        Path output = Path.of(System.getProperty("benchmark.output", "target/benchmarks/letters.json"));
        long timeoutMs = Long.getLong("benchmark.timeout-seconds", 1800) * 1000;
        Files.createDirectories(output.getParent());
        Files.deleteIfExists(output.resolveSibling("letters.log"));

        // system properties outrank the profile files: production's status interval and token lifetime, a still
        // population, quiet console
        System.setProperty("spring.profiles.active", "local,test");
        // its data folder (journals, Kafka logs, tables: a gigabyte and more) goes when it is done
        System.setProperty("platform.embedded.delete-data-on-stop", "true");
        if (PG_STATEMENTS) {
            // added to libraries given on the command line (e.g. auto_explain, docs/benchmarks.md "Session 14")
            String preload = "platform.embedded.postgres.server-config.shared_preload_libraries";
            String given = System.getProperty(preload, "");
            System.setProperty(preload, given.isBlank() ? "pg_stat_statements" : given + ",pg_stat_statements");
        }
        System.setProperty("simulator.population.size", Integer.toString(Math.max(10_000, n)));
        System.setProperty("simulator.population.change-interval", "0s");
        System.setProperty("simulator.maskinporten.expires-in", "599");
        System.setProperty("forsendelse.status.period", "10000");
        // letters of a burst gather into full batches of 1000 (the call counts); a trickle would wait this long
        System.setProperty("forsendelse.behandling.samle-inntil", System.getProperty("benchmark.samle-inntil", "PT30S"));
        // production's limit on a decided batch's KRR look-up: the test profile's would re-decide batches waiting behind sends
        System.setProperty("forsendelse.behandling.krr-maks-alder", "PT30S");
        System.setProperty("hendelser.feed.period", "5000");
        System.setProperty("camel.main.routes-reload-enabled", "false");
        System.setProperty("logging.file.name", output.resolveSibling("letters.log").toString());
        System.setProperty("logging.threshold.console", "WARN");

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("letters", n);
        result.put("intakeThreads", intakeThreads);
        result.put("intakeLettersPerRequest", intakeBatch);
        result.put("warmupLetters", warmup);
        result.put("warmupRounds", warmupRounds);
        result.put("startedAt", Instant.now().toString());
        SimulatorCallCounter counter = new SimulatorCallCounter();
        try (HeapSampler heap = new HeapSampler()) {
            long startup = System.nanoTime();
            SpringApplication app = new SpringApplication(EsbApplication.class);
            app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("benchmarkSimulatorCallCounter", counter));
            try (ConfigurableApplicationContext ctx = app.run()) {
                result.put("machine", machine(heap));
                result.put("startupSeconds", seconds(System.nanoTime() - startup));
                result.put("setup", setup(ctx));
                Cpu.findPostgres(ctx);
                result.put("postgresFound", Cpu.postgres.isPresent());
                SyntheticPopulation population = ctx.getBean(SyntheticPopulation.class);
                CamelContext camel = ctx.getBean(CamelContext.class);
                int port = Integer.parseInt(ctx.getEnvironment().getProperty("local.server.port", ctx.getEnvironment().getProperty("server.port")));
                int senders = Integer.parseInt(ctx.getEnvironment().getProperty("forsendelse.behandling.parallelle-sendinger", "4"));
                LetterIntakeClient intake = new LetterIntakeClient(port, "skole", PDF, intakeBatch);

                // JIT, pools and tokens warm up on letters that are not measured, so no phase below runs cold (in rounds: above)
                if (warmup > 0) {
                    List<Map<String, Object>> runder = new ArrayList<>();
                    for (int runde = 0; runde < warmupRounds; runde++) {
                        String navn = "warmup-" + (runde + 1);
                        runder.add(fase(navn, jitRo && runde > 0, () -> bus(ctx, intake, letters(population, warmup, navn), navn, intakeThreads, counter, heap, timeoutMs)));
                    }
                    result.put("warmupPerRound", runder);
                }
                result.put("ceilingIntake", fase("ceilingIntake", jitRo, () -> intakeCeiling(ctx, camel, intake, letters(population, n, "intake"), intakeThreads, counter, heap, timeoutMs)));
                result.put("ceilingSvarUt", fase("ceilingSvarUt", jitRo, () -> svarUtCeiling(ctx, n, senders, counter, heap)));

                List<Letter> letters = letters(population, n, "measured");
                Map<String, Object> bus = fase("bus", jitRo, () -> bus(ctx, intake, letters, "measured", intakeThreads, counter, heap, timeoutMs));
                result.put("bus", bus);

                // the bus is done; stop its routes (and the status poller) so the bare loop runs alone
                camel.getRouteController().stopAllRoutes();
                Map<String, Object> bare = fase("bare", jitRo, () -> bare(ctx, letters, senders, counter, heap));
                result.put("bare", bare);

                double busRate = (double) bus.get("lettersPerSecond");
                double bareRate = (double) bare.get("lettersPerSecond");
                result.put("ratioBusToBare", round(busRate / bareRate, 3));
                result.put("bottleneck", bottleneck(result));
                result.put("expectation", expectation(n, bus, bare));
                result.put("peakHeapBytesWholeRun", heap.peak());
                result.put("systemLoadAverageAtEnd", loadAverage());
            }
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(output.toFile(), result);
        System.out.println(json.writeValueAsString(result));
        System.out.println("Written to " + output.toAbsolutePath());
        System.exit(0);
    }

    // --- letters -------------------------------------------------------------------------------------------------

    /** Letter i goes to person i of the population (round-robin if N is larger); a child's letter goes to its parents. */
    private static List<Letter> letters(SyntheticPopulation population, int n, String phase) {
        return population.read(() -> {
            List<Letter> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                SimPerson p = population.person(i % population.size());
                boolean barn = p.status() != SimPerson.Status.DOED
                        && Period.between(p.foedselsdato(), population.today()).getYears() < 18;
                list.add(new Letter("benchmark-" + phase + "-" + i, p.id(), barn));
            }
            return list;
        });
    }

    // --- the ceilings -------------------------------------------------------------------------------------------

    /**
     * Runs one measured phase: first, with {@code jitRo}, a wait until the JIT compilers have worked off what the
     * phases before left in their queue ({@code waitedForJitSeconds}); then the phase as a Flight Recorder event
     * ({@link Fase}), with the compilers' time during it ({@code jitMs}: what this phase's own code made them compile; {@code jitCpuMs}: their CPU).
     */
    private static Map<String, Object> fase(String navn, boolean jitRo, java.util.concurrent.Callable<Map<String, Object>> arbeid)
            throws Exception {
        double ventet = jitRo ? Jit.ventTilRolig(Duration.ofMinutes(3)) : 0.0;
        long jit = Jit.millis();
        long jitCpu = Jit.cpuMillis();
        Map<String, Object> r = Fase.maal(navn, arbeid);
        r.put("jitMs", Jit.millis() - jit);
        // the compiler threads' own CPU in the phase (jitMs is their compilations' elapsed time)
        r.put("jitCpuMs", Jit.cpuMillis() - jitCpu);
        r.put("waitedForJitSeconds", ventet);
        return r;
    }

    /** N sends straight to the SvarUt simulator, on as many threads as the flow sends with: the most SvarUt takes here. */
    private static Map<String, Object> svarUtCeiling(ConfigurableApplicationContext ctx, int n, int threads, SimulatorCallCounter counter,
                                                     HeapSampler heap) throws InterruptedException {
        SvarUtClient svarUt = ctx.getBean(SvarUtClient.class);
        List<Dokument> dokumenter = List.of(Dokument.pdf("vedtak.pdf", PDF));
        heap.reset();
        Map<String, Long> before = counter.snapshot();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.LongAdder failed = new java.util.concurrent.atomic.LongAdder();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    Forsendelse f = Forsendelse.builder("Vedtak om skoleskyss", "ceiling-" + i,
                                    new Forsendelse.Mottaker("Ola Nordmann", null, "Storgata 1", null, null, "0150", "OSLO", null))
                            .avgivendeSystem("skole").build();
                    try {
                        svarUt.send(f, dokumenter);
                    } catch (RegisterException e) {
                        failed.increment();
                    }
                }
            });
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        long wall = System.nanoTime() - start;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("threads", threads);
        r.put("sends", n);
        r.put("failures", failed.sum());
        r.put("wallSeconds", seconds(wall));
        r.put("sendsPerSecond", round(n / (wall / 1e9), 1));
        r.put("calls", SimulatorCallCounter.difference(before, counter.snapshot()));
        r.put("peakHeapBytes", heap.peak());
        r.put("systemLoadAverageAtEnd", loadAverage());
        return r;
    }

    /**
     * N hand-ins through the REST intake with the processing route stopped: what the intake alone takes. Afterwards
     * the route starts and works these letters off (the warm-up of the measured run; its rate is the backlog case,
     * letters already stored, reported but not the target).
     */
    private static Map<String, Object> intakeCeiling(ConfigurableApplicationContext ctx, CamelContext camel, LetterIntakeClient intake,
                                                     List<Letter> letters, int threads, SimulatorCallCounter counter, HeapSampler heap,
                                                     long timeoutMs) throws Exception {
        camel.getRouteController().stopRoute("forsendelse-behandling");
        heap.reset();
        LetterIntakeClient.Result handedIn = intake.handIn(letters, threads);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("threads", threads);
        r.put("letters", letters.size());
        r.put("requests", handedIn.requests());
        r.put("answersByStatus", handedIn.byStatus());
        r.put("wallSeconds", seconds(handedIn.wallNanos()));
        r.put("requestsPerSecond", round(handedIn.requests() / (handedIn.wallNanos() / 1e9), 1));
        r.put("lettersPerSecond", round(letters.size() / (handedIn.wallNanos() / 1e9), 1));
        r.put("peakHeapBytes", heap.peak());
        r.put("systemLoadAverageAtEnd", loadAverage());

        // warm-up: the stored letters go through the flow as a backlog
        heap.reset();
        Map<String, Long> before = counter.snapshot();
        long start = System.nanoTime();
        camel.getRouteController().startRoute("forsendelse-behandling");
        boolean done = waitUntilDone(ctx.getBean(JdbcTemplate.class), start, timeoutMs);
        long wall = System.nanoTime() - start;
        Map<String, Object> backlog = new LinkedHashMap<>();
        backlog.put("completed", done);
        backlog.put("wallSeconds", seconds(wall));
        backlog.put("lettersPerSecond", round(letters.size() / (wall / 1e9), 1));
        backlog.put("calls", SimulatorCallCounter.difference(before, counter.snapshot()));
        backlog.put("peakHeapBytes", heap.peak());
        r.put("thenProcessedAsBacklog", backlog);
        return r;
    }

    /** The part that is slowest on its own: the intake, SvarUt, or neither (the flow between them). */
    @SuppressWarnings("unchecked")
    private static String bottleneck(Map<String, Object> result) {
        double intake = (double) ((Map<String, Object>) result.get("ceilingIntake")).get("lettersPerSecond");
        double svarUt = (double) ((Map<String, Object>) result.get("ceilingSvarUt")).get("sendsPerSecond");
        Map<String, Object> bus = (Map<String, Object>) result.get("bus");
        double letters = (double) bus.get("lettersPerSecond");
        // a letter makes about recipientLetters/letters sends
        double sendsPerLetter = ((Number) bus.get("recipientLetters")).doubleValue() / ((Number) result.get("letters")).doubleValue();
        double svarUtLetters = svarUt / sendsPerLetter;
        String slowest = intake <= svarUtLetters ? "intake" : "svarut";
        double ceiling = Math.min(intake, svarUtLetters);
        return String.format(java.util.Locale.ROOT, "ceiling %s (%.1f letters/s alone; intake %.1f/s, SvarUt %.1f letters/s); the bus reached %.0f %% of it",
                slowest, ceiling, intake, svarUtLetters, 100 * letters / ceiling);
    }

    // --- through the bus -----------------------------------------------------------------------------------------

    private static Map<String, Object> bus(ConfigurableApplicationContext ctx, LetterIntakeClient intake, List<Letter> letters, String phase, int threads,
                                           SimulatorCallCounter counter, HeapSampler heap, long timeoutMs) throws InterruptedException {
        JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
        int n = letters.size();
        heap.reset();
        Map<String, Long> before = counter.snapshot();

        Map<String, Long> db = databaseWork(jdbc);
        if (PG_STATEMENTS) {
            jdbc.execute("create extension if not exists pg_stat_statements");
            jdbc.query("select pg_stat_statements_reset()", rs -> { });
        }
        Cpu cpu = Cpu.now();
        long start = System.nanoTime();
        LetterIntakeClient.Result handedIn = intake.handIn(letters, threads);
        double intakeSeconds = seconds(handedIn.wallNanos());
        boolean done = waitUntilDone(jdbc, start, timeoutMs);
        long wall = System.nanoTime() - start;

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("completed", done);
        r.put("answersByStatus", handedIn.byStatus());
        r.put("intakeSeconds", intakeSeconds);
        r.put("intakeRequestsPerSecond", round(handedIn.requests() / (handedIn.wallNanos() / 1e9), 1));
        r.put("intakeLettersPerSecond", round(n / (handedIn.wallNanos() / 1e9), 1));
        r.put("wallSeconds", seconds(wall));
        r.put("lettersPerSecond", round(n / (wall / 1e9), 1));
        cpu.since(wall, n, r);
        r.put("databaseWorkPerLetter", perLetter(SimulatorCallCounter.difference(db, databaseWork(jdbc)), n));
        if (PG_STATEMENTS) {
            r.put("statementsPerLetter", statements(jdbc, n));
        }
        String mine = " from mottakerbrev m join brev b on b.id = m.brev_id where b.ekstern_referanse like ?";
        String prefix = "benchmark-" + phase + "-%";
        r.put("recipientLetters", jdbc.queryForObject("select count(*)" + mine, Long.class, prefix));
        r.put("sentToSvarUt", jdbc.queryForObject("select count(*)" + mine + " and m.svarut_id is not null", Long.class, prefix));
        Map<String, Long> byStatus = new LinkedHashMap<>();
        jdbc.query("select m.status, count(*)" + mine + " group by m.status order by m.status",
                rs -> { byStatus.put(rs.getString(1), rs.getLong(2)); }, prefix);
        r.put("recipientLettersByStatus", byStatus);
        Map<String, Long> byKanal = new LinkedHashMap<>();
        jdbc.query("select m.kanal, count(*)" + mine + " group by m.kanal order by m.kanal",
                rs -> { byKanal.put(rs.getString(1), rs.getLong(2)); }, prefix);
        r.put("recipientLettersByChannel", byKanal);
        r.put("calls", SimulatorCallCounter.difference(before, counter.snapshot()));
        r.put("peakHeapBytes", heap.peak());
        r.put("systemLoadAverageAtEnd", loadAverage());
        return r;
    }

    /**
     * With {@code -Dbenchmark.pg-statements=true}: the phase's statements as pg_stat_statements saw them (constants
     * already replaced by $n there), the 30 that took the server longest, each with its calls, milliseconds and rows per
     * letter. A diagnosis, off by default: the extension's own bookkeeping costs the server a little.
     */
    private static List<Map<String, Object>> statements(JdbcTemplate jdbc, int letters) {
        return jdbc.query("""
                select calls, total_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g') as query
                from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
                order by total_exec_time desc limit 30""", (rs, i) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("callsPerLetter", round(rs.getLong("calls") / (double) letters, 3));
            m.put("msPerLetter", round(rs.getDouble("total_exec_time") / letters, 4));
            m.put("rowsPerLetter", round(rs.getLong("rows") / (double) letters, 3));
            String q = rs.getString("query");
            m.put("query", q.length() > 220 ? q.substring(0, 220) + "…" : q);
            return m;
        });
    }

    /**
     * PostgreSQL's own counters for this database and its tables (pg_stat_database, pg_stat_user_tables): transactions
     * committed, rows read by scans ("returned") and by index look-ups ("fetched"), rows written. Read after a short
     * pause (the server publishes a backend's counts up to half a second late), outside the measured phase. The
     * benchmark's own polling ({@link #waitUntilDone}) is among them.
     */
    private static Map<String, Long> databaseWork(JdbcTemplate jdbc) throws InterruptedException {
        Thread.sleep(700);
        Map<String, Long> w = new LinkedHashMap<>();
        List<String> kolonner = List.of("xact_commit", "tup_returned", "tup_fetched", "tup_inserted", "tup_updated", "tup_deleted");
        // a fresh read of the statistics in this transaction (the server caches them per transaction otherwise)
        jdbc.query("select pg_stat_clear_snapshot()", rs -> { });
        jdbc.query("select " + String.join(", ", kolonner) + " from pg_stat_database where datname = current_database()", rs -> {
            for (String k : kolonner) {
                w.put(k, rs.getLong(k));
            }
        });
        // updated: rows updated; of them updatedInPlace: "HOT" updates, which write no index entry (possible only when no
        // indexed column changes and the row's page has room)
        jdbc.query("select relname, n_tup_ins + n_tup_upd + n_tup_del, coalesce(seq_tup_read, 0), n_tup_upd, n_tup_hot_upd from pg_stat_user_tables", rs -> {
            w.put("written." + rs.getString(1), rs.getLong(2));
            w.put("seqScanRead." + rs.getString(1), rs.getLong(3));
            w.put("updated." + rs.getString(1), rs.getLong(4));
            w.put("updatedInPlace." + rs.getString(1), rs.getLong(5));
        });
        jdbc.query("select indexrelname, idx_tup_read from pg_stat_user_indexes", rs -> {
            w.put("indexRead." + rs.getString(1), rs.getLong(2));
        });
        jdbc.query("select relname, coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) from pg_stat_sys_tables", rs -> {
            w.put("catalogRead." + rs.getString(1), rs.getLong(2));
        });
        return w;
    }

    /** Counts per letter, the non-zero ones only, largest first. */
    private static Map<String, Double> perLetter(Map<String, Long> counts, int n) {
        Map<String, Double> r = new LinkedHashMap<>();
        counts.entrySet().stream().filter(e -> e.getValue() != 0).sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> r.put(e.getKey(), round((double) e.getValue() / n, 2)));
        return r;
    }

    /** Until no letter is MOTTATT, BEHANDLES or VENTER and no recipient letter KLAR_FOR_SENDING; false on timeout. */
    private static boolean waitUntilDone(JdbcTemplate jdbc, long start, long timeoutMs) throws InterruptedException {
        while (System.nanoTime() - start < timeoutMs * 1_000_000) {
            // exists, not count: counting the open letters every 100 ms cost ~6 ms of PostgreSQL each, ~10 % of the bus
            // phase's PostgreSQL time, measured as the flow's (pg_stat_statements, docs/benchmarks.md, session 19)
            // and with the indexes on status only: planned by statistics taken while thousands were open, the first
            // exists read all of brev sequentially once none was left (up to 55 ms a poll, auto_explain, session 22)
            Boolean open = jdbc.execute((java.sql.Connection c) -> {
                boolean autoCommit = c.getAutoCommit();
                c.setAutoCommit(false);
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("set local enable_seqscan = off");
                    try (java.sql.ResultSet rs = st.executeQuery("""
                            select exists (select 1 from brev where status in ('MOTTATT', 'BEHANDLES', 'VENTER'))
                                or exists (select 1 from mottakerbrev where status = 'KLAR_FOR_SENDING')""")) {
                        rs.next();
                        return rs.getBoolean(1);
                    }
                } finally {
                    c.commit();
                    c.setAutoCommit(autoCommit);
                }
            });
            if (Boolean.FALSE.equals(open)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    // --- the bare loop -------------------------------------------------------------------------------------------

    private static Map<String, Object> bare(ConfigurableApplicationContext ctx, List<Letter> letters, int senders, SimulatorCallCounter counter,
                                            HeapSampler heap) throws InterruptedException {
        FolkeregisterClient freg = ctx.getBean(FolkeregisterClient.class);
        KrrClient krr = ctx.getBean(KrrClient.class);
        SvarUtClient svarUt = ctx.getBean(SvarUtClient.class);
        Mottakervelger velger = new Mottakervelger();
        Forsendelsesbeslutter beslutter = new Forsendelsesbeslutter();
        Clock clock = Clock.systemUTC();
        List<Dokument> dokumenter = List.of(Dokument.pdf("vedtak.pdf", PDF));
        heap.reset();
        Map<String, Long> before = counter.snapshot();

        long recipients = 0;
        java.util.concurrent.atomic.LongAdder sent = new java.util.concurrent.atomic.LongAdder();
        java.util.concurrent.atomic.LongAdder failed = new java.util.concurrent.atomic.LongAdder();
        // the same number of send threads as the flow (forsendelse.behandling.parallelle-sendinger)
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(senders);
        Map<String, Long> byKanal = new LinkedHashMap<>();
        Cpu cpu = Cpu.now();
        long start = System.nanoTime();
        for (int from = 0; from < letters.size(); from += BATCH) {
            List<Letter> batch = letters.subList(from, Math.min(letters.size(), from + BATCH));
            List<Brev> brev = new ArrayList<>(batch.size());
            for (Letter l : batch) {
                brev.add(Brev.tilPerson("skole", "bare-" + l.eksternReferanse(), "Vedtak om skoleskyss", Identitetsnummer.of(l.mottaker()),
                        Brevtype.FORMELL, l.gjelderBarn()));
            }
            Set<Identitetsnummer> hoved = new LinkedHashSet<>();
            brev.forEach(b -> b.personId().ifPresent(hoved::add));
            BulkResult personer = freg.bulkoppslag(hoved, PARTS);
            Map<Identitetsnummer, Person> alle = new HashMap<>(personer.found());
            Set<Identitetsnummer> relaterte = new LinkedHashSet<>();
            for (Brev b : brev) {
                b.personId().map(alle::get).ifPresent(p -> relaterte.addAll(velger.relaterteSomMaaSlaasOpp(b, p)));
            }
            relaterte.removeAll(alle.keySet());
            if (!relaterte.isEmpty()) {
                alle.putAll(freg.bulkoppslag(relaterte, PARTS).found());
            }
            List<Mottakerutvalg> utvalg = new ArrayList<>(brev.size());
            Set<Identitetsnummer> krrIder = new LinkedHashSet<>();
            for (Brev b : brev) {
                Mottakerutvalg u = velger.velg(b, b.personId().map(alle::get).orElse(null), alle);
                utvalg.add(u);
                krrIder.addAll(u.krrIder());
            }
            Instant krrTid = clock.instant();
            Map<Identitetsnummer, KrrKontakt> kontakt = new HashMap<>();
            if (!krrIder.isEmpty()) {
                krr.personer(krrIder).forEach(k -> kontakt.put(k.id(), k));
            }
            record Sending(Brev brev, Mottakerbeslutning beslutning, Mottakerutvalg utvalg) {
            }
            List<Sending> sendinger = new ArrayList<>();
            for (int i = 0; i < brev.size(); i++) {
                for (Mottakerbeslutning m : beslutter.beslutt(brev.get(i), utvalg.get(i), kontakt, krrTid)) {
                    recipients++;
                    byKanal.merge(m.kanal().name(), 1L, Long::sum);
                    if (m.skalSendes()) {
                        sendinger.add(new Sending(brev.get(i), m, utvalg.get(i)));
                    }
                }
            }
            // the grading check just before sending, as the flow does: one more bulk call for letters with an address
            Set<Identitetsnummer> familier = new LinkedHashSet<>();
            sendinger.stream().filter(x -> x.beslutning().svarUtMottaker().harPostadresse()).forEach(x -> familier.addAll(x.utvalg().kontrollIder()));
            Map<Identitetsnummer, Person> ferske = familier.isEmpty() ? Map.of() : freg.bulkoppslag(familier, Set.of(Part.PERSON_BASIS)).found();
            List<java.util.concurrent.Future<?>> batchSends = new ArrayList<>();
            for (Sending x : sendinger) {
                Brev b = x.brev();
                Forsendelsesbeslutter.Kontroll kontroll = x.beslutning().svarUtMottaker().harPostadresse()
                        ? beslutter.kontrollFoerSending(x.beslutning(), x.utvalg(), ferske) : null;
                Mottakerbeslutning m = kontroll == null ? x.beslutning() : kontroll.beslutning();
                if (m == null || !m.skalSendes()) {
                    continue;
                }
                String ref = UUID.nameUUIDFromBytes((b.eksternReferanse() + "/" + m.mottakerReferanse()).getBytes(StandardCharsets.UTF_8)).toString();
                SvarUtMottaker s = m.svarUtMottaker();
                Forsendelse f = Forsendelse.builder(b.tittel(), ref, new Forsendelse.Mottaker(s.navn(), s.digitalId(),
                                s.adresselinje1(), s.adresselinje2(), s.adresselinje3(), s.postnummer(), s.poststed(), s.land()))
                        .kunDigitalLevering(m.kunDigitalLevering())
                        .avgivendeSystem(b.avsenderSystem())
                        .build();
                batchSends.add(pool.submit(() -> {
                    try {
                        svarUt.send(f, dokumenter);
                        sent.increment();
                    } catch (RegisterException e) {
                        failed.increment();
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : batchSends) {
                try {
                    f.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    failed.increment();
                }
            }
        }
        long wall = System.nanoTime() - start;
        pool.shutdown();

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("wallSeconds", seconds(wall));
        r.put("lettersPerSecond", round(letters.size() / (wall / 1e9), 1));
        cpu.since(wall, letters.size(), r);
        r.put("recipientLetters", recipients);
        r.put("sendThreads", senders);
        r.put("sentToSvarUt", sent.sum());
        r.put("sendFailures", failed.sum());
        r.put("recipientLettersByChannel", byKanal);
        r.put("calls", SimulatorCallCounter.difference(before, counter.snapshot()));
        r.put("peakHeapBytes", heap.peak());
        r.put("systemLoadAverageAtEnd", loadAverage());
        return r;
    }

    // --- the expectation ---------------------------------------------------------------------------------

    /**
     * The call counts: ceil(N/1000) KRR calls and ceil(N/1000) Folkeregisteret bulk calls for the recipients,
     * plus at most one per batch for parents not among the batch's recipients and one for rule 5's grading check just
     * before sending; one SvarUt send per recipient letter sent and no look-up by eksternReferanse (first attempts skip
     * it); Maskinporten at most once per scope set (Folkeregisteret, KRR, SvarUt) and token lifetime.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> expectation(int n, Map<String, Object> bus, Map<String, Object> bare) {
        long batches = (n + BATCH - 1) / BATCH;
        Map<String, Long> busCalls = (Map<String, Long>) bus.get("calls");
        Map<String, Long> bareCalls = (Map<String, Long>) bare.get("calls");
        long busFreg = busCalls.getOrDefault("folkeregisteret.bulkoppslag", 0L);
        long busKrr = busCalls.getOrDefault("krr.personer", 0L);
        long busSends = busCalls.getOrDefault("svarut.send", 0L);
        long busLookups = busCalls.getOrDefault("svarut.finnEksternReferanse", 0L);
        long busTokens = busCalls.getOrDefault("maskinporten.token", 0L);
        long sent = ((Number) bus.get("sentToSvarUt")).longValue();
        long bareFreg = bareCalls.getOrDefault("folkeregisteret.bulkoppslag", 0L);
        long tokenWindows = (long) Math.ceil(((Number) bus.get("wallSeconds")).doubleValue() / 599) + 1;
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("batchesOf1000", batches);
        e.put("expectedKrrCalls", batches);
        e.put("measuredKrrCalls", busKrr);
        e.put("expectedFolkeregisteretCallsForRecipients", batches);
        e.put("measuredFolkeregisteretBulkCalls", busFreg);
        e.put("measuredFolkeregisteretParentAndGradingCheckCalls", busFreg - batches);
        e.put("parentAndGradingCheckCallsInBareLoop", bareFreg - batches);
        e.put("expectedSvarUtSends", sent);
        e.put("measuredSvarUtSends", busSends);
        e.put("measuredSvarUtLookupsByEksternReferanse", busLookups);
        e.put("measuredMaskinportenTokens", busTokens);
        e.put("maxMaskinportenTokens", 3 * tokenWindows);
        boolean holds = busKrr == batches && busFreg >= batches && busFreg <= 3 * batches && bareFreg <= 3 * batches
                && busSends == sent && busLookups == 0 && busTokens <= 3 * tokenWindows;
        e.put("holds", holds);
        return e;
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static Map<String, Object> machine(HeapSampler heap) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        m.put("maxHeapBytes", heap.max());
        m.put("java", System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        // the machine may be shared: a one-minute load average above the core count means others compete for CPU
        m.put("systemLoadAverageAtStart", loadAverage());
        return m;
    }

    private static Map<String, Object> setup(ConfigurableApplicationContext ctx) {
        Map<String, Object> s = new LinkedHashMap<>();
        for (String key : List.of("spring.profiles.active", "simulator.population.size", "forsendelse.behandling.batch-size",
                "forsendelse.behandling.period", "forsendelse.behandling.parallelle-sendinger", "forsendelse.behandling.krr-maks-alder",
                "forsendelse.status.period", "registers.folkeregisteret.bulk-size")) {
            s.put(key, ctx.getEnvironment().getProperty(key));
        }
        s.put("pdfBytes", PDF.length);
        s.put("intake", Integer.getInteger("benchmark.intake-batch", 100) > 1
                ? "POST /api/forsendelser/bunker, JSON batches of benchmark.intake-batch letters (one PDF each, base64), token of sender system skole"
                : "POST /api/forsendelser, multipart (metadata + one PDF), token of sender system skole");
        s.put("forsendelse.behandling.samle-inntil", ctx.getEnvironment().getProperty("forsendelse.behandling.samle-inntil"));
        s.put("simulator.maskinporten.expires-in", ctx.getEnvironment().getProperty("simulator.maskinporten.expires-in"));
        return s;
    }

    private static double loadAverage() {
        return round(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2);
    }

    /**
     * CPU time so far of this whole JVM (platform, brokers, simulators, the benchmark), of the embedded PostgreSQL
     * (postmaster and backends, another process), and of the whole machine (/proc/stat: busy and idle, in clock ticks). Per letter, the first two are less moved by other builds than the wall time; the cores they keep busy
     * against the machine's idle share say whether a phase is bound by CPU or waits.
     */
    private record Cpu(long jvmNanos, long childNanos, long machineBusy, long machineIdle) {

        /** The embedded PostgreSQL's postmaster (its backends are its children); empty when not found. */
        static java.util.Optional<ProcessHandle> postgres = java.util.Optional.empty();

        /** Finds the postmaster by the pid file in the platform's data folder (the server detaches from this JVM). */
        static void findPostgres(ConfigurableApplicationContext ctx) {
            Path pidFile = Path.of(ctx.getEnvironment().getProperty("platform.data-dir", "data"), "postgres", "postmaster.pid");
            try {
                postgres = ProcessHandle.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()));
            } catch (java.io.IOException | RuntimeException e) {
                postgres = java.util.Optional.empty();
            }
        }

        static Cpu now() {
            long jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
            long children = postgres.stream().flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
                    .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L)).sum();
            long busy = 0;
            long idle = 0;
            try {
                // cpu  user nice system idle iowait irq softirq steal ...
                String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                for (int i = 1; i < Math.min(f.length, 9); i++) {
                    long v = Long.parseLong(f[i]);
                    if (i == 4 || i == 5) {
                        idle += v;
                    } else {
                        busy += v;
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not Linux: the machine's share is left out
            }
            return new Cpu(jvm, children, busy, idle);
        }

        /** The phase's CPU figures since this snapshot, into {@code r}. */
        void since(long wallNanos, int letters, Map<String, Object> r) {
            Cpu end = now();
            double jvm = end.jvmNanos - jvmNanos;
            double pg = end.childNanos - childNanos;
            r.put("jvmCpuMillisPerLetter", round(jvm / 1e6 / letters, 3));
            r.put("postgresCpuMillisPerLetter", round(pg / 1e6 / letters, 3));
            r.put("coresBusyJvm", round(jvm / wallNanos, 2));
            r.put("coresBusyPostgres", round(pg / wallNanos, 2));
            long total = (end.machineBusy - machineBusy) + (end.machineIdle - machineIdle);
            if (total > 0) {
                // every process on the machine, other builds included: near 0 means the phase had no idle core to use
                r.put("machineIdleShare", round((double) (end.machineIdle - machineIdle) / total, 3));
            }
        }
    }

    private static double seconds(long nanos) {
        return round(nanos / 1e9, 3);
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
