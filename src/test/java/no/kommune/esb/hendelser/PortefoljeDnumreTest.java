package no.kommune.esb.hendelser;

import no.kommune.esb.folkeregister.BulkResult;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the register's answers for a portfolio's unlinked D-numbers tell an extract ({@link Portefoljenumre}): a D-nummer
 * answered under another number is that person's earlier number; one answered under itself is still in use; one the
 * register does not know is counted not found, one it cannot read unreadable, never dropped unseen.
 */
class PortefoljeDnumreTest {

    static final Identitetsnummer DNUMMER = Identitetsnummer.of("50879041020");
    static final Identitetsnummer FNR = Identitetsnummer.of("10879042092");
    static final Identitetsnummer UKJENT = Identitetsnummer.of("24923815054");

    @Test
    void should_tie_a_replaced_d_nummer_to_the_person_under_her_number_in_use_and_count_the_rest() {
        Map<Identitetsnummer, Person> funnet = new LinkedHashMap<>();
        funnet.put(DNUMMER, person(FNR));
        BulkResult svar = new BulkResult(funnet, Set.of(UKJENT), 1, Set.of());

        Portefoljenumre n = Portefoljenumre.av(svar);

        assertThat(n.tidligere()).isEqualTo(Map.of(FNR, Set.of(DNUMMER)));
        assertThat(n.ikkeFunnet()).isEqualTo(1);
        assertThat(n.ulesbare()).isZero();
        assertThat(n.kall()).isEqualTo(1);
        Map<Identitetsnummer, Person> batch = n.medTidligere(Map.of(FNR, person(FNR), UKJENT, person(UKJENT)));
        assertThat(batch.get(FNR).tidligereIdentiteter()).containsExactly(DNUMMER);
        assertThat(batch.get(UKJENT).tidligereIdentiteter()).isEmpty();
    }

    @Test
    void should_tie_nothing_for_a_d_nummer_still_in_use_and_count_an_unreadable_document_apart() {
        Map<Identitetsnummer, Person> funnet = new LinkedHashMap<>();
        funnet.put(DNUMMER, person(DNUMMER));
        BulkResult svar = new BulkResult(funnet, Set.of(UKJENT), 1, Set.of(UKJENT));

        Portefoljenumre n = Portefoljenumre.av(svar);

        assertThat(n.tidligere()).isEmpty();
        assertThat(n.ikkeFunnet()).isZero();
        assertThat(n.ulesbare()).isEqualTo(1);
        Map<Identitetsnummer, Person> batch = Map.of(DNUMMER, person(DNUMMER));
        assertThat(n.medTidligere(batch)).isSameAs(batch);
    }

    /**
     * A member personidentitet ties to her number in use (the feed's change, or the fan-out's portfolio check) is not
     * looked up; her row still names the number the fagsystem registered, beside what the look-up tied.
     */
    @Test
    void should_add_the_members_personidentitet_ties_to_another_number_to_the_earlier_numbers() {
        Map<Identitetsnummer, Person> funnet = new LinkedHashMap<>();
        funnet.put(DNUMMER, person(FNR));
        Portefoljenumre n = Portefoljenumre.av(new BulkResult(funnet, Set.of(), 1, Set.of()))
                .medKoblede(Map.of(UKJENT.value(), Set.of("50879041020"), "ikke-et-nummer", Set.of(DNUMMER.value())));

        assertThat(n.tidligere()).isEqualTo(Map.of(FNR, Set.of(DNUMMER), UKJENT, Set.of(DNUMMER)));
        assertThat(n.kall()).isEqualTo(1);
        assertThat(Portefoljenumre.INGEN.medKoblede(Map.of())).isSameAs(Portefoljenumre.INGEN);
        assertThat(n.grupper()).containsExactlyInAnyOrder(
                new java.util.LinkedHashSet<>(List.of(FNR.value(), DNUMMER.value())), new java.util.LinkedHashSet<>(List.of(UKJENT.value(), DNUMMER.value())));
    }

    private static Person person(Identitetsnummer id) {
        return new Person(id, Personstatus.BOSATT, new Navn("Ana", null, "Silva"), LocalDate.of(1990, 7, 10), null,
                Gradering.UGRADERT, null, null, null, false, "4601", null, List.of(), List.of(), List.of(), List.of());
    }
}
