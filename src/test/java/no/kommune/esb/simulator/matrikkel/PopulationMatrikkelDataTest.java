package no.kommune.esb.simulator.matrikkel;

import no.kommune.esb.simulator.population.ChangeKind;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SimAddress;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PopulationMatrikkelDataTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

    private static MatrikkelData.Adresse home(MatrikkelData data, SyntheticPopulation pop, SimPerson p) {
        SimAddress a = pop.address(p.addressIndex());
        return data.adresse(a.kommunenummer(), Integer.parseInt(a.adressekode()), a.husnummer(), a.husbokstav()).orElseThrow();
    }

    private static List<Long> ownerIds(MatrikkelData data, MatrikkelData.Adresse a) {
        return a.matrikkelenhetIds().stream().flatMap(u -> data.enhet(u).orElseThrow().eiere().stream()).map(MatrikkelData.Andel::eierId).toList();
    }

    @Test
    void should_give_every_address_of_the_population_units_whose_shares_sum_to_one() {
        SyntheticPopulation pop = SyntheticPopulation.generate(7, 1000, "4601", CLOCK);
        MatrikkelData data = new PopulationMatrikkelData(pop);

        assertThat(data.adresser()).hasSameSizeAs(pop.addresses()).allSatisfy(a -> {
            assertThat(data.adresse(a.adresseId())).contains(a);
            assertThat(a.matrikkelenhetIds()).isNotEmpty().allSatisfy(id -> {
                MatrikkelData.Enhet u = data.enhet(id).orElseThrow();
                assertThat(u.eiere().stream().mapToDouble(x -> (double) x.teller() / x.nevner()).sum()).isEqualTo(1.0);
                assertThat(u.eiere()).allSatisfy(x -> assertThat(data.eier(x.eierId())).isPresent());
            });
        });
    }

    @Test
    void should_build_the_same_register_from_the_same_seed_and_size() {
        MatrikkelData one = new PopulationMatrikkelData(SyntheticPopulation.generate(7, 1000, "4601", CLOCK));
        MatrikkelData two = new PopulationMatrikkelData(SyntheticPopulation.generate(7, 1000, "4601", CLOCK));

        assertThat(two.adresser()).isEqualTo(one.adresser());
        assertThat(two.adresser().stream().flatMap(a -> a.matrikkelenhetIds().stream()).map(two::enhet).toList())
                .isEqualTo(one.adresser().stream().flatMap(a -> a.matrikkelenhetIds().stream()).map(one::enhet).toList());
    }

    @Test
    void should_reach_the_same_sections_from_every_address_of_a_section_divided_building() {
        SyntheticPopulation pop = SyntheticPopulation.generate(7, 1000, "4601", CLOCK);
        MatrikkelData data = new PopulationMatrikkelData(pop);
        MatrikkelData.Adresse a = data.adresser().stream().filter(x -> x.matrikkelenhetIds().size() > 1).findFirst().orElseThrow();

        List<MatrikkelData.Adresse> building = data.adresser().stream().filter(x -> x.matrikkelenhetIds().equals(a.matrikkelenhetIds())).toList();

        assertThat(building).hasSize(a.matrikkelenhetIds().size())
                .allSatisfy(x -> assertThat(x.bruksnummer()).isEqualTo(a.bruksnummer()))
                .extracting(MatrikkelData.Adresse::adressekode).containsOnly(a.adressekode());
    }

    @Test
    void should_let_a_household_own_its_new_home_after_a_move() {
        SyntheticPopulation pop = SyntheticPopulation.generate(7, 1000, "4601", CLOCK);
        MatrikkelData data = new PopulationMatrikkelData(pop);
        SimPerson owner = pop.findAll(Kind.VANLIG_VOKSEN).stream().filter(p -> ownerIds(data, home(data, pop, p))
                .contains(data.eierMedNummer(p.id()).orElseThrow().id())).findFirst().orElseThrow();
        long eierId = data.eierMedNummer(owner.id()).orElseThrow().id();
        MatrikkelData.Adresse before = home(data, pop, owner);

        pop.change(ChangeKind.FLYTTING_INNEN_KOMMUNE, owner.id(), null);

        MatrikkelData.Adresse after = home(data, pop, owner);
        assertThat(after.adresseId()).isNotEqualTo(before.adresseId());
        assertThat(data.eideEnheter(eierId)).isNotEmpty().allSatisfy(u -> assertThat(after.matrikkelenhetIds()).contains(u));
        assertThat(ownerIds(data, before)).doesNotContain(eierId);
    }

    @Test
    void should_keep_the_ownership_and_show_the_new_name_after_a_name_change() {
        SyntheticPopulation pop = SyntheticPopulation.generate(7, 1000, "4601", CLOCK);
        MatrikkelData data = new PopulationMatrikkelData(pop);
        SimPerson owner = pop.findAll(Kind.VANLIG_VOKSEN).stream().filter(p -> ownerIds(data, home(data, pop, p))
                .contains(data.eierMedNummer(p.id()).orElseThrow().id())).findFirst().orElseThrow();
        long eierId = data.eierMedNummer(owner.id()).orElseThrow().id();
        List<Long> owned = data.eideEnheter(eierId);

        pop.change(ChangeKind.NAVNEENDRING, owner.id(), null);

        assertThat(data.eideEnheter(eierId)).isEqualTo(owned);
        assertThat(data.eier(eierId)).hasValueSatisfying(e -> assertThat(e.etternavn()).isEqualTo(owner.etternavn()));
    }
}
