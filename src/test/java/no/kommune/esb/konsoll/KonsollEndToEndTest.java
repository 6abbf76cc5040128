package no.kommune.esb.konsoll;

import no.kommune.esb.EndToEndTest;
import no.kommune.esb.Prometheus;
import no.kommune.esb.Uuider;
import no.kommune.esb.forsendelse.mottak.DeadLetterSendRedriver;
import no.kommune.esb.forsendelse.mottak.ForsendelseRepository;
import no.kommune.esb.forsendelse.mottak.InnleveringFeil;
import no.kommune.esb.forsendelse.mottak.InnleveringMottak;
import no.kommune.esb.platform.konfig.KonfigProperties;
import no.kommune.esb.platform.konfig.Konfigurasjonsstatus;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The console without a browser: login through the simulated IdP, who gets in, that no page shows what it must not
 * (an identity number in clear, a KRR contact detail, a protected person's address), and that actions reach the audit
 * trail with the user's name. The browser tests are in {@link KonsollNettleserEndToEndTest}.
 */
class KonsollEndToEndTest extends EndToEndTest {

    // a hex checksum on the configuration page may hold 11 digits in a row inside a longer token: not a number shown
    private static final Pattern ELLEVE_SIFFER = Pattern.compile("(?<![\\w-])\\d{11}(?![\\w-])");
    private static final Pattern EPOST = Pattern.compile("[\\w.+-]+@[\\w-]+\\.[\\w.-]+");
    /** A route file for the configuration page's paths, in the test profile's own route folder (routes/ is never touched). */
    private static final String STIRUTE = """
            - route:
                id: konsoll-sti
                from:
                  uri: direct:konsoll-sti
                  steps:
                    - setBody:
                        constant: "sti"
            """;

    @Value("${server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SyntheticPopulation population;
    @Autowired
    ForsendelseRepository forsendelser;
    @Autowired
    CamelContext camel;
    @Autowired
    KonfigProperties konfig;
    @Autowired
    Konfigurasjonsstatus konfigstatus;
    @Autowired
    InnleveringMottak mottak;
    @Autowired
    com.fasterxml.jackson.databind.ObjectMapper json;

    @Test
    void should_log_the_integration_team_in_through_the_identity_providers_login_form_and_show_the_overview() throws Exception {
        KonsollKlient klient = new KonsollKlient(port);

        HttpResponse<String> side = klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);

        assertThat(side.statusCode()).isEqualTo(200);
        assertThat(side.uri().getPath()).isEqualTo("/konsoll");
        assertThat(side.body()).contains("Oversikt").contains(KonsollKlient.BRUKER);
        // the chart "Venter på sending" counts the waiting status of the gauge alone, not manual cases or dead letters, and says so
        assertThat(side.body()).contains("mottakerbrev som venter på et sendeforsøk: status KLAR_FOR_SENDING")
                .contains("<code>esb.forsendelse.mottakerbrev{status=KLAR_FOR_SENDING}</code>");
    }

    @Test
    void should_refuse_a_wrong_password_at_the_identity_provider_and_a_user_without_the_integration_teams_scope_at_the_console() throws Exception {
        HttpResponse<String> feilPassord = new KonsollKlient(port).loggInn(KonsollKlient.BRUKER, "feil");
        assertThat(feilPassord.uri().getPath()).isEqualTo("/sim/idp/authorize");
        assertThat(feilPassord.body()).contains("Feil brukernavn eller passord");

        HttpResponse<String> utenScope = new KonsollKlient(port).loggInn("saksbehandler", "lokal-saksbehandler-passord");
        assertThat(utenScope.statusCode()).isEqualTo(403);
    }

    @Test
    void should_not_let_a_bearer_token_in_to_the_console_but_send_it_to_the_login() throws Exception {
        HttpResponse<String> svar = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/konsoll/dead-letters"))
                .header("Authorization", "Bearer " + adminToken()).GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(svar.statusCode()).isEqualTo(302);
        assertThat(svar.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).contains("/konsoll/oauth2/authorization/konsoll"));
    }

    /**
     * A login path naming a client registration the platform does not have was a 500 to anyone, without a session, and a
     * WARN with Spring Security's stack trace in the log (its redirect filter answers every failure with 500). Now the path
     * is like any other console path: the login for a visitor, 404 for the logged-in team.
     */
    @Test
    void should_send_a_login_path_naming_an_unknown_client_registration_to_the_login_and_not_answer_500() throws Exception {
        HttpResponse<String> besoekende = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/konsoll/oauth2/authorization/ukjent")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(besoekende.statusCode()).as(besoekende.body()).isEqualTo(302);
        assertThat(besoekende.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/konsoll/oauth2/authorization/konsoll"));

        KonsollKlient klient = new KonsollKlient(port);
        klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);
        HttpResponse<String> innlogget = klient.get("/konsoll/oauth2/authorization/ukjent");
        assertThat(innlogget.statusCode()).as(innlogget.body()).isEqualTo(404);
        assertThat(klient.get("/konsoll").statusCode()).as("still logged in").isEqualTo(200);
    }

    @Test
    void should_show_a_failures_reason_in_words_with_its_code_on_the_timeline_the_dead_letters_and_the_open_alarms() throws Exception {
        UUID brev = lever(sist(Kind.VANLIG_VOKSEN));
        await().atMost(Duration.ofSeconds(30)).until(() -> besluttet(brev));
        UUID mottakerbrev = jdbc.queryForObject("select id from mottakerbrev where brev_id = ? limit 1", UUID.class, brev);
        // as the flow stores them (platform.Registerfeilaarsak): the words for people, the code beside them
        jdbc.update("insert into tidslinje (brev_id, mottakerbrev_id, hendelse, detalj, aarsak) values (?, ?, 'VENTER', ?, 'KRR-UTILGJENGELIG')",
                brev, mottakerbrev, "varsel: KRR er utilgjengelig (HTTP 503); brevet er ikke sendt, og plattformen prøver igjen selv");
        UUID dead = UUID.randomUUID();
        jdbc.update("insert into dead_letter (id, kilde, referanse, grunn, aarsak) values (?, 'forsendelse-send', ?, ?, 'SMS-AVVIST')", dead,
                mottakerbrev.toString(), "SMS-tjenesten avviste forespørselen (HTTP 400, feilkode INVALID_NUMBER); SMS-en er ikke sendt");
        Long alarm = jdbc.queryForObject("insert into alarm (kilde, melding, aarsak) values ('registerstans-konsolltest', ?, 'MASKINPORTEN-TILGANG-AVVIST') returning id",
                Long.class, "Flyten konsolltest har ventet på Maskinporten siden i dag");
        try {
            KonsollKlient klient = new KonsollKlient(port);
            klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);

            assertThat(klient.get("/konsoll/brev/" + brev).body()).contains("varsel: KRR er utilgjengelig (HTTP 503)",
                    "<code class=\"aarsak\">KRR-UTILGJENGELIG</code>");
            assertThat(klient.get("/konsoll/dead-letters").body()).contains("SMS-tjenesten avviste forespørselen (HTTP 400, feilkode INVALID_NUMBER)",
                    ">SMS-AVVIST</code>");
            assertThat(klient.get("/konsoll").body()).contains("Flyten konsolltest har ventet på Maskinporten", ">MASKINPORTEN-TILGANG-AVVIST</code>");
        } finally {
            jdbc.update("update alarm set kvittert = now() where id = ?", alarm);
            jdbc.update("update dead_letter set avsluttet = now(), avsluttet_av = 'test', avsluttet_begrunnelse = 'test' where id = ?", dead);
        }
    }

    /**
     * The configuration page and a route's page name a watched file by its folder's kind and its path there, as
     * {@code GET /api/konfig/noder} does: the test's route folder is an absolute folder of the build machine, which no
     * page shows (not in the file column, not in a refused file's reason, not in the row's {@code data-fil}).
     */
    @Test
    void should_show_a_route_file_relative_to_its_folder_and_no_absolute_folder_on_the_configuration_and_route_pages() throws Exception {
        Path gyldig = konfig.ruterDir().resolve("konsoll/konsoll-sti.camel.yaml");
        Path ugyldig = konfig.ruterDir().resolve("konsoll/konsoll-sti-feil.camel.yaml");
        Files.createDirectories(gyldig.getParent());
        try {
            Files.writeString(gyldig, STIRUTE);
            Files.writeString(ugyldig, STIRUTE.replace("konsoll-sti", "konsoll-sti-feil").replace("      steps:", "      steps: [oops"));
            await().atMost(Duration.ofSeconds(30)).until(() -> camel.getRoute("konsoll-sti") != null && konfigstatus.fil(ugyldig.toString()) != null);
            KonsollKlient klient = new KonsollKlient(port);
            klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);
            String mappe = konfig.ruterDir().toAbsolutePath().normalize().toString();
            assertThat(mappe).as("the test profile's route folder is absolute").startsWith("/");

            String side = klient.get("/konsoll/konfigurasjon").body();
            assertThat(side).contains("data-fil=\"ruter/konsoll/konsoll-sti.camel.yaml\"", "<code>ruter/konsoll/konsoll-sti.camel.yaml</code>",
                    "<code>ruter/konsoll/konsoll-sti-feil.camel.yaml</code>", "<li>ruter/konsoll/konsoll-sti-feil.camel.yaml:");
            assertThat(side).doesNotContain(mappe).doesNotContain(konfig.ruterDir().toString());
            // routes first, as the page's heading names them, wherever their folder is kept
            assertThat(side.indexOf("<code>ruter/konsoll/konsoll-sti.camel.yaml</code>")).isLessThan(side.indexOf("<code>fagsystemer/"));
            assertThat(side.indexOf("<code>fagsystemer/")).isLessThan(side.indexOf("<code>mappinger/"));
            String rute = klient.get("/konsoll/ruter/konsoll-sti").body();
            assertThat(rute).contains("Fil <code>ruter/konsoll/konsoll-sti.camel.yaml</code>").doesNotContain(mappe);
        } finally {
            Files.deleteIfExists(gyldig);
            Files.deleteIfExists(ugyldig);
            await().atMost(Duration.ofSeconds(30)).until(() -> camel.getRoute("konsoll-sti") == null && konfigstatus.fil(ugyldig.toString()) == null);
        }
    }

    /**
     * A route's page names the very file the route came from: two route files of one name in different folders, and one
     * whose name ends with theirs, each show their own (a match by the name's suffix showed the first of them for all).
     */
    @Test
    void should_show_each_route_the_file_it_was_loaded_from_when_files_of_the_same_name_are_in_other_folders() throws Exception {
        java.util.Map<String, Path> filer = new java.util.LinkedHashMap<>();
        filer.put("konsoll-brev-a", konfig.ruterDir().resolve("konsoll-navn/a/brev.camel.yaml"));
        filer.put("konsoll-brev-b", konfig.ruterDir().resolve("konsoll-navn/b/brev.camel.yaml"));
        filer.put("konsoll-brev-ekstra", konfig.ruterDir().resolve("konsoll-navn/a/ekstrabrev.camel.yaml"));
        try {
            for (var f : filer.entrySet()) {
                Files.createDirectories(f.getValue().getParent());
                Files.writeString(f.getValue(), STIRUTE.replace("konsoll-sti", f.getKey()));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> filer.keySet().stream().allMatch(id -> camel.getRoute(id) != null));
            KonsollKlient klient = new KonsollKlient(port);
            klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);

            for (var f : filer.entrySet()) {
                String vist = "ruter/" + konfig.ruterDir().relativize(f.getValue()).toString().replace('\\', '/');
                assertThat(klient.get("/konsoll/ruter/" + f.getKey()).body()).as(f.getKey()).contains("Fil <code>" + vist + "</code>");
            }
        } finally {
            for (Path f : filer.values()) {
                Files.deleteIfExists(f);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> filer.keySet().stream().allMatch(id -> camel.getRoute(id) == null));
        }
    }

    @Test
    void should_show_no_identity_number_krr_contact_detail_or_protected_address_on_any_page() throws Exception {
        SimPerson strengt = sist(Kind.STRENGT_FORTROLIG);
        SimPerson fortrolig = sist(Kind.FORTROLIG);
        UUID brevStrengt = lever(strengt);
        UUID brevFortrolig = lever(fortrolig);
        await().atMost(Duration.ofSeconds(30)).until(() -> besluttet(brevStrengt) && besluttet(brevFortrolig));
        UUID mottakerbrev = jdbc.queryForObject("select id from mottakerbrev where brev_id = ? limit 1", UUID.class, brevFortrolig);
        // a reason that (against the rules) names the person: the console masks it all the same
        UUID dead = forsendelser.lagreDeadLetter(DeadLetterSendRedriver.KILDE, mottakerbrev.toString(),
                "UNAVAILABLE: svar om " + fortrolig.id() + " til " + population.epostadresse(fortrolig), new byte[]{1});

        // a letter refused at the SFTP intake (as InnleveringMottak.avvis keeps it): its dead letter's reference is the
        // fagsystem's own eksternReferanse, free text that here names the person, and it has no letter to link to
        String avvistReferanse = "sak-" + fortrolig.id() + (population.epostadresse(fortrolig) == null ? "" : "-" + population.epostadresse(fortrolig));
        mottak.avvis(new InnleveringMottak.Avvist(List.of(new InnleveringFeil("/tittel", "tittel mangler"))),
                json.createObjectNode().put("avsenderSystem", "skole").put("eksternReferanse", avvistReferanse),
                new byte[]{1}, "SFTP", InnleveringMottak.KILDE_SFTP);
        assertThat(jdbc.queryForObject("select count(*) from dead_letter where kilde = ? and referanse = ?", Integer.class,
                InnleveringMottak.KILDE_SFTP, "skole/" + avvistReferanse)).isOne();
        // a closing reason that (against the rules) names the person: listed masked among the closed ones
        UUID lukket = forsendelser.lagreDeadLetter("ukjent-kilde", "x", "test", new byte[]{1});
        forsendelser.avsluttDeadLetter(lukket, KonsollKlient.BRUKER, "ringte " + fortrolig.id() + " på " + population.epostadresse(fortrolig));
        KonsollKlient klient = new KonsollKlient(port);
        klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);
        List<String> sider = new ArrayList<>(List.of("/konsoll", "/konsoll/brev", "/konsoll/brev?avsender=skole",
                "/konsoll/brev/" + brevStrengt, "/konsoll/brev/" + brevFortrolig, "/konsoll/manuell", "/konsoll/dead-letters",
                "/konsoll/dead-letters?alle=true", "/konsoll/dead-letters/" + dead + "/redrive", "/konsoll/dead-letters/" + dead + "/avslutt",
                "/konsoll/dead-letters?vis=avsluttet", "/konsoll/hendelser",
                "/konsoll/ruter", "/konsoll/konfigurasjon", "/konsoll/handlinger"));
        forsendelser.manuelle().stream().findFirst().ifPresent(m -> sider.add("/konsoll/manuell/" + m.mottakerbrevId() + "/loes"));
        camel.getRoutes().stream().map(Route::getRouteId).forEach(id -> sider.add("/konsoll/ruter/" + id));

        List<String> verbudt = new ArrayList<>();
        for (SimPerson p : List.of(strengt, fortrolig)) {
            verbudt.add(p.id());
            verbudt.add(population.address(p.addressIndex()).adressenavn());
            if (population.epostadresse(p) != null) {
                verbudt.add(population.epostadresse(p));
            }
            if (population.mobiltelefonnummer(p) != null) {
                verbudt.add(population.mobiltelefonnummer(p));
            }
        }
        java.util.Map<String, HttpResponse<String>> svar = new java.util.LinkedHashMap<>();
        for (String sti : sider) {
            svar.put(sti, klient.get(sti));
        }
        // the replay dry run's page is the answer to a POST (with the form's CSRF token)
        svar.put("POST /konsoll/hendelser/replay/proeve", klient.post("/konsoll/hendelser", "/konsoll/hendelser/replay/proeve", "fagsystem=skole&fra=1&til=200"));
        for (java.util.Map.Entry<String, HttpResponse<String>> e : svar.entrySet()) {
            String sti = e.getKey();
            HttpResponse<String> side = e.getValue();
            assertThat(side.statusCode()).as(sti).isEqualTo(200);
            String html = side.body();
            String utenUuider = Uuider.utenUuider(html);
            Matcher tall = ELLEVE_SIFFER.matcher(utenUuider);
            assertThat(tall.find()).as(sti + " shows an 11-digit number" + (tall.hitEnd() ? "" : ": " + utenUuider.substring(Math.max(0, tall.start() - 40), tall.end()))).isFalse();
            assertThat(EPOST.matcher(html).find()).as(sti + " shows an e-mail address").isFalse();
            for (String ord : verbudt) {
                assertThat(html).as(sti).doesNotContain(ord);
            }
        }
        assertThat(klient.get("/konsoll/brev/" + brevStrengt).body()).contains(strengt.id().substring(0, 6) + "*****");
        assertThat(svar.get("/konsoll/dead-letters").body()).as("the refused letter's dead letter is listed, its reference masked")
                .contains("sak-" + fortrolig.id().substring(0, 6) + "*****");
        jdbc.update("update dead_letter set avsluttet = now(), avsluttet_av = 'test', avsluttet_begrunnelse = 'test' where kilde = ? and referanse = ?",
                InnleveringMottak.KILDE_SFTP, "skole/" + avvistReferanse);
    }

    @Test
    void should_write_a_redrive_to_the_audit_trail_with_the_users_name_and_refuse_a_post_without_csrf_token() throws Exception {
        UUID dead = forsendelser.lagreDeadLetter("ukjent-kilde", "x", "ingen kan sende denne på nytt", new byte[0]);
        KonsollKlient klient = new KonsollKlient(port);
        klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);

        HttpResponse<String> svar = klient.post("/konsoll/dead-letters/" + dead + "/redrive", "/konsoll/dead-letters/" + dead + "/redrive", "");

        assertThat(svar.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForList("select bruker || ' ' || handling || ' ' || utfall from konsoll_handling where objekt = ?", String.class, dead.toString()))
                .containsExactly("integrasjon-bruker REDRIVE ingen kan sende kilde ukjent-kilde på nytt");
        assertThat(klient.get("/konsoll/handlinger").body()).contains(dead.toString());

        // the logged-in user's own session, without the form's token: refused by the CSRF check, not by the login
        HttpResponse<String> utenCsrf = klient.postUtenCsrf("/konsoll/dead-letters/" + dead + "/redrive", "");
        assertThat(utenCsrf.statusCode()).isEqualTo(403);
        HttpResponse<String> proeveUtenCsrf = klient.postUtenCsrf("/konsoll/hendelser/replay/proeve", "fagsystem=skole&fra=1&til=201");
        assertThat(proeveUtenCsrf.statusCode()).isEqualTo(403);
        assertThat(jdbc.queryForObject("select count(*) from konsoll_handling where objekt = ?", Integer.class, dead.toString())).isEqualTo(1);
        assertThat(klient.get("/konsoll/hendelser/replay/proeve?fagsystem=skole&fra=1&til=201").statusCode()).isNotEqualTo(200);
        assertThat(jdbc.queryForObject("select count(*) from konsoll_handling where handling = 'REPLAY_PROEVE' and objekt = 'skole 1–201'", Integer.class)).as("a replay dry run is never started by a GET or without the token").isZero();
    }

    /**
     * A route stop or start reaches only the instance that served the page, so its audit row names that instance (V81):
     * with two instances the team can tell which one stopped. Before session 32 the row named no instance.
     */
    @Test
    void should_name_the_instance_that_stopped_and_started_a_route_in_the_audit_trail_and_on_the_route_page() throws Exception {
        KonsollKlient klient = new KonsollKlient(port);
        klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);
        // a direct: route behind GET /api/konfig that no other test calls: stopped for a moment here
        String rute = "konfig-filer";
        String instans = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();
        long foer = jdbc.queryForObject("select coalesce(max(id), 0) from konsoll_handling", Long.class);
        try {
            HttpResponse<String> bekreft = klient.get("/konsoll/ruter/" + rute + "/stopp");
            assertThat(bekreft.body()).as("the confirm page names the instance it acts on").contains("Denne instansen: " + instans);
            HttpResponse<String> stopp = klient.post("/konsoll/ruter/" + rute + "/stopp", "/konsoll/ruter/" + rute + "/stopp", "");
            assertThat(stopp.statusCode()).isLessThan(400);
            assertThat(camel.getRouteController().getRouteStatus(rute).isStopped()).isTrue();
            klient.post("/konsoll/ruter/" + rute + "/start", "/konsoll/ruter/" + rute + "/start", "");
            assertThat(camel.getRouteController().getRouteStatus(rute).isStarted()).isTrue();

            assertThat(jdbc.queryForList("select handling || ' ' || utfall || ' @ ' || instans from konsoll_handling where objekt = ? and id > ? order by id",
                    String.class, rute, foer)).containsExactly("RUTE_STOPP stoppet @ " + instans, "RUTE_START startet @ " + instans);
            assertThat(klient.get("/konsoll/ruter/" + rute).body()).contains(instans);
            assertThat(klient.get("/konsoll/handlinger").body()).contains("<th>Instans</th>").contains(instans);
        } finally {
            camel.getRouteController().startRoute(rute);
        }
    }

    /**
     * A refused replay dry run is written to the audit trail too (one that fails half-way has done register look-ups in
     * the user's name), with why, as a refused replay is.
     */
    @Test
    void should_write_a_refused_replay_dry_run_to_the_audit_trail_with_why() throws Exception {
        KonsollKlient klient = new KonsollKlient(port);
        klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);

        HttpResponse<String> svar = klient.post("/konsoll/hendelser", "/konsoll/hendelser/replay/proeve", "fagsystem=finnes-ikke&fra=1&til=2");

        assertThat(svar.statusCode()).isEqualTo(200);
        assertThat(svar.body()).contains("Prøvekjøringen ble avvist: unknown fagsystem finnes-ikke");
        assertThat(jdbc.queryForList("select bruker || ' ' || utfall from konsoll_handling where handling = 'REPLAY_PROEVE' and objekt = 'finnes-ikke 1–2'",
                String.class)).containsExactly("integrasjon-bruker avvist: unknown fagsystem finnes-ikke");
    }

    /**
     * An identity number typed as the replay's fagsystem is masked on the page and in the audit trail, as everywhere in
     * the console, and a long value is cut; before session 29 both showed it whole (the refusal's words came masked).
     */
    @Test
    void should_mask_an_identity_number_typed_as_the_replays_fagsystem_on_the_page_and_in_the_audit_trail() throws Exception {
        KonsollKlient klient = new KonsollKlient(port);
        klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);
        String nummer = "01019012345";

        HttpResponse<String> proeve = klient.post("/konsoll/hendelser", "/konsoll/hendelser/replay/proeve", "fagsystem=" + nummer + "&fra=1&til=3");
        HttpResponse<String> replay = klient.post("/konsoll/hendelser", "/konsoll/hendelser/replay", "fagsystem=" + nummer + "&fra=1&til=3");
        klient.post("/konsoll/hendelser", "/konsoll/hendelser/replay", "fagsystem=" + "x".repeat(5000) + "&fra=1&til=3");

        assertThat(proeve.statusCode()).isEqualTo(200);
        assertThat(proeve.body()).doesNotContain(nummer).contains("010190*****");
        assertThat(klient.get("/konsoll/hendelser").body()).doesNotContain(nummer);
        assertThat(replay.statusCode()).isLessThan(400);
        assertThat(jdbc.queryForList("select objekt || ' ' || utfall from konsoll_handling where handling like 'REPLAY%' and objekt like '010190%'",
                String.class)).hasSize(2).allSatisfy(rad -> assertThat(rad).doesNotContain(nummer));
        assertThat(jdbc.queryForList("select objekt from konsoll_handling where handling = 'REPLAY' and objekt like 'xxx%'", String.class))
                .singleElement().satisfies(objekt -> assertThat(objekt.length()).isLessThan(200));
        assertThat(klient.get("/konsoll/handlinger").body()).doesNotContain(nummer);
    }

    /**
     * Two clicks on **Lever på nytt** for one range (or two operators at once): the second finds the range queued and not
     * yet delivered, queues nothing again and is told so. Here a delivery round holds the row while it sends it when the
     * second click comes (HendelseLeverer locks a row to its round's commit, then marks it delivered). Before session 31
     * the second replay waited for that round and then queued the row again behind it: the fagsystem got the event twice.
     */
    @Test
    void should_not_queue_a_replayed_range_again_while_it_waits_so_a_second_click_cannot_send_an_event_twice() throws Exception {
        // a move of a child's household within the kommune: an event skole takes (oppvekst, 0-17, Bergen)
        SimPerson barn = population.findAll(Kind.BARN_FORELDREANSVAR_MOR).stream().filter(c -> {
            SimPerson mor = c.motherIndex() < 0 ? null : population.person(c.motherIndex());
            return mor != null && c.addressIndex() >= 0 && mor.addressIndex() == c.addressIndex()
                    && population.address(c.addressIndex()).kommunenummer().equals(population.homeKommune())
                    && c.graderingCode() == 0 && mor.graderingCode() == 0 && c.status() == SimPerson.Status.BOSATT
                    && mor.status() == SimPerson.Status.BOSATT && !mor.hasOppholdsadresseOnly();
        }).skip(40).findFirst().orElseThrow();
        HttpResponse<String> flytting = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/sim/admin/folkeregisteret/hendelser")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"FLYTTING_INNEN_KOMMUNE\",\"person\":\""
                        + population.person(barn.motherIndex()).id() + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(flytting.statusCode()).as(flytting.body()).isEqualTo(200);
        JsonNode endring = json.readTree(flytting.body());
        int barnets = java.util.stream.IntStream.range(0, endring.path("personer").size())
                .filter(i -> endring.path("personer").get(i).asText().equals(barn.id())).findFirst().orElseThrow();
        long seq = endring.path("sekvensnumre").get(barnets).asLong();
        // skole gets its file at 05:00: nothing here delivers its rows but the test
        await().atMost(Duration.ofSeconds(40)).until(() -> skolestatus(seq) != null);
        jdbc.update("update levering set status = 'LEVERT', levert = now() where sekvensnummer = ? and fagsystem = 'skole' and melding = ''", seq);
        KonsollKlient klient = new KonsollKlient(port);
        klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);
        String skjema = "fagsystem=skole&fra=" + seq + "&til=" + seq;

        HttpResponse<String> foerste = klient.post("/konsoll/hendelser", "/konsoll/hendelser/replay", skjema);
        assertThat(foerste.body()).contains("Replay til skole: 1 hendelse(r) lagt i kø for levering.");
        assertThat(skolestatus(seq)).isEqualTo("VENTER");

        java.util.concurrent.CountDownLatch holdt = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch slipp = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Void> runde = java.util.concurrent.CompletableFuture.runAsync(() ->
                new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(tx -> {
                    jdbc.queryForList("select sekvensnummer from levering where sekvensnummer = ? and fagsystem = 'skole' and melding = '' for update",
                            Long.class, seq);
                    holdt.countDown();
                    try {
                        slipp.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    jdbc.update("update levering set status = 'LEVERT', levert = now(), forsoek = forsoek + 1 where sekvensnummer = ? and fagsystem = 'skole'"
                            + " and melding = ''", seq);
                }));
        assertThat(holdt.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        java.util.concurrent.CompletableFuture<HttpResponse<String>> andre = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return klient.post("/konsoll/hendelser", "/konsoll/hendelser/replay", skjema);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try {
            andre.get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // the old code: the second replay waits for the round's lock
        }
        slipp.countDown();
        runde.get(30, java.util.concurrent.TimeUnit.SECONDS);
        HttpResponse<String> svar = andre.get(30, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(skolestatus(seq)).as("delivered once, by the round that held it, and not queued again behind it").isEqualTo("LEVERT");
        assertThat(svar.body()).contains("Replay til skole: 0 hendelse(r) lagt i kø for levering; 1 lå allerede i kø og er ikke levert ennå,"
                + " og ble ikke lagt i kø på nytt.");
        assertThat(jdbc.queryForList("select utfall from konsoll_handling where handling = 'REPLAY' and objekt = ? order by id", String.class,
                "skole " + seq + "–" + seq)).containsExactly("1 hendelse(r) lagt i kø for levering",
                "0 hendelse(r) lagt i kø for levering; 1 lå allerede i kø og er ikke levert ennå, og ble ikke lagt i kø på nytt");
    }

    /**
     * The dry run lists only what a replay would deliver: an event whose delivery still waits (queued, not yet delivered)
     * is one a replay leaves as it is, so it is listed apart with why. Before session 32 it was counted among the events
     * that "would be delivered", and the replay then queued none of them.
     */
    @Test
    void should_list_an_event_still_waiting_apart_in_a_replay_dry_run_and_not_as_one_that_would_be_delivered() throws Exception {
        // a move of a child's household within the kommune: an event skole takes, and skole gets its file at 05:00 only
        SimPerson barn = population.findAll(Kind.BARN_FORELDREANSVAR_MOR).stream().filter(c -> {
            SimPerson mor = c.motherIndex() < 0 ? null : population.person(c.motherIndex());
            return mor != null && c.addressIndex() >= 0 && mor.addressIndex() == c.addressIndex()
                    && population.address(c.addressIndex()).kommunenummer().equals(population.homeKommune())
                    && c.graderingCode() == 0 && mor.graderingCode() == 0 && c.status() == SimPerson.Status.BOSATT
                    && mor.status() == SimPerson.Status.BOSATT && !mor.hasOppholdsadresseOnly();
        }).skip(43).findFirst().orElseThrow();
        HttpResponse<String> flytting = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/sim/admin/folkeregisteret/hendelser")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"FLYTTING_INNEN_KOMMUNE\",\"person\":\""
                        + population.person(barn.motherIndex()).id() + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(flytting.statusCode()).as(flytting.body()).isEqualTo(200);
        JsonNode endring = json.readTree(flytting.body());
        int barnets = java.util.stream.IntStream.range(0, endring.path("personer").size())
                .filter(i -> endring.path("personer").get(i).asText().equals(barn.id())).findFirst().orElseThrow();
        long seq = endring.path("sekvensnumre").get(barnets).asLong();
        await().atMost(Duration.ofSeconds(40)).until(() -> skolestatus(seq) != null);
        try {
            assertThat(skolestatus(seq)).as("waiting for skole's 05:00 file").isEqualTo("VENTER");
            KonsollKlient klient = new KonsollKlient(port);
            klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);

            HttpResponse<String> proeve = klient.post("/konsoll/hendelser", "/konsoll/hendelser/replay/proeve", "fagsystem=skole&fra=" + seq + "&til=" + seq);

            assertThat(proeve.statusCode()).isEqualTo(200);
            assertThat(proeve.body()).contains("0 hendelse(r) ville blitt levert").contains("1 hendelse(r) blir ikke levert av en replay")
                    .contains("venter allerede i kø og er ikke levert ennå; en replay legger den ikke i kø på nytt").doesNotContain("id=\"replay-lever\"");
            assertThat(jdbc.queryForList("select utfall from konsoll_handling where handling = 'REPLAY_PROEVE' and objekt = ?", String.class,
                    "skole " + seq + "–" + seq)).containsExactly("0 hendelse(r) ville blitt levert; 1 utelatt (venter allerede i kø eller kan ikke lages)");
            assertThat(skolestatus(seq)).as("a dry run changes nothing").isEqualTo("VENTER");
        } finally {
            // as the replay test leaves its row: delivered, so skole's next file does not carry it
            jdbc.update("update levering set status = 'LEVERT', levert = now() where sekvensnummer = ? and fagsystem = 'skole' and melding = ''", seq);
        }
    }

    private String skolestatus(long seq) {
        List<String> status = jdbc.queryForList("select status from levering where sekvensnummer = ? and fagsystem = 'skole' and melding = ''",
                String.class, seq);
        return status.isEmpty() ? null : status.get(0);
    }

    /**
     * An identity number typed into the path of a resolve, redrive or close (alone, or as the first group of something
     * {@code UUID.fromString} takes) is refused 400 before anything is done, and written nowhere: before session 31 it was
     * acted on as an unknown or a parsed id and stored on the audit trail as typed, in clear on /konsoll/handlinger.
     */
    @Test
    void should_refuse_an_action_on_a_path_that_is_no_uuid_with_400_and_never_write_what_was_typed_to_the_audit_trail() throws Exception {
        KonsollKlient klient = new KonsollKlient(port);
        klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);
        String nummer = "01019012345";

        for (String sti : List.of(nummer, nummer + "-1-1-1-1")) {
            for (String handling : List.of("/konsoll/manuell/" + sti + "/loes", "/konsoll/dead-letters/" + sti + "/redrive",
                    "/konsoll/dead-letters/" + sti + "/avslutt")) {
                HttpResponse<String> svar = klient.post("/konsoll/manuell", handling, "begrunnelse=behandlet&kommentar=ringte");
                assertThat(svar.statusCode()).as(handling).isEqualTo(400);
                assertThat(svar.body()).as(handling).doesNotContain(nummer);
            }
        }

        assertThat(jdbc.queryForObject("select count(*) from konsoll_handling where objekt like '%' || ? || '%' or utfall like '%' || ? || '%'",
                Integer.class, nummer, nummer)).isZero();
        assertThat(klient.get("/konsoll/handlinger").body()).doesNotContain(nummer);
    }

    /**
     * Bad input in a console form was a 500 (and an ERROR with PostgreSQL's stack trace in the log): the letter search
     * with a control character in a field (a NUL, which PostgreSQL refuses in a parameter) or a date beyond the database's
     * timestamps or Java's last day, and a replay dry run whose fagsystem held a NUL (the audit row's insert failed). Now
     * the search is a 400 with why on the form, and the dry run is refused as for any unknown fagsystem and written to
     * the trail, the character as U+FFFD.
     */
    @Test
    void should_answer_a_letter_search_with_a_control_character_or_a_date_out_of_range_400_with_why_and_refuse_a_replay_to_a_fagsystem_with_a_nul() throws Exception {
        KonsollKlient klient = new KonsollKlient(port);
        klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);

        for (String sok : List.of("status=a%00b", "referanse=sak%00-1", "avsender=sk%01ole", "til=%2B999999999-12-31", "fra=%2B300000-01-01")) {
            HttpResponse<String> svar = klient.get("/konsoll/brev?" + sok);
            assertThat(svar.statusCode()).as(sok).isEqualTo(400);
            assertThat(svar.body()).as(sok).contains("id=\"feilmelding\"").contains("Søket ble ikke utført: ")
                    .containsAnyOf("kontrolltegn (U+0000", "kontrolltegn (U+0001", "en dato må ligge mellom år 1 og 9999");
        }
        assertThat(klient.get("/konsoll/brev?referanse=sak-1&til=9999-12-31").statusCode()).isEqualTo(200);

        HttpResponse<String> proeve = klient.post("/konsoll/hendelser", "/konsoll/hendelser/replay/proeve", "fagsystem=sk%00ole&fra=1&til=2");
        assertThat(proeve.statusCode()).isEqualTo(200);
        assertThat(proeve.body()).contains("Prøvekjøringen ble avvist").doesNotContain("\u0000");
        assertThat(jdbc.queryForList("select utfall from konsoll_handling where handling = 'REPLAY_PROEVE' and objekt = ?", String.class,
                "sk\uFFFDole 1–2")).singleElement().satisfies(utfall -> assertThat(utfall).startsWith("avvist: ").doesNotContain("\u0000"));
    }

    /**
     * A register-event delivery's dead letter can be redriven from the console (its confirm page offers to send it even
     * behind later delivered messages of the person); a refusal is shown and written to the audit trail with its reason.
     * Here its fagsystem's registration was removed (the state the sweep of undeliverable rows leaves), so it is refused.
     */
    @Test
    void should_offer_an_event_deliverys_dead_letter_for_redrive_and_show_and_log_why_it_is_refused() throws Exception {
        SimPerson p = sist(Kind.VANLIG_VOKSEN);
        long seq = jdbc.queryForObject("select nextval('resync_sekvensnummer')", Long.class);
        jdbc.update("insert into hendelse (sekvensnummer, identifikator, hendelsetype, status) values (?, ?, 'resync', 'FORDELT')", seq, p.id());
        jdbc.update("insert into levering (sekvensnummer, fagsystem, status, dokument, feil) values (?, 'fjernet', 'FEILET', '{}', 'test')", seq);
        UUID dead = forsendelser.lagreDeadLetter("hendelser-levering", seq + "/fjernet", "test", "{}".getBytes());
        try {
            KonsollKlient klient = new KonsollKlient(port);
            klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);
            assertThat(klient.get("/konsoll/dead-letters").body()).contains("redrive-" + dead);
            assertThat(klient.get("/konsoll/dead-letters/" + dead + "/redrive").body()).contains("id=\"tross-nyere\"");

            HttpResponse<String> svar = klient.post("/konsoll/dead-letters/" + dead + "/redrive", "/konsoll/dead-letters/" + dead + "/redrive",
                    "tross-nyere=true");

            assertThat(svar.statusCode()).isEqualTo(200);
            assertThat(svar.body()).contains("fagsystemet fjernet er ikke lenger registrert");
            assertThat(jdbc.queryForObject("select utfall from konsoll_handling where objekt = ?", String.class, dead.toString()))
                    .startsWith("fagsystemet fjernet er ikke lenger registrert");
            assertThat(forsendelser.deadLetter(dead).orElseThrow().redrevet()).as("left open").isNull();
        } finally {
            jdbc.update("delete from levering where sekvensnummer = ?", seq);
            jdbc.update("delete from hendelse where sekvensnummer = ?", seq);
            jdbc.update("delete from dead_letter where id = ?", dead);
        }
    }

    /**
     * A dead letter no redrive will send is closed from the console with a reason: the confirm page asks for one (and the
     * form is refused without it), the close is written to the audit trail with the user's name but without the reason,
     * the dead letter, counted on the overview (per kind) and in the gauge {@code esb.deadletter.aapne} while open, leaves
     * them and the open list for the closed one, where it shows who and why, and
     * neither "Send på nytt" nor "Avslutt" is offered on it any more; a redrive posted anyway is refused.
     */
    @Test
    void should_close_a_dead_letter_from_the_console_with_a_reason_and_list_it_as_closed_not_open() throws Exception {
        // a kind of its own, so the overview's count per kind and the gauge show this one alone
        String kilde = "ukjent-kilde-" + UUID.randomUUID().toString().substring(0, 8);
        UUID dead = forsendelser.lagreDeadLetter(kilde, "x", "ingen kan sende denne på nytt", new byte[]{1});
        KonsollKlient klient = new KonsollKlient(port);
        klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);
        assertThat(klient.get("/konsoll").body()).as("the overview counts it among the open ones")
                .contains("<code>" + kilde + "</code> <span>1</span>");
        // a kind first seen in the table gets its gauge at the first read; the scrape after that shows it
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Prometheus.verdi(port, "esb_deadletter_aapne", "kilde=\"" + kilde + "\""))
                .isEqualTo(1.0));
        assertThat(klient.get("/konsoll/dead-letters").body()).contains("avslutt-" + dead);
        assertThat(klient.get("/konsoll/dead-letters/" + dead + "/avslutt").body()).contains("id=\"begrunnelse\"").contains("required");

        HttpResponse<String> uten = klient.post("/konsoll/dead-letters/" + dead + "/avslutt", "/konsoll/dead-letters/" + dead + "/avslutt", "begrunnelse=+");
        assertThat(uten.body()).contains("begrunnelse mangler");
        assertThat(forsendelser.deadLetter(dead).orElseThrow().avsluttet()).as("not closed without a reason").isNull();

        HttpResponse<String> svar = klient.post("/konsoll/dead-letters/" + dead + "/avslutt", "/konsoll/dead-letters/" + dead + "/avslutt",
                "begrunnelse=" + java.net.URLEncoder.encode("Kilden finnes ikke lenger; behandlet utenfor plattformen", java.nio.charset.StandardCharsets.UTF_8));

        assertThat(svar.statusCode()).isEqualTo(200);
        assertThat(svar.body()).contains("avsluttet uten sending");
        ForsendelseRepository.DeadLetter d = forsendelser.deadLetter(dead).orElseThrow();
        assertThat(d.avsluttet()).isNotNull();
        assertThat(d.avsluttetAv()).isEqualTo(KonsollKlient.BRUKER);
        assertThat(jdbc.queryForList("select bruker || ' ' || handling || ' ' || utfall from konsoll_handling where objekt = ? order by id", String.class, dead.toString()))
                .containsExactly("integrasjon-bruker AVSLUTT_DEAD_LETTER ikke avsluttet: begrunnelse mangler",
                        "integrasjon-bruker AVSLUTT_DEAD_LETTER avsluttet uten sending");
        assertThat(forsendelser.aapneDeadLettersPerKilde()).as("what the overview and the gauge count").doesNotContainKey(kilde);
        assertThat(klient.get("/konsoll").body()).doesNotContain("<code>" + kilde + "</code>");
        assertThat(Prometheus.verdi(port, "esb_deadletter_aapne", "kilde=\"" + kilde + "\"")).isZero();
        assertThat(klient.get("/konsoll/dead-letters").body()).doesNotContain(dead.toString());
        String lukkede = klient.get("/konsoll/dead-letters?vis=avsluttet").body();
        assertThat(lukkede).contains("data-id=\"" + dead + "\"").contains("Kilden finnes ikke lenger; behandlet utenfor plattformen")
                .doesNotContain("avslutt-" + dead).doesNotContain("redrive-" + dead);

        HttpResponse<String> redrive = klient.post("/konsoll/dead-letters", "/konsoll/dead-letters/" + dead + "/redrive", "");
        assertThat(redrive.body()).contains("var avsluttet uten sending");
        assertThat(forsendelser.deadLetter(dead).orElseThrow().redrevet()).isNull();
    }

    /**
     * The dead-letter list showed every row of its filter on one page, each with a query for its letter: after an outage
     * tens of thousands (and "Alle" grows for ever, as a closed or redriven row stays). Now it shows 200 a page, newest
     * first, with a link to the older ones; a page number below 1 is a 400.
     */
    @Test
    void should_list_the_dead_letters_a_page_at_a_time_and_reach_the_oldest_by_the_link_to_older_ones() throws Exception {
        String kilde = "side-" + UUID.randomUUID().toString().substring(0, 8);
        List<UUID> mine = new ArrayList<>();
        for (int i = 0; i < Koesider.PER_SIDE + 5; i++) {
            UUID id = forsendelser.lagreDeadLetter(kilde, "x", "ingen kan sende denne på nytt", new byte[]{1});
            // older than any other open one, the first made the oldest of all
            jdbc.update("update dead_letter set opprettet = timestamp '2000-01-01' + ? * interval '1 second' where id = ?", i, id);
            mine.add(id);
        }
        try {
            KonsollKlient klient = new KonsollKlient(port);
            klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);

            HttpResponse<String> foerste = klient.get("/konsoll/dead-letters");
            assertThat(foerste.statusCode()).isEqualTo(200);
            assertThat(Pattern.compile("data-id=\"").matcher(foerste.body()).results().count()).as("one page").isEqualTo(Koesider.PER_SIDE);
            assertThat(foerste.body()).contains("id=\"side-eldre\"").doesNotContain("id=\"side-nyere\"").doesNotContain(mine.get(0).toString());

            java.util.Map<UUID, Integer> sett = new java.util.HashMap<>();
            String sisteSide = foerste.body();
            String side = sisteSide;
            for (int n = 0; n < 1000; n++) {
                String denne = side;
                mine.stream().filter(id -> denne.contains("data-id=\"" + id + "\"")).forEach(id -> sett.merge(id, 1, Integer::sum));
                sisteSide = side;
                Matcher eldre = Pattern.compile("href=\"([^\"]+)\" id=\"side-eldre\"").matcher(side);
                if (!eldre.find()) {
                    break;
                }
                side = klient.get(eldre.group(1).replace("&amp;", "&")).body();
                assertThat(side).contains("id=\"side-nyere\"");
            }
            assertThat(sett).as("each of them on exactly one page").hasSize(mine.size()).allSatisfy((id, ganger) -> assertThat(ganger).isOne());
            assertThat(sisteSide).as("the oldest on the last page").contains("data-id=\"" + mine.get(0) + "\"");
            assertThat(klient.get("/konsoll/dead-letters?side=0").statusCode()).isEqualTo(400);
        } finally {
            jdbc.update("update dead_letter set avsluttet = now(), avsluttet_av = 'test', avsluttet_begrunnelse = 'test' where kilde = ?", kilde);
        }
    }

    /**
     * The manual queue showed every waiting recipient letter on one page, the overview read them all to count them, and
     * each "Marker som løst…" read them all to find one. Now the queue shows 200 a page, oldest first, with a link to
     * the newer ones; the overview counts in the database; the confirm page reads its one case.
     */
    @Test
    void should_list_the_manual_queue_a_page_at_a_time_oldest_first_and_reach_the_newest_by_the_link_to_newer_ones() throws Exception {
        UUID brev = UUID.randomUUID();
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, mottaker, mottaker_type, kanal_inn, status)
                values (?, 'skole', ?, 'Mange manuelle', 'FORMELL', '974760673', 'ORGANISASJON', 'REST', 'MANUELL')""", brev, "manuelle-" + brev);
        List<UUID> mine = new ArrayList<>();
        for (int i = 0; i < Koesider.PER_SIDE + 5; i++) {
            UUID id = UUID.randomUUID();
            // older than any other waiting one, the first made the oldest of all
            jdbc.update("""
                    insert into mottakerbrev (id, brev_id, mottaker, kanal, regel, status, manuell_grunn, endret_tid)
                    values (?, ?, '974760673', 'MANUELL', 'TEST', 'MANUELL', 'test', timestamp '2000-01-01' + ? * interval '1 second')""", id, brev, i);
            mine.add(id);
        }
        try {
            KonsollKlient klient = new KonsollKlient(port);
            klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);

            HttpResponse<String> foerste = klient.get("/konsoll/manuell");
            assertThat(foerste.statusCode()).isEqualTo(200);
            assertThat(Pattern.compile("id=\"loes-").matcher(foerste.body()).results().count()).as("one page").isEqualTo(Koesider.PER_SIDE);
            assertThat(foerste.body()).contains("id=\"loes-" + mine.get(0) + "\"").doesNotContain(mine.get(mine.size() - 1).toString())
                    .doesNotContain("id=\"side-eldre\"");
            Matcher nyere = Pattern.compile("href=\"([^\"]+)\" id=\"side-nyere\"").matcher(foerste.body());
            assertThat(nyere.find()).as("a link to the newer ones").isTrue();
            String andre = klient.get(nyere.group(1).replace("&amp;", "&")).body();
            assertThat(andre).contains("id=\"loes-" + mine.get(mine.size() - 1) + "\"").contains("id=\"side-eldre\"")
                    .doesNotContain(mine.get(0).toString());

            Matcher antall = Pattern.compile("id=\"antall-manuelle\">(\\d+)<").matcher(klient.get("/konsoll").body());
            assertThat(antall.find()).isTrue();
            assertThat(Long.parseLong(antall.group(1))).isEqualTo(jdbc.queryForObject("select count(*) from mottakerbrev where status = 'MANUELL'", Long.class));
            assertThat(klient.get("/konsoll/manuell/" + mine.get(mine.size() - 1) + "/loes").body()).contains("Mange manuelle");
            assertThat(klient.get("/konsoll/manuell/" + UUID.randomUUID() + "/loes").statusCode()).isEqualTo(404);
            assertThat(klient.get("/konsoll/manuell?side=0").statusCode()).isEqualTo(400);
        } finally {
            jdbc.update("delete from brev where id = ?", brev);
        }
    }

    /**
     * "Marker som løst" takes an optional comment held to the closing reason's rule: a NUL failed the form with a 500 and
     * nothing was written, a comment had no length limit. Now the form comes back with why (never the text), the trail
     * says it was not resolved, and the case waits; a good comment naming a person is shown masked on the letter's page.
     */
    @Test
    void should_refuse_a_manual_resolution_whose_comment_is_too_long_or_has_a_control_character_with_why_on_the_form() throws Exception {
        SimPerson person = sist(Kind.FORTROLIG);
        UUID brev = UUID.randomUUID();
        UUID sak = UUID.randomUUID();
        // a processed letter (STOPPET: the routes leave it alone) with one recipient letter waiting for a caseworker
        jdbc.update("""
                insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                values (?, 'skole', ?, 'Vedtak', 'FORMELL', false, '-', 'PERSON', 'REST', 'STOPPET')""", brev, "konsoll-manuell-" + brev);
        jdbc.update("insert into mottakerbrev (id, brev_id, mottaker, kanal, status, manuell_grunn) values (?, ?, '-', 'MANUELL', 'MANUELL', 'ukjent bosted')",
                sak, brev);
        KonsollKlient klient = new KonsollKlient(port);
        klient.loggInn(KonsollKlient.BRUKER, KonsollKlient.PASSORD);
        String skjema = "/konsoll/manuell/" + sak + "/loes";
        assertThat(klient.get(skjema).body()).contains("id=\"kommentar\"").contains("maxlength=\"500\"");

        HttpResponse<String> nul = klient.post(skjema, skjema, "kommentar=" + URLEncoder.encode("ringte\u0000", StandardCharsets.UTF_8));
        HttpResponse<String> lang = klient.post(skjema, skjema, "kommentar=" + "x".repeat(501));

        assertThat(nul.statusCode()).isEqualTo(200);
        assertThat(nul.uri().getPath()).as("back on the form").isEqualTo(skjema);
        assertThat(nul.body()).contains("ikke løst: kommentar kan ikke ha kontrolltegn (U+0000, tegn nr 7)");
        assertThat(lang.body()).contains("ikke løst: kommentar er lengre enn 500 tegn (501)");
        assertThat(jdbc.queryForObject("select status from mottakerbrev where id = ?", String.class, sak)).isEqualTo("MANUELL");
        assertThat(jdbc.queryForList("select bruker || ' ' || handling || ' ' || utfall from konsoll_handling where objekt = ? order by id", String.class,
                sak.toString())).containsExactly("integrasjon-bruker LOES_MANUELL ikke løst: kommentar kan ikke ha kontrolltegn (U+0000, tegn nr 7)",
                "integrasjon-bruker LOES_MANUELL ikke løst: kommentar er lengre enn 500 tegn (501)");

        HttpResponse<String> loest = klient.post(skjema, skjema, "kommentar=" + URLEncoder.encode("ringte " + person.id(), StandardCharsets.UTF_8));

        assertThat(loest.body()).contains("Mottakerbrev " + sak + ": løst.");
        assertThat(jdbc.queryForObject("select status from mottakerbrev where id = ?", String.class, sak)).isEqualTo("MANUELT_LOEST");
        assertThat(klient.get("/konsoll/brev/" + brev).body()).contains("ringte " + person.id().substring(0, 6) + "*****")
                .doesNotContain(person.id());
    }

    @Test
    void should_set_the_session_cookie_http_only_and_same_site_lax() throws Exception {
        HttpResponse<String> foerste = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/konsoll"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        List<String> cookies = foerste.headers().allValues("Set-Cookie");
        assertThat(cookies).filteredOn(c -> c.startsWith("JSESSIONID=")).isNotEmpty()
                .allSatisfy(c -> assertThat(c).contains("HttpOnly").containsIgnoringCase("SameSite=Lax"));
    }

    private SimPerson sist(Kind kind) {
        List<SimPerson> alle = population.findAll(kind);
        return alle.get(alle.size() - 1);
    }

    private boolean besluttet(UUID brev) {
        return jdbc.queryForObject("select count(*) from tidslinje where brev_id = ? and hendelse = 'BESLUTTET'", Integer.class, brev) > 0;
    }

    /**
     * Stores a received letter as the intake does (the intake itself is tested on its own), in one transaction so the
     * processing route never claims it before its document is there.
     */
    /**
     * A letter to {@code p} whose title, reference and file name name the person's identity number, as a careless
     * fagsystem may write them (free text the intake cannot judge): the console must show them masked.
     */
    private UUID lever(SimPerson p) {
        UUID id = UUID.randomUUID();
        new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(tx -> {
            jdbc.update("""
                    insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                    values (?, 'skole', ?, ?, 'FORMELL', false, ?, 'PERSON', 'REST', 'MOTTATT')""",
                    id, "konsoll-" + p.id() + "-" + id, "Vedtak om skoleskyss for " + p.id(), p.id());
            jdbc.update("insert into brev_dokument (brev_id, nr, filnavn, mime_type, innhold) values (?, 0, ?, 'application/pdf', ?)", id,
                    "vedtak-" + p.id() + ".pdf", no.kommune.esb.TestPdf.gyldig("vedtak").clone());
            jdbc.update("insert into tidslinje (brev_id, hendelse, detalj) values (?, 'MOTTATT', 'REST')", id);
        });
        return id;
    }
}
