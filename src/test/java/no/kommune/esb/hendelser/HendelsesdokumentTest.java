package no.kommune.esb.hendelser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.folkeregister.FeedHendelse;
import no.kommune.esb.folkeregister.Hendelsestype;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The golden inputs are what minimisation really produces from canonical persons for each shipped registration. */
class HendelsesdokumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Numbers compare by value: the builder writes longs where the parser reads ints. */
    private static final Comparator<JsonNode> NUMERIC = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : (a.equals(b) ? 0 : 1);

    private static FagsystemRegistry registry;

    @BeforeAll
    static void load() {
        registry = FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings"));
    }

    static Stream<String> eksempler() {
        return Eksempelpersoner.alle().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eksempler")
    void should_build_the_golden_input_from_the_canonical_person(String eksempel) throws Exception {
        String[] parts = eksempel.split("/");
        Eksempelpersoner.Eksempel e = Eksempelpersoner.alle().get(eksempel);

        ObjectNode doc = Hendelsesdokument.lag(registry.finn(parts[0]).orElseThrow(), e.hendelse(), e.person(), e.relaterte(), e.tillegg());

        Path input = Path.of("mappings", parts[0], "examples", parts[1], "input.json");
        JsonNode expected = JSON.readTree(input.toFile());
        assertThat(doc.equals(NUMERIC, expected)).as("%s differs from what minimisation builds:\n%s", input, doc.toPrettyString()).isTrue();
    }

    /**
     * The death trigger's message (config/proaktiv/doedsfall-pleie-omsorg.yaml) is made from the pleie-omsorg
     * registration's document: its golden input is what minimisation builds for the deceased of pleie-omsorg/doedsfall,
     * whose residence is no longer current, as Folkeregisteret shows a death.
     */
    @Test
    void should_build_the_death_messages_golden_input_from_the_deceased_as_the_register_shows_them() throws Exception {
        Eksempelpersoner.Eksempel e = Eksempelpersoner.alle().get("pleie-omsorg/doedsfall");
        FeedHendelse doedsfall = Eksempelpersoner.hendelse(351203003, Hendelsestype.PERSON_ER_DOED, Eksempelpersoner.PASIENT);

        ObjectNode doc = Hendelsesdokument.lag(registry.finn("pleie-omsorg").orElseThrow(), doedsfall, e.person(), e.relaterte(), e.tillegg());

        Path input = Path.of("mappings/pleie-omsorg-doedsfall/examples/doedsfall/input.json");
        assertThat(doc.equals(NUMERIC, JSON.readTree(input.toFile()))).as("%s differs from what minimisation builds:\n%s", input, doc.toPrettyString()).isTrue();
        assertThat(doc.path("person").has("bostedsadresse")).as("a deceased person's residence is not current").isFalse();
    }

    @Test
    void should_leave_out_sections_the_fagsystem_may_not_see() {
        Eksempelpersoner.Eksempel pleie = Eksempelpersoner.alle().get("pleie-omsorg/ny-adresse-fastlege-og-parorende");
        Eksempelpersoner.Eksempel eiendom = Eksempelpersoner.alle().get("eiendomsskatt/ny-adresse-to-eiendommer");
        Hendelsesdokument.Tillegg begge = new Hendelsesdokument.Tillegg(eiendom.tillegg().matrikkelenheter(), pleie.tillegg().fastlege());

        ObjectNode forLonn = Hendelsesdokument.lag(registry.finn("lonn").orElseThrow(), pleie.hendelse(), pleie.person(),
                pleie.relaterte(), begge);
        ObjectNode forEiendom = Hendelsesdokument.lag(registry.finn("eiendomsskatt").orElseThrow(), pleie.hendelse(), pleie.person(),
                pleie.relaterte(), begge);

        assertThat(keys(forLonn)).containsExactlyInAnyOrder("hendelse", "person");
        assertThat(keys(forEiendom)).containsExactlyInAnyOrder("hendelse", "person", "matrikkelenheter");
        assertThat(forEiendom.toString()).doesNotContain(Eksempelpersoner.PASIENT.value(), "9144889");
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({"UGRADERT, true", "KLIENTADRESSE, false", "FORTROLIG, false", "STRENGT_FORTROLIG, false"})
    void should_give_the_property_units_at_the_residence_only_when_the_residence_may_be_shown(
            no.kommune.esb.model.Gradering gradering, boolean gitt) {
        Eksempelpersoner.Eksempel e = Eksempelpersoner.alle().get("eiendomsskatt/ny-adresse-to-eiendommer");
        no.kommune.esb.model.Person eier = e.person();
        no.kommune.esb.model.Person gradert = new no.kommune.esb.model.Person(eier.id(), eier.status(), eier.navn(), eier.foedselsdato(),
                null, gradering, eier.bostedsadresse(), eier.postadresse(), null, false, eier.kommunenummer(), null, List.of(), List.of(),
                List.of(), List.of());

        ObjectNode doc = Hendelsesdokument.lag(registry.finn("eiendomsskatt").orElseThrow(), e.hendelse(), gradert, Map.of(), e.tillegg());

        assertThat(doc.has("matrikkelenheter")).isEqualTo(gitt);
        if (!gitt) {
            assertThat(doc.toString()).doesNotContain("gaardsnummer", "bruksnummer", "Konnerudgata", "3045", "3301", "Lars Haugen");
        }
    }

    /**
     * A home shared with a protected relative (docs/hendelser.md): the patient's husband lives with her, and the register
     * grades her, not him. The fan-out looked her up as his next of kin: his residence is withheld as hers is, and the
     * property units at it. Before session 30 his document gave pleie-omsorg her home, and eiendomsskatt its gnr/bnr.
     */
    @ParameterizedTest(name = "wife {0} -> his residence shown {1}")
    @org.junit.jupiter.params.provider.CsvSource({"UGRADERT, true", "FORTROLIG, false", "STRENGT_FORTROLIG, false"})
    void should_withhold_a_residence_at_the_home_of_a_related_person_the_fagsystem_may_not_see(
            no.kommune.esb.model.Gradering hennes, boolean vist) {
        Eksempelpersoner.Eksempel e = Eksempelpersoner.alle().get("eiendomsskatt/ny-adresse-to-eiendommer");
        no.kommune.esb.model.Person eier = e.person();
        no.kommune.esb.model.Person han = new no.kommune.esb.model.Person(eier.id(), eier.status(), eier.navn(), eier.foedselsdato(), null,
                eier.gradering(), eier.bostedsadresse(), null, null, false, eier.kommunenummer(), null,
                List.of(new no.kommune.esb.model.Familierelasjon(Eksempelpersoner.EKTEFELLE, no.kommune.esb.model.Familierelasjon.Rolle.EKTEFELLE,
                        no.kommune.esb.model.Familierelasjon.Rolle.EKTEFELLE)), List.of(), List.of(), List.of());
        Map<no.kommune.esb.model.Identitetsnummer, no.kommune.esb.model.Person> henne = Eksempelpersoner.map(
                Eksempelpersoner.voksen(Eksempelpersoner.EKTEFELLE, "Kari", "Haugen", hennes, eier.bostedsadresse()));

        ObjectNode pleie = Hendelsesdokument.lag(registry.finn("pleie-omsorg").orElseThrow(), e.hendelse(), han, henne, Hendelsesdokument.Tillegg.INGEN);
        ObjectNode eiendom = Hendelsesdokument.lag(registry.finn("eiendomsskatt").orElseThrow(), e.hendelse(), han, henne, e.tillegg());

        assertThat(pleie.path("person").has("bostedsadresse")).isEqualTo(vist);
        assertThat(pleie.path("person").has("kommunenummer")).isEqualTo(vist);
        assertThat(eiendom.path("person").has("bostedsadresse")).isEqualTo(vist);
        assertThat(eiendom.has("matrikkelenheter")).isEqualTo(vist);
        if (!vist) {
            assertThat(pleie.toString() + eiendom).doesNotContain("Konnerudgata", "gaardsnummer");
            assertThat(pleie.path("person").path("adresseTilbakeholdt").asBoolean()).isTrue();
        }
    }

    /**
     * The fan-out's naere for the husband's document names his wife as the relative whose home his residence is
     * ({@code hjemTil:}), whatever the document shows of her: pleie-omsorg sees her by id and name only, so her entry
     * names her nowhere else, and the screening could not find his rows when she was graded later (until session 30).
     * Not for a wife living elsewhere, nor when his residence is not shown.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "living with him, pleie-omsorg     | true  | pleie-omsorg  | person:H,,hjemTil:W",
            "another flat of his building      | true  | eiendomsskatt | person:H,hjemTil:W",
            "living elsewhere                  | false | pleie-omsorg  | person:H,",
            "graded already: nothing shown     | true  | pleie-omsorg  | "})
    void should_name_the_relative_whose_home_the_persons_residence_is(String tilfelle, boolean sammen, String fagsystem, String naere) {
        Eksempelpersoner.Eksempel e = Eksempelpersoner.alle().get("eiendomsskatt/ny-adresse-to-eiendommer");
        no.kommune.esb.model.Person eier = e.person();
        no.kommune.esb.model.Person han = new no.kommune.esb.model.Person(eier.id(), eier.status(), eier.navn(), eier.foedselsdato(), null,
                eier.gradering(), eier.bostedsadresse(), null, null, false, eier.kommunenummer(), null,
                List.of(new no.kommune.esb.model.Familierelasjon(Eksempelpersoner.EKTEFELLE, no.kommune.esb.model.Familierelasjon.Rolle.EKTEFELLE,
                        no.kommune.esb.model.Familierelasjon.Rolle.EKTEFELLE)), List.of(), List.of(), List.of());
        no.kommune.esb.model.Adresse.Vegadresse hans = (no.kommune.esb.model.Adresse.Vegadresse) eier.bostedsadresse();
        no.kommune.esb.model.Adresse hennes = !sammen
                ? new no.kommune.esb.model.Adresse.Vegadresse(null, "Annen gate", 4, null, null, "3000", "DRAMMEN", hans.kommunenummer(), "99999", null)
                : new no.kommune.esb.model.Adresse.Vegadresse(null, hans.adressenavn(), hans.husnummer(), hans.husbokstav(), "H0301",
                        hans.postnummer(), hans.poststed(), hans.kommunenummer(), hans.adressekode(), null);
        no.kommune.esb.model.Gradering grad = tilfelle.startsWith("graded") ? no.kommune.esb.model.Gradering.STRENGT_FORTROLIG
                : no.kommune.esb.model.Gradering.UGRADERT;
        Map<no.kommune.esb.model.Identitetsnummer, no.kommune.esb.model.Person> henne = Eksempelpersoner.map(
                Eksempelpersoner.voksen(Eksempelpersoner.EKTEFELLE, "Kari", "Haugen", grad, hennes));
        Fagsystem f = registry.finn(fagsystem).orElseThrow();
        ObjectNode doc = Hendelsesdokument.lag(f, e.hendelse(), han, henne, e.tillegg());

        List<String> svar = Hendelsesdokument.naere(doc, han, f, henne);

        assertThat(svar.stream().map(n -> n == null ? "" : n).collect(java.util.stream.Collectors.joining(",")))
                .isEqualTo(naere == null ? "" : naere.replace("H", han.id().value()).replace(":W", ":" + Eksempelpersoner.EKTEFELLE.value()));
    }

    /**
     * A stored document's addresses at a protected relative's home ({@link Hendelsesdokument#tilbakeholdHjem}): the
     * person's residence with the kommunenummer and the property units, a postal or delt bosted address there, an entry's
     * address there; another house of the street stays, as does a post box. "H" her home, "H2" another flat there, "N" the
     * house next door, "P" a post box; after, "-" withheld.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "residence at her home       | H  | P | N | N  | -,P,N,N | false | true",
            "another flat of her building| H2 | H | N | N  | -,-,N,N | false | true",
            "delt bosted and an entry    | N  | P | H | H2 | N,P,-,- | true  | true",
            "next door only              | N  | P | N | N  | N,P,N,N | true  | false"})
    void should_withhold_the_addresses_at_a_protected_relatives_home(String tilfelle, String bosted, String post, String delt, String relatert,
                                                                     String etter, boolean enheter, boolean endret) throws Exception {
        Map<String, String> a = Map.of(
                "H", "{\"type\":\"VEGADRESSE\",\"adressenavn\":\"Hemmelig vei\",\"husnummer\":1,\"kommunenummer\":\"3301\",\"adressekode\":\"13000\"}",
                "H2", "{\"type\":\"VEGADRESSE\",\"adressenavn\":\"Hemmelig vei\",\"husnummer\":1,\"bruksenhetsnummer\":\"H0102\",\"kommunenummer\":\"3301\",\"adressekode\":\"13000\"}",
                "N", "{\"type\":\"VEGADRESSE\",\"adressenavn\":\"Hemmelig vei\",\"husnummer\":3,\"kommunenummer\":\"3301\",\"adressekode\":\"13000\"}",
                "P", "{\"type\":\"POSTBOKSADRESSE\",\"postboks\":\"12\"}");
        ObjectNode doc = (ObjectNode) JSON.readTree("{\"person\":{\"bostedsadresse\":" + a.get(bosted) + ",\"kommunenummer\":\"3301\",\"postadresse\":"
                + a.get(post) + ",\"deltBosted\":[{\"adresse\":" + a.get(delt) + "}]},\"relaterte\":[{\"relasjon\":\"FAR\",\"bostedsadresse\":"
                + a.get(relatert) + "}],\"matrikkelenheter\":[{\"gaardsnummer\":7}]}");
        no.kommune.esb.model.Adresse hjem = new no.kommune.esb.model.Adresse.Vegadresse(null, "Hemmelig vei", 1, null, "H0201", "3000",
                "DRAMMEN", "3301", "13000", no.kommune.esb.model.Gradering.STRENGT_FORTROLIG);

        boolean svar = Hendelsesdokument.tilbakeholdHjem(doc, java.util.Arrays.asList(null, hjem));

        assertThat(svar).isEqualTo(endret);
        JsonNode p = doc.path("person");
        Map<String, String> navn = new java.util.HashMap<>();
        for (Map.Entry<String, String> en : a.entrySet()) {
            navn.put(JSON.readTree(en.getValue()).toString(), en.getKey());
        }
        List<String> vist = new java.util.ArrayList<>();
        for (JsonNode x : List.of(p.path("bostedsadresse"), p.path("postadresse"), p.path("deltBosted").path(0).path("adresse"),
                doc.path("relaterte").path(0).path("bostedsadresse"))) {
            vist.add(x.isMissingNode() ? "-" : navn.getOrDefault(x.toString(), "?"));
        }
        assertThat(String.join(",", vist)).isEqualTo(etter);
        assertThat(p.has("kommunenummer")).as("the kommunenummer follows the residence").isEqualTo(p.has("bostedsadresse"));
        assertThat(doc.has("matrikkelenheter")).as("the property units follow the residence").isEqualTo(enheter);
        assertThat(p.path("adresseTilbakeholdt").asBoolean()).isEqualTo(endret);
        assertThat(doc.path("relaterte").path(0).path("adresseTilbakeholdt").asBoolean()).isEqualTo(etter.endsWith("-"));
    }

    /** A stored document of the person view's fields {@code person} and these {@code relaterte} entries (none: no section). */
    private static ObjectNode dokument(String person, List<String> relaterte) throws Exception {
        return (ObjectNode) JSON.readTree("{\"person\":{" + person + "}"
                + (relaterte == null ? "" : ",\"relaterte\":[" + String.join(",", relaterte) + "]") + "}");
    }

    private static Set<String> keys(JsonNode node) {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /**
     * A protected related person's entry in another person's stored document ({@link Hendelsesdokument#tilbakeholdAdresserTil}):
     * which entries lose their addresses. An entry with an identity number by that number only; one without by its role.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "her number                        | {\"relasjon\":\"MOR\",\"identitetsnummer\":\"A\",\"bostedsadresse\":{}}      | true",
            "her earlier number                | {\"relasjon\":\"MOR\",\"identitetsnummer\":\"A0\",\"bostedsadresse\":{}}     | true",
            "another's number, her role        | {\"relasjon\":\"MOR\",\"identitetsnummer\":\"B\",\"bostedsadresse\":{}}      | false",
            "no number, her role               | {\"relasjon\":\"MOR\",\"postadresse\":{}}                                   | true",
            "no number, a role she cannot have | {\"relasjon\":\"BARN\",\"postadresse\":{}}                                  | false",
            "her number, no address            | {\"relasjon\":\"MOR\",\"identitetsnummer\":\"A\"}                            | false",
            "her number, delt bosted           | {\"relasjon\":\"FAR\",\"identitetsnummer\":\"A\",\"deltBosted\":[{\"adresse\":{}}]} | true"})
    void should_withhold_only_the_protected_related_persons_entry(String tilfelle, String entry, boolean endret) throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree("{\"person\":{\"bostedsadresse\":{}},\"relaterte\":[" + entry + "]}");

        boolean svar = Hendelsesdokument.tilbakeholdAdresserTil(doc, Set.of("A", "A0"), Set.of("MOR", "FAR", "MEDMOR", "ANNEN"), false);

        assertThat(svar).isEqualTo(endret);
        JsonNode r = doc.path("relaterte").get(0);
        assertThat(r.has("bostedsadresse") || r.has("postadresse") || r.path("deltBosted").path(0).has("adresse")).isEqualTo(!endret && !tilfelle.endsWith("no address"));
        assertThat(r.path("adresseTilbakeholdt").asBoolean()).isEqualTo(endret);
        assertThat(doc.path("person").has("bostedsadresse")).as("the document's own person keeps the address").isTrue();
    }

    @Test
    void should_withhold_the_delt_bosted_of_a_protected_parents_child_only_when_asked() throws Exception {
        String tekst = "{\"person\":{\"deltBosted\":[{\"adresse\":{},\"startdato\":\"2020-01-01\"}]}}";
        ObjectNode forelder = (ObjectNode) JSON.readTree(tekst);
        ObjectNode ikke = (ObjectNode) JSON.readTree(tekst);

        assertThat(Hendelsesdokument.tilbakeholdAdresserTil(forelder, Set.of("A"), Set.of("MOR"), true)).isTrue();
        assertThat(Hendelsesdokument.tilbakeholdAdresserTil(ikke, Set.of("A"), Set.of("BARN"), false)).isFalse();

        assertThat(forelder.path("person").path("deltBosted").path(0).has("adresse")).isFalse();
        assertThat(forelder.path("person").path("deltBosted").path(0).path("startdato").asText()).isEqualTo("2020-01-01");
        assertThat(forelder.path("person").path("adresseTilbakeholdt").asBoolean()).isTrue();
        assertThat(ikke.toString()).isEqualTo(tekst.replace(" ", ""));
    }

    /**
     * The other persons whose home a document may show, stored beside it ({@link Hendelsesdokument#naere},
     * {@code levering.naere}): one number per {@code relaterte} entry in its order, then the parents when the person's
     * delt bosted holds an address; nothing for a fagsystem that sees neither.
     */
    @Test
    void should_name_the_related_persons_in_their_entries_order_and_the_parents_of_a_delt_bosted() {
        Eksempelpersoner.Eksempel delt = Eksempelpersoner.alle().get("skole/felles-foreldreansvar-delt-bosted");
        Fagsystem skole = registry.finn("skole").orElseThrow();
        ObjectNode doc = Hendelsesdokument.lag(skole, delt.hendelse(), delt.person(), delt.relaterte(), null);

        List<String> naere = Hendelsesdokument.naere(doc, delt.person(), skole);

        List<String> oppfoeringer = new java.util.ArrayList<>();
        doc.path("relaterte").forEach(r -> oppfoeringer.add(r.path("identitetsnummer").asText()));
        assertThat(oppfoeringer).hasSize(2).doesNotContain("");
        assertThat(naere).containsExactly("person:" + delt.person().id().value(), oppfoeringer.get(0), oppfoeringer.get(1),
                "deltBosted:" + Eksempelpersoner.MOR.value(), "deltBosted:" + Eksempelpersoner.FAR.value());
        Fagsystem lonn = registry.finn("lonn").orElseThrow();
        assertThat(Hendelsesdokument.naere(Hendelsesdokument.lag(lonn, delt.hendelse(), delt.person(), delt.relaterte(), null),
                delt.person(), lonn)).containsExactly("person:" + delt.person().id().value());
        ObjectNode utenAdresser = Hendelsesdokument.lag(skole, delt.hendelse(), delt.person(), delt.relaterte(), null);
        Hendelsesdokument.tilbakeholdAdresser(utenAdresser);
        assertThat(Hendelsesdokument.naere(utenAdresser, delt.person(), skole)).as("a document that shows no home names no one")
                .containsExactly(null, null);
    }

    /**
     * A row's naere after the screening withheld addresses ({@link Hendelsesdokument#naereEtter}): whom the document no
     * longer shows goes (an entry's number becomes null, keeping the places), so a later batch does not read the row
     * again. Entries "R" hold an address, "-" do not; "D" the person's delt bosted holds one.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "all still shown              | R,R | D | person:X,A,B,deltBosted:A | person:X,A,B,deltBosted:A",
            "one entry withheld           | R,- | D | person:X,A,B,deltBosted:A | person:X,A,,deltBosted:A",
            "delt bosted withheld         | R,R | - | person:X,A,B,deltBosted:A | person:X,A,B",
            "everything withheld          | -,- | - | person:X,A,B,deltBosted:A | ,",
            "no relaterte, own address    |     | D | person:X,deltBosted:A     | person:X,deltBosted:A"})
    void should_drop_from_a_rows_naere_whom_its_document_no_longer_shows(String tilfelle, String oppfoeringer, String delt,
                                                                       String foer, String etter) throws Exception {
        ObjectNode dokument = dokument(delt.equals("D") ? "\"deltBosted\":[{\"adresse\":{}}]" : "\"deltBosted\":[{}]",
                oppfoeringer == null ? null : java.util.Arrays.stream(oppfoeringer.split(","))
                        .map(o -> o.equals("R") ? "{\"postadresse\":{}}" : "{\"adresseTilbakeholdt\":true}").toList());

        List<String> svar = Hendelsesdokument.naereEtter(dokument, java.util.Arrays.asList(foer.split(",", -1)));

        assertThat(svar.stream().map(n -> n == null ? "" : n).collect(java.util.stream.Collectors.joining(","))).isEqualTo(etter);
    }

    /**
     * A protected person in another person's stored document by the row's {@code naere} ({@link
     * Hendelsesdokument#tilbakeholdNaere}): the entry at her place loses its addresses, whatever its role or number; a
     * {@code deltBosted:} element of hers takes the person's delt bosted addresses. A document whose entries are not as
     * many as the row's numbers (a dead letter from before a replay) goes by each entry's number, and an entry without
     * one loses its addresses (fail closed). Entries are written "relasjon:number" ("-" without a number); "*" after is
     * an entry that lost its addresses.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "her place, same role as another   | MOR:-,MOR:-     | B,A             | false | MOR:-,*         | false | true",
            "her place, by number              | FAR:B,MOR:A     | B,A             | false | FAR:B,*         | false | true",
            "not in the document               | FAR:B,MOR:C     | B,C             | false | FAR:B,MOR:C     | false | false",
            "her delt bosted only              | FAR:B           | B,deltBosted:A  | true  | FAR:B           | true  | true",
            "another parent's delt bosted      | FAR:B           | B,deltBosted:B  | true  | FAR:B           | false | false",
            "entries differ: her number        | FAR:B,MOR:A     | A               | false | FAR:B,*         | false | true",
            "entries differ: no number         | FAR:B,MOR:-     | A               | false | FAR:B,*         | false | true",
            "no relaterte, delt bosted         |                 | deltBosted:A    | true  |                 | true  | true"})
    void should_withhold_the_protected_persons_entry_by_its_place_in_the_rows_naere(String tilfelle, String oppfoeringer, String naere,
                                                                                   boolean deltBosted, String etter, boolean deltFjernet,
                                                                                   boolean endret) throws Exception {
        ObjectNode dokument = dokument("\"bostedsadresse\":{}" + (deltBosted ? ",\"deltBosted\":[{\"adresse\":{}}]" : ""),
                oppfoeringer == null ? null : java.util.Arrays.stream(oppfoeringer.split(",")).map(o -> o.split(":"))
                        .map(rn -> "{\"relasjon\":\"" + rn[0] + '"' + (rn[1].equals("-") ? "" : ",\"identitetsnummer\":\"" + rn[1] + '"')
                                + ",\"bostedsadresse\":{}}").toList());

        boolean svar = Hendelsesdokument.tilbakeholdNaere(dokument, List.of(naere.split(",")), Set.of("A"));

        assertThat(svar).isEqualTo(endret);
        List<String> faktisk = new java.util.ArrayList<>();
        dokument.path("relaterte").forEach(r -> faktisk.add(r.path("adresseTilbakeholdt").asBoolean() && !r.has("bostedsadresse") ? "*"
                : r.path("relasjon").asText() + ":" + r.path("identitetsnummer").asText("-")));
        assertThat(String.join(",", faktisk)).isEqualTo(etter == null ? "" : etter);
        assertThat(dokument.path("person").path("deltBosted").path(0).has("adresse")).isEqualTo(deltBosted && !deltFjernet);
        assertThat(dokument.path("person").has("bostedsadresse")).as("the document's own person keeps the address").isTrue();
    }

    /**
     * A co-owner graded later in another owner's stored units ({@link Hendelsesdokument#skjermEiere}): the entries are
     * known by their position in the row's owners' numbers (A and B persons, "-" a company without one); the names after.
     * A document whose entries are not as many as the numbers loses every name (fail closed).
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "her entry                    | A,B,-   | B | [Ola, Kari, AS] | Ola,*,AS   | true",
            "her two entries              | A,B,-,B | B | [Ola, Kari, AS],[Kari] | Ola,*,AS,* | true",
            "not among the owners         | A,B,-   | C | [Ola, Kari, AS] | Ola,Kari,AS | false",
            "shown without a name already | A,B     | B | [Ola, *]        | Ola,*      | false",
            "entries and numbers differ   | A,B     | B | [Ola, Kari, AS] | *,*,*      | true",
            "no units                     | A,B     | B |                 |            | false"})
    void should_withhold_only_the_protected_co_owners_entries(String tilfelle, String numre, String beskyttet, String enheter,
                                                              String etter, boolean endret) throws Exception {
        StringBuilder doc = new StringBuilder("{\"matrikkelenheter\":[");
        if (enheter != null) {
            String[] deler = enheter.split("\\],\\[");
            for (int u = 0; u < deler.length; u++) {
                doc.append(u > 0 ? "," : "").append("{\"eiere\":[");
                String[] navn = deler[u].replace("[", "").replace("]", "").split(",");
                for (int i = 0; i < navn.length; i++) {
                    String n = navn[i].trim();
                    doc.append(i > 0 ? "," : "").append(n.equals("*") ? "{\"skjermet\":true,\"andel\":\"1/4\"}" : "{\"navn\":\"" + n + "\",\"andel\":\"1/4\"}");
                }
                doc.append("]}");
            }
        }
        ObjectNode d = (ObjectNode) JSON.readTree(doc.append("]}").toString());
        List<String> eiere = java.util.Arrays.stream(numre.split(",")).map(n -> n.equals("-") ? null : n).toList();

        assertThat(Hendelsesdokument.skjermEiere(d, eiere, Set.of(beskyttet))).isEqualTo(endret);

        List<String> vist = new java.util.ArrayList<>();
        d.path("matrikkelenheter").forEach(u -> u.path("eiere").forEach(e -> {
            vist.add(e.has("navn") ? e.path("navn").asText() : "*");
            assertThat(e.path("andel").asText()).as("the share stays").isEqualTo("1/4");
        }));
        assertThat(String.join(",", vist)).isEqualTo(etter == null ? "" : etter);
    }

    /** The registration with its fields as they are and {@code beskyttedeAdresser} as given. */
    private static Fagsystem med(Fagsystem f, boolean beskyttedeAdresser) {
        return new Fagsystem(f.id(), f.navn(), f.tjenesteomraade(), f.hendelsestyper(), f.populasjon(),
                new Fagsystem.Datatilgang(f.data().felter(), beskyttedeAdresser), f.relaterte(), f.mapping(), f.levering(), f.retry(), f.kilde(),
                f.oppslag(), f.vask());
    }

    /**
     * The GP (FASTLEGE) follows the residence (DOMAIN.md rule 5 and the minimisation table): its office and the office's
     * kommune narrow down where the person lives, and its HER-id and the doctor's name resolve to that office in
     * Adresseregisteret. Withheld whenever the residence is (strengt fortrolig always, fortrolig and klientadresse unless
     * {@code beskyttedeAdresser}), with {@code fastlegeTilbakeholdt: true} so the care system does not read "no GP"; shown
     * to a registration that may see a fortrolig address, with its {@code gradering} as an address shown carries it.
     * Before session 32 the GP went to pleie-omsorg whatever the grading: the strengt fortrolig and fortrolig rows
     * without {@code beskyttedeAdresser} and the strengt fortrolig row with it failed.
     */
    @ParameterizedTest(name = "{0}, beskyttedeAdresser {1} -> GP {2}")
    @org.junit.jupiter.params.provider.CsvSource(nullValues = "-", value = {
            "UGRADERT,          false, shown,    -",
            "UGRADERT,          true,  shown,    -",
            "KLIENTADRESSE,     false, withheld, -",
            "KLIENTADRESSE,     true,  shown,    KLIENTADRESSE",
            "FORTROLIG,         false, withheld, -",
            "FORTROLIG,         true,  shown,    FORTROLIG",
            "STRENGT_FORTROLIG, false, withheld, -",
            "STRENGT_FORTROLIG, true,  withheld, -",
    })
    void should_give_the_gp_only_when_the_residence_may_be_shown_and_mark_it_withheld_otherwise(
            no.kommune.esb.model.Gradering gradering, boolean beskyttede, String gp, String merke) {
        Eksempelpersoner.Eksempel e = Eksempelpersoner.alle().get("pleie-omsorg/ny-adresse-fastlege-og-parorende");
        no.kommune.esb.model.Person p = e.person();
        no.kommune.esb.model.Adresse.Vegadresse hjem = (no.kommune.esb.model.Adresse.Vegadresse) p.bostedsadresse();
        no.kommune.esb.model.Person gradert = new no.kommune.esb.model.Person(p.id(), p.status(), p.navn(), p.foedselsdato(), null, gradering,
                new no.kommune.esb.model.Adresse.Vegadresse(null, hjem.adressenavn(), hjem.husnummer(), hjem.husbokstav(), null, hjem.postnummer(),
                        hjem.poststed(), hjem.kommunenummer(), hjem.adressekode(), gradering),
                null, null, false, p.kommunenummer(), null, p.familierelasjoner(), List.of(), List.of(), List.of());
        no.kommune.esb.model.Fastlege lege = new no.kommune.esb.model.Fastlege(13601000, "Lege Legesen", "Bragernes legesenter", "999888777", 1L);
        Hendelsesdokument.Tillegg tillegg = new Hendelsesdokument.Tillegg(null, Dataminimering.fastlege(lege, gradert));

        ObjectNode doc = Hendelsesdokument.lag(med(registry.finn("pleie-omsorg").orElseThrow(), beskyttede), e.hendelse(), gradert,
                e.relaterte(), tillegg);

        assertThat(doc.has("fastlege")).as(doc.toString()).isEqualTo(gp.equals("shown"));
        assertThat(doc.path("fastlegeTilbakeholdt").asBoolean()).as(doc.toString()).isEqualTo(gp.equals("withheld"));
        assertThat(doc.path("person").has("bostedsadresse")).as("the GP goes exactly as the residence does").isEqualTo(gp.equals("shown"));
        if (gp.equals("withheld")) {
            assertThat(doc.toString()).doesNotContain("13601000", "Legesen", "Bragernes", "999888777");
        } else {
            assertThat(doc.path("fastlege").path("gradering").asText(null)).isEqualTo(merke);
        }
    }

    /**
     * A stored document made before the register graded its person (or a relative she lives with): the screening
     * withholds the GP with the residence, {@code fastlegeTilbakeholdt: true}, and the row names the person among those
     * whose home it shows while it holds a GP ({@link Hendelsesdokument#naere}). Before session 32 the GP stayed in the
     * document, and a document holding only a GP was not named.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "her own grading: every address goes          | egen   | true",
            "her residence is a protected relative's home | hjem   | true",
            "a protected relative living elsewhere        | annet  | false",
    })
    void should_withhold_the_gp_in_a_stored_document_when_the_residence_goes(String tilfelle, String hvordan, boolean tilbakeholdt) throws Exception {
        ObjectNode doc = (ObjectNode) JSON.readTree("""
                {"hendelse": {"sekvensnummer": 1},
                 "person": {"identitetsnummer": "24923815054", "bostedsadresse": {"type": "VEGADRESSE", "adressenavn": "Austadveien",
                            "husnummer": 7, "kommunenummer": "3301", "adressekode": "1234", "gradering": "UGRADERT"}, "kommunenummer": "3301"},
                 "fastlege": {"herId": 13601000, "navn": "Lege Legesen", "legekontor": {"navn": "Bragernes legesenter"}}}""");
        no.kommune.esb.model.Adresse hennes = new no.kommune.esb.model.Adresse.Vegadresse(null, "Austadveien", hvordan.equals("annet") ? 9 : 7,
                null, null, "3034", "DRAMMEN", "3301", "1234", no.kommune.esb.model.Gradering.STRENGT_FORTROLIG);

        boolean endret = hvordan.equals("egen") ? Hendelsesdokument.tilbakeholdAdresser(doc) : Hendelsesdokument.tilbakeholdHjem(doc, List.of(hennes));

        assertThat(endret).isEqualTo(tilbakeholdt);
        assertThat(doc.has("fastlege")).as(doc.toString()).isEqualTo(!tilbakeholdt);
        assertThat(doc.path("fastlegeTilbakeholdt").asBoolean()).isEqualTo(tilbakeholdt);
        ObjectNode baretLege = (ObjectNode) JSON.readTree("{\"hendelse\": {}, \"person\": {\"navn\": {}}, \"fastlege\": {\"herId\": 1}}");
        assertThat(Hendelsesdokument.holderAdresse(baretLege)).as("a document holding a GP shows where the person lives").isTrue();
    }
}
