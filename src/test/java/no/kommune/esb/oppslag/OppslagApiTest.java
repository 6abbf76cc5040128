package no.kommune.esb.oppslag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.folkeregister.BulkResult;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.matrikkel.AdressesokClient;
import no.kommune.esb.matrikkel.MatrikkelClient;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Familierelasjon;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;
import no.kommune.esb.nhn.FastlegeClient;
import no.kommune.esb.platform.security.Kaller;
import no.kommune.esb.register.RegisterException;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.ObjectProvider;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * OppslagApi's handlers on a plain exchange, the registers and the population stubbed: a register value the platform
 * cannot read is the register's fault (502), and a look-up that fails unexpectedly still leaves its audit rows (500).
 */
class OppslagApiTest {

    private static final FagsystemRegistry REGISTRERINGER = FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings"));
    private static final Identitetsnummer ID = Identitetsnummer.of("02868510067");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FolkeregisterClient folkeregister = mock(FolkeregisterClient.class);
    private final MatrikkelClient matrikkel = mock(MatrikkelClient.class);
    private final Oppslagspopulasjon populasjon = mock(Oppslagspopulasjon.class);
    private final Revisjonslogg revisjon = mock(Revisjonslogg.class);
    private final Identnoekkel noekkel = new Identnoekkel("test-noekkel-som-er-lang-nok-for-hmac");
    private final FastlegeClient nhn = mock(FastlegeClient.class);
    private final AdressesokClient adressesok = mock(AdressesokClient.class);
    private final OppslagApi api = new OppslagApi(folkeregister, provider(matrikkel), provider(nhn),
            provider(adressesok), REGISTRERINGER, revisjon, noekkel, populasjon, kaller -> Optional.empty(),
            new OppslagProperties(null, null, null, null, null, null), JSON);

    @ParameterizedTest(name = "adressekode {0} -> {1}")
    @CsvSource(nullValues = "null", value = {
            "4123,   4123",
            "01234,  1234",
            "null,   null",
            // what the contract's string may hold that Matrikkelen's int cannot: the register's fault, not the caller's
            "12A4,   BAD_RESPONSE",
            // surrounding blanks are stripped, as the fan-out reads the code (Vegadresseident.lesbarAdressekode): one reading on the platform
            "' 123', 123",
            "'1 23', BAD_RESPONSE",
            "'',     BAD_RESPONSE",
            "99999999999, BAD_RESPONSE",
    })
    void should_read_the_register_s_adressekode_or_call_it_a_bad_response(String adressekode, String ventet) {
        Adresse.Vegadresse v = new Adresse.Vegadresse(null, "Strandveien", 5, null, null, "3017", "DRAMMEN", "3301", adressekode, Gradering.UGRADERT);

        if ("BAD_RESPONSE".equals(ventet)) {
            assertThatThrownBy(() -> OppslagApi.matrikkelident(v)).isInstanceOfSatisfying(RegisterException.class, e -> {
                assertThat(e.kind()).isEqualTo(RegisterException.Kind.BAD_RESPONSE);
                assertThat(e.service()).isEqualTo(FolkeregisterClient.SERVICE);
                // part of an address: never in a message that may reach a log
                assertThat(adressekode.isBlank() || !e.getMessage().contains(adressekode.strip())).isTrue();
            });
        } else if (ventet == null) {
            assertThat(OppslagApi.matrikkelident(v)).isNull();
        } else {
            assertThat(OppslagApi.matrikkelident(v).adressekode()).isEqualTo(Integer.parseInt(ventet));
        }
    }

