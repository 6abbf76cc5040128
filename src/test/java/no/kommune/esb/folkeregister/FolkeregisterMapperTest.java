package no.kommune.esb.folkeregister;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Familierelasjon;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personhistorikk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mapper rules the real examples do not show: grading fails closed, id history, shared residence, partners. */
class FolkeregisterMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FolkeregisterMapper mapper = new FolkeregisterMapper();

    private static final String ID = """
            "identifikasjonsnummer":[{"erGjeldende":true,"status":"iBruk","foedselsEllerDNummer":"02851798067"}]""";

    private Person map(String body) throws IOException {
        return mapper.toPerson(JSON.readTree("{" + body + "}"));
    }

    @ParameterizedTest(name = "adressebeskyttelse={0}, adressegradering={1} -> address {2}, person {3}")
    @CsvSource({
            "ugradert, ugradert, UGRADERT, UGRADERT",
            "ugradert, fortrolig, FORTROLIG, FORTROLIG",
            "strengtFortrolig, ugradert, STRENGT_FORTROLIG, STRENGT_FORTROLIG",
            "ugradert, klientadresse, KLIENTADRESSE, KLIENTADRESSE",
            "ugradert, ukjentNyVerdi, STRENGT_FORTROLIG, STRENGT_FORTROLIG",
            "fortrolig, '', FORTROLIG, FORTROLIG"})
    void should_grade_each_address_at_least_as_strict_as_the_person(String beskyttelse, String adressegradering,
                                                                   Gradering address, Gradering person) throws IOException {
        Person p = map(ID + """
                ,"adressebeskyttelse":[{"erGjeldende":true,"graderingsnivaa":"%s"}],
                "bostedsadresse":[{"erGjeldende":true,"adressegradering":"%s",
                   "vegadresse":{"kommunenummer":"3112","adressenavn":"Gata","adressenummer":{"husnummer":"4","husbokstav":"B"}}}]
                """.formatted(beskyttelse, adressegradering));

        assertThat(p.bostedsadresse().gradering()).isEqualTo(address);
        assertThat(p.gradering()).isEqualTo(person);
        assertThat(((Adresse.Vegadresse) p.bostedsadresse()).husbokstav()).isEqualTo("B");
    }

    @Test
    void should_take_the_strictest_grading_from_an_oppholdsadresse_too() throws IOException {
        Person p = map(ID + """
                ,"oppholdsadresse":[{"erGjeldende":true,"adressegradering":"strengtFortrolig"}]""");

        assertThat(p.gradering()).isEqualTo(Gradering.STRENGT_FORTROLIG);
    }

    @Test
    void should_keep_the_kommune_of_a_deceased_persons_last_residence_without_making_the_address_current() throws IOException {
        String bosteder = """
                ,"bostedsadresse":[
                  {"erGjeldende":false,"gyldighetstidspunkt":"1990-01-01T00:00:00+01:00","opphoerstidspunkt":"2015-03-01T00:00:00+01:00",
                   "vegadresse":{"kommunenummer":"0301","adressenavn":"Gata"}},
                  {"erGjeldende":false,"gyldighetstidspunkt":"2015-03-01T00:00:00+01:00","ajourholdstidspunkt":"2015-03-02T00:00:00+01:00",
                   "opphoerstidspunkt":"2026-11-19T00:00:00+01:00","vegadresse":{"kommunenummer":"4602","adressenavn":"Feilført"}},
                  {"erGjeldende":false,"gyldighetstidspunkt":"2015-03-01T00:00:00+01:00","ajourholdstidspunkt":"2016-01-01T00:00:00+01:00",
                   "opphoerstidspunkt":"2026-11-19T00:00:00+01:00","vegadresse":{"kommunenummer":"4601","adressenavn":"Rettet"}}]""";
        Person doed = map(ID + ",\"status\":[{\"erGjeldende\":true,\"status\":\"doed\"}]" + bosteder);
        Person levende = map(ID + ",\"status\":[{\"erGjeldende\":true,\"status\":\"utflyttet\"}]" + bosteder);

        assertThat(doed.bostedsadresse()).isNull();
        assertThat(doed.kommunenummer()).isNull();
        // the latest residence, and of two entries valid from the same time the later correction
        assertThat(doed.kommuneVedDoedsfall()).isEqualTo("4601");
        assertThat(doed.sisteKommunenummer()).isEqualTo("4601");
        assertThat(levende.kommuneVedDoedsfall()).isNull();
        assertThat(levende.sisteKommunenummer()).isNull();
    }

    @Test
    void should_give_no_kommune_at_death_to_a_person_who_had_left_the_residence_before_dying() throws IOException {
        // as contract example 02851798067: utflyttet, its one residence ended at the move; then the death abroad
        String utflyttetOgDoed = ID + """
                ,"status":[{"erGjeldende":true,"status":"doed"},{"erGjeldende":false,"status":"utflyttet"}]
                ,"doedsfall":[{"erGjeldende":true,"doedsdato":"2026-03-01"}]
                ,"bostedsadresse":[{"erGjeldende":false,"gyldighetstidspunkt":"2010-05-01T00:00:00+02:00",
                   "opphoerstidspunkt":"2025-01-14T00:00:00+01:00","vegadresse":{"kommunenummer":"5610","adressenavn":"Gata"}}]""";
        // died the day the residence ended (the register ends it at the death, late in the evening in UTC)
        String doedHjemme = ID + """
                ,"status":[{"erGjeldende":true,"status":"doed"}]
                ,"doedsfall":[{"erGjeldende":true,"doedsdato":"2026-03-01"}]
                ,"bostedsadresse":[{"erGjeldende":false,"gyldighetstidspunkt":"2010-05-01T00:00:00+02:00",
                   "opphoerstidspunkt":"2026-02-28T23:30:00Z","vegadresse":{"kommunenummer":"5610","adressenavn":"Gata"}}]""";

        assertThat(map(utflyttetOgDoed).kommuneVedDoedsfall()).isNull();
        assertThat(map(utflyttetOgDoed).sisteKommunenummer()).isNull();
        assertThat(map(doedHjemme).kommuneVedDoedsfall()).isEqualTo("5610");
    }

    @Test
    void should_move_a_replaced_dnummer_to_earlier_identities() throws IOException {
        Person p = map("""
                "identifikasjonsnummer":[
                  {"erGjeldende":true,"status":"iBruk","foedselsEllerDNummer":"02851798067","gyldighetstidspunkt":"2024-01-01T00:00:00+01:00"},
                  {"erGjeldende":false,"status":"opphoert","foedselsEllerDNummer":"41919701143","gyldighetstidspunkt":"2020-01-01T00:00:00+01:00"}]""");

        assertThat(p.id()).isEqualTo(Identitetsnummer.of("02851798067"));
        assertThat(p.tidligereIdentiteter()).containsExactly(Identitetsnummer.of("41919701143"));
    }

    @Test
    void should_pick_the_latest_current_entry_when_several_are_current() throws IOException {
        Person p = map(ID + """
                ,"navn":[{"erGjeldende":true,"fornavn":"GAMMEL","etternavn":"X","gyldighetstidspunkt":"2001-01-01T00:00:00+01:00"},
                         {"erGjeldende":true,"fornavn":"NY","etternavn":"X","gyldighetstidspunkt":"2020-01-01T00:00:00+01:00"},
                         {"erGjeldende":false,"fornavn":"HISTORISK","etternavn":"X","gyldighetstidspunkt":"2030-01-01T00:00:00+01:00"}]""");

        assertThat(p.navn().fornavn()).isEqualTo("NY");
    }

    @Test
    void should_give_earlier_residences_and_names_newest_first_graded_at_least_as_the_person_is_now() throws IOException {
        Personhistorikk h = mapper.historikk(JSON.readTree("{" + ID + """
                ,"adressebeskyttelse":[{"erGjeldende":true,"graderingsnivaa":"fortrolig"}],
                "bostedsadresse":[
                  {"erGjeldende":true,"adressegradering":"fortrolig","vegadresse":{"adressenavn":"Naa","adressenummer":{"husnummer":"1"}}},
                  {"erGjeldende":false,"adressegradering":"ugradert","gyldighetstidspunkt":"2010-01-01T00:00:00+01:00",
                   "opphoerstidspunkt":"2015-01-01T00:00:00+01:00","vegadresse":{"adressenavn":"Eldst","adressenummer":{"husnummer":"2"}}},
                  {"erGjeldende":false,"adressegradering":"ugradert","gyldighetstidspunkt":"2015-01-01T00:00:00+01:00",
                   "vegadresse":{"adressenavn":"Nyere","adressenummer":{"husnummer":"3"}}}],
                "navn":[{"erGjeldende":true,"fornavn":"NY","etternavn":"X"},{"erGjeldende":false,"fornavn":"GAMMEL","etternavn":"Y"}]}"""));

        assertThat(h.bostedsadresser()).extracting(t -> ((Adresse.Vegadresse) t.verdi()).adressenavn()).containsExactly("Nyere", "Eldst");
        assertThat(h.bostedsadresser()).allSatisfy(t -> assertThat(t.verdi().gradering()).isEqualTo(Gradering.FORTROLIG));
        assertThat(h.bostedsadresser().get(1).opphoert()).isEqualTo(java.time.Instant.parse("2014-12-31T23:00:00Z"));
        assertThat(h.navn()).extracting(t -> t.verdi().fornavn()).containsExactly("GAMMEL");
    }

    @Test
    void should_name_the_kommune_of_the_latest_historic_residence_as_the_previous_one() throws IOException {
        JsonNode doc = JSON.readTree("{" + ID + """
                ,"bostedsadresse":[
                  {"erGjeldende":true,"gyldighetstidspunkt":"2026-01-01T00:00:00+01:00","vegadresse":{"kommunenummer":"4601","adressenavn":"A","husnummer":1}},
                  {"erGjeldende":false,"gyldighetstidspunkt":"2020-01-01T00:00:00+01:00","vegadresse":{"kommunenummer":"0301","adressenavn":"B","husnummer":2}},
                  {"erGjeldende":false,"gyldighetstidspunkt":"2010-01-01T00:00:00+01:00","matrikkeladresse":{"kommunenummer":"5001"}}]}""");

        assertThat(mapper.forrigeBostedskommune(doc)).contains("0301");
        assertThat(mapper.forrigeBostedskommune(JSON.readTree("{" + ID + "}"))).as("no earlier residence: moved in from abroad").isEmpty();
    }

    @Test
    void should_treat_entries_without_the_flag_as_current_unless_ceased() throws IOException {
        Person p = map(ID + """
                ,"status":[{"status":"utflyttet","opphoerstidspunkt":"2020-01-01T00:00:00+01:00"},{"status":"bosatt"}]""");

        assertThat(p.status()).hasToString("BOSATT");
    }

    @Test
    void should_map_shared_residence_with_its_contract_period() throws IOException {
        Person p = map(ID + """
                ,"deltBosted":[{"erGjeldende":true,"adressegradering":"ugradert","startdatoForKontrakt":"2024-08-01",
                   "sluttdatoForKontrakt":"2026-07-31",
                   "matrikkeladresse":{"matrikkelnummer":{"kommunenummer":"5630","gaardsnummer":11,"bruksnummer":4},
                                       "poststed":{"postnummer":"9980","poststedsnavn":"BERLEVÅG"}}}]""");

        assertThat(p.deltBosted()).singleElement().satisfies(d -> {
            assertThat(d.startdato()).isEqualTo(LocalDate.of(2024, 8, 1));
            assertThat(d.sluttdato()).isEqualTo(LocalDate.of(2026, 7, 31));
            assertThat(d.adresse()).isInstanceOfSatisfying(Adresse.Matrikkeladresse.class, m -> {
                assertThat(m.gaardsnummer()).isEqualTo(11);
                assertThat(m.kommunenummer()).isEqualTo("5630");
            });
        });
    }

    @Test
    void should_map_a_registered_partner_from_sivilstand_and_leave_out_relations_without_an_id() throws IOException {
        Person p = map(ID + """
                ,"sivilstand":[{"erGjeldende":true,"sivilstand":"registrertPartner","relatertVedSivilstand":"41919701143"}],
                "familierelasjon":[
                  {"erGjeldende":true,"relatertPerson":"41919701143","relatertPersonsRolle":"ektefelleEllerPartner","minRolleForPerson":"ektefelleEllerPartner"},
                  {"erGjeldende":true,"relatertPersonUtenFolkeregisteridentifikator":{"navn":{"fornavn":"A","etternavn":"B"}},
                   "relatertPersonsRolle":"far","minRolleForPerson":"barn"}]""");

        assertThat(p.familierelasjoner()).singleElement().satisfies(f -> {
            assertThat(f.relatertRolle()).isEqualTo(Familierelasjon.Rolle.REGISTRERT_PARTNER);
            assertThat(f.minRolle()).isEqualTo(Familierelasjon.Rolle.REGISTRERT_PARTNER);
        });
    }

    @Test
    void should_prefer_a_street_address_over_free_form_lines_for_post() throws IOException {
        Person p = map(ID + """
                ,"postadresse":[{"erGjeldende":true,"adressegradering":"ugradert",
                   "vegadresse":{"adressenavn":"Postveien","adressenummer":{"husnummer":"7"},"poststed":{"postnummer":"0150","poststedsnavn":"OSLO"}},
                   "postadresseIFrittFormat":{"adresselinje":["LINJE 1"]}}]""");

        assertThat(p.postadresse()).isInstanceOfSatisfying(Adresse.Vegadresse.class, v -> {
            assertThat(v.husnummer()).isEqualTo(7);
            assertThat(v.postnummer()).isEqualTo("0150");
            assertThat(v.kommunenummer()).isNull();
        });
    }

    /**
     * Which address elements hold a value the platform cannot read (rule 4: never printed): a value present but malformed
     * per freg.yaml, or an entry of which it cannot be told whether it is current. Absent values are readable. The slot
     * keeps what could be read (the street without its number), so the paths that only show an address are unchanged.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            husnummer som ikke er et tall     | "bostedsadresse":[{"erGjeldende":true,"vegadresse":{"adressenavn":"Gata","adressenummer":{"husnummer":"1O"}}}] | [BOSTEDSADRESSE]
            husnummer som er et tall          | "bostedsadresse":[{"erGjeldende":true,"vegadresse":{"adressenavn":"Gata","adressenummer":{"husnummer":"10"}}}] | []
            vegadresse uten adressenummer     | "bostedsadresse":[{"erGjeldende":true,"vegadresse":{"adressenavn":"Gata"}}] | []
            adressenummer uten husnummer      | "bostedsadresse":[{"erGjeldende":true,"vegadresse":{"adressenavn":"Gata","adressenummer":{"husbokstav":"A"}}}] | [BOSTEDSADRESSE]
            bruksnummer som er tekst          | "bostedsadresse":[{"erGjeldende":true,"matrikkeladresse":{"matrikkelnummer":{"gaardsnummer":1,"bruksnummer":"to"}}}] | [BOSTEDSADRESSE]
            bruksnummer som tall i tekst      | "bostedsadresse":[{"erGjeldende":true,"matrikkeladresse":{"matrikkelnummer":{"gaardsnummer":1,"bruksnummer":"2"}}}] | []
            postnummer på postboks            | "postadresse":[{"erGjeldende":true,"postboksadresse":{"postboks":"1","poststed":{"postnummer":"O150"}}}] | [POSTADRESSE]
            postnummer i fritt format         | "postadresse":[{"erGjeldende":true,"postadresseIFrittFormat":{"adresselinje":["L"],"poststed":{"postnummer":"01501"}}}] | [POSTADRESSE]
            utenlandsk postkode er fri tekst  | "postadresseIUtlandet":[{"erGjeldende":true,"utenlandskAdresse":{"adressenavn":"A","postkode":"IS-107","landkode":"ISL"}}] | []
            opphoerstidspunkt som ikke er tid | "postadresseIUtlandet":[{"opphoerstidspunkt":"i fjor","utenlandskAdresse":{"adressenavn":"A","landkode":"ISL"}}] | [POSTADRESSE_I_UTLANDET]
            opphoerstidspunkt som er tid      | "postadresseIUtlandet":[{"opphoerstidspunkt":"2020-01-01T00:00:00Z","utenlandskAdresse":{"adressenavn":"A","landkode":"ISL"}}] | []
            to gjeldende, uleselig tid        | "bostedsadresse":[{"erGjeldende":true,"gyldighetstidspunkt":"x","ukjentBosted":{}},{"erGjeldende":true,"gyldighetstidspunkt":"2020-01-01T00:00:00Z","vegadresse":{"adressenavn":"Gata"}}] | [BOSTEDSADRESSE]
            uleselig bare i ikke gjeldende    | "bostedsadresse":[{"erGjeldende":false,"vegadresse":{"adressenavn":"Gata","adressenummer":{"husnummer":"1O"}}}] | []
            """)
    void should_name_the_address_elements_that_hold_a_value_it_cannot_read(String tilfelle, String adresser, String forventet) throws IOException {
        Person p = map(ID + "," + adresser);

        assertThat(p.uleseligeAdresser().toString()).isEqualTo(forventet);
    }

    @Test
    void should_keep_the_street_of_an_unreadable_house_number_for_the_paths_that_only_show_it() throws IOException {
        Person p = map(ID + """
                ,"bostedsadresse":[{"erGjeldende":true,"vegadresse":{"adressenavn":"Gata","adressenummer":{"husnummer":"1O"}}}]""");

        assertThat(p.bostedsadresse()).isInstanceOfSatisfying(Adresse.Vegadresse.class, v -> {
            assertThat(v.adressenavn()).isEqualTo("Gata");
            assertThat(v.husnummer()).isNull();
        });
    }

    @Test
    void should_refuse_a_document_without_a_valid_identity_number_without_echoing_it() throws IOException {
        JsonNode doc = JSON.readTree("""
                {"identifikasjonsnummer":[{"erGjeldende":true,"status":"iBruk","foedselsEllerDNummer":"02851798068"}]}""");

        assertThatThrownBy(() -> mapper.toPerson(doc))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("02851798068").doesNotContain("028517");
    }
}
