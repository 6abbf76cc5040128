package no.kommune.esb.oppslag;

import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.DeltBosted;
import no.kommune.esb.model.Familierelasjon;
import no.kommune.esb.model.Familierelasjon.Rolle;
import no.kommune.esb.model.Foreldreansvar;
import no.kommune.esb.model.Foreldreansvar.Ansvar;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personhistorikk;
import no.kommune.esb.model.Personstatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PersonsvarTest {

    private static final FagsystemRegistry REGISTRERINGER = FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings"));
    private static final Identitetsnummer BARN = Identitetsnummer.of("15831751026");
    private static final Identitetsnummer MOR = Identitetsnummer.of("02868510067");
    private static final Identitetsnummer FAR = Identitetsnummer.of("20918320130");
    private static final Identitetsnummer DNUMMER = Identitetsnummer.of("50879041020");
    private static final Identitetsnummer FNR_ETTER_DNUMMER = Identitetsnummer.of("10879042092");

    private static Adresse veg(String navn, Gradering g) {
        return new Adresse.Vegadresse(null, navn, 5, null, null, "3017", "DRAMMEN", "3301", null, g);
    }

    private static Person barn(Gradering g) {
        return new Person(BARN, Personstatus.BOSATT, new Navn("Emma", null, "Berg"), LocalDate.of(2017, 3, 15), null, g,
                veg("Bragernes torg", g), null, null, false, "3301", null,
                List.of(new Familierelasjon(MOR, Rolle.MOR, Rolle.BARN), new Familierelasjon(FAR, Rolle.FAR, Rolle.BARN)),
                List.of(new Foreldreansvar(Ansvar.FELLES, null, BARN)),
                List.of(new DeltBosted(veg("Tollbugata", g), LocalDate.of(2024, 8, 1), null)), List.of());
    }

    /** The child living with the father only (no delt bosted), graded by nobody. */
    private static Person barnHosFar() {
        Person b = barn(Gradering.UGRADERT);
        return new Person(b.id(), b.status(), b.navn(), b.foedselsdato(), null, Gradering.UGRADERT, b.bostedsadresse(), null, null, false,
                "3301", null, b.familierelasjoner(), List.of(new Foreldreansvar(Ansvar.FELLES, null, BARN)), List.of(), List.of());
    }

    private static Person voksen(Identitetsnummer id, String fornavn, List<Identitetsnummer> tidligere) {
        return new Person(id, Personstatus.BOSATT, new Navn(fornavn, null, "Berg"), LocalDate.of(1985, 6, 2), null, Gradering.UGRADERT,
                veg("Strandveien", Gradering.UGRADERT), null, null, false, "3301", null, List.of(), List.of(), List.of(), tidligere);
    }

    private static Fagsystem f(String id) {
        return REGISTRERINGER.finn(id).orElseThrow();
    }

    // fagsystem | fields disclosed about the same child, as configured in config/fagsystemer
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "skole         | IDENTITETSNUMMER NAVN ADRESSE DELT_BOSTED FORELDREANSVAR",
            "pleie-omsorg  | IDENTITETSNUMMER NAVN STATUS ADRESSE FAMILIERELASJONER",
            "eiendomsskatt | NAVN ADRESSE",
            "lonn          | IDENTITETSNUMMER IDENTITETSHISTORIKK NAVN ADRESSE",
            "barnevern     | IDENTITETSNUMMER IDENTITETSHISTORIKK NAVN ADRESSE FAMILIERELASJONER FORELDREANSVAR",
    })
    void should_disclose_what_each_registration_allows_of_the_same_person(String fagsystem, String felter) {
        Personsvar.Svar svar = Personsvar.av(barn(Gradering.UGRADERT), BARN, f(fagsystem), null);

        assertThat(svar.utlevert()).containsExactlyInAnyOrder(felter.split(" "));
        assertThat(svar.dokument().has("familie")).isFalse();
    }

    @Test
    void should_withhold_a_protected_childs_address_from_the_school() {
        Personsvar.Svar svar = Personsvar.av(barn(Gradering.FORTROLIG), BARN, f("skole"), null);

        assertThat(svar.dokument().path("person").has("bostedsadresse")).isFalse();
        assertThat(svar.dokument().path("person").path("deltBosted").get(0).has("adresse")).isFalse();
        assertThat(svar.dokument().path("person").path("adresseTilbakeholdt").asBoolean()).isTrue();
        assertThat(svar.utlevert()).doesNotContain("ADRESSE");
    }

    @Test
    void should_withhold_strengt_fortrolig_even_from_a_registration_that_may_see_protected_addresses() {
        Personsvar.Svar svar = Personsvar.av(barn(Gradering.STRENGT_FORTROLIG), BARN, f("barnevern"), null);

        assertThat(svar.dokument().toString()).doesNotContain("Bragernes", "Tollbugata");
        assertThat(svar.utlevert()).doesNotContain("ADRESSE");
    }

    @Test
    void should_give_the_school_the_parents_with_foreldreansvar_and_only_the_fields_registered_for_them() {
        Map<Identitetsnummer, Person> familie = Map.of(MOR, voksen(MOR, "Kari", List.of()), FAR, voksen(FAR, "Ola", List.of()));

        Personsvar.Svar svar = Personsvar.av(barn(Gradering.UGRADERT), BARN, f("skole"), familie);

        assertThat(svar.dokument().path("familie")).hasSize(2);
        assertThat(svar.dokument().path("familie").get(0).path("foreldreansvar").asBoolean()).isTrue();
        assertThat(svar.dokument().path("familie").get(0).has("foedselsdato")).isFalse();
        assertThat(svar.utlevert()).contains("FAMILIE", "FAMILIE.IDENTITETSNUMMER", "FAMILIE.NAVN", "FAMILIE.ADRESSE");
    }

    /**
     * A look-up or a wash of a child whose sole holder of foreldreansvar died (the register keeps her on the child until a
     * court decides, here with her residence still current): the family entry says she is dead and gives no address, and
     * the audit trail records that her status went out, not her address (DOMAIN.md rules 4 and 6).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"skole", "barnevern"})
    void should_tell_a_deceased_holder_of_foreldreansvar_as_dead_and_never_give_her_address(String fagsystem) {
        Person doedMor = new Person(MOR, Personstatus.DOED, new Navn("Kari", null, "Berg"), LocalDate.of(1985, 6, 2),
                LocalDate.of(2026, 10, 1), Gradering.UGRADERT, veg("Strandveien", Gradering.UGRADERT), null, null, false, "3301", "3301",
                List.of(), List.of(), List.of(), List.of());
        Person barn = new Person(BARN, Personstatus.BOSATT, new Navn("Emma", null, "Berg"), LocalDate.of(2017, 3, 15), null,
                Gradering.UGRADERT, veg("Bragernes torg", Gradering.UGRADERT), null, null, false, "3301", null,
                List.of(new Familierelasjon(MOR, Rolle.MOR, Rolle.BARN), new Familierelasjon(FAR, Rolle.FAR, Rolle.BARN)),
                List.of(new Foreldreansvar(Ansvar.MOR, null, BARN)), List.of(), List.of());

        Personsvar.Svar svar = Personsvar.av(barn, BARN, f(fagsystem), Map.of(MOR, doedMor, FAR, voksen(FAR, "Ola", List.of())));

        com.fasterxml.jackson.databind.JsonNode mor = svar.dokument().path("familie").get(0);
        assertThat(mor.path("identitetsnummer").asText()).isEqualTo(MOR.value());
        assertThat(mor.path("doed").asBoolean()).isTrue();
        assertThat(mor.toString()).doesNotContain("Strandveien", "3301", "bostedsadresse");
        Personsvar.Relatertutlevert utlevert = Personsvar.relaterteUtlevert(svar, barn, f(fagsystem)).get(0);
        assertThat(utlevert.id()).isEqualTo(MOR);
        assertThat(utlevert.felter()).contains("IDENTITETSNUMMER", "NAVN", "STATUS").doesNotContain("ADRESSE", "DELT_BOSTED");
    }

    @Test
    void should_give_earlier_residences_and_names_only_as_far_as_the_registration_sees_them() {
        Person naa = voksen(MOR, "Kari", List.of());
        Personhistorikk historikk = new Personhistorikk(
                List.of(new Personhistorikk.Tidligere<>(veg("Gamleveien", Gradering.UGRADERT), Instant.parse("2010-01-01T00:00:00Z"), Instant.parse("2020-01-01T00:00:00Z")),
                        new Personhistorikk.Tidligere<>(veg("Skjultveien", Gradering.FORTROLIG), null, null)),
                List.of(new Personhistorikk.Tidligere<>(new Navn("Kari", null, "Hansen"), null, Instant.parse("2012-06-01T00:00:00Z"))));

        Personsvar.Svar skole = Personsvar.medHistorikk(Personsvar.av(naa, MOR, f("skole"), null), naa, historikk, f("skole"), Map.of());
        Personsvar.Svar barnevern = Personsvar.medHistorikk(Personsvar.av(naa, MOR, f("barnevern"), null), naa, historikk, f("barnevern"), Map.of());

        assertThat(skole.dokument().path("historikk").path("bostedsadresser")).hasSize(1);
        assertThat(skole.dokument().path("historikk").path("adresseTilbakeholdt").asBoolean()).isTrue();
        assertThat(skole.dokument().toString()).doesNotContain("Skjultveien");
        assertThat(barnevern.dokument().path("historikk").path("bostedsadresser")).hasSize(2);
        assertThat(barnevern.dokument().path("historikk").path("navn").get(0).path("etternavn").asText()).isEqualTo("Hansen");
        assertThat(skole.utlevert()).contains("HISTORIKK.ADRESSE", "HISTORIKK.NAVN");
    }

    @Test
    void should_withhold_every_earlier_residence_of_a_person_who_is_strengt_fortrolig_now() {
        Person naa = barn(Gradering.STRENGT_FORTROLIG);
        Personhistorikk historikk = new Personhistorikk(
                List.of(new Personhistorikk.Tidligere<>(veg("Gamleveien", Gradering.UGRADERT), null, null)), List.of());

        Personsvar.Svar svar = Personsvar.medHistorikk(Personsvar.av(naa, BARN, f("barnevern"), null), naa, historikk, f("barnevern"), Map.of());

        assertThat(svar.dokument().toString()).doesNotContain("Gamleveien");
        assertThat(svar.utlevert()).doesNotContain("HISTORIKK.ADRESSE");
    }

    // fagsystem | the mother's grading now | where she lives now | the child's earlier home (Tollbugata 5, in 3301) shown?
    @ParameterizedTest(name = "{0}: mother {1} at {2} → shown {3}")
    @CsvSource({
            "skole,        STRENGT_FORTROLIG, Tollbugata 5,        false",
            "barnevern,    STRENGT_FORTROLIG, Tollbugata 5,        false",
            "skole,        FORTROLIG,         Tollbugata 5,        false",
            "pleie-omsorg, FORTROLIG,         Tollbugata 5,        false",
            "barnevern,    FORTROLIG,         Tollbugata 5,        true",
            "skole,        UGRADERT,          Tollbugata 5,        true",
            "skole,        STRENGT_FORTROLIG, Tollbugata 5 H0201,  false",
            "skole,        STRENGT_FORTROLIG, Tollbugata 7,        true",
            "skole,        STRENGT_FORTROLIG, Storgata 5,          true"})
    void should_withhold_an_earlier_residence_of_the_child_that_is_a_protected_parents_home_now(String fagsystem, Gradering morsGradering,
                                                                                               String morBor, boolean vist) {
        // the child moved to the father before the mother was graded: the register grades her, not the child's ended entry
        Person barnet = barnHosFar();
        String[] del = morBor.split(" ");
        Adresse morsHjem = new Adresse.Vegadresse(null, del[0], Integer.valueOf(del[1]), null, del.length > 2 ? del[2] : "H0101",
                "3017", "DRAMMEN", "3301", null, morsGradering);
        Person mor = new Person(MOR, Personstatus.BOSATT, new Navn("Kari", null, "Berg"), LocalDate.of(1985, 6, 2), null, morsGradering,
                morsHjem, null, null, false, "3301", null, List.of(), List.of(), List.of(), List.of());
        Personhistorikk historikk = new Personhistorikk(List.of(new Personhistorikk.Tidligere<>(
                new Adresse.Vegadresse(null, "Tollbugata", 5, null, "H0101", "3017", "DRAMMEN", "3301", null, Gradering.UGRADERT),
                Instant.parse("2018-01-01T00:00:00Z"), Instant.parse("2024-08-01T00:00:00Z"))), List.of());

        Personsvar.Svar svar = Personsvar.medHistorikk(Personsvar.av(barnet, BARN, f(fagsystem), null), barnet, historikk, f(fagsystem),
                Map.of(MOR, mor));

        assertThat(svar.dokument().path("historikk").path("bostedsadresser")).hasSize(vist ? 1 : 0);
        assertThat(svar.dokument().path("historikk").path("adresseTilbakeholdt").asBoolean()).isEqualTo(!vist);
        assertThat(svar.utlevert().contains("HISTORIKK.ADRESSE")).isEqualTo(vist);
    }

    @Test
    void should_look_up_every_relative_for_an_earlier_residence_and_nobody_without_one_or_without_addresses() {
        Person barnet = barn(Gradering.UGRADERT);
        Personhistorikk historikk = new Personhistorikk(List.of(new Personhistorikk.Tidligere<>(veg("Tollbugata", Gradering.UGRADERT), null, null)), List.of());

        // the school's family is the parents with foreldreansvar; a parent without it may live at the child's old home too
        assertThat(Personsvar.naereIdenter(barnet, historikk, f("skole"))).containsExactly(MOR, FAR);
        assertThat(Personsvar.naereIdenter(barnet, Personhistorikk.INGEN, f("skole"))).isEmpty();
        assertThat(Personsvar.naereIdenter(barnet, null, f("skole"))).isEmpty();
    }

    @Test
    void should_answer_with_the_current_number_and_say_so_when_a_d_nummer_was_replaced() {
        Personsvar.Svar svar = Personsvar.av(voksen(FNR_ETTER_DNUMMER, "Ana", List.of(DNUMMER)), DNUMMER, f("lonn"), null);

        assertThat(svar.dokument().path("identitetsnummerErstattet").asBoolean()).isTrue();
        assertThat(svar.dokument().path("person").path("identitetsnummer").asText()).isEqualTo(FNR_ETTER_DNUMMER.value());
        assertThat(svar.dokument().path("person").path("tidligereIdentiteter").get(0).asText()).isEqualTo(DNUMMER.value());
    }

    @Test
    void should_say_a_number_was_replaced_without_the_new_number_when_the_registration_sees_no_numbers() {
        Personsvar.Svar svar = Personsvar.av(voksen(FNR_ETTER_DNUMMER, "Ana", List.of(DNUMMER)), DNUMMER, f("eiendomsskatt"), null);

        assertThat(svar.dokument().path("identitetsnummerErstattet").asBoolean()).isTrue();
        assertThat(svar.dokument().toString()).doesNotContain(FNR_ETTER_DNUMMER.value());
        assertThat(Arrays.asList(svar.utlevert().toArray())).doesNotContain("IDENTITETSNUMMER");
    }
}
