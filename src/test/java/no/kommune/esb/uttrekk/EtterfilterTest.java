package no.kommune.esb.uttrekk;

import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDate;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EtterfilterTest {

    private static final LocalDate DATO = LocalDate.of(2027, 3, 1);

    static Stream<Arguments> tilfeller() {
        Person seksAar = person(LocalDate.of(2021, 12, 31), vei("Kalfarveien", "5018"));
        Person sjuAar = person(LocalDate.of(2020, 1, 1), vei("Kalfarveien", "5018"));
        Person matrikkel = person(LocalDate.of(2021, 5, 5), new Adresse.Matrikkeladresse(null, null, 1, 2, null, "5003", "BERGEN", "4601", Gradering.UGRADERT));
        Person utenBosted = person(LocalDate.of(2021, 5, 5), null);
        return Stream.of(
                Arguments.of("no criteria lets everyone through", Etterfilter.INGEN, sjuAar, true),
                Arguments.of("turns 6 in the extract's year, born on new year's eve", new Etterfilter(6, Set.of(), Set.of()), seksAar, true),
                Arguments.of("turned 7 this year is left out", new Etterfilter(6, Set.of(), Set.of()), sjuAar, false),
                Arguments.of("postnummer in the catchment", new Etterfilter(null, Set.of("5018", "5003"), Set.of()), seksAar, true),
                Arguments.of("postnummer of a matrikkeladresse counts too", new Etterfilter(null, Set.of("5003"), Set.of()), matrikkel, true),
                Arguments.of("postnummer outside the catchment", new Etterfilter(null, Set.of("5003"), Set.of()), seksAar, false),
                Arguments.of("no residence is outside every catchment", new Etterfilter(null, Set.of("5003"), Set.of()), utenBosted, false),
                Arguments.of("street name, case ignored", new Etterfilter(null, Set.of(), Set.of("kalfarveien")), seksAar, true),
                Arguments.of("other street", new Etterfilter(null, Set.of(), Set.of("Nygårdsgaten")), seksAar, false),
                Arguments.of("all criteria must hold", new Etterfilter(6, Set.of("5018"), Set.of("Kalfarveien")), sjuAar, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tilfeller")
    void should_select_persons_after_the_bulk_look_up(String navn, Etterfilter filter, Person person, boolean forventet) {
        assertThat(filter.tillater(person, DATO)).isEqualTo(forventet);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ugyldige")
    void should_refuse_a_criterion_that_cannot_match_when_it_is_malformed(String navn, Integer fyllerAar, Set<String> postnumre) {
        assertThatThrownBy(() -> new Etterfilter(fyllerAar, postnumre, Set.of())).isInstanceOf(IllegalArgumentException.class);
    }

    static Stream<Arguments> ugyldige() {
        return Stream.of(Arguments.of("negative age", -1, Set.of()), Arguments.of("postnummer of three digits", null, Set.of("501")));
    }

    private static Adresse vei(String gate, String postnummer) {
        return new Adresse.Vegadresse(null, gate, 1, null, null, postnummer, "BERGEN", "4601", "1001", Gradering.UGRADERT);
    }

    private static Person person(LocalDate foedt, Adresse bosted) {
        return new Person(Identitetsnummer.of("15831751026"), Personstatus.BOSATT, null, foedt, null, Gradering.UGRADERT, bosted,
                null, null, bosted == null, "4601", null, null, null, null, null);
    }
}
