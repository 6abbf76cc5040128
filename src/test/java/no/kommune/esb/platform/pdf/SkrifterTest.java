package no.kommune.esb.platform.pdf;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded fonts and what {@link Pdftekst} makes of text with them. */
class SkrifterTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Norwegian letters                  | Åse Ærø Østby             | Åse Ærø Østby
            Northern Sámi (Č Đ Ŋ Š Ŧ Ž)        | Máret Čuhppon Ŋáŋŋá Đaŧŧa | Máret Čuhppon Ŋáŋŋá Đaŧŧa
            Lule and South Sámi, diacritics    | Ábbmut Ïjvi Lärka Zoë     | Ábbmut Ïjvi Lärka Zoë
            Cyrillic and Greek                 | Ольга Αθηνά               | Ольга Αθηνά
            a character the font has no glyph  | Kari 漢 Nordmann          | Kari ? Nordmann
            an emoji (outside the BMP)         | Ola 😀                    | Ola ?
            """)
    void should_draw_every_character_the_font_has_and_replace_the_rest_with_a_question_mark(String tilfelle, String tekst, String forventet)
            throws IOException {
        try (PDDocument doc = new PDDocument()) {
            assertThat(Pdftekst.skrivbar(tekst, Skrifter.innebygd(doc).normal())).isEqualTo(forventet);
        }
    }

    @Test
    void should_embed_the_fonts_a_page_uses_so_the_text_reads_back_as_written() throws IOException {
        byte[] pdf;
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream ut = new ByteArrayOutputStream()) {
            Skrifter skrift = Skrifter.innebygd(doc);
            PDPage side = new PDPage(PDRectangle.A4);
            doc.addPage(side);
            try (PDPageContentStream s = new PDPageContentStream(doc, side)) {
                float y = 780;
                for (PDFont font : List.of(skrift.normal(), skrift.fet(), skrift.kursiv())) {
                    s.beginText();
                    s.setFont(font, 12);
                    s.newLineAtOffset(72, y -= 20);
                    s.showText(Pdftekst.skrivbar("Máret Čuhppon, Ŋuorgam", font));
                    s.endText();
                }
            }
            doc.save(ut);
            pdf = ut.toByteArray();
        }

        try (PDDocument lest = Loader.loadPDF(pdf)) {
            List<PDFont> fonter = new ArrayList<>();
            for (COSName navn : lest.getPage(0).getResources().getFontNames()) {
                fonter.add(lest.getPage(0).getResources().getFont(navn));
            }
            assertThat(fonter).hasSize(3).allSatisfy(f -> {
                assertThat(f.isEmbedded()).as(f.getName() + " embedded").isTrue();
                assertThat(f.getName()).contains("LiberationSans");
            });
            assertThat(new PDFTextStripper().getText(lest)).contains("Máret Čuhppon, Ŋuorgam");
        }
    }
}
