package no.kommune.esb.matrikkel;

import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Matrikkelenhet;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import no.kommune.esb.simulator.SimulatorTestApplication;
import no.kommune.esb.simulator.fault.FaultInjector;
import no.kommune.esb.simulator.fault.FaultSpec;
import no.kommune.esb.simulator.matrikkel.MatrikkelData;
import no.kommune.esb.simulator.matrikkel.SyntheticIds;
import no.kommune.esb.simulator.population.Kind;
import no.kommune.esb.simulator.population.SimAddress;
import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Matrikkelen client against the simulator backed by the shared synthetic population. */
@SpringBootTest(classes = SimulatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"simulator.enabled=true"})
class MatrikkelClientSimulatorTest {

    @LocalServerPort
    int port;

    @Autowired
    MatrikkelData data;

    @Autowired
    SyntheticPopulation population;

    @Autowired
    FaultInjector faults;

    MatrikkelClient client;

    @BeforeEach
    void setUp() {
        client = client("matrikkel-sim");
    }

    @AfterEach
    void clearFaults() {
        faults.clearAll();
    }

    private MatrikkelClient client(String password) {
        return new MatrikkelClient(new RegisterHttp("matrikkel", Duration.ofSeconds(2), Duration.ofSeconds(10)),
                "http://localhost:" + port + "/sim/matrikkel/matrikkelapi/wsapi/v1", "matrikkel-sim", password, "test", "4.4");
    }

    private static Vegadresseident ident(SimAddress a) {
        return new Vegadresseident(a.kommunenummer(), Integer.parseInt(a.adressekode()), a.husnummer(), a.husbokstav());
    }

    private static Vegadresseident ident(MatrikkelData.Adresse a) {
        return new Vegadresseident(a.kommunenummer(), a.adressekode(), a.nummer(), a.bokstav());
    }

    private MatrikkelData.Adresse home(SimPerson p) {
        SimAddress a = population.address(p.addressIndex());
        return data.adresse(a.kommunenummer(), Integer.parseInt(a.adressekode()), a.husnummer(), a.husbokstav()).orElseThrow();
    }

    private List<MatrikkelData.Enhet> units(MatrikkelData.Adresse a) {
        return a.matrikkelenhetIds().stream().map(id -> data.enhet(id).orElseThrow()).toList();
    }

    private boolean ownedByOrganisation(MatrikkelData.Enhet u) {
        return u.eiere().stream().allMatch(x -> data.eier(x.eierId()).orElseThrow().organisasjon());
    }

    private MatrikkelData.Adresse adresseWhere(Predicate<List<MatrikkelData.Enhet>> p) {
        return data.adresser().stream().filter(a -> p.test(units(a))).findFirst().orElseThrow();
    }

    private static Set<String> personOwners(List<Matrikkelenhet> units) {
        return units.stream().flatMap(u -> u.eiere().stream()).filter(e -> !e.eier().erOrganisasjon())
                .map(e -> e.eier().person().value()).collect(Collectors.toSet());
    }

    @Test
    void should_find_the_unit_at_an_adults_home_owned_by_residents_with_their_folkeregister_numbers() {
        List<SimPerson> adults = population.findAll(Kind.VANLIG_VOKSEN).stream().limit(40).toList();
        int owners = 0;
        for (SimPerson p : adults) {
            List<Matrikkelenhet> units = client.matrikkelenheterForAdresse(ident(population.address(p.addressIndex())));

            assertThat(units).isNotEmpty();
            // the simulator answers Matrikkelen's internal KommuneId; the client reads the kommunenummer from the Kommune
            assertThat(units).allSatisfy(u -> assertThat(u.matrikkelnummer().kommunenummer()).isEqualTo(population.address(p.addressIndex()).kommunenummer()));
            Set<String> personOwners = personOwners(units);
            // a rented flat has only an organisation as owner; otherwise the owners are people of the population living in the building
            assertThat(personOwners).allSatisfy(nummer -> assertThat(population.byId(nummer)).hasValueSatisfying(o ->
                    assertThat(population.address(o.addressIndex()).adressekode()).isEqualTo(population.address(p.addressIndex()).adressekode())));
            if (personOwners.contains(p.id())) {
                owners++;
            }
        }
        // rented flats (~10 %) and adults living with their parents own nothing; most adults own their home
        assertThat(owners).isGreaterThan(adults.size() / 2);
    }

    @Test
    void should_return_the_owners_name_as_in_the_population() {
        SimPerson p = population.findAll(Kind.VANLIG_VOKSEN).stream()
                .filter(x -> personOwners(client.matrikkelenheterForAdresse(ident(population.address(x.addressIndex())))).contains(x.id()))
                .findFirst().orElseThrow();

        Matrikkelenhet.Eierandel andel = client.matrikkelenheterForAdresse(ident(population.address(p.addressIndex()))).stream()
                .flatMap(u -> u.eiere().stream()).filter(e -> !e.eier().erOrganisasjon() && e.eier().person().value().equals(p.id()))
                .findFirst().orElseThrow();

        assertThat(andel.eier().navn()).startsWith(p.etternavn() + " " + p.fornavn());
    }

