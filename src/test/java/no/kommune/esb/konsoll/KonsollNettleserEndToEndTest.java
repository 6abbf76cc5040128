package no.kommune.esb.konsoll;

import no.kommune.esb.EndToEndTest;
import no.kommune.esb.platform.konfig.KonfigProperties;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The console in a real browser: headless Chromium (Debian package {@code chromium}) driven by Selenium through the
 * Debian {@code chromedriver} (never downloaded). Logs in at the simulated IdP, finds a letter and reads its timeline,
 * redrives a dead letter made by a real SvarUt outage and sees it delivered, closes another without sending it (with a
 * reason; it leaves the open list for the closed filter), resolves a manual case, dry-runs a replay
 * and stops and starts a route, and watches a route reload after its file is edited. Each page's screenshot goes to {@link #BILDER} (docs/konsoll.md shows the committed ones).
 * Skipped, with a notice, where chromedriver is not installed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KonsollNettleserEndToEndTest extends EndToEndTest {

    static final Path CHROMEDRIVER = Path.of(System.getProperty("konsoll.chromedriver", "/usr/bin/chromedriver"));
    static final Path CHROMIUM = Path.of(System.getProperty("konsoll.chromium", "/usr/bin/chromium"));
    /** target/ on an ordinary run, so a test run leaves the work tree clean; {@code -Dkonsoll.skjermbilder=docs/konsoll} renews the docs' pictures. */
    static final Path BILDER = Path.of(System.getProperty("konsoll.skjermbilder", "target/konsoll-skjermbilder"));
    static final Duration VENT = Duration.ofSeconds(60);

    /** A small route for the reload test; its one step shows which version of the file runs. */
    static final String PROEVERUTE = """
            # The console's reload test: a route whose diagram names the version of this file
            - route:
                id: konsoll-proeve
                description: "Answers with the version of this file"
                from:
                  uri: direct:konsoll-proeve
                  steps:
                    - setBody:
                        constant: "%s"
            """;

    static WebDriver nettleser;
    static Path profil;

    @Value("${server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    SyntheticPopulation population;
    @Autowired
    KonfigProperties konfig;
    @Autowired
    CamelContext camel;

    @BeforeAll
    static void startNettleser() throws Exception {
        assumeTrue(Files.isExecutable(CHROMEDRIVER) && Files.isExecutable(CHROMIUM),
                "Browser tests skipped: " + CHROMEDRIVER + " or " + CHROMIUM + " missing (apt-get install chromium chromium-driver; .ci/run does)");
        // the driver is named explicitly, so Selenium Manager never looks for (or downloads) one
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profil = Files.createTempDirectory("konsoll-chromium");
        ChromeOptions valg = new ChromeOptions();
        valg.setBinary(CHROMIUM.toFile());
        valg.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--hide-scrollbars", "--force-device-scale-factor=1", "--lang=nb-NO", "--window-size=1440,900",
                "--user-data-dir=" + profil);
        ChromeDriverService tjeneste = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        nettleser = new ChromeDriver(tjeneste, valg);
        nettleser.manage().timeouts().pageLoadTimeout(VENT);
        Files.createDirectories(BILDER);
    }

    @AfterAll
    static void stoppNettleser() throws Exception {
        if (nettleser != null) {
            nettleser.quit();
        }
        if (profil != null) {
            try (var filer = Files.walk(profil)) {
                filer.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void should_log_in_at_the_identity_providers_form_and_land_on_the_overview() throws Exception {
        aapne("/konsoll");
        vent().until(d -> d.getCurrentUrl().contains("/sim/idp/authorize"));
        bilde("01-innlogging");

        nettleser.findElement(By.id("brukernavn")).sendKeys(KonsollKlient.BRUKER);
        nettleser.findElement(By.id("passord")).sendKeys(KonsollKlient.PASSORD);
        nettleser.findElement(By.id("logg-inn")).click();

        vent().until(d -> URI.create(d.getCurrentUrl()).getPath().equals("/konsoll"));
        assertThat(nettleser.findElement(By.id("innlogget")).getText()).isEqualTo(KonsollKlient.BRUKER);
        assertThat(nettleser.findElement(By.id("helse")).getText()).contains("db").contains("UP");
        bilde("02-oversikt");
    }

    @Test
    @Order(2)
    void should_find_a_letter_by_its_reference_and_read_its_timeline_from_received_to_delivered() throws Exception {
        SimPerson p = population.findAll(Kind.VANLIG_VOKSEN).get(71);
        krr(p, "NEI", true);
        String referanse = "konsoll-tidslinje-" + UUID.randomUUID().toString().substring(0, 8);
        UUID brev = lever(p, referanse);
        await().atMost(VENT).untilAsserted(() -> assertThat(mottakerbrevStatus(brev)).as("timeline %s", tidslinje(brev)).containsAnyOf("LEVERT", "LEST"));

        aapne("/konsoll/brev");
        new Select(nettleser.findElement(By.id("sok-avsender"))).selectByValue("skole");
        nettleser.findElement(By.id("sok-referanse")).sendKeys(referanse.substring(0, 22));
        nettleser.findElement(By.id("sok-knapp")).click();
        vent().until(d -> d.findElements(By.cssSelector("#treff a.brevlenke")).size() == 1);
        bilde("03-brev-sok");

        nettleser.findElement(By.cssSelector("#treff a.brevlenke")).click();
        vent().until(d -> d.findElements(By.id("tidslinje")).size() == 1);
        assertThat(nettleser.findElement(By.id("brev-referanse")).getText()).isEqualTo(referanse);
        assertThat(hendelser()).containsSubsequence("MOTTATT", "OPPSLAG", "BESLUTTET", "SENDT", "STATUS");
        assertThat(nettleser.findElement(By.id("beslutninger")).getText()).contains("DIGITAL").contains("reservert").contains("krrStatus");
        assertThat(nettleser.getPageSource()).doesNotContain(p.id()).contains(p.id().substring(0, 6) + "*****");
        bilde("04-brev-tidslinje");
    }

    @Test
    @Order(3)
    void should_redrive_a_dead_letter_from_a_svarut_outage_and_see_the_letter_delivered() throws Exception {
        SimPerson p = population.findAll(Kind.VANLIG_VOKSEN).get(72);
        krr(p, "NEI", true);
        UUID brev;
        // every send fails until the fault is lifted: the test profile gives up after 3 attempts (max-forsoek); a 5xx may
        // come after SvarUt stored the letter, so it goes to the dead-letter store once a look-up shows SvarUt does not hold it
        put("/sim/admin/faults/svarut/send", "{\"errorRate\":1.0,\"errorStatus\":500}");
        try {
            brev = lever(p, "konsoll-redrive-" + UUID.randomUUID().toString().substring(0, 8));
            await().atMost(VENT).until(() -> mottakerbrevStatus(brev).contains("DEAD_LETTER"));
        } finally {
            delete("/sim/admin/faults/svarut/send");
        }
        UUID dead = jdbc.queryForObject("""
                select d.id from dead_letter d join mottakerbrev m on d.referanse = m.id::text
                where m.brev_id = ? and d.kilde = 'forsendelse-send' and d.redrevet is null""", UUID.class, brev);

        aapne("/konsoll/dead-letters");
        WebElement rad = nettleser.findElement(By.cssSelector("tr[data-id='" + dead + "']"));
        assertThat(rad.getText()).contains("forsendelse-send").contains("venter");
        bilde("05-dead-letters");
        nettleser.findElement(By.id("redrive-" + dead)).click();
        vent().until(d -> d.findElements(By.id("bekreft")).size() == 1);
        bilde("06-bekreft-redrive");
        nettleser.findElement(By.id("bekreft")).click();

        vent().until(d -> URI.create(d.getCurrentUrl()).getPath().equals("/konsoll/brev/" + brev));
        assertThat(nettleser.findElement(By.id("melding")).getText()).contains("sendt på nytt");
        // the letter page refreshes itself; waiting on the browser's page, not the database
        nettleser.findElement(By.cssSelector("[data-oppfrisk] input")).click();
        ventPaaSidenSomOppfrisker(d -> d.findElements(By.cssSelector(".mottakerbrev-status")).stream()
                .anyMatch(e -> List.of("LEVERT", "LEST").contains(e.getText())));
        // untick (the page may be reloading right then), then load the page once more so nothing is replaced while read
        ventPaaSidenSomOppfrisker(d -> {
            WebElement boks = d.findElement(By.cssSelector("[data-oppfrisk] input"));
            if (boks.isSelected()) {
                boks.click();
            }
            return !boks.isSelected();
        });
        nettleser.navigate().refresh();
        assertThat(nettleser.findElement(By.cssSelector("[data-oppfrisk] input")).isSelected()).isFalse();
        assertThat(hendelser()).containsSubsequence("DEAD_LETTER", "REDRIVE", "SENDT");
        bilde("07-brev-levert-etter-redrive");
        assertThat(jdbc.queryForObject("select bruker from konsoll_handling where objekt = ? and handling = 'REDRIVE'", String.class, dead.toString()))
                .isEqualTo(KonsollKlient.BRUKER);
    }

    @Test
    @Order(4)
    void should_close_a_dead_letter_without_sending_it_with_a_reason_and_find_it_under_the_closed_filter() throws Exception {
        SimPerson p = population.findAll(Kind.VANLIG_VOKSEN).get(74);
        krr(p, "NEI", true);
        UUID brev;
        // as in the redrive test: every send fails until the fault is lifted, so the letter ends in the dead-letter store
        put("/sim/admin/faults/svarut/send", "{\"errorRate\":1.0,\"errorStatus\":500}");
        try {
            brev = lever(p, "konsoll-avslutt-" + UUID.randomUUID().toString().substring(0, 8));
            await().atMost(VENT).until(() -> mottakerbrevStatus(brev).contains("DEAD_LETTER"));
        } finally {
            delete("/sim/admin/faults/svarut/send");
        }
        UUID dead = jdbc.queryForObject("""
                select d.id from dead_letter d join mottakerbrev m on d.referanse = m.id::text
                where m.brev_id = ? and d.kilde = 'forsendelse-send' and d.redrevet is null and d.avsluttet is null""", UUID.class, brev);
        String begrunnelse = "Sendt på papir av saksbehandler; skal ikke sendes digitalt";
        By rad = By.cssSelector("tr[data-id='" + dead + "']");

        aapne("/konsoll/dead-letters");
        vent().until(d -> !d.findElements(rad).isEmpty());
        assertThat(nettleser.findElement(By.id("vis-aapne")).getAttribute("class")).as("the open ones are the default").contains("primaer");
        nettleser.findElement(By.id("avslutt-" + dead)).click();
        vent().until(d -> d.findElements(By.id("begrunnelse")).size() == 1);
        nettleser.findElement(By.id("begrunnelse")).sendKeys(begrunnelse);
        bilde("17-bekreft-avslutt");
        nettleser.findElement(By.id("bekreft")).click();

        vent().until(d -> d.findElements(By.id("melding")).size() == 1);
        assertThat(URI.create(nettleser.getCurrentUrl()).getPath()).isEqualTo("/konsoll/dead-letters");
        assertThat(nettleser.findElement(By.id("melding")).getText()).contains(dead.toString()).contains("avsluttet uten sending");
        assertThat(nettleser.findElements(rad)).as("gone from the open list").isEmpty();

        nettleser.findElement(By.id("vis-avsluttet")).click();
        vent().until(d -> d.getCurrentUrl().contains("vis=avsluttet") && !d.findElements(rad).isEmpty());
        assertThat(nettleser.findElement(By.id("vis-avsluttet")).getAttribute("class")).contains("primaer");
        assertThat(nettleser.findElement(rad).getText()).contains("avsluttet uten sending").contains(KonsollKlient.BRUKER).contains(begrunnelse);
        assertThat(nettleser.findElements(By.id("avslutt-" + dead))).as("not offered again").isEmpty();
        assertThat(nettleser.findElements(By.id("redrive-" + dead))).isEmpty();
        bilde("18-dead-letters-avsluttet");
        assertThat(mottakerbrevStatus(brev)).containsExactly("AVSLUTTET");
        assertThat(jdbc.queryForObject("select bruker || ' ' || utfall from konsoll_handling where objekt = ? and handling = 'AVSLUTT_DEAD_LETTER'",
                String.class, dead.toString())).isEqualTo(KonsollKlient.BRUKER + " avsluttet uten sending");
    }

    @Test
    @Order(5)
    void should_resolve_a_manual_case_with_a_comment_after_confirming() throws Exception {
        List<SimPerson> strengt = population.findAll(Kind.STRENGT_FORTROLIG);
        SimPerson p = strengt.get(strengt.size() - 2);
        krr(p, "JA", false);
        UUID brev = lever(p, "konsoll-manuell-" + UUID.randomUUID().toString().substring(0, 8));
        await().atMost(VENT).until(() -> mottakerbrevStatus(brev).contains("MANUELL"));
        UUID mottakerbrev = jdbc.queryForObject("select id from mottakerbrev where brev_id = ?", UUID.class, brev);

        aapne("/konsoll/manuell");
        assertThat(nettleser.findElement(By.id("manuelle")).getText()).contains("konsoll-manuell-");
        bilde("08-manuell");
        nettleser.findElement(By.id("loes-" + mottakerbrev)).click();
        vent().until(d -> d.findElements(By.id("kommentar")).size() == 1);
        nettleser.findElement(By.id("kommentar")).sendKeys("videresendt via folkeregistermyndigheten");
        nettleser.findElement(By.id("bekreft")).click();

        vent().until(d -> d.findElements(By.id("melding")).size() == 1);
        assertThat(nettleser.findElement(By.id("melding")).getText()).contains("løst");
        assertThat(mottakerbrevStatus(brev)).containsExactly("MANUELT_LOEST");
        assertThat(jdbc.queryForObject("select loest_av from mottakerbrev where id = ?", String.class, mottakerbrev)).isEqualTo(KonsollKlient.BRUKER);
    }

    @Test
    @Order(6)
    void should_show_each_fagsystems_deliveries_and_dry_run_a_replay_before_delivering_it() throws Exception {
        aapne("/konsoll/hendelser");
        assertThat(nettleser.findElement(By.id("fagsystemer")).getText()).contains("skole");
        bilde("09-hendelser");
        // a register event to replay when no fagsystem got one yet (a move within the kommune reaches several of them)
        if (jdbc.queryForObject("select count(*) from levering", Integer.class) == 0) {
            SimPerson p = population.findAll(Kind.VANLIG_VOKSEN).get(73);
            post("/sim/admin/folkeregisteret/hendelser", "{\"kind\":\"FLYTTING_INNEN_KOMMUNE\",\"person\":\"" + p.id() + "\"}");
            await().atMost(VENT).until(() -> jdbc.queryForObject("select count(*) from levering", Integer.class) > 0);
        }
        // the fagsystem that got the most events so far, over the range it got them in
        List<java.util.Map<String, Object>> mest = jdbc.queryForList("select fagsystem, min(sekvensnummer) as fra, max(sekvensnummer) as til "
                + "from levering group by fagsystem order by count(*) desc, fagsystem limit 1");
        String fagsystem = mest.isEmpty() ? "skole" : (String) mest.get(0).get("fagsystem");
        long fra = mest.isEmpty() ? 1 : ((Number) mest.get(0).get("fra")).longValue();
        long til = mest.isEmpty() ? 1 : ((Number) mest.get(0).get("til")).longValue();
        new Select(nettleser.findElement(By.id("replay-fagsystem"))).selectByValue(fagsystem);
        nettleser.findElement(By.id("replay-fra")).sendKeys(String.valueOf(fra));
        nettleser.findElement(By.id("replay-til")).sendKeys(String.valueOf(Math.min(til, fra + 9_999)));
        nettleser.findElement(By.id("replay-proeve")).click();

        vent().until(d -> d.findElements(By.id("replay-antall")).size() == 1);
        assertThat(nettleser.findElement(By.id("replay-antall")).getText()).contains("ville blitt levert");
        bilde("10-replay-proeve");
        assertThat(jdbc.queryForObject("select count(*) from konsoll_handling where handling = 'REPLAY_PROEVE' and bruker = ?", Integer.class,
                KonsollKlient.BRUKER)).isPositive();
        if (!nettleser.findElements(By.id("replay-lever")).isEmpty()) {
            nettleser.findElement(By.id("replay-lever")).click();
            vent().until(d -> d.findElements(By.id("melding")).size() == 1);
            assertThat(nettleser.findElement(By.id("melding")).getText()).contains("lagt i kø for levering");
        }
    }

    @Test
    @Order(7)
    void should_draw_a_route_from_camels_model_and_stop_and_start_it() throws Exception {
        aapne("/konsoll/ruter");
        // once failed without the row (not reproduced alone): the message says which page the browser had instead
        vent().withMessage(() -> "no row for ping-fanout on " + nettleser.getCurrentUrl() + " titled '" + nettleser.getTitle() + "'")
                .until(d -> !d.findElements(By.cssSelector("tr[data-rute='ping-fanout']")).isEmpty());
        assertThat(nettleser.findElement(By.cssSelector("tr[data-rute='ping-fanout']")).getText()).contains("Started");
        bilde("11-ruter");

        aapne("/konsoll/ruter/forsendelse-behandling");
        assertThat(nettleser.findElement(By.id("rutediagram")).getText()).contains("FROM").contains("timer");
        bilde("12-rute-diagram");

        aapne("/konsoll/ruter/ping-fanout");
        assertThat(nettleser.findElement(By.id("rutediagram")).getText()).contains("jms:queue:esb.diagnostics.ping");
        nettleser.findElement(By.id("rute-stopp")).click();
        nettleser.findElement(By.id("bekreft")).click();
        vent().until(d -> d.findElement(By.id("rute-tilstand")).getText().equals("Stopped"));
        bilde("13-rute-stoppet");
        nettleser.findElement(By.id("rute-start")).click();
        nettleser.findElement(By.id("bekreft")).click();
        vent().until(d -> d.findElement(By.id("rute-tilstand")).getText().equals("Started"));

        aapne("/konsoll/handlinger");
        assertThat(nettleser.findElement(By.id("handlingslogg")).getText()).contains("RUTE_STOPP").contains("RUTE_START").contains("REDRIVE")
                .contains("AVSLUTT_DEAD_LETTER").contains("LOES_MANUELL").contains("REPLAY_PROEVE").contains(KonsollKlient.BRUKER);
        bilde("14-handlingslogg");
    }

    @Test
    @Order(8)
    void should_show_a_route_reloaded_after_its_file_is_edited_and_the_live_version_on_the_configuration_page() throws Exception {
        // the test profile's watcher reads its own route folder (platform.konfig.ruter-dir), so routes/ is never touched
        Path fil = konfig.ruterDir().resolve("konsoll/konsoll-proeve.camel.yaml");
        Files.createDirectories(fil.getParent());
        try {
            Files.writeString(fil, PROEVERUTE.formatted("versjon 1"));
            vent().until(d -> diagramViser("konsoll-proeve", "versjon 1"));

            Files.writeString(fil, PROEVERUTE.formatted("versjon 2"));
            vent().until(d -> diagramViser("konsoll-proeve", "versjon 2"));
            String versjon2 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(PROEVERUTE.formatted("versjon 2").getBytes(StandardCharsets.UTF_8))).substring(0, 12);
            vent().until(d -> {
                d.navigate().refresh();
                return d.findElements(By.id("rute-versjon")).stream().anyMatch(e -> e.getText().contains(versjon2));
            });
            bilde("15-rute-lastet-paa-nytt");

            aapne("/konsoll/konfigurasjon");
            WebElement rad = nettleser.findElement(By.cssSelector("tr[data-fil$='konsoll-proeve.camel.yaml']"));
            assertThat(rad.getText()).contains("I DRIFT").contains(versjon2);
            bilde("16-konfigurasjon");
        } finally {
            Files.deleteIfExists(fil);
            await().atMost(VENT).until(() -> camel.getRoute("konsoll-proeve") == null);
        }
    }

    /** Opens the route's page anew and tells whether its diagram shows {@code tekst} (false while the route is not there). */
    private boolean diagramViser(String rute, String tekst) {
        aapne("/konsoll/ruter/" + rute);
        return nettleser.findElements(By.id("rutediagram")).stream().anyMatch(e -> e.getText().contains(tekst));
    }

    private void aapne(String sti) {
        nettleser.get("http://localhost:" + port + sti);
    }

    private static WebDriverWait vent() {
        return new WebDriverWait(nettleser, VENT);
    }

    /**
     * Waits for {@code vilkaar} on a page that reloads itself: an element replaced while it is read (stale, or Chrome's
     * "node does not belong to the document") counts as "not yet", so only the wait's time-out fails the test.
     */
    private static void ventPaaSidenSomOppfrisker(java.util.function.Function<WebDriver, Boolean> vilkaar) {
        vent().until(d -> {
            try {
                return vilkaar.apply(d);
            } catch (WebDriverException underLasting) {
                return false;
            }
        });
    }

    private List<String> hendelser() {
        return nettleser.findElements(By.cssSelector("#tidslinje li")).stream().map(e -> e.getAttribute("data-hendelse")).toList();
    }

    /** A full-page screenshot to docs/konsoll/{navn}.png: the window is made as tall as the page, then set back. */
    private static void bilde(String navn) throws Exception {
        long hoeyde = (Long) ((JavascriptExecutor) nettleser).executeScript("return Math.ceil(document.documentElement.scrollHeight)");
        nettleser.manage().window().setSize(new Dimension(1440, (int) Math.max(900, Math.min(hoeyde, 4000))));
        try {
            Path fil = ((ChromeDriver) nettleser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(fil, BILDER.resolve(navn + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            nettleser.manage().window().setSize(new Dimension(1440, 900));
        }
    }

    private List<String> tidslinje(UUID brev) {
        return jdbc.queryForList("select hendelse || ' ' || coalesce(detalj, '') from tidslinje where brev_id = ? order by id", String.class, brev);
    }

    private List<String> mottakerbrevStatus(UUID brev) {
        return jdbc.queryForList("select status from mottakerbrev where brev_id = ?", String.class, brev);
    }

    private void krr(SimPerson p, String reservasjon, boolean digitalPost) throws Exception {
        put("/sim/admin/krr/personer/" + p.id(), "{\"status\":\"AKTIV\",\"reservasjon\":\"" + reservasjon
                + "\",\"varslingsstatus\":\"KAN_VARSLES\",\"digitalPost\":" + digitalPost + "}");
    }

    private void put(String sti, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + sti))
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 204);
    }

    private void post(String sti, String body) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + sti))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private void delete(String sti) throws Exception {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + sti)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Stores a received letter as the intake does (the intake itself is tested on its own), in one transaction so the
     * processing route never claims it before its document is there.
     */
    private UUID lever(SimPerson p, String referanse) {
        UUID id = UUID.randomUUID();
        new TransactionTemplate(new DataSourceTransactionManager(jdbc.getDataSource())).executeWithoutResult(tx -> {
            jdbc.update("""
                    insert into brev (id, avsender_system, ekstern_referanse, tittel, brevtype, gjelder_barn, mottaker, mottaker_type, kanal_inn, status)
                    values (?, 'skole', ?, 'Vedtak om skoleskyss', 'FORMELL', false, ?, 'PERSON', 'REST', 'MOTTATT')""", id, referanse, p.id());
            jdbc.update("insert into brev_dokument (brev_id, nr, filnavn, mime_type, innhold) values (?, 0, 'vedtak.pdf', 'application/pdf', ?)", id,
                    no.kommune.esb.TestPdf.gyldig("vedtak"));
            jdbc.update("insert into tidslinje (brev_id, hendelse, detalj) values (?, 'MOTTATT', 'REST')", id);
        });
        return id;
    }
}
