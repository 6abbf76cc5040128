package no.kommune.esb.konsoll;

import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A browser without a browser, for the console's tests that need no Chromium: keeps cookies, follows redirects, logs in
 * through the simulated IdP's login form as a browser would (console → IdP form → code → console), and posts forms
 * with the page's CSRF token.
 */
public final class KonsollKlient {

    /** The local test user (config/application-local.yaml, simulator.idp.brukere). */
    public static final String BRUKER = "integrasjon-bruker";
    public static final String PASSORD = "lokal-konsoll-passord";
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"\\s+value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NORMAL).build();
    private final int port;

    public KonsollKlient(int port) {
        this.port = port;
    }

    /** Opens the console, lands on the IdP's login form and logs in; answers the page the console then shows. */
    public HttpResponse<String> loggInn(String bruker, String passord) throws Exception {
        HttpResponse<String> skjema = get("/konsoll");
        assertThat(skjema.uri().getPath()).as("the console sends a new visitor to the IdP's login form").isEqualTo("/sim/idp/authorize");
        assertThat(skjema.body()).contains("name=\"brukernavn\"");
        return http.send(HttpRequest.newBuilder(skjema.uri()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("brukernavn=" + enc(bruker) + "&passord=" + enc(passord))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String sti) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + sti)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Posts a form on {@code side} (a page of the console that carries a CSRF token) to {@code sti}. */
    HttpResponse<String> post(String side, String sti, String skjema) throws Exception {
        Matcher csrf = CSRF.matcher(get(side).body());
        assertThat(csrf.find()).as("a CSRF token on " + side).isTrue();
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + sti)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(skjema + (skjema.isEmpty() ? "" : "&") + "_csrf=" + enc(csrf.group(1)))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Posts {@code skjema} to {@code sti} with the logged-in session but without a CSRF token, as another site's page would. */
    HttpResponse<String> postUtenCsrf(String sti, String skjema) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + sti)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(skjema)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
