package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Familierelasjon.Rolle;
import no.kommune.esb.model.Foreldreansvar.Ansvar;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.KrrKontakt;
import no.kommune.esb.model.Person;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static no.kommune.esb.forsendelse.TestData.T0;
import static no.kommune.esb.forsendelse.TestData.barn;
import static no.kommune.esb.forsendelse.TestData.krrDigital;
import static no.kommune.esb.forsendelse.TestData.krrReservert;
import static no.kommune.esb.forsendelse.TestData.veg;
import static no.kommune.esb.forsendelse.TestData.voksen;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts around the decision table: the re-check before sending, references, look-ups. */
class ForsendelsesbeslutterTest {

    private static final String REF = "SAK-7";
    private final Mottakervelger velger = new Mottakervelger();
    private final Forsendelsesbeslutter beslutter = new Forsendelsesbeslutter();

    private Mottakerbeslutning enkelt(Person p, KrrKontakt k) {
        Brev brev = Brev.tilPerson("sak", REF, "Vedtak", p.id(), Brevtype.FORMELL, false);
        return beslutter.beslutt(brev, velger.velg(brev, p, Map.of()), Map.of(p.id(), k), T0).get(0);
    }

    @Nested
    class KontrollFoerSending {

        private final TestData.P ola = voksen(1).bosted(veg("Solveien", 1));
        /** A letter about a child with felles foreldreansvar, the mother at the child's home, the father elsewhere. */
        private final TestData.P mor = voksen(3).bosted(veg("Felles vei", 4));
        private final TestData.P far = voksen(4).bosted(veg("Farveien", 2));
        private final TestData.P barn = barn(9).bosted(veg("Felles vei", 4)).forelder(mor, Rolle.MOR).forelder(far, Rolle.FAR).ansvar(Ansvar.FELLES, null);
        private final Brev brev = Brev.tilPerson("sak", REF, "Vedtak", barn.id(), Brevtype.FORMELL, true);

        /** The re-check of a letter to one person with this fresh answer (null: the register no longer has them). */
        private Mottakerbeslutning kontroll(Mottakerbeslutning b, Person opprinnelig, Person fersk) {
            Brev brev = Brev.tilPerson("sak", REF, "Vedtak", opprinnelig.id(), Brevtype.FORMELL, false);
            Map<Identitetsnummer, Person> ferske = fersk == null ? Map.of() : Map.of(opprinnelig.id(), fersk);
            return beslutter.kontrollFoerSending(b, velger.velg(brev, opprinnelig, Map.of()), ferske).beslutning();
        }

        /**
         * A recipient missing from the fresh answer: gone from the register (R4-IKKE-FUNNET), or named by it with a
         * document that cannot be read (R4-ULESBAR since session 30: the register knows her; before, R4-IKKE-FUNNET).
         */
        @ParameterizedTest(name = "ulesbar {0} → {1}")
        @CsvSource({"false, R4_IKKE_I_FOLKEREGISTERET", "true, R4_ULESBAR"})
        void should_tell_a_recipient_gone_from_the_register_from_one_whose_fresh_document_cannot_be_read(boolean ulesbar, Regel regel) {
            Person foer = ola.bygg();
            Mottakerbeslutning b = enkelt(foer, krrReservert(ola.id(), null, null));
            Brev tilOla = Brev.tilPerson("sak", REF, "Vedtak", foer.id(), Brevtype.FORMELL, false);

            Mottakerbeslutning etter = beslutter.kontrollFoerSending(b, velger.velg(tilOla, foer, Map.of()), Map.of(),
                    ulesbar ? Set.of(foer.id()) : Set.of()).beslutning();

            assertThat(etter.kanal()).isEqualTo(Kanal.MANUELL);
            assertThat(etter.regel()).isEqualTo(regel);
            assertThat(etter.svarUtMottaker()).isNull();
            assertThat(etter.begrunnelse()).doesNotContain(foer.id().value());
        }

