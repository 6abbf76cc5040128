package no.kommune.esb.paalitelighet;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

/**
 * A sender system ({@code skole}) handing in letters over the REST intake, as a fagsystem would: each letter is
 * posted until the platform answers 2xx; a refused connection, a timeout or a 5xx (the instance is dead or
 * starting) is tried again with the same {@code eksternReferanse}, which the intake treats as the same letter.
 * The port is asked for on every attempt, so a restarted or another instance is used.
 */
final class Innlevering implements AutoCloseable {

    static final byte[] PDF = no.kommune.esb.TestPdf.gyldig("Vedtak om skoleskyss");
    private static final String GRENSE = "reliability-grense";

    private final Miljoe miljoe;
    private final IntSupplier port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ExecutorService traader;
    /** eksternReferanse of every letter the platform accepted (202 new, 200 the same again). */
    final Set<String> godtatt = ConcurrentHashMap.newKeySet();
    final AtomicInteger nyeForsoek = new AtomicInteger();
    final AtomicInteger avvist = new AtomicInteger();
    /** Final refusals by HTTP status (a 4xx other than 401/429): such a letter is not handed in again. */
    final Map<Integer, AtomicInteger> avvistEtterStatus = new ConcurrentHashMap<>();
    private volatile String token;
    private volatile long tokenHentet;

    Innlevering(Miljoe miljoe, IntSupplier port, int traader) {
        this.miljoe = miljoe;
        this.port = port;
        this.traader = Executors.newFixedThreadPool(traader);
    }

    /** Hands in letter {@code ref} to {@code mottaker} in the background. */
    void lever(String ref, String mottaker) {
        traader.execute(() -> {
            byte[] body = multipart(ref, mottaker);
            while (true) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port.getAsInt() + "/api/forsendelser"))
                            .timeout(Duration.ofSeconds(30))
                            .header("Authorization", "Bearer " + token())
                            .header("Content-Type", "multipart/form-data; boundary=" + GRENSE)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() / 100 == 2) {
                        godtatt.add(ref);
                        return;
                    }
                    if (r.statusCode() < 500 && r.statusCode() != 401 && r.statusCode() != 429) {
                        avvist.incrementAndGet();
                        avvistEtterStatus.computeIfAbsent(r.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                        return;
                    }
                } catch (java.io.IOException e) {
                    // the instance is dead or not up yet: the same letter again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                nyeForsoek.incrementAndGet();
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        });
    }

    /** Hands in one letter per entry, letter i to {@code mottakere[i % size]}, with references {@code prefiks-i}. */
    void leverAlle(String prefiks, List<String> mottakere, int antall) {
        for (int i = 0; i < antall; i++) {
            lever(prefiks + "-" + i, mottakere.get(i % mottakere.size()));
        }
    }

    /** Waits until every letter handed to {@link #lever} has been answered. */
    void ferdig(Duration maks) throws InterruptedException {
        traader.shutdown();
        if (!traader.awaitTermination(maks.toSeconds(), TimeUnit.SECONDS)) {
            throw new IllegalStateException("intake not finished within " + maks.toSeconds() + " s");
        }
    }

    private String token() throws java.io.IOException, InterruptedException {
        // the simulated identity provider's tokens live 300 s; a new one every 4 minutes
        if (token == null || System.currentTimeMillis() - tokenHentet > 240_000) {
            synchronized (this) {
                if (token == null || System.currentTimeMillis() - tokenHentet > 240_000) {
                    token = miljoe.token("skole");
                    tokenHentet = System.currentTimeMillis();
                }
            }
        }
        return token;
    }

    private static byte[] multipart(String ref, String mottaker) {
        String metadata = "{\"avsenderSystem\":\"skole\",\"eksternReferanse\":\"" + ref + "\",\"tittel\":\"Vedtak om skoleskyss\","
                + "\"mottaker\":\"" + mottaker + "\",\"brevtype\":\"FORMELL\",\"gjelderBarn\":false,"
                + "\"dokumenter\":[{\"filnavn\":\"vedtak.pdf\",\"mimeType\":\"application/pdf\"}]}";
        ByteArrayOutputStream ut = new ByteArrayOutputStream();
        skriv(ut, "--" + GRENSE + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\nContent-Type: application/json\r\n\r\n" + metadata + "\r\n");
        skriv(ut, "--" + GRENSE + "\r\nContent-Disposition: form-data; name=\"dokument\"; filename=\"vedtak.pdf\"\r\nContent-Type: application/pdf\r\n\r\n");
        ut.writeBytes(PDF);
        skriv(ut, "\r\n--" + GRENSE + "--\r\n");
        return ut.toByteArray();
    }

    private static void skriv(ByteArrayOutputStream ut, String tekst) {
        ut.writeBytes(tekst.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        traader.shutdownNow();
    }
}
