package no.kommune.esb.uttrekk.vask;

import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;
import no.kommune.esb.uttrekk.format.Testidenter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class VaskeregelTest {

    private static final LocalDate FOEDT = LocalDate.of(1980, 5, 17);
    private static final Identitetsnummer FNR = Testidenter.syntetisk(FOEDT, 210);
    private static final Identitetsnummer DNR = Testidenter.dnummer(FOEDT, 220);
    private static final List<String> BOSTED = List.of("Storgata 1B", "5003 Bergen");
    private static final Vaskefil.Referanse SAMME = new Vaskefil.Referanse("storgata 1 b", "5003");
    private static final Vaskefil.Referanse ANNEN = new Vaskefil.Referanse("Lillegata 4", "5003");

    private static Person person(Identitetsnummer id, Personstatus status, LocalDate doed) {
        return new Person(id, status, new Navn("Kari", null, "Nordmann"), FOEDT, doed, Gradering.UGRADERT,
                new Adresse.Vegadresse(null, "Storgata", 1, "B", null, "5003", "Bergen", "4601", "1", Gradering.UGRADERT),
                null, null, false, "4601", null, List.of(), List.of(), List.of(), List.of());
    }

    /** Folkeregisteret gave the residence's husnummer "1O": the slot keeps the street without its number (FolkeregisterMapper). */
    private static Person uleseligBosted(Identitetsnummer id) {
        return new Person(id, Personstatus.BOSATT, new Navn("Kari", null, "Nordmann"), FOEDT, null, Gradering.UGRADERT,
                new Adresse.Vegadresse(null, "Storgata", null, null, null, "5003", "Bergen", "4601", "1", Gradering.UGRADERT),
                null, null, false, "4601", null, List.of(), List.of(), List.of(), List.of(),
                java.util.Set.of(no.kommune.esb.model.Adressefelt.BOSTEDSADRESSE));
    }

    static Stream<Arguments> tilfeller() {
        Person bosatt = person(FNR, Personstatus.BOSATT, null);
        Person uleselig = uleseligBosted(FNR);
        List<String> utenNummer = List.of("Storgata", "5003 Bergen");
        return Stream.of(
                // case, asked, found, address withheld, residence lines, reference sent, expected
                Arguments.of("not found", FNR, null, false, List.of(), null, Vaskestatus.IKKE_FUNNET),
                Arguments.of("deceased by status", FNR, person(FNR, Personstatus.DOED, null), false, BOSTED, SAMME, Vaskestatus.DOED),
                Arguments.of("deceased by date", FNR, person(FNR, Personstatus.BOSATT, LocalDate.of(2026, 1, 2)), false, BOSTED, null, Vaskestatus.DOED),
                Arguments.of("emigrated", FNR, person(FNR, Personstatus.UTFLYTTET, null), false, List.of(), SAMME, Vaskestatus.UTVANDRET),
                Arguments.of("protected before new id", DNR, bosatt, true, List.of(), null, Vaskestatus.SPERRET),
                Arguments.of("protected: never compared with the address sent", FNR, bosatt, true, List.of(), SAMME, Vaskestatus.SPERRET),
                Arguments.of("D-nummer replaced", DNR, bosatt, false, BOSTED, SAMME, Vaskestatus.NY_IDENT),
                Arguments.of("same address, other spelling", FNR, bosatt, false, BOSTED, SAMME, Vaskestatus.UENDRET),
                Arguments.of("same street without postcode", FNR, bosatt, false, BOSTED, new Vaskefil.Referanse("Storgata 1B", null), Vaskestatus.UENDRET),
                Arguments.of("c/o line is not the residence", FNR, bosatt, false, List.of("c/o Hansen", "Storgata 1B", "5003 Bergen"), SAMME, Vaskestatus.UENDRET),
                Arguments.of("other street", FNR, bosatt, false, BOSTED, ANNEN, Vaskestatus.FLYTTET),
                Arguments.of("same street, other postcode", FNR, bosatt, false, BOSTED, new Vaskefil.Referanse("Storgata 1B", "5004"), Vaskestatus.FLYTTET),
                Arguments.of("no residence now", FNR, bosatt, false, List.of(), SAMME, Vaskestatus.FLYTTET),
                Arguments.of("no reference: nothing to compare", FNR, bosatt, false, BOSTED, null, Vaskestatus.AKTUELL),
                // before session 29 the street without its unreadable number was compared, and the person had "moved"
                Arguments.of("unreadable residence: not compared", FNR, uleselig, false, utenNummer, SAMME, Vaskestatus.AKTUELL),
                Arguments.of("unreadable residence, other street sent: not compared", FNR, uleselig, false, utenNummer, ANNEN, Vaskestatus.AKTUELL),
                Arguments.of("unreadable residence, D-nummer replaced", DNR, uleselig, false, utenNummer, SAMME, Vaskestatus.NY_IDENT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tilfeller")
    void should_give_the_first_status_that_holds(String tilfelle, Identitetsnummer etterspurt, Person funnet, boolean tilbakeholdt,
                                                 List<String> bosted, Vaskefil.Referanse ref, Vaskestatus forventet) {
        assertThat(Vaskeregel.vurder(etterspurt, funnet, tilbakeholdt, bosted, ref).status()).isEqualTo(forventet);
    }

    @org.junit.jupiter.api.Test
    void should_say_why_an_unreadable_residence_was_not_compared() {
        assertThat(Vaskeregel.vurder(FNR, uleseligBosted(FNR), false, List.of("Storgata", "5003 Bergen"), SAMME).merknad())
                .isEqualTo("bostedsadressen fra Folkeregisteret kan ikke leses helt: ikke sammenlignet");
    }

    @ParameterizedTest(name = "outside the population, left Norway from it: {0} → {1}")
    @org.junit.jupiter.params.provider.CsvSource({"true, UTVANDRET", "false, UTENFOR_POPULASJON"})
    void should_tell_an_emigrant_of_the_population_as_emigrated_and_anyone_else_outside_as_outside(boolean utvandret, Vaskestatus forventet) {
        assertThat(Vaskeregel.utenforPopulasjonen(utvandret).status()).isEqualTo(forventet);
    }

    @org.junit.jupiter.api.Test
    void should_say_a_d_nummer_was_replaced_by_a_foedselsnummer_when_it_was() {
        assertThat(Vaskeregel.vurder(DNR, person(FNR, Personstatus.BOSATT, null), false, BOSTED, null).merknad())
                .isEqualTo("D-nummer erstattet av fødselsnummer");
    }
}
