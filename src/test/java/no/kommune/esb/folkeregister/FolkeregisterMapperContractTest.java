package no.kommune.esb.folkeregister;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Person;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Runs the mapper over every real Folkeregisteret answer in ../shared/contracts/folkeregisteret/examples and
 * compares a flat view of the mapped person with values read by hand from each npr.json.
 */
class FolkeregisterMapperContractTest {

    private static final Path EXAMPLES = Path.of("../shared/contracts/folkeregisteret/examples");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final FolkeregisterMapper mapper = new FolkeregisterMapper();

    /** Expected view per example folder; keys not listed are not checked. */
    private static final Map<String, Map<String, String>> EXPECTED = new LinkedHashMap<>();

    static {
        // child, emigrated: only postadresseIUtlandet is current; the old bostedsadresse has erGjeldende=false
        EXPECTED.put("02851798067", Map.ofEntries(
                Map.entry("id", "02851798067"),
                Map.entry("status", "UTFLYTTET"),
                Map.entry("navn", "AKTPÅGIVENDE|null|OLJE"),
                Map.entry("foedselsdato", "2017-05-02"),
                Map.entry("doedsdato", "null"),
                Map.entry("gradering", "UGRADERT"),
                Map.entry("bosted", "null"),
                Map.entry("ukjentBosted", "false"),
                Map.entry("kommunenummer", "null"),
                Map.entry("kommuneVedDoedsfall", "null"),
                Map.entry("sisteKommunenummer", "null"),
                Map.entry("post", "null"),
                Map.entry("utland", "Utenlandsk|[Testadressenavn 281, Testdistrikt 173]|Testpostkode utland 283|Viktig testby- eller stedsnavn|UY|UGRADERT"),
                Map.entry("familie", "24828996106:FAR/BARN,23878597885:MOR/BARN"),
                Map.entry("foreldreansvar", "MOR:23878597885->02851798067"),
                Map.entry("tidligere", "")));
        // fortrolig person: adressebeskyttelse and the address's own adressegradering both say fortrolig
        EXPECTED.put("04834598502", Map.ofEntries(
                Map.entry("status", "BOSATT"),
                Map.entry("navn", "SPENNENDE|null|ASSOSIASJON"),
                Map.entry("foedselsdato", "1945-03-04"),
                Map.entry("gradering", "FORTROLIG"),
                Map.entry("bosted", "Vegadresse|null|Syltedalsvegen|32|null|H0101|6144|SYLTE|1511|11072|FORTROLIG"),
                Map.entry("kommunenummer", "1511"),
                Map.entry("familie", "28894498287:EKTEFELLE/EKTEFELLE,01907999587:BARN/FAR,15857499864:BARN/FAR,"
                        + "04856898844:BARN/FAR,26810749937:FAR/BARN,06840949816:MOR/BARN"),
                Map.entry("foreldreansvar", "")));
        // ceased number: the only identifikasjonsnummer is opphoert, no name, no address
        EXPECTED.put("06820298525", Map.ofEntries(
                Map.entry("id", "06820298525"),
                Map.entry("status", "OPPHOERT"),
                Map.entry("navn", "null"),
                Map.entry("foedselsdato", "null"),
                Map.entry("gradering", "UGRADERT"),
                Map.entry("bosted", "null"),
                Map.entry("tidligere", "")));
        // two bostedsadresse entries differing only in adressekode: the current one has 06001
        EXPECTED.put("16863448801", Map.ofEntries(
                Map.entry("status", "BOSATT"),
                Map.entry("navn", "LETT|null|JUBILANT"),
                Map.entry("foedselsdato", "1934-06-16"),
                Map.entry("bosted", "Vegadresse|null|Malmervegen|113|null|H0101|2220|ÅBOGEN|3416|06001|UGRADERT"),
                Map.entry("kommunenummer", "3416"),
                Map.entry("familie", "17927096528:BARN/MOR,05866697967:BARN/MOR,28876597480:BARN/MOR,"
                        + "11833547579:EKTEFELLE/EKTEFELLE,24915994926:BARN/MOR,19920048172:FAR/BARN,16910048256:MOR/BARN")));
        // mother holding foreldreansvar for two children; bosted is a matrikkeladresse
        EXPECTED.put("17868597437", Map.ofEntries(
                Map.entry("status", "BOSATT"),
                Map.entry("navn", "LYS|null|BIT"),
                Map.entry("foedselsdato", "1985-06-17"),
                Map.entry("bosted", "Matrikkeladresse|null|null|11|4|0|9980|BERLEVÅG|5630|UGRADERT"),
                Map.entry("kommunenummer", "5630"),
                Map.entry("kommuneVedDoedsfall", "null"),
                Map.entry("sisteKommunenummer", "5630"),
                Map.entry("familie", "19841996618:BARN/MOR,26841397702:BARN/MOR,29928596913:EKTEFELLE/EKTEFELLE"),
                Map.entry("foreldreansvar", "FELLES:17868597437->19841996618,FELLES:17868597437->26841397702")));
        // unknown residence in 3112 with a post box address; foreldreansvar moved from felles to mor
        EXPECTED.put("20821098387", Map.ofEntries(
                Map.entry("status", "BOSATT"),
                Map.entry("navn", "ERFAREN|null|SJAKAL"),
                Map.entry("foedselsdato", "2010-02-20"),
                Map.entry("bosted", "null"),
                Map.entry("ukjentBosted", "true"),
                Map.entry("kommunenummer", "3112"),
                Map.entry("post", "Postboksadresse|null|95|8890|LEIRFJORD|UGRADERT"),
                Map.entry("utland", "null"),
                Map.entry("familie", "09828496155:FAR/BARN,07818194638:MOR/BARN"),
                Map.entry("foreldreansvar", "MOR:07818194638->20821098387")));
        // deceased: doedsfall is a single object, not an array; the residence was ended at the death (erGjeldende=false),
        // so there is no current residence, but its kommune is the one a death is selected by
        EXPECTED.put("28857197102", Map.ofEntries(
                Map.entry("status", "DOED"),
                Map.entry("navn", "NYSGJERRIG|null|LISTE"),
                Map.entry("foedselsdato", "1971-05-28"),
                Map.entry("doedsdato", "2020-12-22"),
                Map.entry("erDoed", "true"),
                Map.entry("bosted", "null"),
                Map.entry("kommunenummer", "null"),
                Map.entry("kommuneVedDoedsfall", "5427"),
                Map.entry("sisteKommunenummer", "5427"),
                Map.entry("post", "null")));
        // D-nummer, inactive, only an oppholdsadresse (no slot in the canonical model)
        EXPECTED.put("41919701143", Map.ofEntries(
                Map.entry("id", "41919701143"),
                Map.entry("dnummer", "true"),
                Map.entry("status", "INAKTIV"),
                Map.entry("navn", "FRUKTBAR|null|LUNSJ"),
                Map.entry("foedselsdato", "1997-11-01"),
                Map.entry("gradering", "UGRADERT"),
                Map.entry("bosted", "null"),
                Map.entry("post", "null")));
        // D-nummer with both structured and free-form post addresses: the structured ones win
        EXPECTED.put("60900070260", Map.ofEntries(
                Map.entry("dnummer", "true"),
                Map.entry("status", "MIDLERTIDIG"),
                Map.entry("navn", "SKY|null|MAI"),
                Map.entry("foedselsdato", "2000-01-01"),
                Map.entry("post", "Postboksadresse|null|PostBoks|0134|Oslo|UGRADERT"),
                Map.entry("utland", "Utenlandsk|[Einimel 80]|IS-107|Reykjavik|IS|UGRADERT"),
                Map.entry("familie", "")));
    }

