package no.kommune.esb.hendelser;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import no.kommune.esb.EsbApplication;
import no.kommune.esb.benchmark.Jit;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.folkeregister.FeedPage;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.apache.camel.CamelContext;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;

/**
 * Benchmark of the register-events flow (not a test; never run by {@code mvn verify}). Starts the platform with the
 * embedded setup (profiles local,test: fresh data folder, free ports), stops the feed reader, lets the simulated
 * Folkeregisteret make N population changes (a realistic mix of kinds), then starts the feed reader and measures
 * until every delivery row the fan-out created is LEVERT (the SFTP fagsystems' files are written with
 * {@code lever-naa} once everything else is delivered). Register calls are counted where they arrive, at the
 * simulators. Writes {@code target/benchmarks/events.json}; see docs/benchmarks.md.
 *
 * <pre>./mvnw -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=no.kommune.esb.hendelser.HendelserBenchmark
 *     [-Dbenchmark.hendelser=5000] [-Dbenchmark.populasjon=20000] [-Dbenchmark.portefolje=2000] [-Dbenchmark.timeout=PT30M]</pre>
 * {@code benchmark.portefolje} adults are registered with each portfolio fagsystem (lonn) before the changes.
 */
public final class HendelserBenchmark {

    /** -Dbenchmark.pg-statements=true: PostgreSQL with pg_stat_statements, the measured window's statements in the report */
    private static final boolean PG_STATEMENTS = Boolean.getBoolean("benchmark.pg-statements");

    /** Kinds of change and their share, roughly how a kommune's register changes over a year (moves dominate). */
    private static final Map<String, Double> MIX = mix();

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Kalltelling kall = new Kalltelling();
    private final AtomicLong heapTopp = new AtomicLong();
    private String base;

    public static void main(String[] args) throws Exception {
        int antall = Integer.getInteger("benchmark.hendelser", 5000);
        int populasjon = Integer.getInteger("benchmark.populasjon", 20_000);
        Duration timeout = Duration.parse(System.getProperty("benchmark.timeout", "PT30M"));
        int portefolje = Integer.getInteger("benchmark.portefolje", 2000);
        Path ut = Path.of(System.getProperty("benchmark.out", "target/benchmarks/events.json"));
        // events fanned out and delivered before the measured backlog, so the JIT has compiled the flow's code; 5,000
        // (was 1,000): after 1,000 the compilers still had ~100 s of queued work (docs/benchmarks.md, session 9)
        int oppvarming = Integer.getInteger("benchmark.oppvarming", 5000);
        // warm-up rounds, each followed by a JIT wait (jit-ro): one round left the compilers ~1.7 CPU-ms per measured
        // event to do (session 12); after four the compiler threads still took ~3 CPU-s a round, ~35 % of the measured
        // window's CPU, and only after ~8 rounds under 1 s (session 24, docs/benchmarks.md: C2 reaches the long tail of
        // the libraries' methods a round at a time); 1 = one round, as before
        int oppvarmingRunder = Math.max(1, Integer.getInteger("benchmark.oppvarming-runder", 10));
        // after the warm-up, wait until the JIT compilers have worked off their queue, so the run measures the flow and
        // not the compilers (docs/benchmarks.md, session 9); false = start the measured backlog at once
        boolean jitRo = Boolean.parseBoolean(System.getProperty("benchmark.jit-ro", "true"));
        new HendelserBenchmark().run(antall, populasjon, portefolje, oppvarming, oppvarmingRunder, jitRo, timeout, ut);
    }

