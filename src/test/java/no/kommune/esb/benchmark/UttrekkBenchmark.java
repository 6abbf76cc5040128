package no.kommune.esb.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import no.kommune.esb.EsbApplication;
import no.kommune.esb.uttrekk.Uttrekksbestilling;
import no.kommune.esb.uttrekk.Uttrekkskjoering;
import no.kommune.esb.uttrekk.Uttrekkslager;
import no.kommune.esb.uttrekk.Uttrekksregister;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Extract benchmark (issue 11). Not a test: run it with {@code ./mvnw -q -B -Pbenchmark-uttrekk verify}
 * (docs/benchmarks.md), which forks a JVM with {@code -Xmx512m}.
 * <ol>
 *     <li>Starts the whole platform with the {@code local,test} profiles and a still population of
 *     {@code benchmark.uttrekk.populasjon} persons (default 340,000: about 300,000 live in the home kommune).</li>
 *     <li>Stores one order, as {@code POST /api/uttrekk} would: every bosatt person of the home kommune with the parents
 *     holding foreldreansvar, mapped by the school-start CSV layout, delivered over SFTP (or, with
 *     {@code -Dbenchmark.uttrekk.levering=kafka}, as Kafka records); the extract timer runs it.</li>
 *     <li>Measures from the order until LEVERT: wall time, peak heap ({@link HeapSampler}), register calls where they
 *     arrive ({@link SimulatorCallCounter}) against the expectation ceil(n/1000) bulk look-ups for the persons plus
 *     the parents' look-ups, and the delivered file's size.</li>
 * </ol>
 * Results go to {@code target/benchmarks/uttrekk.json}; logs to {@code target/benchmarks/uttrekk.log}.
 */
public final class UttrekkBenchmark {

    private UttrekkBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int populasjon = Integer.getInteger("benchmark.uttrekk.populasjon", 340_000);
        Path output = Path.of(System.getProperty("benchmark.output", "target/benchmarks/uttrekk.json"));
        long timeoutMs = Long.getLong("benchmark.timeout-seconds", 900) * 1000;
        Files.createDirectories(output.getParent());
        Files.deleteIfExists(output.resolveSibling("uttrekk.log"));

        // system properties outrank the profile files: a still population, quiet console
        System.setProperty("spring.profiles.active", "local,test");
        // its data folder goes when it is done
        System.setProperty("platform.embedded.delete-data-on-stop", "true");
        System.setProperty("simulator.population.size", Integer.toString(populasjon));
        System.setProperty("simulator.population.change-interval", "0s");
        // Maskinporten tokens as long-lived as the real ones (the test profile's 2 s tokens expire mid-call on a loaded machine)
        System.setProperty("simulator.maskinporten.expires-in", "599");
        System.setProperty("camel.main.routes-reload-enabled", "false");
        System.setProperty("logging.file.name", output.resolveSibling("uttrekk.log").toString());
        System.setProperty("logging.threshold.console", "WARN");

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("startedAt", Instant.now().toString());
        SimulatorCallCounter counter = new SimulatorCallCounter();
        try (HeapSampler heap = new HeapSampler()) {
            long startup = System.nanoTime();
            SpringApplication app = new SpringApplication(EsbApplication.class);
            app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("benchmarkSimulatorCallCounter", counter));
            try (ConfigurableApplicationContext ctx = app.run()) {
                Map<String, Object> machine = new LinkedHashMap<>();
                machine.put("availableProcessors", Runtime.getRuntime().availableProcessors());
                machine.put("maxHeapBytes", heap.max());
                machine.put("java", System.getProperty("java.version"));
                // the machine is shared: a one-minute load average above the core count means others compete for CPU
                machine.put("systemLoadAverageAtStart", loadAverage());
                result.put("machine", machine);
                result.put("startupSeconds", seconds(System.nanoTime() - startup));
                result.put("populationSize", populasjon);
                System.gc();
                result.put("usedHeapBytesAfterStartup", ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                result.put("run", run(ctx, counter, heap, timeoutMs));
                result.put("peakHeapBytesWholeRun", heap.peak());
            }
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(output.toFile(), result);
        System.out.println(json.writeValueAsString(result));
        System.out.println("Written to " + output.toAbsolutePath());
        System.exit(0);
    }

    /**
     * The delivery, {@code -Dbenchmark.uttrekk.levering}: {@code sftp} (default, one file) or {@code kafka} (one record per
     * row and an end record on {@code fagsystem.barnevern.uttrekk-benchmark}).
     */
    private static String levering() {
        String levering = System.getProperty("benchmark.uttrekk.levering", "sftp");
        return switch (levering) {
            case "sftp" -> "{\"sftp\":{\"folder\":\"barnevern/uttrekk-benchmark\"}}";
            case "kafka" -> "{\"kafka\":{\"topic\":\"fagsystem.barnevern.uttrekk-benchmark\"}}";
            default -> throw new IllegalArgumentException("benchmark.uttrekk.levering: sftp or kafka, not " + levering);
        };
    }

