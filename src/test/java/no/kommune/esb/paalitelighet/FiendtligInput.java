package no.kommune.esb.paalitelighet;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.SftpInnlogging;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.forsendelse.mottak.ForsendelseJmsRuter;
import no.kommune.esb.forsendelse.mottak.InnleveringSftpEndToEndTest;
import no.kommune.esb.simulator.idp.SimulatedIdp;
import no.kommune.esb.simulator.population.SimAddress;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Runs R5 cases (issue #15, docs/reliability.md) against the in-JVM platform over its real intakes: HTTP on the web
 * port, the embedded Artemis as the fagsystem's own broker user, the embedded SFTP server as the fagsystem's own SFTP
 * user. Judges each answer: the expected class, no stack trace or class name, no identity number or contact data in
 * it, health UP afterwards. Every answer is kept for the privacy scan (R6).
 */
abstract class FiendtligInput extends EndToEndTest {

    /** A stack trace line, a Java package or an exception's class name: nothing a caller should ever see. */
    static final Pattern LEKKASJE = Pattern.compile("\\tat |\\bat [a-z][\\w$]*\\.[\\w$.]+\\(|Exception|Throwable|\\bjava\\.|\\bjavax\\.|\\bjakarta\\."
            + "|org\\.apache\\.|org\\.springframework|com\\.fasterxml|no\\.kommune\\.|\\.java:\\d+");
    /**
     * Whether {@code svar} holds a run of digits {@link Identitetsnummer#maskIn} masks: 11 or more in a row, also inside a
     * longer run, UUIDs and Camel ids passed over whole. A refusal has no reason to hold one, valid or not (DOMAIN.md:
     * never echo the whole number); maskIn itself decides, so the check and the masking cannot disagree.
     */
    static boolean harSifferrekke(String svar) {
        return !Identitetsnummer.maskIn(svar).equals(svar == null ? "" : svar);
    }

    /** The answers of this run, for the privacy scan: kilde → text. */
    static final List<Map.Entry<String, String>> SVAR = Collections.synchronizedList(new ArrayList<>());

    @Value("${server.port}")
    int port;
    @Value("${platform.security.issuer}")
    String issuer;
    @Value("${spring.artemis.broker-url}")
    String brokerUrl;
    @Value("${platform.sftp.port}")
    int sftpPort;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SimulatedIdp idp;
    @Autowired
    SyntheticPopulation population;

    final HttpClient http = HttpClient.newHttpClient();
    private static SftpInnlogging sftpSkole;
    private String andresBrev;

    /** One case's result as the report lists it. */
    record Resultat(Tilfelle tilfelle, Tilfelle.Utfall utfall, List<String> feil) {

        boolean bestaatt() {
            return feil.isEmpty();
        }

        Map<String, Object> somRad() {
            Map<String, Object> rad = new LinkedHashMap<>();
            rad.put("id", tilfelle.id());
            rad.put("inntak", tilfelle.inntak().name());
            rad.put("beskrivelse", tilfelle.beskrivelse());
            rad.put("forventet", tilfelle.forventet().toString());
            rad.put("faktisk", utfall.status() + (utfall.innholdstype() == null ? "" : " " + utfall.innholdstype()));
            rad.put("bestaatt", bestaatt());
            if (!feil.isEmpty()) {
                rad.put("feil", String.join("; ", feil));
            }
            return rad;
        }
    }

    @AfterAll
    static void loggUtSftp() throws IOException {
        if (sftpSkole != null) {
            sftpSkole.close();
            sftpSkole = null;
        }
    }

    /**
     * Runs {@code tilfeller} in order, each followed by a health check. First waits until the platform is UP: right
     * after the shared context starts, Camel's readiness check is DOWN until every SFTP consumer has polled once, which
     * on a loaded machine takes longer than the first cases — a DOWN then is the start, not the case.
     */
    List<Resultat> kjoer(List<Tilfelle> tilfeller, Personvernskanner skanner) {
        Awaitility.await("the platform UP before the first case").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                .until(() -> "UP".equals(helse()));
        Inntaksmiljoe miljoe = new PlattformMiljoe();
        List<Resultat> resultater = new ArrayList<>();
        for (Tilfelle t : tilfeller) {
            Tilfelle.Utfall utfall;
            try {
                utfall = t.handling().utfoer(miljoe);
            } catch (Exception | AssertionError e) {
                utfall = new Tilfelle.Utfall(-1, null, "", "the case could not be sent: " + e);
            }
            List<String> feil = vurder(t, utfall, skanner);
            // UP again within a few seconds: an SFTP consumer's single failed poll (its folder listed while a case's
            // hand-in moved files; "Cannot list directory") turns Camel's readiness DOWN until its next poll 0.5 s later
            // (a fresh-clone run, session 26); a platform the case took down stays DOWN
            String helse = helse();
            long frist = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!"UP".equals(helse) && System.nanoTime() < frist) {
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                helse = helse();
            }
            if (!"UP".equals(helse)) {
                feil.add("health after the case: " + helse);
            }
            SVAR.add(Map.entry(t.id(), utfall.svar() == null ? "" : utfall.svar()));
            resultater.add(new Resultat(t, utfall, feil));
        }
        return resultater;
    }

    /** What is wrong with the answer; empty = the case passed. */
    static List<String> vurder(Tilfelle t, Tilfelle.Utfall u, Personvernskanner skanner) {
        List<String> feil = new ArrayList<>();
        if (u.feil() != null) {
            feil.add(u.feil());
        }
        int forventet = t.forventet().status();
        switch (t.forventet().klasse()) {
            case PROBLEM -> {
                if (forventet != 0 ? u.status() != forventet : u.status() < 400 || u.status() > 499) {
                    feil.add("status " + u.status() + ", expected " + (forventet == 0 ? "4xx" : forventet));
                }
                if (u.innholdstype() == null || !u.innholdstype().startsWith("application/problem+json")) {
                    feil.add("Content-Type " + u.innholdstype() + ", expected application/problem+json");
                }
                erProblem(u.svar(), feil);
            }
            case JMS_AVVISNING, SFTP_AVVISNING -> {
                if (u.status() < 400 || u.status() > 499) {
                    feil.add("answer status " + u.status() + ", expected a 4xx problem");
                }
                erProblem(u.svar(), feil);
            }
            case XML_AVVIST -> {
                // judged by the case itself (u.feil)
            }
            case TOM_4XX -> {
                if (u.status() < 400 || u.status() > 499 || u.svar() != null && !u.svar().isEmpty()) {
                    feil.add("status " + u.status() + " with a body, expected a bare 4xx");
                }
            }
            case TATT_IMOT_UENDRET -> {
                if (u.status() / 100 != 2) {
                    feil.add("status " + u.status() + ", expected 2xx");
                }
            }
        }
        String svar = u.svar() == null ? "" : u.svar();
        if (LEKKASJE.matcher(svar).find()) {
            feil.add("the answer shows a stack trace or class name");
        }
        if (u.status() >= 400 && harSifferrekke(svar)) {
            feil.add("the refusal echoes a run of 11 or more digits");
        }
        skanner.skann(t.id(), svar, false).forEach(treff -> feil.add("personal data in the answer: " + treff.art() + " " + treff.maskert()));
        return feil;
    }

    private static void erProblem(String svar, List<String> feil) {
        try {
            JsonNode problem = FiendtligKatalog.JSON.readTree(svar == null ? "" : svar);
            if (problem == null || !problem.path("type").asText().startsWith("urn:kommune-esb:problem:")) {
                feil.add("not a problem document with a urn:kommune-esb:problem: type");
            }
        } catch (IOException e) {
            feil.add("the answer is not JSON");
        }
    }

    /**
     * A scanner that knows the simulated population: every KRR mobile number, and the home address of every person with
     * a protected address (fortrolig, strengtFortrolig) where no unprotected person lives (then the address says nothing).
     */
    Personvernskanner skanner() {
        return population.read(() -> {
            Set<String> mobiler = new TreeSet<>();
            Set<String> beskyttet = new TreeSet<>();
            Set<String> aapen = new TreeSet<>();
            for (SimPerson p : population.personsView()) {
                String mobil = population.mobiltelefonnummer(p);
                if (mobil != null) {
                    mobiler.add(mobil.replace("+47", ""));
                }
                if (p.addressIndex() >= 0) {
                    SimAddress a = population.address(p.addressIndex());
                    (p.graderingCode() >= 2 ? beskyttet : aapen).add(a.adressenavn() + " " + a.husnummer() + (a.husbokstav() == null ? "" : a.husbokstav()));
                }
            }
            beskyttet.removeAll(aapen);
            return new Personvernskanner(mobiler, Set.of(), beskyttet);
        });
    }

    /** The platform's health as a load balancer sees it. */
    String helse() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return FiendtligKatalog.JSON.readTree(r.body()).path("status").asText("HTTP " + r.statusCode());
        } catch (IOException | InterruptedException e) {
            return "unreachable: " + e.getClass().getSimpleName();
        }
    }

    /** The platform reached as a case needs it. */
    class PlattformMiljoe implements Inntaksmiljoe {

        @Override
        public String token(String klient) {
            return FiendtligInput.this.token(klient);
        }

        @Override
        public String falskToken(FalskToken art) {
            RSAKey idpNoekkel = idp.signingKey();
            return switch (art) {
                // well past the resource server's 60 s clock skew
                case UTLOEPT -> signert(idpNoekkel, issuer, -600);
                case FEIL_UTSTEDER -> signert(idpNoekkel, "https://fremmed-idp.example", 300);
                case FALSK_SIGNATUR -> signert(falskNoekkel(idpNoekkel.getKeyID()), issuer, 300);
                case USIGNERT -> {
                    String[] deler = signert(idpNoekkel, issuer, 300).split("\\.");
                    yield Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "." + deler[1] + ".";
                }
                case SOPPEL -> "abc.def.ghi";
            };
        }

        @Override
        public Tilfelle.Utfall http(String metode, String sti, String token, String innholdstype, byte[] kropp, Map<String, String> hoder) {
            HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://localhost:" + port + enkod(sti))).timeout(Duration.ofSeconds(60))
                    .method(metode, kropp == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(kropp));
            if (token != null) {
                r.header("Authorization", "Bearer " + token);
            }
            if (innholdstype != null) {
                r.header("Content-Type", innholdstype);
            }
            hoder.forEach(r::header);
            try {
                HttpResponse<String> svar = http.send(r.build(), HttpResponse.BodyHandlers.ofString());
                return Tilfelle.Utfall.svar(svar.statusCode(), svar.headers().firstValue("Content-Type").orElse(null), svar.body());
            } catch (IOException e) {
                return new Tilfelle.Utfall(-1, null, "", "no HTTP answer: " + e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        @Override
        public Tilfelle.Utfall jms(String bruker, Melding lag) {
            try (Connection c = new ActiveMQConnectionFactory(brokerUrl, bruker, "lokal-" + bruker).createConnection()) {
                Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
                c.start();
                Message melding = lag.lag(s);
                s.createProducer(s.createQueue(ForsendelseJmsRuter.innkoe(bruker))).send(melding);
                String korrelasjon = melding.getJMSCorrelationID() != null ? melding.getJMSCorrelationID() : melding.getJMSMessageID();
                try (MessageConsumer svarkoe = s.createConsumer(s.createQueue(ForsendelseJmsRuter.svarkoe(bruker)),
                        "JMSCorrelationID = '" + korrelasjon.replace("'", "''") + "'")) {
                    Message svar = svarkoe.receive(20_000);
                    if (!(svar instanceof TextMessage tekst)) {
                        return new Tilfelle.Utfall(-1, null, "", "no answer on " + ForsendelseJmsRuter.svarkoe(bruker) + " within 20 s");
                    }
                    return Tilfelle.Utfall.svar(FiendtligKatalog.JSON.readTree(tekst.getText()).path("status").asInt(200), "jms", tekst.getText());
                }
            } catch (Exception e) {
                return new Tilfelle.Utfall(-1, null, "", "JMS: " + e.getClass().getSimpleName());
            }
        }

        @Override
        public Tilfelle.Utfall sftp(String bruker, String navn, byte[] manifest, Map<String, byte[]> filer) {
            try {
                SftpInnlogging fagsystem = sftpSkole(bruker);
                for (Map.Entry<String, byte[]> fil : filer.entrySet()) {
                    fagsystem.lastOpp(fil.getKey(), fil.getValue());
                }
                fagsystem.lastOpp(navn + ".json", manifest);
                JsonNode svar = fagsystem.ventPaaSvar(navn);
                String grunn = InnleveringSftpEndToEndTest.INN + ".avvist/" + navn + "/" + navn + ".grunn.json";
                int status = svar.path("status").asInt(200);
                String feil = null;
                try {
                    fagsystem.les(grunn);
                } catch (IOException mangler) {
                    feil = status >= 400 ? "no reason file in .avvist/" + navn + "/" : null;
                }
                return new Tilfelle.Utfall(status, "sftp", svar.toString(), feil);
            } catch (Exception e) {
                return new Tilfelle.Utfall(-1, null, "", "SFTP: no answer (" + e.getClass().getSimpleName() + ")");
            }
        }

        @Override
        public String andresBrev() {
            if (andresBrev == null) {
                Tilfelle.Utfall svar = http("POST", "/api/forsendelser", token("barnevern"), "multipart/form-data; boundary=g",
                        FiendtligKatalog.multipart("g", FiendtligKatalog.metadata(m -> m.put("avsenderSystem", "barnevern")).toString(),
                                Map.of("vedtak.pdf", FiendtligKatalog.PDF)), Map.of());
                try {
                    andresBrev = FiendtligKatalog.JSON.readTree(svar.svar()).path("id").asText();
                } catch (IOException e) {
                    throw new IllegalStateException("barnevern's letter was not accepted: " + svar.status());
                }
            }
            return andresBrev;
        }

        @Override
        public JdbcTemplate jdbc() {
            return jdbc;
        }

        /** One SFTP login per run (a login costs a key exchange); only skole's folder is used. */
        private SftpInnlogging sftpSkole(String bruker) throws IOException {
            if (!"skole".equals(bruker)) {
                return SftpInnlogging.logInn(sftpPort, bruker, "lokal-" + bruker);
            }
            if (sftpSkole == null) {
                sftpSkole = SftpInnlogging.logInn(sftpPort, "skole", "lokal-skole");
            }
            return sftpSkole;
        }
    }

    /** Percent-encodes what java.net.URI refuses in a path or query (spaces, quotes, non-ASCII), leaving existing escapes. */
    static String enkod(String sti) {
        StringBuilder b = new StringBuilder();
        for (byte x : sti.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0) {
                b.append((char) c);
            } else {
                b.append('%').append(String.format("%02X", c));
            }
        }
        return b.toString();
    }

    /** An integration team token (esb:admin) signed with {@code noekkel}, from {@code utsteder}, expiring in {@code sekunder}. */
    private static String signert(RSAKey noekkel, String utsteder, long sekunder) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(noekkel.getKeyID()).build(), new JWTClaimsSet.Builder()
                    .issuer(utsteder).subject("integrasjon").claim("client_id", "integrasjon").claim("scope", "esb:admin")
                    .issueTime(Date.from(Instant.now().plusSeconds(Math.min(0, sekunder) - 60)))
                    .expirationTime(Date.from(Instant.now().plusSeconds(sekunder))).build());
            jwt.sign(new RSASSASigner(noekkel));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey falskNoekkel(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
