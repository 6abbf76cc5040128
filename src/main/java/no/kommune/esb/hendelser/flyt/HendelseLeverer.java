package no.kommune.esb.hendelser.flyt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.platform.Norsktid;
import no.kommune.esb.register.RegisterHttp;
import no.kommune.esb.register.Ventetid;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.Meldingsmappinger;
import no.kommune.esb.mapping.Mapping;
import no.kommune.esb.oppslag.Identnoekkel;
import no.kommune.esb.platform.Feilaarsak;
import jakarta.annotation.PreDestroy;
import jakarta.jms.ConnectionFactory;
import no.kommune.esb.platform.Traader;
import no.kommune.esb.platform.sftp.SftpSkriving;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultExchange;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.net.URI;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import no.kommune.esb.platform.logg.FastOrdlyd;

/**
 * Delivers waiting deliveries in each fagsystem's protocol: Kafka topic, Artemis queue and HTTP webhook in rounds
 * as they come (fagsystems side by side, each in order); SFTP as one batch file when the registration's schedule is due (or on demand). A failure waits
 * as the registration's retry policy says; when the attempts are spent the delivery is FEILET and its document
 * goes to the dead-letter store. Delivery is at least once: a crash after sending and before marking it delivered
 * sends it again, so every message carries its sequence number ({@code esb-sekvensnummer}) for the receiver to
 * de-duplicate. A row of another message kind than the registration's event message (a proactive trigger's,
 * {@code levering.melding}) is mapped with that kind's mapping ({@link Meldingsmappinger}) and carries its kind
 * ({@code esb-melding}) as well, so the receiver de-duplicates on the two together. A waiting row that neither round
 * takes — a trigger's message to a fagsystem delivered by batch file, a row of a fagsystem no longer registered — is
 * ended FEILET with a dead letter by its own slower sweep ({@link #avsluttUleverbare}), never left waiting unseen.
 */
@Component("hendelseLeverer")
public class HendelseLeverer {

    private static final Logger log = LoggerFactory.getLogger(HendelseLeverer.class);
    /**
     * The order rows go out in, per fagsystem: the order their events have in the feed. A resync event's row takes the
     * place of the sequence number the feed resumed at after the resync ({@code levering.rekkefoelge}), and its own
     * number, negative, puts it before the event there: after every older row of its person that still waits, not
     * before them with the fagsystem left holding the older state. The expression is the one of the index {@code
     * levering_klar_rekkefoelge_idx} (V35), which the rounds walk.
     */
    static final String REKKEFOELGE = "coalesce(l.rekkefoelge, l.sekvensnummer), l.sekvensnummer";
    /**
     * The person's other numbers as rows {@code b} (none for a person whose number never changed, the common case), for
     * the hot claims: a join the planner drives from the probe of {@code personidentitet}'s primary key, then
     * {@code hendelse_identifikator_idx} per number. {@link #PERSONENS_NUMRE}'s array inside {@code = any(…)} is a
     * subplan no index condition can use: with it the claims read every waiting row per claimed row (session 23's
     * event benchmark: 0.4-0.9 s a direct round, 101 s for a batch file's {@link #BAK_UNDERVEIS}; docs/benchmarks.md).
     */
    public static final String ANDRE_NUMRE = """
            personidentitet a join personidentitet b on b.person = a.person and b.identifikator <> a.identifikator
             and a.identifikator = h.identifikator""";
    /**
     * The numbers of the person of the event {@code h}: its own, and when the person's number changed (a D-nummer
     * replaced by a fødselsnummer) every other number of the person the fan-out has learnt ({@code personidentitet}, V45;
     * {@link Personidentiteter}), as an array value (the resync lists them, {@link ResyncKjoerer}). Never inside
     * {@code = any(…)} of a statement that should walk an index: see {@link #ANDRE_NUMRE}, whose rows it adds.
     */
    static final String PERSONENS_NUMRE = "array(select h.identifikator union all select b.identifikator from " + ANDRE_NUMRE + ")";
    /**
     * The claim's columns: the row's event's {@code identifikator} (none for a row without a stored event) and its person
     * (the key of the person's numbers when the number changed, else the identifikator): the rows in order within a round
     * are the person's, under any number.
     */
    private static final String KRAV = """
            select l.sekvensnummer, l.fagsystem, l.melding, l.dokument, l.forsoek, h.identifikator,
                   coalesce((select p.person from personidentitet p where p.identifikator = h.identifikator), h.identifikator)
              from levering l
              left join hendelse h on h.sekvensnummer = l.sekvensnummer""";
    /**
     * A row waits while an earlier row (in {@link #REKKEFOELGE}) of the same person (under its event's number or another
     * of the person's, {@link #ANDRE_NUMRE}), fagsystem and message kind waits out its retry or is being made again after a reload
     * ({@code MINIMERES}): sent before it, the older row would land last and leave a fagsystem keeping its own copy with
     * the older state. A row that ended {@code FEILET} (a dead letter) holds nothing back: the later rows carry newer
     * state. A row redriven from its dead letter ({@link LeveringRedriver}) keeps its place and holds back as any other.
     * One probe of {@code hendelse_identifikator_idx} per number of the person and of the primary key per event of the
     * person, per claimed row (docs/hendelser.md "A person's rows in order"). An earlier row being delivered by another
     * round is seen after the claim ({@link #BAK_UNDERVEIS}).
     * <p>
     * A plan that statistics cannot turn (docs/hendelser.md "The claim's plan"). The first {@code not exists} ends in
     * {@code offset 0}: PostgreSQL turns no {@code exists} with an offset into a join, so it stays a subplan run for each
     * claimed row with that row's values, and can be neither a hash over every waiting row nor a nested loop that reads
     * them again per claimed row; the second sits under {@code or}, which PostgreSQL never turns into a join either. The
     * statuses are compared as expressions ({@code status || ''}), which no index serves, so {@code levering} is reached
     * from the person's events by its primary key, not from the status indexes: with statistics taken while no row waited
     * and ten events a person, PostgreSQL read every waiting row per claimed row (1–2.5 s a claim with 15,000 waiting,
     * the event benchmark's slow rounds of sessions 33–34; {@code LeveringskravPlanTest}).
     * <p>
     * The probes are needed only while some row anywhere waits out a retry or is being made again, mostly none: the
     * check first asks that once per statement (two subqueries that depend on no claimed row, each the first entry of a
     * range of {@code levering_status_idx}; their {@code order by … limit 1} holds them to the index under any
     * statistics), and when there is none it holds nothing back and probes nothing (a quarter of the buffers a claim
     * of 500 reads with the probes; the old plan read that little with fresh statistics and no row in retry).
     */
    static final String IKKE_BAK_VENTENDE = """
            (%3$s
             or not exists (select 1 from hendelse t join levering e on e.sekvensnummer = t.sekvensnummer
                             where t.identifikator = h.identifikator and %1$s offset 0)
                and (not exists (select 1 from personidentitet p where p.identifikator = h.identifikator)
                     or not exists (select 1 from %2$s
                                  join hendelse t on t.identifikator = b.identifikator join levering e on e.sekvensnummer = t.sekvensnummer
                                 where %1$s)))""".formatted("""
            e.fagsystem = l.fagsystem and e.melding = l.melding
            and ((e.status || '') = 'MINIMERES' or ((e.status || '') = 'VENTER' and e.neste_forsoek > now()))
            and (coalesce(e.rekkefoelge, e.sekvensnummer), e.sekvensnummer) < (coalesce(l.rekkefoelge, l.sekvensnummer), l.sekvensnummer)""",
            ANDRE_NUMRE, """
            (select 1 from levering g where g.status = 'VENTER' and g.neste_forsoek > now() order by g.status, g.neste_forsoek limit 1) is null
             and (select 1 from levering g where g.status = 'MINIMERES' order by g.status, g.neste_forsoek limit 1) is null""");
    /**
     * Of the rows a claim took, those behind an earlier row of their person, fagsystem and kind that still waits
     * ({@code VENTER}, due or not, or {@code MINIMERES}) and that the claim did not take: another round (another
     * instance's) has it locked and is delivering it, or it came after the claim's snapshot. The claim skips locked rows,
     * so it may take a person's second row while another round sends the first; sent now, the second could arrive first,
     * and if the first fails it would wait out its retry behind it. A statement of its own, after the claim: under READ
     * COMMITTED it sees every round that committed before it, and a round still delivering has its rows still {@code
     * VENTER}. The rows it names stay waiting, untouched, locked by this round until it ends (the other rounds skip them);
     * the first round after the earlier row has gone takes them. The statement reads the waiting rows of the claimed
     * rows' persons (every number, the parameter; by {@code hendelse_identifikator_idx}, then the primary key) with their
     * person and order; {@link #utenBakUnderveis} compares them with the claim. Not a join with the claimed rows: with
     * the statistics of a table that was nearly empty when analysed, PostgreSQL joined every waiting row with every
     * claimed row of the same fagsystem (session 23's event benchmark: 2.2 s, and 101 s for a batch file, before this).
     * <p>
     * Its second part: the persons' events no fan-out has finished ({@code NY}: not yet taken, or in a batch another
     * round, another instance's, is still making; the fan-out's claim skips locked events, so two instances make two
     * batches side by side and the later may commit first). A claimed event row ({@code melding} '') behind such an
     * event of its person stays waiting until that event's rows exist and the rules above order them; a trigger's
     * message row is not held by them (the proactive reader makes those in its own order).
     * <p>
     * The statuses are compared as expressions ({@code status || ''}), which no index serves: with statistics taken
     * while few rows waited (most are delivered), PostgreSQL drove both parts from the status indexes, reading every
     * waiting row and every event not yet fanned out per claim (2,218 and 4,022 rows, 11 + 15 ms, in the session-24
     * event benchmark's {@code auto_explain}), where the persons' numbers find a few rows each. The events' rows are
     * read by a lateral subquery with {@code offset 0}, which PostgreSQL keeps as it is (a probe of the primary key per
     * event): as a plain join, with statistics that counted ten events a person, it read the whole of {@code levering}
     * once per claim and hashed it (47 ms at 165,000 rows in {@code LeveringskravPlanTest}'s data, growing with the table).
     */
    static final String BAK_UNDERVEIS = """
            select coalesce(p.person, t.identifikator), e.sekvensnummer, e.fagsystem, e.melding, coalesce(e.rekkefoelge, e.sekvensnummer)
              from hendelse t
              join lateral (select e.sekvensnummer, e.fagsystem, e.melding, e.rekkefoelge from levering e
                             where e.sekvensnummer = t.sekvensnummer and (e.status || '') in ('VENTER', 'MINIMERES') offset 0) e on true
              left join personidentitet p on p.identifikator = t.identifikator
             where t.identifikator = any(?)
            union all
            select coalesce(p.person, t.identifikator), t.sekvensnummer, null, null, coalesce(t.rekkefoelge, t.sekvensnummer)
              from hendelse t
              left join personidentitet p on p.identifikator = t.identifikator
             where t.identifikator = any(?) and (t.status || '') = 'NY'""";
    private static final ZoneId OSLO = Norsktid.SONE;
    /**
     * The temporary name a batch file is written under before it is renamed, the same for every file of a fagsystem (its
     * folder is its own, and its runs take turns under the {@code batchkjoering} lock): Camel deletes a file left under it
     * before writing, so a write that failed part-way (a dropped connection, a full disk) leaves its half file only until
     * the next attempt. Under {@code <name>.part} every attempt had a name of its own (the file's number), and each failed
     * write left a half file of personal data in the fagsystem's folder for good. A dot file: an import reading
     * {@code *.csv} does not see it.
     */
    static final String BATCHFIL_PART = ".esb-batchfil.part";
    /**
     * The name a whole batch file waits under, in the fagsystem's folder, from its write until its rows' transaction has
     * committed; then it is renamed to its own name ({@link #leverBatch(Fagsystem, Fagsystem.Sftp, boolean)}). One per
     * fagsystem, as {@link #BATCHFIL_PART}: a file left there by a run whose commit failed is replaced by the next run's.
     * A dot file ending in {@code .part}: an import reading {@code *.csv} or skipping {@code *.part} does not see it.
     */
    static final String BATCHFIL_KLAR = ".esb-batchfil-klar.part";
    /** Why a trigger's message to a batch-file fagsystem ends unsent, in the words the console shows. */
    static final String BATCHFIL = "fagsystemet leveres med batchfil; en proaktiv melding kan ikke leveres slik";
    /** Why a row of a fagsystem whose registration was removed ends unsent. */
    static final String IKKE_REGISTRERT = "fagsystemet er ikke lenger registrert; leveringen har ingen kanal";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final FagsystemRegistry registry;
    private final ObjectProvider<Meldingsmappinger> meldinger;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    /**
     * Webhook posts on a blocking client that works on the sending thread (pooled keep-alive connections, one per
     * sender thread): the JDK client's hand-offs to its worker and selector threads cost as much CPU per post as the
     * rest of the delivery (docs/benchmarks.md, session 7). No redirects, retries, cookies or compression, as before.
     */
    private final CloseableHttpClient http;
    private final SftpSkriving sftpSkriving;
    private final int batchSize;
    private final Environment environment;
    /** Longest wait before another delivery attempt, whatever a registration's retry says; null = the registration's own. */
    private final Duration maksVent;
    /** How old a waiting row of an unknown fagsystem must be before it is ended ({@code hendelser.levering.uregistrert-etter}). */
    private final Duration uregistrertEtter;
    /**
     * How long a webhook fagsystem's part of a round may post ({@code hendelser.levering.webhook-rundetid}): rows not yet
     * posted when it has passed are left for the next round, untouched.
     */
    private final Duration webhookRundetid;
    /** A JMS fagsystem's round is sent in one local transaction, ended if the broker holds it back too long. */
    private final JmsLevering jmsRunde;
    /** Direct deliveries of a round run one fagsystem per thread; five registrations ship, more share the threads. */
    private final ExecutorService sendere;

