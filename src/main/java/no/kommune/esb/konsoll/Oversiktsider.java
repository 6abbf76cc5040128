package no.kommune.esb.konsoll;

import no.kommune.esb.platform.Maskering;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.forsendelse.mottak.ForsendelseRepository;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The start page: the health of each broker and store (the actuator's health components) and of each register (the
 * flows' waiting state, {@code esb.register.venter}/{@code esb.register.feil}), the queues' sizes, small charts of the
 * metrics, and the latest console actions; plus the audit trail page.
 */
@Controller
public class Oversiktsider {

    /** The registers the flows call, shown even before any call has failed. */
    static final List<String> REGISTRE = List.of("folkeregisteret", "krr", "svarut", "matrikkel", "nhn", "maskinporten");

    /** A health line: name, status, and what the status means here. */
    public record Helse(String navn, String status, String merknad) {
        public String klasse() {
            return switch (status) {
                case "UP", "OK" -> "ok";
                case "DOWN", "VENTER" -> "feil";
                default -> "advarsel";
            };
        }
    }

    private final HealthEndpoint helse;
    private final MeterRegistry metrikker;
    private final Maalinger maalinger;
    private final ForsendelseRepository forsendelser;
    private final Handlingslogg logg;
    private final JdbcTemplate jdbc;

    public Oversiktsider(HealthEndpoint helse, MeterRegistry metrikker, Maalinger maalinger, ForsendelseRepository forsendelser,
                         Handlingslogg logg, JdbcTemplate jdbc) {
        this.helse = helse;
        this.metrikker = metrikker;
        this.maalinger = maalinger;
        this.forsendelser = forsendelser;
        this.logg = logg;
        this.jdbc = jdbc;
    }

    @GetMapping("/konsoll")
    public String oversikt(Model model) {
        model.addAttribute("side", "oversikt");
        model.addAttribute("komponenter", komponenter());
        model.addAttribute("registre", registre());
        model.addAttribute("serier", maalinger.serier());
        model.addAttribute("manuelle", forsendelser.antallManuelle());
        // the open ones of every kind, by the grouped count the gauge esb.deadletter.aapne reads (fresh here, not its cached value)
        Map<String, Long> deadLetters = forsendelser.aapneDeadLettersPerKilde();
        model.addAttribute("deadLetters", deadLetters.values().stream().mapToLong(Long::longValue).sum());
        model.addAttribute("deadLettersPerKilde", deadLetters);
        model.addAttribute("brevstatus", jdbc.queryForList("select status, count(*) as antall from brev group by status order by status"));
        List<Map<String, Object>> alarmer = jdbc.queryForList("select kilde, melding, aarsak, tid from alarm where kvittert is null order by id desc limit 5");
        alarmer.forEach(a -> a.put("melding", Maskering.tekst((String) a.get("melding"))));
        model.addAttribute("alarmer", alarmer);
        model.addAttribute("handlinger", logg.siste(8));
        return "konsoll/oversikt";
    }

    @GetMapping("/konsoll/handlinger")
    public String handlinger(Model model) {
        model.addAttribute("side", "handlinger");
        model.addAttribute("handlinger", logg.siste(500));
        return "konsoll/handlinger";
    }

    /** Each health component of the actuator, one level deep (status only: details may name hosts and users). */
    private List<Helse> komponenter() {
        List<Helse> liste = new ArrayList<>();
        HealthComponent rot = helse.health();
        if (rot instanceof CompositeHealth samlet) {
            samlet.getComponents().forEach((navn, k) -> liste.add(new Helse(navn, k.getStatus().getCode(), merknad(navn))));
        }
        return liste;
    }

    private static String merknad(String komponent) {
        return switch (komponent) {
            case "db" -> "PostgreSQL, plattformens tilstand";
            case "jms" -> "ActiveMQ Artemis";
            case "kafka" -> "Kafka";
            case "sftp" -> "SFTP-tjeneren";
            case "alarmer" -> "åpne alarmer (feed, resync, registre)";
            case "camelHealth", "camel" -> "Camel-konteksten og rutene";
            default -> "";
        };
    }

    /** Per register: waiting (a flow waits for it to come back) or OK, and how many calls failed since start. */
    private List<Helse> registre() {
        Map<String, Double> venter = new TreeMap<>();
        Map<String, Double> feil = new TreeMap<>();
        for (Meter m : metrikker.find("esb.register.venter").meters()) {
            if (m instanceof Gauge g) {
                venter.merge(m.getId().getTag("register"), g.value(), Double::sum);
            }
        }
        for (Meter m : metrikker.find("esb.register.feil").meters()) {
            if (m instanceof Counter c) {
                feil.merge(m.getId().getTag("register"), c.count(), Double::sum);
            }
        }
        TreeSet<String> navn = new TreeSet<>(REGISTRE);
        venter.keySet().stream().filter(n -> n != null).forEach(navn::add);
        feil.keySet().stream().filter(n -> n != null).forEach(navn::add);
        return navn.stream().map(n -> new Helse(n, venter.getOrDefault(n, 0.0) > 0 ? "VENTER" : "OK",
                "feilede kall siden start: " + (long) (double) feil.getOrDefault(n, 0.0))).toList();
    }
}
