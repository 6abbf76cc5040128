package no.kommune.esb.uttrekk.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * {@code JSONL}: each row document ({@code {"uttrekk","person","relaterte"}}, already minimised) as one line of JSON,
 * for fagsystems that map the data themselves. No settings.
 */
@Component
public class JsonlUttrekksformat implements Uttrekksformat {

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public String navn() {
        return "JSONL";
    }

    @Override
    public String filending() {
        return "jsonl";
    }

    @Override
    public String mediatype() {
        return "application/jsonl";
    }

    @Override
    public Skriver aapne(OutputStream ut, Valg valg) {
        OutputStream b = new BufferedOutputStream(ut, 64 * 1024);
        return new Skriver() {
            @Override
            public void skriv(ObjectNode dokument) throws IOException {
                b.write(json.writeValueAsBytes(dokument));
                b.write('\n');
            }

            @Override
            public void close() throws IOException {
                b.flush();
            }
        };
    }
}
