package no.kommune.esb.konsoll;

import no.kommune.esb.platform.Maskering;
import no.kommune.esb.forsendelse.mottak.DeadLetterAvslutning;
import no.kommune.esb.forsendelse.mottak.DeadLetterAvslutter;
import no.kommune.esb.forsendelse.mottak.DeadLetterRedriver;
import no.kommune.esb.forsendelse.mottak.ForsendelseRepository;
import no.kommune.esb.forsendelse.mottak.Sidemerke;
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
 * The manual-handling queue and the dead letters: why each is there, and resolve / redrive / close without sending
 * behind a confirm page. The actions call the same repository, {@link DeadLetterRedriver}s and {@link DeadLetterAvslutter}
 * as {@code /api/manuell} and {@code /api/dead-letters}; each is written to the console's audit trail with the user's name.
 */
@Controller
public class Koesider {

    private static final Logger log = LoggerFactory.getLogger(Koesider.class);

    private final ForsendelseRepository forsendelser;
    private final List<DeadLetterRedriver> redrivere;
    private final DeadLetterAvslutter avslutter;
    private final Brevoversikt oversikt;
    private final Handlingslogg logg;

    public Koesider(ForsendelseRepository forsendelser, List<DeadLetterRedriver> redrivere, DeadLetterAvslutter avslutter, Brevoversikt oversikt,
                    Handlingslogg logg) {
        this.forsendelser = forsendelser;
        this.redrivere = List.copyOf(redrivere);
        this.avslutter = avslutter;
        this.oversikt = oversikt;
        this.logg = logg;
    }

    /**
     * A dead letter as listed: its letter (when it names a recipient letter), whether a redriver knows its kilde, whether
     * it is open (so it may be closed), and its closing reason masked.
     */
    public record DeadLetterRad(ForsendelseRepository.DeadLetter dead, String grunn, UUID brevId, boolean kanRedrives, boolean aapen,
                                String begrunnelse) {
    }

    /**
     * Oldest first, {@value #PER_SIDE} a page, by keyset ({@code ?etter=<mark>} the next newer ones, {@code ?foer=<mark>}
     * the older ones; {@link Sidemerke}): never the whole queue, and no case twice or skipped while cases come and go.
     */
    @GetMapping("/konsoll/manuell")
    public String manuelle(@RequestParam(name = "side", defaultValue = "1") int sidenr, @RequestParam(required = false) String etter,
                           @RequestParam(required = false) String foer, Model model) {
        Sidevisning<ForsendelseRepository.ManuellSak> side = side(sidenr, etter, foer, forsendelser::manuelle,
                (antall, hopp) -> forsendelser.manuelle(antall, hopp), ForsendelseRepository::merke);
        model.addAttribute("side", "manuell");
        model.addAttribute("foer", side.foer());
        model.addAttribute("etter", side.etter());
        model.addAttribute("saker", side.rader().stream()
                .map(s -> Map.entry(s, Optional.ofNullable(Maskering.tekst(s.manuellGrunn())).orElse(""))).toList());
        return "konsoll/manuell";
    }

    /** A list's rows by keyset: {@code antall} after (or, {@code foer}, before) the row {@code merke} names, null = from the start. */
    interface Sideoppslag<T> {
        List<T> hent(int antall, Sidemerke merke, boolean foer);
    }

    /**
     * One page of a list and the marks of the pages before and after it (null when there is none): what the links
     * name. {@code foer} is checked by one row's look-up, {@code etter} by the page's extra row.
     */
    record Sidevisning<T>(List<T> rader, String foer, String etter) {
    }

