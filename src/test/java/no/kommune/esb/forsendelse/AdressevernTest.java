package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Adressefelt;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Person;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static no.kommune.esb.forsendelse.TestData.barn;
import static no.kommune.esb.forsendelse.TestData.veg;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which grading a recipient's address inherits from the persons around a letter (DOMAIN.md rules 5 and 7: a protected
 * child's or parent's address never reaches the other parent's SvarUt request). The addresses are compared by
 * fingerprint; a protected person whose address the register gave with a value the platform cannot read (a husnummer
 * "1O", held as the street without its number) has no fingerprint that could match hers, so her grading goes to every
 * address (fail closed). Before, such a child's "Fjellveien 1O" did not match her parent's "Fjellveien 10", and the
 * parent's letter was printed to what may be her home.
 */
class AdressevernTest {

    /** The street as the mapper holds an unreadable house number: what could be read, the number left out. */
    private static Adresse.Vegadresse utenNummer(String gate, Gradering g) {
        return new Adresse.Vegadresse(null, gate, null, null, "H0101", "0150", "OSLO", "0301", "12345", g);
    }

    record Rad(String navn, List<Person> familie, Adresse mottakersAdresse, Gradering forventet) {
        @Override
        public String toString() {
            return navn;
        }
    }

    static Stream<Rad> tabell() {
        Adresse fjell10 = veg("Fjellveien", 10);
        return Stream.of(
                new Rad("strengt fortrolig barn på samme leselige adresse", List.of(
                        barn(1).gradering(Gradering.STRENGT_FORTROLIG).bosted(veg("Fjellveien", 10, Gradering.STRENGT_FORTROLIG)).bygg()),
                        fjell10, Gradering.STRENGT_FORTROLIG),
                new Rad("strengt fortrolig barn på en annen leselig adresse", List.of(
                        barn(1).gradering(Gradering.STRENGT_FORTROLIG).bosted(veg("Bakken", 2, Gradering.STRENGT_FORTROLIG)).bygg()),
                        fjell10, Gradering.UGRADERT),
                new Rad("strengt fortrolig barn med uleselig husnummer: alle adresser", List.of(
                        barn(1).gradering(Gradering.STRENGT_FORTROLIG).bosted(utenNummer("Fjellveien", Gradering.STRENGT_FORTROLIG))
                                .uleselig(Adressefelt.BOSTEDSADRESSE).bygg()),
                        fjell10, Gradering.STRENGT_FORTROLIG),
                new Rad("fortrolig barn med uleselig postadresse: minst fortrolig", List.of(
                        barn(1).gradering(Gradering.FORTROLIG).bosted(veg("Bakken", 2, Gradering.FORTROLIG))
                                .uleselig(Adressefelt.POSTADRESSE).bygg()),
                        fjell10, Gradering.FORTROLIG),
                new Rad("ugradert barn med uleselig husnummer: ingenting å arve", List.of(
                        barn(1).bosted(utenNummer("Fjellveien", Gradering.UGRADERT)).uleselig(Adressefelt.BOSTEDSADRESSE).bygg()),
                        fjell10, Gradering.UGRADERT),
                new Rad("uleselig strengt fortrolig og en leselig fortrolig: den strengeste", List.of(
                        barn(1).gradering(Gradering.STRENGT_FORTROLIG).bosted(utenNummer("Fjellveien", Gradering.STRENGT_FORTROLIG))
                                .uleselig(Adressefelt.BOSTEDSADRESSE).bygg(),
                        barn(2).gradering(Gradering.FORTROLIG).bosted(veg("Fjellveien", 10, Gradering.FORTROLIG)).bygg()),
                        fjell10, Gradering.STRENGT_FORTROLIG),
                new Rad("ingen adresse å vurdere", List.of(
                        barn(1).gradering(Gradering.STRENGT_FORTROLIG).bosted(utenNummer("Fjellveien", Gradering.STRENGT_FORTROLIG))
                                .uleselig(Adressefelt.BOSTEDSADRESSE).bygg()),
                        null, Gradering.UGRADERT));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tabell")
    void should_give_a_recipients_address_the_grading_of_a_protected_family_member_whose_address_it_may_be(Rad rad) {
        assertThat(Adressevern.av(rad.familie()).gradering(rad.mottakersAdresse())).isEqualTo(rad.forventet());
    }
}
