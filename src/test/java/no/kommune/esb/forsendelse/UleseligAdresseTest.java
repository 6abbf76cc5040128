package no.kommune.esb.forsendelse;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.folkeregister.FolkeregisterMapper;
import no.kommune.esb.model.KrrKontakt;
import no.kommune.esb.model.Person;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static no.kommune.esb.forsendelse.Kanal.MANUELL;
import static no.kommune.esb.forsendelse.Kanal.PRINT;
import static no.kommune.esb.forsendelse.Regel.R2_PRINT_RESERVERT;
import static no.kommune.esb.forsendelse.Regel.R4_UKJENT_ADRESSE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * DOMAIN.md rule 4 ("unknown residence → manual handling, never a guess") for an address Folkeregisteret gives with a
 * value the platform cannot read, from the register's document to the decision: a value present but malformed per
 * freg.yaml, or an entry of which it cannot be told whether it is the current one, sends the letter to manual handling
 * (as an unknown residence does); an absent value (a vegadresse without a house number) is a readable address. Before,
 * the mapper read an unreadable husnummer as none and the letter was printed to the street without its number.
 * A reserved recipient throughout, so a usable address means PRINT.
 */
class UleseligAdresseTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "02851798067";

    private final FolkeregisterMapper mapper = new FolkeregisterMapper();
    private final Mottakervelger velger = new Mottakervelger();
    private final Forsendelsesbeslutter beslutter = new Forsendelsesbeslutter();

    /** One row: the person's address elements as the register gives them, and the decision expected. */
    record Rad(String navn, String adresser, Kanal kanal, Regel regel, String linje1) {
        @Override
        public String toString() {
            return navn;
        }
    }

    static String veg(String adressenummer, String postnummer) {
        return """
                {"erGjeldende":true,"adressegradering":"ugradert","vegadresse":{"kommunenummer":"0301","adressenavn":"Gata",
                 %s"poststed":{"postnummer":%s,"poststedsnavn":"OSLO"}}}""".formatted(
                adressenummer == null ? "" : "\"adressenummer\":" + adressenummer + ",", postnummer);
    }

    static String bosted(String... entries) {
        return "\"bostedsadresse\":[" + String.join(",", entries) + "]";
    }

    static final String POSTBOKS = """
            "postadresse":[{"erGjeldende":true,"adressegradering":"ugradert",
              "postboksadresse":{"postboks":"96","poststed":{"postnummer":"8890","poststedsnavn":"LEIRFJORD"}}}]""";

    static Rad manuell(String navn, String adresser) {
        return new Rad(navn, adresser, MANUELL, R4_UKJENT_ADRESSE, null);
    }

    static Rad print(String navn, String adresser, String linje1) {
        return new Rad(navn, adresser, PRINT, R2_PRINT_RESERVERT, linje1);
    }

    static Stream<Rad> tabell() {
        return Stream.of(
                // present but malformed: never the street without its number
                manuell("husnummer som ikke er et tall", bosted(veg("{\"husnummer\":\"1O\"}", "\"0150\""))),
                manuell("husnummer med bokstaven i seg (bokstaven har sitt eget felt)", bosted(veg("{\"husnummer\":\"12B\"}", "\"0150\""))),
                manuell("adressenummer uten det påkrevde husnummeret", bosted(veg("{\"husbokstav\":\"B\"}", "\"0150\""))),
                manuell("husnummer som desimaltall", bosted(veg("{\"husnummer\":12.5}", "\"0150\""))),
                manuell("postnummer med tre siffer", bosted(veg("{\"husnummer\":\"4\"}", "\"150\""))),
                manuell("gårdsnummer som ikke er et tall", bosted("""
                        {"erGjeldende":true,"adressegradering":"ugradert","matrikkeladresse":{"adressetilleggsnavn":"Nordre Haug",
                         "matrikkelnummer":{"kommunenummer":"5630","gaardsnummer":"11a","bruksnummer":4},
                         "poststed":{"postnummer":"9980","poststedsnavn":"BERLEVÅG"}}}""")),
                manuell("postadresse med uleselig postnummer: ikke bostedsadressen i stedet", bosted(veg("{\"husnummer\":\"4\"}", "\"0150\""))
                        + "," + POSTBOKS.replace("\"8890\"", "\"88 90\"")),
                // which entry is current cannot be told
                manuell("to gjeldende bostedsadresser, gyldighetstidspunkt som ikke er en tid", bosted(
                        veg("{\"husnummer\":\"4\"}", "\"0150\"").replace("{\"erGjeldende\":true,",
                                "{\"erGjeldende\":true,\"gyldighetstidspunkt\":\"2020-01-01T00:00:00+01:00\","),
                        veg("{\"husnummer\":\"9\"}", "\"0150\"").replace("{\"erGjeldende\":true,",
                                "{\"erGjeldende\":true,\"gyldighetstidspunkt\":\"22.03.2026\","))),
                manuell("erGjeldende som ikke er en boolean", bosted(
                        veg("{\"husnummer\":\"4\"}", "\"0150\"").replace("\"erGjeldende\":true", "\"erGjeldende\":\"nei\""),
                        veg("{\"husnummer\":\"9\"}", "\"0150\""))),
                // absent or readable: printed as before
                print("vegadresse uten husnummer (ingen adressenummer)", bosted(veg(null, "\"0150\"")), "Gata"),
                print("husnummer som JSON-tall", bosted(veg("{\"husnummer\":12}", "\"0150\"")), "Gata 12"),
                print("husnummer med mellomrom rundt", bosted(veg("{\"husnummer\":\" 7 \",\"husbokstav\":\"b\"}", "\"0150\"")), "Gata 7B"),
                print("én gjeldende oppføring: gyldighetstidspunktet avgjør ingenting", bosted(
                        veg("{\"husnummer\":\"4\"}", "\"0150\"").replace("{\"erGjeldende\":true,",
                                "{\"erGjeldende\":true,\"gyldighetstidspunkt\":\"ukjent\",")), "Gata 4"),
                print("uleselig husnummer i en tidligere bostedsadresse", bosted(
                        veg("{\"husnummer\":\"4\"}", "\"0150\""),
                        veg("{\"husnummer\":\"x\"}", "\"0150\"").replace("\"erGjeldende\":true", "\"erGjeldende\":false")), "Gata 4"),
                print("uleselig bostedsadresse, lesbar postadresse → postadressen", bosted(veg("{\"husnummer\":\"1O\"}", "\"0150\""))
                        + "," + POSTBOKS, "Postboks 96"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tabell")
    void should_send_a_letter_only_to_an_address_the_platform_can_read(Rad rad) throws Exception {
        Person p = mapper.toPerson(JSON.readTree("""
                {"identifikasjonsnummer":[{"erGjeldende":true,"status":"iBruk","foedselsEllerDNummer":"%s"}],
                 "navn":[{"erGjeldende":true,"fornavn":"KARI","etternavn":"NORDMANN"}],
                 "status":[{"erGjeldende":true,"status":"bosatt"}], %s}""".formatted(ID, rad.adresser())));
        Brev brev = Brev.tilPerson("skolesystem", "SAK-1", "Vedtak", p.id(), Brevtype.FORMELL, false);
        KrrKontakt krr = TestData.krrReservert(p.id(), null, null);

        List<Mottakerbeslutning> b = beslutter.beslutt(brev, velger.velg(brev, p, Map.of()), Map.of(p.id(), krr), TestData.T0);

        assertThat(b).singleElement().satisfies(d -> {
            assertThat(d.kanal()).isEqualTo(rad.kanal());
            assertThat(d.regel()).isEqualTo(rad.regel());
            assertThat(d.svarUtMottaker() == null ? null : d.svarUtMottaker().adresselinje1()).isEqualTo(rad.linje1());
            if (d.kanal() == MANUELL) {
                assertThat(d.begrunnelse()).contains("fra Folkeregisteret kan ikke leses")
                        .as("no personal data in the reason").doesNotContain("Gata", "1O", "88 90", ID);
            }
        });
    }
}
