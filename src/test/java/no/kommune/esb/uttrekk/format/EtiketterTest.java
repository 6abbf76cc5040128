package no.kommune.esb.uttrekk.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Adressefelt;
import no.kommune.esb.model.Foreldreansvar;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Navn;
import no.kommune.esb.model.Person;
import no.kommune.esb.model.Personstatus;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EtiketterTest {

    private static final Etiketter ETIKETTER = new Etiketter(new FormatProperties(null));

    private static Uttrekksformat.Valg valg(String mottaker) {
        return new Uttrekksformat.Valg("Skolestart 2027 – Fjellsiden skole", null, Map.of(Etiketter.MOTTAKER, mottaker));
    }

    @Test
    void should_print_one_label_per_person_with_name_and_postal_address_when_mottaker_is_person() throws IOException {
        Klasseliste klasse = Klasseliste.skolestart();
        byte[] pdf = PdfListeTest.lag(ETIKETTER, klasse.etikettrader(), valg("PERSON"));
        Files.createDirectories(Path.of("target/uttrekk"));
        Files.write(Path.of("target/uttrekk/etiketter.pdf"), pdf);

        String t = PdfListeTest.tekst(pdf);
        assertThat(t).contains("Åse Marie Bjørnstad Fjellveien 12B 5019 Bergen", "Emil Haugen Kalfarveien 31 5018 Bergen",
                "Til manuell oppfølging", "21 etiketter skrevet ut, 2 uten etikett");
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            // 21 labels fill one sheet; the follow-up page comes after it
            assertThat(doc.getNumberOfPages()).isEqualTo(2);
        }
    }

    @Test
    void should_print_no_protected_address_and_list_the_person_by_masked_id_when_the_address_is_withheld() throws IOException {
        Klasseliste klasse = Klasseliste.skolestart();
        String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, klasse.etikettrader(), valg("PERSON")));

        Identitetsnummer noah = klasse.barn().get(3).id();
        assertThat(t).doesNotContain(Klasseliste.HEMMELIG_GATE, Klasseliste.FORTROLIG_GATE, "Noah Lie", noah.value())
                .contains(noah.masked() + " adresse sperret");
    }

    @Test
    void should_address_parents_with_foreldreansvar_once_per_address_when_mottaker_is_foresatte() throws IOException {
        String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, Klasseliste.skolestart().etikettrader(), valg("FORESATTE")));

        assertThat(t).contains("Kari Bjørnstad og Øyvind Bjørnstad Fjellveien 12B 5019 Bergen",
                "Ingrid Haugen Kalfarveien 31 5018 Bergen", "Jørgen Haugen Nattlandsveien 7A 5094 Bergen", "Hanne Æsøy Sjøgaten 4")
                // no foreldreansvar: no label
                .doesNotContain("Pål Æsøy")
                // a protected child's parents get no label: the other parent's address is not the point, the child's is
                .doesNotContain("Geir Lie", "Øvre Ervik", Klasseliste.HEMMELIG_GATE);
        // siblings Oskar and Frida Berg live with the same parents: one label for the household
        assertThat(t.split("Lise Berg og Mats Berg", -1)).hasSize(2);
    }

    @Test
    void should_address_only_a_teenage_parents_own_parents_and_never_herself_when_mottaker_is_foresatte() throws IOException {
        String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, Klasseliste.tenaaringsforelder().etikettrader(), valg("FORESATTE")));

        // the entry she holds for her baby is not about her: no label "… og Ida Moe" at her home
        assertThat(t).contains("Ranveig Moe Kirkeveien 8 5072 Bergen", "Odd Moe Sandviksveien 3 5035 Bergen")
                .doesNotContain("Ida Moe");
    }

    /**
     * Labels are merged only when they are for the same persons at the same address. Until this was fixed the sheet
     * dropped any label whose address had been labelled before: a half-sibling's "Mor og Z" (Z also living at X) was
     * dropped as a copy of the older sibling's "Mor", so Z got no label and no manual line (rule 7: felles → both).
     */
    @Test
    void should_label_every_holder_when_a_half_siblings_parents_share_an_address_already_labelled() throws IOException {
        Klasseliste k = new Klasseliste();
        Adresse x = Klasseliste.veg("Fjellveien", 12, "B", "5019", "Bergen", Gradering.UGRADERT);
        k.familie("Aksel", "Dahl", LocalDate.of(2021, 2, 1), x, Gradering.UGRADERT, null,
                "Tone", x, "Geir", Klasseliste.veg("Strandkaien", 2, null, "5013", "Bergen", Gradering.UGRADERT), Foreldreansvar.Ansvar.FELLES);
        k.familie("Bella", "Dahl", LocalDate.of(2021, 6, 1), x, Gradering.UGRADERT, null,
                "Tone", x, "Stian", x, Foreldreansvar.Ansvar.FELLES);

        String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, k.etikettrader(), valg("FORESATTE")));

        assertThat(t).contains("Tone Dahl Fjellveien 12B 5019 Bergen", "Geir Dahl Strandkaien 2 5013 Bergen",
                "Tone Dahl og Stian Dahl Fjellveien 12B 5019 Bergen");
    }

    @Test
    void should_give_two_unrelated_households_at_one_address_a_label_each() throws IOException {
        Klasseliste k = new Klasseliste();
        // a single-dwelling address (H0101, not printed) registered for two households
        Adresse felles = new Adresse.Vegadresse(null, "Kalfarveien", 31, null, "H0101", "5018", "Bergen", "4601", "1234", Gradering.UGRADERT);
        k.familie("Cecilie", "Holm", LocalDate.of(2021, 3, 1), felles, Gradering.UGRADERT, null, "Hanne", felles, "Hans", felles,
                Foreldreansvar.Ansvar.FELLES);
        k.familie("David", "Lund", LocalDate.of(2021, 4, 1), felles, Gradering.UGRADERT, null, "Lise", felles, "Leif", felles,
                Foreldreansvar.Ansvar.FELLES);

        String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, k.etikettrader(), valg("FORESATTE")));

        assertThat(t).contains("Hanne Holm og Hans Holm Kalfarveien 31 5018 Bergen", "Lise Lund og Leif Lund Kalfarveien 31 5018 Bergen");
    }

    /**
     * A sibling whose holders are only some of those on a label already printed at the address gets a label of its own:
     * a letter about that child must not go in an envelope that also names a parent without foreldreansvar for it (rule 7).
     */
    @Test
    void should_merge_only_labels_for_the_same_persons_and_not_one_for_a_subset_of_them() throws IOException {
        Klasseliste k = new Klasseliste();
        Adresse x = Klasseliste.veg("Trebakken", 22, null, "5141", "Fyllingsdalen", Gradering.UGRADERT);
        k.familie("Emil", "Berg", LocalDate.of(2021, 2, 1), x, Gradering.UGRADERT, null, "Lise", x, "Mats", x, Foreldreansvar.Ansvar.FELLES);
        k.familie("Frida", "Berg", LocalDate.of(2021, 7, 1), x, Gradering.UGRADERT, null, "Lise", x, "Mats", x, Foreldreansvar.Ansvar.FELLES);
        k.familie("Gina", "Berg", LocalDate.of(2021, 9, 1), x, Gradering.UGRADERT, null, "Lise", x, "Mats", x, Foreldreansvar.Ansvar.MOR);

        String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, k.etikettrader(), valg("FORESATTE")));

        assertThat(t.split("Lise Berg og Mats Berg", -1)).as("one label for the siblings with the same holders").hasSize(2);
        assertThat(t.split("Lise Berg", -1)).as("and one for the mother alone, who alone holds it for Gina").hasSize(3);
    }

    /**
     * An address abroad is printed as the letter flow writes it (AdresseFormatterer: the country's Norwegian name in
     * capitals) and one the letter flow cannot use goes to the manual page with its rule code, as the letter goes to
     * manual handling (R4-ADRESSE-UBRUKELIG). Until this was fixed the raw country code was the last line, "YY" too.
     */
    @Test
    void should_print_the_country_name_abroad_and_send_an_unknown_country_code_to_the_manual_page_as_letters_do() throws IOException {
        Klasseliste k = new Klasseliste();
        Person kjent = utvandret("Ola", "ISL", null);
        Person ukjent = utvandret("Kari", "YY", null);
        // resident here with a postal address abroad: the letter goes abroad (postadresseIUtlandet before bostedsadresse)
        Person begge = utvandret("Per", "SWE", Klasseliste.veg("Fjellveien", 1, null, "5019", "Bergen", Gradering.UGRADERT));

        String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, List.of(k.dokument(kjent), k.dokument(ukjent), k.dokument(begge)),
                valg("PERSON")));

        assertThat(t).contains("Ola Nordmann Einimel 80 IS-107 Reykjavik ISLAND", "Per Nordmann Einimel 80 IS-107 Reykjavik SVERIGE",
                        ukjent.id().masked() + " R4-ADRESSE-UBRUKELIG: utenlandsk adresse med ukjent eller norsk landkode",
                        "2 etiketter skrevet ut, 1 uten etikett")
                .doesNotContain("Kari Nordmann", "Fjellveien", "ISL ", " YY");
    }

    @Test
    void should_list_a_parent_abroad_with_an_unknown_country_code_for_manual_follow_up_when_mottaker_is_foresatte() throws IOException {
        Klasseliste k = new Klasseliste();
        Adresse hjem = Klasseliste.veg("Kirkeveien", 8, null, "5072", "Bergen", Gradering.UGRADERT);
        k.familie("Sara", "Moe", LocalDate.of(2021, 4, 4), hjem, Gradering.UGRADERT, null, "Randi", hjem, "Odd", hjem, Foreldreansvar.Ansvar.FELLES);
        Person odd = k.finn("Odd");
        k.registrer(new Person(odd.id(), Personstatus.UTFLYTTET, odd.navn(), odd.foedselsdato(), null, Gradering.UGRADERT, null, null,
                new Adresse.Utenlandsk(List.of("Uoppgitt 1"), null, "Ukjent by", "YY", Gradering.UGRADERT), false, null, null,
                List.of(), List.of(), List.of(), List.of()));
        Person sara = k.barn().get(0);

        String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, k.etikettrader(), valg("FORESATTE")));

        assertThat(t).contains("Randi Moe Kirkeveien 8 5072 Bergen",
                sara.id().masked() + " foresatt (far): R4-ADRESSE-UBRUKELIG: utenlandsk adresse med ukjent eller norsk landkode")
                .doesNotContain("Odd Moe", "Uoppgitt");
    }

    /**
     * One row of {@link #uleselige()}: the addresses the register gave (each slot keeps what could be read, as
     * FolkeregisterMapper does), the elements it gave with a value that cannot be read, and what the label shows:
     * {@code linje} printed, or {@code manuell} on the manual page; {@code aldri} is never printed.
     */
    record Uleselig(String navn, Adresse bosted, Adresse post, Adresse utland, Set<Adressefelt> uleselige, String linje,
                    String manuell, String aldri) {
        @Override
        public String toString() {
            return navn;
        }
    }

    /** A street whose husnummer the register gave unreadable ("1O"): the mapper keeps the street without a number. */
    private static final Adresse UTEN_NUMMER = new Adresse.Vegadresse(null, "Fjellveien", null, null, null, "5019", "Bergen", "4601",
            "1234", Gradering.UGRADERT);
    private static final Adresse LESBAR = Klasseliste.veg("Fjellveien", 3, null, "5019", "Bergen", Gradering.UGRADERT);
    private static final Adresse POSTBOKS = new Adresse.Postboksadresse(null, "96", "8890", "Leirfjord", Gradering.UGRADERT);
    private static final Adresse UTLAND = new Adresse.Utenlandsk(List.of("Einimel 80"), "IS-107", "Reykjavik", "ISL", Gradering.UGRADERT);

    static Stream<Uleselig> uleselige() {
        String r4 = "R4-UKJENT-ADRESSE: ";
        return Stream.of(
                new Uleselig("uleselig husnummer, ingen postadresse: ikke gaten uten nummer", UTEN_NUMMER, null, null,
                        Set.of(Adressefelt.BOSTEDSADRESSE), null, r4 + "bostedsadressen fra Folkeregisteret kan ikke leses", "Fjellveien"),
                new Uleselig("uleselig postadresse: ikke bostedsadressen i stedet", LESBAR, POSTBOKS, null,
                        Set.of(Adressefelt.POSTADRESSE), null, r4 + "postadressen fra Folkeregisteret kan ikke leses", "Fjellveien"),
                new Uleselig("uleselig postadresse i utlandet: ikke bostedsadressen i stedet", LESBAR, null, UTLAND,
                        Set.of(Adressefelt.POSTADRESSE_I_UTLANDET), null, r4 + "postadressen i utlandet fra Folkeregisteret kan ikke leses",
                        "Fjellveien"),
                new Uleselig("uleselig bostedsadresse bak en lesbar postadresse: postadressen, som brevet", UTEN_NUMMER, POSTBOKS, null,
                        Set.of(Adressefelt.BOSTEDSADRESSE), "8890", null, "Fjellveien"),
                new Uleselig("alt lesbart: bostedsadressen med nummer", LESBAR, null, null, Set.of(), "Fjellveien 3 5019 Bergen", null,
                        "R4-UKJENT-ADRESSE"));
    }

    /**
     * An address element Folkeregisteret gave with a value that cannot be read ({@code Person.uleseligeAdresser}, e.g.
     * husnummer "1O") gives no label and a manual line R4-UKJENT-ADRESSE, for the person and for a holder, as the letter
     * goes to manual handling (DOMAIN.md rule 4: never a guess); a label is printed where the letter would go. Until
     * this was fixed the rows did not carry the flag and a label printed the street without its number (or the residence
     * in place of an unreadable postal address).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("uleselige")
    void should_give_no_label_and_a_manual_line_for_an_address_the_register_gave_unreadable(Uleselig rad) throws IOException {
        Klasseliste k = new Klasseliste();
        Adresse hjem = Klasseliste.veg("Kirkeveien", 8, null, "5072", "Bergen", Gradering.UGRADERT);
        k.familie("Sara", "Moe", LocalDate.of(2021, 4, 4), hjem, Gradering.UGRADERT, null, "Randi", hjem, "Odd", hjem,
                Foreldreansvar.Ansvar.FELLES);
        Person sara = k.barn().get(0);

        // the child herself (PERSON), then her father as a holder (FORESATTE)
        k.adresser("Sara", rad.bosted(), rad.post(), rad.utland(), rad.uleselige().toArray(Adressefelt[]::new));
        String person = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, k.etikettrader(), valg("PERSON")));
        k.adresser("Sara", hjem, null, null);
        k.adresser("Odd", rad.bosted(), rad.post(), rad.utland(), rad.uleselige().toArray(Adressefelt[]::new));
        String foresatte = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, k.etikettrader(), valg("FORESATTE")));

        if (rad.manuell() != null) {
            assertThat(person).contains(sara.id().masked() + " " + rad.manuell(), "0 etiketter skrevet ut, 1 uten etikett")
                    .doesNotContain("Sara Moe", rad.aldri());
            assertThat(foresatte).contains("Randi Moe Kirkeveien 8 5072 Bergen", sara.id().masked() + " foresatt (far): " + rad.manuell())
                    .doesNotContain("Odd Moe", rad.aldri());
        } else {
            assertThat(person).contains("Sara Moe", rad.linje()).doesNotContain(rad.aldri());
            assertThat(foresatte).contains("Randi Moe Kirkeveien 8 5072 Bergen", "Odd Moe", rad.linje()).doesNotContain(rad.aldri());
        }
    }

    /**
     * A Norwegian address is written by the letter flow's AdresseFormatterer too: one it refuses (here a vegadresse
     * without postnummer) gives no label and a manual line with R4-ADRESSE-UBRUKELIG, as the letter goes to manual
     * handling. Until this was fixed the label was printed with whatever lines the row had.
     */
    @Test
    void should_send_a_norwegian_address_without_postnummer_to_the_manual_page_as_letters_do() throws IOException {
        Klasseliste k = new Klasseliste();
        Adresse utenPostnummer = Klasseliste.veg("Fjellveien", 3, null, null, "Bergen", Gradering.UGRADERT);
        Adresse hjem = Klasseliste.veg("Kirkeveien", 8, null, "5072", "Bergen", Gradering.UGRADERT);
        k.familie("Sara", "Moe", LocalDate.of(2021, 4, 4), utenPostnummer, Gradering.UGRADERT, null, "Randi", hjem, "Odd", utenPostnummer,
                Foreldreansvar.Ansvar.FELLES);
        Person sara = k.barn().get(0);

        String person = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, k.etikettrader(), valg("PERSON")));
        String foresatte = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, k.etikettrader(), valg("FORESATTE")));

        assertThat(person).contains(sara.id().masked() + " R4-ADRESSE-UBRUKELIG: norsk adresse uten gyldig postnummer",
                "0 etiketter skrevet ut, 1 uten etikett").doesNotContain("Sara Moe", "Fjellveien");
        assertThat(foresatte).contains("Randi Moe Kirkeveien 8 5072 Bergen",
                sara.id().masked() + " foresatt (far): R4-ADRESSE-UBRUKELIG: norsk adresse uten gyldig postnummer")
                .doesNotContain("Odd Moe", "Fjellveien");
    }

    /** A label shows the lines the letter shows: a matrikkeladresse as AdresseFormatterer writes it (tilleggsnavn, then gnr/bnr/fnr). */
    @Test
    void should_print_a_matrikkeladresse_and_a_post_box_with_the_letter_flows_lines() throws IOException {
        Klasseliste k = new Klasseliste();
        Adresse gaard = new Adresse.Matrikkeladresse(null, "Øvre Ervik", 45, 3, 1, "5179", "Godvik", "4601", Gradering.UGRADERT);
        Adresse boks = new Adresse.Postboksadresse("Moe Gård", "Postboks 12", "5804", "Bergen", Gradering.UGRADERT);
        k.familie("Sara", "Moe", LocalDate.of(2021, 4, 4), gaard, Gradering.UGRADERT, null, "Randi", gaard, "Odd", gaard,
                Foreldreansvar.Ansvar.FELLES);
        Person sara = k.barn().get(0);
        Person medBoks = new Person(sara.id(), sara.status(), sara.navn(), sara.foedselsdato(), null, Gradering.UGRADERT, gaard, boks,
                null, false, "4601", null, List.of(), List.of(), List.of(), List.of());

        String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, List.of(k.dokument(sara), k.dokument(medBoks)), valg("PERSON")));

        assertThat(t).contains("Sara Moe Øvre Ervik 45/3/1 5179 Godvik", "Sara Moe Moe Gård Postboks 12 5804 Bergen")
                .doesNotContain("Gnr.", "Postboks Postboks");
    }

    /**
     * The address is chosen by the letter flow's own rule (Forsendelsesbeslutter.postadressevalg, DOMAIN.md rule 4): a
     * residence only when it is a vegadresse or matrikkeladresse and the residence is not unknown. A person with unknown
     * residence and no postadresse, or with a residence of another kind, gets no label and a manual line with the letter
     * flow's rule code and reason (R4-UKJENT-ADRESSE); with a postadresse the label goes there, as the letter does. Until
     * this was fixed the label took a residence of any kind and never read ukjentBosted.
     */
    @Test
    void should_send_a_person_with_unknown_residence_and_no_postadresse_to_the_manual_page_as_letters_do() throws IOException {
        Klasseliste k = new Klasseliste();
        Adresse hjem = Klasseliste.veg("Kirkeveien", 8, null, "5072", "Bergen", Gradering.UGRADERT);
        Adresse boks = new Adresse.Postboksadresse(null, "Postboks 12", "5804", "Bergen", Gradering.UGRADERT);
        k.familie("Sara", "Moe", LocalDate.of(2021, 4, 4), hjem, Gradering.UGRADERT, null, "Randi", hjem, "Odd", hjem,
                Foreldreansvar.Ansvar.FELLES);
        Person sara = k.barn().get(0);
        Person ukjent = adresser(sara, null, null, true);
        // a stale residence beside the register's "unknown": the letter flow does not use it, nor may the label
        Person ukjentMedBosted = adresser(sara, Klasseliste.veg("Fjellveien", 3, null, "5019", "Bergen", Gradering.UGRADERT), null, true);
        Person ukjentMedPost = adresser(sara, null, boks, true);
        // a residence the letter flow does not take (only vegadresse or matrikkeladresse)
        Person annenType = adresser(sara, new Adresse.FrittFormat(List.of("Hytta ved vannet"), "5019", "Bergen", Gradering.UGRADERT),
                null, false);

        String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, List.of(k.dokument(ukjent), k.dokument(ukjentMedBosted),
                k.dokument(ukjentMedPost), k.dokument(annenType)), valg("PERSON")));

        assertThat(t).contains("Sara Moe Postboks 12 5804 Bergen",
                        sara.id().masked() + " R4-UKJENT-ADRESSE: ukjent bosted og ingen postadresse",
                        sara.id().masked() + " R4-UKJENT-ADRESSE: ingen postadresse eller bostedsadresse",
                        "1 etiketter skrevet ut, 3 uten etikett")
                .doesNotContain("Fjellveien", "Hytta");
    }

    @Test
    void should_list_a_parent_with_unknown_residence_for_manual_follow_up_when_mottaker_is_foresatte() throws IOException {
        Klasseliste k = new Klasseliste();
        Adresse hjem = Klasseliste.veg("Kirkeveien", 8, null, "5072", "Bergen", Gradering.UGRADERT);
        k.familie("Sara", "Moe", LocalDate.of(2021, 4, 4), hjem, Gradering.UGRADERT, null, "Randi", hjem, "Odd", hjem,
                Foreldreansvar.Ansvar.FELLES);
        k.registrer(adresser(k.finn("Odd"), null, null, true));
        Person sara = k.barn().get(0);

        String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, k.etikettrader(), valg("FORESATTE")));

        assertThat(t).contains("Randi Moe Kirkeveien 8 5072 Bergen",
                        sara.id().masked() + " foresatt (far): R4-UKJENT-ADRESSE: ukjent bosted og ingen postadresse")
                .doesNotContain("Odd Moe");
    }

    /** The person with these addresses in Norway (none abroad) and this ukjentBosted. */
    private static Person adresser(Person p, Adresse bosted, Adresse post, boolean ukjentBosted) {
        return new Person(p.id(), p.status(), p.navn(), p.foedselsdato(), null, Gradering.UGRADERT, bosted, post, null, ukjentBosted,
                p.kommunenummer(), null, p.familierelasjoner(), p.foreldreansvar(), p.deltBosted(), p.tidligereIdentiteter());
    }

    /**
     * Labels follow the letter flow's decision (Mottakervelger, Forsendelsesbeslutter) for rules 6 and 7: a deceased
     * person, parent or child gets no label and a line on the manual page with the rule code, as the letter would be
     * stopped and reported back (R6-DOED); a child with delt bosted and fewer than two holders gets the holder's label
     * and a manual line (R7-DELT-BOSTED), as the letter flow adds a manual slot. Until this was fixed the labels never
     * read status or delt bosted.
     */
    @Nested
    class Som_brevflyten {

        private final Adresse hjem = Klasseliste.veg("Kirkeveien", 8, null, "5072", "Bergen", Gradering.UGRADERT);
        private final Adresse hosFar = Klasseliste.veg("Sandviksveien", 3, null, "5035", "Bergen", Gradering.UGRADERT);

        @Test
        void should_give_a_deceased_person_no_label_and_a_manual_line_when_mottaker_is_person() throws IOException {
            Klasseliste k = new Klasseliste();
            k.familie("Sara", "Moe", LocalDate.of(2021, 4, 4), hjem, Gradering.UGRADERT, null, "Randi", hjem, "Odd", hosFar,
                    Foreldreansvar.Ansvar.FELLES);
            k.familie("Tore", "Vik", LocalDate.of(2021, 5, 5), hosFar, Gradering.UGRADERT, null, "Vera", hosFar, "Vidar", hosFar,
                    Foreldreansvar.Ansvar.FELLES);
            k.doed("Sara");

            String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, k.etikettrader(), valg("PERSON")));

            assertThat(t).contains("Tore Vik Sandviksveien 3", k.finn("Sara").id().masked() + " R6-DOED: mottakeren er registrert død",
                    "1 etiketter skrevet ut, 1 uten etikett").doesNotContain("Sara Moe");
        }

        @Test
        void should_give_a_deceased_parent_with_foreldreansvar_no_label_and_a_manual_line() throws IOException {
            Klasseliste k = new Klasseliste();
            k.familie("Sara", "Moe", LocalDate.of(2021, 4, 4), hjem, Gradering.UGRADERT, null, "Randi", hjem, "Odd", hosFar,
                    Foreldreansvar.Ansvar.FELLES);
            k.doed("Odd");

            String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, k.etikettrader(), valg("FORESATTE")));

            assertThat(t).contains("Randi Moe Kirkeveien 8 5072 Bergen",
                    k.finn("Sara").id().masked() + " foresatt (far): R6-DOED: mottakeren er registrert død")
                    .doesNotContain("Odd Moe", "Sandviksveien");
        }

        @Test
        void should_give_the_parents_of_a_deceased_child_no_label_and_list_the_child_once() throws IOException {
            Klasseliste k = new Klasseliste();
            k.familie("Sara", "Moe", LocalDate.of(2021, 4, 4), hjem, Gradering.UGRADERT, null, "Randi", hjem, "Odd", hosFar,
                    Foreldreansvar.Ansvar.FELLES);
            k.doed("Sara");

            String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, k.etikettrader(), valg("FORESATTE")));

            assertThat(t).contains(k.finn("Sara").id().masked() + " R6-DOED: barnet brevet gjelder er registrert død",
                    "0 etiketter skrevet ut, 1 uten etikett").doesNotContain("Randi Moe", "Odd Moe");
        }

        @Test
        void should_label_the_one_holder_and_add_a_manual_line_when_a_child_with_delt_bosted_has_one_holder() throws IOException {
            Klasseliste k = new Klasseliste();
            k.familie("Sara", "Moe", LocalDate.of(2021, 4, 4), hjem, Gradering.UGRADERT, hosFar, "Randi", hjem, "Odd", hosFar,
                    Foreldreansvar.Ansvar.MOR);

            String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, k.etikettrader(), valg("FORESATTE")));

            assertThat(t).contains("Randi Moe Kirkeveien 8 5072 Bergen", k.finn("Sara").id().masked()
                    + " R7-DELT-BOSTED: delt bosted registrert, men færre enn to med foreldreansvar").doesNotContain("Odd Moe");
        }

        @Test
        void should_label_both_holders_and_add_nothing_when_a_child_with_delt_bosted_has_felles_foreldreansvar() throws IOException {
            Klasseliste k = new Klasseliste();
            k.familie("Sara", "Moe", LocalDate.of(2021, 4, 4), hjem, Gradering.UGRADERT, hosFar, "Randi", hjem, "Odd", hosFar,
                    Foreldreansvar.Ansvar.FELLES);

            String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, k.etikettrader(), valg("FORESATTE")));

            assertThat(t).contains("Randi Moe Kirkeveien 8 5072 Bergen", "Odd Moe Sandviksveien 3 5035 Bergen")
                    .doesNotContain("Til manuell oppfølging");
        }
    }

    /** Emigrated: only a postal address abroad (Einimel 80, IS-107 Reykjavik, with this country code), or also a residence here. */
    private static Person utvandret(String fornavn, String landkode, Adresse bosted) {
        Identitetsnummer id = Testidenter.syntetisk(LocalDate.of(1990, 1, 2), 300);
        return new Person(id, bosted == null ? Personstatus.UTFLYTTET : Personstatus.BOSATT, new Navn(fornavn, null, "Nordmann"),
                LocalDate.of(1990, 1, 2), null, Gradering.UGRADERT, bosted, null,
                new Adresse.Utenlandsk(List.of("Einimel 80"), "IS-107", "Reykjavik", landkode, Gradering.UGRADERT), false, null, null,
                List.of(), List.of(), List.of(), List.of());
    }

    @Test
    void should_take_the_holders_the_row_marks_when_a_row_has_no_letter_flow_decision() throws IOException {
        // a work file written before the rows carried the decision, resumed after an upgrade
        String t = PdfListeTest.tekst(PdfListeTest.lag(ETIKETTER, Klasseliste.skolestart().dokumenter(), valg("FORESATTE")));

        assertThat(t).contains("Kari Bjørnstad og Øyvind Bjørnstad Fjellveien 12B 5019 Bergen", "Hanne Æsøy Sjøgaten 4")
                .doesNotContain("Pål Æsøy", "Geir Lie", Klasseliste.HEMMELIG_GATE);
    }

    @Test
    void should_refuse_an_unknown_mottaker_setting() {
        assertThatThrownBy(() -> ETIKETTER.aapne(new java.io.ByteArrayOutputStream(), valg("NABO")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PERSON eller FORESATTE");
    }

    @Test
    void should_refuse_with_a_clear_error_when_the_sheet_exceeds_the_row_cap() throws IOException {
        List<ObjectNode> rader = Klasseliste.skolestart().etikettrader();
        Uttrekksformat.Skriver s = new Etiketter(new FormatProperties(1)).aapne(new java.io.ByteArrayOutputStream(), valg("PERSON"));
        s.skriv(rader.get(0));

        assertThatThrownBy(() -> s.skriv(rader.get(1))).isInstanceOf(ForStortUttrekkException.class);
    }
}