    private static Map<String, Object> run(ConfigurableApplicationContext ctx, SimulatorCallCounter counter, HeapSampler heap,
                                           long timeoutMs) throws Exception {
        Uttrekksregister register = ctx.getBean(Uttrekksregister.class);
        Uttrekkslager lager = ctx.getBean(Uttrekkslager.class);
        String kommune = ctx.getEnvironment().getProperty("simulator.population.kommunenummer", "4601");
        Uttrekksbestilling b = Uttrekksbestilling.les(new ObjectMapper().readTree("""
                {"navn":"benchmark","fagsystem":"barnevern","kriterier":{"personstatustyper":["bosatt"],"bostedskommunenummer":"%s"},
                 "relaterte":["FORELDRE"],"format":"CSV","innstillinger":{"mapping":"skole-uttrekk/skolestart.csv.yaml"},
                 "levering":%s}""".formatted(kommune, levering())), "benchmark");
        register.valider(b);
        heap.reset();
        Map<String, Long> before = counter.snapshot();
        long start = System.nanoTime();
        UUID id = lager.opprett(b, b.tilJson(), "API", LocalDate.now(), register.format(b.format()).filending());
        Uttrekkskjoering k = lager.finn(id).orElseThrow();
        long leverer = -1;
        while (k.status() != Uttrekkskjoering.Status.LEVERT && k.status() != Uttrekkskjoering.Status.FEILET
                && System.nanoTime() - start < timeoutMs * 1_000_000) {
            Thread.sleep(100);
            k = lager.finn(id).orElseThrow();
            if (leverer < 0 && k.status() == Uttrekkskjoering.Status.LEVERER) {
                leverer = System.nanoTime();
            }
        }
        long slutt = System.nanoTime();
        long wall = slutt - start;
        Map<String, Long> after = counter.snapshot();

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("status", k.status().name());
        r.put("delivery", System.getProperty("benchmark.uttrekk.levering", "sftp"));
        r.put("feil", k.feil());
        r.put("persons", k.personerLest());
        r.put("rows", k.rader());
        r.put("notFound", k.ikkeFunnet());
        r.put("fileBytes", k.filBytes());
        r.put("wallSeconds", seconds(wall));
        // from the first poll (every 100 ms) that saw LEVERER to LEVERT: the file written and delivered, or the records sent
        r.put("deliverySecondsFromFirstSeenLeverer", leverer < 0 ? null : seconds(slutt - leverer));
        r.put("personsPerSecond", round(k.personerLest() / (wall / 1e9), 1));
        r.put("peakHeapBytes", heap.peak());
        long bulk = after.getOrDefault("folkeregisteret.bulkoppslag", 0L) - before.getOrDefault("folkeregisteret.bulkoppslag", 0L);
        long uttrekk = after.getOrDefault("folkeregisteret.uttrekk", 0L) - before.getOrDefault("folkeregisteret.uttrekk", 0L);
        long feed = after.getOrDefault("folkeregisteret.hendelser", 0L) - before.getOrDefault("folkeregisteret.hendelser", 0L);
        long other = after.getOrDefault("folkeregisteret.other", 0L) - before.getOrDefault("folkeregisteret.other", 0L);
        long batches = (k.personerLest() + 999) / 1000;
        Map<String, Object> calls = new LinkedHashMap<>();
        calls.put("expectedBulkCallsForPersons", batches);
        calls.put("measuredBulkCalls", bulk);
        calls.put("measuredBulkCallsForParents", bulk - batches);
        calls.put("bulkCallsTheRunRecorded", k.bulkoppslag());
        // the extract job: the order, one read per batch, the final {}, and the reads answered 404 while the job was not ready
        calls.put("measuredExtractJobCalls", uttrekk);
        calls.put("extractJobCallsWithoutNotReady", batches + 2);
        // not the extract's: the event feed, read every hendelser.feed.period all along (500 ms in the test profile)
        calls.put("measuredEventFeedCalls", feed);
        calls.put("measuredOtherFolkeregisteretCalls", other);
        calls.put("holds", bulk == k.bulkoppslag() && bulk >= batches && bulk <= 3 * batches);
        r.put("registerCalls", calls);
        r.put("goal", Map.of("wallSecondsAtMost", 60, "heap", "-Xmx512m holds (the run finishes without OutOfMemoryError)"));
        r.put("goalMet", k.status() == Uttrekkskjoering.Status.LEVERT && wall / 1e9 <= 60);
        r.put("systemLoadAverageAtEnd", loadAverage());
        return r;
    }

    private static double loadAverage() {
        return round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2);
    }

    private static double seconds(long nanos) {
        return round(nanos / 1e9, 3);
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
