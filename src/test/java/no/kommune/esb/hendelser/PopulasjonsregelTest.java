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
    }

    @Nested
    class Look_ups_and_washes {

        @Test
        void should_hold_every_shipped_registration_to_its_population_except_interne_tjenester() {
            assertThat(REGISTRERINGER.alle()).filteredOn(Populasjonsregel::gjelderOppslag).extracting(Fagsystem::id)
                    .containsExactly("barnevern", "eiendomsskatt", "pleie-omsorg", "skole");
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
