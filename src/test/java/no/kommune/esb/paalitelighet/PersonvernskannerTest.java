package no.kommune.esb.paalitelighet;

import no.kommune.esb.model.Identitetsnummer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The R6 scanner against planted positives and look-alikes it must leave alone (docs/reliability.md, "R6 privacy scan"). */
class PersonvernskannerTest {

    static final String FNR = "02013299997";
    static final String DNUMMER = gyldig("420132");
    static final String SYNTETISK = gyldig("018100");

    static final Personvernskanner SKANNER = new Personvernskanner(List.of("41234567"), List.of("kommune.example.no"),
            List.of("Sjøgata 12B", "Kirkeveien 3"));

    static Stream<Arguments> tilfeller() {
        return Stream.of(
                Arguments.of("a fødselsnummer in a log line", "Letter for " + FNR + " refused", List.of(Personvernskanner.Art.IDENTITETSNUMMER)),
                Arguments.of("a D-nummer in JSON", "{\"mottaker\":\"" + DNUMMER + "\"}", List.of(Personvernskanner.Art.IDENTITETSNUMMER)),
                Arguments.of("a synthetic (Tenor) number in a path", "/api/innsyn/" + SYNTETISK, List.of(Personvernskanner.Art.IDENTITETSNUMMER)),
                Arguments.of("a masked number", "mottaker 020132***** er ugyldig", List.of()),
                Arguments.of("11 digits with wrong control digits", "ref 02013299998", List.of()),
                // a number inside a longer run is personal data too: maskIn masks such a run after its first six digits
                Arguments.of("an identity number at the start of a longer digit run", "ref " + FNR + "20240101", List.of(Personvernskanner.Art.IDENTITETSNUMMER)),
                Arguments.of("an identity number inside a longer digit run", "t=1" + FNR + "1", List.of(Personvernskanner.Art.IDENTITETSNUMMER)),
                Arguments.of("an identity number ending a longer digit run stuck to letters", "vask-99" + FNR + ".csv", List.of(Personvernskanner.Art.IDENTITETSNUMMER)),
                Arguments.of("two numbers in one digit run: one hit for the run", FNR + DNUMMER, List.of(Personvernskanner.Art.IDENTITETSNUMMER)),
                Arguments.of("a longer digit run as maskIn masks it", Identitetsnummer.maskIn("t=1" + FNR + "1"), List.of()),
                Arguments.of("a longer digit run with no valid number in it (epoch millis)", "sent at 1714400000000", List.of()),
                Arguments.of("a UUID whose last group holds an identity number", "brev c0a80101-7f3e-4a1b-9c2d-0" + FNR + " lagret", List.of()),
                Arguments.of("a Camel exchange id whose digits hold an identity number", "exchange 4E90F02C38BF533-0000" + FNR + "0 feilet", List.of()),
                Arguments.of("a KRR e-mail address", "sent to kari.nordmann.17@sim.example.no", List.of(Personvernskanner.Art.EPOST)),
                Arguments.of("the platform's own sender address", "from post@kommune.example.no", List.of()),
                Arguments.of("a mobile number with +47", "SMS to +4791234567 sent", List.of(Personvernskanner.Art.MOBILNUMMER)),
                Arguments.of("a mobile number with 0047 and a space", "tlf 0047 41234567", List.of(Personvernskanner.Art.MOBILNUMMER)),
                Arguments.of("KRR's mobile number without country code", "nummer 41234567.", List.of(Personvernskanner.Art.MOBILNUMMER)),
                Arguments.of("8 digits KRR does not hold (a size in bytes)", "storrelse 41234568", List.of()),
                // found by R6 after R1–R4 at 10,000 letters: a UUID's first group is 8 decimal digits about 2 % of the time
                Arguments.of("a UUID whose first group is KRR's mobile number", "Letter 41234567-778f-44ff-be61-27385c3b89c3 accepted", List.of()),
                Arguments.of("a protected address", "bosted Sjøgata 12 B, 5003 Bergen", List.of(Personvernskanner.Art.BESKYTTET_ADRESSE)),
                Arguments.of("a protected address in other case", "KIRKEVEIEN 3", List.of(Personvernskanner.Art.BESKYTTET_ADRESSE)),
                Arguments.of("another house in a protected person's street", "Kirkeveien 31", List.of()),
                Arguments.of("an unprotected street", "Strandgaten 12B", List.of()),
                Arguments.of("everything at once", FNR + " +4791234567 a@sim.example.no Sjøgata 12B", List.of(Personvernskanner.Art.IDENTITETSNUMMER,
                        Personvernskanner.Art.EPOST, Personvernskanner.Art.MOBILNUMMER, Personvernskanner.Art.BESKYTTET_ADRESSE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tilfeller")
    void should_find_exactly_the_planted_personal_data_when_scanning_text(String tilfelle, String tekst, List<Personvernskanner.Art> forventet) {
        List<Personvernskanner.Treff> treff = SKANNER.skann("test", tekst, false);

        assertThat(treff).extracting(Personvernskanner.Treff::art).containsExactlyElementsOf(forventet);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tilfeller")
    void should_never_repeat_a_found_value_in_the_hit(String tilfelle, String tekst, List<Personvernskanner.Art> forventet) {
        for (Personvernskanner.Treff t : SKANNER.skann("test", tekst, false)) {
            assertThat(t.maskert()).doesNotContain(FNR).doesNotContain(DNUMMER).doesNotContain(SYNTETISK).doesNotContain("91234567")
                    .doesNotContain("41234567").doesNotContain("kari").doesNotContain("Sjøgata").doesNotContain("Kirkeveien");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tilfeller")
    void should_skip_identity_numbers_but_not_contact_data_where_identity_numbers_are_allowed(String tilfelle, String tekst,
                                                                                           List<Personvernskanner.Art> forventet) {
        List<Personvernskanner.Treff> treff = SKANNER.skann("test", tekst, true);

        assertThat(treff).extracting(Personvernskanner.Treff::art)
                .containsExactlyElementsOf(forventet.stream().filter(a -> a != Personvernskanner.Art.IDENTITETSNUMMER).toList());
    }

    /** The first number after {@code foedselsdato} (DDMMYY) whose control digits {@link Identitetsnummer} accepts. */
    static String gyldig(String foedselsdato) {
        for (int individ = 0; individ < 1000; individ++) {
            for (int kontroll = 0; kontroll < 100; kontroll++) {
                String kandidat = foedselsdato + "%03d%02d".formatted(individ, kontroll);
                if (Identitetsnummer.isValid(kandidat)) {
                    return kandidat;
                }
            }
        }
        throw new IllegalStateException("no valid number for " + foedselsdato);
    }
}
