package no.kommune.esb.mapping;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;

/**
 * A compiled mapping: turns one input document into the fagsystem's payload text. Instances are immutable and
 * safe to share between threads.
 */
public interface Mapping {

    /** The file the mapping was compiled from. */
    Path source();

    MappingFormat format();

    /** Maps one input document; throws {@link MappingException} (no personal data in the message) on failure. */
    String map(JsonNode input);

    /**
     * Maps one input document given as JSON text (as the events flow stores it); a mapping that reads JSON text
     * itself (XSLT, JSONata) skips the parse into a tree and the text written back from it.
     */
    default String map(String inputJson) {
        try {
            return map(Jsonata.JSON.readTree(inputJson));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw MappingException.ulesbartDokument(source(), e);
        }
    }

    /**
     * Maps several documents into one delivery (a batch file): CSV writes the header once, JSON writes an array.
     * XML has no generic batch shape, so XML mappings reject it.
     */
    String mapBatch(List<? extends JsonNode> inputs);
}
