package no.kommune.esb.hendelser.flyt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.hendelser.Dataminimering;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.Hendelsesdokument;
import no.kommune.esb.model.Familierelasjon;
import no.kommune.esb.model.Foreldreansvar;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ColumnMapRowMapper;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

import java.io.IOException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The fan-out batch's screening of what was stored before the register graded a person: the addresses of a protected
 * person leave the stored delivery rows and dead letters of every fagsystem that may not see them (DOMAIN.md rule 5),
 * in the batch that learnt of the grading ({@link HendelseFordeler#fordel()}).
 */
final class Adressetilbakeholding {

    // the log line keeps the fan-out's logger name
    private static final Logger log = LoggerFactory.getLogger(HendelseFordeler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The rows naming one of these numbers among their owners ({@code levering.eiere}, V55): another owner's property
     * units at a protected co-owner's home. One query for the batch, whatever the rows' person, through the partial GIN
     * index levering_eiere_idx (no row stored before V55 has the column).
     */
    static final String MEDEIERE = """
            select l.sekvensnummer, l.fagsystem, l.melding, l.dokument, h.identifikator, l.eiere, l.naere from levering l
              left join hendelse h on h.sekvensnummer = l.sekvensnummer
             where l.eiere && ?::text[] and l.eiere is not null""";

    /**
     * The rows naming one of these numbers (as the row's own person, {@link Hendelsesdokument#PERSON}, as a related
     * person, or as a delt bosted's parent, {@link Hendelsesdokument#DELT_BOSTED_HOS}) among the persons whose home their
     * document still shows ({@code levering.naere}, V56): her own rows and her relatives' rows that still hold her
     * address, whatever her own record says of those relatives, and no row the screening has already stripped. One
     * query for the batch through the partial GIN index levering_naere_idx.
     */
    static final String NAERE = """
            select l.sekvensnummer, l.fagsystem, l.melding, l.dokument, h.identifikator, l.eiere, l.naere from levering l
              left join hendelse h on h.sekvensnummer = l.sekvensnummer
             where l.naere && ?::text[] and cardinality(l.naere) > 0""";

    /**
     * The rows of these persons stored before V56 (no {@code levering.naere}): the protected persons' own rows and their
     * relatives' (by her record), every one of them, as the screening read them until session 26.
     */
    static final String UTEN_NAERE = """
            select l.sekvensnummer, l.fagsystem, l.melding, l.dokument, h.identifikator, l.eiere, l.naere from levering l
              join hendelse h on h.sekvensnummer = l.sekvensnummer
             where h.identifikator = any(?) and l.naere is null""";

    private final JdbcTemplate jdbc;
    private final FagsystemRegistry registry;
    private final MeterRegistry metrics;

    Adressetilbakeholding(JdbcTemplate jdbc, FagsystemRegistry registry, MeterRegistry metrics) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.metrics = metrics;
    }

    /**
     * Rows still waiting (a batch file's, a retry's) that were made before the register graded their person, and
     * that a fagsystem may no longer see the address of: their stored documents lose every address now, in the batch
     * that learnt of the grading (DOMAIN.md rule 5: never mapped to a fagsystem). Rows that failed for good (FEILET),
     * were delivered or skipped too (their stored document is the record of what went; it keeps no address once the
     * platform knows), and every dead letter of the person's deliveries ({@link #tilbakeholdIDeadLetters}: rule 5,
     * never stored once the platform knows). Asked only for persons whose residence is protected (a few per batch); a row being
     * delivered right now is waited for, and if it went it went before the platform knew. The same for a protected
     * person's entry in a related person's rows and dead letters (a child's document holds its parents' addresses; the
     * register need not grade a child who does not live with the protected parent): that entry loses its addresses,
     * the rest stays. Such rows are found by the other persons whose home they may show ({@code levering.naere}, V56:
     * {@link #NAERE}, one query through its GIN index, whatever the protected person's own record names), and her
     * entry is known by its place there ({@link Hendelsesdokument#tilbakeholdNaere}); rows stored before V56 by the
     * protected persons' relatives and their roles ({@link Skjerming}; until session 26 every row, which read every
     * stored row of every relative and missed a relative her record does not name; until session 25 only the
     * protected person's own rows were screened). And a
     * protected co-owner's entry in another owner's stored property units (the units at that owner's home list her by
     * name; she need not be a relative): the rows whose owners' numbers ({@code levering.eiere}, V55) hold hers, found
     * in one query per batch through their GIN index, and their dead letters; her entry becomes {@code {"skjermet":
     * true, "andel"}} ({@link Hendelsesdokument#skjermEiere}; until session 25 such rows were not read). Returns the
     * numbers of the protected persons it screened for (every number of each), each with whether no fagsystem may see
     * her home (strengt fortrolig): what {@link Skjermingsvakt} records for the writers whose look-ups came before.
     */
    Map<String, Boolean> tilbakeholdVentende(Map<Identitetsnummer, Person> personer) {
        if (Skjerming.av(personer.values()).beskyttet.isEmpty()) {
            return Map.of();
        }
        // her rows and her entries in others' rows stand under the number each was made under: a D-nummer the
        // fødselsnummer replaced too, which the batch's look-up (without history) does not name
        Skjerming skjerming = Skjerming.av(medKnyttedeNumre(personer));
        // what the screening reads: the numbers of protected persons a batch meets, and the stored rows still showing
        // their homes (docs/benchmarks.md, sessions 24 to 26)
        metrics.counter("esb.hendelser.fordeling.tilbakeholding.numre").increment(skjerming.beskyttetNumre().length);
        // the rows naming a protected person among the persons whose home they still show (NAERE: her own rows, a
        // relative's) or among their owners (MEDEIERE: another owner's property units at her home), every status: a
        // delivered or skipped row's stored document is kept too, and must not keep the address once the platform knows
        // (rule 5). Read without a lock, then only the rows that still hold an address are locked and read again:
        // locking every row of the persons made the batch wait for each delivery round sending one of them (session 24)
        List<Map<String, Object>> aaSkjerme = new ArrayList<>();
        // every row read, without its document, by its dead letters' reference: the dead letters are found from these
        // (tilbakeholdIDeadLetters), not by visiting the persons' rows a second time
        Map<String, Map<String, Object>> lest = new HashMap<>();
        // each row judged as it comes (a cursor of LESEBOLK rows), its document dropped: the batch read thousands of rows
        // with their documents into memory at once (the event benchmark's GC, session 25)
        RowCallbackHandler vurder = rs -> {
            Map<String, Object> rad = RADER.mapRow(rs, 0);
            String referanse = HendelseLeverer.deadLetterReferanse(((Number) rad.get("sekvensnummer")).longValue(),
                    (String) rad.get("fagsystem"), (String) rad.get("melding"));
            if (!lest.containsKey(referanse)) {
                byte[] dokument = dokument(rad);
                rad.remove("dokument");
                lest.put(referanse, rad);
                if (utenAdresser(rad, skjerming, dokument).isPresent()) {
                    aaSkjerme.add(rad);
                }
            }
        };
        // a person whose home fagsystems that may see protected addresses may see (fortrolig): their rows are not read,
        // nothing in them is to be withheld (most of what the screening read once strengt fortrolig rows were stripped)
        List<String> maaSe = registry.alle().stream().filter(f -> f.data().beskyttedeAdresser()).map(Fagsystem::id).toList();
        String[] strengt = skjerming.naereNumre(true);
        String[] ikkeStrengt = skjerming.naereNumre(false);
        if (strengt.length > 0) {
            utenTabellskanning(() -> stroem(NAERE, vurder, (Object) strengt));
        }
        if (ikkeStrengt.length > 0) {
            utenTabellskanning(() -> stroem(NAERE + " and l.fagsystem <> all(?)", vurder, ikkeStrengt, maaSe.toArray(String[]::new)));
        }
        utenTabellskanning(() -> stroem(MEDEIERE, vurder, (Object) skjerming.beskyttetNumre()));
        // rows stored before V56 (no naere column): by the numbers of the protected persons and their relatives, while
        // any remain; an index probe of the partial index levering_uten_naere_idx tells
        if (Boolean.TRUE.equals(jdbc.queryForObject("select exists (select 1 from levering where naere is null)", Boolean.class))) {
            Set<String> numre = new HashSet<>(skjerming.beskyttet.keySet());
            numre.addAll(skjerming.naere.keySet());
            utenTabellskanning(() -> stroem(UTEN_NAERE, vurder, (Object) numre.toArray(String[]::new)));
        }
        metrics.counter("esb.hendelser.fordeling.tilbakeholding.rader").increment(lest.size());
        int skjermet = 0;
        if (!aaSkjerme.isEmpty()) {
            // a row being delivered right now is waited for here; if it went, it went before the platform knew. Locked
            // and read again by primary key (the row's person from the read above): the look-up from the persons'
            // numbers visited all their rows a second time (session 25)
            Map<String, Object> personAv = new HashMap<>();
            aaSkjerme.forEach(rad -> personAv.put(noekkel(rad), rad.get("identifikator")));
            List<Map<String, Object>> laast = utenTabellskanning(() -> jdbc.queryForList("""
                    select l.sekvensnummer, l.fagsystem, l.melding, l.dokument, l.eiere, l.naere from levering l
                      join unnest(?::bigint[], ?::text[], ?::text[]) as k(s, f, m)
                        on l.sekvensnummer = k.s and l.fagsystem = k.f and l.melding = k.m
                       for update of l""",
                    aaSkjerme.stream().map(r -> ((Number) r.get("sekvensnummer")).longValue()).toArray(Long[]::new),
                    aaSkjerme.stream().map(r -> r.get("fagsystem")).toArray(String[]::new),
                    aaSkjerme.stream().map(r -> r.get("melding")).toArray(String[]::new)));
            List<Object[]> endringer = new ArrayList<>();
            for (Map<String, Object> rad : laast) {
                rad.put("identifikator", personAv.get(noekkel(rad)));
                // the row's naere and eiere lose whom it no longer shows: a later batch meeting her does not read it again
                utenAdresser(rad, skjerming, dokument(rad)).ifPresent(uten -> endringer.add(new Object[]{uten.toString(),
                        rad.get("naere") == null ? null : Hendelsesdokument.naereEtter(uten, tekster(rad.get("naere"))).toArray(String[]::new),
                        rad.get("eiere") == null ? null : Hendelsesdokument.eiereEtter(uten, tekster(rad.get("eiere"))).toArray(String[]::new),
                        rad.get("sekvensnummer"), rad.get("fagsystem"), rad.get("melding")}));
            }
            if (!endringer.isEmpty()) {
                jdbc.batchUpdate("update levering set dokument = ?, naere = ?, eiere = ? where sekvensnummer = ? and fagsystem = ? and melding = ?",
                        endringer);
            }
            skjermet = endringer.size();
        }
        skjermet += tilbakeholdIDeadLetters(skjerming, lest);
        if (skjermet > 0) {
            metrics.counter("esb.hendelser.fordeling.adresser-tilbakeholdt").increment(skjermet);
            log.info("Withheld the addresses of {} stored deliveries or dead letters made before their person's address was protected",
                    skjermet);
        }
        Map<String, Boolean> numre = new HashMap<>();
        skjerming.beskyttet.forEach((nummer, p) -> numre.put(nummer, !Dataminimering.bostedTillatt(p, true)));
        return numre;
    }

    /**
     * The batch's persons, each protected one with every number she is known by among her earlier ones: the number the
     * batch asked her by (the register answers a replaced number under the number in use) and those {@code
     * personidentitet} links to any of hers ({@link Personidentiteter#knyttede}, one query for the batch's protected persons; the
     * fan-out stores the batch's own links before the screening). The rows made before her number changed name the
     * number she had then, as the row's own person and as a relative in another person's rows. Until session 29 only
     * the numbers of the batch's answer counted (the number in use, as a look-up without history gives none earlier),
     * so those rows kept her address.
     */
    private List<Person> medKnyttedeNumre(Map<Identitetsnummer, Person> personer) {
        Map<Person, Set<Identitetsnummer>> numre = new java.util.LinkedHashMap<>();
        personer.forEach((spurt, p) -> {
            if (p != null && p.id() != null && !Dataminimering.bostedTillatt(p, false)) {
                Set<Identitetsnummer> egne = numre.computeIfAbsent(p, k -> new LinkedHashSet<>());
                egne.add(p.id());
                egne.addAll(p.tidligereIdentiteter());
                if (spurt != null) {
                    egne.add(spurt);
                }
            }
        });
        Map<Person, Set<String>> tekst = new java.util.LinkedHashMap<>();
        numre.forEach((p, egne) -> tekst.put(p, egne.stream().map(Identitetsnummer::value).collect(java.util.stream.Collectors.toCollection(LinkedHashSet::new))));
        Map<Person, Set<String>> medKnyttede = Personidentiteter.medKnyttede(jdbc, tekst);
        List<Person> alle = new ArrayList<>();
        for (Person p : personer.values()) {
            if (p == null) {
                continue;
            }
            Set<String> flere = medKnyttede.get(p);
            alle.add(flere == null ? p : p.medTidligereIdentiteter(
                    flere.stream().filter(Identitetsnummer::isValid).map(Identitetsnummer::of).toList()));
        }
        return alle;
    }

    /**
     * The dead letters ({@code hendelser-levering}) whose payload names a protected person: those of the rows the batch
     * read, by reference ({@link HendelseLeverer#deadLetterReferanse}: the dead_letter_levering_idx, V32), and those
     * whose own {@code eiere} or {@code naere} (V58: their row's when the dead letter was written) hold her numbers
     * (dead_letter_eiere_idx, dead_letter_naere_idx). One query, made only for a batch that met a protected person; the
     * source is in the text, not a parameter, so the partial indexes serve the prepared statement too.
     */
    static final String DEAD_LETTERS = """
            select d.id, d.referanse, d.payload, d.eiere, d.naere from dead_letter d
             where d.id in (select id from dead_letter where %1$s and referanse = any(?)
                            union all select id from dead_letter where %1$s and eiere && ?::text[] and cardinality(eiere) > 0
                            union all select id from dead_letter where %1$s and naere && ?::text[] and cardinality(naere) > 0)"""
            // each arm its own index: as one OR, a small table's plan read all of dead_letter_levering_idx instead
            .formatted("kilde = '%s' and payload is not null".formatted(HendelseLeverer.DEAD_LETTER_KILDE));

    /**
     * The dead letters naming these protected persons ({@link #DEAD_LETTERS}) whose fagsystem may not see the address
     * lose it from their own payload, whatever their row's status now: a replay puts a failed row back to waiting (and
     * it may be delivered since) while its dead letter keeps the document it failed with, and a row that failed, was
     * replayed and failed again has two. {@code rader}: the rows the batch read (the protected persons', those naming
     * them) by their dead letters' reference, which give a dead letter its person. Each dead letter is judged by whom
     * its payload names: its own {@code eiere}/{@code naere} (V58); one written before V58 by its row's, as read (a
     * payload whose entries do not match them, kept from before a replay, fails closed). Before V58 every dead
     * letter was found and judged by its row: one whose row a replay made again without her kept her name or address.
     */
    private int tilbakeholdIDeadLetters(Skjerming skjerming, Map<String, Map<String, Object>> rader) {
        // as the rows: read without a lock, then lock and read again only those that still hold an address
        Map<Object, Map<String, Object>> aaSkjerme = new java.util.LinkedHashMap<>();
        List<Map<String, Object>> funnet = utenTabellskanning(() -> jdbc.queryForList(DEAD_LETTERS,
                rader.keySet().toArray(String[]::new), skjerming.beskyttetNumre(), skjerming.naereNumre()));
        for (Map<String, Object> dl : funnet) {
            String referanse = (String) dl.get("referanse");
            Map<String, Object> rad = new HashMap<>();
            if (rader.containsKey(referanse)) {
                rad.putAll(rader.get(referanse));
            } else {
                // its row was not read, so its person is not protected: its fagsystem from the reference
                Optional<LeveringRedriver.Referanse> ref = LeveringRedriver.Referanse.les(referanse);
                if (ref.isEmpty()) {
                    continue;
                }
                rad.put("fagsystem", ref.get().fagsystem());
            }
            boolean egne = dl.get("eiere") != null;
            if (egne) {
                rad.put("eiere", dl.get("eiere"));
                rad.put("naere", dl.get("naere"));
            }
            rad.put(EGNE, egne);
            rad.put("id", dl.get("id"));
            if (utenAdresser(rad, skjerming, (byte[]) dl.get("payload")).isPresent()) {
                aaSkjerme.put(dl.get("id"), rad);
            }
        }
        if (aaSkjerme.isEmpty()) {
            return 0;
        }
        List<Object[]> skjermet = new ArrayList<>();
        for (Map<String, Object> laast : jdbc.queryForList("select id, payload from dead_letter where id = any(?) for update",
                (Object) aaSkjerme.keySet().toArray(java.util.UUID[]::new))) {
            if (laast.get("payload") != null) {
                Map<String, Object> rad = aaSkjerme.get(laast.get("id"));
                // its own arrays (V58) lose whom the payload no longer shows, as a row's: not read again for her
                boolean egne = Boolean.TRUE.equals(rad.get(EGNE));
                utenAdresser(rad, skjerming, (byte[]) laast.get("payload")).ifPresent(d -> skjermet.add(new Object[]{
                        d.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        egne && rad.get("naere") != null ? Hendelsesdokument.naereEtter(d, tekster(rad.get("naere"))).toArray(String[]::new) : null,
                        egne ? Hendelsesdokument.eiereEtter(d, tekster(rad.get("eiere"))).toArray(String[]::new) : null,
                        laast.get("id")}));
            }
        }
        if (!skjermet.isEmpty()) {
            jdbc.batchUpdate("update dead_letter set payload = ?, naere = coalesce(?, naere), eiere = coalesce(?, eiere) where id = ?", skjermet);
        }
        return skjermet.size();
    }

    /**
     * Runs a look-up from the persons' numbers with sequential scans and hash joins off, in the batch's transaction only
     * (set back to the defaults after it): with the estimates PostgreSQL had for a few numbers (hundreds of rows each),
     * it hashed a sequential scan of all of {@code levering} per batch (the event benchmark's {@code auto_explain},
     * session 24: growing with the table), where the numbers' events and their rows by primary key are a few probes.
     */
    private <T> T utenTabellskanning(java.util.function.Supplier<T> oppslag) {
        jdbc.execute("set local enable_seqscan = off; set local enable_hashjoin = off");
        T svar = oppslag.get();
        // not in a finally: a failed statement has aborted the transaction, which undoes both settings with it
        jdbc.execute("set local enable_seqscan to default; set local enable_hashjoin to default");
        return svar;
    }

    /** A dead letter's key in the screening's map: judged by its own arrays (V58), not its row's. */
    private static final String EGNE = "egneTabeller";

    /** Rows fetched at a time by {@link #stroem}. */
    private static final int LESEBOLK = 500;
    private static final ColumnMapRowMapper RADER = new ColumnMapRowMapper();

    /** Runs a look-up from arrays of numbers or names through a cursor (the batch's transaction), each row to {@code handler}. */
    private Void stroem(String sql, RowCallbackHandler handler, Object... parametre) {
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement(sql);
            ps.setFetchSize(LESEBOLK);
            for (int i = 0; i < parametre.length; i++) {
                ps.setObject(i + 1, parametre[i]);
            }
            return ps;
        }, handler);
        return null;
    }

    private static String noekkel(Map<String, Object> rad) {
        return rad.get("sekvensnummer") + "/" + rad.get("fagsystem") + "/" + rad.get("melding");
    }

    private static byte[] dokument(Map<String, Object> rad) {
        return rad.get("dokument").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * A stored document (a delivery row's or its dead letter's; {@code rad} names its fagsystem and the person's
     * identifikator) without the addresses its fagsystem may no longer see (a fagsystem no longer registered may see
     * none): every address when the document's own person is protected, a protected related person's entries
     * ({@link Hendelsesdokument#tilbakeholdAdresserTil}) when the document holds them; empty when it may stay as it is
     * or cannot be read.
     */
    private Optional<ObjectNode> utenAdresser(Map<String, Object> rad, Skjerming skjerming, byte[] lagret) {
        Optional<Fagsystem> f = registry.finn((String) rad.get("fagsystem"));
        String id = (String) rad.get("identifikator");
        // the row's own person by its event's number, else by the number its naere names it by (the event may be under
        // a number the register no longer lists)
        Person egen = id == null ? null : skjerming.beskyttet.get(id);
        for (String n : egen == null ? tekster(rad.get("naere")) : List.<String>of()) {
            if (n != null && n.startsWith(Hendelsesdokument.PERSON)) {
                egen = skjerming.beskyttet.get(n.substring(Hendelsesdokument.PERSON.length()));
            }
        }
        Person egenPerson = egen;
        boolean egenSkjules = egen != null && !f.map(x -> Dataminimering.bostedTillatt(egenPerson, x.data().beskyttedeAdresser())).orElse(false);
        // the protected persons the document may show besides its own: by the row's naere (V56), each at her place
        // there; on a row stored before it, by the protected persons' records naming the row's person (Naerstaaende)
        List<String> naerekolonne = tekster(rad.get("naere"));
        Set<String> naereNumre = new HashSet<>();
        List<Naerstaaende> naere = List.of();
        // the residences of those protected relatives: an address in the document at one of them is her home too
        List<no.kommune.esb.model.Adresse> hjem = new ArrayList<>();
        if (rad.get("naere") != null) {
            for (String n : naerekolonne) {
                if (n != null && n.startsWith(Hendelsesdokument.PERSON)) {
                    continue;
                }
                boolean hjemTil = n != null && n.startsWith(Hendelsesdokument.HJEM_TIL);
                String nummer = hjemTil ? n.substring(Hendelsesdokument.HJEM_TIL.length())
                        : n != null && n.startsWith(Hendelsesdokument.DELT_BOSTED_HOS) ? n.substring(Hendelsesdokument.DELT_BOSTED_HOS.length()) : n;
                Person p = nummer == null ? null : skjerming.beskyttet.get(nummer);
                if (p != null && !f.map(x -> Dataminimering.bostedTillatt(p, x.data().beskyttedeAdresser())).orElse(false)) {
                    if (!hjemTil) {
                        naereNumre.add(nummer);
                    }
                    hjem.add(p.bostedsadresse());
                }
            }
        } else {
            naere = skjerming.naere.getOrDefault(id, List.of()).stream()
                    .filter(n -> !f.map(x -> Dataminimering.bostedTillatt(n.person(), x.data().beskyttedeAdresser())).orElse(false)).toList();
            naere.forEach(n -> hjem.add(n.person().bostedsadresse()));
        }
        // the row's owners' numbers, one per owner entry of its units: those of protected persons this fagsystem may not see
        List<String> eiere = tekster(rad.get("eiere"));
        Set<String> medeiere = new HashSet<>();
        for (String eier : eiere) {
            Person p = eier == null ? null : skjerming.beskyttet.get(eier);
            if (p != null && !f.map(x -> Dataminimering.bostedTillatt(p, x.data().beskyttedeAdresser())).orElse(false)) {
                medeiere.add(eier);
            }
        }
        if (!egenSkjules && naere.isEmpty() && naereNumre.isEmpty() && hjem.isEmpty() && medeiere.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode dokument;
        try {
            dokument = (ObjectNode) JSON.readTree(lagret);
        } catch (IOException | ClassCastException e) {
            return Optional.empty();
        }
        boolean endret = egenSkjules && Hendelsesdokument.tilbakeholdAdresser(dokument);
        if (!naereNumre.isEmpty()) {
            endret |= Hendelsesdokument.tilbakeholdNaere(dokument, naerekolonne, naereNumre);
        }
        for (Naerstaaende n : naere) {
            endret |= Hendelsesdokument.tilbakeholdAdresserTil(dokument, n.numre(), n.roller(), n.deltBosted());
        }
        // the document's person (or another relative) living with her: that address is her home (until session 30 it stayed)
        endret |= Hendelsesdokument.tilbakeholdHjem(dokument, hjem);
        if (!medeiere.isEmpty()) {
            endret |= Hendelsesdokument.skjermEiere(dokument, eiere, medeiere);
        }
        return endret ? Optional.of(dokument) : Optional.empty();
    }

    /** A row's {@code levering.eiere} or {@code naere} as read (a text array; null on a row stored before the column). */
    private static List<String> tekster(Object kolonne) {
        if (kolonne == null) {
            return List.of();
        }
        try {
            return java.util.Arrays.asList((String[]) ((java.sql.Array) kolonne).getArray());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("a text array of levering could not be read", e);
        }
    }

    /**
     * Whose addresses a batch screens for: the protected persons it met by each of their numbers ({@code beskyttet}),
     * and, by the number of each person whose document may hold a protected person as a related person (their
     * children, parents, spouse or partner, and the children they hold foreldreansvar for), that protected person as
     * they appear there ({@code naere}: for the rows stored before V56, which have no {@code levering.naere}).
     */
    record Skjerming(Map<String, Person> beskyttet, Map<String, List<Naerstaaende>> naere) {

        static Skjerming av(Collection<Person> personer) {
            Map<String, Person> beskyttet = new HashMap<>();
            for (Person p : personer) {
                if (p.id() != null && !Dataminimering.bostedTillatt(p, false)) {
                    beskyttet.put(p.id().value(), p);
                    p.tidligereIdentiteter().forEach(tidligere -> beskyttet.put(tidligere.value(), p));
                }
            }
            Map<String, List<Naerstaaende>> naere = new HashMap<>();
            for (Person p : new LinkedHashSet<>(beskyttet.values())) {
                Set<String> numre = new HashSet<>();
                numre.add(p.id().value());
                p.tidligereIdentiteter().forEach(t -> numre.add(t.value()));
                Map<String, Set<String>> roller = new HashMap<>();
                for (Familierelasjon r : p.familierelasjoner()) {
                    if (r.relatertPerson() != null && r.relatertRolle() != null) {
                        roller.computeIfAbsent(r.relatertPerson().value(), k -> new HashSet<>()).addAll(rollerTil(r.relatertRolle()));
                    }
                }
                for (Foreldreansvar fa : p.foreldreansvar()) {
                    // an entry she holds for a child: the child's document names her MOR, FAR or MEDMOR, else ANNEN
                    if (!fa.gjelder(p) && fa.ansvarssubjekt() != null) {
                        roller.computeIfAbsent(fa.ansvarssubjekt().value(), k -> new HashSet<>()).addAll(rollerTil(Familierelasjon.Rolle.BARN));
                    }
                }
                // a parent of the document's person (her roles there include MOR): the person's delt bosted may be her home
                roller.forEach((nummer, r) -> naere.computeIfAbsent(nummer, k -> new ArrayList<>())
                        .add(new Naerstaaende(p, numre, Set.copyOf(r), r.contains(Familierelasjon.Rolle.MOR.name()))));
            }
            return new Skjerming(beskyttet, naere);
        }

        /** The roles the protected person can have in the document of a person who is {@code denAndre} to them. */
        private static Set<String> rollerTil(Familierelasjon.Rolle denAndre) {
            return switch (denAndre) {
                case BARN -> Set.of("MOR", "FAR", "MEDMOR", "ANNEN");
                case MOR, FAR, MEDMOR -> Set.of("BARN");
                case EKTEFELLE, REGISTRERT_PARTNER -> Set.of("EKTEFELLE", "REGISTRERT_PARTNER");
                case ANNEN -> Set.of("ANNEN");
            };
        }

        /** The protected persons' numbers (every number of each): the co-owners whose entries the rows' owners' numbers find. */
        String[] beskyttetNumre() {
            return beskyttet.keySet().toArray(String[]::new);
        }

        /**
         * The protected persons' numbers as {@code levering.naere} holds them: each as a row's own person, as a related
         * person, as a delt bosted's parent, and as the relative whose home the row's person's address is.
         */
        String[] naereNumre() {
            return naereNumre(beskyttet.keySet());
        }

        /**
         * {@link #naereNumre()} of the persons whose home no fagsystem may see ({@code strengt}: strengt fortrolig), or of
         * the others (fortrolig: a fagsystem that may see protected addresses may see it).
         */
        String[] naereNumre(boolean strengt) {
            return naereNumre(beskyttet.entrySet().stream()
                    .filter(e -> strengt != Dataminimering.bostedTillatt(e.getValue(), true)).map(Map.Entry::getKey).toList());
        }

        private static String[] naereNumre(Collection<String> numre) {
            return numre.stream().flatMap(n -> java.util.stream.Stream.of(Hendelsesdokument.PERSON + n, n,
                    Hendelsesdokument.DELT_BOSTED_HOS + n, Hendelsesdokument.HJEM_TIL + n)).toArray(String[]::new);
        }
    }

    /**
     * A protected person as they may appear in a related person's document: their numbers, the roles they can have
     * there, and whether that person's delt bosted addresses may be their home (they are a parent).
     */
    record Naerstaaende(Person person, Set<String> numre, Set<String> roller, boolean deltBosted) {
    }
}
