package no.kommune.esb.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Start-up benchmark (issue 14, item 3). Not a test: {@code ./mvnw -q -B -Pbenchmark verify} runs it after
 * {@link LetterBenchmark} (docs/benchmarks.md). Starts the platform as README.md says a user does, with the local
 * default profile: README's quick start (the build's extracted jar, {@code java -jar target/app/kommune-esb.jar}), then the
 * packaged fat jar for comparison ({@code benchmark.startup.jar}, separated by {@code |}, replaces both), each in a fresh
 * temporary working folder with a copy of the project's {@code config/}, {@code routes/} and {@code mappings/}, twice
 * per JVM option set (a first start with an empty data folder, then a restart that finds the database, keys and
 * certificates the first made) in {@code benchmark.startup.jvm} (separated by {@code |}; an empty entry = the JVM's
 * defaults; by default README's options, {@code -Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC}), then
 * {@code ./mvnw spring-boot:run} from the project folder with a temporary data folder, also twice
 * ({@code -Dbenchmark.startup.spring-boot-run=false} leaves it out). The only overrides are free ports, so other builds
 * on the machine do not collide.
 * <p>
 * Measures from the moment the process is launched until {@code GET /actuator/health} answers {@code UP}; then the
 * resident memory (VmRSS, and its high-water mark VmHWM) of the JVM and of its child processes (embedded
 * PostgreSQL) from {@code /proc}, then the heap it holds after a full collection ({@code jcmd}). Writes {@code target/benchmarks/startup.json}; each child's log beside it.
 */
public final class StartupBenchmark {

    private static final Pattern STARTED = Pattern.compile("Started EsbApplication in ([0-9.]+) seconds");

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        List<Path> jars = System.getProperty("benchmark.startup.jar") != null
                ? Arrays.stream(System.getProperty("benchmark.startup.jar").split("\\|")).map(Path::of).toList()
                : List.of(Path.of("target", "app", "kommune-esb.jar"), Path.of(jar()));
        Path output = Path.of(System.getProperty("benchmark.startup.output", "target/benchmarks/startup.json"));
        List<String> jvmSets = Arrays.asList(System.getProperty("benchmark.startup.jvm", "-Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC").split("\\|", -1));
        Duration timeout = Duration.ofSeconds(Long.getLong("benchmark.startup.timeout-seconds", 300));
        Files.createDirectories(output.getParent());

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("jars", jars.stream().map(Path::toString).toList());
        result.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        result.put("java", System.getProperty("java.version"));
        List<Map<String, Object>> runs = new ArrayList<>();
        int nr = 0;
        for (Path jar : jars) {
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("no " + jar + ": build it first (./mvnw package)");
            }
            for (String jvm : jvmSets) {
                List<String> jvmArgs = jvm.isBlank() ? List.of() : List.of(jvm.trim().split("\\s+"));
                Path work = workFolder();
                try {
                    // a first start makes the database, keys and certificates; a developer's later starts find them in ./data
                    runs.add(run(jar, jvmArgs, work, jar + ", first start, empty data folder", timeout, output.resolveSibling("startup-" + (++nr) + ".log")));
                    runs.add(run(jar, jvmArgs, work, jar + ", restart, same data folder", timeout, output.resolveSibling("startup-" + (++nr) + ".log")));
                } finally {
                    deleteQuietly(work);
                }
            }
        }
        if (Boolean.parseBoolean(System.getProperty("benchmark.startup.spring-boot-run", "true"))) {
            // README's start command, from this project folder (as a developer runs it after a build); data in a temporary folder
            Path data = Files.createTempDirectory("esb-startup-data-");
            try {
                List<String> mvn = List.of(Path.of("mvnw").toAbsolutePath().toString(), "-o", "-q", "-B", "spring-boot:run");
                runs.add(run(mvn, Path.of("").toAbsolutePath(), data, "./mvnw spring-boot:run, first start, empty data folder", timeout, output.resolveSibling("startup-" + (++nr) + ".log")));
                runs.add(run(mvn, Path.of("").toAbsolutePath(), data, "./mvnw spring-boot:run, restart, same data folder", timeout, output.resolveSibling("startup-" + (++nr) + ".log")));
            } finally {
                deleteQuietly(data);
            }
        }
        result.put("runs", runs);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        json.writeValue(output.toFile(), result);
        System.out.println(json.writeValueAsString(result));
        System.out.println("Written to " + output.toAbsolutePath());
    }

    /** A fresh temporary working folder with a copy of the project's config/, routes/ and mappings/. */
    private static Path workFolder() throws IOException {
        Path base = Path.of("").toAbsolutePath();
        Path work = Files.createTempDirectory("esb-startup-");
        for (String folder : List.of("config", "routes", "mappings")) {
            // copied, not linked: Camel's route loader does not follow a linked routes/ folder
            copy(base.resolve(folder), work.resolve(folder));
        }
        return work;
    }

    /** One start of the jar in the working folder, until healthy; then it is stopped. */
    static Map<String, Object> run(Path jar, List<String> jvmArgs, Path work, String what, Duration timeout, Path log) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.addAll(freePorts(port));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("run", what);
        r.put("jvmArgs", jvmArgs);
        return measure(command, work, port, r, timeout, log);
    }

    /**
     * One start of {@code ./mvnw spring-boot:run} (the pom's JVM options) in the project folder with its data under
     * {@code data}, until healthy; CPU and memory are the forked platform JVM's, the wall time includes Maven's own.
     */
    static Map<String, Object> run(List<String> mvn, Path project, Path data, String what, Duration timeout, Path log) throws Exception {
        int port = freePort();
        List<String> arguments = new ArrayList<>(freePorts(port));
        arguments.add("--platform.data-dir=" + data.toAbsolutePath());
        List<String> command = new ArrayList<>(mvn);
        // spring-boot:run splits its arguments at spaces; none of these holds one
        command.add("-Dspring-boot.run.arguments=" + String.join(" ", arguments));
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("run", what);
        r.put("command", String.join(" ", mvn));
        return measure(command, project, port, r, timeout, log);
    }

    private static List<String> freePorts(int port) {
        return List.of("--server.port=" + port,
                // every other listener on a free port: the machine is shared, the local default's fixed ports may be taken
                "--platform.embedded.postgres.port=0", "--platform.embedded.artemis.port=0", "--platform.embedded.kafka.port=0",
                "--platform.embedded.sftp.port=0", "--platform.embedded.smtp.port=0", "--platform.security.mtls.port=0");
    }

    private static Map<String, Object> measure(List<String> command, Path work, int port, Map<String, Object> r, Duration timeout, Path log) throws Exception {
        r.put("systemLoadAverageAtStart", loadAverage());
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        boolean healthy = false;
        long healthyNanos = 0;
        try {
            while (!healthy && process.isAlive() && System.nanoTime() - start < timeout.toNanos()) {
                try {
                    HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                    healthy = answer.statusCode() == 200 && answer.body().contains("\"UP\"");
                } catch (IOException e) {
                    // not listening yet
                }
                if (!healthy) {
                    Thread.sleep(100);
                }
            }
            healthyNanos = System.nanoTime() - start;
            r.put("healthy", healthy);
            r.put("secondsToHealthy", round(healthyNanos / 1e9, 2));
            r.put("startedAt", startedAt.toString());
            r.put("springReportedStartSeconds", springStarted(log));
            // the platform's JVM: the launched one, or under spring-boot:run the JVM Maven forked
            ProcessHandle jvm = platformJvm(process);
            // CPU the JVM spent to get there (user + system): unlike the wall time, hardly moved by other builds' load
            r.put("cpuSecondsToHealthy", cpuSeconds(jvm.pid()));
            r.put("rssJvmBytes", procStatus(jvm.pid(), "VmRSS"));
            r.put("rssJvmPeakBytes", procStatus(jvm.pid(), "VmHWM"));
            r.put("rssChildProcessesBytes", jvm.descendants().mapToLong(p -> procStatus(p.pid(), "VmRSS")).sum());
            r.put("childProcesses", jvm.descendants().count());
            r.put("systemLoadAverageAtHealthy", loadAverage());
            // what the platform keeps on the heap once started: used heap after a full collection (jcmd of this JDK)
            r.putAll(heapAfterFullGc(jvm.pid()));
        } finally {
            long stop = System.nanoTime();
            // the platform first (Maven does not stop its forked JVM when it is stopped itself), then the launcher
            ProcessHandle jvm = platformJvm(process);
            jvm.destroy();
            try {
                jvm.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // stopped by force below
            }
            process.destroy();
            boolean stopped = process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
            if (!stopped) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            r.put("secondsToStop", round((System.nanoTime() - stop) / 1e9, 2));
            r.put("log", log.toString());
        }
        return r;
    }

    /**
     * Used heap and metaspace of the JVM right after a full collection ({@code jcmd GC.run}, then {@code GC.heap_info}),
     * i.e. what the started platform holds; empty when jcmd is missing or fails.
     */
    static Map<String, Object> heapAfterFullGc(long pid) {
        Map<String, Object> r = new LinkedHashMap<>();
        try {
            jcmd(pid, "GC.run");
            String info = jcmd(pid, "GC.heap_info");
            Matcher heap = Pattern.compile("heap\\s+total (\\d+)K, used (\\d+)K").matcher(info);
            if (heap.find()) {
                r.put("heapCommittedAfterStartBytes", Long.parseLong(heap.group(1)) * 1024);
                r.put("heapUsedAfterStartBytes", Long.parseLong(heap.group(2)) * 1024);
            }
            Matcher metaspace = Pattern.compile("Metaspace\\s+used (\\d+)K").matcher(info);
            if (metaspace.find()) {
                r.put("metaspaceUsedAfterStartBytes", Long.parseLong(metaspace.group(1)) * 1024);
            }
        } catch (IOException | RuntimeException e) {
            r.put("heapAfterStartError", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return r;
    }

    /** The JVM that runs the platform: a descendant running EsbApplication when one exists, else the launched process. */
    private static ProcessHandle platformJvm(Process process) {
        return process.descendants().filter(p -> commandLine(p.pid()).contains("no.kommune.esb.EsbApplication"))
                .findFirst().orElse(process.toHandle());
    }

    /** /proc/<pid>/cmdline, read whole (ProcessHandle.Info may cut a long class path short); empty when the process is gone. */
    private static String commandLine(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor(60, java.util.concurrent.TimeUnit.SECONDS);
        return out;
    }

    /** The packaged (fat) jar in target/ (the Maven profile runs after package). */
    private static String jar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("kommune-esb-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/kommune-esb-*.jar: build it first (./mvnw package)"))
                    .toString();
        }
    }

    private static Double springStarted(Path log) throws IOException {
        Matcher m = STARTED.matcher(Files.readString(log, StandardCharsets.UTF_8));
        return m.find() ? Double.valueOf(m.group(1)) : null;
    }

    /** A size line of /proc/<pid>/status ("VmRSS:  123456 kB") in bytes; 0 when the process is gone. */
    static long procStatus(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.substring(key.length() + 1).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process ended between listing and reading
        }
        return 0;
    }

    /** utime + stime of /proc/<pid>/stat (fields 14 and 15, after the command name in parentheses), in seconds. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // f[0] is field 3 (state), so fields 14 and 15 are f[11] and f[12]; ticks are 1/100 s on Linux
            return round((Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0, 2);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteQuietly(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static double loadAverage() {
        return round(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2);
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
