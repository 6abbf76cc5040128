package no.kommune.esb.proaktiv;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.kommune.esb.forsendelse.mottak.InnleveringProperties;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.HendelserProperties;
import no.kommune.esb.platform.konfig.Konfigfil;
import no.kommune.esb.platform.konfig.Konfigfiler;
import no.kommune.esb.platform.konfig.Konfigurasjonsovervaaker;
import no.kommune.esb.platform.konfig.Konfigurasjonsstatus;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The proactive triggers under the config watcher, on a copy of {@code config/proaktiv}: a switched-off trigger goes off
 * without a restart, an invalid edit is refused with its place in the file and the running set stays.
 */
class UtloeserOmlastingTest {

    private static final String FOEDSEL = "foedsel-helsestasjon";

    @TempDir
    Path dir;
    Path utloesere;
    UtloeserRegistry registry;
    Konfigurasjonsstatus status = new Konfigurasjonsstatus();
    SimpleMeterRegistry metrics = new SimpleMeterRegistry();
    DefaultCamelContext camel = new DefaultCamelContext();
    Konfigurasjonsovervaaker overvaaker;

    @BeforeEach
    void start() throws IOException {
        utloesere = dir.resolve("proaktiv");
        Konfigfiler.kopier(Path.of("config/proaktiv"), utloesere);
        ProaktivProperties properties = new ProaktivProperties(utloesere, "Bergen", null, Map.of());
        InnleveringProperties innlevering = new InnleveringProperties(List.of("skole", "pleie-omsorg", "sak-arkiv"), null);
        FagsystemRegistry fagsystemer = FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings"));
        HendelserProperties hendelser = new HendelserProperties(Path.of("config/fagsystemer"), Path.of("mappings"));
        registry = UtloeserRegistry.last(properties, innlevering.avsendersystemer(), new UtloeserLoader.Fagsystemer(fagsystemer.alle(), hendelser.mappingsDir()));
        Path tom = Files.createDirectories(dir.resolve("tom"));
        camel.start();
        overvaaker = new Konfigurasjonsovervaaker(new Konfigurasjonsovervaaker.Mapper(tom, tom, tom), camel, FagsystemRegistry.last(tom, tom),
                status, metrics, new MockEnvironment(), Clock.systemUTC(),
                List.of(new ProaktivConfiguration().utloeserKonfigsett(registry, properties, innlevering, fagsystemer, hendelser)));
        overvaaker.start();
    }

    @AfterEach
    void stopp() throws IOException {
        camel.close();
    }

    @Test
    void should_switch_a_trigger_off_without_a_restart_when_its_file_says_aktiv_false() throws IOException {
        Path fil = utloesere.resolve(FOEDSEL + ".yaml");
        boolean foer = registry.aktiv(registry.finn(FOEDSEL).orElseThrow());
        Files.writeString(fil, Files.readString(fil).replace("aktiv: " + foer, "aktiv: " + !foer));

        // two rounds: an edit is acted on once a round reads it unchanged
        overvaaker.sjekk();
        overvaaker.sjekk();

        assertThat(registry.aktiv(registry.finn(FOEDSEL).orElseThrow())).isEqualTo(!foer);
        assertThat(status.fil(fil.toString()).status()).isEqualTo(Konfigfil.LIVE);
        assertThat(metrics.counter("esb.konfig.lasting", "type", "proaktiv", "resultat", "lastet").count()).isEqualTo(1);
    }

    @Test
    void should_keep_the_running_triggers_and_say_where_when_an_edit_is_invalid() throws IOException {
        Path fil = utloesere.resolve(FOEDSEL + ".yaml");
        Utloeser live = registry.finn(FOEDSEL).orElseThrow();
        String sjekksum = status.fil(fil.toString()).sjekksum();
        Files.writeString(fil, Files.readString(fil).replace("mottaker: FORELDRE", "mottaker: NABO"));

        // two rounds: an edit is acted on once a round reads it unchanged
        overvaaker.sjekk();
        overvaaker.sjekk();

        assertThat(registry.finn(FOEDSEL)).contains(live);
        Konfigfil k = status.fil(fil.toString());
        assertThat(k.status()).isEqualTo(Konfigfil.UGYLDIG);
        assertThat(k.sjekksum()).isEqualTo(sjekksum);
        assertThat(k.feil()).singleElement().asString().startsWith(fil + ":").contains("mottaker must be PERSON or FORELDRE");
    }

    @Test
    void should_add_a_new_trigger_file_and_drop_a_deleted_one() throws IOException {
        Files.copy(utloesere.resolve(FOEDSEL + ".yaml"), utloesere.resolve("foedsel-kopi.yaml"));
        // two rounds: an edit is acted on once a round reads it unchanged
        overvaaker.sjekk();
        overvaaker.sjekk();
        assertThat(registry.finn("foedsel-kopi")).isPresent();

        Files.delete(utloesere.resolve("foedsel-kopi.yaml"));
        // two rounds: an edit is acted on once a round reads it unchanged
        overvaaker.sjekk();
        overvaaker.sjekk();

        assertThat(registry.finn("foedsel-kopi")).isEmpty();
        assertThat(status.fil(utloesere.resolve("foedsel-kopi.yaml").toString())).isNull();
    }
}
