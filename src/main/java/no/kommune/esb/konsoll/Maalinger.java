package no.kommune.esb.konsoll;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import no.kommune.esb.forsendelse.flyt.Mottakerstatus;
import no.kommune.esb.platform.Traader;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The figures behind the Prometheus metrics, for the console's small charts: a few meters of the same
 * {@link MeterRegistry} read every {@code konsoll.maaling.intervall} and kept for the last {@value #PUNKTER} readings
 * (in memory: the history starts at start-up; Prometheus keeps the real one). A counter is shown as how much it grew
 * per reading, a gauge as its value. A chart may count only some values of one tag (e.g. the statuses waiting to be
 * sent); it names them in its caption.
 */
@Component
public class Maalinger {

    /** Readings kept per series. */
    static final int PUNKTER = 60;

    /** One chart: what it measures, its readings, its latest value. */
    public record Serie(String navn, String forklaring, String meter, List<Double> punkter, double siste, String enhet) {
        /** SVG polyline points in a 120×32 box (see konsoll/oversikt.html). */
        public String linje() {
            return Sparklinje.punkter(punkter, 120, 32);
        }

        public String sisteTekst() {
            return siste == Math.rint(siste) ? String.valueOf((long) siste) : String.format(Locale.ROOT, "%.1f", siste);
        }
    }

    /** {@code tag}/{@code verdier}: only the meters whose tag has one of these values count; null: all of them. */
    private record Maal(String navn, String forklaring, String meter, String tag, Set<String> verdier, boolean teller, String enhet) {

        Maal(String navn, String forklaring, String meter, boolean teller, String enhet) {
            this(navn, forklaring, meter, null, null, teller, enhet);
        }

        /** The meter as the chart names it, with the tag values it counts. */
        String vist() {
            return tag == null ? meter : meter + "{" + tag + "=" + String.join("|", verdier) + "}";
        }

        boolean omfatter(Meter m) {
            return tag == null || verdier.contains(m.getId().getTag(tag));
        }
    }

    /** The recipient letters' statuses that wait to be sent ({@link Mottakerstatus#venterPaaSending()}). */
    static final Set<String> VENTER_PAA_SENDING = Arrays.stream(Mottakerstatus.values()).filter(Mottakerstatus::venterPaaSending)
            .map(Enum::name).collect(Collectors.toCollection(TreeSet::new));

    private static final List<Maal> MAAL = List.of(
            new Maal("Brev mottatt", "nye brev per måling", "esb.forsendelse.mottatt", true, "brev"),
            new Maal("Sendinger", "sendinger til SvarUt og varsling per måling", "esb.forsendelse.sendinger", true, "sendinger"),
            // the gauge counts manual cases and dead letters too, which no flow sends by itself: only the waiting ones count here
            new Maal("Venter på sending", "mottakerbrev som venter på et sendeforsøk: status " + String.join(", ", VENTER_PAA_SENDING)
                    + " (ikke manuell behandling eller dead letters)", "esb.forsendelse.mottakerbrev", "status", VENTER_PAA_SENDING, false, "brev"),
            new Maal("Åpne dead letters", "dead letters som verken er sendt på nytt eller avsluttet, alle slag", "esb.deadletter.aapne", false, "dead letters"),
            new Maal("Hendelser lest", "registerhendelser lest fra feeden per måling", "esb.hendelser.lest", true, "hendelser"),
            new Maal("Hendelser levert", "leveranser til fagsystemer per måling", "esb.hendelser.levert", true, "leveranser"),
            new Maal("Leveranser feilet", "mislykte leveranser til fagsystemer per måling", "esb.hendelser.levering.feilet", true, "feil"),
            new Maal("Registerfeil", "feil fra registrene per måling", "esb.register.feil", true, "feil"),
            new Maal("Camel-utvekslinger", "utvekslinger i alle ruter per måling", "camel.exchanges.total", true, "utvekslinger"),
            new Maal("Camel-feil", "mislykte utvekslinger i alle ruter per måling", "camel.exchanges.failed", true, "feil"));

    private final MeterRegistry registry;
    private final Map<String, Deque<Double>> historikk = new LinkedHashMap<>();
    private final Map<String, Double> forrige = new LinkedHashMap<>();
    private final ScheduledExecutorService planlegger = Executors.newSingleThreadScheduledExecutor(Traader.daemon("konsoll-maalinger"));

    public Maalinger(MeterRegistry registry, @Value("${konsoll.maaling.intervall}") Duration intervall) {
        this.registry = registry;
        MAAL.forEach(m -> historikk.put(m.navn(), new ArrayDeque<>()));
        planlegger.scheduleWithFixedDelay(this::les, 0, intervall.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stopp() {
        planlegger.shutdownNow();
    }

    /** Every chart with its readings so far. */
    public synchronized List<Serie> serier() {
        List<Serie> serier = new ArrayList<>();
        for (Maal m : MAAL) {
            List<Double> punkter = new ArrayList<>(historikk.get(m.navn()));
            serier.add(new Serie(m.navn(), m.forklaring(), m.vist(), punkter, punkter.isEmpty() ? 0 : punkter.get(punkter.size() - 1), m.enhet()));
        }
        return serier;
    }

    synchronized void les() {
        for (Maal m : MAAL) {
            double naa = sum(m);
            double verdi = naa;
            if (m.teller()) {
                Double foer = forrige.put(m.navn(), naa);
                verdi = foer == null ? 0 : Math.max(0, naa - foer);
            }
            Deque<Double> punkter = historikk.get(m.navn());
            punkter.addLast(verdi);
            while (punkter.size() > PUNKTER) {
                punkter.removeFirst();
            }
        }
    }

    /**
     * The sum over every tag combination of the chart's meter that it counts (counters, function counters, gauges,
     * timers' counts).
     */
    private double sum(Maal maal) {
        double sum = 0;
        for (Meter meter : registry.find(maal.meter()).meters()) {
            if (!maal.omfatter(meter)) {
                continue;
            }
            if (meter instanceof Counter c) {
                sum += c.count();
            } else if (meter instanceof FunctionCounter c) {
                sum += c.count();
            } else if (meter instanceof Gauge g) {
                sum += Double.isNaN(g.value()) ? 0 : g.value();
            } else if (meter instanceof Timer t) {
                sum += t.count();
            }
        }
        return sum;
    }
}
