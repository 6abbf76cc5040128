package no.kommune.esb.matrikkel;

import no.kommune.esb.model.Eier;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Matrikkelenhet;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.register.RegisterHttp;
import no.kommune.esb.simulator.SimulatorTestApplication;
import no.kommune.esb.simulator.fault.FaultInjector;
import no.kommune.esb.simulator.fault.FaultSpec;
import no.kommune.esb.simulator.matrikkel.MatrikkelData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@SpringBootTest(classes = SimulatorTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"simulator.enabled=true"})
class MatrikkelClientSimulatorTest {

    @LocalServerPort
    int port;

    @Autowired
    MatrikkelData data;

    @Autowired
    FaultInjector faults;

    MatrikkelClient client;
    Map<Long, MatrikkelData.Enhet> enheter;
    Map<Long, MatrikkelData.Eier> eiere;

    @BeforeEach
    void setUp() {
        client = client("matrikkel-sim");
        enheter = data.enheter().stream().collect(Collectors.toMap(MatrikkelData.Enhet::id, Function.identity()));
        eiere = data.eiere().stream().collect(Collectors.toMap(MatrikkelData.Eier::id, Function.identity()));
    }

    @AfterEach
    void clearFaults() {
        faults.clearAll();
    }

    private MatrikkelClient client(String password) {
        return new MatrikkelClient(new RegisterHttp("matrikkel", Duration.ofSeconds(2), Duration.ofSeconds(10)),
                "http://localhost:" + port + "/sim/matrikkel/matrikkelapi/wsapi/v1", "matrikkel-sim", password, "test", "4.4");
    }

    private MatrikkelData.Adresse adresseWhere(java.util.function.Predicate<List<MatrikkelData.Enhet>> p) {
        return data.adresser().stream().filter(a -> p.test(a.matrikkelenhetIds().stream().map(enheter::get).toList())).findFirst().orElseThrow();
    }

    private static Vegadresseident ident(MatrikkelData.Adresse a) {
        return new Vegadresseident(a.kommunenummer(), a.adressekode(), a.nummer(), a.bokstav());
    }

    @Test
    void should_find_unit_and_its_sole_person_owner_from_a_street_address() {
        MatrikkelData.Adresse a = adresseWhere(l -> l.size() == 1 && l.get(0).eiere().size() == 1 && !eiere.get(l.get(0).eiere().get(0).eierId()).organisasjon());
        MatrikkelData.Enhet expected = enheter.get(a.matrikkelenhetIds().get(0));
        MatrikkelData.Eier owner = eiere.get(expected.eiere().get(0).eierId());

        List<Matrikkelenhet> units = client.matrikkelenheterForAdresse(ident(a));

        assertThat(units).singleElement().satisfies(u -> {
            assertThat(u.matrikkelnummer()).isEqualTo(new Matrikkelenhet.Matrikkelnummer(expected.kommunenummer(), expected.gardsnummer(), expected.bruksnummer(), 0, 0));
            assertThat(u.type()).isEqualTo(Matrikkelenhet.Type.GRUNNEIENDOM);
            assertThat(u.eiere()).containsExactly(new Matrikkelenhet.Eierandel(Eier.person(Identitetsnummer.of(owner.nummer()), owner.navn()), 1, 1));
        });
    }