    static Stream<String> examples() {
        return EXPECTED.keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void should_map_real_example_to_expected_values(String folder) throws IOException {
        Path file = EXAMPLES.resolve(folder).resolve("npr.json");
        Assumptions.assumeTrue(Files.exists(file),
                "SKIPPED: ../shared/contracts absent: mapping of real Folkeregisteret example " + folder + " not checked");
        Person person = mapper.toPerson(JSON.readTree(file.toFile()));
        Map<String, String> view = view(person);
        Map<String, String> expected = EXPECTED.get(folder);
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertThat(view.get(e.getKey()))
                    .as("%s/npr.json field %s", folder, e.getKey())
                    .isEqualTo(e.getValue());
        }
        assertThat(person.id().value()).as("%s: id", folder).isEqualTo(expected.getOrDefault("id", folder));
    }

    @Test
    void should_have_expected_values_for_every_example_folder() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(EXAMPLES),
                "SKIPPED: ../shared/contracts absent: coverage of the Folkeregisteret examples not checked");
        List<String> folders;
        try (Stream<Path> list = Files.list(EXAMPLES)) {
            folders = list.filter(p -> Files.exists(p.resolve("npr.json"))).map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(folders).isNotEmpty();
        for (String folder : folders) {
            JsonNode doc = JSON.readTree(EXAMPLES.resolve(folder).resolve("npr.json").toFile());
            assertThat(mapper.toPerson(doc).id()).as(folder).isNotNull();
            if (!EXPECTED.containsKey(folder)) {
                fail("example " + folder + " has no expected values in " + getClass().getSimpleName());
            }
        }
    }

    /** A flat, comparable view of the mapped person. */
    static Map<String, String> view(Person p) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("id", p.id().value());
        v.put("dnummer", String.valueOf(p.id().isDnummer()));
        v.put("status", String.valueOf(p.status()));
        v.put("navn", p.navn() == null ? "null" : p.navn().fornavn() + "|" + p.navn().mellomnavn() + "|" + p.navn().etternavn());
        v.put("foedselsdato", String.valueOf(p.foedselsdato()));
        v.put("doedsdato", String.valueOf(p.doedsdato()));
        v.put("erDoed", String.valueOf(p.erDoed()));
        v.put("gradering", String.valueOf(p.gradering()));
        v.put("bosted", adresse(p.bostedsadresse()));
        v.put("ukjentBosted", String.valueOf(p.ukjentBosted()));
        v.put("kommunenummer", String.valueOf(p.kommunenummer()));
        v.put("kommuneVedDoedsfall", String.valueOf(p.kommuneVedDoedsfall()));
        v.put("sisteKommunenummer", String.valueOf(p.sisteKommunenummer()));
        v.put("post", adresse(p.postadresse()));
        v.put("utland", adresse(p.postadresseIUtlandet()));
        v.put("familie", p.familierelasjoner().stream()
                .map(f -> f.relatertPerson().value() + ":" + f.relatertRolle() + "/" + f.minRolle())
                .collect(Collectors.joining(",")));
        v.put("foreldreansvar", p.foreldreansvar().stream()
                .map(f -> f.ansvar() + ":" + (f.ansvarlig() == null ? "null" : f.ansvarlig().value())
                        + "->" + (f.ansvarssubjekt() == null ? "null" : f.ansvarssubjekt().value()))
                .collect(Collectors.joining(",")));
        v.put("deltBosted", p.deltBosted().stream()
                .map(d -> adresse(d.adresse()) + "@" + d.startdato() + ".." + d.sluttdato())
                .collect(Collectors.joining(",")));
        v.put("tidligere", p.tidligereIdentiteter().stream().map(i -> i.value()).collect(Collectors.joining(",")));
        return v;
    }

    static String adresse(Adresse a) {
        if (a == null) {
            return "null";
        }
        if (a instanceof Adresse.Vegadresse x) {
            return String.join("|", "Vegadresse", x.coAdressenavn(), x.adressenavn(), String.valueOf(x.husnummer()),
                    x.husbokstav(), x.bruksenhetsnummer(), x.postnummer(), x.poststed(), x.kommunenummer(), x.adressekode(),
                    x.gradering().name());
        }
        if (a instanceof Adresse.Matrikkeladresse x) {
            return String.join("|", "Matrikkeladresse", x.coAdressenavn(), x.adressetilleggsnavn(),
                    String.valueOf(x.gaardsnummer()), String.valueOf(x.bruksnummer()), String.valueOf(x.festenummer()),
                    x.postnummer(), x.poststed(), x.kommunenummer(), x.gradering().name());
        }
        if (a instanceof Adresse.Postboksadresse x) {
            return String.join("|", "Postboksadresse", x.postbokseier(), x.postboks(), x.postnummer(), x.poststed(),
                    x.gradering().name());
        }
        if (a instanceof Adresse.FrittFormat x) {
            return String.join("|", "FrittFormat", String.valueOf(x.adresselinjer()), x.postnummer(), x.poststed(),
                    x.gradering().name());
        }
        Adresse.Utenlandsk x = (Adresse.Utenlandsk) a;
        return String.join("|", "Utenlandsk", String.valueOf(x.adresselinjer()), x.postkode(), x.byEllerStedsnavn(),
                x.landkode(), x.gradering().name());
    }
}
