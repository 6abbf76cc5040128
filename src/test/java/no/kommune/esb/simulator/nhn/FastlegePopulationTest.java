package no.kommune.esb.simulator.nhn;

import no.kommune.esb.model.Fastlege;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Kommunikasjonspart;
import no.kommune.esb.nhn.AdresseregisterClient;
import no.kommune.esb.nhn.FastlegeClient;
import no.kommune.esb.register.RegisterHttp;
import no.kommune.esb.simulator.SimulatorTestApplication;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Fastlegeregisteret and Adresseregisteret backed by the shared synthetic population, through the real clients. */
@SpringBootTest(classes = SimulatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"simulator.enabled=true"})
class FastlegePopulationTest {

    @LocalServerPort
    int port;

    @Autowired
    SyntheticPopulation population;

    @Autowired
    NhnData data;

    FastlegeClient flr() {
        return new FastlegeClient(new RegisterHttp("nhn-flr", Duration.ofSeconds(2), Duration.ofSeconds(10)),
                "http://localhost:" + port + "/sim/nhn/flr/v2/flr", "nhn-sim", "nhn-sim");
    }

    AdresseregisterClient ar() {
        return new AdresseregisterClient(new RegisterHttp("nhn-ar", Duration.ofSeconds(2), Duration.ofSeconds(10)),
                "http://localhost:" + port + "/sim/nhn/ar/v1/AR", "nhn-sim", "nhn-sim");
    }

    @Test
    void should_find_a_gp_in_the_home_kommune_for_a_typical_adult_that_resolves_in_adresseregisteret() {
        SimPerson p = population.findAll(Kind.VANLIG_VOKSEN).stream().filter(x -> data.pasient(x.id()).orElseThrow().fastlegeHerId() != null)
                .findFirst().orElseThrow();

        Fastlege gp = flr().fastlege(Identitetsnummer.of(p.id())).orElseThrow();

        Kommunikasjonspart lege = ar().kommunikasjonspart(gp.herId()).orElseThrow();
        assertThat(lege.type()).isEqualTo(Kommunikasjonspart.Type.PERSON);
        assertThat(lege.kommunenummer()).isEqualTo(population.homeKommune());
        Kommunikasjonspart kontor = ar().kommunikasjonspart(lege.parentHerId()).orElseThrow();
        assertThat(kontor.type()).isEqualTo(Kommunikasjonspart.Type.ORGANISASJON);
        assertThat(kontor.organisasjonsnummer()).isEqualTo(gp.legekontorOrganisasjonsnummer());
        assertThat(kontor.kommunenummer()).isEqualTo(population.homeKommune());
    }

    @Test
    void should_give_most_living_residents_a_gp_and_some_none() {
        List<SimPerson> residents = population.findAll(Kind.VANLIG_VOKSEN);

        long withGp = residents.stream().filter(p -> data.pasient(p.id()).orElseThrow().fastlegeHerId() != null).count();

        // about 5 % have no GP
        assertThat(withGp).isGreaterThan(residents.size() * 85L / 100).isLessThan(residents.size());
    }

    @ParameterizedTest
    @EnumSource(value = Kind.class, names = {"DOED", "UTFLYTTET"})
    void should_answer_not_associated_for_a_person_who_has_left(Kind kind) {
        assertThat(flr().fastlege(Identitetsnummer.of(population.find(kind).id()))).isEmpty();
    }

    @Test
    void should_answer_not_associated_for_a_resident_without_gp() {
        SimPerson p = population.findAll(Kind.VANLIG_VOKSEN).stream().filter(x -> data.pasient(x.id()).orElseThrow().fastlegeHerId() == null)
                .findFirst().orElseThrow();

        assertThat(flr().fastlege(Identitetsnummer.of(p.id()))).isEmpty();
    }

    @Test
    void should_resolve_every_gp_and_office_it_lists_and_nothing_else() {
        assertThat(data.kommunikasjonsparter()).allSatisfy(part -> {
            assertThat(data.kommunikasjonspart(part.herId())).contains(part);
            if (part.type().equals("PERSON")) {
                assertThat(data.kommunikasjonspart(part.parentHerId())).hasValueSatisfying(o -> assertThat(o.type()).isEqualTo("ORGANISASJON"));
            }
        });
        assertThat(ar().kommunikasjonspart(12345)).isEmpty();
        assertThat(data.kommunikasjonspart(9_000_000 + 4601 * 1000 + 98 * 10)).isEmpty();
    }
}
