package no.kommune.esb.uttrekk.format;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Limits of the paper-replacing formats ({@code uttrekksformat.*}, docs/uttrekk-formater-og-vask.md).
 *
 * @param pdfMaksRader persons in one PDF list or label sheet: PDFBox holds the whole document until it is saved, so
 *                     a larger extract is refused with a clear error (order CSV or XLSX instead)
 */
@ConfigurationProperties("uttrekksformat")
public record FormatProperties(Integer pdfMaksRader) {

    public FormatProperties {
        pdfMaksRader = pdfMaksRader == null ? 5000 : pdfMaksRader;
        if (pdfMaksRader < 1) {
            throw new IllegalArgumentException("uttrekksformat.pdf-maks-rader must be at least 1");
        }
    }
}
