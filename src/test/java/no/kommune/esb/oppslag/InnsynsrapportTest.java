package no.kommune.esb.oppslag;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InnsynsrapportTest {

    private static Revisjonslogg.Innslag innslag(Instant tid, String fagsystem, String formaal, String sak) {
        return new Revisjonslogg.Innslag(tid, fagsystem, fagsystem, "saksbehandler Ås", "PERSON", formaal, sak, "NAVN,ADRESSE", 200, "OK");
    }

    @Test
    void should_list_each_fagsystem_purpose_and_look_up_with_the_masked_number_only() throws Exception {
        List<Innsyn.Gruppe> grupper = Innsyn.grupper(List.of(
                innslag(Instant.parse("2026-12-01T10:00:00Z"), "skole", "skoleskyss", "sak-17"),
                innslag(Instant.parse("2026-12-02T13:30:00Z"), "pleie-omsorg", "pårørende", "sak-\u0007kontroll")));

        String tekst = tekst(Innsynsrapport.pdf(grupper, "020132*****", "Bergen", LocalDate.of(2026, 12, 4)));

        assertThat(tekst).contains("Innsyn: hvem har slått opp opplysninger om deg", "Bergen kommune, 4. desember 2026",
                "Gjelder identitetsnummer 020132*****", "2 oppslag fra 2 fagsystem og formål",
                "skole – formål: skoleskyss", "pleie-omsorg – formål: pårørende", "01.12.2026 11:00", "sak-17", "saksbehandler Ås",
                "Utlevert: navn, adresse", "sak-?kontroll", "Side 1 av 1");
    }

    @Test
    void should_say_so_when_nobody_looked_and_number_every_page_of_a_long_report() throws Exception {
        List<Revisjonslogg.Innslag> mange = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            mange.add(innslag(Instant.parse("2026-01-01T08:00:00Z").plusSeconds(3600L * i), "barnevern", "barnevernssak", "sak-" + i));
        }

        String tom = tekst(Innsynsrapport.pdf(List.of(), "020132*****", "Bergen", LocalDate.of(2026, 12, 4)));
        byte[] lang = Innsynsrapport.pdf(Innsyn.grupper(mange), "020132*****", "Bergen", LocalDate.of(2026, 12, 4));

        assertThat(tom).contains("Ingen fagsystem har slått opp opplysninger om deg");
        try (PDDocument doc = Loader.loadPDF(lang)) {
            assertThat(doc.getNumberOfPages()).isGreaterThan(1);
            assertThat(tekst(lang)).contains("sak-0", "sak-149", "Side " + doc.getNumberOfPages() + " av " + doc.getNumberOfPages());
        }
    }

    private static String tekst(byte[] pdf) throws Exception {
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(doc);
        }
    }
}
