package no.kommune.esb.platform.konfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Several instances each watch their own copy of the config files, so an instance that has not got a narrowed
 * registration yet would go on fanning out under the old one. Each instance records the checksum of every live file
 * (table {@code konfig_node}, renewed as a heartbeat) and compares it with the other live instances' every round:
 * <ul>
 *   <li>while a registration or mapping differs from another live instance's, {@link #fordelingTillatt()} is false on
 *       every instance: the event fan-out and the proactive letters wait (routes {@code hendelser-fordeling},
 *       {@code proaktiv-hendelser}), the events stay stored, nothing is lost; a rolling deploy holds them for a few
 *       seconds;</li>
 *   <li>a difference that lasts longer than {@code platform.konfig.avvik-varsel-etter} (any file, routes and triggers
 *       too) is logged once as a WARN naming the files and instances, and turns the health check {@code konfigNoder}
 *       DOWN until the files agree again.</li>
 * </ul>
 * What is compared and shown is paths and checksums, never file content.
 */
public class Konfignoder {

    static final String FAGSYSTEMER = "fagsystemer";
    static final String MAPPINGER = "mappinger";

    private static final Logger log = LoggerFactory.getLogger(Konfignoder.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<TreeMap<String, String>> FILER = new TypeReference<>() { };

    /**
     * A file that differs between this instance and another live one.
     *
     * @param node the other instance
     * @param fil  folder kind and path in it, e.g. {@code fagsystemer/skole.yaml}
     * @param her  the first 12 hex digits of this instance's live version's checksum; {@code mangler} when it has none
     * @param der  the same for the other instance
     */
    public record Avvik(String node, String fil, String her, String der) {

        /** A registration or mapping: what the fan-out minimises and maps by. */
        public boolean registrering() {
            return fil.startsWith(FAGSYSTEMER + "/") || fil.startsWith(MAPPINGER + "/");
        }
    }

    /** A live instance as the last round saw it. */
    public record Node(String node, Instant endret, Instant sistSett, boolean denne) {
    }

    /** What the last round found: the live instances, the differences, and since when they have differed. */
    public record Tilstand(List<Node> noder, List<Avvik> avvik, Instant avvikSiden, boolean varslet) {
    }

    private final JdbcTemplate jdbc;
    private final Supplier<Map<String, String>> filer;
    private final String node;
    private final Duration puls;
    private final Duration varselEtter;
    private final Clock clock;

    private Map<String, String> skrevet;
    private Instant skrevetTid;
    private volatile Tilstand tilstand = new Tilstand(List.of(), List.of(), null, false);

    /**
     * @param filer       this instance's live files and checksums ({@link Konfigurasjonsovervaaker#fingeravtrykk()})
     * @param node        this instance's id
     * @param puls        how often the record is renewed; an instance unseen for three beats counts as gone
     * @param varselEtter how long a difference may last before it is logged and the health check goes DOWN
     */
    public Konfignoder(JdbcTemplate jdbc, Supplier<Map<String, String>> filer, String node, Duration puls, Duration varselEtter,
                       MeterRegistry metrics, Clock clock) {
        this.jdbc = jdbc;
        this.filer = filer;
        this.node = node;
        this.puls = puls;
        this.varselEtter = varselEtter;
        this.clock = clock;
        Gauge.builder("esb.konfig.avvik", this, k -> k.tilstand.avvik().stream().map(Avvik::fil).distinct().count())
                .description("Config files whose live version differs from another live instance's").register(metrics);
    }

    /** Records this instance's live files (when changed, or as a heartbeat) and compares them with the others'. */
    public synchronized void runde() {
        Map<String, String> her = filer.get();
        Instant naa = clock.instant();
        if (!her.equals(skrevet) || skrevetTid == null || !naa.isBefore(skrevetTid.plus(puls))) {
            skriv(her, !her.equals(skrevet));
            skrevet = her;
            skrevetTid = naa;
        }
        long gammel = puls.multipliedBy(3).toMillis();
        Map<String, Map<String, String>> andre = new TreeMap<>();
        List<Node> noder = new ArrayList<>();
        jdbc.query("select node, filer, endret, sist_sett from konfig_node where sist_sett > now() - make_interval(secs => ?) order by node",
                rs -> {
                    String n = rs.getString("node");
                    noder.add(new Node(n, rs.getTimestamp("endret").toInstant(), rs.getTimestamp("sist_sett").toInstant(), n.equals(node)));
                    if (!n.equals(node)) {
                        andre.put(n, les(rs.getString("filer")));
                    }
                }, gammel / 1000.0);
        List<Avvik> avvik = avvik(her, andre);
        Tilstand foer = tilstand;
        Instant siden = avvik.isEmpty() ? null : foer.avvikSiden() == null ? naa : foer.avvikSiden();
        boolean varslet = foer.varslet();
        if (!avvik.isEmpty() && !varslet && !naa.isBefore(siden.plus(varselEtter))) {
            log.warn("Config differs between instances since {}: {} (deploy the same routes/, mappings/ and config/ to every instance; "
                    + "the event fan-out and proactive letters wait while registrations or mappings differ)", siden, beskriv(avvik));
            varslet = true;
        } else if (avvik.isEmpty() && !foer.avvik().isEmpty()) {
            log.info("Config agrees between instances again ({} live)", noder.size());
            varslet = false;
        }
        boolean holdtFoer = foer.avvik().stream().anyMatch(Avvik::registrering);
        boolean holdes = avvik.stream().anyMatch(Avvik::registrering);
        if (holdes && !holdtFoer) {
            log.info("Event fan-out and proactive letters wait: registrations or mappings differ from another instance's ({})", beskriv(avvik));
        } else if (!holdes && holdtFoer) {
            log.info("Event fan-out and proactive letters go on: registrations and mappings agree with the other instances'");
        }
        tilstand = new Tilstand(List.copyOf(noder), avvik, siden, varslet);
    }

    /**
     * False while a registration or mapping of this instance differs from another live instance's: the fan-out would
     * minimise by different rules depending on which instance runs it.
     */
    public boolean fordelingTillatt() {
        return tilstand.avvik().stream().noneMatch(Avvik::registrering);
    }

    /** What the last round found. */
    public Tilstand tilstand() {
        return tilstand;
    }

    /** True once a difference has lasted longer than the warning delay (the health check is DOWN then). */
    public boolean varsel() {
        return tilstand.varslet() && !tilstand.avvik().isEmpty();
    }

    /** Removes this instance's record (a clean stop), so the others do not compare with it for three more beats. */
    public void stopp() {
        jdbc.update("delete from konfig_node where node = ?", node);
    }

    /** The files that differ: in one instance and not the other, or with another checksum. Pure. */
    static List<Avvik> avvik(Map<String, String> her, Map<String, Map<String, String>> andre) {
        List<Avvik> ut = new ArrayList<>();
        andre.forEach((n, der) -> {
            TreeSet<String> alle = new TreeSet<>(her.keySet());
            alle.addAll(der.keySet());
            for (String fil : alle) {
                String a = her.get(fil);
                String b = der.get(fil);
                if (a == null || !a.equals(b)) {
                    ut.add(new Avvik(n, fil, kort(a), kort(b)));
                }
            }
        });
        return List.copyOf(ut);
    }

    private void skriv(Map<String, String> her, boolean endret) {
        String tekst;
        try {
            tekst = JSON.writeValueAsString(her);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jdbc.update("""
                insert into konfig_node (node, filer, endret, sist_sett) values (?, ?, now(), now())
                on conflict (node) do update set filer = excluded.filer, sist_sett = excluded.sist_sett,
                    endret = case when ? then excluded.endret else konfig_node.endret end""", node, tekst, endret);
    }

    private static Map<String, String> les(String tekst) {
        try {
            return JSON.readValue(tekst, FILER);
        } catch (JsonProcessingException e) {
            // a row this version cannot read differs in every file
            return Map.of();
        }
    }

    private static String kort(String sjekksum) {
        return sjekksum == null ? "mangler" : Konfigfil.kort(sjekksum);
    }

    private static String beskriv(List<Avvik> avvik) {
        StringBuilder sb = new StringBuilder();
        avvik.stream().limit(10).forEach(a -> sb.append(sb.isEmpty() ? "" : ", ").append(a.fil()).append(" (here ")
                .append(a.her()).append(", ").append(a.node()).append(' ').append(a.der()).append(')'));
        if (avvik.size() > 10) {
            sb.append(" and ").append(avvik.size() - 10).append(" more");
        }
        return sb.toString();
    }
}
