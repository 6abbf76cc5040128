package no.kommune.esb;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Reads one sample from the platform's {@code /actuator/prometheus} (open to scrapers, no token). */
public final class Prometheus {

    private Prometheus() {
    }

    /**
     * The value of the sample whose name and labels start with {@code navnOgEtiketter} (e.g.
     * {@code esb_forsendelse_sendinger_total{gateway="svarut",utfall="sendt"}}, labels in the order Prometheus prints
     * them, alphabetical), or 0 when there is none yet.
     */
    public static double verdi(int port, String navn, String... etiketter) throws Exception {
        String tekst = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        double sum = 0;
        for (String linje : tekst.lines().toList()) {
            if (linje.startsWith("#") || !linje.startsWith(navn + "{")) {
                continue;
            }
            String etikettdel = linje.substring(navn.length(), linje.lastIndexOf('}') + 1);
            boolean alle = true;
            for (String e : etiketter) {
                alle &= etikettdel.contains(e);
            }
            if (alle) {
                sum += Double.parseDouble(linje.substring(linje.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
