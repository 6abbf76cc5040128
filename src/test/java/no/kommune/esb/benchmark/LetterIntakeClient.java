package no.kommune.esb.benchmark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Hands letters in as a fagsystem does, with the sender system's API token, on a fixed number of threads that each send
 * one request after the other over kept-alive connections — a fagsystem working off its batch. With a batch size of 1
 * each request is one letter, {@code POST /api/forsendelser}, multipart/form-data with the metadata part and one PDF
 * part; above 1 each request is a batch of that many letters, {@code POST /api/forsendelser/bunker}, JSON with the PDF
 * inline as base64 (docs/forsendelse-intake.md).
 */
public final class LetterIntakeClient {

    /** One letter to hand in. */
    public record Letter(String eksternReferanse, String mottaker, boolean gjelderBarn) {
    }

    /** What a hand-in run gave: answers per letter by HTTP status (-1: no answer), HTTP requests made, and the wall time. */
    public record Result(Map<Integer, Long> byStatus, long requests, long wallNanos) {
        public long accepted() {
            return byStatus.getOrDefault(202, 0L);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String avsender;
    private final byte[] pdf;
    private final String pdfBase64;
    private final int batchSize;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private volatile String token;
    private volatile Instant tokenTo = Instant.MIN;

    /** One letter per request (the single-letter intake). */
    public LetterIntakeClient(int port, String avsender, byte[] pdf) {
        this(port, avsender, pdf, 1);
    }

    /** {@code batchSize} letters per request; 1 = the single-letter intake. */
    public LetterIntakeClient(int port, String avsender, byte[] pdf, int batchSize) {
        this.baseUrl = "http://localhost:" + port;
        this.avsender = avsender;
        this.pdf = pdf;
        this.pdfBase64 = Base64.getEncoder().encodeToString(pdf);
        this.batchSize = Math.max(1, batchSize);
    }

    public int batchSize() {
        return batchSize;
    }

    /** Hands in all letters on {@code threads} threads; returns when every answer is in. */
    public Result handIn(List<Letter> letters, int threads) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        LongAdder requests = new LongAdder();
        Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                for (int i = next.getAndAdd(batchSize); i < letters.size(); i = next.getAndAdd(batchSize)) {
                    requests.increment();
                    if (batchSize == 1) {
                        byStatus.computeIfAbsent(post(letters.get(i)), k -> new LongAdder()).increment();
                    } else {
                        for (int status : postBatch(letters.subList(i, Math.min(letters.size(), i + batchSize)))) {
                            byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
                        }
                    }
                }
            }, "intake-client-" + t);
            w.start();
            workers.add(w);
        }
        for (Thread w : workers) {
            w.join();
        }
        long wall = System.nanoTime() - start;
        Map<Integer, Long> counts = new java.util.TreeMap<>();
        byStatus.forEach((k, v) -> counts.put(k, v.sum()));
        return new Result(counts, requests.sum(), wall);
    }

    /** Each letter's status in the batch answer, in order; -1 for every letter when no readable answer came. */
    private List<Integer> postBatch(List<Letter> batch) {
        ObjectNode body = JSON.createObjectNode();
        com.fasterxml.jackson.databind.node.ArrayNode list = body.putArray("forsendelser");
        for (Letter l : batch) {
            ObjectNode m = metadata(l);
            ((ObjectNode) m.get("dokumenter").get(0)).put("innhold", pdfBase64);
            list.add(m);
        }
        List<Integer> statuses = new ArrayList<>();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/forsendelser/bunker"))
                    .header("Authorization", "Bearer " + token())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                JSON.readTree(r.body()).path("forsendelser").forEach(e -> statuses.add(e.path("status").asInt(-1)));
            } else {
                batch.forEach(l -> statuses.add(r.statusCode()));
            }
        } catch (IOException e) {
            batch.forEach(l -> statuses.add(-1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            batch.forEach(l -> statuses.add(-1));
        }
        return statuses;
    }

    private ObjectNode metadata(Letter l) {
        ObjectNode m = JSON.createObjectNode();
        m.put("avsenderSystem", avsender);
        m.put("eksternReferanse", l.eksternReferanse());
        m.put("tittel", "Vedtak om skoleskyss");
        m.put("mottaker", l.mottaker());
        m.put("brevtype", "FORMELL");
        m.put("gjelderBarn", l.gjelderBarn());
        m.putArray("dokumenter").addObject().put("filnavn", "vedtak.pdf").put("mimeType", "application/pdf");
        return m;
    }

    /** The HTTP status of one hand-in; -1 when no answer came. */
    private int post(Letter l) {
        ObjectNode m = metadata(l);
        String boundary = "grense-" + l.eksternReferanse();
        try {
            HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/forsendelser"))
                    .header("Authorization", "Bearer " + token())
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(multipart(boundary, m.toString()))).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private byte[] multipart(String boundary, String metadata) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(pdf.length + 1024);
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + metadata + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"dokument1\"; filename=\"vedtak.pdf\"\r\nContent-Type: application/pdf\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(pdf);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return body.toByteArray();
    }

    /** The sender system's token from the simulated identity provider (local secret "lokal-" + id), renewed each minute. */
    private synchronized String token() throws IOException, InterruptedException {
        if (Instant.now().isBefore(tokenTo)) {
            return token;
        }
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/sim/idp/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + avsender + "&client_secret=lokal-" + avsender))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("no token for " + avsender + ": HTTP " + r.statusCode());
        }
        token = JSON.readTree(r.body()).path("access_token").asText();
        tokenTo = Instant.now().plusSeconds(60);
        return token;
    }
}
