package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Gradering;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static no.kommune.esb.model.Gradering.UGRADERT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Canonical address → SvarUt mottaker lines, one named row per shape. {@code forventet} is
 * [adresselinje1, adresselinje2, adresselinje3, postnummer, poststed, land]; a row with {@code feil} expects no lines.
 */
class AdresseFormattererTest {

    private final AdresseFormatterer formatterer = new AdresseFormatterer();

    record Rad(String navn, Adresse adresse, List<String> forventet, String feil) {
        @Override
        public String toString() {
            return navn;
        }
    }

    static Rad ok(String navn, Adresse a, String... linjer) {
        return new Rad(navn, a, Arrays.asList(linjer), null);
    }

    static Rad feil(String navn, Adresse a, String feil) {
        return new Rad(navn, a, null, feil);
    }

    static Adresse.Vegadresse veg(String co, String gate, Integer nr, String bokstav, String bruksenhet, String postnr) {
        return new Adresse.Vegadresse(co, gate, nr, bokstav, bruksenhet, postnr, "OSLO", "0301", "12345", UGRADERT);
    }

    static Stream<Rad> tabell() {
        String lang = "Langgata".repeat(9);
        return Stream.of(
                ok("vegadresse med husnummer, enebolig H0101 utelates", veg(null, "Malmervegen", 113, null, "H0101", "2220"),
                        "Malmervegen 113", null, null, "2220", "OSLO", null),
                ok("vegadresse med bokstav og leilighet", veg(null, "Storgata", 12, "b", "h0203", "0155"),
                        "Storgata 12B H0203", null, null, "0155", "OSLO", null),
                ok("vegadresse med c/o først", veg("Kari Hansen", "Storgata", 1, null, null, "0155"),
                        "c/o Kari Hansen", "Storgata 1", null, "0155", "OSLO", null),
                ok("c/o som allerede står i registeret dobles ikke", veg("C/O Kari Hansen", "Storgata", 1, null, null, "0155"),
                        "C/O Kari Hansen", "Storgata 1", null, "0155", "OSLO", null),
                ok("vegadresse uten husnummer", veg(null, "Bryggen", null, null, null, "5003"),
                        "Bryggen", null, null, "5003", "OSLO", null),
                ok("matrikkeladresse med tilleggsnavn og gnr/bnr",
                        new Adresse.Matrikkeladresse(null, "Nordre Li", 11, 4, 0, "9980", "BERLEVÅG", "5630", UGRADERT),
                        "Nordre Li", "11/4", null, "9980", "BERLEVÅG", null),
                ok("matrikkeladresse med festenummer",
                        new Adresse.Matrikkeladresse(null, null, 11, 4, 2, "9980", "BERLEVÅG", "5630", UGRADERT),
                        "11/4/2", null, null, "9980", "BERLEVÅG", null),
                ok("postboks", new Adresse.Postboksadresse(null, "95", "8890", "LEIRFJORD", UGRADERT),
                        "Postboks 95", null, null, "8890", "LEIRFJORD", null),
                ok("postboks med eier, og tekst som alt sier postboks",
                        new Adresse.Postboksadresse("Firma AS", "PostBoks 7", "0134", "OSLO", UGRADERT),
                        "Firma AS", "PostBoks 7", null, "0134", "OSLO", null),
                ok("fritt format", new Adresse.FrittFormat(List.of("Hybel 3", "Gamleveien 2"), "0134", "Oslo", UGRADERT),
                        "Hybel 3", "Gamleveien 2", null, "0134", "Oslo", null),
                ok("utenlandsk med alfa-3 landkode → norsk landnavn",
                        new Adresse.Utenlandsk(List.of("Einimel 80"), "IS-107", "Reykjavik", "ISL", UGRADERT),
                        "Einimel 80", null, null, "IS-107", "Reykjavik", "ISLAND"),
                ok("utenlandsk med alfa-2 landkode",
                        new Adresse.Utenlandsk(List.of("Calle 1"), "11000", "Montevideo", "UY", UGRADERT),
                        "Calle 1", null, null, "11000", "Montevideo", "URUGUAY"),
                ok("utenlandsk med fire linjer → de siste slås sammen",
                        new Adresse.Utenlandsk(List.of("c/o A", "Gate 1", "Bygg 2", "Distrikt"), "123", "By", "SE", UGRADERT),
                        "c/o A", "Gate 1", "Bygg 2, Distrikt", "123", "By", "SVERIGE"),
                ok("utenlandsk postkode over 20 tegn flyttes foran byen",
                        new Adresse.Utenlandsk(List.of("Testadressenavn 281"), "Testpostkode utland 283", "Testby", "UY", UGRADERT),
                        "Testadressenavn 281", null, null, null, "Testpostkode utland 283 Testby", "URUGUAY"),
                feil("ukjent landkode YY", new Adresse.Utenlandsk(List.of("EINIMEL 80"), null, "Reykjavik", "YY", UGRADERT), "landkode"),
                feil("utenlandsk med landkode Norge", new Adresse.Utenlandsk(List.of("Gate 1"), "0150", "Oslo", "NOR", UGRADERT), "landkode"),
                feil("norsk adresse uten postnummer", veg(null, "Storgata", 1, null, null, null), "postnummer"),
                feil("norsk adresse med ugyldig postnummer", veg(null, "Storgata", 1, null, null, "12"), "postnummer"),
                feil("vegadresse uten adressenavn", veg(null, null, 1, null, null, "0150"), "adressenavn"),
                feil("linje over 70 tegn avkortes aldri", veg(null, lang, 1, null, null, "0150"), "70"),
                feil("postboks uten nummer", new Adresse.Postboksadresse(null, null, "0150", "OSLO", UGRADERT), "postboks"),
                feil("for mange linjer til å slå sammen", new Adresse.FrittFormat(List.of("a", "b", lang, lang), "0150", "OSLO", UGRADERT),
                        "linjer"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tabell")
    void should_write_the_address_as_svarut_lines_or_refuse(Rad rad) {
        AdresseFormatterer.Resultat r = formatterer.formater("Kari Nordmann", "01828512345", rad.adresse());
        if (rad.feil() != null) {
            assertThat(r).isInstanceOfSatisfying(AdresseFormatterer.Feil.class, f -> assertThat(f.grunn()).contains(rad.feil()));
            return;
        }
        assertThat(r).isInstanceOf(AdresseFormatterer.Ok.class);
        SvarUtMottaker m = ((AdresseFormatterer.Ok) r).mottaker();
        assertThat(Arrays.asList(m.adresselinje1(), m.adresselinje2(), m.adresselinje3(), m.postnummer(), m.poststed(), m.land()))
                .containsExactlyElementsOf(rad.forventet());
        assertThat(m.navn()).isEqualTo("Kari Nordmann");
        assertThat(m.digitalId()).isEqualTo("01828512345");
    }

    @org.junit.jupiter.api.Test
    void should_refuse_a_name_longer_than_svarut_takes() {
        assertThat(formatterer.formater("N".repeat(101), null, veg(null, "Storgata", 1, null, null, "0150")))
                .isInstanceOf(AdresseFormatterer.Feil.class);
    }

    @org.junit.jupiter.api.Test
    void should_treat_a_neighbouring_flat_as_the_same_place_when_comparing_protected_addresses() {
        Adresse a = new Adresse.Vegadresse(null, "Storgata", 1, null, "H0101", "0150", "OSLO", "0301", "1", Gradering.STRENGT_FORTROLIG);
        Adresse b = new Adresse.Vegadresse(null, "STORGATA", 1, null, "H0202", "0150", "OSLO", "0301", "1", UGRADERT);
        Adresse c = new Adresse.Vegadresse(null, "Storgata", 3, null, "H0101", "0150", "OSLO", "0301", "1", UGRADERT);
        assertThat(AdresseFormatterer.noekkel(a)).isEqualTo(AdresseFormatterer.noekkel(b)).isNotEqualTo(AdresseFormatterer.noekkel(c))
                .doesNotContain("Storgata").doesNotContainIgnoringCase("storgata");
    }
}
