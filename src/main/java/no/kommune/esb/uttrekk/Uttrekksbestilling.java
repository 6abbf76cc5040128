package no.kommune.esb.uttrekk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.folkeregister.UttrekkKriterier;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.Relasjon;
import no.kommune.esb.model.UgyldigVerdiException;
import org.springframework.scheduling.support.CronExpression;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An extract order: a file {@code config/uttrekk/<navn>.yaml} or the body of {@code POST /api/uttrekk}
 * (docs/uttrekk.md lists every key). Read with {@link #les}, which names the first wrong key.
 *
 * @param navn        the order's name (the file's name; a one-off order's own)
 * @param fagsystem   the registration that owns the extract: it decides what the rows may hold (data minimisation)
 * @param tittel      heading of a list; {@code {aar}} and {@code {dato}} are replaced by the extract's year and date
 * @param kriterier   Folkeregisteret's tilpasset uttrekk criteria (the register selects)
 * @param etterfilter criteria the platform applies to each person after the bulk look-up
 * @param relaterte   related persons attached to each row (a subset of the registration's relatertePersoner.roller)
 * @param format      the {@code Uttrekksformat} bean's name, e.g. CSV, PDF_LISTE
 * @param innstillinger format settings, e.g. {@code mapping} for CSV
 * @param levering    where the file goes
 * @param plan        Spring cron (six fields, Europe/Oslo) for a scheduled order; null = on demand only
 */
public record Uttrekksbestilling(String navn, String fagsystem, String tittel, Kriterier kriterier, Etterfilter etterfilter,
                                 Set<Relasjon> relaterte, String format, Map<String, String> innstillinger, Levering levering,
                                 String plan) {

    private static final Pattern NAVN = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern ELLEVE_SIFFER = Pattern.compile("\\d{11}");
    private static final Pattern MAPPE = Pattern.compile("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*");
    private static final Set<String> NOEKLER = Set.of("navn", "fagsystem", "tittel", "kriterier", "etterfilter", "relaterte",
            "format", "innstillinger", "levering", "plan");
    private static final Set<String> KRITERIE_NOEKLER = Set.of("personstatustyper", "bostedskommunenummer", "oppholdskommunenummer",
            "foedselsaarFraOgMed", "foedselsaarTilOgMed", "doedsaarFraOgMed", "doedsaarTilOgMed", "kjoenn", "statsborgerskap", "sivilstandstype");

    public Uttrekksbestilling {
        relaterte = relaterte.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(relaterte));
        innstillinger = Map.copyOf(innstillinger);
    }

    /** Where the finished file goes. */
    public sealed interface Levering permits Sftp, Kafka, Api {
    }

    /** To the fagsystem's folder on the platform's SFTP server, written under a temporary name and renamed. */
    public record Sftp(String folder) implements Levering {
    }

    /** One record per row on a Kafka topic, keyed {@code <uttrekk id>:<row number>}, then an end record ({@link UttrekkKafka}). */
    public record Kafka(String topic) implements Levering {
    }

    /** Kept for {@code GET /api/uttrekk/{id}/fil}. */
    public record Api() implements Levering {
    }

    /** A wrong order: the message names the key and the reason; {@link #sti()} is where, e.g. {@code kriterier.kjoenn}. */
    public static class UgyldigBestillingException extends IllegalArgumentException {
        private final String sti;
        private final boolean ukjentNoekkel;

        public UgyldigBestillingException(String sti, String melding) {
            this(sti, melding, false);
        }

        private UgyldigBestillingException(String sti, String melding, boolean ukjentNoekkel) {
            super(melding);
            this.sti = sti;
            this.ukjentNoekkel = ukjentNoekkel;
        }

        /** True when {@link #sti()} is a key the order may not have: the place to show is the key, not its value. */
        public boolean ukjentNoekkel() {
            return ukjentNoekkel;
        }

        /** The key path in the order document ({@code levering.sftp.folder}, {@code relaterte[1]}); empty for the whole. */
        public String sti() {
            return sti;
        }
    }

    /** The register's criteria; years may be left out when {@link Etterfilter#fyllerAar()} gives them. */
    public record Kriterier(List<String> personstatustyper, String bostedskommunenummer, String oppholdskommunenummer,
                            Integer foedselsaarFraOgMed, Integer foedselsaarTilOgMed, Integer doedsaarFraOgMed,
                            Integer doedsaarTilOgMed, String kjoenn, String statsborgerskap, String sivilstandstype) {

        /** The register order for an extract dated {@code dato}: "turns N this year" narrows the birth years to one. */
        public UttrekkKriterier forDato(LocalDate dato, Etterfilter etterfilter) {
            Integer fra = foedselsaarFraOgMed;
            Integer til = foedselsaarTilOgMed;
            if (etterfilter.fyllerAar() != null) {
                int aar = dato.getYear() - etterfilter.fyllerAar();
                fra = fra == null ? aar : Math.max(fra, aar);
                til = til == null ? aar : Math.min(til, aar);
            }
            return new UttrekkKriterier(personstatustyper, bostedskommunenummer, oppholdskommunenummer, fra, til,
                    doedsaarFraOgMed, doedsaarTilOgMed, kjoenn, statsborgerskap, sivilstandstype);
        }
    }

    /**
     * Reads an order. {@code standardNavn} is used when the document has no {@code navn} (a file: its name).
     *
     * @throws IllegalArgumentException naming the key and the reason
     */
    public static Uttrekksbestilling les(JsonNode d, String standardNavn) {
        if (d == null || !d.isObject()) {
            throw new UgyldigBestillingException("", "an order is an object with fagsystem, kriterier, format and levering");
        }
        ukjente(d, NOEKLER, "");
        String navn = tekst(d, "navn", standardNavn);
        if (navn == null || !NAVN.matcher(navn).matches()) {
            throw new UgyldigBestillingException("navn", "navn must be 1-63 of a-z, 0-9 and '-'");
        }
        if (ELLEVE_SIFFER.matcher(navn).find()) {
            // the name goes into the file's name, the status API and the log lines: never an identity number
            throw new UgyldigBestillingException("navn", "navn must not hold 11 digits in a row (an identity number never goes in a file name)");
        }
        String fagsystem = paakrevd(d, "fagsystem");
        Kriterier kriterier = kriterier(d.path("kriterier"));
        Etterfilter etterfilter = etterfilter(d.path("etterfilter"));
        try {
            kriterier.forDato(LocalDate.of(2000, 1, 1), etterfilter);
        } catch (IllegalArgumentException e) {
            throw new UgyldigBestillingException(sti("kriterier", e), "kriterier: " + e.getMessage());
        }
        Set<Relasjon> relaterte = new LinkedHashSet<>();
        int i = 0;
        for (JsonNode r : liste(d, "relaterte")) {
            try {
                relaterte.add(Relasjon.valueOf(r.asText()));
            } catch (IllegalArgumentException e) {
                throw new UgyldigBestillingException("relaterte[" + i + "]", "relaterte: unknown role '" + r.asText() + "', expected one of "
                        + List.of(Relasjon.values()));
            }
            i++;
        }
        String format = paakrevd(d, "format").toUpperCase(java.util.Locale.ROOT);
        Map<String, String> innstillinger = new LinkedHashMap<>();
        JsonNode inn = d.path("innstillinger");
        if (!inn.isMissingNode() && !inn.isNull()) {
            if (!inn.isObject()) {
                throw new UgyldigBestillingException("innstillinger", "innstillinger must be an object of texts");
            }
            inn.fields().forEachRemaining(e -> innstillinger.put(e.getKey(), e.getValue().asText()));
        }
        String plan = tekst(d, "plan", null);
        if (plan != null && !CronExpression.isValidExpression(plan)) {
            throw new UgyldigBestillingException("plan", "plan must be a Spring cron expression with six fields (second minute hour day month weekday)");
        }
        String tittel = tekst(d, "tittel", navn);
        String ulovlig = no.kommune.esb.forsendelse.mottak.Teksttegn.ugyldig(tittel, no.kommune.esb.forsendelse.mottak.Teksttegn.Felt.TEKST);
        if (ulovlig != null) {
            // printed on the PDF list and as the sheet's name, stored with the run (PostgreSQL refuses a NUL in text)
            throw new UgyldigBestillingException("tittel", "tittel kan ikke ha " + ulovlig);
        }
        return new Uttrekksbestilling(navn, fagsystem, tittel, kriterier, etterfilter, relaterte, format,
                innstillinger, levering(d.path("levering")), plan);
    }

    /**
     * True when the order chooses persons by where they live beyond what the registration's population already says:
     * a catchment ({@link Etterfilter#etterBosted()}), an {@code oppholdskommunenummer}, or a {@code bostedskommunenummer}
     * other than a kommune registration's own kommune (a portfolio's members are not known by kommune). Such a list
     * would tell where a person with a withheld residence lives (DOMAIN.md rule 5: the kommune is withheld with the
     * address), so the run leaves them out of it.
     */
    public boolean etterBosted(Fagsystem.Populasjon populasjon) {
        if (etterfilter.etterBosted() || kriterier.oppholdskommunenummer() != null) {
            return true;
        }
        String kommune = kriterier.bostedskommunenummer();
        return kommune != null && !(populasjon instanceof Fagsystem.Kommune k && kommune.equals(k.kommunenummer()));
    }

    /** The order as a document {@link #les} reads back: what a run stores, so a later edit of the file does not change it. */
    public ObjectNode tilJson() {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("navn", navn).put("fagsystem", fagsystem).put("tittel", tittel);
        ObjectNode k = d.putObject("kriterier");
        kriterier.personstatustyper().forEach(k.putArray("personstatustyper")::add);
        putIf(k, "bostedskommunenummer", kriterier.bostedskommunenummer());
        putIf(k, "oppholdskommunenummer", kriterier.oppholdskommunenummer());
        putIf(k, "foedselsaarFraOgMed", kriterier.foedselsaarFraOgMed());
        putIf(k, "foedselsaarTilOgMed", kriterier.foedselsaarTilOgMed());
        putIf(k, "doedsaarFraOgMed", kriterier.doedsaarFraOgMed());
        putIf(k, "doedsaarTilOgMed", kriterier.doedsaarTilOgMed());
        putIf(k, "kjoenn", kriterier.kjoenn());
        putIf(k, "statsborgerskap", kriterier.statsborgerskap());
        putIf(k, "sivilstandstype", kriterier.sivilstandstype());
        ObjectNode e = d.putObject("etterfilter");
        putIf(e, "fyllerAar", etterfilter.fyllerAar());
        new java.util.TreeSet<>(etterfilter.postnumre()).forEach(e.putArray("postnummer")::add);
        new java.util.TreeSet<>(etterfilter.adressenavn()).forEach(e.putArray("adressenavn")::add);
        new java.util.TreeSet<>(relaterte).forEach(r -> d.withArray("relaterte").add(r.name()));
        d.put("format", format);
        ObjectNode inn = d.putObject("innstillinger");
        innstillinger.forEach(inn::put);
        ObjectNode l = d.putObject("levering");
        if (levering instanceof Sftp s) {
            l.putObject("sftp").put("folder", s.folder());
        } else if (levering instanceof Kafka kafka) {
            l.putObject("kafka").put("topic", kafka.topic());
        } else {
            l.putObject("api");
        }
        putIf(d, "plan", plan);
        return d;
    }

    private static void putIf(ObjectNode o, String felt, Object v) {
        if (v instanceof Integer i) {
            o.put(felt, i);
        } else if (v != null) {
            o.put(felt, v.toString());
        }
    }

    private static Kriterier kriterier(JsonNode k) {
        if (!k.isObject()) {
            throw new UgyldigBestillingException("kriterier", "kriterier is required: at least personstatustyper");
        }
        ukjente(k, KRITERIE_NOEKLER, "kriterier.");
        List<String> statuser = new ArrayList<>();
        for (JsonNode s : liste(k, "personstatustyper", "kriterier.")) {
            statuser.add(s.asText());
        }
        for (String felt : List.of("bostedskommunenummer", "oppholdskommunenummer")) {
            String nr = tekst(k, felt, null);
            if (nr != null && !nr.matches("\\d{4}")) {
                throw new UgyldigBestillingException("kriterier." + felt, "kriterier: " + felt + " must be a four-digit kommunenummer in quotes, e.g. \"4601\"");
            }
        }
        try {
            return new Kriterier(statuser, tekst(k, "bostedskommunenummer", null), tekst(k, "oppholdskommunenummer", null),
                    aar(k, "foedselsaarFraOgMed"), aar(k, "foedselsaarTilOgMed"), aar(k, "doedsaarFraOgMed"), aar(k, "doedsaarTilOgMed"),
                    tekst(k, "kjoenn", null), tekst(k, "statsborgerskap", null), tekst(k, "sivilstandstype", null));
        } catch (UgyldigBestillingException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UgyldigBestillingException(sti("kriterier", e), "kriterier: " + e.getMessage());
        }
    }

    private static Etterfilter etterfilter(JsonNode e) {
        if (e.isMissingNode() || e.isNull()) {
            return Etterfilter.INGEN;
        }
        Set<String> noekler = Set.of("fyllerAar", "postnummer", "adressenavn");
        ukjente(e, noekler, "etterfilter.");
        Set<String> postnumre = new LinkedHashSet<>();
        liste(e, "postnummer", "etterfilter.").forEach(p -> postnumre.add(p.asText()));
        Set<String> gater = new LinkedHashSet<>();
        liste(e, "adressenavn", "etterfilter.").forEach(p -> gater.add(p.asText()));
        try {
            return new Etterfilter(e.hasNonNull("fyllerAar") ? e.get("fyllerAar").asInt() : null, postnumre, gater);
        } catch (IllegalArgumentException x) {
            throw new UgyldigBestillingException(sti("etterfilter", x), "etterfilter: " + x.getMessage());
        }
    }

    private static Levering levering(JsonNode l) {
        if (!l.isObject() || l.size() != 1) {
            throw new UgyldigBestillingException("levering", "levering must name exactly one of sftp, kafka, api");
        }
        if (l.has("sftp")) {
            String folder = tekst(l.path("sftp"), "folder", null);
            if (folder == null || !MAPPE.matcher(folder).matches()) {
                throw new UgyldigBestillingException("levering.sftp.folder", "levering.sftp.folder must be a relative folder of letters, digits, '_', '-' and '/'");
            }
            return new Sftp(folder);
        }
        if (l.has("kafka")) {
            String topic = tekst(l.path("kafka"), "topic", null);
            if (topic == null || !topic.matches("[A-Za-z0-9._-]{1,200}")) {
                throw new UgyldigBestillingException("levering.kafka.topic", "levering.kafka.topic must be a Kafka topic name");
            }
            return new Kafka(topic);
        }
        if (l.has("api")) {
            return new Api();
        }
        throw new UgyldigBestillingException("levering", "levering must name exactly one of sftp, kafka, api");
    }

    private static void ukjente(JsonNode d, Set<String> kjente, String prefiks) {
        for (Iterator<String> it = d.fieldNames(); it.hasNext(); ) {
            String n = it.next();
            if (!kjente.contains(n)) {
                throw new UgyldigBestillingException(prefiks + n, "unknown key '" + prefiks + n + "'" + (prefiks.equals("kriterier.")
                        ? "; the register's criteria are " + new java.util.TreeSet<>(kjente) : ""), true);
            }
        }
    }

    private static Iterable<JsonNode> liste(JsonNode d, String felt) {
        return liste(d, felt, "");
    }

    private static Iterable<JsonNode> liste(JsonNode d, String felt, String prefiks) {
        JsonNode v = d.path(felt);
        if (v.isMissingNode() || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new UgyldigBestillingException(prefiks + felt, prefiks + felt + " must be a list");
        }
        return v;
    }

    /** The key of the value a record refused, under {@code seksjon}; the section itself when the record did not say. */
    private static String sti(String seksjon, IllegalArgumentException e) {
        return e instanceof UgyldigVerdiException u ? seksjon + "." + u.felt() : seksjon;
    }

    private static String paakrevd(JsonNode d, String felt) {
        String v = tekst(d, felt, null);
        if (v == null) {
            throw new UgyldigBestillingException(felt, felt + " is required");
        }
        return v;
    }

    private static String tekst(JsonNode d, String felt, String standard) {
        JsonNode v = d.path(felt);
        return v.isMissingNode() || v.isNull() || v.asText().isBlank() ? standard : v.asText().strip();
    }

    private static Integer aar(JsonNode d, String felt) {
        JsonNode v = d.path(felt);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (!v.canConvertToInt() && !v.asText().matches("\\d{4}")) {
            throw new UgyldigBestillingException("kriterier." + felt, "kriterier: " + felt + " must be a year");
        }
        return v.isNumber() ? v.asInt() : Integer.parseInt(v.asText());
    }
}
