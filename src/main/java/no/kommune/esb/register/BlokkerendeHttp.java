package no.kommune.esb.register;

import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends the register clients' {@link HttpRequest}s on Apache HttpClient 5's classic client, blocking on the calling
 * thread, and answers with a {@link java.net.http.HttpResponse} as the JDK client would: the clients build requests and
 * read answers with {@code java.net.http}'s types, only the transport is another. The JDK client's synchronous
 * {@code send} hands every request to its selector and worker threads and back; its asynchronous machinery also kept
 * the JIT recompiling it through a whole benchmark (docs/benchmarks.md, "Session 10"). The webhook deliveries moved to
 * the same client in session 7 for the same reason.
 * <p>
 * Kept as the JDK client had it: HTTP/1.1 with keep-alive connections (here at most {@value #FORBINDELSER} to a host
 * per register client), no redirects, no cookies, no compression, the JVM's default TLS context (trust and key
 * stores from {@code javax.net.ssl.*}), a request's own timeout ({@link HttpRequest#timeout()}) as the longest wait for
 * the answer, and one silent second try of an idempotent request (GET, HEAD, PUT, DELETE, OPTIONS) whose pooled
 * connection the server had closed before the request was answered. A request body is streamed from its
 * {@link HttpRequest.BodyPublisher}; an answer is read whole and handed to the {@link java.net.http.HttpResponse.BodyHandler}
 * (the clients use {@code ofString} and {@code ofByteArray}).
 */
final class BlokkerendeHttp {

    static final int FORBINDELSER = 256;

    private final CloseableHttpClient client;
    private final Duration requestTimeout;

