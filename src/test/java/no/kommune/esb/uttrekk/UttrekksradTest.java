package no.kommune.esb.uttrekk;

import no.kommune.esb.hendelser.Fagsystem.RelatertePersoner;
import no.kommune.esb.hendelser.Felt;
import no.kommune.esb.hendelser.Relasjon;
import no.kommune.esb.model.Familierelasjon;
import no.kommune.esb.model.Familierelasjon.Rolle;
import no.kommune.esb.model.Foreldreansvar;
import no.kommune.esb.model.Foreldreansvar.Ansvar;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Uttrekksrad#naere}: the persons whose grading a fetch of a kept API file asks about (docs/uttrekk.md, "A file
 * kept for the API, and gradings since"). Each one's grading withholds an address the row may show; anyone else's does not.
 */
class UttrekksradTest {

    private static final Map<String, Identitetsnummer> NUMRE = Map.of(
            "BARN", Identitetsnummer.of("15831751026"),
            "MOR", Identitetsnummer.of("02868510067"),
            "FAR", Identitetsnummer.of("20918320130"),
            "VERGE", Identitetsnummer.of("08846240080"),
            "EKTEFELLE", Identitetsnummer.of("05854016190"),
            "SOESKEN", Identitetsnummer.of("02891652022"),
            "DNUMMER", Identitetsnummer.of("50879041020"),
            "FNR", Identitetsnummer.of("10879042092"));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            // case | the row's person (read as) | foreldreansvar | the order's roles | utsending | expected
            "a child without related persons on the row: her parents still (a delt bosted is a parent's home) | BARN | FELLES | - | false | BARN MOR FAR",
            "a child with the holders of foreldreansvar on the row | BARN | FELLES | FORELDRE_MED_FORELDREANSVAR | false | BARN MOR FAR",
            "a guardian holding foreldreansvar is on the row | BARN | ANDRE | FORELDRE_MED_FORELDREANSVAR | false | BARN MOR FAR VERGE",
            "a guardian the letter flow addresses, for labels | BARN | ANDRE | - | true | BARN MOR FAR VERGE",
            "a guardian on no row and no label: not asked | BARN | ANDRE | - | false | BARN MOR FAR",
            "a spouse only when the order puts her on the row | FNR | - | EKTEFELLE_ELLER_PARTNER | false | FNR EKTEFELLE",
            "neither spouse nor child of an adult without related persons | FNR | - | - | false | FNR",
            "read under an earlier number: both numbers | DNUMMER>FNR | - | - | false | DNUMMER FNR",
    })
    void should_name_the_person_and_everyone_whose_grading_withholds_an_address_on_the_row(String tilfelle, String person, String ansvar,
                                                                                            String roller, boolean utsending, String forventet) {
        String[] lest = person.split(">");
        Identitetsnummer id = NUMRE.get(lest[lest.length - 1]);
        boolean barn = id.equals(NUMRE.get("BARN"));
        List<Familierelasjon> familie = barn
                ? List.of(new Familierelasjon(NUMRE.get("MOR"), Rolle.MOR, Rolle.BARN), new Familierelasjon(NUMRE.get("FAR"), Rolle.FAR, Rolle.BARN),
                new Familierelasjon(NUMRE.get("SOESKEN"), Rolle.ANNEN, Rolle.ANNEN))
                : List.of(new Familierelasjon(NUMRE.get("EKTEFELLE"), Rolle.EKTEFELLE, Rolle.EKTEFELLE),
                new Familierelasjon(NUMRE.get("SOESKEN"), Rolle.BARN, Rolle.FAR));
        List<Foreldreansvar> foreldreansvar = ansvar.equals("-") ? List.of()
                : List.of(new Foreldreansvar(Ansvar.valueOf(ansvar), ansvar.equals("ANDRE") ? NUMRE.get("VERGE") : null, id));
        Person p = new Person(id, Personstatus.BOSATT, new Navn("Emma", null, "Berg"), barn ? LocalDate.of(2017, 3, 15) : LocalDate.of(1990, 7, 8),
                null, null, null, null, null, false, "4601", null, familie, foreldreansvar, List.of(), List.of());
        RelatertePersoner regel = roller.equals("-") ? RelatertePersoner.INGEN
                : new RelatertePersoner(Set.of(Relasjon.valueOf(roller)), Set.of(Felt.IDENTITETSNUMMER, Felt.NAVN, Felt.ADRESSE));

        Set<String> naere = Uttrekksrad.naere(NUMRE.get(lest[0]), p, regel, utsending);

        assertThat(naere).as(tilfelle).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(forventet.split(" ")).map(n -> NUMRE.get(n).value()).collect(Collectors.toSet()));
    }

    /**
     * A home shared with a protected relative (docs/hendelser.md): the order puts the spouse on the row, so her answer is
     * at hand; the person's residence at her home is withheld as hers is, and so from the PDF list, the labels, CSV and
     * XLSX built from the row. Before session 30 the row gave her home as his.
     */
    @ParameterizedTest(name = "spouse {0}, at {1} -> his residence shown {2}")
    @CsvSource({
            "UGRADERT,          HJEMME,   true",
            "STRENGT_FORTROLIG, HJEMME,   false",
            "FORTROLIG,         HJEMME,   false",
            "STRENGT_FORTROLIG, ANNETSTED, true",
    })
    void should_withhold_a_residence_at_the_home_of_a_spouse_on_the_row_the_fagsystem_may_not_see(
            no.kommune.esb.model.Gradering hennes, String hvor, boolean vist) {
        no.kommune.esb.model.Adresse hjemme = new no.kommune.esb.model.Adresse.Vegadresse(null, "Storgata", 3, null, null, "3611", "KONGSBERG",
                "4601", "10100", no.kommune.esb.model.Gradering.UGRADERT);
        no.kommune.esb.model.Adresse annet = new no.kommune.esb.model.Adresse.Vegadresse(null, "Kirkegata", 9, null, null, "3611", "KONGSBERG",
                "4601", "10200", no.kommune.esb.model.Gradering.UGRADERT);
        Person han = new Person(NUMRE.get("FNR"), Personstatus.BOSATT, new Navn("Knut", null, "Berg"), LocalDate.of(1990, 7, 8), null,
                no.kommune.esb.model.Gradering.UGRADERT, hjemme, hjemme, null, false, "4601", null,
                List.of(new Familierelasjon(NUMRE.get("EKTEFELLE"), Rolle.EKTEFELLE, Rolle.EKTEFELLE)), List.of(), List.of(), List.of());
        Person hun = new Person(NUMRE.get("EKTEFELLE"), Personstatus.BOSATT, new Navn("Kari", null, "Berg"), LocalDate.of(1991, 2, 3), null,
                hennes, hvor.equals("HJEMME") ? hjemme : annet, null, null, false, "4601", null, List.of(), List.of(), List.of(), List.of());
        RelatertePersoner regel = new RelatertePersoner(Set.of(Relasjon.EKTEFELLE_ELLER_PARTNER), Set.of(Felt.NAVN));

        com.fasterxml.jackson.databind.node.ObjectNode rad = Uttrekksrad.lag(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
                han, Map.of(hun.id(), hun), regel, new no.kommune.esb.hendelser.Fagsystem.Datatilgang(Set.of(Felt.NAVN, Felt.ADRESSE), false), false);

        assertThat(rad.path("person").has("bostedsadresse")).isEqualTo(vist);
        assertThat(rad.path("person").has("postadresse")).isEqualTo(vist);
        assertThat(rad.path("person").has("kommunenummer")).isEqualTo(vist);
        if (!vist) {
            assertThat(rad.toString()).doesNotContain("Storgata");
        }
    }
}
