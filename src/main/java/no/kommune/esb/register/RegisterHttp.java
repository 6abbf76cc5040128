package no.kommune.esb.register;

import no.kommune.esb.maskinporten.AccessTokenProvider;
import org.apache.hc.client5.http.ConnectTimeoutException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

/**
 * Thin wrapper over the HTTP client shared by the register clients: one place for timeouts and for
 * turning transport errors and HTTP statuses into {@link RegisterException}s. Requests and answers are
 * {@code java.net.http}'s types; they travel on Apache HttpClient's blocking client ({@link BlokkerendeHttp}).
 * Callers decide what a status means for their service via {@link #classify}; this class never logs bodies.
 */
public final class RegisterHttp {

    private final String service;
    private final BlokkerendeHttp client;
    private final Duration requestTimeout;

    public RegisterHttp(String service, Duration connectTimeout, Duration requestTimeout) {
        this.service = service;
        this.client = new BlokkerendeHttp(connectTimeout, requestTimeout);
        this.requestTimeout = requestTimeout;
    }

    public String service() {
        return service;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(requestTimeout);
    }

    /**
     * Sends the request. A connect failure or timeout, or an unknown host, is UNAVAILABLE ({@link IngenForbindelse}: no
     * byte of the request left, so nothing reached the service);
     * a timeout waiting for the answer or a connection dropped after sending is AMBIGUOUS when the request was not
     * idempotent, else UNAVAILABLE. So is an interrupt of the calling thread during the call (a shutdown's
     * {@code shutdownNow}, {@link Avbrutt}): the request may have gone out, in part or whole, before the interrupt came, so
     * for a request that is not safe to repeat it is no "the service answered" (it was UNAVAILABLE for every request). A thread already
     * interrupted before the call sends nothing: {@link IngenForbindelse}. The interrupt flag stays set.
     */
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, boolean idempotent) {
        if (Thread.currentThread().isInterrupted()) {
            // nothing of the request has left: no connection is leased or opened on an interrupted thread
            throw new IngenForbindelse(service, "interrupted before sending", null);
        }
        try {
            return client.send(request, handler);
        } catch (ConnectException e) {
            throw new IngenForbindelse(service, "connection refused", e);
        } catch (ConnectTimeoutException e) {
            throw new IngenForbindelse(service, "connect timed out", e);
        } catch (UnknownHostException e) {
            throw new IngenForbindelse(service, "unknown host", e);
        } catch (SocketTimeoutException e) {
            throw new RegisterException(service, idempotent ? RegisterException.Kind.UNAVAILABLE : RegisterException.Kind.AMBIGUOUS,
                    0, "timed out after " + request.timeout().orElse(requestTimeout).toMillis() + " ms", null, e);
        } catch (InterruptedIOException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new Avbrutt(service, idempotent, e);
            }
            throw new RegisterException(service, idempotent ? RegisterException.Kind.UNAVAILABLE : RegisterException.Kind.AMBIGUOUS,
                    0, "timed out", null, e);
        } catch (IOException e) {
            throw new RegisterException(service, idempotent ? RegisterException.Kind.UNAVAILABLE : RegisterException.Kind.AMBIGUOUS,
                    0, "connection lost: " + e.getClass().getSimpleName(), null, e);
        }
    }

    /**
     * Sends a request that carries a bearer token for {@code scopes}. A 401 is the service refusing the token, not the
     * request (a token that expired on the way under load, one revoked, a signing key rotated), so the token is dropped
     * from the provider's cache and the request sent once more with a new one; this holds for a request that is not
     * idempotent too, since a refused token means the service did nothing. A second 401 is the caller's to classify.
     */
    public <T> HttpResponse<T> sendMedToken(HttpRequest.Builder request, AccessTokenProvider tokens, Set<String> scopes,
                                            HttpResponse.BodyHandler<T> handler, boolean idempotent) {
        String token = tokens.accessToken(scopes);
        HttpResponse<T> response = send(request.setHeader("Authorization", "Bearer " + token).build(), handler, idempotent);
        if (response.statusCode() != 401) {
            return response;
        }
        tokens.forget(scopes, token);
        return send(request.setHeader("Authorization", "Bearer " + tokens.accessToken(scopes)).build(), handler, idempotent);
    }

    /**
     * Maps a non-2xx status to a typed failure. {@code retryAfterParser} reads the Retry-After header
     * (its unit differs per service: Folkeregisteret uses milliseconds, HTTP standard is seconds).
     */
    public RegisterException classify(HttpResponse<?> response, String message, Function<String, Duration> retryAfterParser) {
        int status = response.statusCode();
        Duration retryAfter = response.headers().firstValue("Retry-After").map(retryAfterParser).orElse(null);
        RegisterException.Kind kind;
        if (status == 429) {
            kind = RegisterException.Kind.THROTTLED;
        } else if (status >= 500) {
            kind = RegisterException.Kind.UNAVAILABLE;
        } else if (status == 401 || status == 403) {
            kind = RegisterException.Kind.UNAUTHORIZED;
        } else if (status == 404) {
            kind = RegisterException.Kind.NOT_FOUND;
        } else {
            kind = RegisterException.Kind.REJECTED;
        }
        return new RegisterException(service, kind, status, message + " (HTTP " + status + ")", retryAfter, null);
    }

    /** Retry-After given as whole seconds (RFC 9110); null when unreadable. */
    public static Duration retryAfterSeconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Retry-After given in milliseconds, as Folkeregisteret does; null when unreadable. */
    public static Duration retryAfterMillis(String value) {
        try {
            return Duration.ofMillis(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
