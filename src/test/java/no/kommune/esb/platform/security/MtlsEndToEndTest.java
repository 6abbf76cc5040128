package no.kommune.esb.platform.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.EndToEndTest;
import no.kommune.esb.TestPdf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API over mutual TLS: the local CA's client certificates (one per sender system, one for the integration team)
 * reach the API on the mTLS port with the same rights as the matching tokens; certificates from another CA, or none,
 * fail the TLS handshake; a certificate from the right CA that nobody registered gets 403.
 */
@ExtendWith(OutputCaptureExtension.class)
class MtlsEndToEndTest extends EndToEndTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    MtlsConnector connector;
    @Autowired
    JdbcTemplate jdbc;
    @Value("${platform.security.mtls.local-ca.folder}")
    Path folder;
    @Value("${platform.security.mtls.local-ca.password}")
    String password;
    @Value("${server.port}")
    int webPort;

    @Test
    void should_accept_a_letter_from_skoles_certificate_and_let_it_read_the_letter_back() throws Exception {
        HttpClient skole = client(keyStore(LocalCertificateAuthority.clientKeystore(folder, "skole")));
        String ref = "mtls-" + UUID.randomUUID();

        HttpResponse<String> svar = submit(skole, "skole", ref);

        assertThat(svar.statusCode()).as(svar.body()).isEqualTo(202);
        String id = JSON.readTree(svar.body()).path("id").asText();
        assertThat(jdbc.queryForObject("select avsender_system from brev where ekstern_referanse = ?", String.class, ref)).isEqualTo("skole");
        HttpResponse<String> lest = get(skole, "/api/forsendelser/" + id);
        assertThat(lest.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(lest.body()).path("eksternReferanse").asText()).isEqualTo(ref);
    }

    @Test
    void should_not_let_skoles_certificate_read_or_submit_barneverns_letters() throws Exception {
        UUID id = barnevernsLetter();
        HttpClient skole = client(keyStore(LocalCertificateAuthority.clientKeystore(folder, "skole")));

        // told nothing, not even that the letter exists; a forged caller header changes nothing
        assertThat(get(skole, "/api/forsendelser/" + id).statusCode()).isEqualTo(404);
        assertThat(skole.send(request("/api/forsendelser/" + id).header("X-Esb-Fagsystem", "barnevern").header("X-Esb-Admin", "true").GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        assertThat(submit(skole, "barnevern", "mtls-fremmed-" + UUID.randomUUID()).statusCode()).isEqualTo(403);
        // barnevern's own certificate reads it
        assertThat(get(client(keyStore(LocalCertificateAuthority.clientKeystore(folder, "barnevern"))), "/api/forsendelser/" + id).statusCode()).isEqualTo(200);
    }

    @Test
    void should_let_the_integration_teams_certificate_reach_admin_operations_but_not_a_sender_systems() throws Exception {
        HttpClient integrasjon = client(keyStore(LocalCertificateAuthority.clientKeystore(folder, "integrasjon")));
        HttpClient skole = client(keyStore(LocalCertificateAuthority.clientKeystore(folder, "skole")));

        assertThat(get(integrasjon, "/api/manuell").statusCode()).isEqualTo(200);
        assertThat(get(integrasjon, "/api/forsendelser/" + barnevernsLetter()).statusCode()).isEqualTo(200);
        HttpResponse<String> refused = get(skole, "/api/manuell");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(refused.body()).contains("\"type\":\"urn:kommune-esb:problem:ingen-tilgang\"");
    }

    @Test
    void should_fail_the_handshake_for_a_certificate_with_a_registered_subject_from_another_ca(CapturedOutput output) {
        // same CA name and same client subject as the real ones: only the signature tells them apart
        LocalCertificateAuthority foreign = LocalCertificateAuthority.create(localCa().certificate().getSubjectX500Principal(), Clock.systemUTC());
        KeyStore impostor = keyStore(foreign.issueClient(LocalCertificateAuthority.clientSubject("skole"), Clock.systemUTC()));

        assertHandshakeFails(client(impostor));
        assertThat(output.getAll()).contains("mTLS handshake refused: client certificate with subject CN=skole,OU=Klient");
    }

    @Test
    void should_fail_the_handshake_without_a_client_certificate() {
        assertHandshakeFails(client(null));
    }

    @Test
    void should_refuse_and_log_a_certificate_from_the_trusted_ca_that_is_not_registered(CapturedOutput output) throws Exception {
        X500Principal subject = new X500Principal("CN=ukjent-system, OU=Klient, O=kommune-esb LOCAL TEST ONLY");
        HttpClient ukjent = client(keyStore(localCa().issueClient(subject, Clock.systemUTC())));

        HttpResponse<String> svar = get(ukjent, "/api/forsendelser/" + barnevernsLetter());

        assertThat(svar.statusCode()).isEqualTo(403);
        assertThat(svar.headers().firstValue("Content-Type")).hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(svar.body()).contains("not registered").doesNotContain("Melding");
        assertThat(get(ukjent, "/api/manuell").statusCode()).isEqualTo(403);
        assertThat(output.getAll()).contains("API request refused (403, client certificate not registered)").contains("CN=ukjent-system");
    }

    @Test
    void should_still_accept_bearer_tokens_on_the_mtls_port() throws Exception {
        // the token names the caller; the (unregistered) certificate only opened the connection
        HttpClient ukjent = client(keyStore(localCa().issueClient(new X500Principal("CN=proxy, O=kommune-esb LOCAL TEST ONLY"), Clock.systemUTC())));

        HttpResponse<String> svar = ukjent.send(request("/api/manuell").header("Authorization", "Bearer " + adminToken()).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(svar.statusCode()).isEqualTo(200);
    }

    private void assertHandshakeFails(HttpClient client) {
        assertThatThrownBy(() -> get(client, "/api/manuell"))
                .isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(causes(e)).as("causes of %s", e).anyMatch(SSLException.class::isInstance));
    }

    private static java.util.List<Throwable> causes(Throwable e) {
        java.util.List<Throwable> chain = new java.util.ArrayList<>();
        for (Throwable t = e; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private UUID barnevernsLetter() {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                values (?, 'barnevern', ?, 'Melding', 'FORMELL', false, '974760673', 'ORGANISASJON', 'REST', 'STOPPET')""", id, "mtls-" + id);
        return id;
    }

    private HttpResponse<String> submit(HttpClient client, String avsenderSystem, String ref) throws Exception {
        String grense = "g" + UUID.randomUUID();
        String metadata = "{\"avsenderSystem\":\"" + avsenderSystem + "\",\"eksternReferanse\":\"" + ref + "\",\"tittel\":\"Vedtak\","
                + "\"mottaker\":\"974760673\",\"brevtype\":\"FORMELL\",\"dokumenter\":[{\"filnavn\":\"a.pdf\",\"mimeType\":\"application/pdf\"}]}";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.writeBytes(("--" + grense + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n" + metadata
                + "\r\n--" + grense + "\r\nContent-Disposition: form-data; name=\"d1\"; filename=\"a.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.writeBytes(TestPdf.gyldig("vedtak"));
        body.writeBytes(("\r\n--" + grense + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return client.send(request("/api/forsendelser").header("Content-Type", "multipart/form-data; boundary=" + grense)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void should_let_a_certificate_look_up_under_its_own_registration_only() throws Exception {
        String id = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + webPort
                + "/sim/admin/population/kinds/BARN_FELLES_FORELDREANSVAR")).GET().build(), HttpResponse.BodyHandlers.ofString()).body())
                .path("foedselsEllerDNummer").asText();
        HttpClient skole = client(keyStore(LocalCertificateAuthority.clientKeystore(folder, "skole")));
        HttpClient sakArkiv = client(keyStore(LocalCertificateAuthority.clientKeystore(folder, "sak-arkiv")));

        HttpResponse<String> svar = skole.send(request("/api/oppslag/personer/" + id + "?formaal=skoleplass")
                .header("X-Esb-Fagsystem", "barnevern").GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> uregistrert = get(sakArkiv, "/api/oppslag/personer/" + id + "?formaal=arkivering");

        assertThat(svar.statusCode()).as(svar.body()).isEqualTo(200);
        // the school's view, whatever the forged header says: foreldreansvar yes, familierelasjoner (child welfare's) no
        assertThat(JSON.readTree(svar.body()).path("person").has("foreldreansvar")).isTrue();
        assertThat(JSON.readTree(svar.body()).path("person").has("familierelasjoner")).isFalse();
        assertThat(uregistrert.statusCode()).isEqualTo(403);
        assertThat(uregistrert.body()).contains("ingen-registrering");
    }

    private HttpResponse<String> get(HttpClient client, String path) throws IOException, InterruptedException {
        return client.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path) {
        assertThat(connector.localPort()).as("mTLS port").isPositive();
        return HttpRequest.newBuilder(URI.create("https://localhost:" + connector.localPort() + path));
    }

    /** A client that trusts the local CA (for the server's certificate) and shows {@code identity}, or no certificate when null. */
    private HttpClient client(KeyStore identity) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(read(folder.resolve(LocalCertificateAuthority.TRUSTSTORE)));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            if (identity != null) {
                keys.init(identity, password.toCharArray());
            }
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(identity == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(tls).build();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private LocalCertificateAuthority localCa() {
        return LocalCertificateAuthority.load(folder.resolve(LocalCertificateAuthority.CA_KEYSTORE), password.toCharArray(), Clock.systemUTC());
    }

    private KeyStore keyStore(Path file) {
        return read(file);
    }

    private KeyStore keyStore(LocalCertificateAuthority.Issued issued) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("klient", issued.key(), password.toCharArray(), issued.chain());
            return store;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private KeyStore read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (Exception e) {
            throw new IllegalStateException(file + ": " + e, e);
        }
    }
}
