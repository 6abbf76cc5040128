package no.kommune.esb.proaktiv;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import no.kommune.esb.folkeregister.Hendelsestype;
import no.kommune.esb.forsendelse.Brevtype;
import no.kommune.esb.forsendelse.mottak.InnleveringValidator;
import no.kommune.esb.hendelser.Eksempler;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemLoader;
import no.kommune.esb.hendelser.Problem;
import no.kommune.esb.mapping.Mapping;
import no.kommune.esb.mapping.MappingFormat;
import no.kommune.esb.mapping.Mappingfil;
import no.kommune.esb.mapping.Mappings;
import no.kommune.esb.mapping.Posisjon;
import no.kommune.esb.mapping.YamlPosisjoner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.MonthDay;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads every {@code *.yaml} in the trigger folder and validates each trigger, collecting every problem as
 * {@code file:line:column: reason} (the same machinery and form as the fagsystem registrations), so one failed start or
 * one run of {@code bin/validate-config} shows all that is wrong.
 */
public final class UtloeserLoader {

    private static final Pattern NAVN = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
    private static final Pattern KOMMUNENUMMER = Pattern.compile("\\d{4}");
    private static final Pattern PLASSHOLDER = Pattern.compile("\\{([^{}]*)}");
    /** Placeholders a template may use; {@link Brevmal} fills them. */
    static final Set<String> PLASSHOLDERE = Set.of("navn", "fornavn", "kommune");
    /** SvarUt's limit on a title ({@code Forsendelse.tittel.maxLength}). */
    private static final int MAKS_TITTEL = 1000;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * The registered fagsystems a trigger's message may go to, and the folder its mapping is relative to.
     *
     * @param registreringer the valid registrations (config/fagsystemer)
     * @param mappingsDir    the mappings folder ({@code hendelser.mappings-dir})
     */
    public record Fagsystemer(Collection<Fagsystem> registreringer, Path mappingsDir) {
    }

    /** The valid triggers and every problem found. */
    public record Resultat(List<Utloeser> utloesere, List<Problem> problemer) {
        public Resultat {
            utloesere = List.copyOf(utloesere);
            problemer = List.copyOf(problemer);
        }
    }

    private UtloeserLoader() {
    }

    /**
     * @param mappe           the trigger folder ({@code config/proaktiv}); a missing folder means no triggers
     * @param avsendersystemer sender systems the letter intake knows; null when not known (the validate command)
     * @param fagsystemer     the registrations a message may go to
     */
    public static Resultat last(Path mappe, Collection<String> avsendersystemer, Fagsystemer fagsystemer) {
        List<Problem> problemer = new ArrayList<>();
        List<Utloeser> utloesere = new ArrayList<>();
        if (!Files.isDirectory(mappe)) {
            return new Resultat(utloesere, problemer);
        }
        List<Path> filer;
        try (Stream<Path> s = Files.list(mappe)) {
            filer = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            return new Resultat(utloesere, List.of(new Problem(mappe, "cannot list: " + e.getMessage())));
        }
        for (Path fil : filer) {
            problemer.addAll(les(fil, avsendersystemer, fagsystemer, utloesere));
        }
        return new Resultat(utloesere, problemer);
    }

