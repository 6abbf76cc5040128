package no.kommune.esb.proaktiv;

import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The once-only rule across identity-number changes. Persons: A (D-nummer {@code Adnr}, later fødselsnummer {@code Afnr},
 * later still a corrected {@code Afnr2}) and B. Triggers t1 and t2. Numbers are written by these names; the second table
 * maps them to valid synthetic numbers, and every assertion compares names, never numbers.
 */
class EngangsregelTest {

    static final Map<String, Identitetsnummer> NUMMER = Map.of(
            "Adnr", Identitetsnummer.of("50848620057"),
            "Afnr", Identitetsnummer.of("10848630026"),
            "B", Identitetsnummer.of("15838510075"));

    /**
     * {@code lagret}: the stored records, {@code trigger:number}. {@code treff}: the round's firings in order,
     * {@code trigger:numbers} with every number the person is known by ({@code +}-joined). {@code forventet}: per firing,
     * {@code ny} (sent) or {@code gjentatt} (a repeat: no record, no letter, no message). {@code alleredeSendt}: per firing,
     * what the dry run says: whether a stored record holds it (the round's own earlier firings do not count there).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            first firing, nothing stored                                 | -       | t1:Afnr+Adnr          | ny                 | nei
            stored under the number in use                               | t1:Afnr | t1:Afnr               | gjentatt           | ja
            stored under the D-nummer, fires under the fødselsnummer     | t1:Adnr | t1:Afnr+Adnr          | gjentatt           | ja
            stored under the fødselsnummer, the event named the D-nummer | t1:Afnr | t1:Afnr+Adnr          | gjentatt           | ja
            a corrected fødselsnummer, stored under the first one        | t1:Afnr | t1:Afnr2+Afnr+Adnr    | gjentatt           | ja
            the register reports no earlier number: not linked           | t1:Adnr | t1:Afnr               | ny                 | nei
            another trigger's record does not hold                       | t2:Adnr | t1:Afnr+Adnr          | ny                 | nei
            another person's record does not hold                        | t1:B    | t1:Afnr+Adnr          | ny                 | nei
            the same person twice in a round, under both numbers         | -       | t1:Afnr+Adnr, t1:Afnr | ny, gjentatt       | nei, nei
            twice in a round, stored, the second linked by the first     | t1:Adnr | t1:Afnr+Adnr, t1:Afnr | gjentatt, gjentatt | ja, nei
            two triggers for one person in a round                       | t1:Adnr | t1:Afnr+Adnr, t2:Afnr | gjentatt, ny       | ja, nei
            two persons in a round                                       | -       | t1:Afnr+Adnr, t1:B    | ny, ny             | nei, nei
            """)
    void should_hold_a_trigger_and_person_once_under_any_of_the_persons_numbers(String tilfelle, String lagret, String treff, String forventet,
                                                                                String alleredeSendt) {
        Set<Engangsregel.Utsendelse> utsendelser = liste(lagret).stream().map(l -> l.split(":"))
                .map(l -> new Engangsregel.Utsendelse(l[0], l[1])).collect(Collectors.toSet());
        List<Engangsregel.Kandidat> kandidater = liste(treff).stream().map(t -> t.split(":"))
                .map(t -> new Engangsregel.Kandidat(t[0], Set.of(t[1].split("\\+")))).toList();

        List<Integer> nye = Engangsregel.nye(IntStream.range(0, kandidater.size()).boxed().toList(), kandidater::get, utsendelser);

        assertThat(IntStream.range(0, kandidater.size()).mapToObj(i -> nye.contains(i) ? "ny" : "gjentatt").toList()).as(tilfelle)
                .isEqualTo(liste(forventet));
        assertThat(kandidater.stream().map(k -> Engangsregel.sendt(k, utsendelser) ? "ja" : "nei").toList()).as(tilfelle + ", dry run")
                .isEqualTo(liste(alleredeSendt));
    }

    /**
     * {@code person}: the number in use in the rule's look-up, {@code tidligere}: the earlier numbers it reports,
     * {@code spurt}: the number the event named, {@code identiteter}: the identity look-up with history,
     * {@code inUse<earlier;earlier}, or {@code -} when it did not answer. {@code forventet}: every number the person is known by.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            the number in use only                               | Afnr | -    | Afnr | -         | Afnr
            asked by the D-nummer, found under the fødselsnummer | Afnr | -    | Adnr | -         | Afnr, Adnr
            the identity look-up reports the D-nummer            | Afnr | -    | Afnr | Afnr<Adnr | Afnr, Adnr
            the rule's look-up reported it already               | Afnr | Adnr | Afnr | -         | Afnr, Adnr
            no event number (a date rule's extract)              | Afnr | -    | -    | Afnr<Adnr | Afnr, Adnr
            a D-nummer still in use                              | Adnr | -    | Adnr | Adnr      | Adnr
            """)
    void should_know_a_person_by_every_number_the_register_and_the_event_give(String tilfelle, String person, String tidligere, String spurt,
                                                                            String identiteter, String forventet) {
        Person p = person(person, liste(tidligere));
        Person medHistorikk = identiteter == null ? null
                : person(identiteter.split("<")[0], identiteter.contains("<") ? liste(identiteter.split("<")[1]) : List.of());

        Set<String> numre = Engangsregel.numre(p, spurt == null ? null : NUMMER.get(spurt), medHistorikk);

        Map<String, String> navn = NUMMER.entrySet().stream().collect(Collectors.toMap(e -> e.getValue().value(), Map.Entry::getKey));
        assertThat(numre.stream().map(n -> navn.getOrDefault(n, "an unknown number")).collect(Collectors.toSet())).as(tilfelle)
                .isEqualTo(new HashSet<>(liste(forventet)));
    }

    private static Person person(String id, List<String> tidligere) {
        return new Person(NUMMER.get(id), Personstatus.BOSATT, null, null, null, null, null, null, null, false, "4601", null, null, null, null,
                tidligere.stream().map(NUMMER::get).toList());
    }

    private static List<String> liste(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.stream(s.split("[,;]")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }
}
