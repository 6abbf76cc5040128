package no.kommune.esb.konsoll;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.ChoiceDefinition;
import org.apache.camel.model.Model;
import org.apache.camel.model.OptionalIdentifiedDefinition;
import org.apache.camel.model.OutputNode;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.util.URISupport;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Routes as Camel itself holds them: the diagram is drawn from each route's model ({@link RouteDefinition}: its input
 * and the tree of processors the YAML became), the state from Camel's route controller, and the counters from the
 * Micrometer route policy that also feeds Prometheus ({@code camel.exchanges.total}/{@code .failed},
 * {@code camel.route.policy}). Endpoint URIs pass through Camel's {@link URISupport#sanitizeUri} so no password shows.
 */
@Component
public class Rutemodell {

    /** One route in the list. */
    public record Rute(String id, String fra, String beskrivelse, String tilstand, String kilde, Tall tall) {
        public boolean kjoerer() {
            return ServiceStatus.Started.name().equals(tilstand);
        }

        /** The description's first sentence, for the list. */
        public String kortBeskrivelse() {
            if (beskrivelse == null) {
                return "";
            }
            int punktum = beskrivelse.indexOf(". ");
            String foerste = punktum < 0 ? beskrivelse : beskrivelse.substring(0, punktum + 1);
            return foerste.length() <= 160 ? foerste : foerste.substring(0, 157) + "…";
        }

        /** The input endpoint without its options, for the list. */
        public String fraKort() {
            int spoersmaal = fra.indexOf('?');
            // REST DSL paths keep their {parameters} encoded in the endpoint URI
            return (spoersmaal < 0 ? fra : fra.substring(0, spoersmaal)).replace("%7B", "{").replace("%7D", "}");
        }
    }

    /** The route policy's figures. */
    public record Tall(long utvekslinger, long feilet, double snittMs, double maksMs) {
        public String snitt() {
            return utvekslinger == 0 ? "–" : String.format(Locale.ROOT, "%.1f ms", snittMs);
        }

        public String maks() {
            return utvekslinger == 0 ? "–" : String.format(Locale.ROOT, "%.1f ms", maksMs);
        }
    }

    /** One box of the diagram: the EIP, its label, its description, and the boxes inside it. */
    public record Knute(String eip, String tekst, String beskrivelse, List<Knute> barn) {
        public boolean forgrener() {
            return "choice".equals(eip) || "doTry".equals(eip) || "multicast".equals(eip) || "loadBalance".equals(eip);
        }
    }

    private final CamelContext camel;
    private final MeterRegistry metrikker;

    public Rutemodell(CamelContext camel, MeterRegistry metrikker) {
        this.camel = camel;
        this.metrikker = metrikker;
    }

    /** Every route, sorted by id. */
    public List<Rute> ruter() {
        return camel.getRoutes().stream().sorted(Comparator.comparing(Route::getRouteId)).map(this::rute).toList();
    }

    public Optional<Rute> rute(String id) {
        return Optional.ofNullable(camel.getRoute(id)).map(this::rute);
    }

    /** The file the route was loaded from, when it was loaded from a file ({@code file:} resource), else empty. */
    public Optional<java.nio.file.Path> kildefil(String id) {
        Route r = camel.getRoute(id);
        org.apache.camel.spi.Resource kilde = r == null ? null : r.getSourceResource();
        if (kilde == null || kilde.getLocation() == null || !kilde.getLocation().startsWith("file:")) {
            return Optional.empty();
        }
        return Optional.of(java.nio.file.Path.of(kilde.getLocation().substring("file:".length())));
    }

    /** The route's diagram: its input as the first box, then its processors in order. */
    public Optional<Knute> diagram(String id) {
        RouteDefinition def = camel.getCamelContextExtension().getContextPlugin(Model.class).getRouteDefinition(id);
        if (def == null) {
            return Optional.empty();
        }
        List<Knute> steg = new ArrayList<>();
        steg.add(new Knute("from", URISupport.sanitizeUri(def.getInput().getUri()), def.getInput().getDescriptionText(), List.of()));
        def.getOutputs().forEach(p -> steg.add(knute(p)));
        return Optional.of(new Knute("route", id, def.getDescriptionText(), steg));
    }

    public void start(String id) throws Exception {
        camel.getRouteController().startRoute(id);
    }

    /**
     * Stops the route in this instance's Camel context, letting its in-flight exchanges finish for up to 30 s: other
     * instances of the platform go on, and a restart of this one starts it again as configured (the console says so).
     */
    public void stopp(String id) throws Exception {
        camel.getRouteController().stopRoute(id, 30, TimeUnit.SECONDS);
    }

    private Rute rute(Route r) {
        ServiceStatus status = camel.getRouteController().getRouteStatus(r.getRouteId());
        return new Rute(r.getRouteId(), URISupport.sanitizeUri(r.getEndpoint().getEndpointUri()), r.getDescription(),
                status == null ? "Ukjent" : status.name(), r.getSourceLocationShort(), tall(r.getRouteId()));
    }

    private Tall tall(String id) {
        long total = (long) metrikker.find("camel.exchanges.total").tag("routeId", id).counters().stream().mapToDouble(Counter::count).sum();
        long feilet = (long) metrikker.find("camel.exchanges.failed").tag("routeId", id).counters().stream().mapToDouble(Counter::count).sum();
        double sum = 0;
        double maks = 0;
        long antall = 0;
        for (Timer t : metrikker.find("camel.route.policy").tag("routeId", id).timers()) {
            sum += t.totalTime(TimeUnit.MILLISECONDS);
            maks = Math.max(maks, t.max(TimeUnit.MILLISECONDS));
            antall += t.count();
        }
        return new Tall(Math.max(total, antall), feilet, antall == 0 ? 0 : sum / antall, maks);
    }

    private static Knute knute(OptionalIdentifiedDefinition<?> p) {
        List<OptionalIdentifiedDefinition<?>> ut = new ArrayList<>();
        if (p instanceof ChoiceDefinition c) {
            ut.addAll(c.getWhenClauses());
            if (c.getOtherwise() != null) {
                ut.add(c.getOtherwise());
            }
        } else if (p instanceof OutputNode o && o.getOutputs() != null) {
            ut.addAll(o.getOutputs());
        }
        return new Knute(p.getShortName(), URISupport.sanitizeUri(p.getLabel()), p.getDescriptionText(), ut.stream().map(Rutemodell::knute).toList());
    }
}
