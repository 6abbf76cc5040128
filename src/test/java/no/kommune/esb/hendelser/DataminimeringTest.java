package no.kommune.esb.hendelser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.hendelser.Fagsystem.Datatilgang;
import no.kommune.esb.hendelser.Fagsystem.RelatertePersoner;
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
import no.kommune.esb.model.Personstatus;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static no.kommune.esb.hendelser.Eksempelpersoner.*;
import static org.assertj.core.api.Assertions.assertThat;

class DataminimeringTest {

    private static final Identitetsnummer ANNEN_VERGE = Identitetsnummer.of("08846240080");

    /** A child with every field filled, ungraded, so only the field list decides what shows. */
    private static Person fullPerson(Gradering personGradering, Gradering adresseGradering) {
        return new Person(BARN, Personstatus.BOSATT, new Navn("Emma", null, "Berg"), LocalDate.of(2017, 3, 15), null, personGradering,
                veg("Bragernes torg", 5, null, "3017", "DRAMMEN", "3301", adresseGradering),
                new Adresse.Postboksadresse(null, "12", "3001", "DRAMMEN", adresseGradering), null, false, "3301", null,
                List.of(new Familierelasjon(MOR, Rolle.MOR, Rolle.BARN), new Familierelasjon(FAR, Rolle.FAR, Rolle.BARN)),
                List.of(new Foreldreansvar(Ansvar.FELLES, null, BARN)),
                List.of(new DeltBosted(veg("Tollbugata", 12, "B", "3044", "DRAMMEN", "3301", adresseGradering), LocalDate.of(2024, 8, 1), null)),
                List.of(DNUMMER));
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Nested
    class Per_tjenesteomraade {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "OPPVEKST           | identitetsnummer identitetstype navn bostedsadresse postadresse ukjentBosted kommunenummer deltBosted foreldreansvar",
                "HELSE_OG_OMSORG    | identitetsnummer identitetstype navn bostedsadresse postadresse ukjentBosted kommunenummer familierelasjoner",
                "SOSIAL             | identitetsnummer identitetstype tidligereIdentiteter navn bostedsadresse postadresse ukjentBosted kommunenummer familierelasjoner foreldreansvar",
                "TEKNISKE_TJENESTER | navn bostedsadresse postadresse ukjentBosted kommunenummer",
                "INTERNE_TJENESTER  | identitetsnummer identitetstype navn bostedsadresse postadresse ukjentBosted kommunenummer",
        })
        void should_show_only_the_default_fields_of_the_service_area(Tjenesteomraade omraade, String expectedKeys) {
            ObjectNode view = Dataminimering.person(fullPerson(Gradering.UGRADERT, Gradering.UGRADERT),
                    new Datatilgang(omraade.standardFelter(), false));

            assertThat(keys(view)).containsExactlyInAnyOrderElementsOf(Arrays.asList(expectedKeys.split(" ")));
        }

