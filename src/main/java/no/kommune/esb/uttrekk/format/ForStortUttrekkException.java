package no.kommune.esb.uttrekk.format;

import java.io.IOException;

/** A PDF would hold more persons than {@code uttrekksformat.pdf-maks-rader}: refused before the heap runs out. */
public class ForStortUttrekkException extends IOException {

    public ForStortUttrekkException(String format, int maks) {
        super(format + " holder høyst " + maks + " personer (uttrekksformat.pdf-maks-rader); "
                + "bestill CSV eller XLSX for større utvalg, eller del utvalget opp");
    }
}
