package no.kommune.esb.hendelser;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.kommune.esb.folkeregister.BulkResult;
import no.kommune.esb.folkeregister.FeedHendelse;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.Hendelsestype;
import no.kommune.esb.matrikkel.MatrikkelClient;
import no.kommune.esb.matrikkel.Vegadresseident;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Eier;
import no.kommune.esb.model.Familierelasjon;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Matrikkelenhet;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Familierelasjon.Rolle;
import no.kommune.esb.hendelser.flyt.HendelseFordeler;
import no.kommune.esb.platform.Registerstans;
import no.kommune.esb.register.RegisterException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static no.kommune.esb.hendelser.Eksempelpersoner.ANSATT;
import static no.kommune.esb.hendelser.Eksempelpersoner.BARN;
import static no.kommune.esb.hendelser.Eksempelpersoner.DNUMMER;
import static no.kommune.esb.hendelser.Eksempelpersoner.EIER;
import static no.kommune.esb.hendelser.Eksempelpersoner.EKTEFELLE;
import static no.kommune.esb.hendelser.Eksempelpersoner.FAR;
import static no.kommune.esb.hendelser.Eksempelpersoner.FNR_ETTER_DNUMMER;
import static no.kommune.esb.hendelser.Eksempelpersoner.MOR;
import static no.kommune.esb.hendelser.Eksempelpersoner.PASIENT;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class HendelseFordelerTest {

    @Test
    @SuppressWarnings("unchecked")
    void should_not_take_events_again_on_every_tick_while_folkeregisteret_is_down() {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        TransactionTemplate tx = mock(TransactionTemplate.class);
        // the batch's bulk look-up fails; the transaction rolls back and the exception reaches the fan-out
        when(tx.execute(any())).thenThrow(new RegisterException("folkeregisteret", RegisterException.Kind.UNAVAILABLE, 503, "bulk lookup failed (HTTP 503)"));
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        HendelseFordeler fordeler = new HendelseFordeler(jdbc, tx, mock(FolkeregisterClient.class), mock(FagsystemRegistry.class),
                mock(ObjectProvider.class), mock(ObjectProvider.class), new SimpleMeterRegistry(), 1000, Duration.ofSeconds(5), registerstans);

        // fifty ticks within the first wait (at least 4 s): one batch tried, and each tick reports no work
        for (int tick = 0; tick < 50; tick++) {
            assertThat(fordeler.fordel()).isZero();
        }

        verify(tx, times(1)).execute(any());
    }

    @Test
    @SuppressWarnings("unchecked")
    void should_ask_folkeregisteret_for_the_related_persons_of_one_part_in_the_call_that_takes_the_next_events_persons() {
        Adresse hjemme = Eksempelpersoner.veg("Storgata", 1, null, "5003", "BERGEN", "4601", Gradering.UGRADERT);
        Person barn = Eksempelpersoner.person(BARN, new Navn("Emma", null, "Berg"), LocalDate.of(2017, 3, 15), Gradering.UGRADERT, hjemme,
                List.of(new Familierelasjon(MOR, Rolle.MOR, Rolle.BARN), new Familierelasjon(FAR, Rolle.FAR, Rolle.BARN)), List.of(), List.of());
        Map<Identitetsnummer, Person> register = Eksempelpersoner.map(barn,
                Eksempelpersoner.voksen(ANSATT, "Ola", "Nord", Gradering.UGRADERT, hjemme), Eksempelpersoner.voksen(EIER, "Ingrid", "Haugen", Gradering.UGRADERT, hjemme),
                Eksempelpersoner.voksen(PASIENT, "Per", "Syk", Gradering.UGRADERT, hjemme), Eksempelpersoner.voksen(MOR, "Kari", "Berg", Gradering.UGRADERT, hjemme),
                Eksempelpersoner.voksen(FAR, "Per", "Olsen", Gradering.UGRADERT, hjemme));
        List<FeedHendelse> batch = List.of(Eksempelpersoner.hendelse(1, Hendelsestype.ENDRING_I_BOSTEDSADRESSE, BARN),
                Eksempelpersoner.hendelse(2, Hendelsestype.ENDRING_I_BOSTEDSADRESSE, ANSATT),
                Eksempelpersoner.hendelse(3, Hendelsestype.ENDRING_I_BOSTEDSADRESSE, EIER),
                Eksempelpersoner.hendelse(4, Hendelsestype.ENDRING_I_BOSTEDSADRESSE, PASIENT));
        List<List<Object[]>> rader = new ArrayList<>();
        JdbcTemplate jdbc = database(batch, rader);
        TransactionTemplate tx = transaksjoner();
        // three ids a call: [child, two adults], then [the child's parents, the last adult] instead of four persons and two parents
        FolkeregisterClient freg = mock(FolkeregisterClient.class);
        when(freg.bulkSize()).thenReturn(3);
        List<List<Identitetsnummer>> kall = new ArrayList<>();
        when(freg.bulkoppslag(any(), any())).thenAnswer(inv -> {
            List<Identitetsnummer> ider = new ArrayList<>((Collection<Identitetsnummer>) inv.getArgument(0));
            kall.add(ider);
            return new BulkResult(ider.stream().collect(Collectors.toMap(i -> i, register::get)), Set.of(), 1);
        });
        FagsystemRegistry registry = FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings"));
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        HendelseFordeler fordeler = new HendelseFordeler(jdbc, tx, freg, registry, mock(ObjectProvider.class), mock(ObjectProvider.class),
                new SimpleMeterRegistry(), 1000, Duration.ofSeconds(5), registerstans);

        assertThat(fordeler.fordel()).isEqualTo(4);

        assertThat(kall).containsExactly(List.of(BARN, ANSATT, EIER), List.of(MOR, FAR, PASIENT));
        // the child's documents still name both parents, found in the second call
        assertThat(rader).hasSize(1);
        // a row's values: sequence number, fagsystem, message kind ('' for the event message), document
        assertThat(rader.get(0)).filteredOn(r -> r[0].equals(1L) && r[1].equals("barnevern") && r[2].equals(""))
                .singleElement().satisfies(r -> assertThat(r[3].toString()).contains("Kari", "Olsen"));
    }

    /**
     * A death as Folkeregisteret shows it (example 28857197102): status doed, the residence ended at the death, so the
     * look-up without history holds no residence and no kommune. The care system of the kommune the person lived in
     * must hear of it whether or not it had a delivery for the person before (DOMAIN rule 6); one of another kommune
     * must not (the population rule). The kommune at death comes from one look-up with history for the deceased only;
     * the document still holds no address (it is not current).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "died in {0}: pleie-omsorg (4601) told: {1}")
    @org.junit.jupiter.params.provider.CsvSource({"4601, true", "0301, false"})
    @SuppressWarnings("unchecked")
    void should_fan_a_death_out_by_the_kommune_of_the_residence_at_death_without_an_earlier_delivery(String kommune, boolean fortalt) {
        Person doed = new Person(PASIENT, no.kommune.esb.model.Personstatus.DOED, new Navn("Astrid", "Marie", "Johansen"),
                LocalDate.of(1938, 12, 24), LocalDate.of(2026, 11, 19), Gradering.UGRADERT, null, null, null, false, null, null,
                List.of(), List.of(), List.of(), List.of());
        List<List<Object[]>> rader = new ArrayList<>();
        JdbcTemplate jdbc = database(List.of(Eksempelpersoner.hendelse(1, Hendelsestype.PERSON_ER_DOED, PASIENT)), rader);
        TransactionTemplate tx = transaksjoner();
        FolkeregisterClient freg = mock(FolkeregisterClient.class);
        when(freg.bulkSize()).thenReturn(1000);
        when(freg.bulkoppslag(any(), any())).thenReturn(new BulkResult(Map.of(PASIENT, doed), Set.of(), 1));
        List<Collection<Identitetsnummer>> medHistorikk = new ArrayList<>();
        when(freg.historikkoppslag(any(), any())).thenAnswer(inv -> {
            medHistorikk.add(List.copyOf((Collection<Identitetsnummer>) inv.getArgument(0)));
            assertThat((Collection<Identitetsnummer>) inv.getArgument(1)).as("no number changed").isEmpty();
            return new FolkeregisterClient.Historikkoppslag(Map.of(PASIENT, kommune), Map.of(), 1);
        });
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        HendelseFordeler fordeler = new HendelseFordeler(jdbc, tx, freg, FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")),
                mock(ObjectProvider.class), mock(ObjectProvider.class), new SimpleMeterRegistry(), 1000, Duration.ofSeconds(5), registerstans);

        assertThat(fordeler.fordel()).isEqualTo(1);

        assertThat(medHistorikk).containsExactly(List.of(PASIENT));
        List<Object[]> tilPleie = rader.stream().flatMap(List::stream).filter(r -> r[1].equals("pleie-omsorg")).toList();
        if (fortalt) {
            assertThat(tilPleie).singleElement().satisfies(r -> assertThat(r[3].toString())
                    .contains("\"status\":\"DOED\"", "\"doedsdato\":\"2026-11-19\"").doesNotContain("bostedsadresse", "kommunenummer"));
        } else {
            assertThat(tilPleie).isEmpty();
        }
    }

    /**
     * The owners of the units at the batch's addresses that the batch has not looked up are asked for in one more
     * bulk call (PERSON_BASIS), and a co-owner with a protected address is shown to eiendomsskatt without a name.
     */
    @Test
    @SuppressWarnings("unchecked")
    void should_ask_folkeregisteret_once_for_the_co_owners_outside_the_batch_and_show_a_protected_one_without_a_name() {
        Eierbatch b = new Eierbatch();
        when(b.freg.bulkoppslag(any(), any())).thenAnswer(inv -> b.svar(inv.getArgument(0)));

        assertThat(b.fordeler.fordel()).isEqualTo(1);

        assertThat(b.kall).containsExactly(List.of(EIER), List.of(EKTEFELLE));
        assertThat(b.rader).hasSize(1);
        assertThat(b.rader.get(0)).filteredOn(r -> r[1].equals("eiendomsskatt")).singleElement().satisfies(r -> assertThat(r[3].toString())
                .contains("{\"navn\":\"Haugen Ingrid\",\"andel\":\"1/2\"}", "{\"skjermet\":true,\"andel\":\"1/2\"}").doesNotContain("Haugen Ola"));
        // the owners' numbers beside the document (levering.eiere, in its entries' order), never in it; none for a row
        // without property units
        assertThat(b.rader.get(0)).filteredOn(r -> r[1].equals("eiendomsskatt")).singleElement().satisfies(r -> {
            assertThat((String[]) r[6]).containsExactly(EIER.value(), EKTEFELLE.value());
            assertThat(r[3].toString()).doesNotContain(EIER.value(), EKTEFELLE.value());
        });
        assertThat(b.rader.get(0)).filteredOn(r -> !r[1].equals("eiendomsskatt")).allSatisfy(r -> assertThat(r[6]).isNull());
    }

    /**
     * The co-owners travel in the call that takes the related persons the part needs (here the care registration's
     * next of kin), not in a call of their own: two calls where there were three.
     */
    @Test
    @SuppressWarnings("unchecked")
    void should_ask_for_the_co_owners_in_the_call_that_takes_the_related_persons_instead_of_a_call_of_their_own() {
        Eierbatch b = new Eierbatch(true);
        when(b.freg.bulkoppslag(any(), any())).thenAnswer(inv -> b.svar(inv.getArgument(0)));

        assertThat(b.fordeler.fordel()).isEqualTo(1);

        assertThat(b.kall).containsExactly(List.of(EIER), List.of(BARN, EKTEFELLE));
        assertThat(b.rader.get(0)).filteredOn(r -> r[1].equals("eiendomsskatt")).singleElement().satisfies(r -> assertThat(r[3].toString())
                .contains("{\"navn\":\"Haugen Ingrid\",\"andel\":\"1/2\"}", "{\"skjermet\":true,\"andel\":\"1/2\"}").doesNotContain("Haugen Ola"));
        assertThat(b.rader.get(0)).filteredOn(r -> r[1].equals("pleie-omsorg")).singleElement().satisfies(r -> assertThat(r[3].toString())
                .contains("Emma").doesNotContain("Haugen Ola"));
    }

    /**
     * The batch's deceased are asked with history in one call once its last events' persons are answered, whichever
     * part of the batch they are in (here one event a part): one call for the batch instead of one per part with a
     * death, and the events of the living between them decided as before.
     */
    @Test
    @SuppressWarnings("unchecked")
    void should_ask_for_the_kommune_at_death_of_the_batchs_deceased_in_one_call_for_the_whole_batch() {
        Person doedPasient = doed(PASIENT, "Astrid");
        Person doedEktefelle = doed(EKTEFELLE, "Knut");
        List<List<Object[]>> rader = new ArrayList<>();
        JdbcTemplate jdbc = database(List.of(Eksempelpersoner.hendelse(1, Hendelsestype.PERSON_ER_DOED, PASIENT),
                Eksempelpersoner.hendelse(2, Hendelsestype.ENDRING_I_BOSTEDSADRESSE, EIER),
                Eksempelpersoner.hendelse(3, Hendelsestype.PERSON_ER_DOED, EKTEFELLE)), rader);
        FolkeregisterClient freg = mock(FolkeregisterClient.class);
        when(freg.bulkSize()).thenReturn(1);
        Map<Identitetsnummer, Person> register = Eksempelpersoner.map(doedPasient, doedEktefelle,
                Eksempelpersoner.voksen(EIER, "Ingrid", "Haugen", Gradering.UGRADERT,
                        Eksempelpersoner.veg("Storgata", 1, null, "4608", "KRISTIANSAND S", "4601", Gradering.UGRADERT)));
        List<List<Identitetsnummer>> kall = new ArrayList<>();
        when(freg.bulkoppslag(any(), any())).thenAnswer(inv -> {
            List<Identitetsnummer> ider = new ArrayList<>((Collection<Identitetsnummer>) inv.getArgument(0));
            kall.add(ider);
            return new BulkResult(ider.stream().filter(register::containsKey).collect(Collectors.toMap(i -> i, register::get)), Set.of(), 1);
        });
        List<Collection<Identitetsnummer>> medHistorikk = new ArrayList<>();
        when(freg.historikkoppslag(any(), any())).thenAnswer(inv -> {
            medHistorikk.add(List.copyOf((Collection<Identitetsnummer>) inv.getArgument(0)));
            return new FolkeregisterClient.Historikkoppslag(Map.of(PASIENT, "4601", EKTEFELLE, "0301"), Map.of(), 1);
        });
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        HendelseFordeler fordeler = new HendelseFordeler(jdbc, transaksjoner(), freg, FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")),
                mock(ObjectProvider.class), mock(ObjectProvider.class), new SimpleMeterRegistry(), 1000, Duration.ofSeconds(5), registerstans);

        assertThat(fordeler.fordel()).isEqualTo(3);

        assertThat(kall).containsExactly(List.of(PASIENT), List.of(EIER), List.of(EKTEFELLE));
        assertThat(medHistorikk).containsExactly(List.of(PASIENT, EKTEFELLE));
        assertThat(rader.stream().flatMap(List::stream).filter(r -> r[1].equals("pleie-omsorg")).map(r -> (Long) r[0]))
                .as("the death in 4601 and the move; not the death in 0301").containsExactlyInAnyOrder(1L, 2L);
    }

    /**
     * A batch with a death (no kommune in the look-up without history) and an identity-number change (a D-nummer
     * replaced by a fødselsnummer): the kommune at death and the person's earlier numbers come from ONE call with
     * history for both, and the two numbers are stored as one person's. Before, the fan-out made one call with history
     * for the deceased and another for the changed numbers.
     */
    @Test
    @SuppressWarnings("unchecked")
    void should_ask_for_the_kommune_at_death_and_the_changed_numbers_history_in_one_call_with_history_for_the_batch() {
        Adresse hjemme = Eksempelpersoner.veg("Storgata", 1, null, "4608", "KRISTIANSAND S", "4601", Gradering.UGRADERT);
        Person nyttNummer = Eksempelpersoner.voksen(FNR_ETTER_DNUMMER, "Ana", "Silva", Gradering.UGRADERT, hjemme);
        Map<Identitetsnummer, Person> register = Eksempelpersoner.map(doed(PASIENT, "Astrid"), nyttNummer);
        List<List<Object[]>> rader = new ArrayList<>();
        JdbcTemplate jdbc = database(List.of(Eksempelpersoner.hendelse(1, Hendelsestype.PERSON_ER_DOED, PASIENT),
                Eksempelpersoner.hendelse(2, Hendelsestype.ENDRING_I_IDENTIFIKASJONSNUMMER, FNR_ETTER_DNUMMER)), rader);
        FolkeregisterClient freg = mock(FolkeregisterClient.class);
        when(freg.bulkSize()).thenReturn(1000);
        List<List<Identitetsnummer>> kall = new ArrayList<>();
        when(freg.bulkoppslag(any(), any())).thenAnswer(inv -> {
            List<Identitetsnummer> ider = new ArrayList<>((Collection<Identitetsnummer>) inv.getArgument(0));
            kall.add(ider);
            return new BulkResult(ider.stream().filter(register::containsKey).collect(Collectors.toMap(i -> i, register::get)), Set.of(), 1);
        });
        List<List<Collection<Identitetsnummer>>> medHistorikk = new ArrayList<>();
        Person medTidligere = new Person(FNR_ETTER_DNUMMER, null, null, null, null, null, null, null, null, false, null, null,
                List.of(), List.of(), List.of(), List.of(DNUMMER));
        when(freg.historikkoppslag(any(), any())).thenAnswer(inv -> {
            medHistorikk.add(List.of(List.copyOf((Collection<Identitetsnummer>) inv.getArgument(0)),
                    List.copyOf((Collection<Identitetsnummer>) inv.getArgument(1))));
            return new FolkeregisterClient.Historikkoppslag(Map.of(PASIENT, "4601"), Map.of(FNR_ETTER_DNUMMER, medTidligere), 1);
        });
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        HendelseFordeler fordeler = new HendelseFordeler(jdbc, transaksjoner(), freg, FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")),
                mock(ObjectProvider.class), mock(ObjectProvider.class), new SimpleMeterRegistry(), 1000, Duration.ofSeconds(5), registerstans);

        assertThat(fordeler.fordel()).isEqualTo(2);

        assertThat(kall).as("the look-ups without history: the batch's persons").containsExactly(List.of(PASIENT, FNR_ETTER_DNUMMER));
        assertThat(medHistorikk).as("one call with history: the deceased and the changed number")
                .containsExactly(List.of(List.of(PASIENT), List.of(FNR_ETTER_DNUMMER)));
        verify(jdbc).update(org.mockito.ArgumentMatchers.contains("insert into personidentitet"),
                org.mockito.ArgumentMatchers.eq(new String[]{FNR_ETTER_DNUMMER.value(), DNUMMER.value()}),
                org.mockito.ArgumentMatchers.eq(FNR_ETTER_DNUMMER.value()));
        assertThat(rader.stream().flatMap(List::stream).filter(r -> r[1].equals("pleie-omsorg")).map(r -> (Long) r[0]))
                .as("the death in 4601 told to the care system").contains(1L);
    }

    /**
     * Payroll (lonn, a portfolio registration that subscribes to endringIIdentifikasjonsnummer and sees the identity
     * history, "to find the employee by the D-nummer payroll knows") registered an employee by her D-nummer. The register
     * replaces it by a fødselsnummer: the event, and every later one, names the new number, and the batch's look-up
     * (without history) answers under it alone. Until session 29 the portfolio was asked for that number only: the change
     * never reached payroll, nor any later event of hers, and a document made for it held no earlier number. Now a
     * portfolio holds the person under any of her numbers (the earlier ones from the batch's one call with history, and
     * those personidentitet links to hers), and the document shows the D-nummer among the earlier ones. A later event in
     * another batch (the look-up without history) finds her by the link stored then.
     */
    @Test
    @SuppressWarnings("unchecked")
    void should_fan_an_identity_number_change_out_to_a_portfolio_that_holds_the_person_under_the_replaced_d_nummer() {
        Adresse hjemme = Eksempelpersoner.veg("Storgata", 1, null, "4608", "KRISTIANSAND S", "4601", Gradering.UGRADERT);
        Person ansatt = Eksempelpersoner.voksen(FNR_ETTER_DNUMMER, "Ana", "Silva", Gradering.UGRADERT, hjemme);
        List<List<Object[]>> rader = new ArrayList<>();
        JdbcTemplate jdbc = database(List.of(Eksempelpersoner.hendelse(1, Hendelsestype.ENDRING_I_IDENTIFIKASJONSNUMMER, FNR_ETTER_DNUMMER)), rader);
        portefolje(jdbc, DNUMMER.value());
        FolkeregisterClient freg = mock(FolkeregisterClient.class);
        when(freg.bulkSize()).thenReturn(1000);
        when(freg.bulkoppslag(any(), any())).thenReturn(new BulkResult(Map.of(FNR_ETTER_DNUMMER, ansatt), Set.of(), 1));
        Person medTidligere = new Person(FNR_ETTER_DNUMMER, null, null, null, null, null, null, null, null, false, null, null,
                List.of(), List.of(), List.of(), List.of(DNUMMER));
        when(freg.historikkoppslag(any(), any())).thenReturn(new FolkeregisterClient.Historikkoppslag(Map.of(), Map.of(FNR_ETTER_DNUMMER, medTidligere), 1));
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        HendelseFordeler fordeler = new HendelseFordeler(jdbc, transaksjoner(), freg, FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")),
                mock(ObjectProvider.class), mock(ObjectProvider.class), new SimpleMeterRegistry(), 1000, Duration.ofSeconds(5), registerstans);

        assertThat(fordeler.fordel()).isEqualTo(1);

        assertThat(rader.stream().flatMap(List::stream).filter(r -> r[1].equals("lonn")))
                .as("the change told to payroll, with the number it knows among the earlier ones").singleElement()
                .satisfies(r -> assertThat(r[3].toString()).contains("\"tidligereIdentiteter\":[\"" + DNUMMER.value() + "\"]"));
    }

    /** A later event of the same employee, in a batch without history: her D-nummer from the link stored when it changed. */
    @Test
    @SuppressWarnings("unchecked")
    void should_fan_a_later_event_out_to_a_portfolio_that_holds_the_person_under_a_d_nummer_linked_to_her_number() {
        Adresse hjemme = Eksempelpersoner.veg("Storgata", 1, null, "4608", "KRISTIANSAND S", "4601", Gradering.UGRADERT);
        Person ansatt = Eksempelpersoner.voksen(FNR_ETTER_DNUMMER, "Ana", "Silva", Gradering.UGRADERT, hjemme);
        List<List<Object[]>> rader = new ArrayList<>();
        JdbcTemplate jdbc = database(List.of(Eksempelpersoner.hendelse(1, Hendelsestype.ENDRING_I_NAVN, FNR_ETTER_DNUMMER)), rader);
        portefolje(jdbc, DNUMMER.value());
        knyttet(jdbc, FNR_ETTER_DNUMMER, DNUMMER);
        FolkeregisterClient freg = mock(FolkeregisterClient.class);
        when(freg.bulkSize()).thenReturn(1000);
        when(freg.bulkoppslag(any(), any())).thenReturn(new BulkResult(Map.of(FNR_ETTER_DNUMMER, ansatt), Set.of(), 1));
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        HendelseFordeler fordeler = new HendelseFordeler(jdbc, transaksjoner(), freg, FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")),
                mock(ObjectProvider.class), mock(ObjectProvider.class), new SimpleMeterRegistry(), 1000, Duration.ofSeconds(5), registerstans);

        assertThat(fordeler.fordel()).isEqualTo(1);

        assertThat(rader.stream().flatMap(List::stream).filter(r -> r[1].equals("lonn"))).as("the name change told to payroll").hasSize(1);
    }

    /**
     * A kommune fagsystem (eiendomsskatt, which does not subscribe to endringIIdentifikasjonsnummer) had a resident's rows
     * under her D-nummer; the register gave her a fødselsnummer, and she then moved out of the kommune (the event names
     * the new number). Until session 29 "had before" was asked for the new number only, so the fagsystem was never told
     * that she moved out (nor of any later event, a death elsewhere): it kept her as a resident. Now her rows under any of
     * her numbers count (the link personidentitet stored when the number changed).
     */
    @Test
    @SuppressWarnings("unchecked")
    void should_tell_a_kommune_fagsystem_of_a_move_out_of_a_person_it_had_under_the_replaced_d_nummer() {
        Adresse oslo = Eksempelpersoner.veg("Storgata", 1, null, "0184", "OSLO", "0301", Gradering.UGRADERT);
        Person flyttet = Eksempelpersoner.voksen(FNR_ETTER_DNUMMER, "Ana", "Silva", Gradering.UGRADERT, oslo);
        List<List<Object[]>> rader = new ArrayList<>();
        JdbcTemplate jdbc = database(List.of(Eksempelpersoner.hendelse(1, Hendelsestype.ENDRING_I_BOSTEDSADRESSE, FNR_ETTER_DNUMMER)), rader);
        knyttet(jdbc, FNR_ETTER_DNUMMER, DNUMMER);
        // eiendomsskatt's rows: under the D-nummer only
        doAnswer(inv -> {
            Object[] a = inv.getArguments();
            return a[2].equals("eiendomsskatt") && java.util.Arrays.asList((String[]) a[3]).contains(DNUMMER.value())
                    ? List.of(DNUMMER.value()) : List.of();
        }).when(jdbc).queryForList(org.mockito.ArgumentMatchers.startsWith("select h.identifikator from levering l join hendelse h"),
                org.mockito.ArgumentMatchers.eq(String.class), any(), any(), any(), any(), any());
        FolkeregisterClient freg = mock(FolkeregisterClient.class);
        when(freg.bulkSize()).thenReturn(1000);
        when(freg.bulkoppslag(any(), any())).thenReturn(new BulkResult(Map.of(FNR_ETTER_DNUMMER, flyttet), Set.of(), 1));
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        HendelseFordeler fordeler = new HendelseFordeler(jdbc, transaksjoner(), freg, FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")),
                mock(ObjectProvider.class), mock(ObjectProvider.class), new SimpleMeterRegistry(), 1000, Duration.ofSeconds(5), registerstans);

        assertThat(fordeler.fordel()).isEqualTo(1);

        assertThat(rader.stream().flatMap(List::stream).filter(r -> r[0].equals(1L)).map(r -> (String) r[1]))
                .as("the move out told to the fagsystem that had her, to no other").containsExactly("eiendomsskatt");
    }

    /**
     * An event that names a D-nummer the fødselsnummer replaced (an event read while the feed was behind): Folkeregisteret
     * answers the D-nummer with the person under the number in use. The care system may see the GP, so the document
     * must carry it whichever of her numbers NHN Fastlegeregisteret knows her by (and answers under). Until session 30
     * NHN was asked for the event's number and the answer read by the number in use: the document had no GP either way.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "event names {0}, NHN knows {1}")
    @org.junit.jupiter.params.provider.CsvSource({
            "50879041020, 10879042092",  // the D-nummer; NHN knows the fødselsnummer that replaced it
            "50879041020, 50879041020",  // the D-nummer; NHN knows her by the D-nummer still
            "10879042092, 10879042092"}) // the number in use (as before)
    @SuppressWarnings("unchecked")
    void should_give_the_care_system_the_gp_of_a_person_whose_event_names_a_replaced_d_nummer(String hendelsesnummer, String nhnNummer) {
        Identitetsnummer nummer = Identitetsnummer.of(hendelsesnummer);
        Adresse hjemme = Eksempelpersoner.veg("Storgata", 1, null, "4608", "KRISTIANSAND S", "4601", Gradering.UGRADERT);
        Person pasient = Eksempelpersoner.voksen(FNR_ETTER_DNUMMER, "Ana", "Silva", Gradering.UGRADERT, hjemme);
        List<List<Object[]>> rader = new ArrayList<>();
        JdbcTemplate jdbc = database(List.of(Eksempelpersoner.hendelse(1, Hendelsestype.ENDRING_I_BOSTEDSADRESSE, nummer)), rader);
        FolkeregisterClient freg = mock(FolkeregisterClient.class);
        when(freg.bulkSize()).thenReturn(1000);
        when(freg.bulkoppslag(any(), any())).thenReturn(new BulkResult(Map.of(nummer, pasient), Set.of(), 1));
        // NHN answers a patient it knows under the number asked, and nothing for a number it does not know
        no.kommune.esb.nhn.FastlegeClient nhn = mock(no.kommune.esb.nhn.FastlegeClient.class);
        no.kommune.esb.model.Fastlege lege = new no.kommune.esb.model.Fastlege(9460100, "Kari Nordmann", "Sentrum Legesenter", "912345678", 1460100L);
        when(nhn.fastleger(any())).thenAnswer(inv -> ((Collection<Identitetsnummer>) inv.getArgument(0)).stream()
                .filter(i -> i.value().equals(nhnNummer)).collect(Collectors.toMap(i -> i, i -> lege)));
        ObjectProvider<no.kommune.esb.nhn.FastlegeClient> fastlege = mock(ObjectProvider.class);
        when(fastlege.getIfAvailable()).thenReturn(nhn);
        when(fastlege.getObject()).thenReturn(nhn);
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        HendelseFordeler fordeler = new HendelseFordeler(jdbc, transaksjoner(), freg, FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")),
                mock(ObjectProvider.class), fastlege, new SimpleMeterRegistry(), 1000, Duration.ofSeconds(5), registerstans);

        assertThat(fordeler.fordel()).isEqualTo(1);

        assertThat(rader.stream().flatMap(List::stream).filter(r -> r[1].equals("pleie-omsorg")))
                .as("the move told to the care system, with her GP").singleElement()
                .satisfies(r -> assertThat(r[3].toString()).contains("\"fastlege\"", "9460100"));
    }

    /**
     * The fan-out asks NHN Fastlegeregisteret only for patients whose GP the care system may see: pleie-omsorg may not
     * see a fortrolig or strengt fortrolig residence ({@code beskyttedeAdresser: false}), and the GP's office and its
     * kommune would narrow it down (DOMAIN.md rule 5), so such a patient's GP is not asked for and the document says
     * {@code fastlegeTilbakeholdt: true}. Before session 32 NHN was asked for every patient of the care system, and the
     * strengt fortrolig and fortrolig rows' documents carried the GP's name, office and organisation number.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} -> NHN asked {1}")
    @org.junit.jupiter.params.provider.CsvSource({"UGRADERT, true", "FORTROLIG, false", "STRENGT_FORTROLIG, false"})
    @SuppressWarnings("unchecked")
    void should_neither_ask_nor_give_the_gp_of_a_patient_whose_residence_the_care_system_may_not_see(Gradering gradering, boolean spurt) {
        Adresse hjemme = Eksempelpersoner.veg("Storgata", 1, null, "4608", "KRISTIANSAND S", "4601", gradering);
        Person pasient = Eksempelpersoner.voksen(FNR_ETTER_DNUMMER, "Ana", "Silva", gradering, hjemme);
        List<List<Object[]>> rader = new ArrayList<>();
        JdbcTemplate jdbc = database(List.of(Eksempelpersoner.hendelse(1, Hendelsestype.ENDRING_I_BOSTEDSADRESSE, FNR_ETTER_DNUMMER)), rader);
        FolkeregisterClient freg = mock(FolkeregisterClient.class);
        when(freg.bulkSize()).thenReturn(1000);
        when(freg.bulkoppslag(any(), any())).thenReturn(new BulkResult(Map.of(FNR_ETTER_DNUMMER, pasient), Set.of(), 1));
        no.kommune.esb.nhn.FastlegeClient nhn = mock(no.kommune.esb.nhn.FastlegeClient.class);
        no.kommune.esb.model.Fastlege lege = new no.kommune.esb.model.Fastlege(9460100, "Kari Nordmann", "Sentrum Legesenter", "912345678", 1460100L);
        when(nhn.fastleger(any())).thenAnswer(inv -> ((Collection<Identitetsnummer>) inv.getArgument(0)).stream()
                .collect(Collectors.toMap(i -> i, i -> lege)));
        ObjectProvider<no.kommune.esb.nhn.FastlegeClient> fastlege = mock(ObjectProvider.class);
        when(fastlege.getIfAvailable()).thenReturn(nhn);
        when(fastlege.getObject()).thenReturn(nhn);
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        HendelseFordeler fordeler = new HendelseFordeler(jdbc, transaksjoner(), freg, FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")),
                mock(ObjectProvider.class), fastlege, new SimpleMeterRegistry(), 1000, Duration.ofSeconds(5), registerstans);

        assertThat(fordeler.fordel()).isEqualTo(1);

        String dokument = rader.stream().flatMap(List::stream).filter(r -> r[1].equals("pleie-omsorg")).map(r -> r[3].toString())
                .reduce((a, b) -> a + b).orElseThrow();
        if (spurt) {
            assertThat(dokument).contains("\"fastlege\"", "9460100").doesNotContain("fastlegeTilbakeholdt");
        } else {
            assertThat(dokument).contains("\"fastlegeTilbakeholdt\":true").doesNotContain("\"fastlege\"", "9460100", "Sentrum Legesenter", "912345678");
            org.mockito.Mockito.verify(nhn, org.mockito.Mockito.never()).fastleger(any());
        }
    }

    /** personidentitet holding {@code annet} under the key of {@code nummer} (a query with {@code nummer} among its numbers finds it). */
    private static void knyttet(JdbcTemplate jdbc, Identitetsnummer nummer, Identitetsnummer annet) {
        doAnswer(inv -> {
            String[] numre = (String[]) inv.getArguments()[2];
            if (java.util.Arrays.asList(numre).contains(nummer.value())) {
                java.sql.ResultSet rs = mock(java.sql.ResultSet.class);
                when(rs.getString(1)).thenReturn(nummer.value());
                when(rs.getString(2)).thenReturn(annet.value());
                inv.<org.springframework.jdbc.core.RowCallbackHandler>getArgument(1).processRow(rs);
            }
            return null;
        }).when(jdbc).query(org.mockito.ArgumentMatchers.contains("from personidentitet a join personidentitet b"),
                any(org.springframework.jdbc.core.RowCallbackHandler.class), any(Object[].class));
    }

    /** The portfolio table holding {@code medlemmer} for every portfolio registration: answers the numbers asked that it holds. */
    private static void portefolje(JdbcTemplate jdbc, String... medlemmer) {
        doAnswer(inv -> {
            Object[] a = inv.getArguments();
            List<String> spurt = java.util.Arrays.asList((String[]) a[a.length - 1]);
            return java.util.Arrays.stream(medlemmer).filter(spurt::contains).toList();
        }).when(jdbc).queryForList(org.mockito.ArgumentMatchers.startsWith("select identifikator from portefolje"),
                org.mockito.ArgumentMatchers.eq(String.class), any(), any());
    }

    private static Person doed(Identitetsnummer id, String fornavn) {
        return new Person(id, no.kommune.esb.model.Personstatus.DOED, new Navn(fornavn, null, "Johansen"),
                LocalDate.of(1938, 12, 24), LocalDate.of(2026, 11, 19), Gradering.UGRADERT, null, null, null, false, null, null,
                List.of(), List.of(), List.of(), List.of());
    }

    /** Names that could not be checked are not sent: the batch fails as on any register error, and waits before it is taken again. */
    @Test
    @SuppressWarnings("unchecked")
    void should_send_nothing_and_wait_when_the_co_owners_look_up_fails() {
        Eierbatch b = new Eierbatch();
        // the batch's persons are answered, the owners' call fails
        when(b.freg.bulkoppslag(any(), any())).thenAnswer(inv -> {
            BulkResult svar = b.svar(inv.getArgument(0));
            if (b.kall.size() == 2) {
                throw new RegisterException("folkeregisteret", RegisterException.Kind.UNAVAILABLE, 503, "bulk lookup failed (HTTP 503)");
            }
            return svar;
        });

        assertThat(b.fordeler.fordel()).isZero();
        assertThat(b.fordeler.fordel()).as("the next tick waits").isZero();

        assertThat(b.kall).containsExactly(List.of(EIER), List.of(EKTEFELLE));
        assertThat(b.rader).as("no delivery rows").isEmpty();
        verify(b.tx, times(1)).execute(any());
    }

    /**
     * A batch reads the registrations when it begins; a reload while it waits on Folkeregisteret (here during its bulk
     * call) cannot mark its rows, which are not committed yet. So at the insert the batch asks, under the registration
     * lock, whether each registration it used is still live: the school's, narrowed meanwhile, gets its row to be made
     * again under the live one ({@code MINIMERES}); the others, and the school's after an edit that lets the same data
     * through, wait as made.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} → {2}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "felter: [IDENTITETSNUMMER, NAVN, ADRESSE] | felter: [IDENTITETSNUMMER, NAVN] | MINIMERES",
            "schedule: \"0 0 5 * * *\"                 | schedule: \"0 0 6 * * *\"       | VENTER",
    })
    @SuppressWarnings("unchecked")
    void should_store_a_batchs_rows_to_be_made_again_when_a_reload_changed_their_registration_while_the_batch_was_made(
            String fra, String til, String skolensStatus, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Adresse hjemme = Eksempelpersoner.veg("Storgata", 1, null, "5003", "BERGEN", "4601", Gradering.UGRADERT);
        Person barn = Eksempelpersoner.person(BARN, new Navn("Emma", null, "Berg"), LocalDate.of(2017, 3, 15), Gradering.UGRADERT, hjemme,
                List.of(new Familierelasjon(MOR, Rolle.MOR, Rolle.BARN), new Familierelasjon(FAR, Rolle.FAR, Rolle.BARN)), List.of(), List.of());
        Map<Identitetsnummer, Person> register = Eksempelpersoner.map(barn, Eksempelpersoner.voksen(MOR, "Kari", "Berg", Gradering.UGRADERT, hjemme),
                Eksempelpersoner.voksen(FAR, "Per", "Olsen", Gradering.UGRADERT, hjemme));
        List<List<Object[]>> rader = new ArrayList<>();
        JdbcTemplate jdbc = database(List.of(Eksempelpersoner.hendelse(1, Hendelsestype.ENDRING_I_BOSTEDSADRESSE, BARN)), rader);
        FagsystemRegistry registry = FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings"));
        FagsystemLoaderTest.copy(Path.of("config/fagsystemer"), dir);
        FagsystemLoaderTest.replace(dir.resolve("skole.yaml"), fra, til);
        FagsystemLoader.Resultat endret = FagsystemLoader.last(dir, Path.of("mappings"));
        FolkeregisterClient freg = mock(FolkeregisterClient.class);
        when(freg.bulkSize()).thenReturn(1000);
        when(freg.bulkoppslag(any(), any())).thenAnswer(inv -> {
            // the reload goes live while the batch waits on the register
            registry.erstatt(endret);
            Collection<Identitetsnummer> ider = inv.getArgument(0);
            return new BulkResult(ider.stream().collect(Collectors.toMap(i -> i, register::get)), Set.of(), 1);
        });
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        HendelseFordeler fordeler = new HendelseFordeler(jdbc, transaksjoner(), freg, registry, mock(ObjectProvider.class), mock(ObjectProvider.class),
                new SimpleMeterRegistry(), 1000, Duration.ofSeconds(5), registerstans);

        assertThat(fordeler.fordel()).isEqualTo(1);

        // a row's values: sequence number, fagsystem, message kind, document, status
        assertThat(rader).hasSize(1);
        assertThat(rader.get(0)).filteredOn(r -> r[1].equals("skole")).singleElement().satisfies(r -> assertThat(r[4]).isEqualTo(skolensStatus));
        assertThat(rader.get(0)).filteredOn(r -> !r[1].equals("skole")).isNotEmpty().allSatisfy(r -> assertThat(r[4]).isEqualTo("VENTER"));
        // the registration lock is taken before the question and the insert, and held to the batch's commit
        org.mockito.InOrder rekkefoelge = org.mockito.Mockito.inOrder(jdbc);
        rekkefoelge.verify(jdbc).execute(org.mockito.ArgumentMatchers.startsWith("select pg_advisory_xact_lock_shared("));
        rekkefoelge.verify(jdbc).query(org.mockito.ArgumentMatchers.startsWith("insert into levering"),
                any(org.springframework.jdbc.core.RowCallbackHandler.class), any(Object[].class));
    }

    /**
     * A proactive trigger's message rows are made by the fan-out's code under the registration its round read; a reload
     * that narrows it before the round's insert cannot mark them (not committed yet). So the trigger's writer asks under
     * the registration lock, as the fan-out batch does: rows made under a changed registration are stored to be made
     * again ({@code MINIMERES}); after an edit that lets the same data through they wait as made. Before, they waited
     * as made either way, and went out with the address the narrowed registration no longer gives.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0} → {2}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "felter: [IDENTITETSNUMMER, NAVN, ADRESSE, STATUS | felter: [IDENTITETSNUMMER, NAVN, STATUS | MINIMERES",
            "navn: Pleie- og omsorgsjournal                   | navn: Pleie- og omsorgsjournal (ny)      | VENTER",
    })
    @SuppressWarnings("unchecked")
    void should_store_a_triggers_message_rows_to_be_made_again_when_a_reload_changed_the_registration_they_were_made_under(
            String fra, String til, String status, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        List<List<Object[]>> rader = new ArrayList<>();
        JdbcTemplate jdbc = database(List.of(), rader);
        FagsystemRegistry registry = FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings"));
        Fagsystem brukt = registry.finn("pleie-omsorg").orElseThrow();
        FagsystemLoaderTest.copy(Path.of("config/fagsystemer"), dir);
        FagsystemLoaderTest.replace(dir.resolve("pleie-omsorg.yaml"), fra, til);
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        HendelseFordeler fordeler = new HendelseFordeler(jdbc, transaksjoner(), mock(FolkeregisterClient.class), registry, mock(ObjectProvider.class),
                mock(ObjectProvider.class), new SimpleMeterRegistry(), 1000, Duration.ofSeconds(5), registerstans);
        // the reload goes live after the trigger's round made its documents under the registration it read
        registry.erstatt(FagsystemLoader.last(dir, Path.of("mappings")));

        fordeler.lagreLeveringer("proaktiv/doedsfall-pleie-omsorg",
                List.of(new HendelseFordeler.Levering(7, brukt, com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode())),
                fordeler.skjermingsrunde());

        // a row's values: sequence number, fagsystem, message kind, document, status
        assertThat(rader).singleElement().satisfies(rad -> assertThat(rad).singleElement().satisfies(r -> {
            assertThat(r[2]).isEqualTo("proaktiv/doedsfall-pleie-omsorg");
            assertThat(r[4]).isEqualTo(status);
        }));
        org.mockito.InOrder rekkefoelge = org.mockito.Mockito.inOrder(jdbc);
        rekkefoelge.verify(jdbc).execute(org.mockito.ArgumentMatchers.startsWith("select pg_advisory_xact_lock_shared("));
        rekkefoelge.verify(jdbc).query(org.mockito.ArgumentMatchers.startsWith("insert into levering"),
                any(org.springframework.jdbc.core.RowCallbackHandler.class), any(Object[].class));
    }

    /**
     * Marked rows are made again per (fagsystem, message kind): pleie-omsorg's event row of an event type it does not
     * subscribe to is skipped, while a trigger's message row of the same event (the trigger chose the event, as {@code
     * dokumenter} makes it) gets a new document made under the live registration and waits again, under its own kind.
     * Before, only event rows were taken ({@code melding = ''}): a trigger's row was never made again.
     */
    @Test
    @SuppressWarnings("unchecked")
    void should_make_a_triggers_marked_message_row_again_under_its_own_kind_whatever_the_registration_subscribes_to() {
        List<List<Object[]>> rader = new ArrayList<>();
        JdbcTemplate jdbc = database(List.of(), rader);
        String melding = "proaktiv/doedsfall-pleie-omsorg";
        when(jdbc.queryForList(org.mockito.ArgumentMatchers.contains("where l.status = 'MINIMERES'"), any(Object[].class))).thenReturn(List.of(
                Map.of("sekvensnummer", 1L, "fagsystem", "pleie-omsorg", "melding", "", "identifikator", PASIENT.value(),
                        "hendelsetype", Hendelsestype.PERSON_ER_BOSATT.registerName()),
                Map.of("sekvensnummer", 1L, "fagsystem", "pleie-omsorg", "melding", melding, "identifikator", PASIENT.value(),
                        "hendelsetype", Hendelsestype.PERSON_ER_BOSATT.registerName())));
        FolkeregisterClient freg = mock(FolkeregisterClient.class);
        when(freg.bulkSize()).thenReturn(1000);
        when(freg.bulkoppslag(any(), any())).thenReturn(new BulkResult(Eksempelpersoner.map(Eksempelpersoner.voksen(PASIENT, "Per", "Syk",
                Gradering.UGRADERT, Eksempelpersoner.veg("Storgata", 1, null, "5003", "BERGEN", "4601", Gradering.UGRADERT))), Set.of(), 1));
        TransactionTemplate tx = transaksjoner();
        org.mockito.Mockito.doAnswer(inv -> {
            inv.<java.util.function.Consumer<org.springframework.transaction.TransactionStatus>>getArgument(0).accept(null);
            return null;
        }).when(tx).executeWithoutResult(any());
        Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
        HendelseFordeler fordeler = new HendelseFordeler(jdbc, tx, freg, FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")),
                mock(ObjectProvider.class), mock(ObjectProvider.class), new SimpleMeterRegistry(), 1000, Duration.ofSeconds(5), registerstans);

        fordeler.fordel();

        org.mockito.ArgumentCaptor<List<Object[]>> nye = org.mockito.ArgumentCaptor.forClass(List.class);
        verify(jdbc).batchUpdate(org.mockito.ArgumentMatchers.startsWith("update levering set dokument = ?"), nye.capture());
        assertThat(nye.getValue()).singleElement().satisfies(r -> {
            assertThat(java.util.Arrays.asList(r).subList(3, r.length)).containsExactly(1L, "pleie-omsorg", melding);
            assertThat((String) r[0]).contains("\"hendelsetype\":\"personErBosatt\"");
            assertThat(r[1]).as("no property units, no owners' numbers").isNull();
            assertThat((String[]) r[2]).as("its own person's address, no related person").containsExactly("person:" + PASIENT.value());
        });
        org.mockito.ArgumentCaptor<List<Object[]>> hoppetOver = org.mockito.ArgumentCaptor.forClass(List.class);
        verify(jdbc).batchUpdate(org.mockito.ArgumentMatchers.startsWith("update levering set status = 'HOPPET_OVER'"), hoppetOver.capture());
        assertThat(hoppetOver.getValue()).singleElement().satisfies(r -> assertThat(List.of(r)).containsExactly(1L, "pleie-omsorg", ""));
    }

    /**
     * A former patient who moved out of 4601 and whom pleie-omsorg had: the first of the batch's events tells it of the
     * move and is recorded, the later ones stay away; once told (a record from an earlier batch), none go, except the
     * event that told it, made again (a reload, a replay). Before, "had a delivery before" never ended: every event went.
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "told before at {0}: delivered {1}, recorded {2}")
    @org.junit.jupiter.params.provider.CsvSource(nullValues = "-", value = {
            "-, 1, 1",
            "0, -, -",
            "1, 1, -",
    })
    void should_tell_a_kommune_fagsystem_once_that_a_person_it_had_moved_out_and_then_stop_their_events(Long varslet, Long levert, Long registrert) {
        Utflyttet u = new Utflyttet(varslet, Eksempelpersoner.veg("Karl Johans gate", 1, null, "0154", "OSLO", "0301", Gradering.UGRADERT));

        assertThat(u.fordeler.fordel()).isEqualTo(2);

        assertThat(u.tilPleie()).as("pleie-omsorg's rows").containsExactlyElementsOf(levert == null ? List.of() : List.of(levert));
        assertThat(u.registrert()).as("moves out recorded").containsExactlyElementsOf(
                registrert == null ? List.<List<Object>>of() : List.of(List.<Object>of("pleie-omsorg", PASIENT.value(), registrert)));
    }

    /** A person back in the kommune is in its population: every event goes, and the record of the move out is ended. */
    @Test
    void should_deliver_a_person_back_in_the_kommune_and_end_the_record_of_the_move_out() {
        Utflyttet u = new Utflyttet(0L, Eksempelpersoner.veg("Storgata", 1, null, "4608", "KRISTIANSAND S", "4601", Gradering.UGRADERT));

        assertThat(u.fordeler.fordel()).isEqualTo(2);

        assertThat(u.tilPleie()).containsExactly(1L, 2L);
        assertThat(u.registrert()).isEmpty();
        // a record of an earlier event ends, by her latest event's place (UtflyttingRekkefoelgeTest: whatever the commit order)
        verify(u.jdbc).update(org.mockito.ArgumentMatchers.startsWith("delete from populasjon_utflyttet"),
                org.mockito.ArgumentMatchers.eq(new String[]{PASIENT.value()}), org.mockito.ArgumentMatchers.eq(new Long[]{2L}),
                org.mockito.ArgumentMatchers.eq("pleie-omsorg"));
    }

    /**
     * Two events (a move, a name change) of a patient pleie-omsorg has had ({@code levering} answers that it had), who
     * now lives at {@code bosted}; {@code varslet}: the event an earlier batch recorded as telling it of the move out.
     */
    @SuppressWarnings("unchecked")
    private static final class Utflyttet {
        final List<List<Object[]>> rader = new ArrayList<>();
        final JdbcTemplate jdbc;
        final HendelseFordeler fordeler;

        Utflyttet(Long varslet, Adresse bosted) {
            jdbc = database(List.of(Eksempelpersoner.hendelse(1, Hendelsestype.ENDRING_I_BOSTEDSADRESSE, PASIENT),
                    Eksempelpersoner.hendelse(2, Hendelsestype.ENDRING_I_NAVN, PASIENT)), rader);
            when(jdbc.queryForList(org.mockito.ArgumentMatchers.contains("from levering l join hendelse h"), org.mockito.ArgumentMatchers.eq(String.class),
                    any(Object[].class))).thenReturn(List.of(PASIENT.value()));
            when(jdbc.queryForList(org.mockito.ArgumentMatchers.contains("from populasjon_utflyttet"), any(Object[].class))).thenAnswer(inv ->
                    varslet == null ? List.of() : List.of(Map.<String, Object>of("identifikator", PASIENT.value(), "sekvensnummer", varslet)));
            FolkeregisterClient freg = mock(FolkeregisterClient.class);
            when(freg.bulkSize()).thenReturn(1000);
            when(freg.bulkoppslag(any(), any())).thenReturn(new BulkResult(Eksempelpersoner.map(
                    Eksempelpersoner.voksen(PASIENT, "Per", "Syk", Gradering.UGRADERT, bosted)), Set.of(), 1));
            Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
            fordeler = new HendelseFordeler(jdbc, transaksjoner(), freg, FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")),
                    mock(ObjectProvider.class), mock(ObjectProvider.class), new SimpleMeterRegistry(), 1000, Duration.ofSeconds(5), registerstans);
        }

        /** The sequence numbers of pleie-omsorg's delivery rows (a delivery row: sequence number, fagsystem, message kind, document, status, order). */
        List<Long> tilPleie() {
            return rader.stream().flatMap(List::stream).filter(r -> r.length >= 5 && "pleie-omsorg".equals(r[1])).map(r -> (Long) r[0]).toList();
        }

        /** The moves out recorded: (fagsystem, identifikator, sequence number) of pleie-omsorg. */
        List<List<Object>> registrert() {
            // each insert's parameters: fagsystem, identifikator, sequence number, then the same for the later-row check
            return rader.stream().flatMap(List::stream).filter(r -> r.length == 8 && "pleie-omsorg".equals(r[0]))
                    .map(r -> List.of(r[0], r[1], r[2])).toList();
        }
    }

    /** A database whose new events are {@code hendelser} and whose delivery rows (each batch insert's rows) go to {@code rader}. */
    @SuppressWarnings("unchecked")
    private static JdbcTemplate database(List<FeedHendelse> hendelser, List<List<Object[]>> rader) {
        JdbcTemplate jdbc = mock(JdbcTemplate.class);
        doReturn(hendelser).when(jdbc).query(anyString(), any(RowMapper.class), any());
        when(jdbc.batchUpdate(anyString(), anyList())).thenAnswer(inv -> {
            // the screening guard's records of protected persons (Skjermingsvakt) are not delivery rows
            if (!inv.<String>getArgument(0).startsWith("insert into skjerming_kjent")) {
                rader.add(inv.getArgument(1));
            }
            return new int[((List<?>) inv.getArgument(1)).size()];
        });
        // rows marked for a new minimisation: the round looks (its claim answers none unless a test says otherwise)
        // (the status written into the probe, not bound: NyMinimering.MERKET_FINNES)
        when(jdbc.queryForObject(org.mockito.ArgumentMatchers.startsWith("select exists (select 1 from levering where status"),
                org.mockito.ArgumentMatchers.eq(Boolean.class))).thenReturn(true);
        // the rows are inserted in one statement of arrays (Leveringslager.lagre): kept as the rows they hold
        doAnswer(inv -> {
            Object[] a = inv.getArguments();
            Long[] seq = (Long[]) a[3];
            List<Object[]> rad = new ArrayList<>();
            for (int i = 0; i < seq.length; i++) {
                String eiere = ((String[]) a[8])[i];
                rad.add(new Object[]{seq[i], ((String[]) a[4])[i], a[2], ((String[]) a[5])[i], ((String[]) a[6])[i], ((Long[]) a[7])[i],
                        eiere == null ? null : java.util.Arrays.stream(eiere.substring(1, eiere.length() - 1).split(","))
                                .map(e -> e.equals("NULL") ? null : e.substring(1, e.length() - 1)).toArray(String[]::new)});
            }
            rader.add(rad);
            return null;
        }).when(jdbc).query(org.mockito.ArgumentMatchers.startsWith("insert into levering"),
                any(org.springframework.jdbc.core.RowCallbackHandler.class), any(Object[].class));
        return jdbc;
    }

    /** Transactions that run their callback at once. */
    private static TransactionTemplate transaksjoner() {
        TransactionTemplate tx = mock(TransactionTemplate.class);
        when(tx.execute(any())).thenAnswer(inv -> inv.<TransactionCallback<Object>>getArgument(0).doInTransaction(null));
        return tx;
    }

    /**
     * One event of an owner whose home is owned 1/2 + 1/2 with a strengt fortrolig spouse, fanned out with the shipped
     * registrations and a Matrikkelen that answers every address with that unit; {@code kall}: the ids of each bulk call.
     */
    @SuppressWarnings("unchecked")
    private static final class Eierbatch {
        final Adresse hjemme = Eksempelpersoner.veg("Storgata", 1, null, "4608", "KRISTIANSAND S", "4601", Gradering.UGRADERT);
        final Map<Identitetsnummer, Person> register;
        final List<List<Identitetsnummer>> kall = new ArrayList<>();
        final List<List<Object[]>> rader = new ArrayList<>();
        final FolkeregisterClient freg = mock(FolkeregisterClient.class);
        final TransactionTemplate tx = transaksjoner();
        final HendelseFordeler fordeler;

        Eierbatch() {
            this(false);
        }

        /** {@code medBarn}: the owner has a child (whom the care registration asks for as next of kin). */
        Eierbatch(boolean medBarn) {
            Person eier = medBarn
                    ? Eksempelpersoner.person(EIER, new Navn("Ingrid", null, "Haugen"), null, Gradering.UGRADERT, hjemme,
                            List.of(new Familierelasjon(BARN, Rolle.BARN, Rolle.MOR)), List.of(), List.of())
                    : Eksempelpersoner.voksen(EIER, "Ingrid", "Haugen", Gradering.UGRADERT, hjemme);
            register = Eksempelpersoner.map(eier, Eksempelpersoner.voksen(EKTEFELLE, "Ola", "Haugen", Gradering.STRENGT_FORTROLIG, hjemme),
                    Eksempelpersoner.person(BARN, new Navn("Emma", null, "Haugen"), LocalDate.of(2017, 3, 15), Gradering.UGRADERT, hjemme,
                            List.of(new Familierelasjon(EIER, Rolle.MOR, Rolle.BARN)), List.of(), List.of()));
            JdbcTemplate jdbc = database(List.of(Eksempelpersoner.hendelse(1, Hendelsestype.ENDRING_I_BOSTEDSADRESSE, EIER)), rader);
            when(freg.bulkSize()).thenReturn(1000);
            Matrikkelenhet enhet = new Matrikkelenhet(1, new Matrikkelenhet.Matrikkelnummer("4601", 12, 1, 0, 0), Matrikkelenhet.Type.GRUNNEIENDOM,
                    List.of(new Matrikkelenhet.Eierandel(Eier.person(EIER, "Haugen Ingrid"), 1, 2),
                            new Matrikkelenhet.Eierandel(Eier.person(EKTEFELLE, "Haugen Ola"), 1, 2)));
            MatrikkelClient matrikkel = mock(MatrikkelClient.class);
            when(matrikkel.matrikkelenheterForAdresser(any())).thenAnswer(inv -> ((Collection<Vegadresseident>) inv.getArgument(0)).stream()
                    .collect(Collectors.toMap(a -> a, a -> List.of(enhet))));
            ObjectProvider<MatrikkelClient> matrikkelen = mock(ObjectProvider.class);
            when(matrikkelen.getIfAvailable()).thenReturn(matrikkel);
            when(matrikkelen.getObject()).thenReturn(matrikkel);
            Registerstans registerstans = new Registerstans(new SimpleMeterRegistry(), jdbc, Duration.ofMinutes(5), 0.2, Duration.ofMinutes(15));
            fordeler = new HendelseFordeler(jdbc, tx, freg, FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings")),
                    matrikkelen, mock(ObjectProvider.class), new SimpleMeterRegistry(), 1000, Duration.ofSeconds(5), registerstans);
        }

        BulkResult svar(Collection<Identitetsnummer> ider) {
            kall.add(new ArrayList<>(ider));
            return new BulkResult(ider.stream().collect(Collectors.toMap(i -> i, register::get)), Set.of(), 1);
        }
    }
}