    @Test
    void should_answer_a_non_numeric_adressekode_from_the_register_as_502_with_its_audit_row() throws Exception {
        // before: Integer.parseInt threw NumberFormatException out of the handler, no row, and the caller blamed
        when(folkeregister.person(any(), any())).thenReturn(Optional.of(person("12A4")));
        alleInnenfor();

        Exchange svar = kall(api::person, Map.of("ident", ID.value(), "formaal", "eiendomsskatt", "eiendom", "true"), null);

        assertThat(svar.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(502);
        assertThat(body(svar).path("type").asText()).endsWith(":register-feil");
        assertThat(body(svar).path("title").asText()).isEqualTo("Feil fra Folkeregisteret");
        assertThat(rader()).extracting(r -> r.status() + " " + r.utfall() + " " + r.felter())
                .containsExactly("502 register-feil []");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "person   | PERSON        | 1",
            "familie  | FAMILIE       | 1",
            "personer | BATCH         | 2",
            "entydig  | ENTYDIG_SOEK  | 0",
    })
    void should_audit_a_look_up_that_fails_unexpectedly_and_answer_500_without_the_message(String handler, String operasjon, int personer)
            throws Exception {
        String fnr = ID.value();
        when(folkeregister.person(any(), any())).thenReturn(Optional.of(person("4123")));
        when(folkeregister.bulkoppslag(anyCollection(), any())).thenReturn(new BulkResult(Map.of(ID, person("4123")), java.util.Set.of(), 1));
        when(folkeregister.entydigSoek(any(), any())).thenReturn(Optional.of(person("4123")));
        // a bug after the register answered, with a message that names the person
        when(populasjon.vurder(any(), anyList())).thenThrow(new IllegalStateException("uventet for " + fnr));
        when(populasjon.vurder(any(), anyList(), anyMap())).thenThrow(new IllegalStateException("uventet for " + fnr));

        Map<String, String> sporsmaal = Map.of("ident", fnr, "formaal", "skoleplass", "saksreferanse", "SAK-7",
                "navn", "Kari Berg", "foedselsdato", "19850602");
        String batch = "{\"identer\": [\"" + fnr + "\", \"15831751026\"]}";
        Exchange svar = switch (handler) {
            case "person" -> kall(api::person, sporsmaal, null);
            case "familie" -> kall(api::familie, sporsmaal, null);
            case "personer" -> kall(api::personer, sporsmaal, batch);
            default -> kall(api::entydig, sporsmaal, null);
        };

        assertThat(svar.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(500);
        assertThat(svar.getMessage().getHeader(Exchange.CONTENT_TYPE)).isEqualTo("application/problem+json");
        assertThat(body(svar).path("type").asText()).endsWith(":intern-feil");
        assertThat(new String(svar.getMessage().getBody(byte[].class), StandardCharsets.UTF_8)).doesNotContain(fnr).doesNotContain("uventet")
                .doesNotContain("Exception").doesNotContain("\tat ");
        List<Revisjonslogg.Rad> rader = rader();
        assertThat(rader).hasSize(Math.max(1, personer)).allSatisfy(r -> {
            assertThat(r.fagsystem()).isEqualTo("skole");
            assertThat(r.operasjon()).isEqualTo(operasjon);
            assertThat(r.formaal()).isEqualTo("skoleplass");
            assertThat(r.saksreferanse()).isEqualTo("SAK-7");
            assertThat(r.status()).isEqualTo(500);
            assertThat(r.utfall()).isEqualTo(OppslagApi.FEIL);
            assertThat(r.felter()).isEmpty();
        });
        List<String> hvem = new ArrayList<>(rader.stream().map(Revisjonslogg.Rad::personHmac).toList());
        assertThat(hvem).isEqualTo(switch (personer) {
            case 0 -> java.util.Arrays.asList((String) null);
            case 1 -> List.of(noekkel.av(ID));
            default -> List.of(noekkel.av(ID), noekkel.av(Identitetsnummer.of("15831751026")));
        });
    }

    /**
     * A search whose hits hold one person document Folkeregisteret gave but the platform cannot read: the others are
     * answered, she is left out and counted in {@code "ulesbare"}; by address she is left out uncounted (she may be a
     * protected person living there). Before session 30 the search answered 502 for all.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "navn=Kari Berg              | 1",
            "adressenavn=Strandveien     | 0",
    })
    void should_answer_a_search_s_other_hits_when_one_document_cannot_be_read(String kriterium, int ulesbare) throws Exception {
        Identitetsnummer ulesbar = Identitetsnummer.of("15831751026");
        when(populasjon.soekeavgrensning(any(), org.mockito.ArgumentMatchers.anyBoolean())).thenReturn(Map.of());
        when(populasjon.forhaandsutvalg(any(), anyList())).thenAnswer(i -> i.getArgument(1));
        when(folkeregister.bulkSize()).thenReturn(1000);
        when(folkeregister.soek(any())).thenReturn(List.of(ID, ulesbar));
        when(folkeregister.bulkoppslag(anyCollection(), any())).thenReturn(new BulkResult(Map.of(ID, person("4123")),
                java.util.Set.of(ulesbar), 1, java.util.Set.of(ulesbar)));
        when(populasjon.vurder(any(), anyCollection())).thenReturn(Oppslagspopulasjon.Utvalg.ALLE);
        String[] kv = kriterium.split("=");
        Map<String, String> sporsmaal = new java.util.HashMap<>(Map.of("formaal", "skoleplass", kv[0], kv[1]));
        if (kv[0].equals("adressenavn")) {
            sporsmaal.put("husnummer", "5");
            sporsmaal.put("postnummer", "3017");
        }

        Exchange svar = kall(api::soek, sporsmaal, null);

        assertThat(svar.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).as(body(svar).toString()).isEqualTo(200);
        assertThat(body(svar).path("antallTreff").asInt()).isEqualTo(1);
        assertThat(body(svar).path("personer").get(0).path("identitetsnummer").asText()).isEqualTo(ID.value());
        assertThat(body(svar).path("ulesbare").asInt(0)).isEqualTo(ulesbare);
        assertThat(body(svar).toString()).doesNotContain(ulesbar.value());
    }

    /**
     * A search by address whose hits hold a strengt fortrolig wife and her husband, whom the register did not grade, at
     * the same home: both are left out, as the address look-up leaves them out. Before session 30 the husband was a hit,
     * and his residence (her home) with him (DOMAIN.md rule 5).
     */
    @Test
    void should_leave_out_of_a_search_by_address_the_husband_who_lives_with_a_strengt_fortrolig_wife_among_the_hits() throws Exception {
        Identitetsnummer kona = Identitetsnummer.of("15831751026");
        Adresse.Vegadresse hjem = new Adresse.Vegadresse(null, "Strandveien", 5, null, null, "3017", "DRAMMEN", "3301", "4123", Gradering.UGRADERT);
        Person mannen = new Person(ID, Personstatus.BOSATT, new Navn("Ola", null, "Berg"), LocalDate.of(1980, 1, 2), null, Gradering.UGRADERT,
                hjem, null, null, false, "3301", null,
                List.of(new Familierelasjon(kona, Familierelasjon.Rolle.EKTEFELLE, Familierelasjon.Rolle.EKTEFELLE)), List.of(), List.of(), List.of());
        Person henne = new Person(kona, Personstatus.BOSATT, new Navn("Kari", null, "Berg"), LocalDate.of(1982, 3, 4), null,
                Gradering.STRENGT_FORTROLIG, hjem, null, null, false, "3301", null,
                List.of(new Familierelasjon(ID, Familierelasjon.Rolle.EKTEFELLE, Familierelasjon.Rolle.EKTEFELLE)), List.of(), List.of(), List.of());
        when(populasjon.soekeavgrensning(any(), org.mockito.ArgumentMatchers.anyBoolean())).thenReturn(Map.of());
        when(populasjon.forhaandsutvalg(any(), anyList())).thenAnswer(i -> i.getArgument(1));
        when(folkeregister.bulkSize()).thenReturn(1000);
        when(folkeregister.soek(any())).thenReturn(List.of(ID, kona));
        when(folkeregister.bulkoppslag(anyCollection(), any())).thenReturn(new BulkResult(Map.of(ID, mannen, kona, henne), java.util.Set.of(), 1));
        when(populasjon.vurder(any(), anyCollection())).thenReturn(Oppslagspopulasjon.Utvalg.ALLE);

        Exchange svar = kall(api::soek, Map.of("formaal", "skoleplass", "adressenavn", "Strandveien", "husnummer", "5", "postnummer", "3017"), null);

        assertThat(svar.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).as(body(svar).toString()).isEqualTo(200);
        assertThat(body(svar).path("antallTreff").asInt()).isZero();
        assertThat(body(svar).toString()).doesNotContain("Strandveien", ID.value(), kona.value());
    }

    @Test
    void should_still_answer_500_when_the_failure_s_rows_cannot_be_written_either() throws Exception {
        when(folkeregister.person(any(), any())).thenReturn(Optional.of(person("4123")));
        when(populasjon.vurder(any(), anyList(), anyMap())).thenThrow(new IllegalStateException("uventet"));
        org.mockito.Mockito.doThrow(new IllegalStateException("audit rows not committed")).when(revisjon).skriv(anyList());

        Exchange svar = kall(api::person, Map.of("ident", ID.value(), "formaal", "skoleplass"), null);

        assertThat(svar.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(500);
        assertThat(body(svar).path("type").asText()).endsWith(":intern-feil");
    }

    /**
     * A look-up by the D-nummer NHN Fastlegeregisteret knows the patient by; Folkeregisteret answers her under the
     * fødselsnummer that replaced it. NHN is asked for both numbers in one call, as the fan-out asks
     * (Tilleggsoppslag.fastleger), and the GP is in the answer. Before, NHN was asked for the number in use only and
     * the answer had no fastlege.
     */
    @Test
    void should_give_the_gp_nhn_knows_under_the_d_nummer_asked_when_the_register_answers_under_the_foedselsnummer() throws Exception {
        Identitetsnummer dnummer = Identitetsnummer.of("50879041020");
        when(folkeregister.person(any(), any())).thenReturn(Optional.of(person("4123")));
        alleInnenfor();
        no.kommune.esb.model.Fastlege lege = new no.kommune.esb.model.Fastlege(8095128, "Lege Legesen", "Bragernes legesenter", "999888777", 1L);
        when(nhn.fastlege(any())).thenReturn(Optional.empty());
        when(nhn.fastleger(anyCollection())).thenAnswer(i -> i.<java.util.Collection<Identitetsnummer>>getArgument(0).contains(dnummer)
                ? Map.of(dnummer, lege) : Map.of());

        Exchange svar = kall(api::person, Map.of("ident", dnummer.value(), "formaal", "pasientbehandling", "fastlege", "true"), null);

        assertThat(svar.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).as(body(svar).toString()).isEqualTo(200);
        assertThat(body(svar).path("fastlege").toString()).as(body(svar).toString()).contains("Lege Legesen");
    }

    /**
     * A look-up with {@code fastlege=true} by the care system (pleie-omsorg: FASTLEGE, {@code beskyttedeAdresser: false})
     * of a person whose residence is protected: the GP's office and its kommune narrow down where she lives, so the GP
     * is withheld with the residence (DOMAIN.md rule 5), NHN is not asked, the answer says {@code fastlegeTilbakeholdt},
     * and the audit row does not list FASTLEGE. Before session 32 the strengt fortrolig and the fortrolig rows gave the
     * GP's name, office and organisation number beside her withheld address.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"UGRADERT, true", "KLIENTADRESSE, false", "FORTROLIG, false", "STRENGT_FORTROLIG, false"})
    void should_withhold_the_gp_of_a_person_whose_residence_is_withheld_and_say_so(Gradering gradering, boolean gitt) throws Exception {
        Adresse.Vegadresse hjem = new Adresse.Vegadresse(null, "Strandveien", 5, null, null, "3017", "DRAMMEN", "3301", "4123", gradering);
        when(folkeregister.person(any(), any())).thenReturn(Optional.of(new Person(ID, Personstatus.BOSATT, new Navn("Kari", null, "Berg"),
                LocalDate.of(1985, 6, 2), null, gradering, hjem, null, null, false, "3301", null, List.of(), List.of(), List.of(), List.of())));
        alleInnenfor();
        no.kommune.esb.model.Fastlege lege = new no.kommune.esb.model.Fastlege(8095128, "Lege Legesen", "Bragernes legesenter", "999888777", 1L);
        when(nhn.fastlege(any())).thenReturn(Optional.of(lege));

        Exchange svar = kall(api::person, Map.of("ident", ID.value(), "formaal", "pasientbehandling", "fastlege", "true"), null);

        assertThat(svar.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).as(body(svar).toString()).isEqualTo(200);
        assertThat(body(svar).has("fastlege")).as(body(svar).toString()).isEqualTo(gitt);
        assertThat(body(svar).path("fastlegeTilbakeholdt").asBoolean()).as(body(svar).toString()).isEqualTo(!gitt);
        assertThat(rader()).singleElement().satisfies(r -> assertThat(r.felter().contains("FASTLEGE")).isEqualTo(gitt));
        if (!gitt) {
            assertThat(body(svar).toString()).doesNotContain("Legesen", "Bragernes", "999888777", "8095128", "3301");
            org.mockito.Mockito.verifyNoInteractions(nhn);
        }
    }

    /**
     * The address look-up at the home a husband co-owns with his strengt fortrolig wife, whom the register graded, not
     * him: both owners are skjermet, and neither gets an audit row. Before, the husband was named among the owners (and
     * audited as disclosed), which told who lives there with her (DOMAIN.md rule 5).
     */
    @Test
    void should_screen_the_husband_who_co_owns_the_home_of_his_strengt_fortrolig_wife_in_the_address_look_up() throws Exception {
        Identitetsnummer kona = Identitetsnummer.of("15831751026");
        Adresse.Vegadresse hjem = new Adresse.Vegadresse(null, "Strandveien", 5, null, null, "3017", "DRAMMEN", "3301", "4123", Gradering.UGRADERT);
        Person mannen = new Person(ID, Personstatus.BOSATT, new Navn("Ola", null, "Berg"), LocalDate.of(1980, 1, 2), null, Gradering.UGRADERT,
                hjem, null, null, false, "3301", null,
                List.of(new Familierelasjon(kona, Familierelasjon.Rolle.EKTEFELLE, Familierelasjon.Rolle.EKTEFELLE)), List.of(), List.of(), List.of());
        Person henne = new Person(kona, Personstatus.BOSATT, new Navn("Kari", null, "Berg"), LocalDate.of(1982, 3, 4), null,
                Gradering.STRENGT_FORTROLIG, hjem, null, null, false, "3301", null,
                List.of(new Familierelasjon(ID, Familierelasjon.Rolle.EKTEFELLE, Familierelasjon.Rolle.EKTEFELLE)), List.of(), List.of(), List.of());
        when(adressesok.sok(any(), any(), any(), any(), org.mockito.ArgumentMatchers.anyInt())).thenReturn(List.of(new AdressesokClient.Treff(
                "Strandveien 5", "Strandveien", 4123, 5, null, "3301", "DRAMMEN", 12, 34, "3017", "DRAMMEN")));
        when(matrikkel.matrikkelenheterForAdresse(any())).thenReturn(List.of(new no.kommune.esb.model.Matrikkelenhet(1,
                new no.kommune.esb.model.Matrikkelenhet.Matrikkelnummer("3301", 12, 34, 0, 0), no.kommune.esb.model.Matrikkelenhet.Type.GRUNNEIENDOM,
                List.of(new no.kommune.esb.model.Matrikkelenhet.Eierandel(no.kommune.esb.model.Eier.person(kona, "Berg Kari"), 1, 2),
                        new no.kommune.esb.model.Matrikkelenhet.Eierandel(no.kommune.esb.model.Eier.person(ID, "Berg Ola"), 1, 2)))));
        when(folkeregister.bulkoppslag(anyCollection(), any())).thenReturn(new BulkResult(Map.of(ID, mannen, kona, henne), java.util.Set.of(), 1));
        when(folkeregister.soek(any())).thenReturn(List.of());
        when(populasjon.vurder(any(), anyCollection())).thenReturn(Oppslagspopulasjon.Utvalg.ALLE);

        Exchange svar = kall(api::adresse, Map.of("formaal", "eiendomsskatt", "kommunenummer", "3301", "adressenavn", "Strandveien",
                "husnummer", "5"), null);

        assertThat(svar.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).as(body(svar).toString()).isEqualTo(200);
        assertThat(body(svar).path("adresser").get(0).path("matrikkelenheter").get(0).path("eiere").toString())
                .isEqualTo("[{\"skjermet\":true,\"andel\":\"1/2\"},{\"skjermet\":true,\"andel\":\"1/2\"}]");
        assertThat(rader()).extracting(Revisjonslogg.Rad::personHmac).containsExactly((String) null);
    }

    /**
     * A look-up with {@code eiendom=true} (no family) of the husband who co-owns the home of his strengt fortrolig wife:
     * the owners' bulk call finds her, his relative, at his residence, so his residence is her home and is withheld
     * with its units, as when the family is looked up. Before, his address went out with the units (her share skjermet
     * beside his name), which told where she lives (DOMAIN.md rule 5).
     */
    @Test
    void should_withhold_the_residence_of_a_husband_looked_up_with_eiendom_when_his_strengt_fortrolig_wife_co_owns_it() throws Exception {
        Identitetsnummer kona = Identitetsnummer.of("15831751026");
        Adresse.Vegadresse hjem = new Adresse.Vegadresse(null, "Strandveien", 5, null, null, "3017", "DRAMMEN", "3301", "4123", Gradering.UGRADERT);
        Person mannen = new Person(ID, Personstatus.BOSATT, new Navn("Ola", null, "Berg"), LocalDate.of(1980, 1, 2), null, Gradering.UGRADERT,
                hjem, null, null, false, "3301", null,
                List.of(new Familierelasjon(kona, Familierelasjon.Rolle.EKTEFELLE, Familierelasjon.Rolle.EKTEFELLE)), List.of(), List.of(), List.of());
        Person henne = new Person(kona, Personstatus.BOSATT, new Navn("Kari", null, "Berg"), LocalDate.of(1982, 3, 4), null,
                Gradering.STRENGT_FORTROLIG, hjem, null, null, false, "3301", null,
                List.of(new Familierelasjon(ID, Familierelasjon.Rolle.EKTEFELLE, Familierelasjon.Rolle.EKTEFELLE)), List.of(), List.of(), List.of());
        when(folkeregister.person(any(), any())).thenReturn(Optional.of(mannen));
        alleInnenfor();
        when(matrikkel.matrikkelenheterForAdresse(any())).thenReturn(List.of(new no.kommune.esb.model.Matrikkelenhet(1,
                new no.kommune.esb.model.Matrikkelenhet.Matrikkelnummer("3301", 12, 34, 0, 0), no.kommune.esb.model.Matrikkelenhet.Type.GRUNNEIENDOM,
                List.of(new no.kommune.esb.model.Matrikkelenhet.Eierandel(no.kommune.esb.model.Eier.person(kona, "Berg Kari"), 1, 2),
                        new no.kommune.esb.model.Matrikkelenhet.Eierandel(no.kommune.esb.model.Eier.person(ID, "Berg Ola"), 1, 2)))));
        when(folkeregister.bulkoppslag(anyCollection(), any())).thenReturn(new BulkResult(Map.of(kona, henne), java.util.Set.of(), 1));

        Exchange svar = kall(api::person, Map.of("ident", ID.value(), "formaal", "eiendomsskatt", "eiendom", "true"), null);

        assertThat(svar.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).as(body(svar).toString()).isEqualTo(200);
        JsonNode person = body(svar).path("person");
        assertThat(person.has("bostedsadresse")).as(person.toString()).isFalse();
        assertThat(person.path("adresseTilbakeholdt").asBoolean()).as(person.toString()).isTrue();
        assertThat(body(svar).toString()).doesNotContain("Strandveien", "3017", "\"gaardsnummer\":12");
        assertThat(rader()).extracting(Revisjonslogg.Rad::operasjon).doesNotContain("PERSON+SOM_EIER");
    }

    /**
     * The address look-up names the address: when Matrikkelen refuses it as invalid (a ValidationException to the ident
     * look-up, {@link MatrikkelClient.UgyldigIdent}) that is the caller's error, 400 {@code ugyldig-adresse} with its
     * audit row, as a malformed address. Any other failure of Matrikkelen stays a register failure. Before, the
     * ValidationException was a REJECTED like any other and answered 502 "Feil fra Matrikkelen".
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "ugyldig-ident   | 400 | ugyldig-adresse",
            "annen-avvisning | 502 | register-feil",
            "utilgjengelig   | 503 | register-utilgjengelig",
    })
    void should_answer_an_address_matrikkelen_refuses_as_invalid_as_the_caller_s_error(String feil, int status, String type) throws Exception {
        when(adressesok.sok(any(), any(), any(), any(), org.mockito.ArgumentMatchers.anyInt())).thenReturn(List.of(new AdressesokClient.Treff(
                "Strandveien 5", "Strandveien", 4123, 5, null, "3301", "DRAMMEN", 12, 34, "3017", "DRAMMEN")));
        RegisterException avvist = new RegisterException("matrikkel", RegisterException.Kind.REJECTED, 500,
                "AdresseServiceWS.findAdresseIdForIdent fault :ServiceException:ApplicationException:ValidationException:");
        when(matrikkel.matrikkelenheterForAdresse(any())).thenThrow(switch (feil) {
            case "ugyldig-ident" -> new MatrikkelClient.UgyldigIdent(avvist);
            case "annen-avvisning" -> avvist;
            default -> new RegisterException("matrikkel", RegisterException.Kind.UNAVAILABLE, 503, "down");
        });

        Exchange svar = kall(api::adresse, Map.of("formaal", "eiendomsskatt", "kommunenummer", "3301", "adressenavn", "Strandveien",
                "husnummer", "5"), null);

        assertThat(svar.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE)).as(body(svar).toString()).isEqualTo(status);
        assertThat(body(svar).path("type").asText()).endsWith(":" + type);
        assertThat(body(svar).toString()).doesNotContain("ValidationException", "findAdresseIdForIdent");
        assertThat(rader()).extracting(r -> r.status() + " " + r.utfall()).containsExactly(status + " " + type);
    }

    private void alleInnenfor() {
        when(populasjon.vurder(any(), anyList())).thenReturn(Oppslagspopulasjon.Utvalg.ALLE);
        when(populasjon.vurder(any(), anyList(), anyMap())).thenReturn(Oppslagspopulasjon.Utvalg.ALLE);
    }

    private static Person person(String adressekode) {
        Adresse.Vegadresse hjem = new Adresse.Vegadresse(null, "Strandveien", 5, null, null, "3017", "DRAMMEN", "3301", adressekode, Gradering.UGRADERT);
        return new Person(ID, Personstatus.BOSATT, new Navn("Kari", null, "Berg"), LocalDate.of(1985, 6, 2), null, Gradering.UGRADERT,
                hjem, null, null, false, "3301", null, List.of(), List.of(), List.of(), List.of());
    }

    private static Exchange kall(Consumer<Exchange> handler, Map<String, String> headere, String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        String fagsystem = switch (headere.get("formaal")) {
            case "eiendomsskatt" -> "eiendomsskatt";
            case "pasientbehandling" -> "pleie-omsorg";
            default -> "skole";
        };
        exchange.setProperty(Kaller.ATTRIBUTT, new Kaller(fagsystem, false));
        headere.forEach(exchange.getIn()::setHeader);
        exchange.getIn().setBody(body);
        handler.accept(exchange);
        return exchange;
    }

    private static JsonNode body(Exchange svar) throws Exception {
        return JSON.readTree(svar.getMessage().getBody(byte[].class));
    }

    @SuppressWarnings("unchecked")
    private List<Revisjonslogg.Rad> rader() {
        ArgumentCaptor<List<Revisjonslogg.Rad>> rader = ArgumentCaptor.forClass(List.class);
        verify(revisjon, org.mockito.Mockito.atLeastOnce()).skriv(rader.capture());
        return rader.getAllValues().stream().flatMap(List::stream).toList();
    }

    @SuppressWarnings("unchecked")
    private static <T> ObjectProvider<T> provider(T bean) {
        ObjectProvider<T> p = mock(ObjectProvider.class);
        when(p.getIfAvailable()).thenReturn(bean);
        return p;
    }
}
