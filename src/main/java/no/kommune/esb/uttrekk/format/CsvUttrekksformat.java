package no.kommune.esb.uttrekk.format;

import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.mapping.CsvMapping;
import no.kommune.esb.mapping.Mapping;
import no.kommune.esb.mapping.MappingFormat;
import no.kommune.esb.mapping.Mappings;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code CSV}: a fagsystem's file format from a column layout in {@code mappings/} (setting {@code mapping}, e.g.
 * {@code skole/skolestart.csv.yaml}), the same engine and files as the event mappings: the header once, then each
 * row's lines as the persons arrive. UTF-8.
 */
@Component
public class CsvUttrekksformat implements Uttrekksformat {

    /** The setting naming the layout file, relative to the mappings folder. */
    public static final String MAPPING = "mapping";

    private final Path mappingsDir;
    private final Map<Path, CsvMapping> kompilert = new ConcurrentHashMap<>();

    public CsvUttrekksformat(@Value("${hendelser.mappings-dir:mappings}") Path mappingsDir) {
        this.mappingsDir = mappingsDir;
    }

    @Override
    public String navn() {
        return "CSV";
    }

    @Override
    public String filending() {
        return "csv";
    }

    @Override
    public String mediatype() {
        return "text/csv; charset=UTF-8";
    }

    /** The compiled layout the settings name; throws {@link IllegalArgumentException} when it is missing or no CSV layout. */
    public CsvMapping layout(Valg valg) {
        String fil = valg.innstillinger().get(MAPPING);
        if (fil == null || fil.isBlank()) {
            throw new IllegalArgumentException("format CSV needs innstillinger.mapping (a .csv.yaml file under the mappings folder)");
        }
        Path sti = mappingsDir.resolve(fil).normalize();
        if (!sti.startsWith(mappingsDir.normalize())) {
            throw new IllegalArgumentException("innstillinger.mapping must lie under the mappings folder");
        }
        return kompilert.computeIfAbsent(sti, p -> {
            Mapping m = Mappings.compile(p, MappingFormat.CSV);
            if (!(m instanceof CsvMapping csv)) {
                throw new IllegalArgumentException(fil + " is not a CSV layout");
            }
            return csv;
        });
    }

    @Override
    public Skriver aapne(OutputStream ut, Valg valg) throws IOException {
        CsvMapping layout = layout(valg);
        Writer w = new BufferedWriter(new OutputStreamWriter(ut, StandardCharsets.UTF_8), 64 * 1024);
        w.write(layout.header());
        return new Skriver() {
            @Override
            public void skriv(ObjectNode dokument) throws IOException {
                w.write(layout.rows(dokument));
            }

            @Override
            public void close() throws IOException {
                w.flush();
            }
        };
    }
}
