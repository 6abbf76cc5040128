package no.kommune.esb.konsoll;

import no.kommune.esb.platform.Feilaarsak;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import no.kommune.esb.platform.konfig.Konfigfil;
import no.kommune.esb.platform.konfig.Konfigurasjonsovervaaker;
import no.kommune.esb.platform.konfig.Konfigurasjonsstatus;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Routes: the list with state and counters, each route's diagram from Camel's model, and start/stop behind a confirm page. */
@Controller
public class Rutesider {

    private static final Logger log = LoggerFactory.getLogger(Rutesider.class);

    private final Rutemodell ruter;
    private final Handlingslogg logg;
    private final Konfigurasjonsstatus konfig;
    private final Konfigurasjonsovervaaker overvaaker;

    public Rutesider(Rutemodell ruter, Handlingslogg logg, Konfigurasjonsstatus konfig, Konfigurasjonsovervaaker overvaaker) {
        this.ruter = ruter;
        this.logg = logg;
        this.konfig = konfig;
        this.overvaaker = overvaaker;
    }

    @GetMapping("/konsoll/ruter")
    public String ruter(Model model) {
        model.addAttribute("side", "ruter");
        model.addAttribute("ruter", ruter.ruter());
        return "konsoll/ruter";
    }

    @GetMapping("/konsoll/ruter/{id}")
    public String rute(@PathVariable String id, Model model) {
        Rutemodell.Rute rute = ruter.rute(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("side", "ruter");
        model.addAttribute("rute", rute);
        model.addAttribute("diagram", ruter.diagram(id).orElse(null));
        model.addAttribute("konfigfil", fil(rute).orElse(null));
        model.addAttribute("handlinger", logg.om(id));
        return "konsoll/rute";
    }

    /**
     * The watched file the route was loaded from (its live version), when the config watcher knows it: the very file, by
     * its whole path, not one of the same name in another folder or one whose name ends with the route file's.
     */
    private Optional<Konfigurasjonssider.Fil> fil(Rutemodell.Rute rute) {
        return ruter.kildefil(rute.id()).flatMap(kilde -> fil(konfig.filer(), kilde)).map(f -> Konfigurasjonssider.fil(f, overvaaker));
    }

    /** The one of {@code filer} that is {@code kilde}, whichever way each path is written (relative, absolute, with {@code ..}). */
    static Optional<Konfigfil> fil(List<Konfigfil> filer, Path kilde) {
        Path maal = kilde.toAbsolutePath().normalize();
        return filer.stream().filter(f -> Path.of(f.sti()).toAbsolutePath().normalize().equals(maal)).findFirst();
    }

    /**
     * What a stop or start reaches (Camel's route controller of the instance that served the request, {@link Rutemodell#stopp}):
     * said on the confirm page and after the action, since with more than one instance the others go on as before.
     */
    static final String BARE_HER = "Dette gjelder bare denne instansen av plattformen: kjører den på flere, endres ikke de andre,"
            + " og en omstart av denne setter ruten tilbake slik konfigurasjonen sier.";

    @GetMapping("/konsoll/ruter/{id}/{handling:start|stopp}")
    public String bekreft(@PathVariable String id, @PathVariable String handling, Model model) {
        Rutemodell.Rute rute = ruter.rute(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        boolean start = "start".equals(handling);
        return KonsollFelles.bekreft(model, "ruter", start ? "Start rute" : "Stopp rute",
                (start ? "Ruten " + id + " startes og tar imot meldinger fra " : "Ruten " + id + " stoppes: den slutter å ta imot meldinger fra ")
                        + rute.fra() + (start ? "." : ". Meldinger som er under behandling får gjøre seg ferdige (inntil 30 s).")
                        + " " + BARE_HER + " Denne instansen: " + logg.instans() + ".",
                "/konsoll/ruter/" + id + "/" + handling, start ? "Start ruten" : "Stopp ruten", "/konsoll/ruter/" + id);
    }

    @PostMapping("/konsoll/ruter/{id}/{handling:start|stopp}")
    public String utfoer(@PathVariable String id, @PathVariable String handling, Authentication innlogget, RedirectAttributes svar) {
        ruter.rute(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        String bruker = KonsollFelles.bruker(innlogget);
        boolean start = "start".equals(handling);
        String utfall;
        try {
            if (start) {
                ruter.start(id);
            } else {
                ruter.stopp(id);
            }
            utfall = start ? "startet" : "stoppet";
            svar.addFlashAttribute("melding", "Ruten " + id + " er " + utfall + " på instansen " + logg.instans() + ". " + BARE_HER);
        } catch (Exception e) {
            // the kind of failure in words (platform.Feilaarsak), as every failure the console shows: never the
            // exception's name (before session 31 "feilet: FailedToStartRouteException") or its message
            utfall = "feilet: " + Feilaarsak.registrer(e, "konsollet (rute " + id + ")");
            svar.addFlashAttribute("feilmelding", "Ruten " + id + ": " + utfall + ".");
        }
        // the row names this instance (Handlingslogg), the only one the action reached
        logg.skriv(bruker, start ? "RUTE_START" : "RUTE_STOPP", id, utfall);
        log.info("Console: route {} {} by {} on this instance ({})", id, utfall, bruker, logg.instans());
        return "redirect:/konsoll/ruter/" + id;
    }
}
