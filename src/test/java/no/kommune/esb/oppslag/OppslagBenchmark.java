package no.kommune.esb.oppslag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.EsbApplication;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.Part;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.benchmark.Jit;
import no.kommune.esb.register.RegisterHttp;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark of the look-up API (not a test; never run by {@code mvn verify}). Starts the platform with the embedded
 * setup (profiles local,test), then in one run: single look-ups through {@code /api/oppslag} (token, registration,
 * purpose, rate limit, minimisation, audit row in PostgreSQL) against the same look-ups straight through the
 * Folkeregisteret client to the simulator, interleaved so both see the same machine; p50/p99 of each and the
 * difference; look-ups/s through the platform with {@code benchmark.traader} callers, and with the same callers straight
 * to the simulator (the ceiling: what the simulator and client alone take here); and a 1,000-id batch, counting
 * the bulk calls at the simulator. Writes {@code target/benchmarks/oppslag.json}; see docs/benchmarks.md.
 *
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=no.kommune.esb.oppslag.OppslagBenchmark
 *     [-Dbenchmark.oppslag=2000] [-Dbenchmark.traader=4] [-Dbenchmark.gjennomstroemning=10000] [-Dbenchmark.infologg=true]
 *     [-Dbenchmark.oppvarming=5000] [-Dbenchmark.oppvarming-parallelt=10000]</pre>
 */
public final class OppslagBenchmark {

    private static final Set<Part> PARTS = Set.of(Part.PERSON_BASIS, Part.RELASJON_UTVIDET);

    private final ObjectMapper json = new ObjectMapper();
    /**
     * The callers' client: the platform's own outbound transport (Apache HttpClient 5's blocking client behind
     * {@code java.net.http}'s types), so the load generator costs what the direct side's register client costs and the
     * JDK client's selector and workers (and their compilations) are not in the measured process.
     */
    private final RegisterHttp http = new RegisterHttp("benchmark", Duration.ofSeconds(10), Duration.ofSeconds(60));
    private String base;
    private String token;

    public static void main(String[] args) throws Exception {
        int antall = Integer.getInteger("benchmark.oppslag", 2000);
        int traader = Integer.getInteger("benchmark.traader", 4);
        int gjennomstroemning = Integer.getInteger("benchmark.gjennomstroemning", 10_000);
        int oppvarming = Integer.getInteger("benchmark.oppvarming", 5_000);
        int oppvarmingParallelt = Integer.getInteger("benchmark.oppvarming-parallelt", 10_000);
        Path ut = Path.of(System.getProperty("benchmark.out", "target/benchmarks/oppslag.json"));
        new OppslagBenchmark().run(antall, traader, gjennomstroemning, oppvarming, oppvarmingParallelt, ut);
        System.exit(0);
    }

