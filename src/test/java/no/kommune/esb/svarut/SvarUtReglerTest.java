package no.kommune.esb.svarut;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class SvarUtReglerTest {

    private static final String PDF = "application/pdf";

    static Stream<Arguments> filnavn() {
        return Stream.of(
                arguments("vedtak.pdf", null),
                arguments("Vedtak om skoleskyss – Åse Ørnes.pdf", null),
                arguments("a".repeat(222) + ".pdf", null),
                arguments("a".repeat(223) + ".pdf", "maks 226"),
                arguments("", "mangler"),
                arguments("   ", "mangler"),
                arguments(null, "mangler"),
                arguments("a*b.pdf", "'*'"),
                arguments("a:b.pdf", "':'"),
                arguments("a\"b.pdf", "'\"'"),
                arguments("a\\b.pdf", "'\\'"),
                arguments("mappe/b.pdf", "'/'"),
                arguments("a<b.pdf", "'<'"),
                arguments("a>b.pdf", "'>'"),
                arguments("a|b.pdf", "'|'"),
                arguments("hva?.pdf", "'?'"),
                arguments("linje\r\nX-Header: y.pdf", "kontrolltegn"),
                // found by the hostile-input run (issue #15, R5): these were let through
                arguments("..", "bare være punktum"),
                arguments(".", "bare være punktum"),
                arguments("vedtak\uff0e\uff0e\uff0fpasswd.pdf", "tilsvarer det ulovlige tegnet '/'"),
                arguments("C\uff1a\uff3cvedtak.pdf", "tilsvarer det ulovlige tegnet ':'"),
                arguments("..%2f..%2fetc%2fpasswd.pdf", null),
                arguments("vedtak\u2215x.pdf", null),
                arguments("vedtak v1.0...pdf", null));
    }

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @MethodSource("filnavn")
    void should_accept_or_reject_a_file_name_by_the_contract_rules(String filnavn, String forventetBrudd) {
        var brudd = SvarUtRegler.sjekkFilnavn(filnavn);
        if (forventetBrudd == null) {
            assertThat(brudd).isEmpty();
        } else {
            assertThat(brudd).hasValueSatisfying(b -> assertThat(b).contains(forventetBrudd));
        }
    }

    static Stream<Arguments> dokumentsett() {
        var pdf1 = new SvarUtRegler.DokumentFakta("brev.pdf", PDF, 1000, false);
        var pdf2 = new SvarUtRegler.DokumentFakta("vedlegg.pdf", PDF, 2000, false);
        var word = new SvarUtRegler.DokumentFakta("skjema.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", 500, false);
        var wordEkskludert = new SvarUtRegler.DokumentFakta("skjema.docx", word.mimeType(), 500, true);
        var stor = new SvarUtRegler.DokumentFakta("stor.pdf", PDF, 300_000_000, false);
        var stor2 = new SvarUtRegler.DokumentFakta("stor2.pdf", PDF, 50_000_001, false);
        return Stream.of(
                arguments("two pdfs, printable", List.of(pdf1, pdf2), true, List.of()),
                arguments("no documents", List.of(), true, List.of("ingen dokumenter")),
                arguments("same name twice", List.of(pdf1, pdf1), true, List.of("dokument 2: filnavn er brukt")),
                arguments("same name differing in case", List.of(pdf1, new SvarUtRegler.DokumentFakta("BREV.PDF", PDF, 1, false)), true,
                        List.of("dokument 2: filnavn er brukt")),
                arguments("word in printable letter", List.of(pdf1, word), true, List.of("dokument 2: bare application/pdf kan printes")),
                arguments("word excluded from print", List.of(pdf1, wordEkskludert), true, List.of()),
                arguments("word in digital-only letter", List.of(pdf1, word), false, List.of()),
                arguments("no mime type", List.of(new SvarUtRegler.DokumentFakta("x.pdf", " ", 1, false)), true, List.of("dokument 1: mimeType mangler")),
                arguments("exactly 350 MB printable", List.of(stor, new SvarUtRegler.DokumentFakta("rest.pdf", PDF, 50_000_000, false)), true, List.of()),
                arguments("over 350 MB printable", List.of(stor, stor2), true, List.of("350000001 byte til sammen")),
                arguments("over 350 MB digital only", List.of(stor, stor2), false, List.of()),
                arguments("bad name is reported by position", List.of(pdf1, new SvarUtRegler.DokumentFakta("a:b.pdf", PDF, 1, false)), true,
                        List.of("dokument 2: filnavn inneholder ulovlig tegn ':'")));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("dokumentsett")
    void should_check_the_documents_of_a_forsendelse(String tilfelle, List<SvarUtRegler.DokumentFakta> dokumenter, boolean kanPrintes, List<String> forventet) {
        List<String> brudd = SvarUtRegler.sjekkDokumenter(dokumenter, kanPrintes);
        assertThat(brudd).hasSameSizeAs(forventet);
        for (int i = 0; i < forventet.size(); i++) {
            assertThat(brudd.get(i)).contains(forventet.get(i));
        }
    }

    static Stream<Arguments> forsendelser() {
        var post = new Forsendelse.Mottaker("Kari Nordmann", "01017012345", "Storgata 1", null, null, "0155", "OSLO", null);
        var utland = new Forsendelse.Mottaker("Kari Nordmann", null, "Main Street 1", null, null, null, "London", "Storbritannia");
        var digital = Forsendelse.Mottaker.digital("Kari Nordmann", "01017012345");
        return Stream.of(
                arguments("printable with full address", Forsendelse.builder("Vedtak", "ref-1", post).build(), List.of()),
                arguments("digital only without address", Forsendelse.builder("Vedtak", "ref-1", digital).kunDigitalLevering(true).build(), List.of()),
                arguments("printable without address", Forsendelse.builder("Vedtak", "ref-1", digital).build(),
                        List.of("mottaker.poststed er påkrevd", "mottaker.postnummer er påkrevd")),
                arguments("abroad needs no postnummer", Forsendelse.builder("Vedtak", "ref-1", utland).build(), List.of()),
                arguments("digital only without digitalId", Forsendelse.builder("Vedtak", "ref-1", Forsendelse.Mottaker.digital("Kari", null))
                        .kunDigitalLevering(true).build(), List.of("digitalId er påkrevd")),
                arguments("no title", Forsendelse.builder(" ", "ref-1", post).build(), List.of("tittel mangler")),
                arguments("title too long", Forsendelse.builder("t".repeat(1001), "ref-1", post).build(), List.of("tittel er lengre enn 1000")),
                arguments("eksternReferanse too long", Forsendelse.builder("Vedtak", "r".repeat(101), post).build(), List.of("eksternReferanse er lengre enn 100")),
                arguments("recipient without name", Forsendelse.builder("Vedtak", "ref-1", new Forsendelse.Mottaker(null, null, "Gate 1", null, null, "0155", "OSLO", null)).build(),
                        List.of("mottaker.navn mangler")),
                arguments("bad konteringskode", Forsendelse.builder("Vedtak", "ref-1", post).konteringskode("a b").build(), List.of("konteringskode")),
                arguments("good konteringskode", Forsendelse.builder("Vedtak", "ref-1", post).konteringskode("OPPV-2026_ø.1").build(), List.of()));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("forsendelser")
    void should_check_the_forsendelse_metadata(String tilfelle, Forsendelse forsendelse, List<String> forventet) {
        List<String> brudd = SvarUtRegler.sjekk(forsendelse, List.of(Dokument.pdf("brev.pdf", new byte[]{1})));
        assertThat(brudd).hasSameSizeAs(forventet);
        for (int i = 0; i < forventet.size(); i++) {
            assertThat(brudd.get(i)).contains(forventet.get(i));
        }
    }

    @Test
    void should_never_put_the_file_name_or_recipient_in_a_violation_or_in_toString() {
        var mottaker = new Forsendelse.Mottaker("Kari Nordmann", "01017012345", "Storgata 1", null, null, "0155", "OSLO", null);
        var forsendelse = Forsendelse.builder("Vedtak", "ref-1", mottaker).build();
        var dokumenter = List.of(Dokument.pdf("vedtak_kari_nordmann.pdf", new byte[]{1}), Dokument.pdf("vedtak_kari_nordmann.pdf", new byte[]{1}));

        String alt = String.join(" ", SvarUtRegler.sjekk(forsendelse, dokumenter)) + forsendelse + mottaker + dokumenter;

        assertThat(alt).contains("filnavn er brukt").doesNotContain("kari", "Kari", "01017012345", "Storgata", "0155", "OSLO");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statuser")
    void should_tell_which_statuses_are_final(SvarUtStatus status, boolean endelig, boolean feilet) {
        assertThat(status.erEndelig()).isEqualTo(endelig);
        assertThat(status.erFeilet()).isEqualTo(feilet);
    }

    static Stream<Arguments> statuser() {
        return Stream.of(
                arguments(SvarUtStatus.MOTTATT, false, false),
                arguments(SvarUtStatus.AKSEPTERT, false, false),
                arguments(SvarUtStatus.AVVIST, true, true),
                arguments(SvarUtStatus.VARSLET, false, false),
                arguments(SvarUtStatus.LEST, true, false),
                arguments(SvarUtStatus.SENDT_PRINT, false, false),
                arguments(SvarUtStatus.PRINTET, true, false),
                arguments(SvarUtStatus.MANUELT_HANDTERT, true, false),
                arguments(SvarUtStatus.SENDT_DIGITALT, false, false),
                arguments(SvarUtStatus.SENDT_SDP, false, false),
                arguments(SvarUtStatus.LEVERT_SDP, true, false),
                arguments(SvarUtStatus.KLAR_FOR_MOTTAK, false, false),
                arguments(SvarUtStatus.IKKE_LEVERT, true, true));
    }
}
