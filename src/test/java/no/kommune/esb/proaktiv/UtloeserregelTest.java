package no.kommune.esb.proaktiv;

import no.kommune.esb.forsendelse.Brevtype;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class UtloeserregelTest {

    private static final LocalDate IDAG = LocalDate.of(2026, 12, 4);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            newborn in the kommune fires                 | personErOpprettet      | 2026-12-01 | 4601 | 0  | 0  | false | -    | -
            another event type does not                  | endringINavn           | 2026-12-01 | 4601 | 0  | 0  | false | -    | hendelsestypen er ikke utløserens
            newborn elsewhere does not                   | personErOpprettet      | 2026-12-01 | 0301 | 0  | 0  | false | -    | bor ikke i kommune 4601
            a person created at 30 is no birth           | personErOpprettet      | 1996-01-01 | 4601 | 0  | 0  | false | -    | alder utenfor 0–0
            adult moved in from another kommune fires    | endringIBostedsadresse | 1990-05-05 | 4601 | 18 | -  | true  | 0301 | -
            adult moved in from abroad fires             | endringIBostedsadresse | 1990-05-05 | 4601 | 18 | -  | true  | -    | -
            a move within the kommune does not           | endringIBostedsadresse | 1990-05-05 | 4601 | 18 | -  | true  | 4601 | flyttet innen kommunen
            a move out of the kommune does not           | endringIBostedsadresse | 1990-05-05 | 0301 | 18 | -  | true  | 4601 | bor ikke i kommune 4601
            a child moving in does not (adults only)     | endringIBostedsadresse | 2015-05-05 | 4601 | 18 | -  | true  | 0301 | alder utenfor 18–
            """)
    void should_fire_only_when_event_type_and_every_condition_hold(String tilfelle, String type, LocalDate foedt, String kommune,
                                                                  Integer fra, Integer til, boolean flyttetInn, String forrige, String grunn) {
        Utloeser u = new Utloeser("t", Set.of(type.equals("endringINavn") ? "personErOpprettet" : type), null, null, null,
                new Utloeser.Betingelser("4601", fra, til, flyttetInn), Utloeser.Mottaker.PERSON,
                new Utloeser.Mal("t", "t", null), null, "sak-arkiv", Brevtype.FORMELL, true, Path.of("t.yaml"));
        Person p = new Person(Identitetsnummer.of("02013299997"), Personstatus.BOSATT, null, foedt, null, null, null, null, null,
                false, kommune, null, null, null, null);

        assertThat(Utloeserregel.hvorforIkke(u, type, p, IDAG, () -> Optional.ofNullable(forrige))).as(tilfelle)
                .isEqualTo(Optional.ofNullable(grunn));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            born 2020 turns 6 in 2026 and fires          | 2020-12-31 | 4601 | -
            born 2020-01-01 fires too                    | 2020-01-01 | 4601 | -
            born 2021 turns 6 next year                  | 2021-01-01 | 4601 | fyller ikke 6 i 2026
            born 2019 turned 6 last year                 | 2019-12-31 | 4601 | fyller ikke 6 i 2026
            turns 6 but lives elsewhere                  | 2020-06-01 | 0301 | bor ikke i kommune 4601
            """)
    void should_fire_a_date_rule_for_persons_turning_the_age_this_calendar_year(String tilfelle, LocalDate foedt, String kommune, String grunn) {
        Utloeser u = new Utloeser("skolestart", Set.of(), 6, null, Utloeser.Datokilde.UTTREKK, new Utloeser.Betingelser("4601", null, null, false), Utloeser.Mottaker.FORELDRE,
                new Utloeser.Mal("t", "t", null), null, "skole", Brevtype.FORMELL, true, Path.of("t.yaml"));
        Person p = new Person(Identitetsnummer.of("02013299997"), Personstatus.BOSATT, null, foedt, null, null, null, null, null,
                false, kommune, null, null, null, null);

        assertThat(Utloeserregel.hvorforIkkeDato(u, p, IDAG)).as(tilfelle).isEqualTo(Optional.ofNullable(grunn));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            turns 6 on 1 January                         | 2020-01-01 | -
            turns 6 on 31 July, the last day before      | 2020-07-31 | -
            turns 6 on 1 August, the cut-off day         | 2020-08-01 | fyller 6 fra 1.8. eller senere
            turns 6 on 31 December                       | 2020-12-31 | fyller 6 fra 1.8. eller senere
            born on 29 February in a leap year           | 2020-02-29 | -
            born 2021, too young whatever the day        | 2021-03-01 | fyller ikke 6 i 2026
            """)
    void should_fire_a_date_rule_with_a_cut_off_only_for_birthdays_before_that_day(String tilfelle, LocalDate foedt, String grunn) {
        Utloeser u = new Utloeser("skolestart", Set.of(), 6, MonthDay.of(8, 1), Utloeser.Datokilde.UTTREKK,
                new Utloeser.Betingelser("4601", null, null, false), Utloeser.Mottaker.FORELDRE,
                new Utloeser.Mal("t", "t", null), null, "skole", Brevtype.FORMELL, true, Path.of("t.yaml"));
        Person p = new Person(Identitetsnummer.of("02013299997"), Personstatus.BOSATT, null, foedt, null, null, null, null, null,
                false, "4601", null, null, null, null);

        assertThat(Utloeserregel.hvorforIkkeDato(u, p, IDAG)).as(tilfelle).isEqualTo(Optional.ofNullable(grunn));
    }
}