    /**
     * The page {@code ?etter=}/{@code ?foer=} name (a {@link Sidemerke}; both, or one that is not a mark, is a 400), or
     * the old {@code ?side=N} (below 1 a 400; above 1 by offset, for links made before session 35).
     */
    static <T> Sidevisning<T> side(int sidenr, String etter, String foer, Sideoppslag<T> oppslag,
                                   java.util.function.BiFunction<Integer, Long, List<T>> gammel, java.util.function.Function<T, Sidemerke> merke) {
        if (sidenr < 1 || (etter != null && foer != null)) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST);
        }
        String tekst = etter != null ? etter : foer;
        Sidemerke fra = tekst == null ? null : Sidemerke.les(tekst).orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST));
        boolean bakover = foer != null;
        // one more than a page: whether there are more in the direction read
        List<T> rader = fra == null && sidenr > 1
                ? gammel.apply(PER_SIDE + 1, (sidenr - 1L) * PER_SIDE)
                : oppslag.hent(PER_SIDE + 1, fra, bakover);
        boolean flere = rader.size() > PER_SIDE;
        if (flere) {
            rader = bakover ? rader.subList(1, rader.size()) : rader.subList(0, PER_SIDE);
        }
        if (rader.isEmpty()) {
            return new Sidevisning<>(rader, null, null);
        }
        Sidemerke foerste = merke.apply(rader.get(0));
        Sidemerke siste = merke.apply(rader.get(rader.size() - 1));
        boolean foerFinnes = bakover ? flere : (fra != null || sidenr > 1) && !oppslag.hent(1, foerste, true).isEmpty();
        boolean etterFinnes = bakover ? !oppslag.hent(1, siste, false).isEmpty() : flere;
        return new Sidevisning<>(rader, foerFinnes ? foerste.tekst() : null, etterFinnes ? siste.tekst() : null);
    }

    @GetMapping("/konsoll/manuell/{id}/loes")
    public String bekreftLoesning(@PathVariable String id, Model model) {
        ForsendelseRepository.ManuellSak sak = uuid(id).flatMap(forsendelser::manuell)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("kommentarfelt", true);
        model.addAttribute("maksKommentar", ForsendelseRepository.MAKS_KOMMENTAR);
        return KonsollFelles.bekreft(model, "manuell", "Marker som løst",
                "Mottakerbrev " + sak.mottakerbrevId() + " i «" + Maskering.tekst(sak.tittel()) + "» (" + sak.avsenderSystem() + ", "
                        + Maskering.tekst(sak.eksternReferanse()) + ") markeres som manuelt løst. Fagsystemet får statusmeldingen MANUELT_LOEST.",
                "/konsoll/manuell/" + id + "/loes", "Marker som løst", "/konsoll/manuell");
    }

    @PostMapping("/konsoll/manuell/{id}/loes")
    public String loes(@PathVariable String id, @RequestParam(required = false) String kommentar, Authentication innlogget,
                       RedirectAttributes svar) {
        String bruker = KonsollFelles.bruker(innlogget);
        UUID sak = gyldig(id);
        id = sak.toString();
        String ugyldig = ForsendelseRepository.ugyldigKommentar(kommentar);
        if (ugyldig != null) {
            // back to the form with why, as a closing reason's; the comment itself is neither echoed nor written to the trail
            logg.skriv(bruker, "LOES_MANUELL", id, "ikke løst: " + ugyldig);
            svar.addFlashAttribute("feilmelding", "Mottakerbrev " + id + ": ikke løst: " + ugyldig + ".");
            return "redirect:/konsoll/manuell/" + id + "/loes";
        }
        ForsendelseRepository.Loesning loesning = forsendelser.loesManuell(sak, bruker, kommentar);
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

    /** Most dead letters or manual cases one page of a list shows. */
    static final int PER_SIDE = 200;

    /**
     * {@code ?vis=aapne|avsluttet|redrevet|alle} (default the open ones; {@code ?alle=true} as before is all), newest
     * first, {@value #PER_SIDE} a page by keyset ({@code ?etter=<mark>} the next older ones, {@code ?foer=<mark>} the newer
     * ones): never the whole table, and no row twice or skipped while new dead letters come first.
     */
    @GetMapping("/konsoll/dead-letters")
    public String deadLetters(@RequestParam(required = false) String vis, @RequestParam(defaultValue = "false") boolean alle,
                              @RequestParam(name = "side", defaultValue = "1") int sidenr, @RequestParam(required = false) String etter,
                              @RequestParam(required = false) String foer, Model model) {
        ForsendelseRepository.Utvalg utvalg = ForsendelseRepository.Utvalg.fra(vis)
                .orElse(alle ? ForsendelseRepository.Utvalg.ALLE : ForsendelseRepository.Utvalg.AAPNE);
        Sidevisning<ForsendelseRepository.DeadLetter> side = side(sidenr, etter, foer,
                (antall, merke, bakover) -> forsendelser.deadLetters(utvalg, antall, merke, bakover),
                (antall, hopp) -> forsendelser.deadLetters(utvalg, antall, hopp), ForsendelseRepository::merke);
        model.addAttribute("side", "dead-letters");
        model.addAttribute("vis", utvalg.name());
        model.addAttribute("foer", side.foer());
        model.addAttribute("etter", side.etter());
        model.addAttribute("rader", side.rader().stream().map(this::rad).toList());
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
        id = gyldig(id).toString();
        Optional<ForsendelseRepository.DeadLetter> dead = forsendelser.deadLetter(UUID.fromString(id));
        String utfall;
        if (dead.isEmpty()) {
            utfall = "finnes ikke";
        } else if (dead.get().avsluttet() != null) {
            utfall = "var avsluttet uten sending og sendes ikke på nytt";
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

    @GetMapping("/konsoll/dead-letters/{id}/avslutt")
    public String bekreftAvslutning(@PathVariable String id, Model model) {
        DeadLetterRad rad = uuid(id).flatMap(forsendelser::deadLetter).map(this::rad).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        boolean brev = rad.brevId() != null;
        model.addAttribute("begrunnelseFelt", true);
        model.addAttribute("maksBegrunnelse", DeadLetterAvslutning.MAKS_BEGRUNNELSE);
        return KonsollFelles.bekreft(model, "dead-letters", "Avslutt uten sending",
                "Dead letter " + rad.dead().id() + " fra " + rad.dead().kilde() + " avsluttes uten å bli sendt: det vises som avsluttet, kan ikke"
                        + " sendes på nytt etterpå, og innholdet slettes etter oppbevaringstiden som for et som er sendt på nytt."
                        + (brev ? " Mottakerbrevet får status AVSLUTTET og fagsystemet statusmeldingen AVSLUTTET; begrunnelsen står i brevets tidslinje." : "")
                        + " Grunn til at det feilet: " + rad.grunn(),
                "/konsoll/dead-letters/" + id + "/avslutt", "Avslutt uten sending", "/konsoll/dead-letters");
    }

    /** Closes a dead letter without sending it; the reason is stored, never written to the audit trail or the log. */
    @PostMapping("/konsoll/dead-letters/{id}/avslutt")
    public String avslutt(@PathVariable String id, @RequestParam(required = false) String begrunnelse, Authentication innlogget,
                          RedirectAttributes svar) {
        String bruker = KonsollFelles.bruker(innlogget);
        UUID dead = gyldig(id);
        id = dead.toString();
        String ugyldig = DeadLetterAvslutning.ugyldigBegrunnelse(begrunnelse);
        String utfall;
        ForsendelseRepository.Avslutning a = null;
        if (ugyldig != null) {
            utfall = "ikke avsluttet: " + ugyldig;
        } else {
            a = avslutter.avslutt(dead, bruker, begrunnelse, "konsoll");
            utfall = !a.funnet() ? "finnes ikke" : a.avslag() != null ? a.avslag().detalj() : "avsluttet uten sending";
        }
        logg.skriv(bruker, "AVSLUTT_DEAD_LETTER", id, utfall);
        boolean avsluttet = a != null && a.avsluttet();
        svar.addFlashAttribute(avsluttet ? "melding" : "feilmelding", "Dead letter " + id + ": " + utfall + ".");
        return ugyldig != null ? "redirect:/konsoll/dead-letters/" + id + "/avslutt" : "redirect:/konsoll/dead-letters";
    }

    private DeadLetterRad rad(ForsendelseRepository.DeadLetter d) {
        boolean aapen = DeadLetterAvslutning.kanAvsluttes(d).isEmpty();
        return new DeadLetterRad(d, Maskering.tekst(d.grunn()), d.referanse() == null ? null : oversikt.brevFor(d.referanse()).orElse(null),
                aapen && redriver(d).isPresent(), aapen, Maskering.tekst(d.begrunnelse()));
    }

    private Optional<DeadLetterRedriver> redriver(ForsendelseRepository.DeadLetter d) {
        return redrivere.stream().filter(r -> r.kilde().equals(d.kilde())).findFirst();
    }

    /**
     * The id of a path, when it is a UUID written as one ({@code 8-4-4-4-12} hex digits, any case). {@link UUID#fromString}
     * alone also takes {@code 01019012345-1-1-1-1}, whose first group is an identity number.
     */
    static Optional<UUID> uuid(String s) {
        if (s == null || s.length() != 36) {
            return Optional.empty();
        }
        try {
            UUID u = UUID.fromString(s);
            return u.toString().equalsIgnoreCase(s) ? Optional.of(u) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * The id of an action's path, or a 400 before anything is done or written: the audit trail, the log and the page name
     * the object by the UUID as written here, never by what was typed into the path (an identity number typed there was
     * stored and shown in clear on /konsoll/handlinger before session 31).
     */
    private static UUID gyldig(String id) {
        return uuid(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.BAD_REQUEST));
    }
}
