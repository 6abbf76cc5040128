package no.kommune.esb.nhn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.hendelser.Dataminimering;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a Persontjenesten person's grading is read (DOMAIN.md rule 5): the person's overall {@code protectionLevel} and
 * the residence's own {@code addressConfidentiality}, the strictest; a value the contract does not list fails closed.
 * The simulator marks a client address only on the address (protectionLevel Unclassified), as the contract says.
 * And which residence is current (rule 4): only an entry marked {@code isValid: true}, never a guess.
 */
class PersontjenestenClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Identitetsnummer NIN = Identitetsnummer.of("02891652022");

    private static JsonNode person(String protectionLevel, String addressConfidentiality) throws Exception {
        String vern = protectionLevel.equals("-") ? "" : """
                "addressProtection": [{"isValid": true, "protectionLevel": "%s"}],""".formatted(protectionLevel);
        String gradering = addressConfidentiality.equals("-") ? "" : """
                "addressConfidentiality": "%s",""".formatted(addressConfidentiality);
        return JSON.readTree("""
                {"norwegianIdentificationNumber": [{"identificationNumber": "02891652022", "status": "InUse", "isValid": true}],
                 "name": [{"isValid": true, "givenName": "Noah", "familyName": "Lie"}],
                 %s
                 "residentialAddress": [{"isValid": true, %s
                   "streetAddress": {"addressName": "Skjultveien", "addressNumber": {"houseNumber": "1"}, "municipalityNumber": "4601",
                                     "addressCode": "1234", "city": {"postalCode": "5003", "cityName": "Bergen"}}}]}""".formatted(vern, gradering));
    }

    @ParameterizedTest(name = "protectionLevel {0}, addressConfidentiality {1} -> {2}, address shown to a fagsystem without beskyttedeAdresser: {3}")
    @CsvSource({
            "Unclassified,         Unclassified,         UGRADERT,          true",
            "-,                    -,                    UGRADERT,          true",
            // a blank level is not one the contract lists (its own examples carry ""): unknown, fails closed (UGRADERT before)
            "'',                   '',                   STRENGT_FORTROLIG, false",
            "Unclassified,         '',                   STRENGT_FORTROLIG, false",
            // the contract's overall levels have no client address: it is marked on the address only (failed before: UGRADERT)
            "Unclassified,         ClientAddress,        KLIENTADRESSE,     false",
            "-,                    Confidential,         FORTROLIG,         false",
            "Unclassified,         StrictlyConfidential, STRENGT_FORTROLIG, false",
            "Confidential,         Unclassified,         FORTROLIG,         false",
            "StrictlyConfidential, -,                    STRENGT_FORTROLIG, false",
            // a value the contract does not list fails closed (failed before: UGRADERT)
            "Secret,               Unclassified,         STRENGT_FORTROLIG, false",
            "Unclassified,         strengtFortrolig,     STRENGT_FORTROLIG, false",
    })
    void should_read_the_strictest_of_the_persons_and_the_residences_grading_and_fail_closed_on_an_unknown_value(
            String protectionLevel, String addressConfidentiality, Gradering forventet, boolean vises) throws Exception {
        Person p = PersontjenestenClient.person(person(protectionLevel, addressConfidentiality), NIN);

        assertThat(p.gradering()).isEqualTo(forventet);
        assertThat(Dataminimering.bostedTillatt(p, false)).isEqualTo(vises);
        if (forventet == Gradering.STRENGT_FORTROLIG) {
            // never mapped at all: nothing to leak further on
            assertThat(p.bostedsadresse()).isNull();
            assertThat(p.kommunenummer()).isNull();
        } else {
            assertThat(p.bostedsadresse().gradering()).isEqualTo(forventet);
        }
    }

    private static String bosted(String isValid, String gate) {
        String gyldig = isValid.equals("-") ? "" : "\"isValid\": " + isValid + ",";
        return """
                {%s "streetAddress": {"addressName": "%s", "addressNumber": {"houseNumber": "1"}, "municipalityNumber": "4601",
                                     "city": {"postalCode": "5003", "cityName": "Bergen"}}}""".formatted(gyldig, gate);
    }

    /**
     * The contract's {@code isValid} is FREG's erGjeldende, nullable. With no entry marked current the person has no
     * residence and no kommune (the letter flow's R4: manual handling); before, the first entry was taken as current.
     */
    @ParameterizedTest(name = "residentialAddress {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "true:Gjeldende                    | Gjeldende",
            "false:Gammel, true:Gjeldende      | Gjeldende",
            "true:Gjeldende, false:Gammel      | Gjeldende",
            // these five failed before: the first entry, or an unmarked one, was taken as current
            "false:Gammel                      | -",
            "false:Gammel, false:Eldre         | -",
            "null:Umerket                      | -",
            "-:Umerket                         | -",
            "\"true\":Tekst                    | -",
            // two entries marked current that say different things at the same time: unknown (failed before: the first)
            "true:Gjeldende, true:Annen        | -",
            "                                  | -",
    })
    void should_take_only_an_entry_marked_current_for_the_residence_and_never_guess(String oppfoeringer, String forventet) throws Exception {
        java.util.List<String> liste = new java.util.ArrayList<>();
        if (oppfoeringer != null) {
            for (String o : oppfoeringer.split(",")) {
                String[] d = o.trim().split(":");
                liste.add(bosted(d[0], d[1]));
            }
        }
        JsonNode json = JSON.readTree("""
                {"norwegianIdentificationNumber": [{"identificationNumber": "02891652022", "status": "InUse", "isValid": true}],
                 "name": [{"isValid": true, "givenName": "Noah", "familyName": "Lie"}],
                 "residentialAddress": [%s]}""".formatted(String.join(",", liste)));

        Person p = PersontjenestenClient.person(json, NIN);

        if (forventet.equals("-")) {
            assertThat(p.bostedsadresse()).isNull();
            assertThat(p.kommunenummer()).isNull();
            assertThat(no.kommune.esb.forsendelse.Forsendelsesbeslutter.postadressevalg(p.postadresse(), p.postadresseIUtlandet(),
                    p.bostedsadresse(), p.ukjentBosted()).adresse()).isNull();
        } else {
            assertThat(((no.kommune.esb.model.Adresse.Vegadresse) p.bostedsadresse()).adressenavn()).isEqualTo(forventet);
            assertThat(p.kommunenummer()).isEqualTo("4601");
        }
    }

    /** "isValid:value[@validFrom]" entries, comma separated, as a list of {field: value} objects. */
    private static String liste(String oppfoeringer, String felt) {
        if (oppfoeringer == null) {
            return "[]";
        }
        java.util.List<String> ut = new java.util.ArrayList<>();
        for (String o : oppfoeringer.split(",")) {
            String[] d = o.trim().split(":", 2);
            String[] v = d[1].split("@");
            ut.add("{%s \"%s\": %s %s}".formatted(d[0].equals("-") ? "" : "\"isValid\": " + d[0] + ",", felt,
                    v[0].equals("~") ? "null" : "\"" + v[0] + "\"", v.length > 1 ? ", \"validFrom\": \"" + v[1] + "T00:00:00Z\"" : ""));
        }
        return "[" + String.join(",", ut) + "]";
    }

    /**
     * Status and overall protection from the entry marked current, never the first of a list; with none, status is
     * UKJENT (never read as resident) and protection fails closed (DOMAIN.md rules 4, 5, 6).
     */
    @ParameterizedTest(name = "status {0} -> {1}; addressProtection {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "", value = {
            "true:Resident                          | BOSATT     | true:Unclassified                         | UGRADERT",
            "false:Deceased, true:Resident          | BOSATT     | false:StrictlyConfidential, true:Confidential | FORTROLIG",
            // these failed before: the first entry, or an unmarked one, was taken as current
            "-:Resident, true:Deceased              | DOED       | true:Unclassified, -:StrictlyConfidential | STRENGT_FORTROLIG",
            "null:Resident                          | UKJENT     | null:Confidential                         | FORTROLIG",
            "false:Resident                         | UKJENT     | false:Unclassified                        | STRENGT_FORTROLIG",
            "false:Resident, false:Emigrated        | UKJENT     | false:Unclassified, false:Confidential    | STRENGT_FORTROLIG",
            "true:Resident@2020-01-01, true:Emigrated@2024-05-01 | UTFLYTTET | true:Unclassified, true:Confidential | FORTROLIG",
            "true:Emigrated@2024-05-01, true:Resident@2020-01-01 | UTFLYTTET | true:Confidential, true:Unclassified | FORTROLIG",
            "true:Resident, true:Deceased           | UKJENT     | true:~                                    | STRENGT_FORTROLIG",
            "true:Living                            | UKJENT     | true:Secret                               | STRENGT_FORTROLIG",
            "true:~                                 | UKJENT     |                                           | UGRADERT",
            "                                       | UKJENT     | true:Unclassified, true:Unclassified      | UGRADERT",
    })
    void should_read_status_and_protection_from_the_entry_marked_current_and_fail_closed_without_one(String status, String forventetStatus,
            String vern, String forventetGradering) throws Exception {
        JsonNode json = JSON.readTree("""
                {"name": [{"isValid": true, "givenName": "Noah", "familyName": "Lie"}], "status": %s, "addressProtection": %s}"""
                .formatted(liste(status, "status"), liste(vern, "protectionLevel")));

        Person p = PersontjenestenClient.person(json, NIN);

        assertThat(p.status().name()).isEqualTo(forventetStatus);
        assertThat(p.gradering().name()).isEqualTo(forventetGradering);
    }

    @ParameterizedTest(name = "name {0} -> {1}, birth {2} -> {3}")
    @CsvSource(delimiter = '|', nullValues = "", value = {
            "true:Noah                              | Noah  | true:2016-09-02                           | 2016-09-02",
            "false:Gammel, true:Noah                | Noah  | false:1999-01-01, true:2016-09-02         | 2016-09-02",
            // these failed before: the first entry, or an unmarked one, was taken as current
            "-:Umerket, true:Noah                   | Noah  | -:1999-01-01, true:2016-09-02             | 2016-09-02",
            "false:Gammel                           | -     | false:1999-01-01                          | -",
            "null:Umerket                           | -     | null:1999-01-01                           | -",
            "true:Noah@2010-01-01, true:Emma@2020-01-01 | Emma | true:1999-01-01, true:2016-09-02         | -",
    })
    void should_read_name_and_birth_date_from_the_entry_marked_current_and_leave_them_unknown_without_one(String navn, String forventetNavn,
            String foedsel, String forventetFoedt) throws Exception {
        JsonNode json = JSON.readTree("""
                {"name": %s, "birth": %s}""".formatted(liste(navn, "givenName"), liste(foedsel, "birthDate")));

        Person p = PersontjenestenClient.person(json, NIN);

        assertThat(p.navn() == null ? "-" : p.navn().fornavn()).isEqualTo(forventetNavn);
        assertThat(p.foedselsdato() == null ? "-" : p.foedselsdato().toString()).isEqualTo(forventetFoedt);
    }
}
