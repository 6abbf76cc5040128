package no.kommune.esb.paalitelighet;

import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import no.kommune.esb.SftpInnlogging;
import no.kommune.esb.simulator.population.Kind;
import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.sshd.sftp.client.SftpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * R5 and R6 of issue #15 (docs/reliability.md), in this order in one JVM: every case of {@link FiendtligKatalog}
 * against the in-JVM platform's real intakes, then the privacy scan of everything the run left behind (log lines,
 * every database table, every file on SFTP, every Kafka record and JMS message, the API answers). Only with
 * {@code -Preliability}.
 */
@Tag("reliability")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class R5R6FiendtligInputPersonvernTest extends FiendtligInput {

    /**
     * Where identity numbers may stand in clear, and why (DOMAIN.md). Everywhere else, and for KRR contact data and
     * protected addresses everywhere, a hit is a leak.
     */
    static final Map<String, String> IDENTITETSNUMMER_TILLATT = new TreeMap<>(Map.ofEntries(
            Map.entry("db:brev.mottaker", "the letter's recipient: looked up in Folkeregisteret and KRR at every dispatch (rules 1, 4)"),
            Map.entry("db:mottakerbrev.mottaker", "the person a recipient letter goes to (a parent for a child's letter, rule 7)"),
            Map.entry("db:brev_dokument.innhold", "the sender's own PDF, sent as it came"),
            Map.entry("db:hendelse.identifikator", "the person a register event is about: fan-out to the fagsystems that follow them"),
            Map.entry("db:levering.dokument", "an event as delivered to a fagsystem whose registration includes identitetsnummer"),
            Map.entry("db:portefolje.identifikator", "the persons a fagsystem follows (its portfolio)"),
            Map.entry("db:proaktiv_utsendelse.identifikator", "the person a proactive letter was made for (not sent twice)"),
            Map.entry("db:dead_letter.payload", "the refused or failed message exactly as handed in, for redrive and diagnosis"),
            Map.entry("sftp", "fagsystems' own folders: event and extract files they receive by registration, their own manifests"),
            Map.entry("kafka", "event topics per fagsystem, minimised by its registration"),
            Map.entry("jms", "event and status queues per fagsystem, its own hand-ins on DLQ; not the intake answer queues"),
            Map.entry("api:oppslag", "a look-up answer to a registration that sees identitetsnummer"),
            Map.entry("api:innsyn", "the integration team's insight into one person, asked for by number")));

    @Value("${platform.kafka.bootstrap-servers}")
    String kafka;
    @Value("${platform.embedded.artemis.user}")
    String brokerBruker;
    @Value("${platform.embedded.artemis.password}")
    String brokerPassord;
    @Value("${platform.sftp.password}")
    String sftpPassord;

    private static Loggopptak logg;
    private static List<Resultat> r5;

    @AfterAll
    static void stoppLoggopptak() {
        if (logg != null) {
            logg.stopp();
        }
    }

    @Test
    @Order(1)
    void should_answer_every_hostile_input_with_a_clear_refusal_and_stay_up() {
        logg = Loggopptak.koblePaa();
        List<Tilfelle> tilfeller = FiendtligKatalog.alle();

        r5 = kjoer(tilfeller, skanner());

        List<Resultat> feilet = r5.stream().filter(r -> !r.bestaatt()).toList();
        Map<String, Object> tall = new LinkedHashMap<>();
        tall.put("cases", r5.size());
        tall.put("passed", r5.size() - feilet.size());
        tall.put("failed", feilet.size());
        tall.put("casesByIntake", r5.stream().collect(Collectors.groupingBy(r -> r.tilfelle().inntak().name(), TreeMap::new, Collectors.counting())));
        tall.put("answers5xx", r5.stream().filter(r -> r.utfall().status() >= 500).count());
        tall.put("answersWithStackTraceOrClassName", r5.stream().filter(r -> LEKKASJE.matcher(String.valueOf(r.utfall().svar())).find()).count());
        tall.put("healthAfterLastCase", helse());
        tall.put("cases_list", r5.stream().map(Resultat::somRad).toList());
        Rapport.leggTil("R5 hostile input", Map.of("target", "in-JVM platform (EndToEndTest context) over real HTTP, JMS (Artemis) and SFTP"),
                tall, feilet.isEmpty() && r5.size() >= 200);

        assertThat(r5).hasSizeGreaterThanOrEqualTo(200);
        assertThat(feilet).as("cases that did not get a clear refusal").extracting(Resultat::somRad).isEmpty();
        assertThat(helse()).isEqualTo("UP");
    }

    @Test
    @Order(2)
    void should_find_no_identity_number_contact_data_or_protected_address_outside_the_allowed_places() throws Exception {
        if (logg == null) {
            logg = Loggopptak.koblePaa();
        }
        Personvernskanner skanner = skanner();
        Skanning s = new Skanning(skanner);
        String plantet = plant();

        apiSvar(s);
        for (String[] linje : logg.linjer()) {
            s.skann("log", "log:" + linje[0], linje[1], false);
        }
        harnessLogger(s);
        database(s);
        sftp(s);
        kafka(s);
        jms(s);

        List<Personvernskanner.Treff> plantedeFunnet = s.treff.stream().filter(t -> t.kilde().replace('_', '-').contains("r6-plantet")).toList();
        List<Personvernskanner.Treff> lekkasjer = s.treff.stream().filter(t -> !t.kilde().replace('_', '-').contains("r6-plantet")).toList();
        fjernPlantet(plantet);
        Map<String, Object> tall = new LinkedHashMap<>();
        tall.put("scanned", s.skannet);
        tall.put("plantedPositives", 4);
        tall.put("plantedPositivesFound", plantedeFunnet.stream().map(Personvernskanner.Treff::kilde).distinct().count());
        tall.put("hits", lekkasjer.size());
        tall.put("hitsBySource", lekkasjer.stream().collect(Collectors.groupingBy(t -> t.kilde() + " " + t.art(), TreeMap::new, Collectors.counting())));
        tall.put("identityNumbersAllowedIn", IDENTITETSNUMMER_TILLATT);
        Rapport.leggTil("R6 privacy scan", Map.of(), tall, lekkasjer.isEmpty() && plantedeFunnet.stream().map(Personvernskanner.Treff::kilde).distinct().count() == 4);

        assertThat(plantedeFunnet).extracting(Personvernskanner.Treff::kilde).as("every source reached: the planted positives are found")
                .contains("log:r6-plantet", "db:r6_plantet.tekst", "sftp:/skole/r6-plantet.txt", "api:r6-plantet");
        assertThat(lekkasjer).as("personal data outside the allowed places").isEmpty();
    }

    /** The figures and hits of one scan. */
    static final class Skanning {
        final Personvernskanner skanner;
        final Map<String, Long> skannet = new TreeMap<>();
        final List<Personvernskanner.Treff> treff = new ArrayList<>();

        Skanning(Personvernskanner skanner) {
            this.skanner = skanner;
        }

        void skann(String slag, String kilde, String tekst, boolean identitetsnummerTillatt) {
            skannet.merge(slag, 1L, Long::sum);
            treff.addAll(skanner.skann(kilde, tekst, identitetsnummerTillatt));
        }
    }

    /** One positive per kind of source, each where nothing allows it: the scan must find all four. */
    private String plant() throws IOException {
        String epost = "kari.nordmann.1@sim.example.no";
        LoggerFactory.getLogger("r6-plantet").info("planted for the privacy scan: {} {}", FiendtligKatalog.FNR, epost);
        jdbc.execute("create table if not exists r6_plantet (tekst text)");
        jdbc.update("insert into r6_plantet values (?)", "planted " + epost);
        try (SftpInnlogging skole = SftpInnlogging.logInn(sftpPort, "skole", "lokal-skole")) {
            skole.lastOppDirekte("/r6-plantet.txt", ("planted " + epost).getBytes(StandardCharsets.UTF_8));
        }
        SVAR.add(Map.entry("r6-plantet", "planted " + FiendtligKatalog.FNR));
        return epost;
    }

    private void fjernPlantet(String epost) throws IOException {
        jdbc.execute("drop table if exists r6_plantet");
        try (SftpInnlogging skole = SftpInnlogging.logInn(sftpPort, "skole", "lokal-skole")) {
            skole.sftp().remove("/r6-plantet.txt");
        }
        SVAR.removeIf(e -> e.getKey().equals("r6-plantet"));
    }

    /** The R5 answers, plus the answers a fagsystem and the integration team get about letters and protected persons. */
    private void apiSvar(Skanning s) {
        for (Map.Entry<String, String> svar : List.copyOf(SVAR)) {
            s.skann("apiAnswers", "api:" + svar.getKey(), svar.getValue(), false);
        }
        Inntaksmiljoe m = new PlattformMiljoe();
        String brev = m.andresBrev();
        s.skann("apiAnswers", "api:GET /api/forsendelser/{id}", m.http("GET", "/api/forsendelser/" + brev, token("barnevern"), null, null, Map.of()).svar(), false);
        s.skann("apiAnswers", "api:GET /api/dead-letters", m.http("GET", "/api/dead-letters?alle=true", adminToken(), null, null, Map.of()).svar(), false);
        s.skann("apiAnswers", "api:GET /api/manuell", m.http("GET", "/api/manuell", adminToken(), null, null, Map.of()).svar(), false);
        for (Kind kind : List.of(Kind.STRENGT_FORTROLIG, Kind.FORTROLIG, Kind.BARN_STRENGT_FORTROLIG)) {
            String ident = population.find(kind).id();
            // the school's population is the kommune's children: the adults through the care system, which withholds protected addresses too
            boolean barn = kind == Kind.BARN_STRENGT_FORTROLIG;
            s.skann("apiAnswers", "api:oppslag " + kind, m.http("GET", "/api/oppslag/personer/" + ident
                    + (barn ? "?formaal=skoleplass" : "?formaal=pasientbehandling") + "&familie=true",
                    token(barn ? "skole" : "pleie-omsorg"), null, null, Map.of()).svar(), true);
            s.skann("apiAnswers", "api:innsyn " + kind, m.http("GET", "/api/innsyn/" + ident, adminToken(), null, null, Map.of()).svar(), true);
        }
    }

    /** The logs of R1–R4's child processes (target/reliability/<scenario>/*.log), when they ran before in this build. */
    private void harnessLogger(Skanning s) throws IOException {
        Path rot = Path.of("target", "reliability");
        if (!Files.isDirectory(rot)) {
            return;
        }
        try (Stream<Path> filer = Files.walk(rot)) {
            for (Path fil : filer.filter(Files::isRegularFile).toList()) {
                String navn = rot.relativize(fil).toString();
                if (navn.contains("/infra/kafka/")) {
                    // Kafka's segment files end in .log too: binary record batches whose values are the status
                    // messages, scanned as the Kafka records of this JVM are (identity numbers allowed there)
                    if (navn.endsWith(".log")) {
                        s.skann("harnessKafkaSegments", "kafka-segment:" + navn, new String(Files.readAllBytes(fil), StandardCharsets.UTF_8), true);
                    }
                } else if (navn.endsWith(".log")) {
                    // decoded leniently: a SIGKILL can cut the last line inside a multi-byte character
                    new String(Files.readAllBytes(fil), StandardCharsets.UTF_8).lines()
                            .forEach(linje -> s.skann("harnessLogLines", "log:" + navn, linje, false));
                } else if (navn.contains("/infra/sftp/") && Files.size(fil) < 20_000_000) {
                    s.skann("harnessSftpFiles", "sftp:" + navn, new String(Files.readAllBytes(fil), StandardCharsets.UTF_8), true);
                }
            }
        }
    }

    /** Every text, JSON and binary column of every table, row by row. */
    private void database(Skanning s) {
        List<Map<String, Object>> kolonner = jdbc.queryForList("select table_name, column_name, data_type from information_schema.columns"
                + " where table_schema = 'public' and table_name <> 'flyway_schema_history'"
                + " and data_type in ('text', 'character varying', 'json', 'jsonb', 'bytea') order by table_name, column_name");
        for (Map<String, Object> k : kolonner) {
            String tabell = (String) k.get("table_name");
            String kolonne = (String) k.get("column_name");
            String kilde = "db:" + tabell + "." + kolonne;
            boolean tillatt = IDENTITETSNUMMER_TILLATT.containsKey(kilde);
            String uttrykk = "bytea".equals(k.get("data_type")) ? "\"" + kolonne + "\"" : "\"" + kolonne + "\"::text";
            jdbc.query("select " + uttrykk + " from \"" + tabell + "\" where \"" + kolonne + "\" is not null", rad -> {
                Object verdi = rad.getObject(1);
                String tekst = verdi instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(verdi);
                s.skann("dbValues", kilde, tekst, tillatt);
            });
        }
    }

    /** Every file under the SFTP root, as the platform's own user sees it. */
    private void sftp(Skanning s) throws IOException {
        try (SftpInnlogging platform = SftpInnlogging.logInn(sftpPort, "platform", sftpPassord)) {
            gaaGjennom(platform.sftp(), "/", s);
        }
    }

    private static void gaaGjennom(SftpClient sftp, String mappe, Skanning s) throws IOException {
        for (SftpClient.DirEntry e : sftp.readDir(mappe)) {
            if (e.getFilename().equals(".") || e.getFilename().equals("..")) {
                continue;
            }
            String sti = mappe + (mappe.endsWith("/") ? "" : "/") + e.getFilename();
            if (e.getAttributes().isDirectory()) {
                gaaGjennom(sftp, sti, s);
            } else if (e.getAttributes().getSize() < 20_000_000) {
                try (InputStream in = sftp.read(sti)) {
                    String tekst = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    // the planted file stands where nothing allows personal data: the home folder's top
                    s.skann("sftpFiles", "sftp:" + sti, tekst, !sti.contains("r6-plantet"));
                }
            }
        }
    }

    /** Every record of every topic, from the beginning. */
    private void kafka(Skanning s) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        try (AdminClient admin = AdminClient.create(p)) {
            List<String> emner = admin.listTopics().names().get().stream().filter(t -> !t.startsWith("__")).sorted().toList();
            p.put("key.deserializer", ByteArrayDeserializer.class.getName());
            p.put("value.deserializer", ByteArrayDeserializer.class.getName());
            p.put("enable.auto.commit", "false");
            try (KafkaConsumer<byte[], byte[]> forbruker = new KafkaConsumer<>(p)) {
                List<TopicPartition> deler = emner.stream().flatMap(t -> forbruker.partitionsFor(t).stream()
                        .map(i -> new TopicPartition(t, i.partition()))).toList();
                forbruker.assign(deler);
                forbruker.seekToBeginning(deler);
                Map<TopicPartition, Long> slutt = forbruker.endOffsets(deler);
                while (deler.stream().anyMatch(d -> forbruker.position(d) < slutt.get(d))) {
                    for (ConsumerRecord<byte[], byte[]> r : forbruker.poll(Duration.ofSeconds(2))) {
                        s.skann("kafkaRecords", "kafka:" + r.topic(), r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8), true);
                    }
                }
            }
        }
    }

    /** Every message on every queue of the broker, browsed (nothing consumed). */
    private void jms(Skanning s) throws Exception {
        try (Connection c = new ActiveMQConnectionFactory(brokerUrl, brokerBruker, brokerPassord).createConnection()) {
            Session session = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            c.start();
            for (String koe : koeer(session)) {
                // an intake answer goes back to the sender: a problem there must not repeat a number either
                boolean tillatt = !koe.endsWith(".forsendelse.svar");
                try (QueueBrowser b = session.createBrowser(session.createQueue(koe))) {
                    var meldinger = b.getEnumeration();
                    while (meldinger.hasMoreElements()) {
                        Message m = (Message) meldinger.nextElement();
                        String tekst = m instanceof TextMessage t ? t.getText() : m.getBody(Object.class) instanceof byte[] b2
                                ? new String(b2, StandardCharsets.UTF_8) : String.valueOf(m.getBody(Object.class));
                        s.skann("jmsMessages", "jms:" + koe, tekst, tillatt);
                    }
                }
            }
        }
    }

    /** The broker's queue names, asked over its management address. */
    private static List<String> koeer(Session session) throws Exception {
        var svarkoe = session.createTemporaryQueue();
        Message spoersmaal = session.createMessage();
        JMSManagementHelper.putOperationInvocation(spoersmaal, ResourceNames.BROKER, "getQueueNames");
        spoersmaal.setJMSReplyTo(svarkoe);
        session.createProducer(session.createQueue("activemq.management")).send(spoersmaal);
        Message svar = session.createConsumer(svarkoe).receive(10_000);
        Object[] navn = (Object[]) JMSManagementHelper.getResult(svar);
        List<String> koeer = new ArrayList<>();
        for (Object n : navn) {
            String q = String.valueOf(n);
            if (!q.startsWith("activemq.") && !q.contains("-") || q.startsWith("fagsystem.") || q.equals("DLQ")) {
                koeer.add(q);
            }
        }
        return koeer.stream().distinct().sorted().toList();
    }
}