        @Test
        void should_turn_print_into_manual_without_address_when_the_grading_became_strengt_fortrolig() {
            Mottakerbeslutning b = enkelt(ola.bygg(), krrReservert(ola.id(), null, null));
            assertThat(b.kanal()).isEqualTo(Kanal.PRINT);

            Person fersk = ola.gradering(Gradering.STRENGT_FORTROLIG).bosted(veg("Skjultgata", 1, Gradering.STRENGT_FORTROLIG)).bygg();
            Mottakerbeslutning etter = kontroll(b, voksen(1).bosted(veg("Solveien", 1)).bygg(), fersk);

            assertThat(etter.kanal()).isEqualTo(Kanal.MANUELL);
            assertThat(etter.regel()).isEqualTo(Regel.R5_STRENGT_FORTROLIG_MANUELL);
            assertThat(etter.svarUtMottaker()).isNull();
            assertThat(etter.grunnlag().gradering()).isEqualTo(Gradering.STRENGT_FORTROLIG);
            assertThat(etter.ikkeVidereformidle()).isTrue();
            assertThat(etter.toString()).doesNotContain("Solveien").doesNotContain("Skjult");
        }

        @Test
        void should_keep_digital_but_drop_the_print_fallback_address_when_the_grading_became_strengt_fortrolig() {
            Person foer = ola.bygg();
            Mottakerbeslutning b = enkelt(foer, krrDigital(ola.id()));
            assertThat(b.svarUtMottaker().harPostadresse()).isTrue();

            Mottakerbeslutning etter = kontroll(b, foer, ola.gradering(Gradering.STRENGT_FORTROLIG).bygg());

            assertThat(etter.kanal()).isEqualTo(Kanal.DIGITAL);
            assertThat(etter.regel()).isEqualTo(Regel.R5_STRENGT_FORTROLIG_DIGITAL);
            assertThat(etter.kunDigitalLevering()).isTrue();
            assertThat(etter.svarUtMottaker().harPostadresse()).isFalse();
            assertThat(etter.svarUtMottaker().digitalId()).isEqualTo(ola.id().value());
            assertThat(etter.adressekilde()).isEqualTo(Adressekilde.INGEN);
        }

        @Test
        void should_flag_not_to_disclose_when_the_grading_became_fortrolig() {
            Person foer = ola.bygg();
            Mottakerbeslutning b = enkelt(foer, krrReservert(ola.id(), null, null));
            Mottakerbeslutning etter = kontroll(b, foer, ola.gradering(Gradering.FORTROLIG).bygg());
            assertThat(etter.kanal()).isEqualTo(Kanal.PRINT);
            assertThat(etter.ikkeVidereformidle()).isTrue();
            assertThat(etter.grunnlag().gradering()).isEqualTo(Gradering.FORTROLIG);
        }

        @Test
        void should_stop_the_print_when_only_the_address_in_use_became_strengt_fortrolig() {
            Person foer = ola.bygg();
            Mottakerbeslutning b = enkelt(foer, krrReservert(ola.id(), null, null));

            Mottakerbeslutning etter = kontroll(b, foer, ola.bosted(veg("Solveien", 1, Gradering.STRENGT_FORTROLIG)).bygg());

            assertThat(etter.kanal()).isEqualTo(Kanal.MANUELL);
            assertThat(etter.regel()).isEqualTo(Regel.R5_STRENGT_FORTROLIG_MANUELL);
        }

        @Test
        void should_stop_the_print_to_a_parent_at_the_address_of_a_child_who_became_strengt_fortrolig() {
            Mottakerutvalg utvalg = velger.velg(brev, barn.bygg(), Map.of(mor.id(), mor.bygg(), far.id(), far.bygg()));
            List<Mottakerbeslutning> foer = beslutter.beslutt(brev, utvalg,
                    Map.of(mor.id(), krrReservert(mor.id(), null, null), far.id(), krrReservert(far.id(), null, null)), T0);
            assertThat(foer).extracting(Mottakerbeslutning::kanal).containsOnly(Kanal.PRINT);

            // the parents themselves are unchanged; the child (and so its home) became strictly confidential
            Map<Identitetsnummer, Person> ferske = Map.of(mor.id(), mor.bygg(), far.id(), far.bygg(),
                    barn.id(), barn.gradering(Gradering.STRENGT_FORTROLIG).bosted(veg("Felles vei", 4, Gradering.STRENGT_FORTROLIG)).bygg());
            List<Mottakerbeslutning> etter = foer.stream().map(b -> beslutter.kontrollFoerSending(b, utvalg, ferske).beslutning()).toList();

            assertThat(etter).filteredOn(b -> b.mottaker().equals(mor.id())).singleElement()
                    .satisfies(b -> assertThat(b.kanal()).isEqualTo(Kanal.MANUELL));
            assertThat(etter).filteredOn(b -> b.mottaker().equals(far.id())).singleElement()
                    .satisfies(b -> assertThat(b).isSameAs(foer.stream().filter(f -> f.mottaker().equals(far.id())).findFirst().orElseThrow()));
        }

