package no.kommune.esb.uttrekk.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@link Kolonner} as a CSV file ({@code ;}-separated, UTF-8, a header of the columns' keys, quoted where needed),
 * written row by row: the wash answer's default format. Not an order format: an extract's CSV is the fagsystem's own,
 * through its mapping.
 */
public final class TabellCsv implements Uttrekksformat.Skriver {

    public static final String MEDIATYPE = "text/csv; charset=UTF-8";

    private final List<Kolonner.Kolonne> kolonner;
    private final SequenceWriter ut;

    private TabellCsv(OutputStream ut, List<Kolonner.Kolonne> kolonner) throws IOException {
        this.kolonner = kolonner;
        CsvSchema.Builder schema = CsvSchema.builder().setColumnSeparator(';').setUseHeader(true);
        kolonner.forEach(k -> schema.addColumn(k.noekkel()));
        CsvMapper mapper = new CsvMapper();
        // the caller closes its stream (Uttrekksformat.Skriver#close leaves it open)
        mapper.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        this.ut = mapper.writer(schema.build()).writeValues(ut);
    }

    /** A writer of the person columns, with the wash columns first when {@code vask}. */
    public static TabellCsv aapne(OutputStream ut, boolean vask) throws IOException {
        return new TabellCsv(ut, Kolonner.av(vask));
    }

    @Override
    public void skriv(ObjectNode dokument) throws IOException {
        List<String> rad = new ArrayList<>(kolonner.size());
        kolonner.forEach(k -> rad.add(k.verdi().apply(dokument)));
        ut.write(rad);
    }

    @Override
    public void close() throws IOException {
        ut.flush();
        ut.close();
    }
}
