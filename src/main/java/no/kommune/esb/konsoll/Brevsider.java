package no.kommune.esb.konsoll;

import jakarta.servlet.http.HttpServletResponse;
import no.kommune.esb.platform.Maskering;
import no.kommune.esb.forsendelse.mottak.ForsendelseRepository;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

import java.time.LocalDate;
import java.util.UUID;

/** Letters: the search, and one letter with its timeline (received, looked up, decided with rule and evidence, sent, delivered). */
@Controller
public class Brevsider {

    private final Brevoversikt oversikt;
    private final ForsendelseRepository forsendelser;

    public Brevsider(Brevoversikt oversikt, ForsendelseRepository forsendelser) {
        this.oversikt = oversikt;
        this.forsendelser = forsendelser;
    }

    @GetMapping("/konsoll/brev")
    public String sok(@RequestParam(required = false) String avsender, @RequestParam(required = false) String referanse,
                      @RequestParam(required = false) String status,
                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate fra,
                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate til, Model model,
                      HttpServletResponse svar) {
        Brevoversikt.Sok sok = new Brevoversikt.Sok(avsender, referanse, status, fra, til);
        model.addAttribute("side", "brev");
        model.addAttribute("sok", sok);
        // a search the database cannot take is a 400 with why on the form, not a 500
        String ugyldig = sok.ugyldig();
        if (ugyldig != null) {
            svar.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("feilmelding", "Søket ble ikke utført: " + ugyldig + ".");
        }
        model.addAttribute("treff", ugyldig != null ? java.util.List.of() : oversikt.sok(sok));
        model.addAttribute("maksTreff", Brevoversikt.MAKS_TREFF);
        model.addAttribute("avsendere", oversikt.avsendere());
        model.addAttribute("statuser", oversikt.statuser());
        return "konsoll/brev-sok";
    }

    @GetMapping("/konsoll/brev/{id}")
    public String brev(@PathVariable String id, Model model) {
        UUID brevId;
        try {
            brevId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        ForsendelseRepository.BrevStatus brev = forsendelser.hent(brevId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("side", "brev");
        model.addAttribute("brev", brev);
        model.addAttribute("mottaker", Brevoversikt.mottaker(brev.mottaker(), brev.mottakerType()));
        model.addAttribute("beslutninger", oversikt.beslutninger(brevId));
        model.addAttribute("tidslinje", brev.tidslinje().stream().map(t -> new Tidslinjerad(t.tid(), t.hendelse(),
                Maskering.tekst(t.detalj()), t.mottakerbrevId() == null ? null : t.mottakerbrevId().toString().substring(0, 8),
                Tidslinjerad.steg(t.hendelse()), t.aarsak())).toList());
        return "konsoll/brev";
    }

    /** A timeline row as shown: which step of the story it belongs to (for its colour and icon); a failure's code beside it. */
    public record Tidslinjerad(java.time.Instant tid, String hendelse, String detalj, String mottakerbrev, String steg, String aarsak) {
        static String steg(String hendelse) {
            return switch (hendelse) {
                case "MOTTATT" -> "mottatt";
                case "OPPSLAG", "KONTROLL_FOER_SENDING" -> "oppslag";
                case "BESLUTTET", "BESLUTTET_PAA_NYTT" -> "besluttet";
                case "SENDT" -> "sendt";
                case "STATUS" -> "status";
                case "DEAD_LETTER", "MANUELL" -> "feil";
                case "REDRIVE", "MANUELT_LOEST", "AVSLUTTET", "NYTT_FORSOEK", "AVKLARES", "VENTER_PAA_SVARUT" -> "handling";
                default -> "annet";
            };
        }
    }
}