        /**
         * The child a letter is about, or the other parent, named by the fresh answer with a document that cannot be
         * read: the grading and death checks cannot be made for them (rules 5 and 6). Before session 30 such a person
         * was left out of the check without a word and the parents' letters went as decided, print with its address too.
         */
        @Test
        void should_not_send_the_parents_letters_when_a_family_members_fresh_document_cannot_be_read() {
            Mottakerutvalg utvalg = velger.velg(brev, barn.bygg(), Map.of(mor.id(), mor.bygg(), far.id(), far.bygg()));
            List<Mottakerbeslutning> foer = beslutter.beslutt(brev, utvalg,
                    Map.of(mor.id(), krrDigital(mor.id()), far.id(), krrReservert(far.id(), null, null)), T0);
            assertThat(foer).extracting(Mottakerbeslutning::kanal).containsExactlyInAnyOrder(Kanal.DIGITAL, Kanal.PRINT);

            for (Identitetsnummer ulesbar : List.of(barn.id(), far.id())) {
                Map<Identitetsnummer, Person> ferske = new java.util.HashMap<>(Map.of(mor.id(), mor.bygg(), far.id(), far.bygg(), barn.id(), barn.bygg()));
                ferske.remove(ulesbar);
                List<Mottakerbeslutning> etter = foer.stream()
                        .filter(b -> !b.mottaker().equals(ulesbar))
                        .map(b -> beslutter.kontrollFoerSending(b, utvalg, ferske, Set.of(ulesbar)).beslutning()).toList();

                assertThat(etter).isNotEmpty().allSatisfy(b -> {
                    assertThat(b.kanal()).isEqualTo(Kanal.MANUELL);
                    assertThat(b.regel()).isEqualTo(Regel.R4_ULESBAR);
                    assertThat(b.svarUtMottaker()).isNull();
                    assertThat(b.begrunnelse()).doesNotContain(ulesbar.value());
                });
            }
        }

        @Test
        void should_stop_when_the_recipient_died_since_the_decision() {
            Person foer = ola.bygg();
            Mottakerbeslutning b = enkelt(foer, krrDigital(ola.id()));
            Mottakerbeslutning etter = kontroll(b, foer, voksen(1).bosted(veg("Solveien", 1)).doed().bygg());
            assertThat(etter.kanal()).isEqualTo(Kanal.STOPP);
            assertThat(etter.regel()).isEqualTo(Regel.R6_DOED);
        }

        @Test
        void should_stop_the_parents_letters_when_the_child_they_are_about_died_since_the_decision() {
            Mottakerutvalg utvalg = velger.velg(brev, barn.bygg(), Map.of(mor.id(), mor.bygg(), far.id(), far.bygg()));
            List<Mottakerbeslutning> foer = beslutter.beslutt(brev, utvalg,
                    Map.of(mor.id(), krrDigital(mor.id()), far.id(), krrReservert(far.id(), null, null)), T0);
            assertThat(foer).extracting(Mottakerbeslutning::kanal).containsExactlyInAnyOrder(Kanal.DIGITAL, Kanal.PRINT);

            Map<Identitetsnummer, Person> ferske = Map.of(mor.id(), mor.bygg(), far.id(), far.bygg(), barn.id(), barn.doed().bygg());
            List<Mottakerbeslutning> etter = foer.stream().map(b -> beslutter.kontrollFoerSending(b, utvalg, ferske).beslutning()).toList();

            assertThat(etter).hasSize(2).allSatisfy(b -> {
                assertThat(b.kanal()).isEqualTo(Kanal.STOPP);
                assertThat(b.regel()).isEqualTo(Regel.R6_DOED);
                assertThat(b.skalSendes()).isFalse();
            });
        }

        @Test
        void should_leave_the_decision_alone_when_nothing_changed() {
            Person foer = ola.bygg();
            Mottakerbeslutning b = enkelt(foer, krrDigital(ola.id()));
            assertThat(kontroll(b, foer, ola.bygg())).isSameAs(b);
        }