    /** The persons' Kafka record keys ({@link #kafkanoekkel}). */
    private final Identnoekkel identnoekkel;
    /** Staged batch files of runs that did not commit, removed at the next tick ({@link Batchfilrydding}). */
    private final Batchfilrydding batchfilrydding;

    public HendelseLeverer(JdbcTemplate jdbc, TransactionTemplate tx, FagsystemRegistry registry, ObjectProvider<Meldingsmappinger> meldinger,
                           ProducerTemplate producer,
                           ObjectMapper json, MeterRegistry metrics, Environment environment, ConnectionFactory jms,
                           SftpSkriving sftpSkriving,
                           @Value("${hendelser.levering.batch-size:500}") int batchSize,
                           @Value("${hendelser.levering.parallelle-fagsystemer:4}") int parallelleFagsystemer,
                           @Value("${hendelser.levering.maks-vent:#{null}}") Duration maksVent, Identnoekkel identnoekkel,
                           @Value("${hendelser.levering.jms-tidsgrense:PT30S}") Duration jmsTidsgrense,
                           @Value("${hendelser.levering.webhook-svartid:PT30S}") Duration webhookSvartid,
                           @Value("${hendelser.levering.webhook-rundetid:PT1M}") Duration webhookRundetid) {
        this.identnoekkel = identnoekkel;
        this.jdbc = jdbc;
        this.tx = tx;
        this.uregistrertEtter = environment.getProperty("hendelser.levering.uregistrert-etter", Duration.class, Duration.ofMinutes(10));
        this.webhookRundetid = webhookRundetid;
        this.registry = registry;
        this.meldinger = meldinger;
        this.producer = producer;
        this.json = json;
        this.metrics = metrics;
        this.batchSize = batchSize;
        this.environment = environment;
        this.maksVent = maksVent;
        this.jmsRunde = new JmsLevering(jms, jmsTidsgrense);
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(parallelleFagsystemer).setMaxConnPerRoute(parallelleFagsystemer)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(Timeout.ofSeconds(5))
                                // a connection the receiver may have closed while idle is checked before it is reused
                                .setValidateAfterInactivity(TimeValue.ofSeconds(1)).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(webhookSvartid)).build())
                .disableRedirectHandling().disableAutomaticRetries().disableCookieManagement().disableContentCompression()
                .evictIdleConnections(TimeValue.ofMinutes(1))
                .build();
        this.sendere = Executors.newFixedThreadPool(parallelleFagsystemer, Traader.nummerert("hendelser-levering"));
        for (Fagsystem f : registry.alle()) {
            if (f.levering() instanceof Fagsystem.Http h) {
                // fail at start-up, naming the file, when a webhook URL setting is missing in this environment
                try {
                    URI uri = URI.create(environment.resolveRequiredPlaceholders(h.url()));
                    if (uri.getHost() == null || !uri.getScheme().startsWith("http")) {
                        throw new IllegalArgumentException("not an absolute http(s) URL");
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalStateException(f.kilde() + ": levering.http.url " + h.url() + " does not resolve to a URL: " + e.getMessage());
                }
            }
        }
        // a file already there under the new file's name fails the batch (its rows wait and are tried again) instead of
        // being replaced: an earlier file the fagsystem has not fetched yet holds rows already marked delivered
        this.sftpSkriving = sftpSkriving;
        this.batchfilrydding = new Batchfilrydding(jdbc, tx, sftpSkriving, producer, java.time.Clock.systemUTC());
    }

    /**
     * One round of direct deliveries (Kafka, JMS, HTTP); returns how many were attempted. The round's fagsystems are
     * served side by side, each on its own thread and in the feed's order ({@link #REKKEFOELGE}); a Kafka fagsystem's
     * messages are all handed to the producer before the round waits for their acknowledgements (the producer keeps
     * their order per partition). A row is marked delivered only once its send is acknowledged, all in one statement at the end of
     * the round.
     */
    public int leverDirekte() {
        // only direct fagsystems' rows: batch rows wait for their file and would otherwise fill every round
        List<String> direkte = registry.alle().stream()
                .filter(f -> !(f.levering() instanceof Fagsystem.Sftp)).map(Fagsystem::id).toList();
        if (direkte.isEmpty()) {
            return 0;
        }
        Integer n = tx.execute(s -> {
            List<Rad> rader = kravDirekte(jdbc, direkte, batchSize);
            Map<Fagsystem, List<Rad>> perFagsystem = new LinkedHashMap<>();
            for (Rad r : rader) {
                registry.finn(r.fagsystem()).filter(f -> !(f.levering() instanceof Fagsystem.Sftp))
                        .ifPresent(f -> perFagsystem.computeIfAbsent(f, k -> new ArrayList<>()).add(r));
            }
            List<CompletableFuture<List<Utfall>>> runder = perFagsystem.entrySet().stream()
                    .map(e -> CompletableFuture.supplyAsync(() -> lever(e.getKey(), e.getValue()), sendere)).toList();
            List<Rad> levert = new ArrayList<>();
            int forsoekt = 0;
            for (CompletableFuture<List<Utfall>> runde : runder) {
                for (Utfall u : runde.join()) {
                    forsoekt++;
                    if (u.feil() == null) {
                        levert.add(u.rad());
                    } else {
                        feilet(u.fagsystem(), u.rad(), u.feil());
                    }
                }
            }
            levert(levert);
            return forsoekt;
        });
        return n == null ? 0 : n;
    }

    /**
     * The direct round's claim, in the caller's transaction: up to {@code antall} due rows of these fagsystems in the
     * delivery order, locked (rows another round holds are skipped), none behind an earlier row of its person that waits
     * out a retry ({@link #IKKE_BAK_VENTENDE}) or that another round is delivering ({@link #BAK_UNDERVEIS}).
     */
    static List<Rad> kravDirekte(JdbcTemplate jdbc, List<String> fagsystemer, int antall) {
        // the claim walks levering_klar_rekkefoelge_idx in its order and stops at the batch: planned by statistics
        // of a (nearly) empty table, the join with the person's rows made PostgreSQL read every waiting row by the
        // index on status instead and sort them all, documents included (60-140 ms a round, spilling to disk, in the
        // event benchmark; auto_explain, session 22)
        jdbc.execute(UTEN_SORTERING);
        List<Object> parametre = new ArrayList<>(fagsystemer);
        parametre.add(antall);
        List<Rad> rader = jdbc.query(kravDirekteSql(fagsystemer.size()), HendelseLeverer::rad, parametre.toArray());
        return utenBakUnderveis(jdbc, rader);
    }

    /** What {@link #kravDirekte} sets for its transaction before the claim (its comment says why). */
    static final String UTEN_SORTERING = "set local enable_sort = off";

    /** The direct round's claim for {@code fagsystemer} fagsystems: their ids, then the batch size, as parameters. */
    static String kravDirekteSql(int fagsystemer) {
        return """
                %s
                 where l.status = 'VENTER' and l.neste_forsoek <= now() and l.fagsystem in (%s) and %s
                 order by %s limit ? for update of l skip locked""".formatted(KRAV,
                String.join(",", Collections.nCopies(fagsystemer, "?")), IKKE_BAK_VENTENDE, REKKEFOELGE);
    }

    /**
     * A batch file's claim, in the caller's transaction (which holds the fagsystem's {@code batchkjoering} lock): every
     * due event-message row of the fagsystem in the delivery order, locked, held back as {@link #kravDirekte} holds back.
     */
    static List<Rad> kravBatch(JdbcTemplate jdbc, String fagsystem) {
        List<Rad> rader = jdbc.query(KRAV_BATCH, HendelseLeverer::rad, fagsystem);
        return utenBakUnderveis(jdbc, rader);
    }

    /** The batch file's claim; the fagsystem's id as its parameter. */
    static final String KRAV_BATCH = """
            %s
             where l.fagsystem = ? and l.melding = '' and l.status = 'VENTER' and l.neste_forsoek <= now() and %s
             order by %s for update of l skip locked""".formatted(KRAV, IKKE_BAK_VENTENDE, REKKEFOELGE);

    /** The claimed rows less those behind a row of their person that another round is delivering ({@link #BAK_UNDERVEIS}). */
    private static List<Rad> utenBakUnderveis(JdbcTemplate jdbc, List<Rad> rader) {
        List<Rad> medPerson = rader.stream().filter(r -> r.person() != null).toList();
        if (medPerson.isEmpty()) {
            return rader;
        }
        Set<String> numre = new HashSet<>();
        medPerson.forEach(r -> numre.add(r.identifikator()));
        numre.addAll(jdbc.queryForList("select identifikator from personidentitet where person = any(?)", String.class,
                (Object) medPerson.stream().map(Rad::person).distinct().toArray(String[]::new)));
        // the waiting rows of the claimed rows' persons, per person, fagsystem and kind, with their place in the order
        Map<List<String>, List<Plass>> ventende = new HashMap<>();
        // the persons' events not yet fanned out, per person
        Map<String, List<Plass>> ufordelte = new HashMap<>();
        String[] numreParameter = numre.toArray(String[]::new);
        jdbc.query(BAK_UNDERVEIS, rs -> {
            Plass plass = new Plass(rs.getLong(2), rs.getLong(5));
            if (rs.getString(3) == null) {
                ufordelte.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(plass);
            } else {
                ventende.computeIfAbsent(List.of(rs.getString(1), rs.getString(3), rs.getString(4)), k -> new ArrayList<>()).add(plass);
            }
        }, numreParameter, numreParameter);
        Set<Radnoekkel> tatt = rader.stream().map(Radnoekkel::av).collect(Collectors.toSet());
        Set<Radnoekkel> holdt = new HashSet<>();
        for (Rad r : medPerson) {
            List<Plass> stroem = ventende.getOrDefault(List.of(r.person(), r.fagsystem(), r.melding()), List.of());
            List<Plass> ikkeFordelt = r.melding().isEmpty() ? ufordelte.getOrDefault(r.person(), List.of()) : List.of();
            stroem.stream().filter(v -> v.sekvensnummer() == r.sekvensnummer()).findFirst().ifPresent(egen -> {
                if (stroem.stream().anyMatch(v -> v.foer(egen) && !tatt.contains(new Radnoekkel(v.sekvensnummer(), r.fagsystem(), r.melding())))
                        || ikkeFordelt.stream().anyMatch(v -> v.foer(egen))) {
                    holdt.add(Radnoekkel.av(r));
                }
            });
        }
        if (holdt.isEmpty()) {
            return rader;
        }
        log.debug("{} claimed deliveries wait for an earlier delivery or event of their person that another round is sending or fanning out", holdt.size());
        return rader.stream().filter(r -> !holdt.contains(Radnoekkel.av(r))).toList();
    }

    /** A delivery row's key. */
    private record Radnoekkel(long sekvensnummer, String fagsystem, String melding) {
        static Radnoekkel av(Rad r) {
            return new Radnoekkel(r.sekvensnummer(), r.fagsystem(), r.melding());
        }
    }

    /** A waiting row's place in the delivery order ({@link #REKKEFOELGE}: its {@code rekkefoelge} or sequence number, then the sequence number). */
    private record Plass(long sekvensnummer, long rekkefoelge) {
        boolean foer(Plass annen) {
            return rekkefoelge < annen.rekkefoelge || (rekkefoelge == annen.rekkefoelge && sekvensnummer < annen.sekvensnummer);
        }
    }

    /** What became of one row's send: {@code feil} is null when it was acknowledged. */
    private record Utfall(Fagsystem fagsystem, Rad rad, Exception feil) {
    }

    /**
     * One fagsystem's rows of a round, in order; never throws (a failure is that row's outcome). A row after a row of
     * its person and kind that failed in this round is not sent and has no outcome: it stays waiting, untouched, and the
     * next rounds hold it back until that row has gone or ended ({@link #IKKE_BAK_VENTENDE}). On Kafka a person's next
     * record goes only once the earlier one is acknowledged ({@link #leverKafka}; docs/hendelser.md). A webhook that
     * does not answer a post in time (connect timeout, {@code hendelser.levering.webhook-svartid}) is not posted to again
     * in the round: its later rows fail with that timeout, unsent, and wait for their retry, so the round (and every other
     * fagsystem's rows in it, marked delivered only when it ends) waits one timeout, not one per row. A webhook that
     * answers, but slowly, is posted to for {@code hendelser.levering.webhook-rundetid} (1 minute) of the round: its rows
     * not posted by then have no outcome, stay waiting, untouched (no attempt counted), and go in the next round, so the
     * round's other fagsystems' rows are marked delivered after that long, not after every row's answer (500 rows at 2 s:
     * 17 minutes before session 29).
     */
    private List<Utfall> lever(Fagsystem f, List<Rad> rader) {
        if (f.levering() instanceof Fagsystem.Kafka k) {
            return leverKafka(f, k, rader);
        }
        List<Utfall> utfall = new ArrayList<>();
        Set<Map.Entry<String, String>> feilet = new HashSet<>();
        if (f.levering() instanceof Fagsystem.Jms j) {
            return leverJms(f, j, rader, feilet);
        }
        if (!(f.levering() instanceof Fagsystem.Http h)) {
            throw new IllegalStateException("SFTP deliveries go by batch file, not by a direct round");
        }
        Webhook webhook;
        try {
            webhook = webhook(h);
        } catch (RuntimeException e) {
            rader.forEach(r -> utfall.add(new Utfall(f, r, e)));
            return utfall;
        }
        // the timeout of a post the webhook did not answer in time (connect or answer): the round's later rows fail with it
        java.io.InterruptedIOException uteblitt = null;
        long frist = System.nanoTime() + webhookRundetid.toNanos();
        for (Rad r : rader) {
            if (bakFeilet(r, feilet)) {
                continue;
            }
            if (uteblitt != null) {
                feiletIRunden(utfall, feilet, f, r, uteblitt);
                continue;
            }
            if (System.nanoTime() - frist > 0) {
                // the webhook's time in this round is spent: this row and the ones after it wait for the next round
                log.debug("Webhook round for {}: {} of {} rows left for the next round", f.id(), rader.size() - utfall.size(), rader.size());
                break;
            }
            try {
                Mapping mapping = mapping(f, r);
                post(webhook, r, mapping.map(r.dokument()), mapping.format().contentType());
                utfall.add(new Utfall(f, r, null));
            } catch (Exception e) {
                feiletIRunden(utfall, feilet, f, r, e);
                if (e instanceof java.io.InterruptedIOException tidsavbrudd) {
                    uteblitt = tidsavbrudd;
                }
            }
        }
        return utfall;
    }

    /**
     * A Kafka fagsystem's rows of a round. Each person's rows (of one kind) are one chain of steps, one step per row:
     * a step runs only once the person's step before it was acknowledged, and a step that fails (the mapping, the
     * hand-over to the producer or the acknowledgement) ends the chain for the round, the rows after it left without an
     * outcome. The round's sends run on several threads and would otherwise reach the producer in any order, and a
     * person's records share a key, so a partition. Every row is mapped up front on the round's thread, and the first
     * row of each person is handed over before the round waits for any acknowledgement.
     */
    private List<Utfall> leverKafka(Fagsystem f, Fagsystem.Kafka k, List<Rad> rader) {
        // a row's step: its outcome once it has run; null for a row that waits behind its person's failed step
        List<CompletableFuture<Utfall>> steg = new ArrayList<>();
        Map<Map.Entry<String, String>, CompletableFuture<Utfall>> sistePerPerson = new HashMap<>();
        for (Rad r : rader) {
            Supplier<CompletableFuture<Utfall>> send = kafkasending(f, k, r);
            CompletableFuture<Utfall> forrige = r.stroem().map(sistePerPerson::get).orElse(null);
            CompletableFuture<Utfall> denne = forrige == null ? send.get()
                    : forrige.thenCompose(u -> u != null && u.feil() == null ? send.get() : CompletableFuture.completedFuture(null));
            r.stroem().ifPresent(st -> sistePerPerson.put(st, denne));
            steg.add(denne);
        }
        List<Utfall> utfall = new ArrayList<>();
        for (CompletableFuture<Utfall> s : steg) {
            Utfall u = s.join();
            if (u != null) {
                utfall.add(u);
            }
        }
        return utfall;
    }

    /**
     * One row's Kafka step: maps the row now and returns what sends it when its turn comes, completing with its outcome
     * (never exceptionally); a row whose mapping failed gets that failure as its outcome when its turn comes.
     */
    private Supplier<CompletableFuture<Utfall>> kafkasending(Fagsystem f, Fagsystem.Kafka k, Rad r) {
        String payload;
        try {
            payload = mapping(f, r).map(r.dokument());
        } catch (Exception e) {
            return () -> CompletableFuture.completedFuture(new Utfall(f, r, e));
        }
        return () -> {
            try {
                // one request in flight per connection: the producer still batches the round's records, and a failed
                // batch (e.g. while a new topic's partition gets its leader) is retried before the next is sent, instead
                // of the idempotent producer stalling on out-of-order sequence numbers
                return producer.asyncSend("kafka:" + k.topic() + "?maxInFlightRequest=1", ex -> {
                    ex.getMessage().setBody(payload);
                    ex.getMessage().setHeader(KafkaConstants.KEY, kafkanoekkel(r));
                    ex.getMessage().setHeader("esb-sekvensnummer", String.valueOf(r.sekvensnummer()));
                    if (!r.melding().isEmpty()) {
                        ex.getMessage().setHeader("esb-melding", r.melding());
                    }
                }).handle((ex, t) -> new Utfall(f, r, t != null ? unntak(t) : ex.getException()));
            } catch (Exception e) {
                return CompletableFuture.completedFuture(new Utfall(f, r, e));
            }
        };
    }

    /** A failed acknowledgement as the row's outcome ({@link Feilaarsak} reads the cause chain). */
    private static Exception unntak(Throwable t) {
        return t instanceof Exception e ? e : new CompletionException(t);
    }

    /**
     * A row's Kafka record key: its person's key ({@link Identnoekkel#til}, the same for all of a person's messages and not
     * the identity number), so Kafka puts a person's messages on one partition and a consumer reads them in the order they
     * were sent; the sequence number for a row without a stored event. Until session 22 the key was always the sequence
     * number: a person's messages spread over the topic's partitions, and a consumer of several partitions could apply
     * a later one first. The sequence number is in the header {@code esb-sekvensnummer} either way. Made from the event's
     * number, as before: a person whose number changed has messages under two keys (the round still hands the second
     * number's record over only once the first number's is acknowledged).
     */
    private String kafkanoekkel(Rad r) {
        return r.identifikator() == null ? String.valueOf(r.sekvensnummer()) : identnoekkel.til("kafka-noekkel", r.identifikator());
    }

    /** A row failed in this round: its outcome, and the person's later rows of its kind in the round wait ({@link #bakFeilet}). */
    private static void feiletIRunden(List<Utfall> utfall, Set<Map.Entry<String, String>> feilet, Fagsystem f, Rad r, Exception e) {
        utfall.add(new Utfall(f, r, e));
        r.stroem().ifPresent(feilet::add);
    }

    /** Whether a row of this row's person and message kind failed earlier in the round: then this one waits for it. */
    private static boolean bakFeilet(Rad r, Set<Map.Entry<String, String>> feilet) {
        return r.stroem().map(feilet::contains).orElse(false);
    }

    /**
     * A JMS fagsystem's rows of a round in ONE local JMS transaction: persistent sends inside a transaction do not
     * each wait for the broker's journal, the commit waits once. A failed send or commit fails every row sent in it
     * (nothing of an uncommitted transaction reaches the queue), and they are tried again by the retry policy. A broker
     * that holds the send back past {@code hendelser.levering.jms-tidsgrense} fails it so ({@link JmsLevering}), and the
     * round's other fagsystems are not held with it.
     */
    private List<Utfall> leverJms(Fagsystem f, Fagsystem.Jms j, List<Rad> rader, Set<Map.Entry<String, String>> feilet) {
        List<Utfall> utfall = new ArrayList<>();
        List<Map.Entry<Rad, String>> klare = new ArrayList<>();
        for (Rad r : rader) {
            if (bakFeilet(r, feilet)) {
                continue;
            }
            try {
                klare.add(Map.entry(r, mapping(f, r).map(r.dokument())));
            } catch (Exception e) {
                feiletIRunden(utfall, feilet, f, r, e);
            }
        }
        if (klare.isEmpty()) {
            return utfall;
        }
        try {
            jmsRunde.send(j.queue(), klare.stream()
                    .map(k -> new JmsLevering.Melding(k.getValue(), k.getKey().sekvensnummer(), k.getKey().melding())).toList());
            klare.forEach(k -> utfall.add(new Utfall(f, k.getKey(), null)));
        } catch (Exception e) {
            klare.forEach(k -> utfall.add(new Utfall(f, k.getKey(), e)));
        }
        return utfall;
    }

    /** Lets a round in progress finish before the context closes; its rows are sent again after a restart otherwise. */
    @PreDestroy
    public void stopp() throws InterruptedException, java.io.IOException {
        sendere.shutdown();
        if (!sendere.awaitTermination(30, TimeUnit.SECONDS)) {
            sendere.shutdownNow();
        }
        http.close();
        jmsRunde.close();
    }

    /** Writes the batch file of every SFTP fagsystem whose schedule is due; returns the number of files. */
    public int leverBatcher() {
        // first: a file staged by a run that did not commit (a crash, a failed commit) holds personal data nobody gets
        batchfilrydding.rydd(registry.alle().stream().filter(f -> f.levering() instanceof Fagsystem.Sftp).toList());
        int filer = 0;
        for (Fagsystem f : registry.alle()) {
            // read without a lock first, so a tick that finds nothing due writes nothing; asked again under the lock
            if (f.levering() instanceof Fagsystem.Sftp sftp && batchForfalt(f.id(), sftp.schedule())) {
                filer += leverBatch(f, sftp, true);
            }
        }
        return filer;
    }

    /** Writes one fagsystem's waiting deliveries as one batch file now; 0 when nothing waits. */
    public int leverBatch(String fagsystemId) {
        Fagsystem f = registry.finn(fagsystemId).orElseThrow(() -> new IllegalArgumentException("unknown fagsystem"));
        if (!(f.levering() instanceof Fagsystem.Sftp sftp)) {
            throw new IllegalArgumentException("fagsystem " + fagsystemId + " is not delivered by batch file");
        }
        return leverBatch(f, sftp, false);
    }

    /**
     * One batch file, under the fagsystem's {@code batchkjoering} row lock: runs of one fagsystem (the schedule, {@code
     * lever-naa}, another instance) follow each other, and a scheduled run that finds the schedule no longer due once
     * it holds the lock (another instance has just written the file) writes none. Each file gets a number of its own in
     * its name ({@link Fagsystem.Sftp#filnavnMedNummer}) from a sequence, which is never rolled back.
     * <p>
     * <b>Exactly once, as the fagsystem sees it.</b> The file is written whole under {@link #BATCHFIL_KLAR} (through
     * {@link #BATCHFIL_PART}), in the transaction that marks its rows delivered and records the file's name as waiting
     * ({@code batchkjoering.ventende_fil}, V82); only after that transaction has committed is it renamed to its own name,
     * under the lock again, and the record cleared. A commit that fails leaves the rows waiting and no file under a name
     * the fagsystem reads (the next run replaces the staged one); a crash or an SFTP failure between the commit and the
     * rename leaves the record, and the next run of the fagsystem (due at once: {@link #batchForfalt}) renames the file
     * before it writes another. Until session 32 the file was written under its own name inside the transaction: a
     * commit that failed after the write left a file the fagsystem imported and rows still waiting, which the next file
     * held again, each event delivered twice ({@code BatchfilEnGangTest}). A row whose document cannot be mapped fails on
     * its own, not the file ({@link #batchinnhold}).
     * <p>
     * The write itself still runs in the transaction, holding the fagsystem's {@code batchkjoering} row and its claimed
     * rows (no other writer waits on those; a new event's rows are inserted beside them) for as long as the write takes,
     * which {@link SftpSkriving#skriv} bounds.
     */
    private int leverBatch(Fagsystem f, Fagsystem.Sftp sftp, boolean bareNaarForfalt) {
        Batchrunde runde;
        try {
            runde = tx.execute(s -> batchrunde(f, sftp, bareNaarForfalt));
        } catch (RuntimeException e) {
            // an earlier file still to be renamed that could not be (SFTP down), or the commit failed: nothing reached a
            // name the fagsystem reads, and the rows of this run wait as they were; the next tick tries again, and first
            // deletes what this run may have staged
            batchfilrydding.merk(f.id());
            log.warn("Batch file run for {} ended without a file: {}", f.id(), Feilaarsak.av(e));
            return 0;
        }
        if (runde == null || runde.fil() == null) {
            return 0;
        }
        try {
            tx.executeWithoutResult(s -> {
                String ventende = jdbc.queryForObject("select ventende_fil from batchkjoering where fagsystem = ? for update", String.class, f.id());
                // another instance's run may have renamed it in between (it found the record first)
                if (runde.fil().equals(ventende)) {
                    gjoerFerdig(f, sftp, ventende);
                }
            });
        } catch (RuntimeException e) {
            // committed: the rows are delivered, and the file goes under its name at the fagsystem's next run
            log.warn("Batch file {} for {} is written and its rows marked delivered, but it could not be renamed to its name yet ({}); the next run does it",
                    runde.nummer(), f.id(), Feilaarsak.av(e));
            return 1;
        }
        log.info("Batch file {} for {}: {} events, {}-{}", runde.nummer(), f.id(), runde.rader(), runde.foersteSekvens(), runde.sisteSekvens());
        return 1;
    }

    /** What a run's transaction did: the file it staged (null: none), its number, and its rows. */
    private record Batchrunde(String fil, String nummer, int rader, long foersteSekvens, long sisteSekvens) {
    }

    /** The transaction of one run: the earlier run's file finished first, then this run's rows claimed, mapped and staged. */
    private Batchrunde batchrunde(Fagsystem f, Fagsystem.Sftp sftp, boolean bareNaarForfalt) {
        jdbc.update("insert into batchkjoering (fagsystem, sist) values (?, now()) on conflict (fagsystem) do nothing", f.id());
        Kjoering k = jdbc.queryForObject("select sist, neste_gjentak, ventende_fil from batchkjoering where fagsystem = ? for update",
                (rs, i) -> kjoering(rs), f.id());
        if (k.ventendeFil() != null) {
            // committed by an earlier run that did not get to rename it: under its name before any other file is staged
            gjoerFerdig(f, sftp, k.ventendeFil());
        }
        if (bareNaarForfalt && !new Kjoering(k.sist(), k.nesteGjentak(), null).forfalt(sftp.schedule())) {
            return null;
        }
        jdbc.update("update batchkjoering set sist = now(), neste_gjentak = null where fagsystem = ?", f.id());
        List<Rad> rader = kravBatch(jdbc, f.id());
        if (rader.isEmpty()) {
            gjentakVedNesteForsoek(f);
            return null;
        }
        Batchinnhold innhold;
        try {
            innhold = batchinnhold(f, rader);
        } catch (RuntimeException e) {
            rader.forEach(r -> feilet(f, r, e));
            gjentakVedNesteForsoek(f);
            return null;
        }
        innhold.feil().forEach((r, e) -> feilet(f, r, e));
        if (innhold.rader().isEmpty()) {
            gjentakVedNesteForsoek(f);
            return null;
        }
        List<Rad> iFil = innhold.rader();
        try {
            String nummer = "%09d".formatted(jdbc.queryForObject("select nextval('batchfil_nummer')", Long.class));
            String navn = filnavn(sftp, nummer);
            if (sftpSkriving.finnes(producer, sftp.folder(), navn)) {
                // never replaced, and the rows not marked: they wait for their retry, which writes under a new number
                throw new IllegalStateException("a file of the batch file's name is in the fagsystem's folder already");
            }
            // one endpoint per fagsystem and name: staged whole under BATCHFIL_KLAR (through BATCHFIL_PART, which a
            // failed write leaves half-way until the next), replacing what a run whose commit failed left there
            // skriv: ended once it takes nothing more of the file for the limit (a stuck SFTP subsystem), not held for ever
            sftpSkriving.skriv(producer, sftpSkriving.tilFastNavn(sftp.folder(), BATCHFIL_PART, BATCHFIL_KLAR),
                    new ByteArrayInputStream(innhold.fil().getBytes(StandardCharsets.UTF_8)), Map.of());
            levert(iFil);
            jdbc.update("update batchkjoering set ventende_fil = ? where fagsystem = ?", navn, f.id());
            gjentakVedNesteForsoek(f);
            return new Batchrunde(navn, nummer, iFil.size(), iFil.get(0).sekvensnummer(), iFil.get(iFil.size() - 1).sekvensnummer());
        } catch (Exception e) {
            iFil.forEach(r -> feilet(f, r, e));
            gjentakVedNesteForsoek(f);
            // a write that failed part-way, or one whose rows could not be marked, left a staged file no one will rename
            batchfilrydding.merk(f.id());
            return null;
        }
    }

    /**
     * The staged file of a committed run renamed to its name {@code navn}, and the record cleared, in the caller's
     * transaction under the fagsystem's lock. Nothing staged: renamed already (a crash after the rename, before the
     * record was cleared), so only the record goes. A file already under that name (put there by someone else, or a
     * number handed out again after the database was restored from a backup) is never replaced: the file goes under
     * {@code <name>-2}, {@code -3}, … (its rows are committed as delivered, so it cannot wait for a new number).
     */
    private void gjoerFerdig(Fagsystem f, Fagsystem.Sftp sftp, String navn) {
        String kandidat = navn;
        for (int n = 2; sftpSkriving.flytt(producer, sftp.folder(), BATCHFIL_KLAR, kandidat) == SftpSkriving.Flytting.NAVNET_ER_TATT; n++) {
            if (n > 20) {
                throw new IllegalStateException("no free name for the batch file in the fagsystem's folder");
            }
            int punktum = navn.lastIndexOf('.');
            kandidat = punktum < 0 ? navn + "-" + n : navn.substring(0, punktum) + "-" + n + navn.substring(punktum);
            log.warn("Batch file of {}: its name is taken in the folder; written as -{} instead", f.id(), n);
        }
        jdbc.update("update batchkjoering set ventende_fil = null where fagsystem = ?", f.id());
    }

    /** A batch file's own name: the registration's pattern ({@link Fagsystem.Sftp#filnavnMedNummer}) with its number, as Camel writes it. */
    private String filnavn(Fagsystem.Sftp sftp, String nummer) {
        Exchange exchange = new DefaultExchange(producer.getCamelContext());
        exchange.getMessage().setHeader(Fagsystem.Sftp.NUMMER_HEADER, nummer);
        return producer.getCamelContext().resolveLanguage("file").createExpression(sftp.filnavnMedNummer()).evaluate(exchange, String.class);
    }

    /**
     * What a batch file holds: its text and its rows, and the rows whose document could not be read or mapped, each
     * with its failure. One document the mapping fails on fails that row alone (its retry, then a dead letter with its
     * document), not the file: before, the whole file failed and every row of it went to the dead-letter store in the
     * end. A row of the failed row's person (and kind) after it in the order is not in the file and has no outcome: it
     * stays waiting, untouched, and the claims hold it back behind the failed row's retry ({@link #IKKE_BAK_VENTENDE}),
     * as in a direct round. The rows are mapped together first; each alone only when that fails.
     */
    private Batchinnhold batchinnhold(Fagsystem f, List<Rad> rader) {
        Mapping mapping = registry.mapping(f.id());
        // each row's document, null for one that cannot be read
        List<JsonNode> dokumenter = new ArrayList<>(rader.size());
        Map<Rad, Exception> feil = new HashMap<>();
        for (Rad r : rader) {
            try {
                dokumenter.add(json.readTree(r.dokument()));
            } catch (Exception e) {
                dokumenter.add(null);
                feil.put(r, e);
            }
        }
        if (feil.isEmpty()) {
            try {
                return new Batchinnhold(mapping.mapBatch(dokumenter), rader, Map.of());
            } catch (RuntimeException helefila) {
                hverForSeg(mapping, rader, dokumenter, feil);
                if (feil.isEmpty()) {
                    // no document fails on its own: the file as a whole fails, as a failed write does
                    throw helefila;
                }
            }
        } else {
            hverForSeg(mapping, rader, dokumenter, feil);
        }
        Set<Map.Entry<String, String>> feilet = new HashSet<>();
        List<Rad> iFil = new ArrayList<>();
        List<JsonNode> iFilDokumenter = new ArrayList<>();
        Map<Rad, Exception> feilIRekkefoelge = new LinkedHashMap<>();
        for (int i = 0; i < rader.size(); i++) {
            Rad r = rader.get(i);
            Exception e = feil.get(r);
            if (e != null) {
                feilIRekkefoelge.put(r, e);
                r.stroem().ifPresent(feilet::add);
            } else if (!bakFeilet(r, feilet)) {
                iFil.add(r);
                iFilDokumenter.add(dokumenter.get(i));
            }
        }
        log.warn("Batch file for {}: {} of {} documents could not be read or mapped; those rows fail on their own", f.id(), feil.size(), rader.size());
        return new Batchinnhold(iFil.isEmpty() ? null : mapping.mapBatch(iFilDokumenter), iFil, feilIRekkefoelge);
    }

    /** Maps each readable document alone, noting the rows whose document the mapping fails on. */
    private static void hverForSeg(Mapping mapping, List<Rad> rader, List<JsonNode> dokumenter, Map<Rad, Exception> feil) {
        for (int i = 0; i < rader.size(); i++) {
            if (dokumenter.get(i) != null) {
                try {
                    mapping.mapBatch(List.of(dokumenter.get(i)));
                } catch (RuntimeException e) {
                    feil.put(rader.get(i), e);
                }
            }
        }
    }

    /** A batch file's text (null when no row is left for it), its rows, and the rows that failed with their failure. */
    private record Batchinnhold(String fil, List<Rad> rader, Map<Rad, Exception> feil) {
    }

    /**
     * Makes the file due again at the earliest next attempt of the fagsystem's rows that wait out a retry (the rows of
     * a failed file, by the registration's retry policy), not only at the next scheduled file; null when none waits.
     * Asked after every run: a run that finds only rows held back behind such a row ({@link #IKKE_BAK_VENTENDE}), or a
     * {@code lever-naa} before the retry time, would otherwise clear it and leave the failed rows to the next schedule.
     * <p>
     * Due again at once when a due row of the fagsystem is left waiting that nothing holds back any longer
     * ({@link #IKKE_BAK_VENTENDE}): a row this run held out of the file behind a row of its person that failed for good
     * (a dead letter) in the run (since session 28), or a row the claim held back behind an earlier event of its person
     * that another instance was still fanning out, or an earlier row another round was delivering ({@link
     * #BAK_UNDERVEIS}; since session 29). Before, such a row waited for the next scheduled file (the school's: the next
     * morning), though it was held for seconds only.
     */
    private void gjentakVedNesteForsoek(Fagsystem f) {
        jdbc.update("update batchkjoering set neste_gjentak = (select min(neste_forsoek) from levering"
                + " where fagsystem = ? and melding = '' and status = 'VENTER' and neste_forsoek > now()) where fagsystem = ?", f.id(), f.id());
        Boolean fri = jdbc.queryForObject("""
                select exists (select 1 from levering l left join hendelse h on h.sekvensnummer = l.sekvensnummer
                                where l.fagsystem = ? and l.melding = '' and l.status = 'VENTER'
                                  and l.neste_forsoek <= now() and %s)""".formatted(IKKE_BAK_VENTENDE), Boolean.class, f.id());
        if (Boolean.TRUE.equals(fri)) {
            jdbc.update("update batchkjoering set neste_gjentak = now() where fagsystem = ?", f.id());
        }
    }

    /**
     * A batch fagsystem's last file, when a failed one is to be written again (null: nothing to retry), and the name of a
     * committed file still waiting to be renamed to it (null: none).
     */
    private record Kjoering(Instant sist, Instant nesteGjentak, String ventendeFil) {

        /** Whether the schedule has fired since the last file, a failed file's retry time has come, or a file waits for its name. */
        boolean forfalt(String schedule) {
            return ventendeFil != null || HendelseLeverer.forfalt(sist, schedule) || (nesteGjentak != null && !nesteGjentak.isAfter(Instant.now()));
        }
    }

    private static Kjoering kjoering(java.sql.ResultSet rs) throws java.sql.SQLException {
        Timestamp gjentak = rs.getTimestamp(2);
        return new Kjoering(rs.getTimestamp(1).toInstant(), gjentak == null ? null : gjentak.toInstant(), rs.getString(3));
    }

    /**
     * Ends the waiting rows no round will ever take, as FEILET with a dead letter that keeps the document: a trigger's
     * message to a fagsystem delivered by batch file (a registration reloaded as SFTP after the row was written; a
     * batch file holds the registration's event message only), and any row of a fagsystem no longer registered. Without
     * this they would wait unseen for ever: the direct round takes registered direct fagsystems' rows, the batch file
     * only event messages. Returns how many rows it ended.
     * <p>
     * The page query filters every waiting row (its conditions name what is not registered, which no index can seek),
     * so it runs only when {@link #noeAaAvslutte} has found a row to end: in a backlog of 150,000 waiting rows it read
     * 15,000 heap pages a minute to find none (docs/hendelser.md, "Rows no round takes").
     */
    public int avsluttUleverbare() {
        int sum = 0;
        while (true) {
            List<Fagsystem> alle = registry.alle();
            String[] registrert = alle.stream().map(Fagsystem::id).toArray(String[]::new);
            String[] batch = alle.stream().filter(f -> f.levering() instanceof Fagsystem.Sftp).map(Fagsystem::id).toArray(String[]::new);
            if (!noeAaAvslutte(Set.copyOf(List.of(registrert)), batch)) {
                return sum;
            }
            Sveip runde = tx.execute(s -> {
                // a row of a fagsystem this instance does not know is ended only once it is older than uregistrert-etter:
                // another instance may have loaded a new registration (and fanned its rows out) before this one did
                List<Rad> rader = jdbc.query("""
                        select sekvensnummer, fagsystem, melding, dokument, forsoek from levering
                         where status = 'VENTER' and ((fagsystem <> all(?) and opprettet < now() - ? * interval '1 millisecond')
                                                      or (melding <> '' and fagsystem = any(?)))
                         order by sekvensnummer limit ? for update skip locked""",
                        (rs, i) -> new Rad(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), null, null),
                        registrert, uregistrertEtter.toMillis(), batch, batchSize);
                int avsluttet = 0;
                for (Rad r : rader) {
                    // asked again per row: a registration (re)loaded since the query above gives the row its round back
                    Optional<Fagsystem> naa = registry.finn(r.fagsystem());
                    if (naa.isEmpty()) {
                        feiletForGodt(r, r.forsoek(), IKKE_REGISTRERT);
                        avsluttet++;
                    } else if (!r.melding().isEmpty() && naa.get().levering() instanceof Fagsystem.Sftp) {
                        feiletForGodt(r, r.forsoek(), BATCHFIL);
                        avsluttet++;
                    }
                }
                return new Sveip(rader.size(), avsluttet);
            });
            sum += runde == null ? 0 : runde.avsluttet();
            if (runde == null || runde.lest() < batchSize) {
                return sum;
            }
        }
    }

    /**
     * Whether a waiting row is to be ended, from the index {@code levering_venter_idx} alone: the fagsystems that have
     * waiting rows, one index probe each (a loose index scan: there are a handful), any of them not registered; or a
     * trigger's message waiting for a batch fagsystem.
     */
    private boolean noeAaAvslutte(Set<String> registrert, String[] batch) {
        List<String> ventende = jdbc.queryForList("""
                with recursive ventende(fagsystem) as (
                    (select fagsystem from levering where status = 'VENTER' order by fagsystem limit 1)
                    union all
                    select (select l.fagsystem from levering l where l.status = 'VENTER' and l.fagsystem > v.fagsystem
                             order by l.fagsystem limit 1)
                      from ventende v where v.fagsystem is not null)
                select fagsystem from ventende where fagsystem is not null""", String.class);
        if (!registrert.containsAll(ventende)) {
            return true;
        }
        // melding > '' is melding <> '' in a form the index can seek ('' sorts first)
        return batch.length > 0 && Boolean.TRUE.equals(jdbc.queryForObject(
                "select exists (select 1 from levering where status = 'VENTER' and fagsystem = any(?) and melding > '')", Boolean.class,
                (Object) batch));
    }

    /** One page of the sweep: rows read, and of those ended. */
    private record Sveip(int lest, int avsluttet) {
    }

    private boolean batchForfalt(String fagsystem, String schedule) {
        Kjoering k = jdbc.query("select sist, neste_gjentak, ventende_fil from batchkjoering where fagsystem = ?", (rs, i) -> kjoering(rs), fagsystem)
                .stream().findFirst().orElse(null);
        if (k == null) {
            // first run of this installation: start counting from now, so a restart does not write an early file
            jdbc.update("insert into batchkjoering (fagsystem, sist) values (?, now()) on conflict do nothing", fagsystem);
            return false;
        }
        return k.forfalt(schedule);
    }

    /** Whether the schedule has fired since the last file was written. */
    private static boolean forfalt(Instant sist, String schedule) {
        ZonedDateTime neste = CronExpression.parse(schedule).next(ZonedDateTime.ofInstant(sist, OSLO));
        return neste != null && !neste.toInstant().isAfter(Instant.now());
    }

    /** The registration's mapping for its event message; a trigger's message kind has its own. */
    private Mapping mapping(Fagsystem f, Rad r) {
        if (r.melding().isEmpty()) {
            return registry.mapping(f.id());
        }
        Meldingsmappinger m = meldinger.getIfAvailable();
        return (m == null ? Optional.<Mapping>empty() : m.mapping(r.melding()))
                .orElseThrow(() -> new IllegalStateException("no mapping loaded for message kind " + r.melding()));
    }

    /** Where and how a webhook round posts: its URL and Authorization header value (null: none). */
    private record Webhook(URI url, String authorization) {
    }

    /**
     * Resolved once per round, not per delivery (the property look-up was a seventh of a lane's CPU in the profile),
     * and again at the next round: a reloaded registration (platform.konfig) may name another URL or credentials.
     */
    private Webhook webhook(Fagsystem.Http h) {
        String authorization = switch (h.auth().type()) {
            case BEARER -> "Bearer " + env(h.auth().tokenEnv());
            case BASIC -> "Basic " + Base64.getEncoder().encodeToString(
                    (env(h.auth().usernameEnv()) + ":" + env(h.auth().passwordEnv())).getBytes(StandardCharsets.UTF_8));
            case NONE -> null;
        };
        return new Webhook(URI.create(environment.resolveRequiredPlaceholders(h.url())), authorization);
    }

    /** One delivery; the content type is its mapping's (a trigger's message kind may differ from the registration's). */
    private void post(Webhook webhook, Rad r, String payload, String contentType) throws Exception {
        HttpPost req = new HttpPost(webhook.url());
        // the body as UTF-8 bytes and the mapping's content type as it is written, as the JDK client sent them
        req.setHeader("Content-Type", contentType);
        req.setHeader("esb-sekvensnummer", String.valueOf(r.sekvensnummer()));
        req.setEntity(new ByteArrayEntity(payload.getBytes(StandardCharsets.UTF_8), null));
        if (!r.melding().isEmpty()) {
            req.setHeader("esb-melding", r.melding());
        }
        if (webhook.authorization() != null) {
            req.setHeader("Authorization", webhook.authorization());
        }
        // the handler reads the answer to its end, so the connection goes back to the pool
        WebhookSvar svar = http.execute(req, s -> new WebhookSvar(s.getCode(),
                s.getFirstHeader("Retry-After") == null ? null : s.getFirstHeader("Retry-After").getValue()));
        if (svar.status / 100 != 2) {
            throw svar;
        }
    }

    /**
     * A webhook's answer; thrown when it is not 2xx, with the wait the receiver asked for: a 429's or 503's Retry-After,
     * whole seconds or an HTTP date (RFC 9110 10.2.3; anything else unreadable is not honoured), at most
     * {@link Ventetid#LENGSTE_RETRY_AFTER}. {@link #feilet} waits at least that long before the row's next attempt:
     * before session 27 the header was ignored, and a receiver asking for an hour's pause had the row's attempts spent
     * on the platform's own backoff, minutes apart, and the row in the dead-letter store while the pause lasted.
     */
    public static final class WebhookSvar extends IllegalStateException implements FastOrdlyd {
        final int status;
        final Duration retryAfter;

        WebhookSvar(int status, String retryAfter) {
            this(status, retryAfter, java.time.Instant.now());
        }

        /** The answer {@code status} without Retry-After (for a reason's wording, and tests). */
        public static WebhookSvar av(int status) {
            return new WebhookSvar(status, null);
        }

        /** The webhook's HTTP status. */
        public int status() {
            return status;
        }

        WebhookSvar(int status, String retryAfter, java.time.Instant naa) {
            super("webhook answered HTTP " + status);
            this.status = status;
            Duration bedt = (status == 429 || status == 503) && retryAfter != null ? ventetid(retryAfter, naa) : null;
            this.retryAfter = bedt == null ? null
                    : bedt.isNegative() ? Duration.ZERO
                    : bedt.compareTo(Ventetid.LENGSTE_RETRY_AFTER) > 0 ? Ventetid.LENGSTE_RETRY_AFTER : bedt;
        }

        /**
         * The receiver refuses this payload itself (400 Bad Request, 413 Content Too Large, 415 Unsupported Media Type,
         * 422 Unprocessable Content): sending the same document again cannot help, so the row fails for good at once,
         * its document kept as a dead letter to replay once the mapping or the receiver is mended. Other 4xx (401/403
         * credentials, 404/410 a URL, 408/409/425/429) and every 5xx are retried: they can pass without the payload
         * changing.
         */
        boolean avviserInnholdet() {
            return status == 400 || status == 413 || status == 415 || status == 422;
        }

        /** Retry-After as delay-seconds or as an HTTP date (IMF-fixdate, RFC 9110 5.6.7) from {@code naa}; null when neither. */
        static Duration ventetid(String verdi, java.time.Instant naa) {
            Duration sekunder = RegisterHttp.retryAfterSeconds(verdi);
            if (sekunder != null) {
                return sekunder;
            }
            try {
                return Duration.between(naa, java.time.ZonedDateTime.parse(verdi.trim(),
                        java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
            } catch (java.time.format.DateTimeParseException e) {
                return null;
            }
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            // an answer, not a fault of this code: no stack to record for every refused post
            return this;
        }
    }

    private String env(String name) {
        String v = name == null ? null : environment.getProperty(name);
        if (v == null || v.isEmpty()) {
            throw new no.kommune.esb.platform.Konfigurasjonsfeil("miljøvariabelen " + name + " for påloggingen til webhooken er ikke satt");
        }
        return v;
    }

    /** Marks rows delivered: one statement per fagsystem and message kind (set-based), not one per row. */
    private void levert(List<Rad> rader) {
        Map<Map.Entry<String, String>, List<Long>> perFagsystem = new LinkedHashMap<>();
        rader.forEach(r -> perFagsystem.computeIfAbsent(Map.entry(r.fagsystem(), r.melding()), k -> new ArrayList<>()).add(r.sekvensnummer()));
        perFagsystem.forEach((noekkel, seq) -> {
            jdbc.update("update levering set status = 'LEVERT', levert = now(), forsoek = forsoek + 1, feil = null"
                    + " where fagsystem = ? and melding = ? and sekvensnummer = any(?)", noekkel.getKey(), noekkel.getValue(), seq.toArray(Long[]::new));
            metrics.counter("esb.hendelser.levert", "fagsystem", noekkel.getKey()).increment(seq.size());
        });
    }

    private void feilet(Fagsystem f, Rad r, Exception e) {
        int forsoek = r.forsoek() + 1;
        // the reason names the failure kind only: messages from brokers or webhooks may echo the payload
        String grunn = Feilaarsak.registrer(e, "hendelseleveringen");
        if (forsoek >= f.retry().maxAttempts() || e instanceof WebhookSvar svar && svar.avviserInnholdet()) {
            feiletForGodt(r, forsoek, grunn);
        } else {
            Duration vent = f.retry().delayBefore(forsoek + 1, maksVent);
            if (e instanceof WebhookSvar svar && svar.retryAfter != null && svar.retryAfter.compareTo(vent) > 0) {
                // the receiver asked for a longer pause (429/503 Retry-After): its attempts are not spent before it ends
                vent = svar.retryAfter;
            }
            Instant neste = Instant.now().plus(vent);
            jdbc.update("update levering set forsoek = ?, neste_forsoek = ?, feil = ? where sekvensnummer = ? and fagsystem = ? and melding = ?",
                    forsoek, Timestamp.from(neste), grunn, r.sekvensnummer(), r.fagsystem(), r.melding());
            log.info("Delivery of event {} to {} failed (attempt {}), next try {}: {}", r.sekvensnummer(), r.fagsystem(), forsoek, neste, grunn);
        }
    }

    /** The end of a row that will not be sent: FEILET with its reason, the document kept in the dead-letter store, counted. */
    private void feiletForGodt(Rad r, int forsoek, String grunn) {
        jdbc.update("update levering set status = 'FEILET', forsoek = ?, feil = ? where sekvensnummer = ? and fagsystem = ? and melding = ?",
                forsoek, grunn, r.sekvensnummer(), r.fagsystem(), r.melding());
        jdbc.update(NY_DEAD_LETTER, UUID.randomUUID(), deadLetterReferanse(r.sekvensnummer(), r.fagsystem(), r.melding()), grunn,
                r.dokument().getBytes(StandardCharsets.UTF_8), r.sekvensnummer(), r.fagsystem(), r.melding());
        metrics.counter("esb.hendelser.levering.feilet", "fagsystem", r.fagsystem()).increment();
        log.warn("Delivery of event {} to {} failed for good after {} attempts: {}", r.sekvensnummer(), r.fagsystem(), forsoek, grunn);
    }

    /** The dead-letter store's {@code kilde} of a delivery that failed for good. */
    public static final String DEAD_LETTER_KILDE = "hendelser-levering";

    /**
     * A delivery's dead letter (id, referanse, grunn, payload; then the row's key), with whom its payload names beside
     * its person: the row's {@code eiere} and {@code naere} as they are now, in the round's transaction with the row
     * locked (V58: {@code '{}'} for no owner who is a person, null eiere is a dead letter from before V58). A replay
     * makes the row again with new ones while the dead letter keeps this payload; the fan-out's screening judges it by
     * its own ({@link Adressetilbakeholding}).
     */
    static final String NY_DEAD_LETTER = """
            insert into dead_letter (id, kilde, referanse, grunn, payload, eiere, naere)
            select ?, '%s', ?, ?, ?, coalesce(l.eiere, '{}'), l.naere
              from (select 1) as en left join levering l on l.sekvensnummer = ? and l.fagsystem = ? and l.melding = ?"""
            .formatted(DEAD_LETTER_KILDE);

    /** The dead letter's {@code referanse} of a delivery row: {@code <sekvensnummer>/<fagsystem>[/<melding>]}. */
    static String deadLetterReferanse(long sekvensnummer, String fagsystem, String melding) {
        return sekvensnummer + "/" + fagsystem + (melding == null || melding.isEmpty() ? "" : "/" + melding);
    }

    /** {@link #deadLetterReferanse} as an SQL expression of the delivery row {@code rad} (an alias of {@code levering}). */
    public static String deadLetterReferanseSql(String rad) {
        return "%1$s.sekvensnummer || '/' || %1$s.fagsystem || case when %1$s.melding = '' then '' else '/' || %1$s.melding end".formatted(rad);
    }


    /**
     * One delivery row; {@code melding} is empty for the registration's event message; {@code identifikator} is its
     * event's (null: no stored event), the Kafka key's source; {@code person} the key of the person's numbers ({@link
     * Personidentiteter}; the identifikator for a person whose number never changed), used only to keep a person's rows
     * in order. Neither is ever logged.
     */
    record Rad(long sekvensnummer, String fagsystem, String melding, String dokument, int forsoek, String identifikator, String person) {

        /** The rows that go in order with this one: its person's, of its message kind (none without a person). */
        Optional<Map.Entry<String, String>> stroem() {
            return person == null ? Optional.empty() : Optional.of(Map.entry(melding, person));
        }
    }

    private static Rad rad(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new Rad(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5), rs.getString(6), rs.getString(7));
    }
}