        @Test
        void should_never_give_tekniske_tjenester_an_identity_number_anywhere_in_the_view() {
            ObjectNode view = Dataminimering.person(fullPerson(Gradering.UGRADERT, Gradering.UGRADERT),
                    new Datatilgang(Tjenesteomraade.TEKNISKE_TJENESTER.standardFelter(), false));

            assertThat(view.toString()).doesNotContain(BARN.value(), MOR.value(), FAR.value(), DNUMMER.value());
        }
    }

    @Nested
    class Beskyttede_adresser {

        // person grading | address grading | beskyttedeAdresser | address shown
        @ParameterizedTest(name = "person {0}, address {1}, beskyttedeAdresser={2} -> shown={3}")
        @CsvSource({
                "UGRADERT,          UGRADERT,          false, true",
                "UGRADERT,          KLIENTADRESSE,     false, false",
                "UGRADERT,          FORTROLIG,         false, false",
                "UGRADERT,          STRENGT_FORTROLIG, false, false",
                "UGRADERT,          UGRADERT,          true,  true",
                "UGRADERT,          KLIENTADRESSE,     true,  true",
                "UGRADERT,          FORTROLIG,         true,  true",
                "UGRADERT,          STRENGT_FORTROLIG, true,  false",
                "FORTROLIG,         UGRADERT,          false, false",
                "STRENGT_FORTROLIG, UGRADERT,          true,  false",
        })
        void should_withhold_protected_addresses_unless_allowed_and_strengt_fortrolig_always(
                Gradering personGradering, Gradering adresseGradering, boolean beskyttede, boolean shown) {
            Set<Felt> felter = Set.of(Felt.NAVN, Felt.ADRESSE, Felt.DELT_BOSTED);
            ObjectNode view = Dataminimering.person(fullPerson(personGradering, adresseGradering), new Datatilgang(felter, beskyttede));

            assertThat(view.has("bostedsadresse")).isEqualTo(shown);
            assertThat(view.has("postadresse")).isEqualTo(shown);
            assertThat(view.get("deltBosted").get(0).has("adresse")).isEqualTo(shown);
            assertThat(view.has("adresseTilbakeholdt")).isEqualTo(!shown);
            assertThat(view.has("navn")).isTrue();
            if (!shown) {
                assertThat(view.toString()).doesNotContain("Bragernes", "Tollbugata", "3017", "3044");
            }
        }

        /**
         * A child whose delt bosted is at a protected parent's (the delt bosted address graded, the child not): the
         * child's own residence is the other parent's home and is shown; one at the same place as the withheld delt
         * bosted address (the same building, another flat; or the same address) is the protected parent's home and is
         * withheld with its kommune (shown before). Street by adressekode, else by name; house number and letter.
         */
        @ParameterizedTest(name = "residence {0} {1}{2} flat {3}, delt bosted graded {4} -> residence shown {5}")
        @CsvSource(nullValues = "-", value = {
                "Bragernes torg, 5,  -, H0101, STRENGT_FORTROLIG, true",
                "Bragernes torg, 5,  -, H0101, UGRADERT,          true",
                "Tollbugata,     12, B, -,     UGRADERT,          true",
                // these were shown before: the residence is at the withheld delt bosted address
                "Tollbugata,     12, B, -,     STRENGT_FORTROLIG, false",
                "Tollbugata,     12, b, H0203, STRENGT_FORTROLIG, false",
                "TOLLBUGATA,     12, B, H0101, FORTROLIG,         false",
                "Tollbugata,     12, -, -,     STRENGT_FORTROLIG, true",
                "Tollbugata,     14, B, -,     STRENGT_FORTROLIG, true",
                // no house number (Folkeregisteret gave one that cannot be read): the same street may be the same place,
                // so it is withheld; before session 29 the street and postcode of the protected parent's home were shown
                "Tollbugata,     -,  B, -,     STRENGT_FORTROLIG, false",
                "Tollbugata,     -,  -, -,     STRENGT_FORTROLIG, false",
                "Tollbugata,     -,  -, -,     UGRADERT,          true",
                "Bragernes torg, -,  -, -,     STRENGT_FORTROLIG, true",
        })
        void should_withhold_a_residence_at_the_place_of_a_withheld_delt_bosted_address_and_show_one_elsewhere(
                String gate, Integer nr, String bokstav, String bruksenhet, Gradering deltGradering, boolean vist) {
            Adresse bosted = new Adresse.Vegadresse(null, gate, nr, bokstav, bruksenhet, "3044", "DRAMMEN", "3301", null, Gradering.UGRADERT);
            Person barn = new Person(BARN, Personstatus.BOSATT, new Navn("Emma", null, "Berg"), LocalDate.of(2017, 3, 15), null, Gradering.UGRADERT,
                    bosted, null, null, false, "3301", null, List.of(), List.of(),
                    List.of(new DeltBosted(veg("Tollbugata", 12, "B", "3044", "DRAMMEN", "3301", deltGradering), LocalDate.of(2024, 8, 1), null)),
                    List.of());

            ObjectNode view = Dataminimering.person(barn, new Datatilgang(Set.of(Felt.ADRESSE, Felt.DELT_BOSTED), false));

            assertThat(view.has("bostedsadresse")).isEqualTo(vist);
            assertThat(view.has("kommunenummer")).isEqualTo(vist);
            assertThat(Dataminimering.bostedTillatt(barn, false)).isEqualTo(vist);
            assertThat(view.get("deltBosted").get(0).has("adresse")).isEqualTo(deltGradering == Gradering.UGRADERT);
            assertThat(view.has("adresseTilbakeholdt")).isEqualTo(deltGradering != Gradering.UGRADERT);
            if (!vist) {
                assertThat(view.toString()).doesNotContain("Tollbugata", "TOLLBUGATA", "3044");
            }
        }

        @Test
        void should_keep_the_grading_on_an_address_that_passes_so_the_fagsystem_does_not_disclose_it() {
            ObjectNode view = Dataminimering.person(fullPerson(Gradering.FORTROLIG, Gradering.FORTROLIG),
                    new Datatilgang(Set.of(Felt.ADRESSE), true));

            assertThat(view.at("/bostedsadresse/gradering").asText()).isEqualTo("FORTROLIG");
        }

        @Test
        void should_withhold_the_kommunenummer_with_the_address_of_a_strengt_fortrolig_person() {
            ObjectNode view = Dataminimering.person(fullPerson(Gradering.STRENGT_FORTROLIG, Gradering.STRENGT_FORTROLIG),
                    new Datatilgang(Set.of(Felt.ADRESSE), true));

            assertThat(view.has("kommunenummer")).isFalse();
        }
    }

    @Nested
    class Avledet_av_bostedet {

        /** Every key that tells where the person lives, at any depth of the view. */
        private static final Set<String> BOSTEDSNOEKLER = Set.of("bostedsadresse", "postadresse", "postadresseIUtlandet", "adresse",
                "kommunenummer", "adressekode", "adressenavn", "husnummer", "postnummer", "poststed", "gaardsnummer", "bruksnummer",
                "matrikkelenheter");

        private Set<String> noeklerOveralt(JsonNode node) {
            Set<String> out = new TreeSet<>();
            node.fields().forEachRemaining(f -> {
                out.add(f.getKey());
                out.addAll(noeklerOveralt(f.getValue()));
            });
            node.elements().forEachRemaining(e -> {
                if (!node.isObject()) {
                    out.addAll(noeklerOveralt(e));
                }
            });
            return out;
        }

        // person grading | address grading | beskyttedeAdresser | residence and what derives from it shown
        @ParameterizedTest(name = "person {0}, address {1}, beskyttedeAdresser={2} -> derived shown={3}")
        @CsvSource({
                "UGRADERT,          UGRADERT,          false, true",
                "UGRADERT,          UGRADERT,          true,  true",
                "UGRADERT,          KLIENTADRESSE,     false, false",
                "UGRADERT,          FORTROLIG,         false, false",
                "UGRADERT,          FORTROLIG,         true,  true",
                "UGRADERT,          STRENGT_FORTROLIG, true,  false",
                "FORTROLIG,         UGRADERT,          false, false",
                "FORTROLIG,         FORTROLIG,         true,  true",
                "STRENGT_FORTROLIG, UGRADERT,          true,  false",
                "STRENGT_FORTROLIG, STRENGT_FORTROLIG, true,  false",
        })
        void should_withhold_every_field_derived_from_the_residence_with_it(Gradering personGradering, Gradering adresseGradering,
                                                                           boolean beskyttede, boolean shown) {
            Person p = fullPerson(personGradering, adresseGradering);
            Datatilgang alt = new Datatilgang(java.util.EnumSet.allOf(Felt.class), beskyttede);

            ObjectNode view = Dataminimering.person(p, alt);

            assertThat(Dataminimering.bostedTillatt(p, beskyttede)).isEqualTo(shown);
            for (Felt f : Felt.values()) {
                if (f.avledetAvBosted()) {
                    assertThat(Dataminimering.tillater(p, alt, f)).as(f.name()).isEqualTo(shown);
                }
            }
            if (shown) {
                assertThat(view.get("kommunenummer").asText()).isEqualTo("3301");
            } else {
                assertThat(noeklerOveralt(view)).doesNotContainAnyElementsOf(BOSTEDSNOEKLER);
                assertThat(view.toString()).doesNotContain("Bragernes", "Tollbugata", "DRAMMEN", "3017", "3044", "3001", "3301", "13017");
                assertThat(view.get("adresseTilbakeholdt").asBoolean()).isTrue();
            }
        }

        @Test
        void should_withhold_the_kommunenummer_and_property_when_only_the_residence_is_graded() {
            Person p = new Person(BARN, Personstatus.BOSATT, new Navn("Emma", null, "Berg"), null, null, Gradering.UGRADERT,
                    veg("Bragernes torg", 5, null, "3017", "DRAMMEN", "3301", Gradering.FORTROLIG),
                    new Adresse.Postboksadresse(null, "12", "3001", "DRAMMEN", Gradering.UGRADERT), null, false, "3301", null,
                    List.of(), List.of(), List.of(), List.of());
            Datatilgang tilgang = new Datatilgang(Set.of(Felt.NAVN, Felt.ADRESSE, Felt.EIENDOM), false);

            ObjectNode view = Dataminimering.person(p, tilgang);

            assertThat(view.has("bostedsadresse")).isFalse();
            assertThat(view.has("kommunenummer")).isFalse();
            assertThat(Dataminimering.tillater(p, tilgang, Felt.EIENDOM)).isFalse();
            // the post box is not where the person lives and is ungraded: it may still be used
            assertThat(view.at("/postadresse/postboks").asText()).isEqualTo("12");
        }

        /** The GP too since session 32: its office and the office's kommune narrow down where the person lives (DOMAIN.md rule 5). */
        @Test
        void should_mark_the_property_units_and_the_gp_as_following_the_residence_and_nothing_else() {
            assertThat(java.util.Arrays.stream(Felt.values()).filter(Felt::avledetAvBosted)).containsExactly(Felt.FASTLEGE, Felt.EIENDOM);
        }
    }

    @Nested
    class Relaterte {

        private final RelatertePersoner foresatte = new RelatertePersoner(Set.of(Relasjon.FORELDRE_MED_FORELDREANSVAR),
                Set.of(Felt.IDENTITETSNUMMER, Felt.NAVN, Felt.ADRESSE));

        private Person barnMed(Foreldreansvar... ansvar) {
            return person(BARN, new Navn("Emma", null, "Berg"), null, Gradering.UGRADERT,
                    veg("Bragernes torg", 5, null, "3017", "DRAMMEN", "3301", Gradering.UGRADERT),
                    List.of(new Familierelasjon(MOR, Rolle.MOR, Rolle.BARN), new Familierelasjon(FAR, Rolle.FAR, Rolle.BARN)),
                    List.of(ansvar), List.of());
        }

        private List<String> relasjoner(ArrayNode relaterte) {
            List<String> out = new ArrayList<>();
            relaterte.forEach(r -> out.add(r.get("relasjon").asText() + ":" + r.get("foreldreansvar").asBoolean()));
            return out;
        }

        @Test
        void should_give_both_parents_when_foreldreansvar_is_felles() {
            Person barn = barnMed(new Foreldreansvar(Ansvar.FELLES, null, BARN));

            assertThat(Dataminimering.relaterteIdenter(barn, foresatte.roller())).containsExactly(MOR, FAR);
            assertThat(relasjoner(Dataminimering.relaterte(barn, foreldre(), foresatte, oppvekstTilgang(false)))).containsExactly("MOR:true", "FAR:true");
        }

        @Test
        void should_never_give_a_parent_without_foreldreansvar() {
            Person barn = barnMed(new Foreldreansvar(Ansvar.MOR, null, BARN));

            ArrayNode relaterte = Dataminimering.relaterte(barn, foreldre(), foresatte, oppvekstTilgang(false));

            assertThat(relasjoner(relaterte)).containsExactly("MOR:true");
            assertThat(relaterte.toString()).doesNotContain(FAR.value(), "Olsen");
        }

        @Test
        void should_give_the_named_holder_when_others_hold_foreldreansvar() {
            Person barn = barnMed(new Foreldreansvar(Ansvar.ANDRE, ANNEN_VERGE, BARN));
            Person verge = voksen(ANNEN_VERGE, "Vera", "Verge", Gradering.UGRADERT, null);

            ArrayNode relaterte = Dataminimering.relaterte(barn, map(verge), foresatte, oppvekstTilgang(false));

            assertThat(relasjoner(relaterte)).containsExactly("ANNEN:true");
            assertThat(relaterte.get(0).get("identitetsnummer").asText()).isEqualTo(ANNEN_VERGE.value());
        }

        @Test
        void should_mark_which_parents_hold_foreldreansvar_when_all_parents_are_asked_for() {
            Person barn = barnMed(new Foreldreansvar(Ansvar.FAR, null, BARN));
            RelatertePersoner alleForeldre = new RelatertePersoner(Set.of(Relasjon.FORELDRE), Set.of(Felt.NAVN));

            assertThat(relasjoner(Dataminimering.relaterte(barn, foreldre(), alleForeldre, oppvekstTilgang(false)))).containsExactly("MOR:false", "FAR:true");
        }

        @Test
        void should_withhold_a_related_persons_protected_address_and_fields_not_allowed() {
            Person barn = barnMed(new Foreldreansvar(Ansvar.FELLES, null, BARN));
            Person skjultMor = voksen(MOR, "Lene", "Lie", Gradering.STRENGT_FORTROLIG,
                    veg("Hemmelig vei", 1, null, "3000", "DRAMMEN", "3301", Gradering.STRENGT_FORTROLIG));
            RelatertePersoner bareNavnOgAdresse = new RelatertePersoner(Set.of(Relasjon.FORELDRE_MED_FORELDREANSVAR),
                    Set.of(Felt.NAVN, Felt.ADRESSE));

            JsonNode mor = Dataminimering.relaterte(barn, map(skjultMor), bareNavnOgAdresse, oppvekstTilgang(true)).get(0);

            assertThat(mor.has("bostedsadresse")).isFalse();
            assertThat(mor.get("adresseTilbakeholdt").asBoolean()).isTrue();
            assertThat(mor.has("identitetsnummer")).isFalse();
            assertThat(mor.toString()).doesNotContain("Hemmelig");
        }

        /**
         * A protected child's home is most often its parents' too, and the register need not grade the parents with
         * the child: a parent's address goes only where the child's own residence may go (DOMAIN.md rules 5 and 7).
         */
        @ParameterizedTest(name = "child {0} (residence {1}), beskyttedeAdresser {2}: parents' addresses shown {3}")
        @CsvSource(delimiter = '|', value = {
                "UGRADERT          | UGRADERT          | false | true",
                "UGRADERT          | UGRADERT          | true  | true",
                "FORTROLIG         | FORTROLIG         | false | false",
                "FORTROLIG         | FORTROLIG         | true  | true",
                "UGRADERT          | FORTROLIG         | false | false",
                "KLIENTADRESSE     | UGRADERT          | false | false",
                "STRENGT_FORTROLIG | STRENGT_FORTROLIG | false | false",
                "STRENGT_FORTROLIG | STRENGT_FORTROLIG | true  | false",
                "UGRADERT          | STRENGT_FORTROLIG | true  | false",
        })
        void should_show_the_parents_addresses_only_where_the_childs_own_residence_may_go(Gradering barnGradering, Gradering bostedGradering,
                                                                                         boolean beskyttedeAdresser, boolean vises) {
            Person barn = person(BARN, new Navn("Emma", null, "Berg"), null, barnGradering,
                    veg("Bragernes torg", 5, null, "3017", "DRAMMEN", "3301", bostedGradering),
                    List.of(new Familierelasjon(MOR, Rolle.MOR, Rolle.BARN), new Familierelasjon(FAR, Rolle.FAR, Rolle.BARN)),
                    List.of(new Foreldreansvar(Ansvar.FELLES, null, BARN)), List.of());
            // ungraded parents: the mother at the child's home, the father elsewhere
            Person mor = voksen(MOR, "Kari", "Berg", Gradering.UGRADERT, veg("Bragernes torg", 5, null, "3017", "DRAMMEN", "3301", Gradering.UGRADERT));
            Person far = voksen(FAR, "Per", "Olsen", Gradering.UGRADERT, veg("Tollbugata", 12, "B", "3044", "DRAMMEN", "3301", Gradering.UGRADERT));

            ArrayNode relaterte = Dataminimering.relaterte(barn, map(mor, far), foresatte, oppvekstTilgang(beskyttedeAdresser));

            assertThat(relasjoner(relaterte)).containsExactly("MOR:true", "FAR:true");
            for (JsonNode forelder : relaterte) {
                assertThat(forelder.has("bostedsadresse")).as(forelder.get("relasjon").asText()).isEqualTo(vises);
                assertThat(forelder.has("kommunenummer")).isEqualTo(vises);
                assertThat(forelder.path("adresseTilbakeholdt").asBoolean(false)).isEqualTo(!vises);
                assertThat(forelder.path("navn").path("fulltNavn").asText()).isNotEmpty();
            }
            assertThat(relaterte.toString().contains("Bragernes")).isEqualTo(vises);
        }

        private Map<Identitetsnummer, Person> foreldre() {
            return map(voksen(MOR, "Kari", "Berg", Gradering.UGRADERT, null), voksen(FAR, "Per", "Olsen", Gradering.UGRADERT, null));
        }

        /**
         * Folkeregisteret leaves a sole holder of foreldreansvar who died on the child until a court decides (the
         * simulator too), sometimes with a residence still current: every view (events, look-ups, wash, extracts) marks
         * her dead and gives no address of hers, whatever the related persons' fields (DOMAIN.md rules 4 and 6).
         */
        @ParameterizedTest(name = "mother {0}, related fields {1}: doed {2}")
        @CsvSource(delimiter = '|', value = {
                "DOED      | NAVN ADRESSE                             | true",
                "DOED      | IDENTITETSNUMMER NAVN ADRESSE DELT_BOSTED | true",
                "DOED      | IDENTITETSNUMMER NAVN                    | true",
                "DOED      | NAVN ADRESSE STATUS                      | true",
                "DOEDSDATO | NAVN ADRESSE                             | true",
                "BOSATT    | NAVN ADRESSE                             | false",
        })
        void should_mark_a_deceased_related_person_dead_and_give_none_of_her_addresses(String mor, String felter, boolean doed) {
            Person barn = barnMed(new Foreldreansvar(Ansvar.MOR, null, BARN));
            Adresse hjemme = veg("Bragernes torg", 5, null, "3017", "DRAMMEN", "3301", Gradering.UGRADERT);
            Person moren = new Person(MOR, mor.equals("DOED") ? Personstatus.DOED : Personstatus.BOSATT, new Navn("Kari", null, "Berg"),
                    LocalDate.of(1985, 8, 2), mor.equals("BOSATT") ? null : LocalDate.of(2026, 10, 1), Gradering.UGRADERT, hjemme,
                    new Adresse.Postboksadresse(null, "12", "3001", "DRAMMEN", Gradering.UGRADERT), null, false, "3301", "3301",
                    List.of(), List.of(),
                    List.of(new DeltBosted(veg("Tollbugata", 12, "B", "3044", "DRAMMEN", "3301", Gradering.UGRADERT), LocalDate.of(2024, 8, 1), null)),
                    List.of());
            Set<Felt> relaterteFelter = new java.util.HashSet<>();
            Arrays.stream(felter.trim().split(" ")).forEach(f -> relaterteFelter.add(Felt.valueOf(f)));
            RelatertePersoner regel = new RelatertePersoner(Set.of(Relasjon.FORELDRE_MED_FORELDREANSVAR), relaterteFelter);

            JsonNode entry = Dataminimering.relaterte(barn, map(moren), regel, oppvekstTilgang(false)).get(0);

            assertThat(entry.path(Dataminimering.DOED).asBoolean(false)).isEqualTo(doed);
            assertThat(entry.has(Dataminimering.DOED)).isEqualTo(doed);
            assertThat(entry.path("navn").path("fulltNavn").asText()).isEqualTo("Kari Berg");
            assertThat(entry.get("foreldreansvar").asBoolean()).isTrue();
            boolean adresseFelt = relaterteFelter.contains(Felt.ADRESSE);
            assertThat(entry.has("bostedsadresse")).isEqualTo(adresseFelt && !doed);
            assertThat(entry.has("postadresse")).isEqualTo(adresseFelt && !doed);
            assertThat(entry.has("kommunenummer")).isEqualTo(adresseFelt && !doed);
            assertThat(entry.has("ukjentBosted")).isEqualTo(adresseFelt && !doed);
            if (doed) {
                assertThat(entry.has("deltBosted")).isFalse();
                assertThat(entry.toString()).doesNotContain("Bragernes", "Tollbugata", "3017", "3044");
            }
        }
    }

    @ParameterizedTest(name = "{0}, fields {1}: doed {2}")
    @CsvSource(delimiter = '|', value = {
            "DOED      | IDENTITETSNUMMER NAVN                | true",
            "DOED      | IDENTITETSNUMMER NAVN STATUS         | true",
            "DOEDSDATO | NAVN                                 | true",
            "BOSATT    | IDENTITETSNUMMER NAVN STATUS         | false",
    })
    void should_mark_a_deceased_main_person_dead_whatever_the_fields(String status, String felter, boolean doed) {
        Person p = new Person(PASIENT, status.equals("DOED") ? Personstatus.DOED : Personstatus.BOSATT, new Navn("Ola", null, "Dahl"),
                LocalDate.of(1938, 12, 24), status.equals("BOSATT") ? null : LocalDate.of(2026, 11, 19), Gradering.UGRADERT, null,
                null, null, false, null, "3301", List.of(), List.of(), List.of(), List.of());
        Set<Felt> f = new java.util.HashSet<>();
        Arrays.stream(felter.trim().split(" ")).forEach(x -> f.add(Felt.valueOf(x)));

        ObjectNode view = Dataminimering.person(p, new Datatilgang(f, false));

        assertThat(view.has(Dataminimering.DOED)).isEqualTo(doed);
        assertThat(view.path(Dataminimering.DOED).asBoolean(false)).isEqualTo(doed);
        assertThat(view.has("status")).isEqualTo(f.contains(Felt.STATUS));
    }

    /**
     * Folkeregisteret puts on a parent's document also the foreldreansvar entries in which that parent is the
     * {@code ansvarlig} (contract example 17868597437: two {@code felles} entries naming herself as holder, her children as
     * {@code ansvarssubjekt}). Only the entries about the person count (DOMAIN.md rule 7): a teenage parent is still a
     * child whose parents hold foreldreansvar for her, never a holder for herself. Before the fix she came out as holding
     * it for herself (relation ANNEN about herself) in the oppvekst registration, the skolestart CSV and the labels.
     */
    @Nested
    class Tenaaringsforelder {

        private static final Identitetsnummer BABYFAR = Identitetsnummer.of("21890854130");
        private final RelatertePersoner foresatte = new RelatertePersoner(Set.of(Relasjon.FORELDRE_MED_FORELDREANSVAR),
                Set.of(Felt.IDENTITETSNUMMER, Felt.NAVN, Felt.ADRESSE));

        @Test
        void should_give_no_holder_of_foreldreansvar_for_a_parent_from_the_entries_she_holds_for_her_children() throws Exception {
            java.nio.file.Path fil = java.nio.file.Path.of("../shared/contracts/folkeregisteret/examples/17868597437/npr.json");
            org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(fil), "SKIPPED: ../shared/contracts absent");
            Person mor = new no.kommune.esb.folkeregister.FolkeregisterMapper().toPerson(
                    new com.fasterxml.jackson.databind.ObjectMapper().readTree(fil.toFile()));

            assertThat(Dataminimering.relaterteIdenter(mor, foresatte.roller())).isEmpty();
            assertThat(Dataminimering.relaterte(mor, map(mor), foresatte, oppvekstTilgang(false))).isEmpty();
            ObjectNode view = Dataminimering.person(mor, new Datatilgang(Tjenesteomraade.OPPVEKST.standardFelter(), false));
            assertThat(view.get("foreldreansvar")).as("the entries she holds for her children are not about her").isEmpty();
        }

        /** The entries on a 16-year-old's own document: hers as a child, and those in which she (or another) holds it for her baby. */
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                // case                                                   | her own entries as a child  | entries about her baby      | holders for her
                "felles for henne, hun har felles for babyen               | FELLES:MOR FELLES:FAR       | FELLES:SELV                  | MOR:true FAR:true",
                "felles uten navngitt ansvarlig, hun har felles for babyen | FELLES:-                    | FELLES:SELV                  | MOR:true FAR:true",
                "mor alene for henne, hun har mor-ansvar for babyen        | MOR:-                       | MOR:SELV                     | MOR:true",
                "far alene for henne, babyfaren står også på dokumentet    | FAR:FAR                     | FELLES:SELV FELLES:BABYFAR   | FAR:true",
                "ingen registrert for henne, hun har ansvar for babyen     | -                           | FELLES:SELV                  | -",
        })
        void should_give_only_the_holders_for_her_when_a_teenage_parent_holds_foreldreansvar_for_her_baby(
                String tilfelle, String forHenne, String forBabyen, String forventet) {
            List<Foreldreansvar> ansvar = new ArrayList<>();
            ansvar.addAll(oppfoeringer(forHenne, BARN));
            ansvar.addAll(oppfoeringer(forBabyen, BABY));
            Person tenaaring = person(BARN, new Navn("Ida", null, "Berg"), LocalDate.of(2010, 5, 14), Gradering.UGRADERT,
                    veg("Bragernes torg", 5, null, "3017", "DRAMMEN", "3301", Gradering.UGRADERT),
                    List.of(new Familierelasjon(MOR, Rolle.MOR, Rolle.BARN), new Familierelasjon(FAR, Rolle.FAR, Rolle.BARN),
                            new Familierelasjon(BABY, Rolle.BARN, Rolle.MOR)), ansvar, List.of());
            Map<Identitetsnummer, Person> oppslag = map(voksen(MOR, "Kari", "Berg", Gradering.UGRADERT, null),
                    voksen(FAR, "Per", "Olsen", Gradering.UGRADERT, null), voksen(BABYFAR, "Ola", "Vik", Gradering.UGRADERT, null), tenaaring);

            ArrayNode relaterte = Dataminimering.relaterte(tenaaring, oppslag, foresatte, oppvekstTilgang(false));

            List<String> holdere = relasjoner(relaterte);
            assertThat(holdere).as(tilfelle).containsExactlyElementsOf(forventet.equals("-") ? List.of() : List.of(forventet.split(" ")));
            assertThat(Dataminimering.relaterteIdenter(tenaaring, foresatte.roller())).doesNotContain(BARN, BABY, BABYFAR);
            assertThat(relaterte.toString()).doesNotContain(BARN.value(), BABYFAR.value(), "Ida", "Vik");
            // alle foreldre: her parents, marked as they hold it for her; not the baby's father
            RelatertePersoner alleForeldre = new RelatertePersoner(Set.of(Relasjon.FORELDRE), Set.of(Felt.NAVN));
            assertThat(relasjoner(Dataminimering.relaterte(tenaaring, oppslag, alleForeldre, oppvekstTilgang(false))))
                    .containsExactly("MOR:" + holdere.contains("MOR:true"), "FAR:" + holdere.contains("FAR:true"));
        }

        /** "FELLES:MOR FAR:-" → entries about {@code subjekt}; SELV is the teenager, - no named holder. */
        private List<Foreldreansvar> oppfoeringer(String spec, Identitetsnummer subjekt) {
            List<Foreldreansvar> ut = new ArrayList<>();
            if (spec.equals("-")) {
                return ut;
            }
            for (String e : spec.split(" ")) {
                String[] d = e.split(":");
                Identitetsnummer ansvarlig = switch (d[1]) {
                    case "MOR" -> MOR;
                    case "FAR" -> FAR;
                    case "SELV" -> BARN;
                    case "BABYFAR" -> BABYFAR;
                    default -> null;
                };
                ut.add(new Foreldreansvar(Ansvar.valueOf(d[0]), ansvarlig, subjekt));
            }
            return ut;
        }

        private List<String> relasjoner(ArrayNode relaterte) {
            List<String> out = new ArrayList<>();
            relaterte.forEach(r -> out.add(r.get("relasjon").asText() + ":" + r.get("foreldreansvar").asBoolean()));
            return out;
        }
    }

    /** An oppvekst-like main-person access (foreldreansvar is its information), protected addresses as given. */
    private static Datatilgang oppvekstTilgang(boolean beskyttedeAdresser) {
        return new Datatilgang(Set.of(Felt.IDENTITETSNUMMER, Felt.NAVN, Felt.ADRESSE, Felt.FORELDREANSVAR), beskyttedeAdresser);
    }

    @Test
    void should_say_who_holds_foreldreansvar_only_to_a_registration_whose_data_access_includes_it() {
        Person barn = person(BARN, new Navn("Emma", null, "Berg"), null, Gradering.UGRADERT,
                veg("Bragernes torg", 5, null, "3017", "DRAMMEN", "3301", Gradering.UGRADERT),
                List.of(new Familierelasjon(MOR, Rolle.MOR, Rolle.BARN), new Familierelasjon(FAR, Rolle.FAR, Rolle.BARN)),
                List.of(new Foreldreansvar(Ansvar.MOR, null, BARN)), List.of());
        RelatertePersoner foreldre = new RelatertePersoner(Set.of(Relasjon.FORELDRE), Set.of(Felt.IDENTITETSNUMMER, Felt.NAVN));
        // a care registration (HELSE_OG_OMSORG: family relations, not foreldreansvar) that asks for the parents
        Datatilgang pleie = new Datatilgang(Tjenesteomraade.HELSE_OG_OMSORG.standardFelter(), false);

        ArrayNode utenAnsvar = Dataminimering.relaterte(barn, Map.of(), foreldre, pleie);
        ArrayNode medAnsvar = Dataminimering.relaterte(barn, Map.of(), foreldre, oppvekstTilgang(false));

        assertThat(utenAnsvar).hasSize(2).allSatisfy(r -> assertThat(r.has("foreldreansvar")).isFalse());
        // asking for the holders says who holds it: the flag stays (labels and lists pick the foresatte by it)
        RelatertePersoner foresatte = new RelatertePersoner(Set.of(Relasjon.FORELDRE_MED_FORELDREANSVAR), Set.of(Felt.NAVN));
        assertThat(Dataminimering.relaterte(barn, Map.of(), foresatte, pleie)).extracting(r -> r.get("foreldreansvar").asBoolean())
                .containsExactly(true);
        assertThat(medAnsvar).extracting(r -> r.get("relasjon").asText() + ":" + r.get("foreldreansvar").asBoolean())
                .containsExactly("MOR:true", "FAR:false");
    }

    @Test
    void should_show_an_owner_the_predicate_screens_without_a_name_and_every_other_owner_with_one() {
        Identitetsnummer skjermet = Identitetsnummer.of("02013299997");
        Identitetsnummer synlig = Identitetsnummer.of("15857510027");
        no.kommune.esb.model.Matrikkelenhet enhet = new no.kommune.esb.model.Matrikkelenhet(1, new no.kommune.esb.model.Matrikkelenhet.Matrikkelnummer(
                "4601", 12, 34, 0, 0), no.kommune.esb.model.Matrikkelenhet.Type.GRUNNEIENDOM, List.of(
                new no.kommune.esb.model.Matrikkelenhet.Eierandel(no.kommune.esb.model.Eier.person(skjermet, "Skjult Person"), 1, 2),
                new no.kommune.esb.model.Matrikkelenhet.Eierandel(no.kommune.esb.model.Eier.person(synlig, "Synlig Person"), 1, 2),
                new no.kommune.esb.model.Matrikkelenhet.Eierandel(no.kommune.esb.model.Eier.organisasjon("999888777", "Firma AS"), 0, 1)));

        ArrayNode eiere = (ArrayNode) Dataminimering.eiendom(List.of(enhet), skjermet::equals).get(0).path("eiere");

        assertThat(eiere.get(0).toString()).isEqualTo("{\"skjermet\":true,\"andel\":\"1/2\"}");
        assertThat(eiere.get(1).path("navn").asText()).isEqualTo("Synlig Person");
        assertThat(eiere.get(2).path("navn").asText()).isEqualTo("Firma AS");
        assertThat(Dataminimering.eiendom(List.of(enhet), id -> false).toString()).contains("Skjult Person").doesNotContain("skjermet");
    }

    /**
     * An owner Matrikkelen gave no share for has an unknown share: no {@code andel} key, named or skjermet alike, never
     * a made-up "1/1" (the mapping then leaves the key out too: mappings/eiendomsskatt/examples/eier-uten-andel). Before,
     * the client made such a share 1/1 and the section said so.
     */
    @ParameterizedTest(name = "share {0}/{1}, skjermet {2}")
    @CsvSource(nullValues = "-", value = {
            "1, 2, false, '{\"navn\":\"Berg Kari\",\"andel\":\"1/2\"}'",
            "1, 2, true,  '{\"skjermet\":true,\"andel\":\"1/2\"}'",
            "-, -, false, '{\"navn\":\"Berg Kari\"}'",
            "-, -, true,  '{\"skjermet\":true}'",
    })
    void should_leave_an_unknown_share_out_of_the_owner_entry(Long teller, Long nevner, boolean skjermet, String ventet) {
        Identitetsnummer kari = Identitetsnummer.of("15857510027");
        no.kommune.esb.model.Matrikkelenhet enhet = new no.kommune.esb.model.Matrikkelenhet(1, new no.kommune.esb.model.Matrikkelenhet.Matrikkelnummer(
                "4601", 12, 34, 0, 0), no.kommune.esb.model.Matrikkelenhet.Type.GRUNNEIENDOM, List.of(
                new no.kommune.esb.model.Matrikkelenhet.Eierandel(no.kommune.esb.model.Eier.person(kari, "Berg Kari"), teller, nevner)));

        assertThat(Dataminimering.eiendom(List.of(enhet), id -> skjermet).get(0).path("eiere").get(0).toString()).isEqualTo(ventet);
    }

    /**
     * Owning a unit at someone's home may mean living there: which owners of the units at a residence are shown
     * without a name (the register-events fan-out named every owner until session 18; the person look-up did not).
     */
    @Nested
    class Medeiere {

        private final Adresse hjemme = veg("Storgata", 1, null, "4608", "KRISTIANSAND S", "4601", Gradering.UGRADERT);
        private final Person eier = voksen(EIER, "Ingrid", "Haugen", Gradering.UGRADERT, hjemme);

        @ParameterizedTest(name = "co-owner {0} (residence {1}), beskyttedeAdresser {2}: skjermet {3}")
        @CsvSource(delimiter = '|', value = {
                "UGRADERT          | UGRADERT          | false | false",
                "UGRADERT          | UGRADERT          | true  | false",
                "KLIENTADRESSE     | UGRADERT          | false | true",
                "KLIENTADRESSE     | UGRADERT          | true  | false",
                "FORTROLIG         | FORTROLIG         | false | true",
                "FORTROLIG         | FORTROLIG         | true  | false",
                "UGRADERT          | FORTROLIG         | false | true",
                "STRENGT_FORTROLIG | STRENGT_FORTROLIG | false | true",
                "STRENGT_FORTROLIG | STRENGT_FORTROLIG | true  | true",
                "UGRADERT          | STRENGT_FORTROLIG | true  | true",
        })
        void should_screen_a_co_owner_whose_residence_the_fagsystem_may_not_see(Gradering medeierGradering, Gradering bostedGradering,
                                                                              boolean beskyttedeAdresser, boolean skjermet) {
            Person medeier = voksen(EKTEFELLE, "Ola", "Haugen", medeierGradering,
                    veg("Storgata", 1, null, "4608", "KRISTIANSAND S", "4601", bostedGradering));

            assertThat(Dataminimering.eierSkjermet(EKTEFELLE, eier, map(eier, medeier), beskyttedeAdresser)).isEqualTo(skjermet);
            assertThat(Dataminimering.eierSkjermet(EKTEFELLE, null, map(medeier), beskyttedeAdresser)).as("found from an address").isEqualTo(skjermet);
            ArrayNode eiere = (ArrayNode) Dataminimering.eiendom(List.of(enhet()), eier, map(eier, medeier), beskyttedeAdresser).get(0).path("eiere");
            assertThat(eiere.get(1).toString()).isEqualTo(skjermet ? "{\"skjermet\":true,\"andel\":\"1/2\"}" : "{\"navn\":\"Haugen Ola\",\"andel\":\"1/2\"}");
            assertThat(eiere.get(0).path("navn").asText()).as("the person whose residence it is").isEqualTo("Haugen Ingrid");
            assertThat(eiere.get(2).path("navn").asText()).as("an organisation").isEqualTo("Boliger AS");
        }

        // her grading | beskyttedeAdresser | his residence | how he is tied to her | his name withheld
        @ParameterizedTest(name = "{0}, beskyttede={1}, he at {2}, {3} -> skjermet {4}")
        @CsvSource({
                // these named him before: his name tells who lives there with her
                "STRENGT_FORTROLIG, false, SAMME,     MEDEIER,   true",
                "STRENGT_FORTROLIG, true,  SAMME,     MEDEIER,   true",
                "STRENGT_FORTROLIG, false, BYGNINGEN, MEDEIER,   true",
                "STRENGT_FORTROLIG, false, SAMME,     EKTEFELLE, true",
                "FORTROLIG,         false, SAMME,     MEDEIER,   true",
                // a fagsystem that may see her home may see his name
                "FORTROLIG,         true,  SAMME,     MEDEIER,   false",
                "UGRADERT,          false, SAMME,     MEDEIER,   false",
                // he lives elsewhere: owning a share of her home tells nothing of where she lives
                "STRENGT_FORTROLIG, false, ANNET,     MEDEIER,   false",
                // the owner of another flat in the building who is no relative of hers: a neighbour
                "STRENGT_FORTROLIG, false, BYGNINGEN, NABO,      false",
        })
        void should_screen_an_owner_who_lives_at_the_home_of_a_co_owner_the_fagsystem_may_not_see(Gradering hennes, boolean beskyttede,
                String hvor, String baand, boolean skjermet) {
            Adresse hjemmet = new Adresse.Vegadresse(null, "Tollbugata", 12, "B", "H0101", "3044", "DRAMMEN", "3301", "13044", Gradering.UGRADERT);
            Adresse bosted = switch (hvor) {
                case "SAMME" -> hjemmet;
                case "BYGNINGEN" -> new Adresse.Vegadresse(null, "TOLLBUGATA", 12, "b", "H0301", "3044", "DRAMMEN", "3301", "13044", Gradering.UGRADERT);
                default -> veg("Bragernes torg", 5, null, "3017", "DRAMMEN", "3301", Gradering.UGRADERT);
            };
            List<Familierelasjon> familie = baand.equals("EKTEFELLE")
                    ? List.of(new Familierelasjon(MOR_SKJULT, Rolle.EKTEFELLE, Rolle.EKTEFELLE)) : List.of();
            Person han = new Person(EKTEFELLE, Personstatus.BOSATT, new Navn("Knut", null, "Johansen"), LocalDate.of(1970, 4, 2), null,
                    Gradering.UGRADERT, bosted, null, null, false, "3301", null, familie, List.of(), List.of(), List.of());
            Person hun = voksen(MOR_SKJULT, "Lene", "Lie", hennes, hjemmet);
            // co-owners of one unit; else each owns a flat (seksjon) of the building
            List<no.kommune.esb.model.Matrikkelenhet> enheter = baand.equals("MEDEIER")
                    ? List.of(seksjon(1, new no.kommune.esb.model.Matrikkelenhet.Eierandel(no.kommune.esb.model.Eier.person(MOR_SKJULT, "Lie Lene"), 1, 2),
                            new no.kommune.esb.model.Matrikkelenhet.Eierandel(no.kommune.esb.model.Eier.person(EKTEFELLE, "Johansen Knut"), 1, 2)))
                    : List.of(seksjon(1, new no.kommune.esb.model.Matrikkelenhet.Eierandel(no.kommune.esb.model.Eier.person(MOR_SKJULT, "Lie Lene"), 1, 1)),
                            seksjon(2, new no.kommune.esb.model.Matrikkelenhet.Eierandel(no.kommune.esb.model.Eier.person(EKTEFELLE, "Johansen Knut"), 1, 1)));
            Map<Identitetsnummer, Person> eiere = map(han, hun);
            // a lodger at the address, looked up with eiendom=true
            Person leieboer = voksen(EIER, "Ingrid", "Haugen", Gradering.UGRADERT, hjemmet);

            assertThat(Dataminimering.eierSkjermet(EKTEFELLE, null, enheter, eiere, beskyttede)).as("found from an address").isEqualTo(skjermet);
            assertThat(Dataminimering.eierSkjermet(EKTEFELLE, leieboer, enheter, eiere, beskyttede)).as("the lodger's units").isEqualTo(skjermet);
            String svar = Dataminimering.eiendom(enheter, null, eiere, beskyttede).toString();
            assertThat(svar.contains("Johansen Knut")).isEqualTo(!skjermet);
            if (hennes == Gradering.STRENGT_FORTROLIG) {
                assertThat(svar).doesNotContain("Lie Lene");
            }
        }

        private no.kommune.esb.model.Matrikkelenhet seksjon(int snr, no.kommune.esb.model.Matrikkelenhet.Eierandel... andeler) {
            return new no.kommune.esb.model.Matrikkelenhet(snr, new no.kommune.esb.model.Matrikkelenhet.Matrikkelnummer("3301", 12, 34, 0, snr),
                    no.kommune.esb.model.Matrikkelenhet.Type.SEKSJON, List.of(andeler));
        }

        @Test
        void should_screen_an_owner_folkeregisteret_does_not_know_since_their_grading_cannot_be_checked() {
            assertThat(Dataminimering.eierSkjermet(EKTEFELLE, eier, map(eier), false)).isTrue();
            assertThat(Dataminimering.eierSkjermet(EKTEFELLE, eier, map(eier), true)).isTrue();
            assertThat(Dataminimering.eierSkjermet(EKTEFELLE, null, Map.of(), true)).isTrue();
            assertThat(Dataminimering.eiendom(List.of(enhet()), eier, map(eier), true).toString()).doesNotContain("Haugen Ola");
        }

        @Test
        void should_never_screen_the_person_whose_residence_it_is() {
            // the caller has asked Dataminimering.tillater for the person's residence already; not even looked up as an owner
            assertThat(Dataminimering.eierSkjermet(EIER, eier, Map.of(), false)).isFalse();
            assertThat(Dataminimering.eierSkjermet(EIER, null, Map.of(), false)).as("found from an address: no one is the person").isTrue();
        }

        @Test
        void should_list_the_owners_who_are_persons_once_each_in_the_units_order() {
            assertThat(Dataminimering.personeiere(List.of(enhet(), enhet()))).containsExactly(EIER, EKTEFELLE);
        }

        /** The home owned 1/2 + 1/2 by the person and the co-owner, and a share of an organisation's. */
        private no.kommune.esb.model.Matrikkelenhet enhet() {
            return new no.kommune.esb.model.Matrikkelenhet(1, new no.kommune.esb.model.Matrikkelenhet.Matrikkelnummer("4601", 12, 34, 0, 0),
                    no.kommune.esb.model.Matrikkelenhet.Type.GRUNNEIENDOM, List.of(
                    new no.kommune.esb.model.Matrikkelenhet.Eierandel(no.kommune.esb.model.Eier.person(EIER, "Haugen Ingrid"), 1, 2),
                    new no.kommune.esb.model.Matrikkelenhet.Eierandel(no.kommune.esb.model.Eier.person(EKTEFELLE, "Haugen Ola"), 1, 2),
                    new no.kommune.esb.model.Matrikkelenhet.Eierandel(no.kommune.esb.model.Eier.organisasjon("999888777", "Boliger AS"), 0, 1)));
        }
    }

    @Nested
    class Uleselige_adresser {

        /**
         * An address element Folkeregisteret gave with a value the platform cannot read (husnummer "1O") keeps what could
         * be read, as before, and says so: {@code "ufullstendig": true} in that address, so a fagsystem or a case officer
         * does not take the street without its number for the address. Before session 29 nothing said it.
         */
        @ParameterizedTest(name = "unreadable {0}")
        @CsvSource({"BOSTEDSADRESSE, bostedsadresse, postadresse", "POSTADRESSE, postadresse, bostedsadresse"})
        void should_mark_the_address_whose_value_could_not_be_read_as_incomplete_and_no_other(
                no.kommune.esb.model.Adressefelt uleselig, String merket, String umerket) {
            Person p = fullPerson(Gradering.UGRADERT, Gradering.UGRADERT);
            Person medUleselig = new Person(p.id(), p.status(), p.navn(), p.foedselsdato(), p.doedsdato(), p.gradering(),
                    p.bostedsadresse(), p.postadresse(), p.postadresseIUtlandet(), p.ukjentBosted(), p.kommunenummer(),
                    p.kommuneVedDoedsfall(), p.familierelasjoner(), p.foreldreansvar(), p.deltBosted(), p.tidligereIdentiteter(),
                    Set.of(uleselig));

            ObjectNode view = Dataminimering.person(medUleselig, new Datatilgang(Set.of(Felt.NAVN, Felt.ADRESSE), false));
            ObjectNode lesbar = Dataminimering.person(p, new Datatilgang(Set.of(Felt.NAVN, Felt.ADRESSE), false));

            assertThat(view.path(merket).path("ufullstendig").asBoolean()).isTrue();
            assertThat(view.path(umerket).has("ufullstendig")).isFalse();
            assertThat(lesbar.path(merket).has("ufullstendig")).as("a readable address is not marked").isFalse();
        }

        @Test
        void should_not_mark_an_address_the_view_withholds() {
            Person p = fullPerson(Gradering.STRENGT_FORTROLIG, Gradering.UGRADERT);
            Person medUleselig = new Person(p.id(), p.status(), p.navn(), p.foedselsdato(), p.doedsdato(), p.gradering(),
                    p.bostedsadresse(), p.postadresse(), p.postadresseIUtlandet(), p.ukjentBosted(), p.kommunenummer(),
                    p.kommuneVedDoedsfall(), p.familierelasjoner(), p.foreldreansvar(), p.deltBosted(), p.tidligereIdentiteter(),
                    Set.of(no.kommune.esb.model.Adressefelt.BOSTEDSADRESSE));

            ObjectNode view = Dataminimering.person(medUleselig, new Datatilgang(Set.of(Felt.NAVN, Felt.ADRESSE), true));

            assertThat(view.has("bostedsadresse")).isFalse();
            assertThat(view.toString()).doesNotContain("ufullstendig");
        }
    }

    /**
     * A home shared with a protected relative (DOMAIN.md rule 5): the register grades the wife, not the husband or the
     * grown child who lives with her, and his residence is her home. Judged with the relatives the flow looked up, an
     * address at the same place as a withheld relative's residence is withheld as if the person were graded so; before
     * session 30 only his own grading counted and her home was shown to every fagsystem with his address.
     */
    @Nested
    class Hjem_med_en_beskyttet_slektning {

        private static final Adresse HJEMMET = new Adresse.Vegadresse(null, "Tollbugata", 12, "B", "H0101", "3044", "DRAMMEN", "3301", "13044",
                Gradering.UGRADERT);

        private static Person ektemann(Adresse bosted, Adresse post, Rolle hennesRolle) {
            return new Person(EKTEFELLE, Personstatus.BOSATT, new Navn("Knut", null, "Johansen"), LocalDate.of(1970, 4, 2), null,
                    Gradering.UGRADERT, bosted, post, null, false, "3301", null,
                    List.of(new Familierelasjon(MOR_SKJULT, hennesRolle, Rolle.EKTEFELLE)), List.of(), List.of(), List.of());
        }

        private static Person henne(Gradering person, Gradering adresse) {
            return voksen(MOR_SKJULT, "Lene", "Lie", person, new Adresse.Vegadresse(null, "Tollbugata", 12, "B", "H0203", "3044", "DRAMMEN",
                    "3301", "13044", adresse));
        }

        // her grading | her address's | beskyttedeAdresser | his residence | looked up | relative | his residence shown
        @ParameterizedTest(name = "{0}/{1}, beskyttede={2}, he at {3}, looked up {4}, relative {5} -> shown {6}")
        @CsvSource({
                // these were shown before: his residence is her home
                "STRENGT_FORTROLIG, UGRADERT,          false, SAMME,    true,  true,  false",
                "STRENGT_FORTROLIG, UGRADERT,          true,  SAMME,    true,  true,  false",
                "STRENGT_FORTROLIG, UGRADERT,          false, BYGNINGEN, true, true,  false",
                "FORTROLIG,         FORTROLIG,         false, SAMME,    true,  true,  false",
                "UGRADERT,          KLIENTADRESSE,     false, SAMME,    true,  true,  false",
                "UGRADERT,          STRENGT_FORTROLIG, true,  SAMME,    true,  true,  false",
                // a fagsystem that may see her home may see his
                "FORTROLIG,         FORTROLIG,         true,  SAMME,    true,  true,  true",
                "UGRADERT,          UGRADERT,          false, SAMME,    true,  true,  true",
                // elsewhere: his own home, which tells nothing of hers
                "STRENGT_FORTROLIG, STRENGT_FORTROLIG, false, ANNET,    true,  true,  true",
                // the flow did not look her up, or she is no relative of his (a neighbour in the building): not compared
                "STRENGT_FORTROLIG, STRENGT_FORTROLIG, false, SAMME,    false, true,  true",
                "STRENGT_FORTROLIG, STRENGT_FORTROLIG, false, BYGNINGEN, true, false, true",
        })
        void should_withhold_a_residence_at_the_home_of_a_relative_the_fagsystem_may_not_see(Gradering hennes, Gradering hennesAdresse,
                boolean beskyttede, String hvor, boolean sett, boolean relatert, boolean vist) {
            Adresse bosted = switch (hvor) {
                case "SAMME" -> HJEMMET;
                case "BYGNINGEN" -> new Adresse.Vegadresse(null, "TOLLBUGATA", 12, "b", "H0301", "3044", "DRAMMEN", "3301", "13044", Gradering.UGRADERT);
                default -> veg("Bragernes torg", 5, null, "3017", "DRAMMEN", "3301", Gradering.UGRADERT);
            };
            Person han = relatert ? ektemann(bosted, null, Rolle.EKTEFELLE)
                    : new Person(EKTEFELLE, Personstatus.BOSATT, null, null, null, Gradering.UGRADERT, bosted, null, null, false, "3301", null,
                            List.of(), List.of(), List.of(), List.of());
            Map<Identitetsnummer, Person> oppslag = sett ? map(henne(hennes, hennesAdresse)) : Map.of();
            Datatilgang tilgang = new Datatilgang(Set.of(Felt.NAVN, Felt.ADRESSE, Felt.EIENDOM), beskyttede);

            ObjectNode view = Dataminimering.person(han, tilgang, oppslag);

            assertThat(view.has("bostedsadresse")).isEqualTo(vist);
            assertThat(view.has("kommunenummer")).isEqualTo(vist);
            assertThat(view.has("adresseTilbakeholdt")).isEqualTo(!vist);
            assertThat(Dataminimering.bostedTillatt(han, beskyttede, oppslag)).isEqualTo(vist);
            // the property units at the residence point to her home as surely as the street does
            assertThat(Dataminimering.tillater(han, tilgang, Felt.EIENDOM, oppslag)).isEqualTo(vist);
            if (!vist) {
                assertThat(view.toString()).doesNotContain("Tollbugata", "TOLLBUGATA", "3044");
            }
        }

        @ParameterizedTest(name = "postal address {0} -> shown {1}")
        @CsvSource({
                "HJEMMET,  false",
                "POSTBOKS, true",
        })
        void should_withhold_a_postal_address_at_her_home_and_keep_one_elsewhere(String post, boolean vist) {
            Adresse postadresse = post.equals("HJEMMET") ? HJEMMET : new Adresse.Postboksadresse(null, "12", "3001", "DRAMMEN", Gradering.UGRADERT);
            Person han = ektemann(HJEMMET, postadresse, Rolle.EKTEFELLE);

            ObjectNode view = Dataminimering.person(han, new Datatilgang(Set.of(Felt.ADRESSE), false),
                    map(henne(Gradering.STRENGT_FORTROLIG, Gradering.STRENGT_FORTROLIG)));

            assertThat(view.has("bostedsadresse")).isFalse();
            assertThat(view.has("postadresse")).isEqualTo(vist);
        }

        /**
         * The family of a grown child living elsewhere: the father lives with the protected mother, so his address in
         * the child's family is her home (shown before); the mother's own entry is withheld by her grading as before.
         */
        @ParameterizedTest(name = "father at {0} -> his address shown {1}")
        @CsvSource({
                "HJEMMET, false",
                "ANNET,   true",
        })
        void should_withhold_a_family_members_address_at_the_home_of_another_family_member_the_fagsystem_may_not_see(String hvor, boolean vist) {
            Person barn = person(BARN, new Navn("Ida", null, "Lie"), LocalDate.of(2000, 5, 14), Gradering.UGRADERT,
                    veg("Bragernes torg", 5, null, "3017", "DRAMMEN", "3301", Gradering.UGRADERT),
                    List.of(new Familierelasjon(MOR_SKJULT, Rolle.MOR, Rolle.BARN), new Familierelasjon(FAR, Rolle.FAR, Rolle.BARN)),
                    List.of(), List.of());
            Person far = voksen(FAR, "Per", "Lie", Gradering.UGRADERT,
                    hvor.equals("HJEMMET") ? HJEMMET : veg("Konnerudgata", 34, null, "3045", "DRAMMEN", "3301", Gradering.UGRADERT));
            Datatilgang tilgang = new Datatilgang(Set.of(Felt.NAVN, Felt.ADRESSE), false);
            Map<Identitetsnummer, Person> oppslag = map(henne(Gradering.STRENGT_FORTROLIG, Gradering.UGRADERT), far);

            ArrayNode familie = Dataminimering.relaterte(barn, oppslag,
                    new RelatertePersoner(Set.of(Relasjon.FORELDRE), Set.of(Felt.NAVN, Felt.ADRESSE)), tilgang);
            ObjectNode hennes = (ObjectNode) familie.get(0);
            ObjectNode hans = (ObjectNode) familie.get(1);

            assertThat(hennes.has("bostedsadresse")).isFalse();
            assertThat(hans.path("relasjon").asText()).isEqualTo("FAR");
            assertThat(hans.has("bostedsadresse")).isEqualTo(vist);
            assertThat(hans.has("kommunenummer")).isEqualTo(vist);
            // the child's own residence elsewhere is shown
            assertThat(Dataminimering.person(barn, tilgang, oppslag).has("bostedsadresse")).isTrue();
        }

        /** A child's delt bosted at the protected father's, the register having graded the father and not the delt bosted entry. */
        @Test
        void should_withhold_a_delt_bosted_address_at_the_home_of_a_parent_the_fagsystem_may_not_see() {
            Person barn = person(BARN, new Navn("Emma", null, "Berg"), LocalDate.of(2017, 3, 15), Gradering.UGRADERT,
                    veg("Bragernes torg", 5, null, "3017", "DRAMMEN", "3301", Gradering.UGRADERT),
                    List.of(new Familierelasjon(FAR, Rolle.FAR, Rolle.BARN)), List.of(), List.of(new DeltBosted(HJEMMET, LocalDate.of(2024, 8, 1), null)));
            Person far = voksen(FAR, "Per", "Olsen", Gradering.STRENGT_FORTROLIG, HJEMMET);

            ObjectNode view = Dataminimering.person(barn, new Datatilgang(Set.of(Felt.ADRESSE, Felt.DELT_BOSTED), false), map(far));

            assertThat(view.has("bostedsadresse")).isTrue();
            assertThat(view.get("deltBosted").get(0).has("adresse")).isFalse();
            assertThat(view.path("adresseTilbakeholdt").asBoolean()).isTrue();
            assertThat(view.toString()).doesNotContain("Tollbugata");
        }
    }

    /**
     * The {@code fastlege} section carries the values FLR gave and no key for one it did not (docs/hendelser.md: absent
     * values are absent keys, never null). NHN's own example answer gives a GP HER-id only, and a vacant list names no
     * doctor; before, both gave {@code "navn": null} and {@code "legekontor": {"navn": null}}.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "everything given                  | 4657988 | Kari Lege | Sentrum legesenter | 999888777 | {\"herId\":4657988,\"navn\":\"Kari Lege\",\"legekontor\":{\"navn\":\"Sentrum legesenter\",\"organisasjonsnummer\":\"999888777\"}}",
            "HER-id only (the example answer)  | 4657988 | -         | -                  | -         | {\"herId\":4657988}",
            "vacant list: office, no doctor    | 4657988 | -         | Sentrum legesenter | -         | {\"herId\":4657988,\"legekontor\":{\"navn\":\"Sentrum legesenter\"}}",
            "office by its number only         | -       | Kari Lege | -                  | 999888777 | {\"navn\":\"Kari Lege\",\"legekontor\":{\"organisasjonsnummer\":\"999888777\"}}",
    })
    void should_give_the_gp_section_no_key_for_a_value_the_register_did_not_give(String tilfelle, Integer herId, String navn, String kontor,
                                                                              String orgnr, String forventet) {
        ObjectNode fastlege = Dataminimering.fastlege(new no.kommune.esb.model.Fastlege(herId, navn, kontor, orgnr, null));

        assertThat(fastlege.toString()).isEqualTo(forventet);
    }
}