        @Test
        void should_go_manual_when_the_register_no_longer_knows_the_recipient() {
            Person foer = ola.bygg();
            Mottakerbeslutning b = enkelt(foer, krrDigital(ola.id()));
            assertThat(kontroll(b, foer, null).kanal()).isEqualTo(Kanal.MANUELL);
        }

        /** A D-nummer holder and the fødselsnummer that replaces it, both at the same home. */
        private static final LocalDate FOEDT = LocalDate.of(1990, 5, 12);
        private final Identitetsnummer dnr = TestData.syntetiskDnummer(FOEDT, 100);
        private final Identitetsnummer fnr = TestData.syntetisk(FOEDT, 200);

        private TestData.P under(Identitetsnummer id) {
            return new TestData.P(id, FOEDT).bosted(veg("Dnummerveien", 3));
        }

        /**
         * Rule 5's check when the register answers the decided number differently. The decision: PRINT (reserved in KRR)
         * to the D-nummer holder. {@code svar}: what the fresh look-up of the D-nummer gives (SAMME = the same person under
         * the D-nummer, FNR = the person under a new fødselsnummer, ANNEN = another person, INGEN = no answer; _SF strictly
         * confidential since, _DOED dead since); {@code tidligere}: the register reports the D-nummer as an earlier number.
         * {@code utfall}: SENDES = sent as decided, NY_BESLUTNING = not sent on this decision, decided again by a new pass
         * under the number in use, else the channel it becomes. Never an exception: one would fail the whole batch.
         */
        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
                "same person under the decided number                              | SAMME      | false | SENDES",
                "became strictly confidential under the decided number             | SAMME_SF   | false | MANUELL",
                "D-nummer replaced by a fødselsnummer, no earlier number reported   | FNR        | false | NY_BESLUTNING",
                "D-nummer replaced by a fødselsnummer, reported as earlier number   | FNR        | true  | NY_BESLUTNING",
                "D-nummer replaced, and strictly confidential since                 | FNR_SF     | false | NY_BESLUTNING",
                "D-nummer replaced, and dead since                                  | FNR_DOED   | false | NY_BESLUTNING",
                "another person under the decided number                            | ANNEN      | false | NY_BESLUTNING",
                "the register no longer answers the decided number                  | INGEN      | false | MANUELL",
        })
        void should_never_send_on_a_decision_for_a_number_the_register_no_longer_has_in_use(String tilfelle, String svar,
                                                                                           boolean tidligere, String utfall) {
            Person foer = under(dnr).bygg();
            Mottakerbeslutning b = enkelt(foer, krrReservert(dnr, null, null));
            assertThat(b.kanal()).isEqualTo(Kanal.PRINT);
            TestData.P fersk = switch (svar) {
                case "SAMME", "SAMME_SF" -> under(dnr);
                case "FNR", "FNR_SF", "FNR_DOED" -> under(fnr);
                case "ANNEN" -> voksen(2).bosted(veg("Dnummerveien", 3));
                default -> null;
            };
            if (fersk != null && tidligere) {
                fersk.tidligere(dnr);
            }
            if (fersk != null && svar.endsWith("_SF")) {
                fersk.gradering(Gradering.STRENGT_FORTROLIG).bosted(veg("Dnummerveien", 3, Gradering.STRENGT_FORTROLIG));
            }
            if (fersk != null && svar.endsWith("_DOED")) {
                fersk.doed();
            }
            Brev brev = Brev.tilPerson("sak", REF, "Vedtak", dnr, Brevtype.FORMELL, false);
            Mottakerutvalg utvalg = velger.velg(brev, foer, Map.of());
            Map<Identitetsnummer, Person> ferske = fersk == null ? Map.of() : Map.of(dnr, fersk.bygg());

            Forsendelsesbeslutter.Kontroll kontroll = beslutter.kontrollFoerSending(b, utvalg, ferske);

            Mottakerbeslutning etter = kontroll.beslutning();
            String faktisk = kontroll.avgjoeresPaaNytt() ? "NY_BESLUTNING" : etter == b ? "SENDES"
                    : etter.skalSendes() ? "SENDES_" + etter.kanal() : etter.kanal().name();
            assertThat(faktisk).isEqualTo(utfall);
            if (kontroll.avgjoeresPaaNytt()) {
                assertThat(kontroll.nyBeslutning()).isEqualTo(Forsendelsesbeslutter.IDENTITET_ENDRET)
                        .doesNotContain(dnr.value()).doesNotContain(fnr.value());
            }
        }
    }

    @Nested
    class Referanser {

        @Test
        void should_give_each_holder_its_own_reference_and_the_single_recipient_the_letters_own() {
            TestData.P mor = voksen(3).bosted(veg("Morveien", 1));
            TestData.P far = voksen(4).bosted(veg("Farveien", 2));
            Person b = barn(1).forelder(mor, Rolle.MOR).forelder(far, Rolle.FAR).ansvar(Ansvar.FELLES, mor).ansvar(Ansvar.FELLES, far).bygg();
            Brev brev = Brev.tilPerson("skole", REF, "Vedtak", b.id(), Brevtype.FORMELL, true);
            Mottakerutvalg utvalg = velger.velg(brev, b, Map.of(mor.id(), mor.bygg(), far.id(), far.bygg()));

            List<Mottakerbeslutning> bs = beslutter.beslutt(brev, utvalg,
                    Map.of(mor.id(), krrDigital(mor.id()), far.id(), krrDigital(far.id())), T0);

            assertThat(bs).extracting(Mottakerbeslutning::mottakerReferanse).containsExactly("SAK-7-MOR", "SAK-7-FAR");
            assertThat(bs).allSatisfy(x -> assertThat(x.gjelder()).isEqualTo(b.id()));
            assertThat(enkelt(mor.bygg(), krrDigital(mor.id())).mottakerReferanse()).isEqualTo(REF);
        }

        @Test
        void should_number_holders_whose_role_repeats() {
            TestData.P a = voksen(5).bosted(veg("Aveien", 1));
            TestData.P c = voksen(6).bosted(veg("Cveien", 2));
            // joint responsibility, but the child's relations do not say who is mother or father
            Person b = barn(2).ansvar(Ansvar.FELLES, a).ansvar(Ansvar.FELLES, c).bygg();
            Brev brev = Brev.tilPerson("skole", REF, "Vedtak", b.id(), Brevtype.FORMELL, true);
            List<Mottakerbeslutning> bs = beslutter.beslutt(brev, velger.velg(brev, b, Map.of(a.id(), a.bygg(), c.id(), c.bygg())),
                    Map.of(), T0);
            assertThat(bs).extracting(Mottakerbeslutning::mottakerReferanse).containsExactly("SAK-7-FORELDER-1", "SAK-7-FORELDER-2");
        }
    }

    @Nested
    class Oppslag {

        @Test
        void should_ask_for_the_holders_only_never_a_parent_without_responsibility() {
            TestData.P mor = voksen(3);
            TestData.P far = voksen(4);
            Person b = barn(3).forelder(mor, Rolle.MOR).forelder(far, Rolle.FAR).ansvar(Ansvar.MOR, mor).bygg();
            Brev brev = Brev.tilPerson("skole", REF, "Vedtak", b.id(), Brevtype.FORMELL, true);
            assertThat(velger.relaterteSomMaaSlaasOpp(brev, b)).containsExactly(mor.id());
        }

        @Test
        void should_ask_for_both_parents_from_the_relations_when_joint_responsibility_names_no_holder() {
            TestData.P mor = voksen(3);
            TestData.P far = voksen(4);
            Person b = barn(4).forelder(mor, Rolle.MOR).forelder(far, Rolle.FAR).ansvar(Ansvar.FELLES, null).bygg();
            Brev brev = Brev.tilPerson("skole", REF, "Vedtak", b.id(), Brevtype.FORMELL, true);
            assertThat(velger.relaterteSomMaaSlaasOpp(brev, b)).containsExactlyInAnyOrder(mor.id(), far.id());
        }

        @Test
        void should_ask_for_nobody_else_when_the_letter_is_not_about_a_child() {
            Person b = barn(5).forelder(voksen(3), Rolle.MOR).ansvar(Ansvar.FELLES, voksen(3)).bygg();
            Brev brev = Brev.tilPerson("skole", REF, "Vedtak", b.id(), Brevtype.FORMELL, false);
            assertThat(velger.relaterteSomMaaSlaasOpp(brev, b)).isEmpty();
        }

        @Test
        void should_look_up_in_krr_only_living_recipients_found_in_the_register() {
            TestData.P mor = voksen(3);
            TestData.P far = voksen(4);
            Person b = barn(6).forelder(mor, Rolle.MOR).forelder(far, Rolle.FAR).ansvar(Ansvar.FELLES, mor).ansvar(Ansvar.FELLES, far).bygg();
            Brev brev = Brev.tilPerson("skole", REF, "Vedtak", b.id(), Brevtype.FORMELL, true);
            Mottakerutvalg utvalg = velger.velg(brev, b, Map.of(mor.id(), mor.bygg(), far.id(), voksen(4).doed().bygg()));
            assertThat(utvalg.krrIder()).containsExactly(mor.id());
        }
    }

    @Nested
    class Invarianter {

        @Test
        void should_make_a_strictly_confidential_decision_with_an_address_impossible_to_build() {
            Identitetsnummer id = voksen(1).id();
            Beslutningsgrunnlag sf = new Beslutningsgrunnlag(true, KrrKontakt.Status.AKTIV, false, false, Gradering.STRENGT_FORTROLIG, null, T0);
            SvarUtMottaker medAdresse = new SvarUtMottaker("Kari", id.value(), "Skjultgata 1", null, null, "0150", "OSLO", null);
            assertThatThrownBy(() -> new Mottakerbeslutning(REF, id, id, null, Mottakerrolle.MOTTAKER, Kanal.PRINT, Regel.R2_PRINT_RESERVERT,
                    medAdresse, false, Set.of(), Adressekilde.BOSTEDSADRESSE, true, sf, null))
                    .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("Skjult");
        }

        @Test
        void should_require_a_reason_for_manual_handling() {
            Identitetsnummer id = voksen(1).id();
            assertThatThrownBy(() -> new Mottakerbeslutning(REF, id, id, null, Mottakerrolle.MOTTAKER, Kanal.MANUELL, Regel.R4_UKJENT_ADRESSE,
                    null, false, Set.of(), null, false, null, " "))
                    .isInstanceOf(IllegalStateException.class);
        }

        @Test
        void should_reject_a_reference_longer_than_svarut_takes() {
            assertThatThrownBy(() -> Brev.tilPerson("sak", "R".repeat(Brev.MAKS_EKSTERN_REFERANSE + 1), "Vedtak", voksen(1).id(), Brevtype.FORMELL, false))
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void should_have_a_rule_value_for_every_rule_of_domain_md_with_unique_codes() {
            // rule 8 (no duplicates) chooses no channel: derived ids and SvarUt's look-up by eksternReferanse keep it
            assertThat(java.util.Arrays.stream(Regel.values()).map(Regel::domeneregel).distinct())
                    .containsAll(List.of(1, 2, 3, 4, 5, 6, 7));
            assertThat(java.util.Arrays.stream(Regel.values()).map(Regel::kode)).doesNotHaveDuplicates();
            assertThat(Regel.values()).allSatisfy(r -> assertThat(r.forklaring()).contains(" / ").doesNotContain("\n"));
        }

        @Test
        void should_keep_the_rules_free_of_spring_camel_and_register_clients() throws java.io.IOException {
            java.nio.file.Path dir = java.nio.file.Path.of("src/main/java/no/kommune/esb/forsendelse");
            // the flow beans in sub-packages (flyt) may use Spring and the clients; the rules in this package may not
            try (var files = java.nio.file.Files.list(dir).filter(java.nio.file.Files::isRegularFile)) {
                List<String> imports = files.flatMap(f -> {
                    try {
                        return java.nio.file.Files.readAllLines(f).stream().filter(l -> l.startsWith("import "));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).toList();
                assertThat(imports).isNotEmpty().noneMatch(l -> l.contains("org.springframework") || l.contains("org.apache.camel")
                        || l.contains("no.kommune.esb.folkeregister") || l.contains("no.kommune.esb.krr") || l.contains("no.kommune.esb.svarut"));
            }
        }

        @Test
        void should_validate_organisation_numbers_by_mod_11() {
            assertThat(Organisasjonsnummer.isValid("974760673")).isTrue();
            assertThat(Organisasjonsnummer.isValid("974760674")).isFalse();
            assertThat(Organisasjonsnummer.isValid("97476067")).isFalse();
        }
    }
}
