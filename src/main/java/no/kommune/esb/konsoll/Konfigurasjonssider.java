package no.kommune.esb.konsoll;

import no.kommune.esb.platform.Maskering;
import no.kommune.esb.platform.konfig.Konfigfil;
import no.kommune.esb.platform.konfig.Konfignoder;
import no.kommune.esb.platform.konfig.Konfigurasjonsovervaaker;
import no.kommune.esb.platform.konfig.Konfigurasjonsstatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import java.util.List;

/**
 * Configuration: which version of each watched file (routes, fagsystem registrations, mappings) runs, since when, and
 * why an edit on disk was refused ({@link Konfigurasjonsstatus}, the same as {@code GET /api/konfig}).
 */
@Controller
public class Konfigurasjonssider {

    /**
     * A file as shown: its path in its folder by the folder's kind ({@code ruter/…}, {@code fagsystemer/…}, as
     * {@code GET /api/konfig/noder} names files), never where this machine keeps the folder; its live version's short
     * checksum; the refusal's reasons masked, with the folders named the same way.
     */
    public record Fil(String sti, String status, String versjon, java.time.Instant lastet, List<String> feil) {
    }

    /** The folders' kinds in the order the page's heading names them (routes, registrations, mappings), then the rest. */
    private static final List<String> SLAG = List.of("ruter/", "fagsystemer/", "mappinger/");
    /** By kind, then by the path shown: where a folder is kept (an absolute route folder) does not set the order. */
    static final java.util.Comparator<Fil> REKKEFOELGE = java.util.Comparator.<Fil>comparingInt(f -> {
        int i = 0;
        while (i < SLAG.size() && !f.sti().startsWith(SLAG.get(i))) {
            i++;
        }
        return i;
    }).thenComparing(Fil::sti);

    private final Konfigurasjonsstatus status;
    private final Konfignoder noder;
    private final Konfigurasjonsovervaaker overvaaker;

    public Konfigurasjonssider(Konfigurasjonsstatus status, Konfignoder noder, Konfigurasjonsovervaaker overvaaker) {
        this.status = status;
        this.noder = noder;
        this.overvaaker = overvaaker;
    }

    @GetMapping("/konsoll/konfigurasjon")
    public String konfigurasjon(Model model) {
        List<Fil> filer = status.filer().stream().map(f -> fil(f, overvaaker)).sorted(REKKEFOELGE).toList();
        model.addAttribute("side", "konfigurasjon");
        model.addAttribute("filer", filer);
        model.addAttribute("ugyldige", filer.stream().filter(f -> Konfigfil.UGYLDIG.equals(f.status())).count());
        Konfignoder.Tilstand t = noder.tilstand();
        model.addAttribute("instanser", t.noder());
        model.addAttribute("ulikeFiler", t.avvik());
        model.addAttribute("fordelingVenter", !noder.fordelingTillatt());
        return "konsoll/konfigurasjon";
    }

    static Fil fil(Konfigfil f, Konfigurasjonsovervaaker overvaaker) {
        return new Fil(overvaaker.vist(f.sti()), f.status(), Konfigfil.kort(f.sjekksum()),
                f.lastet(), f.feil().stream().map(overvaaker::vistTekst).map(Maskering::tekst).toList());
    }
}
