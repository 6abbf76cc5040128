package no.kommune.esb.konsoll;

import no.kommune.esb.platform.Maskering;
import no.kommune.esb.forsendelse.mottak.DeadLetterRedriver;
import no.kommune.esb.forsendelse.mottak.ForsendelseRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The manual-handling queue and the dead letters: why each is there, and resolve / redrive behind a confirm page.
 * The actions call the same repository and {@link DeadLetterRedriver}s as {@code /api/manuell} and
 * {@code /api/dead-letters}; each is written to the console's audit trail with the user's name.
 */
@Controller
public class Koesider {

    private static final Logger log = LoggerFactory.getLogger(Koesider.class);

    private final ForsendelseRepository forsendelser;
    private final List<DeadLetterRedriver> redrivere;
    private final Brevoversikt oversikt;
    private final Handlingslogg logg;

    public Koesider(ForsendelseRepository forsendelser, List<DeadLetterRedriver> redrivere, Brevoversikt oversikt, Handlingslogg logg) {
        this.forsendelser = forsendelser;
        this.redrivere = List.copyOf(redrivere);
        this.oversikt = oversikt;
        this.logg = logg;
    }

    /** A dead letter as listed: its letter (when it names a recipient letter) and whether a redriver knows its kilde. */
    public record DeadLetterRad(ForsendelseRepository.DeadLetter dead, String grunn, UUID brevId, boolean kanRedrives) {
    }

    @GetMapping("/konsoll/manuell")
    public String manuelle(Model model) {
        model.addAttribute("side", "manuell");
        model.addAttribute("saker", forsendelser.manuelle().stream()
                .map(s -> Map.entry(s, Optional.ofNullable(Maskering.tekst(s.manuellGrunn())).orElse(""))).toList());
        return "konsoll/manuell";
    }

    @GetMapping("/konsoll/manuell/{id}/loes")
    public String bekreftLoesning(@PathVariable String id, Model model) {
        ForsendelseRepository.ManuellSak sak = forsendelser.manuelle().stream().filter(s -> s.mottakerbrevId().toString().equals(id))
                .findFirst().orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("kommentarfelt", true);
        return KonsollFelles.bekreft(model, "manuell", "Marker som løst",
                "Mottakerbrev " + sak.mottakerbrevId() + " i «" + Maskering.tekst(sak.tittel()) + "» (" + sak.avsenderSystem() + ", "
                        + Maskering.tekst(sak.eksternReferanse()) + ") markeres som manuelt løst. Fagsystemet får statusmeldingen MANUELT_LOEST.",
                "/konsoll/manuell/" + id + "/loes", "Marker som løst", "/konsoll/manuell");
    }

    @PostMapping("/konsoll/manuell/{id}/loes")
    public String loes(@PathVariable String id, @RequestParam(required = false) String kommentar, Authentication innlogget,
                       RedirectAttributes svar) {
        String bruker = KonsollFelles.bruker(innlogget);
        ForsendelseRepository.Loesning loesning = uuid(id).map(u -> forsendelser.loesManuell(u, bruker, kommentar))
                .orElse(ForsendelseRepository.Loesning.IKKE_FUNNET);
        String utfall = switch (loesning) {
            case LOEST -> "løst";
            case IKKE_FUNNET -> "finnes ikke";
            case IKKE_MANUELL -> "var ikke til manuell behandling";
        };
        logg.skriv(bruker, "LOES_MANUELL", id, utfall);
        log.info("Console: recipient letter {} resolved by {}: {}", id, bruker, loesning);
        svar.addFlashAttribute(loesning == ForsendelseRepository.Loesning.LOEST ? "melding" : "feilmelding", "Mottakerbrev " + id + ": " + utfall + ".");
        return "redirect:/konsoll/manuell";
    }

    @GetMapping("/konsoll/dead-letters")
    public String deadLetters(@RequestParam(defaultValue = "false") boolean alle, Model model) {
        model.addAttribute("side", "dead-letters");
        model.addAttribute("alle", alle);
        model.addAttribute("rader", forsendelser.deadLetters(alle).stream().map(this::rad).toList());
        return "konsoll/dead-letters";
    }

    @GetMapping("/konsoll/dead-letters/{id}/redrive")
    public String bekreftRedrive(@PathVariable String id, Model model) {
        DeadLetterRad rad = uuid(id).flatMap(forsendelser::deadLetter).map(this::rad).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        // an event delivery: the person's later messages may have gone since; the user chooses whether it may land after them
        boolean rekkefoelge = redriver(rad.dead()).map(DeadLetterRedriver::holderRekkefoelge).orElse(false);
        model.addAttribute("trossNyereFelt", rekkefoelge);
        return KonsollFelles.bekreft(model, "dead-letters", "Send på nytt",
                "Dead letter " + rad.dead().id() + " fra " + rad.dead().kilde() + " sendes gjennom igjen fra der det feilet"
                        + (rekkefoelge ? " (dokumentet lages på nytt under registreringen som gjelder nå)" : "") + ". Grunn: " + rad.grunn(),
                "/konsoll/dead-letters/" + id + "/redrive", "Send på nytt", "/konsoll/dead-letters");
    }

    @PostMapping("/konsoll/dead-letters/{id}/redrive")
    public String redrive(@PathVariable String id, @RequestParam(name = "tross-nyere", defaultValue = "false") boolean trossNyere,
                          Authentication innlogget, RedirectAttributes svar) {
        String bruker = KonsollFelles.bruker(innlogget);
        Optional<ForsendelseRepository.DeadLetter> dead = uuid(id).flatMap(forsendelser::deadLetter);
        String utfall;
        if (dead.isEmpty()) {
            utfall = "finnes ikke";
        } else if (dead.get().redrevet() != null) {
            utfall = "var allerede sendt på nytt";
        } else {
            utfall = redriver(dead.get())
                    .map(r -> r.redriv(dead.get(), trossNyere))
                    .map(u -> u.redrevet() ? "sendt på nytt" + (trossNyere ? " (tross nyere)" : "") : u.detalj())
                    .orElse("ingen kan sende kilde " + dead.get().kilde() + " på nytt");
        }
        logg.skriv(bruker, "REDRIVE", id, utfall);
        log.info("Console: dead letter {} redrive by {}: {}", id, bruker, utfall);
        svar.addFlashAttribute(utfall.startsWith("sendt på nytt") ? "melding" : "feilmelding", "Dead letter " + id + ": " + utfall + ".");
        Optional<UUID> brev = dead.flatMap(d -> d.referanse() == null ? Optional.empty() : oversikt.brevFor(d.referanse()));
        return brev.map(b -> "redirect:/konsoll/brev/" + b).orElse("redirect:/konsoll/dead-letters");
    }

    private DeadLetterRad rad(ForsendelseRepository.DeadLetter d) {
        return new DeadLetterRad(d, Maskering.tekst(d.grunn()), d.referanse() == null ? null : oversikt.brevFor(d.referanse()).orElse(null),
                d.redrevet() == null && redriver(d).isPresent());
    }

    private Optional<DeadLetterRedriver> redriver(ForsendelseRepository.DeadLetter d) {
        return redrivere.stream().filter(r -> r.kilde().equals(d.kilde())).findFirst();
    }

    private static Optional<UUID> uuid(String s) {
        try {
            return Optional.of(UUID.fromString(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
