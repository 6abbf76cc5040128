package no.kommune.esb.forsendelse.flyt;

import no.kommune.esb.EndToEndTest;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import no.kommune.esb.simulator.svarut.SvarUtSimulator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What the letter-flow end-to-end tests share: reading recipient letters and timelines from the database, waiting
 * for a state, and the simulators' admin endpoints. No annotations of its own, so the application context stays the
 * one {@link EndToEndTest} describes.
 */
abstract class BrevflytTest extends EndToEndTest {

    static final AtomicInteger NEXT = new AtomicInteger();
    static final byte[] PDF = no.kommune.esb.TestPdf.gyldig("vedtak");

    @Value("${server.port}")
    int port;
    @Value("${registers.maskinporten.client-id}")
    String maskinportenKlient;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SyntheticPopulation population;
    @Autowired
    SvarUtSimulator svarUt;

    /** Waits (30 s at most) until the letter has exactly one recipient letter in one of the given states. */
    Map<String, Object> enesteMottakerbrev(UUID brev, String... ventetStatus) {
        List<String> forventet = List.of(ventetStatus);
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Map<String, Object>> rader = mottakerbrev(brev);
            return rader.size() == 1 && forventet.contains(rader.get(0).get("status").toString());
        });
        return mottakerbrev(brev).get(0);
    }

    List<Map<String, Object>> mottakerbrev(UUID brev) {
        return jdbc.queryForList("""
                select id, mottaker, kanal, regel, grunnlag::text as grunnlag, status, svarut_id, manuell_grunn,
                       varsel_kanal, varsel_id, varsel_status
                  from mottakerbrev where brev_id = ?""", brev);
    }

    String status(Object mottakerbrevId) {
        return jdbc.queryForObject("select status from mottakerbrev where id = ?", String.class, mottakerbrevId);
    }

    List<String> tidslinje(UUID brev) {
        return jdbc.queryForList("select hendelse from tidslinje where brev_id = ? order by id", String.class, brev);
    }

    String kontoId() {
        return svarUt.alle().isEmpty() ? "5f1c0a6e-9d1b-4c1e-8f0a-0c5e3a9b7d21" : svarUt.alle().get(0).kontoId();
    }

    /** PUT to a simulator admin endpoint (KRR entries, faults). */
    void put(String path, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 204);
    }

    /**
     * Revokes every Maskinporten token the platform holds (the simulators answer them with 401, the platform fetches new
     * ones): a test of an outage at the token step sets the fault first, so the next register call meets it. The test
     * profile's tokens live as long as the real ones (599 s), so waiting for one to expire is no way to get there.
     */
    void trekkTilbakeMaskinportentokener() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/sim/maskinporten/admin/revoke?client_id=" + maskinportenKlient)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    void delete(String path) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    SimPerson person(Kind kind, int n) {
        return population.findAll(kind).get(n);
    }

    /** The n-th child with joint parental responsibility whose family is an ordinary one ({@link no.kommune.esb.Familier}). */
    SimPerson barnMedVanligeForeldre(int n) {
        return population.findAll(Kind.BARN_FELLES_FORELDREANSVAR).stream().filter(b -> no.kommune.esb.Familier.vanligeForeldre(population, b))
                .skip(n).findFirst().orElseThrow(() -> new IllegalStateException("fewer than " + (n + 1) + " such children"));
    }

    void krr(SimPerson p, String status, String reservasjon, boolean digitalPost) throws Exception {
        put("/sim/admin/krr/personer/" + p.id(), "{\"status\":\"" + status + "\",\"reservasjon\":\"" + reservasjon
                + "\",\"varslingsstatus\":\"KAN_VARSLES\",\"digitalPost\":" + digitalPost + "}");
    }

    /** Stores a received letter from {@code avsender} as the intake does (the intake itself is tested on its own). */
    UUID lever(String mottaker, String brevtype, boolean gjelderBarn, String avsender) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                values (?, ?, ?, 'Vedtak om skoleskyss', ?, ?, ?, 'PERSON', 'REST', 'MOTTATT')""",
                id, avsender, "e2e-" + NEXT.incrementAndGet() + "-" + id, brevtype, gjelderBarn, mottaker);
        jdbc.update("insert into brev_dokument (brev_id, nr, filnavn, mime_type, innhold) values (?, 0, 'vedtak.pdf', 'application/pdf', ?)", id, PDF);
        jdbc.update("insert into tidslinje (brev_id, hendelse, detalj) values (?, 'MOTTATT', 'REST')", id);
        return id;
    }
}