    private static List<Problem> les(Path fil, Collection<String> avsendersystemer, Fagsystemer fagsystemer, List<Utloeser> utloesere) {
        String tekst;
        YamlPosisjoner at;
        try {
            tekst = Files.readString(fil, StandardCharsets.UTF_8);
            at = YamlPosisjoner.les(tekst);
        } catch (IOException e) {
            return List.of(new Problem(fil, "cannot read: " + e.getMessage()));
        } catch (YamlPosisjoner.UgyldigYaml e) {
            return List.of(new Problem(fil, e.posisjon().linje(), e.posisjon().kolonne(), e.grunn()));
        }
        List<Problem> problemer = new ArrayList<>();
        for (YamlPosisjoner.UkjentNoekkel u : at.ukjenteNoekler(Utloeserfil.class)) {
            problemer.add(problem(fil, u.posisjon(), "unknown key '" + u.noekkel() + "'"
                    + (u.path().isEmpty() ? "" : " in " + u.path())));
        }
        Utloeserfil raw;
        try {
            raw = YAML.readValue(tekst, Utloeserfil.class);
        } catch (JsonProcessingException e) {
            problemer.add(problem(fil, Posisjon.av(e).orElse(Posisjon.START), "cannot read the trigger: " + e.getOriginalMessage()));
            return problemer;
        }
        if (raw == null) {
            problemer.add(problem(fil, Posisjon.START, "the file is empty"));
            return problemer;
        }
        String navn = fil.getFileName().toString().replaceFirst("\\.yaml$", "");
        if (!NAVN.matcher(navn).matches()) {
            problemer.add(problem(fil, Posisjon.START, "file name must be <name>.yaml with name in lower case letters, digits and '-' (at most 40)"));
        }
        Set<String> typer = new LinkedHashSet<>();
        Integer fyllerAar = raw.datoregel() == null ? null : raw.datoregel().fyllerAar();
        MonthDay foer = null;
        Utloeser.Datokilde kilde = null;
        boolean harTyper = raw.hendelsestyper() != null && !raw.hendelsestyper().isEmpty();
        if (raw.datoregel() != null && harTyper) {
            problemer.add(problem(fil, at.av("datoregel"), "a trigger has either hendelsestyper or datoregel, not both"));
        } else if (raw.datoregel() != null) {
            if (fyllerAar == null || fyllerAar < 0 || fyllerAar > 120) {
                problemer.add(problem(fil, at.av("datoregel.fyllerAar"), "datoregel.fyllerAar must be an age in whole years, 0 to 120"));
            }
            if (raw.datoregel().foer() != null) {
                try {
                    foer = MonthDay.parse("--" + raw.datoregel().foer());
                } catch (DateTimeParseException e) {
                    problemer.add(problem(fil, at.av("datoregel.foer"), "datoregel.foer must be a day of the year as MM-DD, e.g. \"08-01\", not '"
                            + raw.datoregel().foer() + "'"));
                }
            }
            if (raw.datoregel().kilde() == null) {
                problemer.add(problem(fil, at.av("datoregel"), "datoregel.kilde is missing: UTTREKK (Folkeregisteret's extract of the kommune) or HENDELSER (the persons the feed has named)"));
            } else {
                try {
                    kilde = Utloeser.Datokilde.valueOf(raw.datoregel().kilde().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problemer.add(problem(fil, at.av("datoregel.kilde"), "datoregel.kilde must be UTTREKK or HENDELSER, not '" + raw.datoregel().kilde() + "'"));
                }
            }
        } else if (!harTyper) {
            problemer.add(problem(fil, at.av("hendelsestyper"), "hendelsestyper is missing: name at least one event type (or a datoregel)"));
        } else {
            for (int i = 0; i < raw.hendelsestyper().size(); i++) {
                String t = raw.hendelsestyper().get(i);
                if (Hendelsestype.fromRegisterName(t) == Hendelsestype.UKJENT) {
                    problemer.add(problem(fil, at.av("hendelsestyper[" + i + "]"), "unknown event type '" + t
                            + "' (Folkeregisteret's Hendelsestype, e.g. personErOpprettet, endringIBostedsadresse)"));
                } else {
                    typer.add(t);
                }
            }
        }
        Utloeser.Betingelser betingelser = betingelser(raw.betingelser(), fil, at, problemer);
        if (raw.datoregel() != null && betingelser.flyttetInn()) {
            problemer.add(problem(fil, at.av("betingelser.flyttetInn"), "flyttetInn needs an event (a move); a datoregel has none"));
        }
        if (kilde == Utloeser.Datokilde.UTTREKK && betingelser.kommunenummer() == null) {
            problemer.add(problem(fil, at.av("datoregel.kilde"), "a datoregel with kilde UTTREKK needs betingelser.kommune: the extract is of one kommune's residents"));
        }
        Utloeser.Mottaker mottaker = null;
        Utloeser.Mal mal = null;
        Utloeser.Melding melding = null;
        Brevtype brevtype = null;
        if (raw.melding() != null) {
            melding = melding(raw, fil, at, fagsystemer, problemer);
        } else {
            if (raw.mottaker() == null) {
                problemer.add(problem(fil, at.av("mottaker"), "mottaker is missing: PERSON or FORELDRE (or a melding to a fagsystem instead of a letter)"));
            } else {
                try {
                    mottaker = Utloeser.Mottaker.valueOf(raw.mottaker().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problemer.add(problem(fil, at.av("mottaker"), "mottaker must be PERSON or FORELDRE, not '" + raw.mottaker() + "'"));
                }
            }
            if (raw.avsenderSystem() == null || raw.avsenderSystem().isBlank()) {
                problemer.add(problem(fil, at.av("avsenderSystem"), "avsenderSystem is missing: the sender system the letter counts as"));
            } else if (avsendersystemer != null && !avsendersystemer.contains(raw.avsenderSystem())) {
                problemer.add(problem(fil, at.av("avsenderSystem"), "avsenderSystem '" + raw.avsenderSystem()
                        + "' is not a sender system of the letter intake (forsendelse.avsendersystemer)"));
            }
            if (raw.brevtype() == null) {
                problemer.add(problem(fil, at.av("brevtype"), "brevtype is missing: FORMELL or TJENESTEMELDING"));
            } else {
                try {
                    brevtype = Brevtype.valueOf(raw.brevtype().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    problemer.add(problem(fil, at.av("brevtype"), "brevtype must be FORMELL or TJENESTEMELDING, not '" + raw.brevtype() + "'"));
                }
            }
            mal = mal(raw.mal(), brevtype, fil, at, problemer);
            // a PERSON trigger fires for adults only (Utloeserregel.MYNDIG): one for children alone would never fire
            if (mottaker == Utloeser.Mottaker.PERSON && betingelser.alderTil() != null && betingelser.alderTil() < Utloeserregel.MYNDIG) {
                problemer.add(problem(fil, at.av("betingelser.alder.til"), "mottaker PERSON writes to adults only (a letter about a child goes to"
                        + " the parents with foreldreansvar: mottaker FORELDRE); alder.til " + betingelser.alderTil() + " lets no adult in"));
            }
            if (mottaker == Utloeser.Mottaker.PERSON && fyllerAar != null && fyllerAar < Utloeserregel.MYNDIG) {
                problemer.add(problem(fil, at.av("datoregel.fyllerAar"), "mottaker PERSON writes to adults only (a letter about a child goes to"
                        + " the parents with foreldreansvar: mottaker FORELDRE); no one turning " + fyllerAar + " is an adult"));
            }
        }
        if (raw.aktiv() == null) {
            problemer.add(problem(fil, at.av("aktiv"), "aktiv is missing: true or false, so switching a trigger on is a deliberate act"));
        }
        if (problemer.isEmpty()) {
            utloesere.add(new Utloeser(navn, typer, fyllerAar, foer, kilde, betingelser, mottaker, mal, melding,
                    melding == null ? raw.avsenderSystem() : null, brevtype, raw.aktiv(), fil));
        }
        return problemer;
    }

    private static Utloeser.Betingelser betingelser(Utloeserfil.Betingelser b, Path fil, YamlPosisjoner at, List<Problem> problemer) {
        if (b == null) {
            return new Utloeser.Betingelser(null, null, null, false);
        }
        if (b.kommune() != null && !KOMMUNENUMMER.matcher(b.kommune()).matches()) {
            problemer.add(problem(fil, at.av("betingelser.kommune"), "kommune must be a four-digit kommunenummer in quotes, e.g. \"4601\""));
        }
        Integer fra = b.alder() == null ? null : b.alder().fra();
        Integer til = b.alder() == null ? null : b.alder().til();
        if ((fra != null && fra < 0) || (til != null && til < 0)) {
            problemer.add(problem(fil, at.av("betingelser.alder"), "alder: fra and til are whole years, 0 or more"));
        } else if (fra != null && til != null && fra > til) {
            problemer.add(problem(fil, at.av("betingelser.alder.fra"), "alder: fra (" + fra + ") is greater than til (" + til + ")"));
        }
        boolean flyttetInn = Boolean.TRUE.equals(b.flyttetInn());
        if (flyttetInn && b.kommune() == null) {
            problemer.add(problem(fil, at.av("betingelser.flyttetInn"), "flyttetInn needs betingelser.kommune: moved into which kommune"));
        }
        return new Utloeser.Betingelser(b.kommune(), fra, til, flyttetInn);
    }

    private static Utloeser.Mal mal(Utloeserfil.Mal m, Brevtype brevtype, Path fil, YamlPosisjoner at, List<Problem> problemer) {
        if (m == null) {
            problemer.add(problem(fil, at.av("mal"), "mal is missing: tittel and tekst of the letter"));
            return null;
        }
        if (m.tittel() == null || m.tittel().isBlank()) {
            problemer.add(problem(fil, at.av("mal.tittel"), "mal.tittel is missing"));
        } else if (m.tittel().length() > MAKS_TITTEL) {
            problemer.add(problem(fil, at.av("mal.tittel"), "mal.tittel is longer than " + MAKS_TITTEL + " characters"));
        }
        if (m.tekst() == null || m.tekst().isBlank()) {
            problemer.add(problem(fil, at.av("mal.tekst"), "mal.tekst is missing"));
            return null;
        }
        if (m.varseltekst() != null) {
            if (brevtype == Brevtype.FORMELL) {
                problemer.add(problem(fil, at.av("mal.varseltekst"), "mal.varseltekst is for brevtype TJENESTEMELDING only: a formal letter never goes by SMS/e-mail"));
            } else if (m.varseltekst().isBlank()) {
                problemer.add(problem(fil, at.av("mal.varseltekst"), "mal.varseltekst is empty: leave it out to send the title"));
            } else if (m.varseltekst().strip().length() > InnleveringValidator.MAKS_VARSELTEKST) {
                problemer.add(problem(fil, at.av("mal.varseltekst"), "mal.varseltekst is " + m.varseltekst().strip().length() + " characters; an SMS/e-mail text is at most "
                        + InnleveringValidator.MAKS_VARSELTEKST + " (with the placeholders filled)"));
            }
        }
        for (String felt : List.of("tittel", "tekst", "varseltekst")) {
            String verdi = switch (felt) {
                case "tittel" -> m.tittel();
                case "tekst" -> m.tekst();
                default -> m.varseltekst();
            };
            if (verdi == null) {
                continue;
            }
            Matcher x = PLASSHOLDER.matcher(verdi);
            while (x.find()) {
                if (!PLASSHOLDERE.contains(x.group(1))) {
                    problemer.add(problem(fil, at.iVerdi("mal." + felt, Posisjon.iTekst(verdi, x.start())),
                            "unknown placeholder {" + x.group(1) + "}; known: {navn}, {fornavn}, {kommune}"));
                }
            }
        }
        return new Utloeser.Mal(m.tittel(), m.tekst(), m.varseltekst() == null ? null : m.varseltekst().strip());
    }

    /**
     * A message to a fagsystem instead of a letter: a registered fagsystem with a direct channel, a mapping file of
     * its own under the mappings folder (compiled, its golden examples run with the cases that fagsystem's registration
     * needs), an event to be about, and none of the letter's keys.
     */
    private static Utloeser.Melding melding(Utloeserfil raw, Path fil, YamlPosisjoner at, Fagsystemer fagsystemer, List<Problem> problemer) {
        Map<String, Object> brevnoekler = new LinkedHashMap<>();
        brevnoekler.put("mottaker", raw.mottaker());
        brevnoekler.put("mal", raw.mal());
        brevnoekler.put("avsenderSystem", raw.avsenderSystem());
        brevnoekler.put("brevtype", raw.brevtype());
        brevnoekler.forEach((noekkel, verdi) -> {
            if (verdi != null) {
                problemer.add(problem(fil, at.av(noekkel), noekkel + " belongs to a letter: a trigger with melding sends no letter, leave it out"));
            }
        });
        if (raw.datoregel() != null) {
            problemer.add(problem(fil, at.av("melding"), "a melding is about an event: it needs hendelsestyper, not a datoregel"));
        }
        Utloeserfil.Melding m = raw.melding();
        Fagsystem fagsystem = null;
        if (m.fagsystem() == null || m.fagsystem().isBlank()) {
            problemer.add(problem(fil, at.av("melding"), "melding.fagsystem is missing: the id of a registration in config/fagsystemer"));
        } else {
            fagsystem = fagsystemer.registreringer().stream().filter(f -> f.id().equals(m.fagsystem())).findFirst().orElse(null);
            if (fagsystem == null) {
                problemer.add(problem(fil, at.av("melding.fagsystem"), "melding.fagsystem '" + m.fagsystem() + "' is not a registered fagsystem (config/fagsystemer)"));
            } else if (fagsystem.levering() instanceof Fagsystem.Sftp) {
                problemer.add(problem(fil, at.av("melding.fagsystem"), "fagsystem '" + m.fagsystem()
                        + "' is delivered by batch file (levering.sftp); a trigger's message needs a direct channel: kafka, jms or http"));
                fagsystem = null;
            }
        }
        if (m.mapping() == null || m.mapping().isBlank()) {
            problemer.add(problem(fil, at.av("melding"), "melding.mapping is missing: a mapping file under " + fagsystemer.mappingsDir()));
            return null;
        }
        Posisjon sted = at.av("melding.mapping");
        Mappingfil sti = Mappingfil.under(fagsystemer.mappingsDir(), m.mapping());
        MappingFormat format = Arrays.stream(MappingFormat.values()).filter(f -> m.mapping().endsWith(Mappings.expectedSuffix(f))).findFirst().orElse(null);
        if (!sti.innenfor()) {
            problemer.add(problem(fil, sted, "melding.mapping '" + m.mapping() + "' must be inside " + fagsystemer.mappingsDir()));
            return null;
        }
        if (format != MappingFormat.JSON && format != MappingFormat.XML) {
            problemer.add(problem(fil, sted, "melding.mapping must be a .jsonata (JSON) or .xsl (XML) file: a message is one document"));
            return null;
        }
        Path mappingFil = sti.fil();
        if (!sti.finnes()) {
            problemer.add(problem(fil, sted, "mapping file " + mappingFil + " does not exist"));
            return null;
        }
        if (fagsystemer.registreringer().stream().anyMatch(f -> f.mapping().file().toAbsolutePath().normalize().getParent().equals(mappingFil.toAbsolutePath().normalize().getParent()))) {
            problemer.add(problem(fil, sted, "melding.mapping must be in a folder of its own (mappings/<name>/ with its examples/), not a registration's"));
            return null;
        }
        Mapping mapping = FagsystemLoader.kompiler(mappingFil, format, fil, sted, problemer);
        if (mapping == null || fagsystem == null) {
            return null;
        }
        problemer.addAll(Eksempler.sjekk(mappingFil, fagsystem, mapping, fil, sted));
        return new Utloeser.Melding(fagsystem.id(), mapping);
    }

    private static Problem problem(Path fil, Posisjon p, String grunn) {
        return new Problem(fil, p.linje(), p.kolonne(), grunn);
    }
}
