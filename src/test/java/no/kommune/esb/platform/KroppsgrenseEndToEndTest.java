package no.kommune.esb.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bodies over their limit are refused with 413 before they are read (Kroppsgrense): a declared Content-Length over the
 * limit is answered although the body never comes whole, and a chunked body is cut off once it passes the limit; both
 * answer the for-stor problem document and make no letter and no audit row. The test profile's limits: the batch
 * hand-in and the wash 1 MB each.
 */
class KroppsgrenseEndToEndTest extends EndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int OVER = 1_200_000;

    @Value("${server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;

    record Svar(int status, String kropp) {
    }

    /** A request over a plain socket: headers, then at most {@code sendes} body bytes (chunked when {@code lengde} < 0). */
    Svar send(String sti, String token, String contentType, String starten, long lengde, int sendes) throws IOException {
        try (Socket s = new Socket("localhost", port)) {
            // a liveness bound only: without the filter the server waits for the rest of the declared body
            s.setSoTimeout(30_000);
            OutputStream ut = s.getOutputStream();
            String hoder = "POST " + sti + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + token + "\r\nContent-Type: " + contentType
                    + "\r\nConnection: close\r\n" + (lengde < 0 ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + lengde + "\r\n") + "\r\n";
            ut.write(hoder.getBytes(StandardCharsets.US_ASCII));
            byte[] foerst = starten.getBytes(StandardCharsets.UTF_8);
            byte[] fyll = new byte[16 * 1024];
            java.util.Arrays.fill(fyll, (byte) 'A');
            try {
                skriv(ut, foerst, lengde < 0);
                for (int sendt = foerst.length; sendt < sendes; sendt += fyll.length) {
                    skriv(ut, fyll, lengde < 0);
                }
                if (lengde < 0) {
                    ut.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                ut.flush();
            } catch (IOException e) {
                // the server answered and closed before the whole body was sent: read its answer
            }
            return les(s.getInputStream());
        }
    }

    private static void skriv(OutputStream ut, byte[] b, boolean chunked) throws IOException {
        if (chunked) {
            ut.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        ut.write(b);
        if (chunked) {
            ut.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private static Svar les(InputStream inn) throws IOException {
        ByteArrayOutputStream alt = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            // until the answer is whole (a chunked body's last chunk, or Content-Length bytes) or the server closes
            for (int n; !hel(alt.toString(StandardCharsets.UTF_8)) && (n = inn.read(buf)) >= 0; ) {
                alt.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            // reset after the answer: what came is enough
        }
        String tekst = alt.toString(StandardCharsets.UTF_8);
        int status = Integer.parseInt(tekst.substring(9, 12));
        int start = tekst.indexOf("\r\n\r\n") + 4;
        String kropp = tekst.substring(start);
        if (tekst.substring(0, start).toLowerCase().contains("transfer-encoding: chunked")) {
            kropp = kropp.substring(kropp.indexOf("\r\n") + 2);
            kropp = kropp.substring(0, kropp.indexOf("\r\n"));
        }
        return new Svar(status, status == 413 || status == 415 ? kropp : tekst);
    }

    private static boolean hel(String tekst) {
        int slutt = tekst.indexOf("\r\n\r\n");
        if (slutt < 0) {
            return false;
        }
        String hoder = tekst.substring(0, slutt).toLowerCase();
        java.util.regex.Matcher lengde = java.util.regex.Pattern.compile("content-length: (\\d+)").matcher(hoder);
        if (lengde.find()) {
            return tekst.getBytes(StandardCharsets.UTF_8).length - (slutt + 4) >= Integer.parseInt(lengde.group(1));
        }
        return !hoder.contains("transfer-encoding: chunked") || tekst.endsWith("\r\n0\r\n\r\n");
    }

    private static void erForStor(Svar svar) throws IOException {
        assertThat(svar.status()).as(svar.kropp()).isEqualTo(413);
        JsonNode p = JSON.readTree(svar.kropp());
        assertThat(p.path("type").asText()).isEqualTo("urn:kommune-esb:problem:for-stor");
        assertThat(p.path("detail").asText()).contains("høyst 1 MB");
    }

    int brev(String referanse) {
        return jdbc.queryForObject("select count(*) from brev where ekstern_referanse = ?", Integer.class, referanse);
    }

    int revisjon() {
        return jdbc.queryForObject("select count(*) from oppslag_revisjon where kaller = 'lonn'", Integer.class);
    }

    static String bunkestart(String referanse) {
        return "{\"forsendelser\": [{\"avsenderSystem\": \"skole\", \"eksternReferanse\": \"" + referanse
                + "\", \"tittel\": \"Vedtak\", \"mottaker\": \"01019012345\", \"brevtype\": \"FORMELL\", \"dokumenter\": "
                + "[{\"filnavn\": \"vedtak.pdf\", \"mimeType\": \"application/pdf\", \"innhold\": \"";
    }

    @Test
    void should_refuse_a_batch_whose_declared_length_is_over_the_limit_with_413_before_the_body_comes() throws Exception {
        String ref = "grense-" + UUID.randomUUID();

        // 50 MB declared, 64 KB sent: only a check before the read can answer
        Svar svar = send("/api/forsendelser/bunker", token("skole"), "application/json", bunkestart(ref), 50L * 1024 * 1024, 64 * 1024);

        erForStor(svar);
        assertThat(brev(ref)).isZero();
    }

    @Test
    void should_refuse_a_chunked_batch_over_the_limit_with_413() throws Exception {
        String ref = "grense-" + UUID.randomUUID();

        Svar svar = send("/api/forsendelser/bunker", token("skole"), "application/json", bunkestart(ref), -1, OVER);

        erForStor(svar);
        assertThat(brev(ref)).isZero();
    }

    @Test
    void should_refuse_a_wash_whose_declared_length_is_over_the_limit_with_413_before_the_body_comes() throws Exception {
        int foer = revisjon();

        Svar svar = send("/api/vask?formaal=ansettelse", token("lonn"), "text/csv", "01019012345\n", 50L * 1024 * 1024, 64 * 1024);

        erForStor(svar);
        assertThat(revisjon()).isEqualTo(foer);
    }

    /** A charset the platform does not know: 415 with why, through the whole server (before session 32 Spring MVC's bare 415 "Unsupported Media Type"). */
    @Test
    void should_refuse_a_wash_with_an_unknown_charset_with_415_and_say_why() throws Exception {
        int foer = revisjon();

        Svar svar = send("/api/vask?formaal=ansettelse", token("lonn"), "text/csv; charset=x-bogus", "01019012345\n", 12, 12);

        assertThat(svar.status()).as(svar.kropp()).isEqualTo(415);
        JsonNode p = JSON.readTree(svar.kropp());
        assertThat(p.path("type").asText()).isEqualTo("urn:kommune-esb:problem:ukjent-tegnsett");
        assertThat(p.path("detail").asText()).contains("charset");
        assertThat(revisjon()).isEqualTo(foer);
    }

    @Test
    void should_refuse_a_chunked_wash_over_the_limit_with_413() throws Exception {
        int foer = revisjon();

        Svar svar = send("/api/vask?formaal=ansettelse", token("lonn"), "text/csv", "01019012345\n", -1, OVER);

        erForStor(svar);
        assertThat(revisjon()).isEqualTo(foer);
    }
}
