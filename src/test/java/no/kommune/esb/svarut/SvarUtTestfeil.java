package no.kommune.esb.svarut;

import com.sun.net.httpserver.HttpServer;
import no.kommune.esb.maskinporten.TokenEndpoint;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The failures of {@link SvarUtClient#sendExactlyOnce} whose constructors are the client's own, for tests of its callers. */
public final class SvarUtTestfeil {

    private SvarUtTestfeil() {
    }

    /** The fence refused a send; {@code ingenSendt}: before the call's first send. */
    public static SvarUtClient.SendingAvvist sendingAvvist(boolean ingenSendt) {
        return new SvarUtClient.SendingAvvist(ingenSendt);
    }

    /** The look-up before a later attempt failed with {@code aarsak}, as {@link SvarUtClient#finnEtterMuligSending(String)} gives it. */
    public static SvarUtClient.OppslagFoerSendingFeilet oppslagFoerSendingFeilet(RegisterException aarsak) {
        return new SvarUtClient.OppslagFoerSendingFeilet(new RegisterException(SvarUtClient.SERVICE, RegisterException.Kind.AMBIGUOUS,
                aarsak.httpStatus(), "oppslaget på eksternReferanse feilet (" + aarsak.kind() + "), så en tidligere sending kan ha kommet fram",
                null, aarsak));
    }

    /**
     * SvarUt's answer {@code status} (a 5xx) to a send, with its error body's codes, as {@link SvarUtClient#send} gives it:
     * an attempt with unknown outcome (AMBIGUOUS, {@link SvarUtClient.Feilsvar#utfallUkjent()}).
     */
    public static SvarUtClient.Feilsvar serverfeilPaaSending(int status, String errorCode, String errorId) {
        return new SvarUtClient.Feilsvar(new RegisterException(SvarUtClient.SERVICE, RegisterException.Kind.UNAVAILABLE, status,
                "send feilet errorCode=" + errorCode + " errorId=" + errorId + " (HTTP " + status + ")"), errorCode, errorId).utfallUkjent();
    }

    /**
     * What {@link SvarUtClient#send} gives when the Maskinporten token for it cannot be had: the token provider fails with
     * {@code tokenfeil} (as the Maskinporten client gives it, {@link #maskinportenSvarer} and its siblings), before any
     * request to SvarUt (which is at a port nothing listens on, so a request would fail as no connection).
     */
    public static RegisterException sendingMedTokenfeil(RegisterException tokenfeil) {
        SvarUtClient client = new SvarUtClient(new SvarUtProperties(URI.create("http://localhost:" + ledigPort() + "/api"), UUID.randomUUID(),
                "integrasjon", "passord", null, Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 100, Duration.ZERO),
                scopes -> {
                    throw tokenfeil;
                });
        Forsendelse brev = Forsendelse.builder("Vedtak om skoleskyss", "ref-" + UUID.randomUUID(),
                new Forsendelse.Mottaker("Kari Nordmann", null, "Storgata 1", null, null, "0155", "OSLO", null)).build();
        try {
            client.send(brev, List.of(Dokument.pdf("vedtak.pdf", "%PDF-1.7\nvedtak".getBytes(StandardCharsets.US_ASCII))));
        } catch (RegisterException e) {
            return e;
        }
        throw new AssertionError("the send went through without a token");
    }

    /** Maskinporten's token endpoint answers {@code status} with {@code body}: the failure the token client gives. */
    public static RegisterException maskinportenSvarer(int status, String body) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/token", exchange -> {
                byte[] svar = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, svar.length);
                exchange.getResponseBody().write(svar);
                exchange.close();
            });
            server.start();
            try {
                return tokenFra(URI.create("http://localhost:" + server.getAddress().getPort() + "/token"), Duration.ofSeconds(5));
            } finally {
                server.stop(0);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Nothing listens where Maskinporten's token endpoint should be: the failure the token client gives. */
    public static RegisterException maskinportenIkkeNaaelig() {
        return tokenFra(URI.create("http://localhost:" + ledigPort() + "/token"), Duration.ofSeconds(5));
    }

    /** Maskinporten's token endpoint takes the request and never answers (past the request timeout). */
    public static RegisterException maskinportenSvarerIkke() {
        try (ServerSocket tjeneste = new ServerSocket(0)) {
            // accepted by the backlog, never read or answered
            return tokenFra(URI.create("http://localhost:" + tjeneste.getLocalPort() + "/token"), Duration.ofMillis(300));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static RegisterException tokenFra(URI uri, Duration timeout) {
        TokenEndpoint endpoint = new TokenEndpoint("maskinporten", "Maskinporten", uri, new RegisterHttp("maskinporten", Duration.ofSeconds(2), timeout));
        try {
            endpoint.request("grant_type=x&assertion=y", Set.of("ks:fiks"), Instant.now(), Duration.ofSeconds(10));
        } catch (RegisterException e) {
            return e;
        }
        throw new AssertionError("Maskinporten gave a token");
    }

    private static int ledigPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
