package no.kommune.esb.hendelser;

import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;
import no.kommune.esb.uttrekk.format.Testidenter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The population rule extracts, look-ups and washes share (docs/hendelser.md "Population"). A deceased person is
 * selected by the kommune at death ({@link Person#sisteKommunenummer()}): until that was fixed an extract order with
 * {@code personstatustyper:[doed]} for a kommune registration returned no rows.
 */
class PopulasjonsregelTest {

    private static final Fagsystem.Kommune BERGEN = new Fagsystem.Kommune("4601");
    private static final LocalDate DATO = LocalDate.of(2026, 12, 6);
    private static final FagsystemRegistry REGISTRERINGER = FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings"));

    @Nested
    class A_kommune_registration {

        @Test
        void should_count_a_deceased_person_who_lived_in_the_kommune_at_death_in_its_population() {
            assertThat(Populasjonsregel.iKommunen(BERGEN, doed("4601"), DATO)).isTrue();
        }

        @Test
        void should_leave_out_a_deceased_person_who_had_left_every_kommune_or_lived_in_another_at_death() {
            assertThat(Populasjonsregel.iKommunen(BERGEN, doed(null), DATO)).isFalse();
            assertThat(Populasjonsregel.iKommunen(BERGEN, doed("0301"), DATO)).isFalse();
        }

        @Test
        void should_count_a_resident_by_the_current_residence() {
            Person bosatt = bosatt(LocalDate.of(1950, 3, 4), "4601", 400);

            assertThat(Populasjonsregel.iKommunen(BERGEN, bosatt, DATO)).isTrue();
            assertThat(Populasjonsregel.iKommunen(new Fagsystem.Kommune("0301"), bosatt, DATO)).isFalse();
        }

        @Test
        void should_hold_the_school_to_children_of_its_kommune() {
            Fagsystem skole = REGISTRERINGER.finn("skole").orElseThrow();
            Person barn = bosatt(LocalDate.of(2015, 8, 1), "4601", 420);
            Person voksen = bosatt(LocalDate.of(1980, 1, 2), "4601", 430);
            Person barnIOslo = bosatt(LocalDate.of(2015, 9, 1), "0301", 440);

            assertThat(Populasjonsregel.iPopulasjonen(List.of(barn, voksen, barnIOslo), skole, DATO, ingenPortefolje()))
                    .containsExactly(barn);
        }
    }

    /**
     * The events' rule for a kommune registration: residents, and the persons it had, until it has been told that they
     * moved out. Before, "had a delivery before" never ended, so a care system kept every event of a former patient
     * living in another kommune for good (DOMAIN.md, data minimisation; the pain point "persons living outside the
     * municipality"). Interne tjenester are not limited.
     */
    @Nested
    class The_events_rule {

        @org.junit.jupiter.params.ParameterizedTest(name = "{0}: {1}, had before {2}, told at {3}, event 7 → {4}")
        @org.junit.jupiter.params.provider.CsvSource(nullValues = "-", value = {
                // registration, person lives in, had before, told of the move at, expected
                "pleie-omsorg, 4601, false, -, BOSATT",
                "pleie-omsorg, 4601, true,  5, BOSATT",
                "pleie-omsorg, 0301, false, -, UTENFOR",
                "pleie-omsorg, 0301, true,  -, UTFLYTTING",
                "pleie-omsorg, 0301, true,  5, UTENFOR",
                "pleie-omsorg, 0301, true,  7, KJENT",
                "pleie-omsorg, -,    true,  -, UTFLYTTING",
                "pleie-omsorg, -,    true,  5, UTENFOR",
                "barnevern,    0301, true,  5, UTENFOR",
                "lonn-kommune, 0301, true,  -, KJENT",
                "lonn-kommune, 0301, true,  5, KJENT",
                "lonn-kommune, 0301, false, -, UTENFOR",
        })
        void should_deliver_a_person_who_moved_out_until_the_fagsystem_was_told(String registrering, String kommune, boolean hattFoer,
                                                                                 Long varslet, Populasjonsregel.Hendelsesvalg forventet) {
            Fagsystem f = registrering.equals("lonn-kommune") ? lonnForKommunen() : REGISTRERINGER.finn(registrering).orElseThrow();
            Person p = bosatt(LocalDate.of(1950, 3, 4), kommune, 470);

            assertThat(Populasjonsregel.forHendelse(f, (Fagsystem.Kommune) f.populasjon(), p, DATO, 7, hattFoer, varslet)).isEqualTo(forventet);
        }

        @Test
        void should_hold_the_age_range_for_a_person_the_fagsystem_had() {
            Fagsystem skole = REGISTRERINGER.finn("skole").orElseThrow();
            Person voksen = bosatt(LocalDate.of(1980, 1, 2), "0301", 480);

            assertThat(Populasjonsregel.forHendelse(skole, (Fagsystem.Kommune) skole.populasjon(), voksen, DATO, 7, true, null))
                    .isEqualTo(Populasjonsregel.Hendelsesvalg.UTENFOR);
        }

        @Test
        void should_count_a_deceased_resident_by_the_kommune_at_death_whatever_was_told() {
            Fagsystem pleie = REGISTRERINGER.finn("pleie-omsorg").orElseThrow();

            assertThat(Populasjonsregel.forHendelse(pleie, (Fagsystem.Kommune) pleie.populasjon(), doed("4601"), DATO, 7, true, 5L))
                    .isEqualTo(Populasjonsregel.Hendelsesvalg.BOSATT);
        }
    }

    /** The payroll registration (interne tjenester) as if it followed the kommune instead of a portfolio. */
    private static Fagsystem lonnForKommunen() {
        Fagsystem lonn = REGISTRERINGER.finn("lonn").orElseThrow();
        return new Fagsystem(lonn.id(), lonn.navn(), lonn.tjenesteomraade(), lonn.hendelsestyper(), new Fagsystem.Kommune("4601"),
                lonn.data(), lonn.relaterte(), lonn.mapping(), lonn.levering(), lonn.retry(), lonn.kilde(), lonn.oppslag(), lonn.vask());
    }

    @Nested
    class A_portfolio_registration {

        @Test
        void should_hold_only_the_persons_it_registered_asking_the_portfolio_once() {
            Fagsystem lonn = REGISTRERINGER.finn("lonn").orElseThrow();
            Person ansatt = bosatt(LocalDate.of(1980, 1, 2), "0301", 450);
            Person annen = bosatt(LocalDate.of(1981, 1, 2), "4601", 460);
            List<List<String>> spurt = new ArrayList<>();
            Populasjonsregel.Portefolje portefolje = (fagsystem, ider) -> {
                spurt.add(ider);
                return fagsystem.equals("lonn") ? Set.of(ansatt.id().value()) : Set.of();
            };

            assertThat(Populasjonsregel.iPopulasjonen(List.of(ansatt, annen), lonn, DATO, portefolje)).containsExactly(ansatt);
            assertThat(spurt).containsExactly(List.of(ansatt.id().value(), annen.id().value()));
        }

        /**
         * The portfolio registered her D-nummer; the register answers her under the fødselsnummer that replaced it, with no
         * personidentitet link learnt yet (the fan-out never saw the change). She is a member when the answer names the
         * D-nummer among her earlier numbers (a look-up with identity history) or when it is the number asked (a
         * look-up or wash by the D-nummer). Before session 30 the portfolio was asked for the number in use only: the
         * two member rows were refused.
         */
        @org.junit.jupiter.params.ParameterizedTest(name = "portfolio {0}, earlier numbers {1}, asked {2}: member {3}")
        @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
                "D-nummer | D-nummer |          | true",
                "D-nummer |          | D-nummer | true",
                "D-nummer |          | fnr      | false",
                "D-nummer |          |          | false",
                "annen    | D-nummer | D-nummer | false",
                "fnr      |          |          | true"})
        void should_hold_a_member_under_an_earlier_number_the_answer_names_or_the_number_asked(String registrert, String tidligere,
                                                                                               String spurtSom, boolean medlem) {
            Fagsystem lonn = REGISTRERINGER.finn("lonn").orElseThrow();
            java.util.Map<String, Identitetsnummer> numre = java.util.Map.of("D-nummer", Identitetsnummer.of("50879041020"),
                    "fnr", Identitetsnummer.of("10879042092"), "annen", Identitetsnummer.of("24923815054"));
            Person svar = new Person(numre.get("fnr"), Personstatus.BOSATT, new Navn("Ana", null, "Silva"), LocalDate.of(1990, 7, 10), null,
                    Gradering.UGRADERT, null, null, null, false, "4601", null, List.of(), List.of(), List.of(),
                    tidligere == null ? List.of() : List.of(numre.get(tidligere)));
            List<List<String>> spurt = new ArrayList<>();
            Populasjonsregel.Portefolje portefolje = (fagsystem, ider) -> {
                spurt.add(ider);
                return ider.contains(numre.get(registrert).value()) ? Set.of(numre.get(registrert).value()) : Set.of();
            };

            List<Person> inne = spurtSom == null
                    ? Populasjonsregel.iPopulasjonen(List.of(svar), lonn, DATO, portefolje)
                    : Populasjonsregel.iPopulasjonen(List.of(svar), lonn, DATO, portefolje, p -> List.of(numre.get(spurtSom)));

            assertThat(inne).as("member").hasSize(medlem ? 1 : 0);
            assertThat(spurt).as("one question").hasSize(1);
        }
    }

    @Nested
    class Look_ups_and_washes {

        /**
         * A wash answers an emigrant who left Norway from the registration's population {@code UTVANDRET} (no data)
         * instead of {@code UTENFOR_POPULASJON}: the register ends the emigrant's residence, so the emigrant has no
         * kommune and is outside every kommune's population; the last ended residence tells where they left from.
         * Before, the care system washing its own users was told "outside the population" for an emigrated one.
         */
        @org.junit.jupiter.params.ParameterizedTest(name = "{0}: {1}, born {2}, left from {3} → {4}")
        @org.junit.jupiter.params.provider.CsvSource(nullValues = "-", value = {
                // registration, status, born, kommune of the last residence, expected
                "pleie-omsorg, UTFLYTTET, 1980-01-02, 4601, true",
                "pleie-omsorg, UTFLYTTET, 1980-01-02, 0301, false",
                "pleie-omsorg, UTFLYTTET, 1980-01-02, -,    false",
                "pleie-omsorg, BOSATT,    1980-01-02, 4601, false",
                "pleie-omsorg, DOED,      1980-01-02, 4601, false",
                "skole,        UTFLYTTET, 2015-08-01, 4601, true",
                "skole,        UTFLYTTET, 1980-01-02, 4601, false",
                "lonn-kommune, UTFLYTTET, 1980-01-02, 4601, false",
                "lonn,         UTFLYTTET, 1980-01-02, 4601, false",
        })
        void should_tell_an_emigrant_who_left_norway_from_the_population(String registrering, Personstatus status, LocalDate foedt,
                                                                         String kommuneVedUtflytting, boolean forventet) {
            Fagsystem f = registrering.equals("lonn-kommune") ? lonnForKommunen() : REGISTRERINGER.finn(registrering).orElseThrow();
            Person p = new Person(Testidenter.syntetisk(foedt, 490), status, new Navn("Per", null, "Hauge"), foedt,
                    status == Personstatus.DOED ? LocalDate.of(2026, 1, 2) : null, Gradering.UGRADERT, null, null, null, false, null, null,
                    List.of(), List.of(), List.of(), List.of());

            assertThat(Populasjonsregel.utvandretFra(f, p, kommuneVedUtflytting, DATO)).isEqualTo(forventet);
            if (forventet) {
                assertThat(Populasjonsregel.kanHaUtvandretFra(f, p, DATO)).isTrue();
            }
        }

        @Test
        void should_hold_every_shipped_registration_to_its_population_except_interne_tjenester() {
            assertThat(REGISTRERINGER.alle()).filteredOn(Populasjonsregel::gjelderOppslag).extracting(Fagsystem::id)
                    .containsExactly("barnevern", "eiendomsskatt", "pleie-omsorg", "skole");
        }

        /**
         * A search is narrowed at the register to who may be in the population, so the hit limit counts about them:
         * before, a school's search counted every adult of the kommune (422 "too many hits" for a few hundred children).
         */
        @org.junit.jupiter.params.ParameterizedTest(name = "{0}, deceased {1} → {2}")
        @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
                "skole        | false | {kommunenummer=4601, foedselsaarFraOgMed=2008, foedselsaarTilOgMed=2026}",
                "skole        | true  | {foedselsaarFraOgMed=2008, foedselsaarTilOgMed=2026}",
                "pleie-omsorg | false | {kommunenummer=4601}",
                "pleie-omsorg | true  | {}",
                "lonn         | false | {}",
        })
        void should_narrow_a_register_search_to_the_kommune_and_birth_years_of_the_population(String id, boolean medDoede, String forventet) {
            Fagsystem f = REGISTRERINGER.finn(id).orElseThrow();

            assertThat(Populasjonsregel.soekeavgrensning(f, DATO, medDoede)).hasToString(forventet);
        }

        @Test
        void should_not_narrow_the_search_of_a_registration_that_opens_its_population() {
            Fagsystem skole = REGISTRERINGER.finn("skole").orElseThrow();
            Fagsystem aapen = new Fagsystem(skole.id(), skole.navn(), skole.tjenesteomraade(), skole.hendelsestyper(), skole.populasjon(),
                    skole.data(), skole.relaterte(), skole.mapping(), skole.levering(), skole.retry(), skole.kilde(),
                    new Fagsystem.Oppslag(skole.oppslag().formaal(), true), skole.vask());

            assertThat(Populasjonsregel.soekeavgrensning(aapen, DATO, false)).isEmpty();
        }

        @Test
        void should_open_the_population_to_a_registration_that_says_so() {
            Fagsystem skole = REGISTRERINGER.finn("skole").orElseThrow();
            Fagsystem aapen = new Fagsystem(skole.id(), skole.navn(), skole.tjenesteomraade(), skole.hendelsestyper(), skole.populasjon(),
                    skole.data(), skole.relaterte(), skole.mapping(), skole.levering(), skole.retry(), skole.kilde(),
                    new Fagsystem.Oppslag(skole.oppslag().formaal(), true), skole.vask());

            assertThat(Populasjonsregel.gjelderOppslag(aapen)).isFalse();
        }
    }

    private static Populasjonsregel.Portefolje ingenPortefolje() {
        return (fagsystem, ider) -> Set.of();
    }

    private static Person bosatt(LocalDate foedt, String kommune, int nr) {
        Identitetsnummer id = Testidenter.syntetisk(foedt, nr);
        return new Person(id, Personstatus.BOSATT, new Navn("Astrid", null, "Hauge"), foedt, null, Gradering.UGRADERT, null, null, null,
                false, kommune, null, List.of(), List.of(), List.of(), List.of());
    }

    /** As the register gives a death: no current residence or kommune; the kommune at death from the look-up with history. */
    private static Person doed(String kommuneVedDoedsfall) {
        return new Person(Testidenter.syntetisk(LocalDate.of(1940, 5, 6), 410), Personstatus.DOED, new Navn("Olav", null, "Hauge"),
                LocalDate.of(1940, 5, 6), LocalDate.of(2026, 11, 30), Gradering.UGRADERT, null, null, null, false, null,
                kommuneVedDoedsfall, List.of(), List.of(), List.of(), List.of());
    }
}
