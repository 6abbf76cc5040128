package no.kommune.esb.paalitelighet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The world a reliability scenario runs in: one child JVM that holds what must outlive the platform — embedded
 * PostgreSQL, Artemis, Kafka, SFTP and SMTP on fixed ports and the register simulators under {@code /sim} — and the
 * platform instances, each a child JVM of its own ({@link Plattform}) that reaches that JVM only over the network,
 * configured as against external servers. The first JVM is the platform's own application with every Camel route
 * left out, so its simulators count what the killed instances sent.
 */
final class Miljoe implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Path mappe;
    final int webPort;
    final int postgresPort;
    final int artemisPort;
    final int kafkaPort;
    final int sftpPort;
    final int smtpPort;
    private final Process infrastruktur;
    private final List<Plattform> plattformer = new ArrayList<>();

    /** Starts the infrastructure JVM with a population of at least {@code personer} and waits until it answers. */
    Miljoe(String scenario, int personer) throws Exception {
        this.mappe = Path.of("target", "reliability", scenario).toAbsolutePath();
        slett(mappe);
        Files.createDirectories(mappe);
        this.webPort = ledigPort();
        this.postgresPort = ledigPort();
        this.artemisPort = ledigPort();
        this.kafkaPort = ledigPort();
        this.sftpPort = ledigPort();
        this.smtpPort = ledigPort();
        List<String> args = new ArrayList<>(List.of(
                "--spring.profiles.active=local,test",
                "--platform.data-dir=" + mappe.resolve("infra"),
                "--platform.embedded.random-server-port=false",
                "--server.port=" + webPort,
                "--platform.embedded.postgres.port=" + postgresPort,
                "--platform.embedded.artemis.port=" + artemisPort,
                "--platform.embedded.kafka.port=" + kafkaPort,
                "--platform.embedded.sftp.port=" + sftpPort,
                "--platform.embedded.smtp.port=" + smtpPort,
                // no flow runs here: this JVM only holds the servers and the simulators
                "--camel.main.routes-include-pattern=file:routes/platform/*.ingen",
                "--simulator.population.size=" + Math.max(10_000, personer),
                "--simulator.population.change-interval=0s",
                // Maskinporten's own token lifetime (the test profile's 2 s expire on their way on a loaded host)
                "--simulator.maskinporten.expires-in=120"));
        this.infrastruktur = Plattform.startJvm(mappe.resolve("infra.log"), "768m", args);
        Plattform.ventPaaStart("infrastructure", infrastruktur, mappe.resolve("infra.log"));
    }

    /** Starts a platform instance named {@code navn} (its web port stays the same across restarts) with extra settings. */
    Plattform plattform(String navn, Map<String, String> ekstra) throws Exception {
        Plattform p = new Plattform(this, navn, ledigPort(), ekstra);
        plattformer.add(p);
        p.start();
        return p;
    }

    /** What every platform instance is told, so it uses this environment's servers and simulators. */
    Map<String, String> plattformOppsett(String navn, int port) {
        String sim = "http://localhost:" + webPort + "/sim";
        Path infra = mappe.resolve("infra");
        Map<String, String> m = new LinkedHashMap<>();
        m.put("spring.profiles.active", "local,test");
        m.put("platform.embedded.enabled", "false");
        m.put("simulator.enabled", "false");
        m.put("platform.data-dir", mappe.resolve(navn).toString());
        m.put("server.port", Integer.toString(port));
        m.put("spring.datasource.url", jdbcUrl());
        m.put("spring.datasource.username", "postgres");
        m.put("spring.datasource.password", "");
        m.put("spring.artemis.mode", "native");
        m.put("spring.artemis.broker-url", "tcp://127.0.0.1:" + artemisPort);
        m.put("spring.artemis.user", "esb");
        m.put("spring.artemis.password", "esb-local");
        m.put("platform.kafka.bootstrap-servers", "127.0.0.1:" + kafkaPort);
        m.put("platform.sftp.host", "127.0.0.1");
        m.put("platform.sftp.port", Integer.toString(sftpPort));
        m.put("platform.sftp.root", infra.resolve("sftp").toString());
        m.put("varsel.epost.host", "127.0.0.1");
        m.put("varsel.epost.port", Integer.toString(smtpPort));
        m.put("platform.security.issuer", sim + "/idp");
        m.put("platform.security.jwk-set-uri", sim + "/idp/jwks");
        m.put("varsel.sms.base-url", sim + "/sms");
        m.put("registers.maskinporten.issuer", sim + "/maskinporten/");
        m.put("registers.maskinporten.token-endpoint", sim + "/maskinporten/token");
        m.put("registers.maskinporten.keystore.path", infra.resolve("maskinporten/esb-local.p12").toString());
        m.put("registers.krr.base-url", sim + "/krr");
        m.put("registers.folkeregisteret.base-url", sim + "/folkeregisteret/folkeregisteret/offentlig-med-hjemmel/api/v1");
        m.put("registers.svarut.base-url", sim + "/svarut/api");
        m.put("registers.matrikkel.base-url", sim + "/matrikkel/matrikkelapi/wsapi/v1");
        m.put("registers.geonorge.base-url", sim + "/geonorge/adresser/v1");
        m.put("registers.nhn.flr.base-url", sim + "/nhn/flr/v2/flr");
        m.put("registers.nhn.ar.base-url", sim + "/nhn/ar/v1/AR");
        m.put("registers.nhn.persontjenesten.base-url", sim + "/nhn/persontjenesten");
        m.put("registers.nhn.helseid.issuer", sim + "/helseid");
        m.put("registers.nhn.helseid.token-endpoint", sim + "/helseid/connect/token");
        m.put("registers.nhn.helseid.keystore.path", infra.resolve("helseid/esb-local-helseid.p12").toString());
        m.put("hendelser.webhook.barnevern", sim + "/fagsystem/barnevern/hendelser");
        m.put("forsendelse.status.kanal.sak-arkiv", sim + "/fagsystem/sak-arkiv/forsendelsesstatus?httpMethod=POST&authMethod=Basic"
                + "&authenticationPreemptive=true&authUsername=sak-arkiv&authPassword=RAW(${simulator.fagsystem.token})");
        // the production policy of send attempts (the test profile's 3 would turn a storm into dead letters)
        m.put("forsendelse.behandling.max-forsoek", "6");
        // a killed instance's batch is taken over after 30 s here (production: 5 minutes)
        m.put("forsendelse.behandling.gjenoppta-etter", "PT30S");
        // a live instance renews its claims well within those 30 s
        m.put("forsendelse.behandling.krav-fornyelse", "5000");
        // the production limit on a decided batch's KRR look-up (the test profile's 5 s would re-decide far more often)
        m.put("forsendelse.behandling.krr-maks-alder", "PT30S");
        return m;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres";
    }

    Connection db() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), "postgres", "");
    }

    HttpResponse<String> get(String sti) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + webPort + sti)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode getJson(String sti) throws IOException, InterruptedException {
        HttpResponse<String> r = get(sti);
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET " + sti + " answered " + r.statusCode() + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    void put(String sti, Object body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + webPort + sti))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new IllegalStateException("PUT " + sti + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    void delete(String sti) throws IOException, InterruptedException {
        HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + webPort + sti)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A bearer token of the sender system {@code klient} from the simulated identity provider. */
    String token(String klient) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + webPort + "/sim/idp/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + klient + "&client_secret=lokal-" + klient))
                .build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).get("access_token").asText();
    }

    /** Living persons of the population, {@code antall} at most. */
    List<String> personer(int antall) throws IOException, InterruptedException {
        List<String> ids = new ArrayList<>();
        getJson("/sim/admin/population/identer?antall=" + antall).get("foedselsEllerDNummer").forEach(n -> ids.add(n.asText()));
        return ids;
    }

    @Override
    public void close() {
        plattformer.forEach(Plattform::drep);
        infrastruktur.destroy();
        try {
            if (!infrastruktur.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                infrastruktur.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    interface Sjekk {
        boolean ok() throws Exception;
    }

    /** Waits until {@code sjekk} holds, trying every 200 ms; a failing check counts as not yet. */
    static long ventTil(String hva, Duration maks, Sjekk sjekk) throws InterruptedException {
        long start = System.nanoTime();
        while (System.nanoTime() - start < maks.toNanos()) {
            try {
                if (sjekk.ok()) {
                    return (System.nanoTime() - start) / 1_000_000;
                }
            } catch (Exception e) {
                // not up yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(hva + " not reached within " + maks.toSeconds() + " s");
    }

    static int ledigPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void slett(Path mappe) throws IOException {
        if (!Files.exists(mappe)) {
            return;
        }
        try (var filer = Files.walk(mappe)) {
            filer.sorted(java.util.Comparator.reverseOrder()).forEach(f -> {
                try {
                    Files.delete(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
