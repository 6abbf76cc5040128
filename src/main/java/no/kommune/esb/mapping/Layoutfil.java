package no.kommune.esb.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.nio.file.Path;
import java.util.List;

/**
 * A layout file's YAML (a CSV output layout, an input layout) read into its record, with the places of its keys: invalid
 * YAML, an unknown key or a value of the wrong shape is a {@link MappingException} at its line and column.
 *
 * @param layout the file as written; null when the file is empty
 * @param at     where each key of the file is
 */
record Layoutfil<T>(T layout, YamlPosisjoner at) {

    // unknown keys are found on the YAML node tree instead, where each has its line (YamlPosisjoner.ukjenteNoekler)
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * @param hva what the file is, as messages name it (e.g. {@code CSV layout})
     * @throws MappingException naming the file, the line and the reason
     */
    static <T> Layoutfil<T> les(Path source, String text, Class<T> type, String hva) {
        YamlPosisjoner at;
        try {
            at = YamlPosisjoner.les(text);
        } catch (YamlPosisjoner.UgyldigYaml e) {
            throw new MappingException(source, e.posisjon(), "not a valid " + hva + ": " + e.grunn(), e);
        }
        List<YamlPosisjoner.UkjentNoekkel> unknown = at.ukjenteNoekler(type);
        if (!unknown.isEmpty()) {
            YamlPosisjoner.UkjentNoekkel u = unknown.get(0);
            throw new MappingException(source, u.posisjon(), "not a valid " + hva + ": unknown key '" + u.noekkel() + "'"
                    + (u.path().isEmpty() ? "" : " in " + u.path()), null);
        }
        try {
            return new Layoutfil<>(YAML.readValue(text, type), at);
        } catch (JsonProcessingException e) {
            throw new MappingException(source, Posisjon.av(e).orElse(Posisjon.START), "not a valid " + hva + ": " + e.getOriginalMessage(), e);
        }
    }
}
