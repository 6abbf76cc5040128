package no.kommune.esb.hendelser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import no.kommune.esb.folkeregister.Hendelsestype;
import no.kommune.esb.hendelser.Fagsystem.Auth;
import no.kommune.esb.hendelser.Fagsystem.AuthType;
import no.kommune.esb.hendelser.Fagsystem.Datatilgang;
import no.kommune.esb.hendelser.Fagsystem.Levering;
import no.kommune.esb.hendelser.Fagsystem.MappingRef;
import no.kommune.esb.hendelser.Fagsystem.Populasjon;
import no.kommune.esb.hendelser.Fagsystem.RelatertePersoner;
import no.kommune.esb.hendelser.Fagsystem.RetryPolicy;
import no.kommune.esb.mapping.Innlesing;
import no.kommune.esb.mapping.Mapping;
import no.kommune.esb.mapping.MappingException;
import no.kommune.esb.mapping.MappingFormat;
import no.kommune.esb.mapping.Mappingfil;
import no.kommune.esb.mapping.Mappings;
import no.kommune.esb.mapping.Posisjon;
import no.kommune.esb.mapping.YamlPosisjoner;
import org.springframework.scheduling.support.CronExpression;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads every {@code *.yaml} in the registrations folder, validates each registration, compiles its mapping and
 * checks its golden examples ({@link Eksempler}). Collects every problem (file, line, column, reason) instead of
 * stopping at the first, so one run of the validate command, or one failed start, shows all that is wrong.
 */
public final class FagsystemLoader {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern KOMMUNENUMMER = Pattern.compile("\\d{4}");
    private static final Pattern KAFKA_TOPIC = Pattern.compile("[A-Za-z0-9._-]{1,249}");
    private static final Pattern JMS_QUEUE = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
    private static final Pattern SFTP_FOLDER = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");
    /** A delivery file name: literal characters and ${date:now:<pattern>} tokens (the only expression the shipped names use). */
    private static final Pattern SFTP_FILNAVN = Pattern.compile("([A-Za-z0-9._-]|\\$\\{date:now:[A-Za-z0-9._-]+})+");
    private static final Pattern ENV_VAR = Pattern.compile("[A-Z_][A-Z0-9_]*");
    private static final Pattern FORMAAL = Pattern.compile("[a-z0-9][a-z0-9-]{0,59}");

    // unknown keys are found on the YAML node tree instead, where each has its line (YamlPosisjoner.ukjenteNoekler)
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What a load produced: the valid registrations, their compiled mappings by fagsystem id, and all problems. */
    public record Resultat(List<Fagsystem> fagsystemer, Map<String, Mapping> mappinger, List<Problem> problemer) {
        public Resultat {
            fagsystemer = List.copyOf(fagsystemer);
            mappinger = Map.copyOf(mappinger);
            problemer = List.copyOf(problemer);
        }

        public boolean ok() {
            return problemer.isEmpty();
        }
    }

    private FagsystemLoader() {
    }

    /**
     * @param fagsystemerDir folder of registration files ({@code config/fagsystemer})
     * @param mappingsDir    folder that registration {@code mapping.file} values are relative to ({@code mappings})
     */
    public static Resultat last(Path fagsystemerDir, Path mappingsDir) {
        List<Problem> problems = new ArrayList<>();
        List<Fagsystem> fagsystemer = new ArrayList<>();
        Map<String, Mapping> mappinger = new LinkedHashMap<>();
        if (!Files.isDirectory(fagsystemerDir)) {
            problems.add(new Problem(fagsystemerDir, "registration folder does not exist"));
            return new Resultat(fagsystemer, mappinger, problems);
        }
        if (!Files.isDirectory(mappingsDir)) {
            problems.add(new Problem(mappingsDir, "mappings folder does not exist"));
        }
        Map<String, Path> seenIds = new LinkedHashMap<>();
        for (Path file : registreringsfiler(fagsystemerDir, problems)) {
            problems.addAll(lesOgKompiler(file, mappingsDir, seenIds, fagsystemer, mappinger));
        }
        return new Resultat(fagsystemer, mappinger, problems);
    }