    private static Map<String, Double> mix() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("FLYTTING_INNEN_KOMMUNE", 0.40);
        m.put("INNFLYTTING_TIL_KOMMUNE", 0.10);
        m.put("UTFLYTTING_FRA_KOMMUNE", 0.10);
        m.put("FOEDSEL", 0.10);
        m.put("NAVNEENDRING", 0.10);
        m.put("DOEDSFALL", 0.05);
        m.put("FORELDREANSVAR", 0.05);
        m.put("UTVANDRING", 0.04);
        m.put("NYTT_FOEDSELSNUMMER", 0.03);
        m.put("ADRESSEBESKYTTELSE", 0.03);
        return m;
    }

    private void run(int antall, int populasjon, int portefolje, int oppvarming, int oppvarmingRunder, boolean jitRo, Duration timeout,
                     Path ut) throws Exception {
        double lastFoer = lastgjennomsnitt();
        long oppstartStart = System.nanoTime();
        SpringApplicationBuilder builder = new SpringApplicationBuilder(EsbApplication.class)
                .profiles("local", "test")
                .properties("simulator.population.size=" + populasjon,
                        "simulator.population.change-interval=0s",
                        "logging.level.root=WARN",
                        // production's token lifetime, as the letter benchmark: the test profile's 2 s made a Maskinporten
                        // grant (a signed JWT) about every two seconds of the window (32 in session 32's)
                        "simulator.maskinporten.expires-in=599",
                        // its data folder (a gigabyte and more) goes when it is done
                        "platform.embedded.delete-data-on-stop=true");
        if (PG_STATEMENTS) {
            builder.properties("platform.embedded.postgres.server-config.shared_preload_libraries=pg_stat_statements");
        }
        builder.initializers(c -> ((GenericApplicationContext) c).registerBean("benchmarkKalltelling", Filter.class, () -> kall));
        try (ConfigurableApplicationContext ctx = builder.run()) {
            double oppstartS = sekunder(oppstartStart);
            base = "http://localhost:" + ctx.getEnvironment().getProperty("server.port");
            JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
            CamelContext camel = ctx.getBean(CamelContext.class);
            FagsystemRegistry registry = ctx.getBean(FagsystemRegistry.class);
            FolkeregisterClient freg = ctx.getBean(FolkeregisterClient.class);
            List<String> batchFagsystemer = registry.alle().stream()
                    .filter(f -> f.levering() instanceof Fagsystem.Sftp).map(Fagsystem::id).toList();

            int iPortefolje = registrerPortefolje(registry, ctx.getBean(SyntheticPopulation.class), portefolje);
            List<Map<String, Object>> oppvarmingsrunder = new ArrayList<>();
            int pgPort = jdbc.execute((java.sql.Connection c) -> URI.create(c.getMetaData().getURL().substring(5)).getPort());
            if (PG_STATEMENTS) {
                jdbc.execute("create extension if not exists pg_stat_statements");
            }
            double jitVentS = 0;
            for (int runde = 0; oppvarming > 0 && runde < oppvarmingRunder; runde++) {
                if (runde > 0 && jitRo) {
                    jitVentS += Jit.ventTilRolig(Duration.ofMinutes(3));
                }
                long jit = Jit.millis();
                long jitCpu = Jit.cpuMillis();
                if (PG_STATEMENTS) {
                    jdbc.query("select pg_stat_statements_reset()", rs -> { });
                }
                double pgFoer = Cpu.naa(pgPort).postgres();
                double s = varmOpp(jdbc, camel, ctx.getBean(SyntheticPopulation.class), batchFagsystemer, oppvarming, timeout);
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("sekunder", s);
                r.put("jitMs", Jit.millis() - jit);
                r.put("jitCpuMs", Jit.cpuMillis() - jitCpu);
                // PostgreSQL's CPU in the round, and its five costliest statements: session 33's runs had a round ten of
                // 49-52 s (7-8 s the others) that nobody saw the statements of (docs/benchmarks.md, session 34)
                r.put("postgresSekunder", rund(Cpu.naa(pgPort).postgres() - pgFoer));
                if (PG_STATEMENTS) {
                    r.put("setninger", setninger(jdbc, oppvarming, 5));
                }
                oppvarmingsrunder.add(r);
            }
            jitVentS += jitRo ? Jit.ventTilRolig(Duration.ofMinutes(3)) : 0;

            // the backlog is made first, so the measurement covers the platform alone, not the simulator's changes
            camel.getRouteController().stopRoute("hendelser-feed");
            long genStart = System.nanoTime();
            List<Long> seq = generer(antall);
            double genS = sekunder(genStart);
            long fra = seq.stream().mapToLong(Long::longValue).min().orElseThrow();
            // the feed's numbers are contiguous; a change may add an event its answer does not list
            long til = Math.max(seq.stream().mapToLong(Long::longValue).max().orElseThrow(), ctx.getBean(SyntheticPopulation.class).lastSequence());
            int hendelser = (int) (til - fra + 1);
            System.out.printf("Generated %d events (seq %d..%d) in %.1f s; measuring%n", hendelser, fra, til, genS);

            Thread sampler = heapSampler();
            kall.nullstill();
            long fregKallFoer = freg.calls();
            MeterRegistry meter = ctx.getBean(MeterRegistry.class);
            double batcherFoer = meter.counter("esb.hendelser.fordeling.batcher").count();
            double adresserFoer = meter.counter("esb.hendelser.fordeling.eiendomsadresser").count();
            double personerFoer = meter.counter("esb.hendelser.fordeling.personer").count();
            double relaterteFoer = meter.counter("esb.hendelser.fordeling.relaterte").count();
            double eiereFoer = meter.counter("esb.hendelser.fordeling.eiere").count();
            double skjermNumreFoer = meter.counter("esb.hendelser.fordeling.tilbakeholding.numre").count();
            double skjermRaderFoer = meter.counter("esb.hendelser.fordeling.tilbakeholding.rader").count();
            Map<String, Double> faserFoer = fasesekunder(meter);
            Cpu cpuFoer = Cpu.naa(pgPort);
            if (PG_STATEMENTS) {
                jdbc.query("select pg_stat_statements_reset()", rs -> { });
            }
            java.sql.Timestamp dbT0 = jdbc.queryForObject("select clock_timestamp()", java.sql.Timestamp.class);
            long t0 = System.nanoTime();
            camel.getRouteController().startRoute("hendelser-feed");

            Instant frist = Instant.now().plus(timeout);
            vent(frist, "all events stored", () -> tell(jdbc, "select count(*) from hendelse where sekvensnummer between ? and ?", fra, til) >= hendelser);
            double lestS = sekunder(t0);
            vent(frist, "all events fanned out", () -> tell(jdbc,
                    "select count(*) from (select 1 from hendelse where sekvensnummer between ? and ? and status = 'NY' limit 1) x", fra, til) == 0);
            double fordeltS = sekunder(t0);
            String ikkeBatch = batchFagsystemer.isEmpty() ? "" : " and fagsystem not in ('" + String.join("','", batchFagsystemer) + "')";
            vent(frist, "all direct deliveries made", () -> tell(jdbc,
                    "select count(*) from (select 1 from levering where sekvensnummer between ? and ? and status = 'VENTER'" + ikkeBatch + " limit 1) x", fra, til) == 0);
            double direkteS = sekunder(t0);
            for (String id : batchFagsystemer) {
                send("POST", "/api/fagsystemer/" + id + "/lever-naa", "");
            }
            vent(frist, "all deliveries made", () -> tell(jdbc,
                    "select count(*) from (select 1 from levering where sekvensnummer between ? and ? and status = 'VENTER' limit 1) x", fra, til) == 0);
            double totalS = sekunder(t0);
            Cpu cpu = Cpu.naa(pgPort).minus(cpuFoer);
            sampler.interrupt();
            List<Map<String, Object>> setninger = PG_STATEMENTS ? setninger(jdbc, hendelser, 30) : null;
            Map<String, Long> kallNaa = kall.snapshot();
            long fregKall = freg.calls() - fregKallFoer;
            long batcher = Math.round(meter.counter("esb.hendelser.fordeling.batcher").count() - batcherFoer);
            long adresser = Math.round(meter.counter("esb.hendelser.fordeling.eiendomsadresser").count() - adresserFoer);
            long personerSpurt = Math.round(meter.counter("esb.hendelser.fordeling.personer").count() - personerFoer);
            long relaterteSpurt = Math.round(meter.counter("esb.hendelser.fordeling.relaterte").count() - relaterteFoer);
            long eiereSpurt = Math.round(meter.counter("esb.hendelser.fordeling.eiere").count() - eiereFoer);
            Map<String, Double> faser = new LinkedHashMap<>();
            fasesekunder(meter).forEach((fase, sek) -> faser.put(fase, Math.round((sek - faserFoer.getOrDefault(fase, 0.0)) * 1000) / 1000.0));
            double lastEtter = lastgjennomsnitt();
            double feedAleneS = feedAlene(freg, fra, til);

            Map<String, Object> resultat = resultat(jdbc, hendelser, fra, til, populasjon, batchFagsystemer,
                    iPortefolje, oppstartS, genS, lestS, fordeltS, direkteS, totalS, kallNaa, fregKall);
            leggTil(resultat, hendelser, batcher, adresser, feedAleneS, kallNaa, lastFoer, lastEtter);
            // the fan-out batches' elapsed seconds per phase in the window (esb.hendelser.fordeling.fase; "batch" is the whole)
            resultat.put("fordelingFaserSekunder", faser);
            // what the protected-address screening read in the window: numbers of protected persons met, their stored rows
            resultat.put("tilbakeholding", Map.of(
                    "numre", Math.round(meter.counter("esb.hendelser.fordeling.tilbakeholding.numre").count() - skjermNumreFoer),
                    "raderLest", Math.round(meter.counter("esb.hendelser.fordeling.tilbakeholding.rader").count() - skjermRaderFoer)));
            resultat.put("oppvarmingHendelser", oppvarming);
            resultat.put("oppvarmingRunder", oppvarmingsrunder);
            resultat.put("ventetPaaJitSekunder", rund(jitVentS));
            // the property owners outside the batch's persons are asked for after Matrikkelen, in a call of their own per batch
            resultat.put("folkeregisteretIder", Map.of("personer", personerSpurt, "relaterteUtenforBatchen", relaterteSpurt,
                    "eiereUtenforBatchen", eiereSpurt, "iderPer1000Hendelser", per1000(personerSpurt + relaterteSpurt + eiereSpurt, hendelser),
                    "minsteAntallKallMed1000IderPerKall", (personerSpurt + relaterteSpurt + 999) / 1000 + (eiereSpurt + 999) / 1000));
            resultat.put("cpu", cpu.somKart(hendelser, totalS));
            if (setninger != null) {
                resultat.put("setningerPerHendelse", setninger);
            }
            resultat.put("tidslinje", tidslinje(jdbc, fra, til, dbT0));
            resultat.put("webhookAlene", webhookAlene(ctx, jdbc, registry, fra, til, hendelser));
            Files.createDirectories(ut.toAbsolutePath().getParent());
            String tekst = json.enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(resultat);
            Files.writeString(ut, tekst + "\n");
            System.out.println(tekst);
            System.out.println("Written to " + ut.toAbsolutePath());
            // routes first: the web server (and with it the simulators) stops before Camel when the context closes
            camel.stop();
        }
    }

    /**
     * With {@code -Dbenchmark.pg-statements=true}: the window's statements as pg_stat_statements saw them (constants
     * replaced by $n), the {@code antall} that took the server longest, with calls, milliseconds and rows per event (the
     * benchmark's own polling among them). A diagnosis, off by default: the extension's bookkeeping costs a little.
     */
    private static List<Map<String, Object>> setninger(JdbcTemplate jdbc, int hendelser, int antall) {
        return jdbc.query("""
                select calls, total_exec_time, rows, regexp_replace(query, '\\s+', ' ', 'g') as query
                from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
                order by total_exec_time desc limit ?""", (rs, i) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kallPerHendelse", Math.round(rs.getLong("calls") * 1000.0 / hendelser) / 1000.0);
            m.put("msPerHendelse", Math.round(rs.getDouble("total_exec_time") * 10000 / hendelser) / 10000.0);
            m.put("msTotalt", Math.round(rs.getDouble("total_exec_time")));
            m.put("raderPerHendelse", Math.round(rs.getLong("rows") * 1000.0 / hendelser) / 1000.0);
            String q = rs.getString("query");
            m.put("setning", q.length() > 300 ? q.substring(0, 300) + "…" : q);
            return m;
        }, antall);
    }

    private Map<String, Object> resultat(JdbcTemplate jdbc, int hendelser, long fra, long til, int populasjon, List<String> batch, int portefolje,
                                         double oppstartS, double genS, double lestS, double fordeltS, double direkteS, double totalS,
                                         Map<String, Long> kallNaa, long fregKall) {
        Map<String, Long> perFagsystem = new TreeMap<>();
        Map<String, Long> perStatus = new TreeMap<>();
        jdbc.queryForList("select fagsystem, status, count(*) n from levering where sekvensnummer between ? and ? group by fagsystem, status", fra, til)
                .forEach(r -> {
                    long n = ((Number) r.get("n")).longValue();
                    perStatus.merge(r.get("status").toString(), n, Long::sum);
                    if ("LEVERT".equals(r.get("status"))) {
                        perFagsystem.merge(r.get("fagsystem").toString(), n, Long::sum);
                    }
                });
        long leveringer = perStatus.values().stream().mapToLong(Long::longValue).sum();
        long levert = perStatus.getOrDefault("LEVERT", 0L);
        long medPerson = tell(jdbc, "select count(distinct h.sekvensnummer) from hendelse h join levering l on l.sekvensnummer = h.sekvensnummer"
                + " where h.sekvensnummer between ? and ?", fra, til);
        Map<String, Object> typer = new TreeMap<>();
        jdbc.queryForList("select hendelsetype, count(*) n from hendelse where sekvensnummer between ? and ? group by hendelsetype", fra, til)
                .forEach(r -> typer.put(r.get("hendelsetype").toString(), ((Number) r.get("n")).longValue()));

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("benchmark", "register-events");
        m.put("tidspunkt", Instant.now().toString());
        m.put("maskin", Map.of("prosessorer", Runtime.getRuntime().availableProcessors(),
                "maksHeapMb", Runtime.getRuntime().maxMemory() / (1024 * 1024),
                "java", System.getProperty("java.version")));
        m.put("populasjon", populasjon);
        m.put("personerIPortefoljen", portefolje);
        m.put("hendelser", hendelser);
        m.put("hendelsestyper", typer);
        m.put("hendelserMedMinstEnLevering", medPerson);
        m.put("leveringer", leveringer);
        m.put("leveringerPerStatus", perStatus);
        m.put("levertPerFagsystem", perFagsystem);
        m.put("batchFagsystemer", batch);
        Map<String, Object> tid = new LinkedHashMap<>();
        tid.put("oppstart", rund(oppstartS));
        tid.put("genereringISimulatoren", rund(genS));
        tid.put("allePaaLest", rund(lestS));
        tid.put("alleFordelt", rund(fordeltS));
        tid.put("direkteLevert", rund(direkteS));
        tid.put("alleLevert", rund(totalS));
        m.put("sekunder", tid);
        Map<String, Object> rate = new LinkedHashMap<>();
        rate.put("hendelserPerSekundFordelt", rund(hendelser / fordeltS));
        rate.put("hendelserPerSekundEndeTilEnde", rund(hendelser / totalS));
        rate.put("leveringerPerSekund", rund(levert / totalS));
        rate.put("leveringerPerSekundDirekte", rund((levert - batch.stream().mapToLong(b -> perFagsystem.getOrDefault(b, 0L)).sum()) / direkteS));
        m.put("rater", rate);
        Map<String, Object> kall = new LinkedHashMap<>();
        kall.put("simulatorKall", kallNaa);
        kall.put("folkeregisterClientCalls", fregKall);
        m.put("registerkall", kall);
        Map<String, Object> per1000 = new LinkedHashMap<>();
        per1000.put("folkeregisteretBulkoppslag", per1000(kallNaa.getOrDefault("folkeregisteret bulkoppslag", 0L), hendelser));
        per1000.put("folkeregisteretAlle", per1000(fregKall, hendelser));
        per1000.put("matrikkelen", per1000(kallNaa.getOrDefault("matrikkelen", 0L), hendelser));
        per1000.put("fastlegeregisteret", per1000(kallNaa.getOrDefault("nhn flr", 0L), hendelser));
        m.put("kallPer1000Hendelser", per1000);
        m.put("heapToppMb", heapTopp.get() / (1024 * 1024));
        m.put("heapToppPoolsMb", poolTopp() / (1024 * 1024));
        return m;
    }

    /**
     * When each fagsystem's rows were made and delivered, in seconds from starting the feed: {@code laget} is the
     * fan-out transaction's start (the row's first {@code neste_forsoek}), {@code levert} the delivery round's or batch
     * file's transaction start; {@code runder} counts distinct delivery transactions, {@code ventetid} the seconds from
     * made to delivered (median and largest). Says where deliveries wait: behind the fan-out, or in the rounds.
     */
    private static Map<String, Object> tidslinje(JdbcTemplate jdbc, long fra, long til, java.sql.Timestamp t0) {
        Map<String, Object> m = new TreeMap<>();
        jdbc.queryForList("""
                select fagsystem,
                       extract(epoch from min(neste_forsoek) - ?) laget_foerst, extract(epoch from max(neste_forsoek) - ?) laget_sist,
                       extract(epoch from min(levert) - ?) levert_foerst, extract(epoch from max(levert) - ?) levert_sist,
                       count(distinct levert) runder,
                       percentile_cont(0.5) within group (order by extract(epoch from levert - neste_forsoek)) ventetid_median,
                       max(extract(epoch from levert - neste_forsoek)) ventetid_maks
                  from levering where sekvensnummer between ? and ? and status = 'LEVERT' group by fagsystem""", t0, t0, t0, t0, fra, til)
                .forEach(r -> {
                    Map<String, Object> f = new LinkedHashMap<>();
                    for (String k : List.of("laget_foerst", "laget_sist", "levert_foerst", "levert_sist", "runder", "ventetid_median", "ventetid_maks")) {
                        f.put(k, Math.round(((Number) r.get(k)).doubleValue() * 100) / 100.0);
                    }
                    m.put(r.get("fagsystem").toString(), f);
                });
        return m;
    }

    /**
     * Ceiling of the in-order webhook: the HTTP fagsystem's delivered documents of the measured window mapped again
     * and posted again to the same (simulated) receiver, one after the other as the delivery round posts them (same
     * client settings, headers and bodies), with nothing else running. {@code postMs} is then the least a post takes
     * on this machine, and {@code hendelserPerSekundTak} the end-to-end rate the flow could reach if everything but
     * mapping and posting these were free: a fagsystem's posts are sent in order, so their times add up.
     */
    private static Map<String, Object> webhookAlene(ConfigurableApplicationContext ctx, JdbcTemplate jdbc, FagsystemRegistry registry,
                                                    long fra, long til, int hendelser) throws Exception {
        Fagsystem f = registry.alle().stream().filter(x -> x.levering() instanceof Fagsystem.Http).findFirst().orElse(null);
        if (f == null) {
            return Map.of();
        }
        Fagsystem.Http h = (Fagsystem.Http) f.levering();
        org.springframework.core.env.Environment env = ctx.getEnvironment();
        URI url = URI.create(env.resolveRequiredPlaceholders(h.url()));
        String auth = h.auth().tokenEnv() == null ? null : "Bearer " + env.getProperty(h.auth().tokenEnv());
        List<Map<String, Object>> rader = jdbc.queryForList("""
                select sekvensnummer, dokument from levering where fagsystem = ? and melding = '' and status = 'LEVERT'
                 and sekvensnummer between ? and ? order by sekvensnummer""", f.id(), fra, til);
        no.kommune.esb.mapping.Mapping mapping = registry.mapping(f.id());
        long t = System.nanoTime();
        List<String> payloads = new ArrayList<>();
        rader.forEach(r -> payloads.add(mapping.map((String) r.get("dokument"))));
        double mappingS = sekunder(t);
        int feil = 0;
        double cpuFoer = prosessCpu();
        try (CloseableHttpClient klient = HttpClients.custom()
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement().disableContentCompression().build()) {
            t = System.nanoTime();
            for (int i = 0; i < payloads.size(); i++) {
                HttpPost post = new HttpPost(url);
                post.setHeader("Content-Type", mapping.format().contentType());
                post.setHeader("esb-sekvensnummer", String.valueOf(rader.get(i).get("sekvensnummer")));
                if (auth != null) {
                    post.setHeader("Authorization", auth);
                }
                post.setEntity(new ByteArrayEntity(payloads.get(i).getBytes(StandardCharsets.UTF_8), null));
                if (klient.execute(post, svar -> svar.getCode()) / 100 != 2) {
                    feil++;
                }
            }
        }
        double postS = sekunder(t);
        double cpuS = prosessCpu() - cpuFoer;
        int n = Math.max(1, payloads.size());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fagsystem", f.id());
        m.put("poster", payloads.size());
        m.put("feil", feil);
        m.put("mappingMsPerDokument", Math.round(mappingS * 1e6 / n) / 1000.0);
        m.put("postMs", Math.round(postS * 1e6 / n) / 1000.0);
        m.put("jvmCpuMsPerPost", Math.round(cpuS * 1e6 / n) / 1000.0);
        m.put("posterPerSekund", rund(payloads.size() / postS));
        m.put("hendelserPerSekundTak", rund(hendelser / (postS + mappingS)));
        return m;
    }

    private static double prosessCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    }

    /** Ceiling of the read side: the same events read straight from the simulator's feed, pages of 1,000, nothing stored. */
    private static double feedAlene(FolkeregisterClient freg, long fra, long til) {
        long start = System.nanoTime();
        long neste = fra;
        while (neste <= til) {
            FeedPage side = freg.hendelser(neste, null);
            if (side.hendelser().isEmpty()) {
                break;
            }
            neste = side.nextSeq(neste);
        }
        return sekunder(start);
    }

    /** The goals next to the figures, the ceiling and the machine's load; {@code holder}: goal met. */
    private static void leggTil(Map<String, Object> m, int hendelser, long batcher, long adresser, double feedAleneS,
                                Map<String, Long> kallNaa, double lastFoer, double lastEtter) {
        long fregBulk = kallNaa.getOrDefault("folkeregisteret bulkoppslag", 0L);
        long matrikkel = kallNaa.getOrDefault("matrikkelen", 0L);
        long flr = kallNaa.getOrDefault("nhn flr", 0L);
        Map<String, Object> perBatch = new LinkedHashMap<>();
        perBatch.put("batcher", batcher);
        perBatch.put("folkeregisteretBulkoppslagPerBatch", batcher == 0 ? 0 : rund((double) fregBulk / batcher));
        perBatch.put("distinkteAdresserMatrikkelen", adresser);
        perBatch.put("matrikkelenSoapKallPerDistinktAdresse", adresser == 0 ? 0 : Math.round(matrikkel * 1000.0 / adresser) / 1000.0);
        perBatch.put("fastlegeregisteretKallPerBatch", batcher == 0 ? 0 : rund((double) flr / batcher));
        m.put("perBatch", perBatch);
        @SuppressWarnings("unchecked")
        Map<String, Object> rater = (Map<String, Object>) m.get("rater");
        double rate = (double) rater.get("hendelserPerSekundEndeTilEnde");
        Map<String, Object> tak = new LinkedHashMap<>();
        tak.put("feedAleneSekunder", rund(feedAleneS));
        tak.put("feedAleneHendelserPerSekund", rund(hendelser / feedAleneS));
        m.put("tak", tak);
        Map<String, Object> maal = new LinkedHashMap<>();
        maal.put("hendelserPerSekund", Map.of("maal", 5000, "maalt", rate, "holder", rate >= 5000));
        double fregPer1000 = per1000(fregBulk, hendelser);
        maal.put("folkeregisteretBulkoppslagPer1000", Map.of("maal", 1, "maalt", fregPer1000, "holder", fregPer1000 <= 1));
        maal.put("matrikkelenKallPerDistinktAdresse", Map.of("maal", 1, "maalt", adresser == 0 ? 0 : (double) matrikkel / adresser,
                "holder", matrikkel <= adresser));
        maal.put("fastlegeregisteretIBulk", Map.of("maalt", flr, "holder", flr <= Math.max(1, batcher) * 10L));
        m.put("maal", maal);
        m.put("lastgjennomsnitt", Map.of("foer", lastFoer, "etter", lastEtter));
    }

    private static double lastgjennomsnitt() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /**
     * Warm-up: {@code antall} events made as a backlog, as the measured run makes its events (feed stopped, changes
     * made, feed started: full fan-out batches and delivery rounds, so the JIT compiles the code paths and profiles the
     * measured run takes; after a warm-up made with the feed running the measured window cost ~0.2 ms more CPU per event:
     * docs/benchmarks.md, session 9), and waited for until every delivery is made
     * (batch files written), so the measured run sees compiled code and open connections, as a platform that has been up.
     * One round; answers its seconds.
     */
    private double varmOpp(JdbcTemplate jdbc, CamelContext camel, SyntheticPopulation population, List<String> batchFagsystemer, int antall,
                           Duration timeout) throws Exception {
        long start = System.nanoTime();
        camel.getRouteController().stopRoute("hendelser-feed");
        List<Long> seq = generer(antall);
        camel.getRouteController().startRoute("hendelser-feed");
        long til = Math.max(seq.stream().mapToLong(Long::longValue).max().orElseThrow(), population.lastSequence());
        Instant frist = Instant.now().plus(timeout);
        vent(frist, "warm-up stored", () -> tell(jdbc, "select count(*) from hendelse where sekvensnummer = ?", til) == 1);
        vent(frist, "warm-up fanned out", () -> tell(jdbc, "select count(*) from (select 1 from hendelse where status = 'NY' limit 1) x") == 0);
        String ikkeBatch = batchFagsystemer.isEmpty() ? "" : " and fagsystem not in ('" + String.join("','", batchFagsystemer) + "')";
        // "is there one left" (limit 1), not a count of all: the waits poll the tables while the flow runs, and counting
        // every waiting row each time was PostgreSQL time charged to the flow (auto_explain, docs/benchmarks.md, session 19)
        vent(frist, "warm-up delivered", () -> tell(jdbc, "select count(*) from (select 1 from levering where status = 'VENTER'" + ikkeBatch + " limit 1) x") == 0);
        for (String id : batchFagsystemer) {
            send("POST", "/api/fagsystemer/" + id + "/lever-naa", "");
        }
        double s = sekunder(start);
        System.out.printf("Warm-up: %d events in %.1f s%n", seq.size(), s);
        return s;
    }

    /**
     * CPU time of this JVM and of the embedded PostgreSQL (server and backends), in seconds; the JVM's time also split
     * by thread: {@code simulatorer} = Tomcat's request threads, which in the measured window serve the simulated
     * registers and the simulated webhook receiver (the platform's own work there is the batch file request only);
     * {@code plattform} = every other Java thread (fan-out, delivery, feed, brokers, clients); the rest of the process
     * time ({@code jvm} minus both) is the JIT compilers, GC and threads that ended in the window.
     */
    /** Seconds each fan-out phase has taken so far, summed over batches ({@code esb.hendelser.fordeling.fase}). */
    private static Map<String, Double> fasesekunder(MeterRegistry meter) {
        Map<String, Double> faser = new LinkedHashMap<>();
        meter.find("esb.hendelser.fordeling.fase").timers()
                .forEach(t -> faser.put(t.getId().getTag("fase"), t.totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) / 1e9));
        return faser;
    }

    private record Cpu(double jvm, double postgres, double simulatorer, double plattform, double gc, double jit, double jitCpu, Map<String, Double> perGruppe) {

        private static final java.util.regex.Pattern TOMCAT = java.util.regex.Pattern.compile("http-nio-\\d+-exec-\\d+");

        /** {@code pgPort}: the embedded PostgreSQL's port; its server runs detached, so it is found by its command line. */
        static Cpu naa(int pgPort) {
            double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
            double pg = ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().filter(c -> c.contains("postgres") && c.contains(" -p " + pgPort + " ")).isPresent())
                    .flatMap(p -> java.util.stream.Stream.concat(java.util.stream.Stream.of(p), p.descendants()))
                    .mapToDouble(p -> p.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9).sum();
            java.lang.management.ThreadMXBean traader = ManagementFactory.getThreadMXBean();
            double simulatorer = 0;
            double plattform = 0;
            Map<String, Double> perGruppe = new java.util.HashMap<>();
            for (java.lang.management.ThreadInfo t : traader.getThreadInfo(traader.getAllThreadIds())) {
                long ns = t == null ? -1 : traader.getThreadCpuTime(t.getThreadId());
                if (ns < 0) {
                    continue;
                }
                // thread names with their numbers left out, so a pool's threads count as one group
                perGruppe.merge(t.getThreadName().replaceAll("\\d+", "N"), ns / 1e9, Double::sum);
                if (TOMCAT.matcher(t.getThreadName()).matches()) {
                    simulatorer += ns / 1e9;
                } else {
                    plattform += ns / 1e9;
                }
            }
            // the collectors' and compilers' own time (wall time of their work; with the serial collector that is one core)
            double gc = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(b -> Math.max(0, b.getCollectionTime())).sum() / 1e3;
            double jit = Jit.millis() / 1e3;
            double jitCpu = Jit.cpuMillis() / 1e3;
            return new Cpu(jvm, pg, simulatorer, plattform, gc, jit, jitCpu, perGruppe);
        }

        Cpu minus(Cpu foer) {
            Map<String, Double> gruppe = new java.util.HashMap<>();
            perGruppe.forEach((navn, s) -> gruppe.put(navn, s - foer.perGruppe.getOrDefault(navn, 0.0)));
            return new Cpu(jvm - foer.jvm, postgres - foer.postgres, simulatorer - foer.simulatorer, plattform - foer.plattform, gc - foer.gc, jit - foer.jit, jitCpu - foer.jitCpu, gruppe);
        }

        /** CPU seconds in the measured window, per event, and as cores used (CPU seconds per wall second). */
        Map<String, Object> somKart(int hendelser, double veggS) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("jvmSekunder", rund(jvm));
            m.put("postgresSekunder", rund(postgres));
            m.put("cpuMsPerHendelse", Math.round((jvm + postgres) * 1e5 / hendelser) / 100.0);
            m.put("kjernerIBruk", Math.round((jvm + postgres) * 100 / veggS) / 100.0);
            Map<String, Object> perHendelse = new LinkedHashMap<>();
            perHendelse.put("simulatorerMs", Math.round(simulatorer * 1e5 / hendelser) / 100.0);
            perHendelse.put("plattformOgBrokereMs", Math.round(plattform * 1e5 / hendelser) / 100.0);
            perHendelse.put("jitGcOgAndreMs", Math.round((jvm - simulatorer - plattform) * 1e5 / hendelser) / 100.0);
            perHendelse.put("derAvGcMs", Math.round(gc * 1e5 / hendelser) / 100.0);
            perHendelse.put("derAvJitMs", Math.round(jit * 1e5 / hendelser) / 100.0);
            // the compiler threads' own CPU (/proc, Jit.cpuMillis): derAvJitMs is their compilations' elapsed time
            perHendelse.put("derAvJitCpuMs", Math.round(jitCpu * 1e5 / hendelser) / 100.0);
            perHendelse.put("postgresMs", Math.round(postgres * 1e5 / hendelser) / 100.0);
            m.put("fordeltPerHendelse", perHendelse);
            // the twelve busiest thread groups in the window, ms per event: where the platform's part goes
            Map<String, Object> traader = new LinkedHashMap<>();
            perGruppe.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(12)
                    .forEach(e -> traader.put(e.getKey(), Math.round(e.getValue() * 1e5 / hendelser) / 100.0));
            m.put("msPerHendelsePerTraadgruppe", traader);
            return m;
        }
    }

    /** Registers adults with every portfolio fagsystem through the API (as an HR system would); answers how many. */
    private int registrerPortefolje(FagsystemRegistry registry, SyntheticPopulation population, int antall) throws Exception {
        List<SimPerson> voksne = population.findAll(Kind.VANLIG_VOKSEN);
        int n = Math.min(antall, voksne.size());
        for (Fagsystem f : registry.alle()) {
            if (f.populasjon() instanceof Fagsystem.Portefolje) {
                for (SimPerson p : voksne.subList(0, n)) {
                    HttpResponse<String> r = send("PUT", "/api/fagsystemer/" + f.id() + "/portefolje/" + p.id(), "");
                    if (r.statusCode() / 100 != 2) {
                        throw new IllegalStateException("portfolio registration answered HTTP " + r.statusCode());
                    }
                }
            }
        }
        return n;
    }

    /** Makes population changes in the mix's shares until at least {@code antall} feed events exist. */
    private List<Long> generer(int antall) throws Exception {
        List<Long> seq = new ArrayList<>();
        Map<String, String> feil = new LinkedHashMap<>();
        while (seq.size() < antall) {
            int foer = seq.size();
            // about 100 changes a round, so every kind gets its share even when few events are asked for
            int runde = Math.max(10, Math.min(100, (antall - seq.size()) / 3));
            for (Map.Entry<String, Double> e : MIX.entrySet()) {
                if (seq.size() >= antall || feil.containsKey(e.getKey())) {
                    continue;
                }
                int n = (int) Math.max(1, Math.round(runde * e.getValue()));
                HttpResponse<String> r = send("POST", "/sim/admin/folkeregisteret/hendelser",
                        "{\"kind\":\"" + e.getKey() + "\",\"antall\":" + n + "}");
                if (r.statusCode() / 100 != 2) {
                    feil.put(e.getKey(), "HTTP " + r.statusCode());
                    System.out.println("Change kind " + e.getKey() + " left out: HTTP " + r.statusCode());
                    continue;
                }
                json.readTree(r.body()).path("sekvensnumre").forEach(s -> seq.add(s.asLong()));
            }
            if (seq.size() == foer) {
                throw new IllegalStateException("the simulator made no events: " + feil);
            }
        }
        return seq;
    }

    private Thread heapSampler() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        Thread t = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long brukt = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                heapTopp.accumulateAndGet(brukt, Math::max);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "benchmark-heap");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Sum of the heap pools' peaks since the reset; an upper bound (pools peak at different moments). */
    private static long poolTopp() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private static void vent(Instant frist, String hva, BooleanSupplier ferdig) throws InterruptedException {
        long start = System.nanoTime();
        long sist = start;
        while (!ferdig.getAsBoolean()) {
            if (Instant.now().isAfter(frist)) {
                throw new IllegalStateException("timed out waiting for: " + hva);
            }
            Thread.sleep(100);
            if (System.nanoTime() - sist > 15_000_000_000L) {
                sist = System.nanoTime();
                System.out.printf("... waiting for %s (%.0f s)%n", hva, sekunder(start));
            }
        }
        System.out.printf("%s after %.1f s%n", hva, sekunder(start));
    }

    private static long tell(JdbcTemplate jdbc, String sql, Object... args) {
        Long n = jdbc.queryForObject(sql, Long.class, args);
        return n == null ? 0 : n;
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = sendEn(method, path, body);
        if (r.statusCode() == 401 && path.startsWith("/api/")) {
            // a slow run outlives the token: fetch a new one once
            adminToken = null;
            r = sendEn(method, path, body);
        }
        return r;
    }

    private HttpResponse<String> sendEn(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (path.startsWith("/api/")) {
            b.header("Authorization", "Bearer " + adminToken());
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String adminToken;

    /** The integration team's token from the simulated identity provider, fetched again when it has expired. */
    private String adminToken() throws IOException, InterruptedException {
        if (adminToken == null) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/sim/idp/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=integrasjon&client_secret=lokal-integrasjon"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            adminToken = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("access_token").asText();
        }
        return adminToken;
    }

    private static double sekunder(long fraNano) {
        return (System.nanoTime() - fraNano) / 1e9;
    }

    private static double rund(double d) {
        return Math.round(d * 10) / 10.0;
    }

    private static double per1000(long kall, int hendelser) {
        return rund(kall * 1000.0 / hendelser);
    }

    /** Counts the requests that reach the simulators, by register and operation. */
    static final class Kalltelling implements Filter {

        private final Map<String, LongAdder> tall = new ConcurrentHashMap<>();

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain) throws IOException, ServletException {
            if (request instanceof HttpServletRequest h) {
                String nokkel = nokkel(h.getRequestURI());
                if (nokkel != null) {
                    tall.computeIfAbsent(nokkel, k -> new LongAdder()).increment();
                }
            }
            chain.doFilter(request, response);
        }

        static String nokkel(String uri) {
            if (uri.startsWith("/sim/folkeregisteret/")) {
                if (uri.endsWith("/personer/bulkoppslag")) {
                    return "folkeregisteret bulkoppslag";
                }
                if (uri.contains("/hendelser/feed")) {
                    return "folkeregisteret feed";
                }
                return uri.contains("/personer/") ? "folkeregisteret enkeltoppslag" : "folkeregisteret annet";
            }
            if (uri.startsWith("/sim/matrikkel/")) {
                return "matrikkelen";
            }
            if (uri.startsWith("/sim/nhn/flr/")) {
                return "nhn flr";
            }
            if (uri.startsWith("/sim/fagsystem/")) {
                return "fagsystem webhook";
            }
            if (uri.startsWith("/sim/admin/")) {
                return null;
            }
            if (uri.startsWith("/sim/")) {
                String[] deler = uri.split("/");
                return deler.length > 2 ? deler[2] : uri;
            }
            return null;
        }

        void nullstill() {
            tall.clear();
        }

        Map<String, Long> snapshot() {
            Map<String, Long> m = new TreeMap<>();
            tall.forEach((k, v) -> m.put(k, v.sum()));
            return m;
        }
    }
}
