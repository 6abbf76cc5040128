package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule that ties a pass's decisions to the recipient letters earlier passes stored (rule 8): by the person, never by
 * the role label or position the reference is made of. Persons: B (fødselsnummer, born on the 15th), A (D-nummer
 * {@code Adnr}, later fødselsnummer {@code Afnr}, born on the 10th, so {@code Afnr} sorts before B and {@code Adnr}
 * after), C (a third person), {@code -} (a manual slot: no holder identifiable).
 */
class MottakerkoblingTest {

    static final UUID BREV = UUID.fromString("6f0c1c8e-4a52-4d5e-9a38-0d2b3f1e7a11");
    static final String REF = "sak-2026-17";
    static final Map<String, Identitetsnummer> PERSON = Map.of(
            "B", TestData.syntetisk(LocalDate.of(1985, 3, 15), 100),
            "Adnr", TestData.syntetiskDnummer(LocalDate.of(1986, 4, 10), 200),
            "Afnr", TestData.syntetisk(LocalDate.of(1986, 4, 10), 300),
            "C", TestData.syntetisk(LocalDate.of(1990, 7, 25), 100));

    /**
     * {@code lagret}: the earlier passes' recipient letters, {@code label=person:status} (status KLAR = still waiting).
     * {@code register}: what this pass's answers say about identities: {@code Afnr<Adnr} = the register reports Adnr as
     * Afnr's earlier number; {@code Adnr>Afnr} = asked for Adnr, it answered with the person under Afnr; empty = nothing.
     * {@code naa}: this pass's decisions, {@code label=person}, in order. {@code forventet}: per decision the label of the
     * stored recipient letter it lands on, {@code ny} = a new one with its own reference's id, {@code ny#2} = a new one
     * whose reference got a number because its own id is another recipient's letter.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "", value = {
            "same person, same label                      | FORELDER-1=B:SENDT, FORELDER-2=C:KLAR | | FORELDER-1=B, FORELDER-2=C | FORELDER-1, FORELDER-2",
            "sort order swapped                           | FORELDER-1=B:SENDT, FORELDER-2=C:KLAR | | FORELDER-1=C, FORELDER-2=B | FORELDER-2, FORELDER-1",
            "label changed: roles registered (scenario B) | FORELDER-1=B:SENDT, FORELDER-2=C:KLAR | | FAR=B, MOR=C               | FORELDER-1, FORELDER-2",
            "D-nummer to fnr, reported as earlier number (scenario A) | FORELDER-1=B:SENDT, FORELDER-2=Adnr:KLAR | Afnr<Adnr | FORELDER-1=Afnr, FORELDER-2=B | FORELDER-2, FORELDER-1",
            "D-nummer to fnr, found by the earlier number | FORELDER-1=B:SENDT, FORELDER-2=Adnr:KLAR | Adnr>Afnr | FORELDER-1=Afnr, FORELDER-2=B | FORELDER-2, FORELDER-1",
            "D-nummer to fnr, same label                  | MOR=Adnr:SENDT, FAR=B:KLAR             | Afnr<Adnr | MOR=Afnr, FAR=B            | MOR, FAR",
            "D-nummer to fnr, no link: a new person       | FORELDER-1=B:SENDT, FORELDER-2=Adnr:KLAR | | FORELDER-1=Afnr, FORELDER-2=B | ny#2, FORELDER-1",
            "a recipient dropped                          | MOR=C:KLAR, FAR=B:SENDT                | | FAR=B                      | FAR",
            "a recipient dropped, the other takes its label | FORELDER-1=B:SENDT, FORELDER-2=C:KLAR | | FORELDER=C               | FORELDER-2",
            "a recipient added                            | FAR=B:SENDT                            | | FAR=B, MOR=C               | FAR, ny",
            "a recipient added under a label already used | MOR=C:SENDT                            | | MOR=B                      | ny#2",
            "responsibility moved, label kept             | FORELDER-1=B:SENDT, FORELDER-2=C:KLAR | | FORELDER-1=Afnr, FORELDER-2=C | ny#2, FORELDER-2",
            "a manual slot keeps its letter               | FORELDER-1=B:SENDT, FORELDER-2=-:MANUELL | | FORELDER-1=B, FORELDER-2=- | FORELDER-1, FORELDER-2",
            "a holder found never takes a manual slot's letter | FORELDER-1=B:SENDT, FORELDER-2=-:MANUELL | | FORELDER-1=B, FORELDER-2=C | FORELDER-1, ny#2",
            "one person twice (old label matching): the letter sent wins | FORELDER-1=B:SENDT, FAR=B:KLAR | | FAR=B        | FORELDER-1",
            "first pass                                   |                                        | | MOR=C, FAR=B               | ny, ny",
    })
    void should_tie_each_decision_to_the_recipient_letter_of_its_own_person(String tilfelle, String lagret, String register,
                                                                               String naa, String forventet) {
        Map<String, Mottakerkobling.Lagret> lagrede = new HashMap<>();
        List<Mottakerkobling.Lagret> rader = new ArrayList<>();
        for (String l : liste(lagret)) {
            String[] s = l.split("[=:]");
            Mottakerkobling.Lagret rad = new Mottakerkobling.Lagret(Mottakerkobling.id(BREV, REF + "-" + s[0]),
                    "-".equals(s[1]) ? Mottakerkobling.INGEN : PERSON.get(s[1]).value(), "KLAR".equals(s[2]));
            lagrede.put(s[0], rad);
            rader.add(rad);
        }
        List<Mottakerbeslutning> beslutninger = liste(naa).stream().map(d -> d.split("=")).map(d -> beslutning(d[0], d[1])).toList();

        List<UUID> ider = new Mottakerkobling(svar(register, beslutninger)).koble(BREV, beslutninger, rader);

        List<UUID> ventet = new ArrayList<>();
        List<String> etiketter = liste(forventet);
        for (int i = 0; i < etiketter.size(); i++) {
            String e = etiketter.get(i);
            String ref = beslutninger.get(i).mottakerReferanse();
            ventet.add(e.equals("ny") ? Mottakerkobling.id(BREV, ref)
                    : e.startsWith("ny#") ? Mottakerkobling.id(BREV, ref + e.substring(2)) : lagrede.get(e).id());
        }
        assertThat(ider).as(tilfelle).containsExactlyElementsOf(ventet);
        assertThat(ider).as("never two decisions on one recipient letter").doesNotHaveDuplicates();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "", value = {
            "first pass: nothing stored                   |                                          | B, C    | ",
            "everyone has a letter: nothing               | FORELDER-1=B:SENDT, FORELDER-2=Adnr:KLAR | B, Adnr | ",
            "a recipient without a letter: the unknown stored numbers | FORELDER-1=B:SENDT, FORELDER-2=Adnr:KLAR | Afnr, B | Adnr",
            "a manual slot is never looked up             | FORELDER-1=B:SENDT, FORELDER-2=-:MANUELL | B, C    | ",
    })
    void should_ask_the_register_about_stored_recipients_only_when_a_recipient_has_no_letter(String tilfelle, String lagret,
                                                                                             String mottakere, String forventet) {
        List<Mottakerkobling.Lagret> rader = liste(lagret).stream().map(l -> l.split("[=:]")).map(s -> new Mottakerkobling.Lagret(
                Mottakerkobling.id(BREV, REF + "-" + s[0]), "-".equals(s[1]) ? Mottakerkobling.INGEN : PERSON.get(s[1]).value(),
                "KLAR".equals(s[2]))).toList();

        Set<Identitetsnummer> spor = new Mottakerkobling(Map.of()).maaSlaasOpp(liste(mottakere).stream().map(PERSON::get).toList(), rader);

        assertThat(spor).as(tilfelle).containsExactlyInAnyOrderElementsOf(liste(forventet).stream().map(PERSON::get).toList());
    }

    @Test
    void should_keep_an_organisation_letter_on_its_recipient_letter() {
        Organisasjonsnummer orgnr = Organisasjonsnummer.of("974760673");
        Mottakerbeslutning b = new Mottakerbeslutning(REF, null, null, orgnr, Mottakerrolle.MOTTAKER, Kanal.DIGITAL, Regel.ORGANISASJON,
                SvarUtMottaker.kunDigital("Kommunen", orgnr.value()), true, Set.of(), Adressekilde.INGEN, false, Beslutningsgrunnlag.INGEN, null);
        UUID lagret = Mottakerkobling.id(BREV, REF);

        assertThat(new Mottakerkobling(Map.of()).koble(BREV, List.of(b), List.of(new Mottakerkobling.Lagret(lagret, orgnr.value(), false))))
                .containsExactly(lagret);
    }

    @Test
    void should_not_show_a_stored_identity_number_in_full() {
        String nr = PERSON.get("B").value();
        assertThat(new Mottakerkobling.Lagret(UUID.randomUUID(), nr, true).toString()).doesNotContain(nr).contains(nr.substring(0, 6));
    }

    /** The register's answers by the number asked: everyone decided about, plus the identity facts of {@code register}. */
    private static Map<Identitetsnummer, Person> svar(String register, List<Mottakerbeslutning> beslutninger) {
        Map<Identitetsnummer, Person> svar = new HashMap<>();
        beslutninger.stream().filter(b -> b.mottaker() != null).forEach(b -> svar.put(b.mottaker(), person(b.mottaker(), List.of())));
        if (register != null && register.contains("<")) {
            String[] s = register.split("<");
            svar.put(PERSON.get(s[0]), person(PERSON.get(s[0]), List.of(PERSON.get(s[1]))));
        } else if (register != null && register.contains(">")) {
            String[] s = register.split(">");
            svar.put(PERSON.get(s[0]), person(PERSON.get(s[1]), List.of()));
        }
        return svar;
    }

    private static Person person(Identitetsnummer id, List<Identitetsnummer> tidligere) {
        return new Person(id, Personstatus.BOSATT, new Navn("Test", null, "Testesen"), null, null, null, null, null, null, false,
                "4601", null, List.of(), List.of(), List.of(), tidligere);
    }

    /** A decision whose channel does not matter here: matching looks at reference and recipient only. */
    private static Mottakerbeslutning beslutning(String etikett, String hvem) {
        Identitetsnummer id = "-".equals(hvem) ? null : PERSON.get(hvem);
        return new Mottakerbeslutning(REF + "-" + etikett, PERSON.get("C"), id, null, Mottakerrolle.FORELDER, Kanal.MANUELL,
                Regel.R7_INGEN_ANSVARLIG, null, false, Set.of(), Adressekilde.INGEN, false, Beslutningsgrunnlag.INGEN, "test");
    }

    private static List<String> liste(String s) {
        return s == null || s.isBlank() ? List.of() : Arrays.stream(s.split(",")).map(String::trim).toList();
    }
}