    /** Reads, validates and compiles one registration; adds it when it is valid and returns its problems. */
    private static List<Problem> lesOgKompiler(Path file, Path mappingsDir, Map<String, Path> seenIds,
                                               List<Fagsystem> fagsystemer, Map<String, Mapping> mappinger) {
        String text;
        YamlPosisjoner at;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
            at = YamlPosisjoner.les(text);
        } catch (IOException e) {
            return List.of(new Problem(file, "cannot read: " + e.getMessage()));
        } catch (YamlPosisjoner.UgyldigYaml e) {
            return List.of(new Problem(file, e.posisjon().linje(), e.posisjon().kolonne(), e.grunn()));
        }
        Funn funn = new Funn();
        Registreringsfil raw = parse(text, at, funn);
        Fagsystem fagsystem = raw == null ? null : valider(raw, file, mappingsDir, funn);
        if (fagsystem != null) {
            Path first = seenIds.putIfAbsent(fagsystem.id(), file);
            if (first != null) {
                funn.add("id", "duplicate id '" + fagsystem.id() + "', also in " + first);
            }
        }
        List<Problem> problems = new ArrayList<>(funn.problemer(file, at));
        Posisjon mappingFile = at.av("mapping.file");
        if (fagsystem == null || !problems.isEmpty()) {
            // the mapping is compiled all the same when it can be found, so one run shows its problems too
            MappingRef ref = raw == null ? null : mapping(raw.mapping(), mappingsDir, new Funn());
            if (ref != null) {
                kompiler(ref.file(), ref.format(), file, mappingFile, problems);
            }
            return problems;
        }
        Mapping mapping = kompiler(fagsystem.mapping().file(), fagsystem.mapping().format(), file, mappingFile, problems);
        if (mapping == null) {
            return problems;
        }
        problems.addAll(Eksempler.sjekk(fagsystem, mapping, file, mappingFile, at.av("data.beskyttedeAdresser")));
        if (problems.isEmpty()) {
            mappinger.put(fagsystem.id(), mapping);
            fagsystemer.add(fagsystem);
        }
        return problems;
    }

    /**
     * Compiles a mapping a configuration file names, or adds its problem: where in the mapping file, else where
     * {@code file} names it ({@code mappingFile}). Null when it does not compile.
     */
    public static Mapping kompiler(Path mappingFil, MappingFormat format, Path file, Posisjon mappingFile, List<Problem> problems) {
        try {
            return Mappings.compile(mappingFil, format);
        } catch (MappingException e) {
            problems.add(e.posisjon()
                    .map(p -> new Problem(e.file(), p.linje(), p.kolonne(), e.reason() + " (mapping of " + file + ")"))
                    .orElseGet(() -> new Problem(file, mappingFile.linje(), mappingFile.kolonne(), e.reason() + ": " + e.file())));
            return null;
        }
    }

    /**
     * The problems found in one registration file, each with the place in the file it is about: a path like
     * {@code levering.sftp.schedule} (resolved to a line and column when all is read) or a position the parser gave.
     */
    private static final class Funn {
        private record Ett(String path, Posisjon posisjon, String reason, Path annenFil) {
        }

        private final List<Ett> funn = new ArrayList<>();

        /** A problem with the value at {@code path}. */
        void add(String path, String reason) {
            funn.add(new Ett(path, null, reason, null));
        }

        void add(Posisjon posisjon, String reason) {
            funn.add(new Ett(null, posisjon, reason, null));
        }

        /** A problem in another file the registration names (a wash layout), at its place there. */
        void add(Path annenFil, Posisjon posisjon, String reason) {
            funn.add(new Ett(null, posisjon, reason, annenFil));
        }

        int size() {
            return funn.size();
        }

        boolean isEmpty() {
            return funn.isEmpty();
        }

        List<Problem> problemer(Path file, YamlPosisjoner at) {
            return funn.stream().map(f -> {
                Posisjon p = f.posisjon() != null ? f.posisjon() : at.av(f.path());
                return new Problem(f.annenFil() != null ? f.annenFil() : file, p.linje(), p.kolonne(), f.reason());
            }).toList();
        }
    }

    private static List<Path> registreringsfiler(Path dir, List<Problem> problems) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Files.isRegularFile(f)
                            && (f.getFileName().toString().endsWith(".yaml") || f.getFileName().toString().endsWith(".yml")))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            problems.add(new Problem(dir, "cannot list folder: " + e.getMessage()));
            return List.of();
        }
    }

    private static Registreringsfil parse(String text, YamlPosisjoner at, Funn funn) {
        for (YamlPosisjoner.UkjentNoekkel u : at.ukjenteNoekler(Registreringsfil.class)) {
            funn.add(u.posisjon(), "unknown key '" + u.noekkel() + "' " + (u.path().isEmpty() ? "at top level" : "in " + u.path()));
        }
        try {
            Registreringsfil raw = YAML.readValue(text, Registreringsfil.class);
            if (raw == null) {
                funn.add("", "file is empty");
            }
            return raw;
        } catch (JsonProcessingException e) {
            String reason = "not a valid registration: " + firstLine(e.getOriginalMessage());
            Posisjon.av(e).ifPresentOrElse(p -> funn.add(p, reason), () -> funn.add("", reason));
            return null;
        }
    }

    private static Fagsystem valider(Registreringsfil raw, Path file, Path mappingsDir, Funn reasons) {
        String id = raw.id();
        if (id == null || !ID.matcher(id).matches()) {
            reasons.add("id", "id must be lower-case letters, digits and '-', at most 40 characters (was " + quoteOrMissing(id) + ")");
        } else {
            String base = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
            if (!base.equals(id)) {
                reasons.add("id", "id '" + id + "' must equal the file name '" + base + "'");
            }
        }
        if (raw.navn() == null || raw.navn().isBlank()) {
            reasons.add("navn", "navn is missing");
        }
        Tjenesteomraade omraade = enumOf(Tjenesteomraade.class, raw.tjenesteomraade(), "tjenesteomraade", "tjenesteomraade", reasons);
        Set<Hendelsestype> typer = hendelsestyper(raw.hendelsestyper(), reasons);
        Populasjon populasjon = populasjon(raw.populasjon(), reasons);
        Datatilgang data = data(raw.data(), omraade, reasons);
        RelatertePersoner relaterte = relaterte(raw.relatertePersoner(), omraade, reasons);
        MappingRef mapping = mapping(raw.mapping(), mappingsDir, reasons);
        Levering levering = levering(raw.levering(), id, reasons);
        RetryPolicy retry = retry(raw.retry(), reasons);
        Fagsystem.Oppslag oppslag = oppslag(raw.oppslag(), reasons);
        Fagsystem.Vask vask = vask(raw.vask(), oppslag, file, mappingsDir, reasons);
        if (!reasons.isEmpty()) {
            return null;
        }
        return new Fagsystem(id, raw.navn().trim(), omraade, typer, populasjon, data, relaterte, mapping, levering, retry, file, oppslag, vask);
    }

    /**
     * No section: wash files are the simple CSV. {@code vask.mapping} names an input layout ({@code .inn.yaml} under the
     * mappings folder) giving at least {@code identitetsnummer}; {@code vask.formaal} must be one of the look-up purposes.
     */
    private static Fagsystem.Vask vask(Registreringsfil.VaskFil raw, Fagsystem.Oppslag oppslag, Path file, Path mappingsDir, Funn reasons) {
        if (raw == null) {
            return Fagsystem.Vask.STANDARD;
        }
        int before = reasons.size();
        if (raw.formaal() != null && oppslag != null && !oppslag.tillater(raw.formaal())) {
            reasons.add("vask.formaal", "vask.formaal '" + raw.formaal() + "' is not one of oppslag.formaal " + oppslag.formaal()
                    + ": a wash is a look-up and needs a registered purpose");
        }
        if (raw.mapping() == null) {
            if (raw.formaal() == null) {
                reasons.add("vask", "vask needs mapping (an input layout for the fagsystem's own format) or formaal (the purpose of SFTP wash files)");
            }
            return reasons.size() > before ? null : new Fagsystem.Vask(null, raw.formaal());
        }
        Mappingfil sti = Mappingfil.under(mappingsDir, raw.mapping());
        if (!sti.innenfor()) {
            reasons.add("vask.mapping", "vask.mapping '" + raw.mapping() + "' must be inside " + mappingsDir);
            return null;
        }
        Path layoutFil = sti.fil();
        if (!raw.mapping().endsWith(Innlesing.ENDELSE)) {
            reasons.add("vask.mapping", "vask.mapping must be an input layout (" + Innlesing.ENDELSE + "), was '" + raw.mapping() + "'");
            return null;
        }
        if (!sti.finnes()) {
            reasons.add("vask.mapping", "input layout " + layoutFil + " does not exist");
            return null;
        }
        Innlesing innlesing;
        try {
            innlesing = Innlesing.kompiler(layoutFil);
        } catch (MappingException e) {
            if (e.posisjon().isPresent()) {
                reasons.add(e.file(), e.posisjon().get(), e.reason() + " (vask.mapping of " + file + ")");
            } else {
                reasons.add("vask.mapping", e.reason() + ": " + e.file());
            }
            return null;
        }
        for (MappingException e : innlesing.sjekkEksempler()) {
            reasons.add(e.file(), e.posisjon().orElse(Posisjon.START), e.reason() + " (vask.mapping of " + file + ")");
        }
        if (!innlesing.navn().contains(Fagsystem.Vask.IDENTITETSNUMMER)) {
            reasons.add("vask.mapping", "the input layout " + layoutFil + " must name the value 'identitetsnummer' under fields");
        }
        for (String navn : innlesing.navn()) {
            if (!Fagsystem.Vask.FELTER.contains(navn)) {
                reasons.add("vask.mapping", "the input layout " + layoutFil + " names '" + navn + "'; a wash reads only " + Fagsystem.Vask.FELTER);
            }
        }
        return reasons.size() > before ? null : new Fagsystem.Vask(innlesing, raw.formaal());
    }

    /**
     * No section: no look-ups. A section must name at least one purpose, each a code, none twice; {@code
     * utenforPopulasjonen} (default false) opens look-ups and washes beyond the population.
     */
    private static Fagsystem.Oppslag oppslag(Registreringsfil.OppslagFil raw, Funn reasons) {
        if (raw == null) {
            return Fagsystem.Oppslag.INGEN;
        }
        if (raw.formaal() == null || raw.formaal().isEmpty()) {
            reasons.add("oppslag.formaal", "oppslag.formaal is missing: list the purposes look-ups are made for, e.g. [skoleplass, skoleskyss]");
            return null;
        }
        List<String> formaal = new ArrayList<>();
        for (int i = 0; i < raw.formaal().size(); i++) {
            String f = raw.formaal().get(i);
            if (f == null || !FORMAAL.matcher(f).matches()) {
                reasons.add("oppslag.formaal[" + i + "]", "oppslag.formaal must be lower-case letters, digits and '-', at most 60 characters (was "
                        + quoteOrMissing(f) + ")");
            } else if (formaal.contains(f)) {
                reasons.add("oppslag.formaal[" + i + "]", "oppslag.formaal lists '" + f + "' twice");
            } else {
                formaal.add(f);
            }
        }
        return new Fagsystem.Oppslag(formaal, Boolean.TRUE.equals(raw.utenforPopulasjonen()));
    }

    private static Set<Hendelsestype> hendelsestyper(List<String> names, Funn reasons) {
        if (names == null || names.isEmpty()) {
            reasons.add("hendelsestyper", "hendelsestyper is missing: list the event types the fagsystem receives");
            return Set.of();
        }
        Set<Hendelsestype> typer = EnumSet.noneOf(Hendelsestype.class);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Hendelsestype type = hendelsestype(name);
            if (type == null) {
                reasons.add("hendelsestyper[" + i + "]", "unknown event type '" + name + "' (not in freg.yaml's Hendelsestype, e.g. endringIBostedsadresse)");
            } else {
                typer.add(type);
            }
        }
        return typer;
    }

    /** Accepts the register's spelling ({@code endringINavn}) or the enum constant ({@code ENDRING_I_NAVN}). */
    private static Hendelsestype hendelsestype(String name) {
        if (name == null) {
            return null;
        }
        Hendelsestype type = Hendelsestype.fromRegisterName(name);
        if (type != Hendelsestype.UKJENT) {
            return type;
        }
        try {
            type = Hendelsestype.valueOf(name);
            return type == Hendelsestype.UKJENT ? null : type;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Populasjon populasjon(Registreringsfil.PopulasjonFil raw, Funn reasons) {
        if (raw == null) {
            reasons.add("populasjon", "populasjon is missing: give 'kommune: <kommunenummer>' or 'portefolje: true'");
            return null;
        }
        boolean portefolje = Boolean.TRUE.equals(raw.portefolje());
        if (raw.kommune() != null && portefolje) {
            reasons.add("populasjon", "populasjon: give either kommune or portefolje, not both");
            return null;
        }
        if (portefolje) {
            if (raw.alder() != null) {
                reasons.add("populasjon.alder", "populasjon.alder applies to 'kommune' only: a portfolio is the persons the fagsystem registered itself");
                return null;
            }
            return new Fagsystem.Portefolje();
        }
        if (raw.kommune() == null || !KOMMUNENUMMER.matcher(raw.kommune()).matches()) {
            reasons.add("populasjon.kommune", "populasjon.kommune must be a four-digit kommunenummer in quotes, e.g. \"3301\" (was "
                    + quoteOrMissing(raw.kommune()) + ")");
            return null;
        }
        Fagsystem.Alder alder = null;
        if (raw.alder() != null) {
            Integer fra = raw.alder().fra();
            Integer til = raw.alder().til();
            if (fra == null || til == null || fra < 0 || til < fra || til > 150) {
                reasons.add("populasjon.alder", "populasjon.alder needs whole years 'fra' and 'til' with 0 <= fra <= til <= 150, e.g. { fra: 0, til: 17 } (was fra="
                        + fra + ", til=" + til + ")");
                return null;
            }
            alder = new Fagsystem.Alder(fra, til);
        }
        return new Fagsystem.Kommune(raw.kommune(), alder);
    }

    private static Datatilgang data(Registreringsfil.DataFil raw, Tjenesteomraade omraade, Funn reasons) {
        boolean beskyttede = raw != null && Boolean.TRUE.equals(raw.beskyttedeAdresser());
        if (raw == null || raw.felter() == null) {
            return new Datatilgang(omraade == null ? Set.of() : omraade.standardFelter(), beskyttede);
        }
        return new Datatilgang(felter(raw.felter(), EnumSet.allOf(Felt.class), "data.felter", reasons), beskyttede);
    }

    private static RelatertePersoner relaterte(Registreringsfil.RelaterteFil raw, Tjenesteomraade omraade, Funn reasons) {
        if (raw == null || raw.roller() == null || raw.roller().isEmpty()) {
            if (raw != null && raw.felter() != null) {
                reasons.add("relatertePersoner.felter", "relatertePersoner.felter given without roller");
            }
            return RelatertePersoner.INGEN;
        }
        Set<Relasjon> roller = EnumSet.noneOf(Relasjon.class);
        for (int i = 0; i < raw.roller().size(); i++) {
            Relasjon rolle = enumOf(Relasjon.class, raw.roller().get(i), "relatertePersoner.roller",
                    "relatertePersoner.roller[" + i + "]", reasons);
            if (rolle != null) {
                roller.add(rolle);
            }
        }
        Set<Felt> felter = raw.felter() == null
                ? (omraade == null ? Set.of() : omraade.standardFelterForRelaterte())
                : felter(raw.felter(), Felt.FOR_RELATERTE, "relatertePersoner.felter", reasons);
        return new RelatertePersoner(roller, felter);
    }

    private static Set<Felt> felter(List<String> names, Set<Felt> allowed, String where, Funn reasons) {
        Set<Felt> felter = EnumSet.noneOf(Felt.class);
        for (int i = 0; i < names.size(); i++) {
            String path = where + "[" + i + "]";
            Felt felt = enumOf(Felt.class, names.get(i), where, path, reasons);
            if (felt != null && !allowed.contains(felt)) {
                reasons.add(path, where + ": " + felt + " is not allowed here (one of " + allowed + ")");
            } else if (felt != null) {
                felter.add(felt);
            }
        }
        return felter;
    }

    private static MappingRef mapping(Registreringsfil.MappingFil raw, Path mappingsDir, Funn reasons) {
        if (raw == null || raw.file() == null || raw.file().isBlank()) {
            reasons.add("mapping.file", "mapping.file is missing");
            return null;
        }
        MappingFormat format = MappingFormat.parse(raw.format()).orElse(null);
        if (format == null) {
            reasons.add("mapping.format", "mapping.format must be one of " + Arrays.toString(MappingFormat.values()) + " (was "
                    + quoteOrMissing(raw.format()) + ")");
        }
        Mappingfil sti = Mappingfil.under(mappingsDir, raw.file());
        if (!sti.innenfor()) {
            reasons.add("mapping.file", "mapping.file '" + raw.file() + "' must be inside " + mappingsDir);
            return null;
        }
        if (!sti.finnes()) {
            reasons.add("mapping.file", "mapping file " + mappingsDir.resolve(raw.file()) + " does not exist");
            return null;
        }
        return format == null ? null : new MappingRef(sti.fil(), format);
    }

    private static Levering levering(Registreringsfil.LeveringFil raw, String id, Funn reasons) {
        long given = raw == null ? 0 : Stream.of(raw.kafka(), raw.jms(), raw.sftp(), raw.http()).filter(x -> x != null).count();
        if (given != 1) {
            reasons.add("levering", "levering must have exactly one of kafka, jms, sftp, http (found " + given + ")");
            return null;
        }
        if (raw.kafka() != null) {
            String topic = raw.kafka().topic();
            if (topic == null || !KAFKA_TOPIC.matcher(topic).matches()) {
                reasons.add("levering.kafka.topic", "levering.kafka.topic must be 1-249 of [A-Za-z0-9._-] (was " + quoteOrMissing(topic) + ")");
                return null;
            }
            if (id != null && !topic.startsWith("fagsystem." + id + ".")) {
                // never onto a topic another fagsystem reads, which may see less (as for extracts: Uttrekksregister.valider)
                reasons.add("levering.kafka.topic", "levering.kafka.topic must be one of this fagsystem's own topics 'fagsystem." + id + ".…' (was "
                        + quoteOrMissing(topic) + ")");
                return null;
            }
            return new Fagsystem.Kafka(topic);
        }
        if (raw.jms() != null) {
            String queue = raw.jms().queue();
            if (queue == null || !JMS_QUEUE.matcher(queue).matches()) {
                reasons.add("levering.jms.queue", "levering.jms.queue must be 1-200 of [A-Za-z0-9._:-] (was " + quoteOrMissing(queue) + ")");
                return null;
            }
            if (id != null && !queue.startsWith("fagsystem." + id + ".")) {
                // the broker lets each fagsystem's user read fagsystem.<id>.# only (docs/forsendelse-intake.md)
                reasons.add("levering.jms.queue", "levering.jms.queue must start with 'fagsystem." + id + ".', the only addresses this fagsystem's broker user may read (was "
                        + quoteOrMissing(queue) + ")");
                return null;
            }
            return new Fagsystem.Jms(queue);
        }
        if (raw.sftp() != null) {
            return sftp(raw.sftp(), id, reasons);
        }
        return http(raw.http(), reasons);
    }

    private static Levering sftp(Registreringsfil.SftpFil raw, String id, Funn reasons) {
        int before = reasons.size();
        if (raw.folder() == null || !SFTP_FOLDER.matcher(raw.folder()).matches()
                || Arrays.asList(raw.folder().split("/")).contains("..")) {
            reasons.add("levering.sftp.folder", "levering.sftp.folder must be a relative path like 'skole/inn' (was " + quoteOrMissing(raw.folder()) + ")");
        } else if (id != null && !(raw.folder().equals(id) || raw.folder().startsWith(id + "/"))) {
            // each fagsystem's SFTP user is confined to /<id>: a file elsewhere is another fagsystem's to read
            reasons.add("levering.sftp.folder", "levering.sftp.folder must be this fagsystem's own folder '" + id + "/…' (was "
                    + quoteOrMissing(raw.folder()) + ")");
        }
        if (raw.schedule() == null || !CronExpression.isValidExpression(raw.schedule())) {
            reasons.add("levering.sftp.schedule", "levering.sftp.schedule must be a six-field cron expression like '0 0 5 * * *' (was "
                    + quoteOrMissing(raw.schedule()) + ")");
        }
        if (raw.filename() == null || !SFTP_FILNAVN.matcher(raw.filename()).matches()) {
            // literal characters and ${date:now:…} only: the name goes into the SFTP endpoint's URI, where '&' would add
            // options and another ${…} expression could make folders (or call a bean) at run time
            reasons.add("levering.sftp.filename", "levering.sftp.filename must be a file name of [A-Za-z0-9._-] and ${date:now:<pattern>} without folders (was "
                    + quoteOrMissing(raw.filename()) + ")");
        }
        return reasons.size() > before ? null : new Fagsystem.Sftp(raw.folder(), raw.schedule(), raw.filename());
    }

    private static Levering http(Registreringsfil.HttpFil raw, Funn reasons) {
        int before = reasons.size();
        if (raw.url() != null && raw.url().matches("\\$\\{[A-Za-z0-9_.\\-]+}")) {
            // a ${setting} is resolved from the platform's configuration at start-up (per environment), see docs/hendelser.md
            return new Fagsystem.Http(raw.url(), auth(raw.auth(), reasons));
        }
        try {
            URI uri = raw.url() == null ? null : new URI(raw.url());
            if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                reasons.add("levering.http.url", "levering.http.url must be an absolute http(s) URL (was " + quoteOrMissing(raw.url()) + ")");
            }
        } catch (URISyntaxException e) {
            reasons.add("levering.http.url", "levering.http.url is not a URL: " + e.getReason());
        }
        Auth auth = auth(raw.auth(), reasons);
        return reasons.size() > before ? null : new Fagsystem.Http(raw.url(), auth);
    }

    private static Auth auth(Registreringsfil.AuthFil raw, Funn reasons) {
        if (raw == null) {
            return Auth.NONE;
        }
        AuthType type = enumOf(AuthType.class, raw.type() == null ? null : raw.type().toUpperCase(), "levering.http.auth.type",
                "levering.http.auth.type", reasons);
        if (type == null) {
            return null;
        }
        switch (type) {
            case BASIC -> {
                envVar(raw.usernameEnv(), "levering.http.auth.usernameEnv", reasons);
                envVar(raw.passwordEnv(), "levering.http.auth.passwordEnv", reasons);
            }
            case BEARER -> envVar(raw.tokenEnv(), "levering.http.auth.tokenEnv", reasons);
            case NONE -> { }
        }
        return new Auth(type, raw.usernameEnv(), raw.passwordEnv(), raw.tokenEnv());
    }

    private static void envVar(String name, String where, Funn reasons) {
        if (name == null || !ENV_VAR.matcher(name).matches()) {
            reasons.add(where, where + " must name an environment variable like FAGSYSTEM_TOKEN (was " + quoteOrMissing(name)
                    + "); secrets never go in the registration");
        }
    }

    private static RetryPolicy retry(Registreringsfil.RetryFil raw, Funn reasons) {
        if (raw == null) {
            return RetryPolicy.STANDARD;
        }
        RetryPolicy std = RetryPolicy.STANDARD;
        int attempts = raw.maxAttempts() == null ? std.maxAttempts() : raw.maxAttempts();
        if (attempts < 1 || attempts > 100) {
            reasons.add("retry.maxAttempts", "retry.maxAttempts must be 1-100 (was " + attempts + ")");
        }
        Duration initial = duration(raw.initialDelay(), std.initialDelay(), "retry.initialDelay", reasons);
        Duration max = duration(raw.maxDelay(), std.maxDelay(), "retry.maxDelay", reasons);
        double multiplier = raw.multiplier() == null ? std.multiplier() : raw.multiplier();
        if (multiplier < 1.0 || multiplier > 10.0) {
            reasons.add("retry.multiplier", "retry.multiplier must be between 1.0 and 10.0 (was " + multiplier + ")");
        }
        if (initial != null && max != null && max.compareTo(initial) < 0) {
            reasons.add("retry.maxDelay", "retry.maxDelay must not be shorter than retry.initialDelay");
        }
        return new RetryPolicy(attempts, initial, multiplier, max);
    }

    private static Duration duration(String text, Duration fallback, String where, Funn reasons) {
        if (text == null) {
            return fallback;
        }
        try {
            Duration d = Duration.parse(text);
            if (d.isNegative() || d.isZero()) {
                reasons.add(where, where + " must be positive (was " + text + ")");
            }
            return d;
        } catch (DateTimeParseException e) {
            reasons.add(where, where + " must be an ISO-8601 duration like PT30S or PT10M (was '" + text + "')");
            return null;
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String name, String where, String path, Funn reasons) {
        if (name != null) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equals(name)) {
                    return e;
                }
            }
        }
        String label = name == null ? where + " is missing" : "unknown " + where + " '" + name + "'";
        reasons.add(path, label + " (one of " + Arrays.toString(type.getEnumConstants()) + ")");
        return null;
    }

    private static String quoteOrMissing(String value) {
        return value == null ? "missing" : "'" + value + "'";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
