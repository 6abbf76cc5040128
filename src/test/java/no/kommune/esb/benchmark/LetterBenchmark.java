package no.kommune.esb.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import no.kommune.esb.EsbApplication;
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
 * Letter throughput benchmark (issue 5, item 10). Not a test: run it with
 * {@code ./mvnw -q -B -Pbenchmark verify -Dbenchmark.letters=10000} (docs/benchmarks.md).
 * <ol>
 *     <li>Starts the whole platform with the {@code local,test} profiles: embedded Artemis, Kafka, PostgreSQL, SFTP
 *     and the register simulators on free ports, a fresh data folder, a population of at least N persons.</li>
 *     <li>Warm-up (not measured, {@code benchmark.warmup}, default 1000): the same as the bus step on other letters,
 *     so JIT, pools and Maskinporten tokens are warm for both measured runs, as in a running platform.</li>
 *     <li>Bus: stores N received one-page PDF letters in one transaction, straight into {@code brev},
 *     {@code brev_dokument} and {@code tidslinje} as the end-to-end tests do (the REST intake is not used), and
 *     measures from the commit until no letter and no recipient letter waits for processing or sending.</li>
 *     <li>Bare loop: the same N letters with the same clients and rules, without Camel or the database:
 *     Folkeregisteret bulk look-up and KRR per 1000 letters, {@link SvarUtClient#send} per recipient letter.</li>
 * </ol>
 * Calls are counted where they arrive, at the simulators ({@link SimulatorCallCounter}); heap is sampled every
 * 100 ms ({@link HeapSampler}). Results go to {@code target/benchmarks/letters.json}; logs to
 * {@code target/benchmarks/letters.log} (only warnings reach the console).
 */
public final class LetterBenchmark {

    private static final Set<Part> PARTS = Set.of(Part.PERSON_BASIS, Part.RELASJON_UTVIDET);
    private static final int BATCH = 1000;
    private static final byte[] PDF = MinimalPdf.enSide("Vedtak om skoleskyss");

    private record Letter(UUID id, String mottaker, boolean gjelderBarn) {
    }

    private LetterBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int n = Integer.getInteger("benchmark.letters", 10_000);
        int warmup = Integer.getInteger("benchmark.warmup", 1000);
        Path output = Path.of(System.getProperty("benchmark.output", "target/benchmarks/letters.json"));
        long timeoutMs = Long.getLong("benchmark.timeout-seconds", 1800) * 1000;
        Files.createDirectories(output.getParent());
        Files.deleteIfExists(output.resolveSibling("letters.log"));

        // system properties outrank the profile files: production's status interval, a still population, quiet console
        System.setProperty("spring.profiles.active", "local,test");
        System.setProperty("simulator.population.size", Integer.toString(Math.max(10_000, n)));
        System.setProperty("simulator.population.change-interval", "0s");
        System.setProperty("forsendelse.status.period", "10000");
        System.setProperty("hendelser.feed.period", "5000");
        System.setProperty("camel.main.routes-reload-enabled", "false");
        System.setProperty("logging.file.name", output.resolveSibling("letters.log").toString());
        System.setProperty("logging.threshold.console", "WARN");

        Map<String, Object> result = new LinkedHashMap<>();
        result.put("letters", n);
        result.put("warmupLetters", warmup);
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
                SyntheticPopulation population = ctx.getBean(SyntheticPopulation.class);
                List<Letter> letters = letters(population, n);

                // JIT, connection pools and Maskinporten tokens warm up on letters that are not measured
                if (warmup > 0) {
                    result.put("warmup", bus(ctx, "warmup", letters(population, warmup), counter, heap, timeoutMs));
                }
                Map<String, Object> bus = bus(ctx, "measured", letters, counter, heap, timeoutMs);
                result.put("bus", bus);

                // the bus is done; stop its routes (and the status poller) so the bare loop runs alone
                ctx.getBean(CamelContext.class).getRouteController().stopAllRoutes();
                Map<String, Object> bare = bare(ctx, letters, counter, heap);
                result.put("bare", bare);

                double busRate = (double) bus.get("lettersPerSecond");
                double bareRate = (double) bare.get("lettersPerSecond");
                result.put("ratioBusToBare", round(busRate / bareRate, 3));
                result.put("expectation", expectation(n, bus, bare));
                result.put("peakHeapBytesWholeRun", heap.peak());
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
    private static List<Letter> letters(SyntheticPopulation population, int n) {
        return population.read(() -> {
            List<Letter> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                SimPerson p = population.person(i % population.size());
                boolean barn = p.status() != SimPerson.Status.DOED
                        && Period.between(p.foedselsdato(), population.today()).getYears() < 18;
                list.add(new Letter(UUID.randomUUID(), p.id(), barn));
            }
            return list;
        });
    }

    // --- through the bus -----------------------------------------------------------------------------------------

    private static Map<String, Object> bus(ConfigurableApplicationContext ctx, String phase, List<Letter> letters, SimulatorCallCounter counter,
                                           HeapSampler heap, long timeoutMs) throws InterruptedException {
        JdbcTemplate jdbc = ctx.getBean(JdbcTemplate.class);
        TransactionTemplate tx = new TransactionTemplate(ctx.getBean(PlatformTransactionManager.class));
        int n = letters.size();
        heap.reset();
        Map<String, Long> before = counter.snapshot();

        long insert = System.nanoTime();
        tx.executeWithoutResult(s -> {
            jdbc.batchUpdate("""
                    insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                    values (?, 'skole', ?, 'Vedtak om skoleskyss', 'FORMELL', ?, ?, 'PERSON', 'REST', 'MOTTATT')""",
                    letters, 500, (ps, l) -> {
                        ps.setObject(1, l.id());
                        ps.setString(2, "benchmark-" + phase + "-" + l.id());
                        ps.setBoolean(3, l.gjelderBarn());
                        ps.setString(4, l.mottaker());
                    });
            jdbc.batchUpdate("insert into brev_dokument (brev_id, nr, filnavn, mime_type, innhold) values (?, 0, 'vedtak.pdf', 'application/pdf', ?)",
                    letters, 500, (ps, l) -> {
                        ps.setObject(1, l.id());
                        ps.setBytes(2, PDF);
                    });
            jdbc.batchUpdate("insert into tidslinje (brev_id, hendelse, detalj) values (?, 'MOTTATT', 'REST')",
                    letters, 500, (ps, l) -> ps.setObject(1, l.id()));
        });
        long start = System.nanoTime();
        double insertSeconds = seconds(start - insert);

        boolean done = false;
        while (!done && System.nanoTime() - start < timeoutMs * 1_000_000) {
            Thread.sleep(100);
            Integer open = jdbc.queryForObject("""
                    select (select count(*) from brev where status in ('MOTTATT', 'BEHANDLES', 'VENTER'))
                         + (select count(*) from mottakerbrev where status = 'KLAR_FOR_SENDING')""", Integer.class);
            done = open != null && open == 0;
        }
        long wall = System.nanoTime() - start;

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("completed", done);
        r.put("insertSeconds", insertSeconds);
        r.put("wallSeconds", seconds(wall));
        r.put("lettersPerSecond", round(n / (wall / 1e9), 1));
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

    // --- the bare loop -------------------------------------------------------------------------------------------

    private static Map<String, Object> bare(ConfigurableApplicationContext ctx, List<Letter> letters, SimulatorCallCounter counter,
                                            HeapSampler heap) {
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
        long sent = 0;
        long failed = 0;
        Map<String, Long> byKanal = new LinkedHashMap<>();
        long start = System.nanoTime();
        for (int from = 0; from < letters.size(); from += BATCH) {
            List<Letter> batch = letters.subList(from, Math.min(letters.size(), from + BATCH));
            List<Brev> brev = new ArrayList<>(batch.size());
            for (Letter l : batch) {
                brev.add(Brev.tilPerson("skole", "bare-" + l.id(), "Vedtak om skoleskyss", Identitetsnummer.of(l.mottaker()),
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
            for (Sending x : sendinger) {
                Brev b = x.brev();
                Mottakerbeslutning m = x.beslutning().svarUtMottaker().harPostadresse()
                        ? beslutter.kontrollFoerSending(x.beslutning(), x.utvalg(), ferske) : x.beslutning();
                if (!m.skalSendes()) {
                    continue;
                }
                String ref = UUID.nameUUIDFromBytes((b.eksternReferanse() + "/" + m.mottakerReferanse()).getBytes(StandardCharsets.UTF_8)).toString();
                SvarUtMottaker s = m.svarUtMottaker();
                Forsendelse f = Forsendelse.builder(b.tittel(), ref, new Forsendelse.Mottaker(s.navn(), s.digitalId(),
                                s.adresselinje1(), s.adresselinje2(), s.adresselinje3(), s.postnummer(), s.poststed(), s.land()))
                        .kunDigitalLevering(m.kunDigitalLevering())
                        .avgivendeSystem(b.avsenderSystem())
                        .build();
                try {
                    svarUt.send(f, dokumenter);
                    sent++;
                } catch (RegisterException e) {
                    failed++;
                }
            }
        }
        long wall = System.nanoTime() - start;

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("wallSeconds", seconds(wall));
        r.put("lettersPerSecond", round(letters.size() / (wall / 1e9), 1));
        r.put("recipientLetters", recipients);
        r.put("sentToSvarUt", sent);
        r.put("sendFailures", failed);
        r.put("recipientLettersByChannel", byKanal);
        r.put("calls", SimulatorCallCounter.difference(before, counter.snapshot()));
        r.put("peakHeapBytes", heap.peak());
        r.put("systemLoadAverageAtEnd", loadAverage());
        return r;
    }

    // --- the expectation ---------------------------------------------------------------------------------

    /**
     * "N letters cost N/1000 KRR calls and N/1000 Folkeregisteret calls, plus the parents' look-ups for children's
     * letters", plus rule 5's grading check just before sending (one more bulk call per batch that sends a letter with
     * an address). A batch needs a parent look-up only when some parent of its children's letters is not already a
     * recipient in the same batch, at most one call per batch (fewer than 1000 such parents here). The bus and the
     * bare loop cut the letters into batches differently (the bus takes them in database order; letters inserted in
     * one transaction share mottatt_tid), so their parent look-up counts may differ by a few; both must stay within
     * three calls per batch.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> expectation(int n, Map<String, Object> bus, Map<String, Object> bare) {
        long batches = (n + BATCH - 1) / BATCH;
        Map<String, Long> busCalls = (Map<String, Long>) bus.get("calls");
        Map<String, Long> bareCalls = (Map<String, Long>) bare.get("calls");
        long busFreg = busCalls.getOrDefault("folkeregisteret.bulkoppslag", 0L);
        long busKrr = busCalls.getOrDefault("krr.personer", 0L);
        long bareFreg = bareCalls.getOrDefault("folkeregisteret.bulkoppslag", 0L);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("batchesOf1000", batches);
        e.put("expectedKrrCalls", batches);
        e.put("measuredKrrCalls", busKrr);
        e.put("expectedFolkeregisteretCallsForRecipients", batches);
        e.put("parentAndGradingCheckCallsInBareLoop", bareFreg - batches);
        e.put("measuredFolkeregisteretBulkCalls", busFreg);
        e.put("measuredFolkeregisteretParentAndGradingCheckCalls", busFreg - batches);
        boolean holds = busKrr == batches && busFreg >= batches && busFreg <= 3 * batches && bareFreg <= 3 * batches;
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
                "forsendelse.behandling.period", "forsendelse.behandling.parallelle-sendinger", "forsendelse.status.period", "registers.folkeregisteret.bulk-size")) {
            s.put(key, ctx.getEnvironment().getProperty(key));
        }
        s.put("pdfBytes", PDF.length);
        s.put("intake", "letters inserted straight into brev/brev_dokument/tidslinje in one transaction (no REST intake)");
        return s;
    }

    private static double loadAverage() {
        return round(java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2);
    }

    private static double seconds(long nanos) {
        return round(nanos / 1e9, 3);
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
