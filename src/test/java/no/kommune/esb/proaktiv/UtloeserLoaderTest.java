package no.kommune.esb.proaktiv;

import no.kommune.esb.forsendelse.Brevtype;
import no.kommune.esb.hendelser.FagsystemLoader;
import no.kommune.esb.hendelser.Problem;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UtloeserLoaderTest {

    private static final List<String> AVSENDERE = List.of("skole", "barnevern", "eiendomsskatt", "pleie-omsorg", "lonn", "sak-arkiv");
    /** The shipped registrations and mappings, which a trigger's message is checked against. */
    static final UtloeserLoader.Fagsystemer FAGSYSTEMER = new UtloeserLoader.Fagsystemer(
            FagsystemLoader.last(Path.of("config/fagsystemer"), Path.of("mappings")).fagsystemer(), Path.of("mappings"));

    private static final String GYLDIG = """
            hendelsestyper:
              - personErOpprettet
            betingelser:
              kommune: "4601"
              alder: { fra: 0, til: 0 }
            mottaker: FORELDRE
            avsenderSystem: pleie-omsorg
            brevtype: FORMELL
            aktiv: true
            mal:
              tittel: Hei {fornavn}
              tekst: |
                # Velkommen
                Til {kommune}.
            """;

    @Nested
    class Shipped_triggers {

        @Test
        void should_load_the_shipped_triggers_without_problems() {
            UtloeserLoader.Resultat r = UtloeserLoader.last(Path.of("config/proaktiv"), AVSENDERE, FAGSYSTEMER);

            assertThat(r.problemer()).isEmpty();
            assertThat(r.utloesere()).extracting(Utloeser::navn)
                    .containsExactly("doedsfall-pleie-omsorg", "foedsel-helsestasjon", "innflytting-velkommen", "skolestart-6-aar");
            Utloeser doedsfall = r.utloesere().get(0);
            assertThat(doedsfall.melding().fagsystem()).isEqualTo("pleie-omsorg");
            assertThat(doedsfall.meldingstype()).isEqualTo("proaktiv/doedsfall-pleie-omsorg");
            assertThat(doedsfall.mal()).isNull();
            assertThat(doedsfall.mottaker()).isNull();
            Utloeser foedsel = r.utloesere().get(1);
            assertThat(foedsel.mottaker()).isEqualTo(Utloeser.Mottaker.FORELDRE);
            assertThat(foedsel.betingelser()).isEqualTo(new Utloeser.Betingelser("4601", 0, 0, false));
            Utloeser velkommen = r.utloesere().get(2);
            assertThat(velkommen.betingelser().flyttetInn()).isTrue();
            assertThat(velkommen.hendelsestyper()).containsExactlyInAnyOrder("endringIBostedsadresse", "endringIInnflytting");
            Utloeser skolestart = r.utloesere().get(3);
            assertThat(skolestart.datoregel()).isTrue();
            assertThat(skolestart.fyllerAar()).isEqualTo(6);
            assertThat(skolestart.hendelsestyper()).isEmpty();
        }
    }

    @Test
    void should_read_a_valid_trigger_with_its_name_from_the_file_name(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("test-trigger.yaml"), GYLDIG);

        UtloeserLoader.Resultat r = last(dir);

        assertThat(r.problemer()).isEmpty();
        Utloeser u = r.utloesere().get(0);
        assertThat(u.navn()).isEqualTo("test-trigger");
        assertThat(u.brevtype()).isEqualTo(Brevtype.FORMELL);
        assertThat(u.aktiv()).isTrue();
        assertThat(u.mal().tekst()).startsWith("# Velkommen");
    }

    @Test
    void should_have_no_triggers_when_the_folder_does_not_exist(@TempDir Path dir) {
        assertThat(UtloeserLoader.last(dir.resolve("finnes-ikke"), AVSENDERE, FAGSYSTEMER).utloesere()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown event type          | '  - personErOpprettet'      | '  - personErFoedt'         | 2:5  | unknown event type 'personErFoedt'
            unknown key                 | 'aktiv: true'                | 'aktiv: true\\nfarge: blaa' | 10:1 | unknown key 'farge'
            unknown placeholder         | 'Til {kommune}.'             | 'Til {adresse}.'            | 14:9 | unknown placeholder {adresse}
            recipient not PERSON/FORELDRE | 'mottaker: FORELDRE'       | 'mottaker: NABO'            | 6:11 | mottaker must be PERSON or FORELDRE
            kommune not four digits     | 'kommune: "4601"'            | 'kommune: "46"'             | 4:12 | kommune must be a four-digit kommunenummer
            age range upside down       | 'alder: { fra: 0, til: 0 }'  | 'alder: { fra: 7, til: 6 }' | 5:17 | fra (7) is greater than til (6)
            unknown sender system       | 'avsenderSystem: pleie-omsorg' | 'avsenderSystem: helse'   | 7:17 | avsenderSystem 'helse' is not a sender system
            unknown letter type         | 'brevtype: FORMELL'          | 'brevtype: REKLAME'         | 8:11 | brevtype must be FORMELL or TJENESTEMELDING
            switch missing              | 'aktiv: true'                | 'uten: x'                   | 1:1  | aktiv is missing
            both events and a date rule | 'betingelser:'               | 'datoregel: { fyllerAar: 6 }\nbetingelser:' | 3:12 | either hendelsestyper or datoregel, not both
            date rule age out of range  | 'hendelsestyper:\n  - personErOpprettet' | 'datoregel:\n  fyllerAar: 130' | 2:14 | datoregel.fyllerAar must be an age
            date rule without a source  | 'hendelsestyper:\n  - personErOpprettet' | 'datoregel:\n  fyllerAar: 6' | 2:3 | datoregel.kilde is missing
            date rule of unknown source | 'hendelsestyper:\n  - personErOpprettet' | 'datoregel:\n  fyllerAar: 6\n  kilde: ALLE' | 3:10 | datoregel.kilde must be UTTREKK or HENDELSER
            cut-off not a day           | 'hendelsestyper:\n  - personErOpprettet' | 'datoregel:\n  fyllerAar: 6\n  kilde: UTTREKK\n  foer: "13-01"' | 4:9 | datoregel.foer must be a day of the year as MM-DD
            letter to a newborn itself  | 'mottaker: FORELDRE'         | 'mottaker: PERSON'          | 5:25 | mottaker PERSON writes to adults only
            date rule to a child itself | 'hendelsestyper:\n  - personErOpprettet\nbetingelser:\n  kommune: "4601"\n  alder: { fra: 0, til: 0 }\nmottaker: FORELDRE' | 'datoregel:\n  fyllerAar: 6\n  kilde: UTTREKK\nbetingelser:\n  kommune: "4601"\nmottaker: PERSON' | 2:14 | no one turning 6 is an adult
            """)
    void should_report_a_problem_at_its_file_line_and_column(String tilfelle, String fra, String til, String sted, String grunn,
                                                              @TempDir Path dir) throws IOException {
        assertProblemAt(skriv(dir, endret(GYLDIG, fra, til)), tilfelle, sted, grunn);
    }

    @Test
    void should_refuse_flyttet_inn_on_a_date_rule_which_has_no_move_to_look_at(@TempDir Path dir) throws IOException {
        skriv(dir, GYLDIG.replace("hendelsestyper:\n  - personErOpprettet", "datoregel:\n  fyllerAar: 6\n  kilde: HENDELSER")
                .replace("  alder: { fra: 0, til: 0 }", "  flyttetInn: true"));

        assertThat(last(dir).problemer()).singleElement()
                .satisfies(p -> assertThat(p.toString()).endsWith("t.yaml:6:15: flyttetInn needs an event (a move); a datoregel has none"));
    }

    @Test
    void should_refuse_an_extract_date_rule_without_a_kommune_since_the_extract_is_of_one_kommune(@TempDir Path dir) throws IOException {
        skriv(dir, GYLDIG.replace("hendelsestyper:\n  - personErOpprettet", "datoregel:\n  fyllerAar: 6\n  kilde: UTTREKK")
                .replace("  kommune: \"4601\"\n", ""));

        assertThat(last(dir).problemer()).singleElement()
                .satisfies(p -> assertThat(p.toString()).endsWith("t.yaml:3:10: a datoregel with kilde UTTREKK needs betingelser.kommune: the extract is of one kommune's residents"));
    }

    @Test
    void should_read_a_date_rule_with_its_cut_off_day_and_source(@TempDir Path dir) throws IOException {
        skriv(dir, GYLDIG.replace("hendelsestyper:\n  - personErOpprettet", "datoregel:\n  fyllerAar: 6\n  foer: \"08-01\"\n  kilde: uttrekk")
                .replace("  alder: { fra: 0, til: 0 }\n", ""));

        UtloeserLoader.Resultat r = last(dir);

        assertThat(r.problemer()).isEmpty();
        assertThat(r.utloesere()).singleElement().satisfies(u -> {
            assertThat(u.fyllerAar()).isEqualTo(6);
            assertThat(u.foer()).isEqualTo(java.time.MonthDay.of(8, 1));
            assertThat(u.kilde()).isEqualTo(Utloeser.Datokilde.UTTREKK);
        });
    }

    /** A message trigger: the shipped death trigger's keys, which each case below changes once. */
    private static final String MELDING = """
            hendelsestyper:
              - personErDoed
            betingelser:
              kommune: "4601"
            melding:
              fagsystem: pleie-omsorg
              mapping: pleie-omsorg-doedsfall/pleie-omsorg-doedsfall.xsl
            aktiv: true
            """;

    @Test
    void should_read_a_message_trigger_with_its_fagsystem_and_compiled_mapping(@TempDir Path dir) throws IOException {
        skriv(dir, MELDING);

        UtloeserLoader.Resultat r = last(dir);

        assertThat(r.problemer()).isEmpty();
        assertThat(r.utloesere()).singleElement().satisfies(u -> {
            assertThat(u.melding().fagsystem()).isEqualTo("pleie-omsorg");
            assertThat(u.melding().mapping().format()).isEqualTo(no.kommune.esb.mapping.MappingFormat.XML);
            assertThat(u.avsenderSystem()).isNull();
        });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown fagsystem              | 'fagsystem: pleie-omsorg'    | 'fagsystem: helse'            | 6:14 | melding.fagsystem 'helse' is not a registered fagsystem
            fagsystem by batch file        | 'fagsystem: pleie-omsorg'    | 'fagsystem: skole'            | 6:14 | is delivered by batch file (levering.sftp)
            fagsystem missing              | '  fagsystem: pleie-omsorg\n' | ''                          | 6:3  | melding.fagsystem is missing
            mapping missing                | '  mapping: pleie-omsorg-doedsfall/pleie-omsorg-doedsfall.xsl\n' | '' | 6:3 | melding.mapping is missing
            mapping file not there         | 'pleie-omsorg-doedsfall.xsl' | 'finnes-ikke.xsl'             | 7:12 | does not exist
            mapping outside mappings/      | 'mapping: pleie-omsorg-doedsfall/' | 'mapping: ../config/'   | 7:12 | must be inside mappings
            mapping not one document       | 'pleie-omsorg-doedsfall.xsl' | 'skole.csv.yaml'              | 7:12 | must be a .jsonata (JSON) or .xsl (XML) file
            a registration's mapping       | 'pleie-omsorg-doedsfall/pleie-omsorg-doedsfall.xsl' | 'pleie-omsorg/pleie-omsorg.xsl' | 7:12 | in a folder of its own
            a letter's key as well         | 'aktiv: true'                | 'aktiv: true\nbrevtype: FORMELL' | 9:11 | brevtype belongs to a letter
            a date rule has no event       | 'hendelsestyper:\n  - personErDoed' | 'datoregel:\n  fyllerAar: 80\n  kilde: HENDELSER' | 7:3 | a melding is about an event
            """)
    void should_report_a_message_trigger_problem_at_its_file_line_and_column(String tilfelle, String fra, String til, String sted, String grunn,
                                                                             @TempDir Path dir) throws IOException {
        assertProblemAt(skriv(dir, endret(MELDING, fra, til)), tilfelle, sted, grunn);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a formal letter never goes by SMS       | FORMELL         | 'Hei {fornavn}'      | 15:16 | mal.varseltekst is for brevtype TJENESTEMELDING only
            unknown placeholder                     | TJENESTEMELDING | 'Hei {adresse}'      | 15:20 | unknown placeholder {adresse}
            longer than three SMS                   | TJENESTEMELDING | LANG                 | 15:16 | an SMS/e-mail text is at most 480
            """)
    void should_check_the_varseltekst_of_a_template(String tilfelle, String brevtype, String varseltekst, String sted, String grunn,
                                                    @TempDir Path dir) throws IOException {
        String tekst = GYLDIG.replace("brevtype: FORMELL", "brevtype: " + brevtype)
                + "  varseltekst: " + (varseltekst.equals("LANG") ? "x".repeat(481) : varseltekst) + "\n";
        assertProblemAt(skriv(dir, tekst), tilfelle, sted, grunn);
    }

    @Test
    void should_read_the_varseltekst_of_a_service_message(@TempDir Path dir) throws IOException {
        skriv(dir, GYLDIG.replace("brevtype: FORMELL", "brevtype: TJENESTEMELDING")
                + "  varseltekst: \"Hei {fornavn}, {kommune} kommune har sendt deg et brev.\"\n");

        UtloeserLoader.Resultat r = last(dir);

        assertThat(r.problemer()).isEmpty();
        assertThat(r.utloesere().get(0).mal().varseltekst()).isEqualTo("Hei {fornavn}, {kommune} kommune har sendt deg et brev.");
    }

    @Test
    void should_report_every_problem_of_every_file_in_one_run(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("a.yaml"), GYLDIG.replace("personErOpprettet", "x").replace("FORELDRE", "y"));
        Files.writeString(dir.resolve("b.yaml"), "hendelsestyper: [\n");

        List<Problem> problemer = last(dir).problemer();

        assertThat(problemer).extracting(p -> p.file().getFileName().toString()).containsExactly("a.yaml", "a.yaml", "b.yaml");
        assertThat(problemer.get(2).reason()).startsWith("not valid YAML");
    }

    private static UtloeserLoader.Resultat last(Path dir) {
        return UtloeserLoader.last(dir, AVSENDERE, FAGSYSTEMER);
    }

    /** Writes the trigger as {@code t.yaml} in {@code dir}. */
    private static Path skriv(Path dir, String tekst) throws IOException {
        return Files.writeString(dir.resolve("t.yaml"), tekst);
    }

    /** {@code mal} with {@code fra} replaced by {@code til} ({@code \n} a line break), which must change it. */
    private static String endret(String mal, String fra, String til) {
        String tekst = mal.replace(fra.replace("\\n", "\n"), til.replace("\\n", "\n"));
        assertThat(tekst).as("the case changes the file").isNotEqualTo(mal);
        return tekst;
    }

    /** Loads the folder of {@code fil} and expects a problem at {@code fil}:{@code sted} whose reason holds {@code grunn}. */
    private static void assertProblemAt(Path fil, String tilfelle, String sted, String grunn) {
        List<Problem> problemer = last(fil.getParent()).problemer();

        assertThat(problemer).as(tilfelle).anySatisfy(p -> {
            assertThat(p.toString()).startsWith(fil + ":" + sted + ": ");
            assertThat(p.reason()).contains(grunn);
        });
    }
}
