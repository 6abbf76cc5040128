package no.kommune.esb.uttrekk;

import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemLoader;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.Problem;
import no.kommune.esb.uttrekk.format.CsvUttrekksformat;
import no.kommune.esb.uttrekk.format.Etiketter;
import no.kommune.esb.uttrekk.format.FormatProperties;
import no.kommune.esb.uttrekk.format.JsonlUttrekksformat;
import no.kommune.esb.uttrekk.format.PdfListe;
import no.kommune.esb.uttrekk.format.Uttrekksformat;
import no.kommune.esb.uttrekk.format.Xlsx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Order files checked against the shipped registrations and formats: each problem at the line of its key. */
class UttrekksregisterTest {

    private static final Path SKOLESTART = Path.of("config/uttrekk/skolestart.yaml");
    private static final List<Fagsystem> FAGSYSTEMER = FagsystemLoader.last(Path.of("config/fagsystemer"), Path.of("mappings")).fagsystemer();
    private static final List<Uttrekksformat> FORMATER = List.of(new CsvUttrekksformat(Path.of("mappings")), new JsonlUttrekksformat(),
            new Xlsx(), new PdfListe(new FormatProperties(null)), new Etiketter(new FormatProperties(null)));

    @TempDir
    Path mappe;

    private static Optional<Fagsystem> fagsystem(String id) {
        return FAGSYSTEMER.stream().filter(f -> f.id().equals(id)).findFirst();
    }

    private List<Problem> sjekk(String fra, String til) throws IOException {
        String tekst = Files.readString(SKOLESTART);
        assertThat(tekst).contains(fra);
        Files.writeString(mappe.resolve("skolestart.yaml"), tekst.replace(fra, til));
        return Uttrekksregister.sjekk(mappe, FORMATER, UttrekksregisterTest::fagsystem).problemer();
    }

    @Test
    void should_accept_the_shipped_order() {
        Uttrekksregister.Resultat r = Uttrekksregister.sjekk(Path.of("config/uttrekk"), FORMATER, UttrekksregisterTest::fagsystem);

        assertThat(r.problemer()).isEmpty();
        assertThat(r.bestillinger()).containsOnlyKeys("skolestart");
    }

    // text in the shipped skolestart.yaml | replacement | line:column reported | reason (fragment)
    @ParameterizedTest(name = "{2}: {3}")
    @CsvSource(delimiter = '|', value = {
            "fagsystem: skole                          | fagsystem: skolen                         | 5:12  | fagsystem 'skolen' is not registered",
            "format: CSV                               | format: PDF                               | 22:9  | format 'PDF' is unknown; known: [CSV, ETIKETTER, JSONL, PDF_LISTE, XLSX]",
            "mapping: skole-uttrekk/skolestart.csv.yaml | mapping: skole-uttrekk/finnes-ikke.csv.yaml | 25:12 | innstillinger.mapping:",
            "innstillinger:                            | ingenInnstillinger:                       | 24:1  | unknown key 'ingenInnstillinger'",
            "plan: \"0 0 6 1 3,9 *\"                   | plan: \"hver 1. mars\"                    | 31:7  | plan must be a Spring cron expression",
            "plan: \"0 0 6 1 3,9 *\"                   | plan: \"0 6 1 3,9 *\"                     | 31:7  | plan must be a Spring cron expression",
            "bostedskommunenummer: \"4601\"            | skolekrets: \"Nordnes\"                   | 13:3  | unknown key 'kriterier.skolekrets'; the register's criteria are",
            "bostedskommunenummer: \"4601\"            | bostedskommunenummer: \"Bergen\"          | 13:25 | bostedskommunenummer must be a four-digit kommunenummer",
            "bostedskommunenummer: \"4601\"            | kjoenn: annet                              | 13:11 | kjoenn must be kvinne or mann",
            "personstatustyper: [bosatt]               | personstatustyper: [bosatt, flyttet]       | 11:22 | unknown personstatustype 'flyttet'",
            "personstatustyper: [bosatt]               | 'personstatustyper: [bosatt]\n  foedselsaarFraOgMed: tjue' | 12:24 | foedselsaarFraOgMed must be a year",
            "fyllerAar: 6                              | 'fyllerAar: 6\n  skolekrets: [Nordnes]'    | 18:3  | unknown key 'etterfilter.skolekrets'",
            "fyllerAar: 6                              | 'fyllerAar: 6\n  postnummer: [50]'         | 18:15 | postnummer must be four digits",
            "relaterte: [FORELDRE_MED_FORELDREANSVAR]  | relaterte: [FORELDRE_MED_FORELDREANSVAR, BESTEFORELDRE] | 20:42 | relaterte: unknown role 'BESTEFORELDRE'",
            "relaterte: [FORELDRE_MED_FORELDREANSVAR]  | relaterte: [EKTEFELLE_ELLER_PARTNER]      | 20:12 | relaterte: EKTEFELLE_ELLER_PARTNER is not in skole's relatertePersoner.roller",
            "folder: skole/uttrekk                     | folder: ../utenfor                         | 29:13 | levering.sftp.folder must be a relative folder",
            "folder: skole/uttrekk                     | folder: eiendomsskatt/uttrekk              | 29:13 | levering.sftp.folder must be skole's own folder 'skole/…'",
            "folder: skole/uttrekk                     | folder: skolen/uttrekk                     | 29:13 | levering.sftp.folder must be skole's own folder 'skole/…'",
            "'sftp:\n    folder: skole/uttrekk'          | 'kafka:\n    topic: fagsystem.eiendomsskatt.personendringer' | 29:12 | levering.kafka.topic must be one of skole's own topics 'fagsystem.skole.…'",
            "sftp:                                     | ftp:                                       | 28:3  | levering must name exactly one of sftp, kafka, api",
            "fagsystem: skole                          | 'navn: skolestart-2027\nfagsystem: skole'  | 5:7   | navn must be the file's name, skolestart",
            "tittel: \"Skolestart {aar} – Bergen\"     | 'tittel: [Skolestart'                      | 9:1   | not valid YAML",
    })
    void should_report_a_wrong_order_file_at_the_line_of_its_key(String fra, String til, String posisjon, String grunn) throws IOException {
        List<Problem> problemer = sjekk(fra.replace("\\n", "\n"), til.replace("\\n", "\n"));

        assertThat(problemer).as(problemer.toString()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(mappe.resolve("skolestart.yaml"));
            assertThat(p.line() + ":" + p.column()).isEqualTo(posisjon);
            assertThat(p.reason()).contains(grunn);
        });
    }

    @Test
    void should_list_every_wrong_file_when_the_start_refuses_them() throws IOException {
        String tekst = Files.readString(SKOLESTART);
        Files.writeString(mappe.resolve("skolestart.yaml"), tekst.replace("format: CSV", "format: PDF"));
        Files.writeString(mappe.resolve("seniorsenter.yaml"), tekst.replace("fagsystem: skole", "fagsystem: eldresenter"));

        assertThatThrownBy(() -> Uttrekksregister.last(mappe, FORMATER, FagsystemRegistry.last(Path.of("config/fagsystemer"), Path.of("mappings"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(mappe.resolve("skolestart.yaml") + ":22:9: format 'PDF' is unknown")
                .hasMessageContaining(mappe.resolve("seniorsenter.yaml") + ":5:12: fagsystem 'eldresenter' is not registered");
    }
}