    @Test
    void should_return_both_spouses_with_half_shares_for_a_couples_home() {
        SimPerson p = population.findAll(Kind.VANLIG_VOKSEN).stream()
                .filter(x -> x.spouseIndex() >= 0 && population.person(x.spouseIndex()).addressIndex() == x.addressIndex())
                .filter(x -> units(home(x)).stream().anyMatch(u -> u.eiere().size() == 2)).findFirst().orElseThrow();
        SimPerson spouse = population.person(p.spouseIndex());

        List<Matrikkelenhet> units = client.matrikkelenheterForAdresse(ident(population.address(p.addressIndex())));

        assertThat(units).filteredOn(u -> u.eiere().size() == 2).first().satisfies(u -> assertThat(u.eiere())
                .extracting(e -> e.eier().person().value(), Matrikkelenhet.Eierandel::teller, Matrikkelenhet.Eierandel::nevner)
                .containsExactlyInAnyOrder(Tuple.tuple(p.id(), 1L, 2L), Tuple.tuple(spouse.id(), 1L, 2L)));
    }

    @Test
    void should_return_the_organisation_for_a_rented_flat_someone_lives_in() {
        SimPerson tenant = population.findAll(Kind.VANLIG_VOKSEN).stream()
                .filter(x -> units(home(x)).size() == 1 && ownedByOrganisation(units(home(x)).get(0))).findFirst().orElseThrow();
        MatrikkelData.Eier org = data.eier(units(home(tenant)).get(0).eiere().get(0).eierId()).orElseThrow();

        List<Matrikkelenhet> units = client.matrikkelenheterForAdresse(ident(population.address(tenant.addressIndex())));

        assertThat(units).singleElement().satisfies(u -> {
            assertThat(u.type()).isEqualTo(Matrikkelenhet.Type.GRUNNEIENDOM);
            assertThat(u.eiere()).singleElement().satisfies(e -> {
                assertThat(e.eier().erOrganisasjon()).isTrue();
                assertThat(e.eier().organisasjonsnummer()).isEqualTo(org.nummer());
                assertThat(e.eier().navn()).isEqualTo(org.navn());
            });
        });
    }

