package no.kommune.esb.simulator.population;

import no.kommune.esb.model.Identitetsnummer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SyntheticPopulationTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    static final SyntheticPopulation POP = SyntheticPopulation.generate(42, 2000, "4601", CLOCK);

    @Nested
    class Generation {

        @Test
        void should_give_the_same_ids_and_addresses_for_the_same_seed_and_different_ones_for_another_seed() {
            SyntheticPopulation again = SyntheticPopulation.generate(42, 2000, "4601", CLOCK);
            SyntheticPopulation other = SyntheticPopulation.generate(43, 2000, "4601", CLOCK);

            assertThat(ids(again)).isEqualTo(ids(POP));
            assertThat(again.addresses()).isEqualTo(POP.addresses());
            assertThat(ids(other)).isNotEqualTo(ids(POP));
        }

        @Test
        void should_make_only_valid_unique_synthetic_ids() {
            List<String> ids = ids(POP);

            assertThat(ids).hasSizeGreaterThanOrEqualTo(2000).doesNotHaveDuplicates();
            assertThat(ids).allSatisfy(id -> {
                assertThat(Identitetsnummer.isValid(id)).as(Identitetsnummer.mask(id)).isTrue();
                assertThat(Identitetsnummer.of(id).isSynthetic()).isTrue();
            });
            assertThat(ids).anyMatch(id -> Identitetsnummer.of(id).isDnummer());
        }

        @ParameterizedTest
        @EnumSource(Kind.class)
        void should_hold_every_kind_of_person(Kind kind) {
            assertThat(POP.findAll(kind)).isNotEmpty();
        }

        @Test
        void should_hold_every_kind_even_in_a_small_population() {
            SyntheticPopulation small = SyntheticPopulation.generate(7, 300, "4601", CLOCK);

            assertThat(Set.of(Kind.values())).allSatisfy(kind -> assertThat(small.findAll(kind)).as(kind.name()).isNotEmpty());
        }

        @Test
        void should_house_most_persons_in_the_home_kommune_and_some_outside() {
            long home = POP.select(p -> p.addressIndex() >= 0 && POP.address(p.addressIndex()).kommunenummer().equals("4601")).size();
            long outside = POP.select(p -> p.addressIndex() >= 0 && !POP.address(p.addressIndex()).kommunenummer().equals("4601")).size();

            assertThat(home).isGreaterThan(POP.size() * 3L / 4);
            assertThat(outside).isPositive();
        }

        @Test
        void should_list_distinct_stable_addresses_with_street_codes() {
            List<SimAddress> addresses = POP.addresses();
            Set<String> keys = new HashSet<>();
            for (SimAddress a : addresses) {
                keys.add(a.kommunenummer() + "/" + a.adressekode() + "/" + a.husnummer() + "/" + a.husbokstav());
                assertThat(a.postnummer()).matches("\\d{4}");
                assertThat(a.adressenavn()).isNotBlank();
            }
            assertThat(keys).hasSize(addresses.size());
            assertThat(addresses).anyMatch(a -> a.husbokstav() != null);
        }

        @Test
        void should_link_a_felles_child_to_both_parents_and_an_andre_child_to_a_named_holder() {
            SimPerson felles = POP.find(Kind.BARN_FELLES_FORELDREANSVAR);
            SimPerson andre = POP.find(Kind.BARN_FORELDREANSVAR_ANDRE);

            assertThat(felles.motherIndex()).isNotNegative();
            assertThat(felles.fatherIndex()).isNotNegative();
            assertThat(POP.person(felles.motherIndex()).childIndexes()).contains(felles.index());
            assertThat(POP.person(andre.ansvarligIndex()).wardIndexes()).contains(andre.index());
        }

        @Test
        void should_generate_300k_persons() {
            long start = System.nanoTime();
            SyntheticPopulation big = SyntheticPopulation.generate(1, 300_000, "4601", CLOCK);
            long ms = (System.nanoTime() - start) / 1_000_000;
            Runtime rt = Runtime.getRuntime();
            System.out.println("Generated " + big.size() + " persons and " + big.addresses().size() + " addresses in " + ms
                    + " ms; heap in use after generation ~" + (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024) + " MB");

            assertThat(big.size()).isGreaterThanOrEqualTo(300_000);
            assertThat(big.find(Kind.STRENGT_FORTROLIG)).isNotNull();
        }
    }

    @Nested
    class Changes {

        @ParameterizedTest
        @EnumSource(ChangeKind.class)
        void should_append_feed_events_of_the_right_type(ChangeKind kind) {
            SyntheticPopulation pop = SyntheticPopulation.generate(42, 2000, "4601", CLOCK);

            ChangeResult result = pop.change(kind, null, null);

            String expected = switch (kind) {
                case FOEDSEL -> "personErOpprettet";
                case FLYTTING_INNEN_KOMMUNE, INNFLYTTING_TIL_KOMMUNE, UTFLYTTING_FRA_KOMMUNE -> "endringIBostedsadresse";
                case UTVANDRING -> "endringIUtflytting";
                case DOEDSFALL -> "personErDoed";
                case ADRESSEBESKYTTELSE -> "endringIAdressebeskyttelse";
                case NYTT_FOEDSELSNUMMER -> "endringIIdentifikasjonsnummer";
                case FORELDREANSVAR -> "endringIForeldreansvar";
                case NAVNEENDRING -> "endringINavn";
            };
            assertThat(result.events()).isNotEmpty();
            assertThat(result.events().get(0).hendelsetype()).isEqualTo(expected);
            assertThat(result.sekvensnumre().get(0)).isEqualTo(1L);
            assertThat(pop.lastSequence()).isEqualTo(result.events().size());
        }

        @Test
        void should_give_a_dnummer_holder_a_foedselsnummer_and_keep_the_old_number_findable() {
            SyntheticPopulation pop = SyntheticPopulation.generate(42, 2000, "4601", CLOCK);
            SimPerson holder = pop.find(Kind.DNUMMER);
            String dnr = holder.id();

            ChangeResult result = pop.change(ChangeKind.NYTT_FOEDSELSNUMMER, dnr, null);

            assertThat(holder.isDnummer()).isFalse();
            assertThat(holder.formerDnummer()).isEqualTo(dnr);
            assertThat(Identitetsnummer.isValid(holder.id())).isTrue();
            assertThat(result.affectedIds()).containsExactly(holder.id());
            assertThat(pop.byId(dnr)).containsSame(holder);
        }

        @Test
        void should_set_the_requested_grading_on_a_person_and_their_children_at_home() {
            SyntheticPopulation pop = SyntheticPopulation.generate(42, 2000, "4601", CLOCK);
            SimPerson child = pop.find(Kind.BARN_FELLES_FORELDREANSVAR);
            SimPerson mother = pop.person(child.motherIndex());

            pop.change(ChangeKind.ADRESSEBESKYTTELSE, mother.id(), "strengtFortrolig");

            assertThat(mother.gradering()).isEqualTo("strengtFortrolig");
            assertThat(child.gradering()).isEqualTo("strengtFortrolig");
        }

        @Test
        void should_give_the_surviving_parent_a_childs_shared_parental_responsibility_when_a_parent_dies() {
            SyntheticPopulation pop = SyntheticPopulation.generate(42, 2000, "4601", CLOCK);
            SimPerson child = pop.find(Kind.BARN_FELLES_FORELDREANSVAR);
            SimPerson father = pop.person(child.fatherIndex());
            SimPerson mother = pop.person(child.motherIndex());

            ChangeResult result = pop.change(ChangeKind.DOEDSFALL, father.id(), null);

            // as Folkeregisteret shows it (example 02851798067): felles becomes mor, the felles entry kept as history
            assertThat(child.ansvar()).isEqualTo(SimPerson.Ansvar.MOR);
            assertThat(child.history()).anySatisfy(h -> {
                assertThat(h.entity()).isEqualTo(SimPerson.Entity.FORELDREANSVAR);
                assertThat(((SimPerson.AnsvarState) h.value()).ansvar()).isEqualTo(SimPerson.Ansvar.FELLES);
            });
            assertThat(result.events().get(0).hendelsetype()).isEqualTo("personErDoed");
            assertThat(result.events()).anySatisfy(e -> {
                assertThat(e.hendelsetype()).isEqualTo("endringIForeldreansvar");
                assertThat(e.folkeregisteridentifikator()).isEqualTo(child.id());
            }).anySatisfy(e -> {
                assertThat(e.hendelsetype()).isEqualTo("endringIForeldreansvar");
                assertThat(e.folkeregisteridentifikator()).isEqualTo(mother.id());
            });
        }

        @Test
        void should_refuse_a_change_that_does_not_fit_the_person() {
            SyntheticPopulation pop = SyntheticPopulation.generate(42, 2000, "4601", CLOCK);
            String dead = pop.find(Kind.DOED).id();

            assertThatThrownBy(() -> pop.change(ChangeKind.NAVNEENDRING, dead, null)).isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        void should_replay_the_journal_after_a_restart_so_feed_and_persons_match(@TempDir Path dir) throws Exception {
            SyntheticPopulation first = SyntheticPopulation.generate(42, 2000, "4601", CLOCK);
            first.attachJournal(ChangeJournal.in(dir, 42, 2000, "4601"));
            for (ChangeKind kind : ChangeKind.values()) {
                first.change(kind, null, null);
            }
            String renamed = first.change(ChangeKind.NAVNEENDRING, null, null).affectedIds().get(0);

            SyntheticPopulation restarted = SyntheticPopulation.generate(42, 2000, "4601", CLOCK);
            restarted.attachJournal(ChangeJournal.in(dir, 42, 2000, "4601"));

            assertThat(Files.readAllLines(ChangeJournal.in(dir, 42, 2000, "4601").file())).hasSize(ChangeKind.values().length + 1);
            assertThat(restarted.lastSequence()).isEqualTo(first.lastSequence());
            assertThat(restarted.feed(1, 1000)).usingRecursiveFieldByFieldElementComparator().isEqualTo(first.feed(1, 1000));
            assertThat(ids(restarted)).isEqualTo(ids(first));
            assertThat(restarted.byId(renamed).orElseThrow().etternavn()).isEqualTo(first.byId(renamed).orElseThrow().etternavn());
            ChangeResult next = restarted.change(ChangeKind.FOEDSEL, null, null);
            assertThat(next.sekvensnumre().get(0)).isEqualTo(first.lastSequence() + 1);
        }
    }

    @Test
    void should_change_krr_entries_on_demand() {
        SyntheticPopulation pop = SyntheticPopulation.generate(42, 2000, "4601", CLOCK);
        SimPerson p = pop.find(Kind.KRR_AKTIV_DIGITAL_POST);

        pop.updateKrr(p.id(), new KrrUpdate(null, "JA", null, "", null, false, null));

        assertThat(p.reservert()).isTrue();
        assertThat(p.harEpost()).isFalse();
        assertThat(p.harDigitalPost()).isFalse();
        assertThat(pop.epostadresse(p)).isNull();
    }

    static List<String> ids(SyntheticPopulation pop) {
        return pop.select(p -> true).stream().map(SimPerson::id).toList();
    }
}
