package no.kommune.esb.uttrekk.format;

import no.kommune.esb.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The paper-replacing formats are beans an order can name (the extract pipeline finds them as {@link Uttrekksformat}). */
class UttrekksformatEndToEndTest extends EndToEndTest {

    @Autowired
    List<Uttrekksformat> formater;

    @Test
    void should_offer_pdf_list_labels_and_xlsx_as_beans_by_name() {
        assertThat(formater).extracting(Uttrekksformat::navn).contains("PDF_LISTE", "ETIKETTER", "XLSX");
        assertThat(formater).filteredOn(f -> f.navn().equals("ETIKETTER")).singleElement()
                .satisfies(f -> assertThat(f.mediatype()).isEqualTo("application/pdf"));
    }
}