    private void run(int antall, int traader, int gjennomstroemning, int oppvarming, int oppvarmingParallelt, Path ut) throws Exception {
        // system properties win over config/application.yaml (builder properties would not); the rate limit is not measured
        System.setProperty("oppslag.per-sekund", "1000000");
        System.setProperty("oppslag.burst", "1000000");
        System.setProperty("simulator.population.change-interval", "0s");
        System.setProperty("logging.level.root", "WARN");
        if (Boolean.getBoolean("benchmark.infologg")) {
            System.setProperty("logging.level.no.kommune.esb.oppslag.OppslagApi", "INFO");
        }
        SpringApplicationBuilder builder = new SpringApplicationBuilder(EsbApplication.class).profiles("local", "test");
        double lastFoer = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try (ConfigurableApplicationContext ctx = builder.run()) {
            base = "http://localhost:" + ctx.getEnvironment().getProperty("server.port");
            token = token("skole");
            FolkeregisterClient freg = ctx.getBean(FolkeregisterClient.class);
            // the school's population (docs/oppslag.md "Population"): the kommune's children; anyone else answers 404
            SyntheticPopulation pop = ctx.getBean(SyntheticPopulation.class);
            LocalDate voksen = LocalDate.now(ZoneId.of("Europe/Oslo")).minusYears(18);
            List<String> ider = pop.select(p -> p.status() == SimPerson.Status.BOSATT && p.foedselsdato().isAfter(voksen) && p.addressIndex() >= 0
                    && pop.address(p.addressIndex()).kommunenummer().equals(pop.homeKommune())).stream().limit(1000).map(SimPerson::id).toList();
            if (ider.size() < 1000) {
                throw new IllegalStateException("the population has " + ider.size() + " children in the kommune; the benchmark needs 1,000");
            }

            // warm-up of both paths (JIT, connection pools, token caches): 5,000 calls each by default, since after 500
            // the compilers were still busy and the timed calls measured them (docs/benchmarks.md, session 9)
            for (int i = 0; i < oppvarming; i++) {
                plattform(ider.get(i % ider.size()));
                freg.person(Identitetsnummer.of(ider.get(i % ider.size())), PARTS);
            }
            long[] viaPlattform = new long[antall];
            long[] direkte = new long[antall];
            for (int i = 0; i < antall; i++) {
                String id = ider.get(i % ider.size());
                long t0 = System.nanoTime();
                plattform(id);
                long t1 = System.nanoTime();
                freg.person(Identitetsnummer.of(id), PARTS);
                long t2 = System.nanoTime();
                viaPlattform[i] = t1 - t0;
                direkte[i] = t2 - t1;
            }

            // warm-up of both paths with the callers in parallel, untimed: the calls above ran one at a time, and the first
            // seconds of a parallel phase measured the compilers and new connections (docs/benchmarks.md, session 10)
            Kall viaPlattformen = i -> plattform(ider.get(i % ider.size()));
            Kall direkteTilRegisteret = i -> freg.person(Identitetsnummer.of(ider.get(i % ider.size())), PARTS);
            parallelt(traader, oppvarmingParallelt, viaPlattformen);
            parallelt(traader, oppvarmingParallelt, direkteTilRegisteret);

            long cpu0 = prosessCpuNanos();
            long jit0 = Jit.millis();
            double sekunder = parallelt(traader, gjennomstroemning, viaPlattformen);
            long cpu1 = prosessCpuNanos();
            long jit1 = Jit.millis();
            // the ceiling: the same callers straight to the simulator with the direct side's client, no platform in between
            double sekunderDirekte = parallelt(traader, gjennomstroemning, direkteTilRegisteret);
            long cpu2 = prosessCpuNanos();
            long jit2 = Jit.millis();
            // CPU of this JVM (platform, simulator and callers) per look-up: less sensitive to other builds than the rates
            double cpuPlattform = (cpu1 - cpu0) / 1e6 / gjennomstroemning;
            double cpuDirekte = (cpu2 - cpu1) / 1e6 / gjennomstroemning;

            long bulkFoer = kall("bulkoppslag/1000");
            ObjectNode body = json.createObjectNode();
            ArrayNode liste = body.putArray("identer");
            ider.forEach(liste::add);
            long b0 = System.nanoTime();
            HttpResponse<String> batch = http.send(HttpRequest.newBuilder(URI.create(base + "/api/oppslag/personer?formaal=skoleplass"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString(), false);
            double batchMs = (System.nanoTime() - b0) / 1e6;
            long bulkKall = kall("bulkoppslag/1000") - bulkFoer;

            Map<String, Object> resultat = new LinkedHashMap<>();
            resultat.put("enkeltoppslag", antall);
            resultat.put("oppvarmingPerVei", oppvarming);
            resultat.put("oppvarmingParalleltPerVei", oppvarmingParallelt);
            resultat.put("viaPlattformMs", persentiler(viaPlattform));
            resultat.put("direkteTilSimulatorMs", persentiler(direkte));
            resultat.put("overheadP50Ms", ms(p(viaPlattform, 0.50) - p(direkte, 0.50)));
            resultat.put("overheadP99Ms", ms(p(viaPlattform, 0.99) - p(direkte, 0.99)));
            resultat.put("maalOverheadP99Ms", 5);
            resultat.put("gjennomstroemning", Map.of("oppslag", gjennomstroemning, "traader", traader,
                    "sekunder", Math.round(sekunder * 100) / 100.0, "oppslagPerSekund", Math.round(gjennomstroemning / sekunder),
                    "cpuMsPerOppslag", Math.round(cpuPlattform * 1000) / 1000.0, "jitMs", jit1 - jit0));
            resultat.put("taket", Map.of("oppslag", gjennomstroemning, "traader", traader,
                    "sekunder", Math.round(sekunderDirekte * 100) / 100.0, "oppslagPerSekund", Math.round(gjennomstroemning / sekunderDirekte),
                    "cpuMsPerOppslag", Math.round(cpuDirekte * 1000) / 1000.0, "jitMs", jit2 - jit1));
            // what the platform adds per look-up in CPU (its web stack, checks, minimisation, audit), both sides in one JVM
            resultat.put("plattformensCpuMsPerOppslag", Math.round((cpuPlattform - cpuDirekte) * 1000) / 1000.0);
            resultat.put("andelAvTaket", String.format(java.util.Locale.ROOT,
                    "the simulator alone takes %d look-ups/s with %d callers; through the platform %d/s, %.0f %% of it",
                    Math.round(gjennomstroemning / sekunderDirekte), traader, Math.round(gjennomstroemning / sekunder),
                    100 * sekunderDirekte / sekunder));
            resultat.put("maalOppslagPerSekund", 2000);
            // OppslagApi at production's level INFO (-Dbenchmark.infologg=true; else WARN): its line per answered look-up is DEBUG
            resultat.put("oppslagApiPaaInfo", org.slf4j.LoggerFactory.getLogger(OppslagApi.class).isInfoEnabled());
            resultat.put("batch1000", Map.of("status", batch.statusCode(), "ms", Math.round(batchMs), "bulkkallTilRegisteret", bulkKall));
            resultat.put("klient", "RegisterHttp (Apache HttpClient 5, blocking), for both paths");
            resultat.put("prosessorer", Runtime.getRuntime().availableProcessors());
            // the machine is shared: the one-minute load average before start-up and after the measurements
            resultat.put("lastgjennomsnitt", Map.of("foer", lastFoer,
                    "etter", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
            Files.createDirectories(ut.toAbsolutePath().getParent());
            Files.writeString(ut, json.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(resultat));
            System.out.println(Files.readString(ut));
        }
    }

    /** Runs {@code antall} calls on {@code traader} threads, each taking the next index; the wall time in seconds. */
    private static double parallelt(int traader, int antall, Kall kall) throws Exception {
        AtomicInteger neste = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(traader);
        long start = System.nanoTime();
        List<Future<?>> jobber = new ArrayList<>();
        for (int t = 0; t < traader; t++) {
            jobber.add(pool.submit(() -> {
                for (int i = neste.getAndIncrement(); i < antall; i = neste.getAndIncrement()) {
                    kall.kjoer(i);
                }
                return null;
            }));
        }
        for (Future<?> f : jobber) {
            f.get();
        }
        double sekunder = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return sekunder;
    }

    private static long prosessCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private interface Kall {
        void kjoer(int i) throws Exception;
    }

    private void plattform(String id) throws Exception {
        HttpResponse<String> r = get("/api/oppslag/personer/" + id + "?formaal=skoleplass", token);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("look-up answered " + r.statusCode());
        }
    }

    private HttpResponse<String> get(String sti, String bearer) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + sti)).GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString(), true);
    }

    private long kall(String noekkel) throws Exception {
        return json.readTree(get("/sim/admin/folkeregisteret/kall", null).body()).path(noekkel).asLong(0);
    }

    private String token(String klient) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/sim/idp/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + klient + "&client_secret=lokal-" + klient))
                .build(), HttpResponse.BodyHandlers.ofString(), false);
        JsonNode svar = json.readTree(r.body());
        return svar.path("access_token").asText();
    }

    private static Map<String, Double> persentiler(long[] nanos) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("p50", ms(p(nanos, 0.50)));
        m.put("p90", ms(p(nanos, 0.90)));
        m.put("p99", ms(p(nanos, 0.99)));
        return m;
    }

    private static long p(long[] nanos, double q) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(q * s.length) - 1)];
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e4) / 100.0;
    }
}
