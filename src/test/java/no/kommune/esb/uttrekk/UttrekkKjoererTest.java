package no.kommune.esb.uttrekk;

import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;
import no.kommune.esb.uttrekk.format.Testidenter;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The extract's population rule for a kommune registration, as for its events (docs/uttrekk.md, "Population"): the
 * register ends a deceased person's residence at the death, so a death is selected by the kommune at death
 * ({@link Person#sisteKommunenummer()}). Until this was fixed an order with {@code personstatustyper:[doed]} for a
 * kommune registration returned no rows.
 */
class UttrekkKjoererTest {

    private static final Fagsystem.Kommune BERGEN = new Fagsystem.Kommune("4601");
    private static final LocalDate DATO = LocalDate.of(2026, 12, 6);

    @Test
    void should_count_a_deceased_person_who_lived_in_the_kommune_at_death_in_its_population() {
        assertThat(UttrekkKjoerer.iKommunen(BERGEN, doed("4601"), DATO)).isTrue();
    }

    @Test
    void should_leave_out_a_deceased_person_who_had_left_every_kommune_or_lived_in_another_at_death() {
        assertThat(UttrekkKjoerer.iKommunen(BERGEN, doed(null), DATO)).isFalse();
        assertThat(UttrekkKjoerer.iKommunen(BERGEN, doed("0301"), DATO)).isFalse();
    }

    @Test
    void should_count_a_resident_by_the_current_residence() {
        Person bosatt = new Person(Testidenter.syntetisk(LocalDate.of(1950, 3, 4), 400), Personstatus.BOSATT,
                new Navn("Astrid", null, "Hauge"), LocalDate.of(1950, 3, 4), null, Gradering.UGRADERT, null, null, null, false,
                "4601", null, List.of(), List.of(), List.of(), List.of());

        assertThat(UttrekkKjoerer.iKommunen(BERGEN, bosatt, DATO)).isTrue();
        assertThat(UttrekkKjoerer.iKommunen(new Fagsystem.Kommune("0301"), bosatt, DATO)).isFalse();
    }

    /** As the register gives a death: no current residence or kommune; the kommune at death from the look-up with history. */
    private static Person doed(String kommuneVedDoedsfall) {
        return new Person(Testidenter.syntetisk(LocalDate.of(1940, 5, 6), 410), Personstatus.DOED, new Navn("Olav", null, "Hauge"),
                LocalDate.of(1940, 5, 6), LocalDate.of(2026, 11, 30), Gradering.UGRADERT, null, null, null, false, null,
                kommuneVedDoedsfall, List.of(), List.of(), List.of(), List.of());
    }
}