    @Test
    void should_return_both_owners_with_their_shares_for_a_jointly_owned_unit() {
        MatrikkelData.Adresse a = adresseWhere(l -> l.size() == 1 && l.get(0).eiere().size() == 2 && l.get(0).eiere().get(0).teller() == 1);
        MatrikkelData.Enhet expected = enheter.get(a.matrikkelenhetIds().get(0));

        Matrikkelenhet unit = client.matrikkelenheterForAdresse(ident(a)).get(0);

        assertThat(unit.eiere()).extracting(e -> e.eier().person().value(), Matrikkelenhet.Eierandel::teller, Matrikkelenhet.Eierandel::nevner)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(eiere.get(expected.eiere().get(0).eierId()).nummer(), 1L, 2L),
                        org.assertj.core.groups.Tuple.tuple(eiere.get(expected.eiere().get(1).eierId()).nummer(), 1L, 2L));
    }

    @Test
    void should_return_the_organisation_number_for_an_organisation_owned_unit() {
        MatrikkelData.Adresse a = adresseWhere(l -> l.size() == 1 && l.get(0).eiere().size() == 1 && eiere.get(l.get(0).eiere().get(0).eierId()).organisasjon());
        MatrikkelData.Eier org = eiere.get(enheter.get(a.matrikkelenhetIds().get(0)).eiere().get(0).eierId());

        Eier eier = client.matrikkelenheterForAdresse(ident(a)).get(0).eiere().get(0).eier();

        assertThat(eier.erOrganisasjon()).isTrue();
        assertThat(eier.organisasjonsnummer()).isEqualTo(org.nummer());
        assertThat(eier.navn()).isEqualTo(org.navn());
        assertThat(eier.person()).isNull();
    }

    @Test
    void should_return_every_section_of_a_section_divided_building() {
        MatrikkelData.Adresse a = adresseWhere(l -> l.size() > 1);

        List<Matrikkelenhet> units = client.matrikkelenheterForAdresse(ident(a));

        assertThat(units).hasSize(a.matrikkelenhetIds().size()).allSatisfy(u -> {
            assertThat(u.type()).isEqualTo(Matrikkelenhet.Type.SEKSJON);
            assertThat(u.eiere()).hasSize(1);
        });
        assertThat(units).extracting(u -> u.matrikkelnummer().seksjonsnummer()).containsExactly(1, 2, 3);
        assertThat(units).extracting(u -> u.matrikkelnummer().bruksnummer()).containsOnly(units.get(0).matrikkelnummer().bruksnummer());
    }

    @Test
    void should_find_every_unit_a_person_owns() {
        MatrikkelData.Eier owner = data.eiere().stream()
                .filter(e -> data.enheter().stream().filter(u -> u.eiere().stream().anyMatch(x -> x.eierId() == e.id())).count() > 1)
                .findFirst().orElseThrow();
        List<Long> expected = data.enheter().stream().filter(u -> u.eiere().stream().anyMatch(x -> x.eierId() == owner.id()))
                .map(MatrikkelData.Enhet::id).sorted().toList();

        List<Matrikkelenhet> units = client.eideMatrikkelenheter(Identitetsnummer.of(owner.nummer()));

        assertThat(units).extracting(Matrikkelenhet::matrikkelenhetId).containsExactlyElementsOf(expected);
        assertThat(units).allSatisfy(u -> assertThat(u.eiere()).anyMatch(e -> owner.nummer().equals(e.eier().person().value())));
    }

    @Test
    void should_find_units_owned_by_an_organisation() {
        MatrikkelData.Eier org = data.eiere().stream().filter(MatrikkelData.Eier::organisasjon).findFirst().orElseThrow();

        assertThat(client.eideMatrikkelenheterForOrganisasjon(org.nummer())).isNotEmpty()
                .allSatisfy(u -> assertThat(u.eiere()).anyMatch(e -> org.nummer().equals(e.eier().organisasjonsnummer())));
    }

    @Test
    void should_return_nothing_for_an_unknown_address_or_person() {
        assertThat(client.matrikkelenheterForAdresse(new Vegadresseident("4601", 9999, 1, null))).isEmpty();
        assertThat(client.eideMatrikkelenheter(Identitetsnummer.of(no.kommune.esb.simulator.matrikkel.SyntheticIds.tenorFoedselsnummer(new java.util.Random(-1))))).isEmpty();
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
        String nummer = data.eiere().stream().filter(e -> !e.organisasjon()).findFirst().orElseThrow().nummer();

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
