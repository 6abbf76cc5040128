package no.kommune.esb.uttrekk.vask;

import no.kommune.esb.mapping.Innlesing;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.uttrekk.format.Testidenter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VaskefilTest {

    private static final Identitetsnummer A = Testidenter.syntetisk(LocalDate.of(1975, 2, 3), 300);
    private static final Identitetsnummer B = Testidenter.syntetisk(LocalDate.of(1991, 12, 24), 310);

    @Test
    void should_read_one_id_a_line_and_list_bad_lines_with_line_number_and_masked_value() {
        String galt = A.value().substring(0, 10) + ((A.value().charAt(10) - '0' + 1) % 10);
        Vaskefil f = Vaskefil.les(A.value() + "\n\n12345\r\n" + galt + "\n" + B.value() + "\n", 100);

        assertThat(f.linjer()).extracting(Vaskefil.Linje::nr).containsExactly(1, 3, 4, 5);
        assertThat(f.linjer().get(0).ident()).isEqualTo(A);
        assertThat(f.linjer().get(1).feil()).isEqualTo("ugyldig identitetsnummer: must be 11 digits");
        assertThat(f.linjer().get(1).maskert()).isEqualTo("*****");
        assertThat(f.linjer().get(2).feil()).isEqualTo("ugyldig identitetsnummer: control digits do not match");
        assertThat(f.linjer().get(2).maskert()).isEqualTo(galt.substring(0, 6) + "*****");
        assertThat(f.linjer().get(3).ident()).isEqualTo(B);
    }

    @Test
    void should_read_the_purpose_header_and_reference_addresses_when_given() {
        Vaskefil f = Vaskefil.les("\uFEFF# formaal: loennsutbetaling\nidentitetsnummer;postnummer;adresse\n"
                + A.value() + ";5003;Storgata 1 B\n" + B.value() + "\n", 100);

        assertThat(f.formaal()).isEqualTo("loennsutbetaling");
        assertThat(f.linjer().get(0).referanse()).isEqualTo(new Vaskefil.Referanse("Storgata 1 B", "5003"));
        assertThat(f.linjer().get(0).nr()).isEqualTo(3);
        assertThat(f.linjer().get(1).referanse()).isNull();
    }

    @Test
    void should_refuse_the_whole_file_when_it_is_empty_or_too_long() {
        assertThatThrownBy(() -> Vaskefil.les(" \n", 100)).hasMessageContaining("tom");
        assertThatThrownBy(() -> Vaskefil.les("# bare en kommentar\n", 100)).hasMessageContaining("ingen linjer");
        assertThatThrownBy(() -> Vaskefil.les(A.value() + "\n" + B.value(), 1)).hasMessageContaining("flere enn 1 linjer");
    }

    @Test
    void should_refuse_a_file_that_is_not_utf8_naming_the_line_never_its_content() throws Exception {
        // a Windows-1252 export read as UTF-8 (leniently, as the SFTP reader and the web server read it): "ø" is U+FFFD
        byte[] cp1252 = ("# formaal: loennsutbetaling\r\n" + A.value() + ";Storgata 1;5003\r\n" + B.value() + ";Bjørnveien 3;5003\r\n")
                .getBytes(java.nio.charset.Charset.forName("windows-1252"));
        String lest = new String(cp1252, StandardCharsets.UTF_8);

        assertThatThrownBy(() -> Vaskefil.les(lest, 100))
                .isInstanceOf(Vaskefil.UgyldigVaskefilException.class)
                .hasMessageStartingWith("linje 3 har tegn som ikke kan leses som UTF-8")
                .message().doesNotContain(B.value(), "veien");
        assertThatThrownBy(() -> Vaskefil.les("1\r2\uFFFD", 100)).hasMessageStartingWith("linje 2 ");
        Path fil = Files.createTempFile("kunder", ".inn.yaml");
        Files.writeString(fil, "format: CSV\nfields: {identitetsnummer: fnr, adresse: gate}\n");
        assertThatThrownBy(() -> Vaskefil.les("fnr;gate\n" + B.value() + ";Bj\uFFFDrnveien 3\n", 100, Innlesing.kompiler(fil), "x"))
                .hasMessageStartingWith("linje 2 har tegn som ikke kan leses som UTF-8");
        // the same file as UTF-8 is read
        assertThat(Vaskefil.les(new String(new String(cp1252, java.nio.charset.Charset.forName("windows-1252")).getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8), 100).linjer().get(1).referanse()).isEqualTo(new Vaskefil.Referanse("Bjørnveien 3", "5003"));
    }

    @Test
    void should_read_a_fagsystems_own_csv_through_its_layout_and_list_bad_records_with_their_file_line_and_masked_value() throws Exception {
        Path fil = Files.createTempFile("kunder", ".inn.yaml");
        Files.writeString(fil, "format: CSV\nfields: {identitetsnummer: fnr, adresse: gate, postnummer: postnr}\n");
        String galt = A.value().substring(0, 10) + ((A.value().charAt(10) - '0' + 1) % 10);
        String tekst = "kundenr;fnr;gate;postnr;saldo\n"
                + "1;" + A.value() + ";Storgata 1 B;5003;10\n"
                + "2;\"" + B.value() + ";Lien 2;5003;0\n"
                + "3;" + galt + ";;;0\n"
                + "4;;Lien 4;5003;0\n"
                + "5;" + B.value() + ";;;0\n";

        Vaskefil f = Vaskefil.les(tekst, 100, Innlesing.kompiler(fil), "eiendomsskatt");

        assertThat(f.formaal()).isEqualTo("eiendomsskatt");
        assertThat(f.linjer()).extracting(Vaskefil.Linje::nr).containsExactly(2, 3, 4, 5, 6);
        assertThat(f.linjer().get(0).ident()).isEqualTo(A);
        assertThat(f.linjer().get(0).referanse()).isEqualTo(new Vaskefil.Referanse("Storgata 1 B", "5003"));
        assertThat(f.linjer().get(1).feil()).isEqualTo("kan ikke leses: anførselstegn som ikke er lukket");
        assertThat(f.linjer().get(1).maskert()).doesNotContain(B.value());
        assertThat(f.linjer().get(2).feil()).isEqualTo("ugyldig identitetsnummer: control digits do not match");
        assertThat(f.linjer().get(2).maskert()).isEqualTo(galt.substring(0, 6) + "*****");
        assertThat(f.linjer().get(3).feil()).isEqualTo("identitetsnummer mangler");
        assertThat(f.linjer().get(4).ident()).isEqualTo(B);
        assertThat(f.linjer().get(4).referanse()).isNull();
        assertThatThrownBy(() -> Vaskefil.les(tekst, 4, Innlesing.kompiler(fil), null)).hasMessageContaining("flere enn 4 linjer");
        assertThatThrownBy(() -> Vaskefil.les("kundenr;saldo\n1;2\n", 100, Innlesing.kompiler(fil), null))
                .isInstanceOf(Vaskefil.UgyldigVaskefilException.class).hasMessageContaining("ingen kolonne 'fnr'");
    }
}