    BlokkerendeHttp(Duration connectTimeout, Duration requestTimeout) {
        this.requestTimeout = requestTimeout;
        SSLContext tls;
        try {
            tls = SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("no default TLS context in this JVM", e);
        }
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(FORBINDELSER).setMaxConnPerRoute(FORBINDELSER)
                        .setTlsSocketStrategy(new DefaultClientTlsStrategy(tls))
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.of(connectTimeout))
                                // a connection the service may have closed while idle is checked before it is reused
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1)).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(requestTimeout)).build())
                .setRetryStrategy(new EnGangTilForIdempotente())
                .disableRedirectHandling().disableCookieManagement().disableContentCompression().disableAuthCaching()
                .evictIdleConnections(TimeValue.ofSeconds(15))
                .build();
    }

    <T> java.net.http.HttpResponse<T> send(HttpRequest request, java.net.http.HttpResponse.BodyHandler<T> handler) throws IOException {
        HttpUriRequestBase ut = new HttpUriRequestBase(request.method(), request.uri());
        request.headers().map().forEach((navn, verdier) -> verdier.forEach(v -> ut.addHeader(navn, v)));
        request.bodyPublisher().filter(b -> b.contentLength() != 0 || !"GET".equals(request.method()))
                .ifPresent(b -> ut.setEntity(new PublisertInnhold(b, request.timeout().orElse(requestTimeout))));
        request.timeout().ifPresent(t -> ut.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(t)).build()));
        try (ClassicHttpResponse svar = client.executeOpen(null, ut, null)) {
            byte[] innhold = svar.getEntity() == null ? new byte[0] : EntityUtils.toByteArray(svar.getEntity());
            HttpHeaders headers = headers(svar);
            int status = svar.getCode();
            T body = les(handler.apply(new Info(status, headers)), innhold);
            return new Svar<>(request, status, headers, body);
        }
    }

    private static HttpHeaders headers(HttpResponse svar) {
        Map<String, List<String>> alle = new LinkedHashMap<>();
        for (Header h : svar.getHeaders()) {
            alle.computeIfAbsent(h.getName(), n -> new ArrayList<>(1)).add(h.getValue());
        }
        return HttpHeaders.of(alle, (navn, verdi) -> true);
    }

    /** Feeds the whole answer to the handler's subscriber, as the JDK client would after the last byte. */
    static <T> T les(java.net.http.HttpResponse.BodySubscriber<T> mottaker, byte[] innhold) throws IOException {
        boolean[] bedt = new boolean[1];
        mottaker.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                bedt[0] = true;
            }

            @Override
            public void cancel() {
            }
        });
        if (innhold.length > 0 && bedt[0]) {
            mottaker.onNext(List.of(ByteBuffer.wrap(innhold)));
        }
        mottaker.onComplete();
        try {
            return mottaker.getBody().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading the answer");
        } catch (ExecutionException e) {
            throw new IOException("the answer could not be read", e.getCause());
        }
    }

    /** A request body written from its publisher onto the connection, on the calling thread for the JDK's publishers. */
    static final class PublisertInnhold extends AbstractHttpEntity {
        private final HttpRequest.BodyPublisher body;
        private final Duration timeout;

        PublisertInnhold(HttpRequest.BodyPublisher body, Duration timeout) {
            super((String) null, null);
            this.body = body;
            this.timeout = timeout;
        }

        @Override
        public long getContentLength() {
            return body.contentLength();
        }

        @Override
        public boolean isRepeatable() {
            // the JDK's publishers may be subscribed again: a second try of an idempotent request sends the same body
            return true;
        }

        @Override
        public boolean isStreaming() {
            return false;
        }

        @Override
        public InputStream getContent() throws IOException {
            ByteArrayOutputStream alt = new ByteArrayOutputStream();
            writeTo(alt);
            return new java.io.ByteArrayInputStream(alt.toByteArray());
        }

        @Override
        public void writeTo(OutputStream ut) throws IOException {
            CompletableFuture<Void> ferdig = new CompletableFuture<>();
            body.subscribe(new Flow.Subscriber<>() {
                private Flow.Subscription abonnement;

                @Override
                public void onSubscribe(Flow.Subscription abonnement) {
                    this.abonnement = abonnement;
                    abonnement.request(Long.MAX_VALUE);
                }

                @Override
                public void onNext(ByteBuffer del) {
                    try {
                        if (del.hasArray()) {
                            ut.write(del.array(), del.arrayOffset() + del.position(), del.remaining());
                        } else {
                            byte[] kopi = new byte[del.remaining()];
                            del.get(kopi);
                            ut.write(kopi);
                        }
                    } catch (IOException e) {
                        abonnement.cancel();
                        ferdig.completeExceptionally(e);
                    }
                }

                @Override
                public void onError(Throwable feil) {
                    ferdig.completeExceptionally(feil);
                }

                @Override
                public void onComplete() {
                    ferdig.complete(null);
                }
            });
            try {
                ferdig.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while sending the request body");
            } catch (TimeoutException e) {
                throw new InterruptedIOException("the request body was not written within " + timeout.toMillis() + " ms");
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException("the request body could not be written", e.getCause());
            }
        }

        @Override
        public void close() {
        }
    }

    /**
     * One silent second try, as the JDK client makes: only for an idempotent method and only when the server had closed
     * the pooled connection and sent no answer at all; never for a timeout, never on an answer (a 429 or 503 is the
     * caller's to read).
     */
    static final class EnGangTilForIdempotente implements HttpRequestRetryStrategy {
        @Override
        public boolean retryRequest(org.apache.hc.core5.http.HttpRequest request, IOException feil, int forsoek, HttpContext context) {
            return forsoek <= 1 && Method.isIdempotent(request.getMethod()) && feil instanceof NoHttpResponseException;
        }

        @Override
        public boolean retryRequest(HttpResponse response, int forsoek, HttpContext context) {
            return false;
        }

        @Override
        public TimeValue getRetryInterval(HttpResponse response, int forsoek, HttpContext context) {
            return TimeValue.ZERO_MILLISECONDS;
        }
    }

    private record Info(int statusCode, HttpHeaders headers) implements java.net.http.HttpResponse.ResponseInfo {
        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }

    private record Svar<T>(HttpRequest request, int statusCode, HttpHeaders headers, T body) implements java.net.http.HttpResponse<T> {
        @Override
        public Optional<java.net.http.HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
