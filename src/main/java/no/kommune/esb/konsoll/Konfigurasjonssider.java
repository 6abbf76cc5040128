package no.kommune.esb.konsoll;

import no.kommune.esb.platform.Maskering;
import no.kommune.esb.platform.konfig.Konfigfil;
import no.kommune.esb.platform.konfig.Konfignoder;
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

    /** A file as shown: its live version's short checksum, and the refusal's reasons masked. */
    public record Fil(String sti, String status, String versjon, java.time.Instant lastet, List<String> feil) {
    }

    private final Konfigurasjonsstatus status;
    private final Konfignoder noder;

    public Konfigurasjonssider(Konfigurasjonsstatus status, Konfignoder noder) {
        this.status = status;
        this.noder = noder;
    }

    @GetMapping("/konsoll/konfigurasjon")
    public String konfigurasjon(Model model) {
        List<Fil> filer = status.filer().stream().map(Konfigurasjonssider::fil).toList();
        model.addAttribute("side", "konfigurasjon");
        model.addAttribute("filer", filer);
        model.addAttribute("ugyldige", filer.stream().filter(f -> Konfigfil.UGYLDIG.equals(f.status())).count());
        Konfignoder.Tilstand t = noder.tilstand();
        model.addAttribute("instanser", t.noder());
        model.addAttribute("ulikeFiler", t.avvik());
        model.addAttribute("fordelingVenter", !noder.fordelingTillatt());
        return "konsoll/konfigurasjon";
    }

    static Fil fil(Konfigfil f) {
        return new Fil(f.sti(), f.status(), Konfigfil.kort(f.sjekksum()),
                f.lastet(), f.feil().stream().map(Maskering::tekst).toList());
    }
}
