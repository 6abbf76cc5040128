package no.kommune.esb.register;

/**
 * No connection to the service was made, so no byte of the request left this process: the connection was refused or
 * timed out while connecting (Apache HttpClient's {@code HttpHostConnectException}, a {@link java.net.ConnectException},
 * and {@link org.apache.hc.client5.http.ConnectTimeoutException}, which its connection operator gives for the TCP
 * connect and the TLS handshake alike, before any request is written), or the host name did not resolve
 * ({@link java.net.UnknownHostException}), or the calling thread was interrupted before the call began. UNAVAILABLE with no HTTP status, as before; a caller for whom "not sent" matters
 * (a send that is not idempotent, {@code svarut.Sendeutfall}) can tell it from a failure after the request went out (a
 * reset, a timeout waiting for the answer: AMBIGUOUS for such a request), which may have reached the service.
 */
public final class IngenForbindelse extends RegisterException {

    public IngenForbindelse(String service, String message, Throwable cause) {
        super(service, Kind.UNAVAILABLE, 0, message, null, cause);
    }
}
