package no.kommune.esb.uttrekk.format;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * An output format of an extract or a wash: a file written row by row as the persons arrive, so an extract of any
 * size is never held in memory. Each implementation is a Spring bean; an order names it by {@link #navn()} (e.g.
 * {@code format: PDF_LISTE} in {@code config/uttrekk/<name>.yaml}).
 *
 * <p>A row is the minimised document of one person, the same shape the event mappings read:
 * {@code {"uttrekk": {...}, "person": {...}, "relaterte": [...]}} where {@code person} is
 * {@code Dataminimering.person(...)} and {@code relaterte} is {@code Dataminimering.relaterte(...)}. A person
 * whose address the registration may not see carries {@code person.adresseTilbakeholdt: true} and no address:
 * a format prints "adresse sperret" or lists the person for manual follow-up, never an older address
 * (DOMAIN.md rule 5). A format that prints addresses for letters ({@link #medUtsending()}) also gets the letter flow's
 * decision as {@code utsending} ({@link Utsending}).
 */
public interface Uttrekksformat {

    /** The name an order uses, upper case, e.g. {@code CSV}, {@code PDF_LISTE}, {@code ETIKETTER}, {@code XLSX}. */
    String navn();

    /**
     * True when the rows must carry the letter flow's decision ({@link Utsending}): the format addresses letters (labels)
     * and must not address one the letter flow would stop or hand to a case officer. The extract then looks the holders
     * up and adds the section; rows delivered as they are (Kafka) never carry it.
     */
    default boolean medUtsending() {
        return false;
    }

    /** The file name's extension, without the dot, e.g. {@code pdf}. */
    String filending();

    /** The media type of the file, e.g. {@code application/pdf}. */
    String mediatype();

    /**
     * Opens a writer on {@code ut}. Rows are written with {@link Skriver#skriv}; {@link Skriver#close()} finishes
     * the file (trailer, last page) and flushes, but leaves {@code ut} open for the caller to close.
     */
    Skriver aapne(OutputStream ut, Valg valg) throws IOException;

    /** A format whose file is a PDF (the paper replacements: class lists, label sheets). */
    interface Pdf extends Uttrekksformat {

        @Override
        default String filending() {
            return "pdf";
        }

        @Override
        default String mediatype() {
            return "application/pdf";
        }
    }

    /** Writes one file. Not thread-safe: one writer per file. */
    interface Skriver extends Closeable {

        /** Writes one person's row. */
        void skriv(ObjectNode dokument) throws IOException;
    }

    /**
     * What the order says about the file's look.
     *
     * @param tittel       heading of a list, e.g. "Skolestart 2027 – Bergen"
     * @param undertittel  second line, e.g. the criteria in words and the date of the extract
     * @param innstillinger format-specific settings from the order (e.g. a mapping file for CSV, columns of a list)
     */
    record Valg(String tittel, String undertittel, Map<String, String> innstillinger) {

        public Valg {
            innstillinger = innstillinger == null ? Map.of() : Map.copyOf(innstillinger);
        }
    }
}