    @Test
    void should_return_every_section_of_a_section_divided_building_each_owned_by_its_own_household() {
        MatrikkelData.Adresse a = adresseWhere(l -> l.size() > 2 && l.stream().noneMatch(this::ownedByOrganisation));

        List<Matrikkelenhet> units = client.matrikkelenheterForAdresse(ident(a));

        assertThat(units).hasSize(a.matrikkelenhetIds().size()).allSatisfy(u -> assertThat(u.type()).isEqualTo(Matrikkelenhet.Type.SEKSJON));
        assertThat(units).extracting(u -> u.matrikkelnummer().seksjonsnummer()).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, units.size()).boxed().toList());
        assertThat(units).extracting(u -> u.matrikkelnummer().bruksnummer()).containsOnly(units.get(0).matrikkelnummer().bruksnummer());
        // each section belongs to the household of a different address in the building
        List<Integer> homes = units.stream().map(u -> population.byId(u.eiere().get(0).eier().person().value()).orElseThrow().addressIndex()).toList();
        assertThat(homes).doesNotHaveDuplicates();
    }

    @Test
    void should_find_the_home_among_the_units_a_person_owns() {
        SimPerson p = population.findAll(Kind.VANLIG_VOKSEN).stream()
                .filter(x -> personOwners(client.matrikkelenheterForAdresse(ident(population.address(x.addressIndex())))).contains(x.id()))
                .findFirst().orElseThrow();
        List<Long> home = client.matrikkelenheterForAdresse(ident(population.address(p.addressIndex()))).stream()
                .filter(u -> personOwners(List.of(u)).contains(p.id())).map(Matrikkelenhet::matrikkelenhetId).toList();

        List<Matrikkelenhet> owned = client.eideMatrikkelenheter(Identitetsnummer.of(p.id()));

        assertThat(owned).extracting(Matrikkelenhet::matrikkelenhetId).containsAll(home);
        assertThat(owned).allSatisfy(u -> assertThat(personOwners(List.of(u))).contains(p.id()));
    }

    @Test
    void should_find_units_owned_by_an_organisation() {
        MatrikkelData.Eier org = data.eier(units(adresseWhere(l -> l.size() == 1 && ownedByOrganisation(l.get(0)))).get(0).eiere().get(0).eierId())
                .orElseThrow();

        assertThat(client.eideMatrikkelenheterForOrganisasjon(org.nummer())).isNotEmpty()
                .allSatisfy(u -> assertThat(u.eiere()).anyMatch(e -> org.nummer().equals(e.eier().organisasjonsnummer())));
    }

    @Test
    void should_answer_many_addresses_with_the_bulk_operations_as_the_single_look_up_answers_each() {
        List<Vegadresseident> adresser = new java.util.ArrayList<>(data.adresser().stream().limit(30).map(MatrikkelClientSimulatorTest::ident).toList());
        Vegadresseident ukjent = new Vegadresseident("4601", 9999, 1, null);
        adresser.add(ukjent);
        // the per-address operations fail here: the bulk look-up must not fall back on them
        faults.set("matrikkel", "findAdresseIdForIdent", new FaultSpec(0, 1.0, 503, 0, 0, null, null, 0));
        faults.set("matrikkel", "findMatrikkelenheterForAdresse", new FaultSpec(0, 1.0, 503, 0, 0, null, null, 0));

        var svar = client.matrikkelenheterForAdresser(adresser);

        faults.clearAll();
        assertThat(svar).containsOnlyKeys(adresser);
        assertThat(svar.get(ukjent)).isEmpty();
        for (Vegadresseident a : adresser.subList(0, 30)) {
            assertThat(svar.get(a)).as(a.toString()).isEqualTo(client.matrikkelenheterForAdresse(a));
        }
    }

    @Test
    void should_return_nothing_for_an_unknown_address_or_person() {
        String stranger = SyntheticIds.tenorFoedselsnummer(new Random(-1));
        assertThat(population.byId(stranger)).isEmpty();

        assertThat(client.matrikkelenheterForAdresse(new Vegadresseident("4601", 9999, 1, null))).isEmpty();
        assertThat(client.eideMatrikkelenheter(Identitetsnummer.of(stranger))).isEmpty();
    }

    @Test
    void should_fail_unauthorized_on_a_wrong_password() {
        assertThatThrownBy(() -> client("wrong").matrikkelenheterForAdresse(ident(data.adresser().get(0))))
                .isInstanceOfSatisfying(RegisterException.class, e -> assertThat(e.kind()).isEqualTo(RegisterException.Kind.UNAUTHORIZED));
    }

    @Test
    void should_fail_as_bad_response_when_an_html_page_comes_with_status_200() {
        faults.set("matrikkel", "*", new FaultSpec(0, 1.0, 200, 0, 0, null, null, 0));

        assertThatThrownBy(() -> client.matrikkelenheterForAdresse(ident(data.adresser().get(0))))
                .isInstanceOfSatisfying(RegisterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegisterException.Kind.BAD_RESPONSE);
                    assertThat(e.isRetryable()).isFalse();
                });
    }

    @Test
    void should_fail_retryable_on_a_system_exception_fault_without_echoing_the_identity_number() {
        faults.set("matrikkel", "findPersonIdForIdent", new FaultSpec(0, 1.0, 503, 0, 0, null, null, 0));
        String nummer = population.find(Kind.VANLIG_VOKSEN).id();

        assertThatThrownBy(() -> client.eideMatrikkelenheter(Identitetsnummer.of(nummer)))
                .isInstanceOfSatisfying(RegisterException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RegisterException.Kind.UNAVAILABLE);
                    assertThat(e.getMessage()).doesNotContain(nummer).contains("SystemException");
                });
    }

    @Test
    void should_not_print_owner_identity_numbers_in_a_unit() {
        MatrikkelData.Adresse a = adresseWhere(l -> l.size() == 1 && l.get(0).eiere().size() == 2);
        List<Matrikkelenhet> units = client.matrikkelenheterForAdresse(ident(a));

        String printed = units.toString();
        for (Matrikkelenhet.Eierandel e : units.get(0).eiere()) {
            assertThat(printed).doesNotContain(e.eier().person().value());
        }
    }

    @Test
    void should_validate_an_address_by_search_and_then_find_its_unit() {
        MatrikkelData.Adresse a = data.adresser().get(0);
        AdressesokClient sok = new AdressesokClient(new RegisterHttp("geonorge", Duration.ofSeconds(2), Duration.ofSeconds(10)),
                "http://localhost:" + port + "/sim/geonorge/adresser/v1");

        List<AdressesokClient.Treff> treff = sok.sok(a.kommunenummer(), a.adressenavn(), a.nummer(), a.bokstav(), 10);

        assertThat(treff).singleElement().satisfies(t -> {
            assertThat(t.adressekode()).isEqualTo(a.adressekode());
            assertThat(t.adressetekst()).isEqualTo(a.adressetekst());
            assertThat(client.matrikkelenheterForAdresse(t.ident())).extracting(Matrikkelenhet::matrikkelenhetId)
                    .containsExactlyElementsOf(a.matrikkelenhetIds());
        });
        assertThat(sok.fritekst(a.adressenavn(), a.kommunenummer(), 100)).allMatch(t -> t.adressenavn().equals(a.adressenavn())).hasSizeGreaterThan(1);
    }
}
