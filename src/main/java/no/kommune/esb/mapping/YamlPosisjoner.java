package no.kommune.esb.mapping;

import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each key and value of a YAML file starts, so that a problem found after data binding (a registration, a
 * CSV layout) can still be reported as {@code file:line:column}. Paths are dotted keys with list indexes,
 * e.g. {@code levering.sftp.schedule} or {@code columns[3].value}; a path that is not in the file (a missing key)
 * resolves to the deepest part of it that is.
 */
public final class YamlPosisjoner {

    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    /** The file is not YAML: where and why, as the YAML parser says. */
    public static final class UgyldigYaml extends Exception {
        private final Posisjon posisjon;
        private final String grunn;

        UgyldigYaml(Posisjon posisjon, String grunn, Throwable cause) {
            super(grunn, cause);
            this.posisjon = posisjon;
            this.grunn = grunn;
        }

        public Posisjon posisjon() {
            return posisjon;
        }

        public String grunn() {
            return grunn;
        }
    }

    private final Node root;
    private final List<String> lines;

    private YamlPosisjoner(Node root, String text) {
        this.root = root;
        this.lines = text.lines().toList();
    }

    /** Parses {@code text} into a node tree (no objects are constructed, so any YAML is safe to read). */
    public static YamlPosisjoner les(String text) throws UgyldigYaml {
        try {
            return new YamlPosisjoner(new Yaml().compose(new StringReader(text)), text);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String grunn = e.getContext() == null ? e.getProblem() : e.getContext() + ": " + e.getProblem();
            throw new UgyldigYaml(mark == null ? Posisjon.START : posisjon(mark), "not valid YAML: " + grunn, e);
        }
    }

    /** Where the value at {@code path} starts (or the deepest part of the path that exists). */
    public Posisjon av(String path) {
        Node node = finn(path);
        return node == null ? Posisjon.START : posisjon(node.getStartMark());
    }

    /** Where the key of the value at {@code path} is written ({@code levering} of {@code levering.sftp}); else as {@link #av}. */
    public Posisjon avNoekkel(String path) {
        int skille = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        String forelder = skille < 0 ? "" : path.substring(0, skille);
        String noekkel = path.substring(skille + 1);
        Node node = forelder.isEmpty() ? root : finn(forelder);
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(noekkel)) {
                    return posisjon(k.getStartMark());
                }
            }
        }
        return av(path);
    }

    /**
     * Where a position inside the text value at {@code path} is in the file, e.g. the place a JSONata expression
     * written in the YAML fails to compile. Exact for one-line plain and quoted values and for literal blocks
     * ({@code |}); otherwise the start of the value.
     */
    public Posisjon iVerdi(String path, Posisjon inni) {
        Node node = finn(path);
        if (!(node instanceof ScalarNode scalar)) {
            return av(path);
        }
        Posisjon start = posisjon(scalar.getStartMark());
        boolean oneLine = scalar.getStartMark().getLine() == scalar.getEndMark().getLine();
        ScalarStyle style = scalar.getScalarStyle();
        if (inni.linje() == 1 && oneLine && style == ScalarStyle.PLAIN) {
            return new Posisjon(start.linje(), start.kolonne() + inni.kolonne() - 1);
        }
        if (inni.linje() == 1 && oneLine && (style == ScalarStyle.SINGLE_QUOTED || style == ScalarStyle.DOUBLE_QUOTED)) {
            return new Posisjon(start.linje(), start.kolonne() + inni.kolonne());
        }
        if (style == ScalarStyle.LITERAL && start.linje() < lines.size()) {
            // the block's text starts on the line after the '|', each line indented like its first line
            String first = lines.get(start.linje());
            int indent = first.length() - first.stripLeading().length();
            return new Posisjon(start.linje() + inni.linje(), indent + inni.kolonne());
        }
        return start;
    }

    /** A key in the file that the record it is read into has no component for. */
    public record UkjentNoekkel(String path, String noekkel, Posisjon posisjon) {
    }

    /**
     * Every key that {@code type} (a record, with nested records and lists of records) has no component for, with
     * the path of the object it is in ({@code levering.http}; empty at the top level) and where the key is written.
     */
    public List<UkjentNoekkel> ukjenteNoekler(Class<?> type) {
        List<UkjentNoekkel> found = new ArrayList<>();
        ukjente(root, type, "", found);
        return found;
    }

    private static void ukjente(Node node, Type type, String path, List<UkjentNoekkel> found) {
        if (type instanceof ParameterizedType list && node instanceof SequenceNode seq
                && List.class.equals(list.getRawType())) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                ukjente(seq.getValue().get(i), list.getActualTypeArguments()[0], path + "[" + i + "]", found);
            }
            return;
        }
        if (!(type instanceof Class<?> record) || !record.isRecord() || !(node instanceof MappingNode map)) {
            return;
        }
        for (NodeTuple t : map.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                continue;
            }
            RecordComponent component = Arrays.stream(record.getRecordComponents())
                    .filter(c -> c.getName().equals(key.getValue())).findFirst().orElse(null);
            if (component == null) {
                found.add(new UkjentNoekkel(path, key.getValue(), posisjon(key.getStartMark())));
            } else {
                ukjente(t.getValueNode(), component.getGenericType(), path.isEmpty() ? key.getValue() : path + "." + key.getValue(), found);
            }
        }
    }

    private Node finn(String path) {
        List<String> segments = new ArrayList<>();
        Matcher m = SEGMENT.matcher(path);
        while (m.find()) {
            segments.add(m.group());
        }
        Node node = root;
        for (int i = 0; i < segments.size() && node != null; i++) {
            String segment = segments.get(i);
            Node value = null;
            if (!segment.startsWith("[") && node instanceof MappingNode map) {
                for (NodeTuple t : map.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(segment)) {
                        value = t.getValueNode();
                    }
                }
            } else if (segment.startsWith("[") && node instanceof SequenceNode seq) {
                int index = Integer.parseInt(segment.substring(1, segment.length() - 1));
                value = index < seq.getValue().size() ? seq.getValue().get(index) : null;
            }
            if (value == null) {
                return node;
            }
            node = value;
        }
        return node;
    }

    private static Posisjon posisjon(Mark mark) {
        return new Posisjon(mark.getLine() + 1, mark.getColumn() + 1);
    }
}
