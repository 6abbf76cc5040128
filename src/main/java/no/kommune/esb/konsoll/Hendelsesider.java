package no.kommune.esb.konsoll;

import no.kommune.esb.forsendelse.mottak.Teksttegn;
import no.kommune.esb.mapping.MappingException;
import no.kommune.esb.platform.Feilaarsak;
import no.kommune.esb.platform.Maskering;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.hendelser.flyt.HendelseApi;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Register events per fagsystem: deliveries by state, the latest failures, how far each lags behind the events read
 * from the feed, and a replay with a dry run first ({@link HendelseApi#replay}, the same call as
 * {@code POST /api/fagsystemer/{f}/replay}). The dry run shows which events would go and how large each mapped
 * document is, not the document: it may hold a person's data.
 */
@Controller
public class Hendelsesider {

    /** One fagsystem's delivery figures. */
    public record Fagsystemrad(String id, String levering, long levert, long venter, long feilet, long hoppetOver,
                               Long sistLevert, long etterslep, Instant eldsteVentende, List<Map<String, Object>> sisteFeil) {
    }

    private final FagsystemRegistry registry;
    private final HendelseApi api;
    private final JdbcTemplate jdbc;
    private final Handlingslogg logg;
    private final Environment miljoe;

    public Hendelsesider(FagsystemRegistry registry, HendelseApi api, JdbcTemplate jdbc, Handlingslogg logg, Environment miljoe) {
        this.miljoe = miljoe;
        this.registry = registry;
        this.api = api;
        this.jdbc = jdbc;
        this.logg = logg;
    }

    @GetMapping("/konsoll/hendelser")
    public String hendelser(Model model) {
        Long nyeste = jdbc.queryForObject("select max(sekvensnummer) from hendelse", Long.class);
        List<Fagsystemrad> rader = new ArrayList<>();
        for (Fagsystem f : registry.alle()) {
            Map<String, Object> tall = jdbc.queryForMap("""
                    select count(*) filter (where status = 'LEVERT') as levert, count(*) filter (where status = 'VENTER') as venter,
                           count(*) filter (where status = 'FEILET') as feilet, count(*) filter (where status = 'HOPPET_OVER') as hoppet,
                           max(sekvensnummer) filter (where status = 'LEVERT') as sist, min(opprettet) filter (where status = 'VENTER') as eldste
                    from levering where fagsystem = ?""", f.id());
            List<Map<String, Object>> feil = jdbc.queryForList("""
                    select sekvensnummer, forsoek, feil from levering where fagsystem = ? and status = 'FEILET'
                    order by sekvensnummer desc limit 3""", f.id());
            feil.forEach(r -> r.put("feil", Maskering.tekst((String) r.get("feil"))));
            Long sist = tall.get("sist") == null ? null : ((Number) tall.get("sist")).longValue();
            rader.add(new Fagsystemrad(f.id(), levering(f.levering(), miljoe), tall(tall, "levert"), tall(tall, "venter"), tall(tall, "feilet"),
                    tall(tall, "hoppet"), sist, nyeste == null ? 0 : nyeste - (sist == null ? 0 : sist),
                    tall.get("eldste") == null ? null : ((java.sql.Timestamp) tall.get("eldste")).toInstant(), feil));
        }
        model.addAttribute("side", "hendelser");
        model.addAttribute("rader", rader);
        model.addAttribute("nyeste", nyeste);
        model.addAttribute("feed", jdbc.queryForList("select feed, neste_sekvensnummer, oppdatert from feed_posisjon order by feed"));
        return "konsoll/hendelser";
    }

    /**
     * The dry run: a POST with the form's CSRF token, not a GET, since it does the whole fan-out's register work and
     * writes an audit row in the user's name (a link on another site must not start one).
     */
    @PostMapping("/konsoll/hendelser/replay/proeve")
    public String proeve(@RequestParam String fagsystem, @RequestParam long fra, @RequestParam long til, Authentication innlogget, Model model) {
        String objekt = vist(fagsystem) + " " + fra + "–" + til;
        try {
            ObjectNode svar = api.replay(fagsystem, fra, til, "true");
            List<Map<String, Object>> leveringer = new ArrayList<>();
            svar.path("leveringer").forEach(l -> leveringer.add(Map.of("sekvensnummer", l.path("sekvensnummer").asLong(),
                    "bytes", l.path("output").asText("").length())));
            // what the replay would leave out, with why (still waiting; cannot be made): before session 32 listed as "would be delivered"
            List<Map<String, Object>> utelatt = new ArrayList<>();
            svar.path("utelatt").forEach(l -> utelatt.add(Map.of("sekvensnummer", l.path("sekvensnummer").asLong(),
                    "grunn", l.path("grunn").asText())));
            logg.skriv(KonsollFelles.bruker(innlogget), "REPLAY_PROEVE", objekt, leveringer.size() + " hendelse(r) ville blitt levert"
                    + (utelatt.isEmpty() ? "" : "; " + utelatt.size() + " utelatt (venter allerede i kø eller kan ikke lages)"));
            model.addAttribute("leveringer", leveringer);
            model.addAttribute("utelatt", utelatt);
        } catch (RuntimeException e) {
            // a dry run that fails half-way has done register look-ups in the user's name too: written all the same
            String grunn = avvisning(e);
            logg.skriv(KonsollFelles.bruker(innlogget), "REPLAY_PROEVE", objekt, "avvist: " + grunn);
            model.addAttribute("feilmelding", "Prøvekjøringen ble avvist: " + grunn);
            model.addAttribute("leveringer", List.of());
            model.addAttribute("utelatt", List.of());
        }
        model.addAttribute("fagsystem", vist(fagsystem));
        model.addAttribute("fra", fra);
        model.addAttribute("til", til);
        model.addAttribute("side", "hendelser");
        return "konsoll/replay";
    }

    @PostMapping("/konsoll/hendelser/replay")
    public String replay(@RequestParam String fagsystem, @RequestParam long fra, @RequestParam long til, Authentication innlogget,
                         RedirectAttributes svar) {
        String objekt = vist(fagsystem) + " " + fra + "–" + til;
        String utfall;
        try {
            ObjectNode lagret = api.replay(fagsystem, fra, til, "false");
            int allerede = lagret.path("alleredeIKoe").asInt();
            // a second click on the same range (or a colleague's at once) queues nothing again, and is told so
            utfall = lagret.path("antall").asInt() + " hendelse(r) lagt i kø for levering"
                    + (allerede > 0 ? "; " + allerede + " lå allerede i kø og er ikke levert ennå, og ble ikke lagt i kø på nytt" : "");
            svar.addFlashAttribute("melding", "Replay til " + vist(fagsystem) + ": " + utfall + ".");
        } catch (RuntimeException e) {
            utfall = "avvist: " + avvisning(e);
            svar.addFlashAttribute("feilmelding", "Replay til " + vist(fagsystem) + " " + utfall + ".");
        }
        logg.skriv(KonsollFelles.bruker(innlogget), "REPLAY", objekt, utfall);
        return "redirect:/konsoll/hendelser";
    }

    /**
     * The form's fagsystem as the page and the audit trail show it: an identity number typed there masked, as everywhere
     * in the console, and cut after 100 characters (a registration's id is short; anything longer is not one).
     */
    private static String vist(String fagsystem) {
        String maskert = Teksttegn.synlig(no.kommune.esb.model.Identitetsnummer.maskIn(fagsystem));
        return maskert.length() > 100 ? maskert.substring(0, 100) + "…" : maskert;
    }

    /**
     * Why a replay or its dry run was refused, in the console's words: {@link HendelseApi}'s own refusals of the request (an
     * unknown fagsystem, a range out of bounds: {@link HendelseApi.UkjentFagsystem}, {@link HendelseApi.Avvist}) by their
     * message, masked (a control character it quotes from the form as U+FFFD), as before; a mapping that failed by its
     * reason, without the path of the folder it is kept in; anything else (a register that failed half-way, the database,
     * an {@link IllegalArgumentException} or {@link IllegalStateException} from deeper down) as a kind of failure, with the
     * component and an error id where the kind alone says too little ({@link Feilaarsak#registrer}), never the exception's
     * message, which may quote a URI, a payload or a person. Before session 32 any {@link IllegalArgumentException}'s
     * message was shown.
     */
    static String avvisning(RuntimeException e) {
        if (e instanceof HendelseApi.Avvist || e instanceof HendelseApi.UkjentFagsystem) {
            return Teksttegn.synlig(Maskering.tekst(e.getMessage()));
        }
        if (e instanceof MappingException m) {
            return "mappingen feilet: " + Maskering.tekst(m.reason());
        }
        return Feilaarsak.registrer(e, "konsollet (replay)");
    }

    /** How a fagsystem gets its events, without credentials. */
    static String levering(Fagsystem.Levering l, Environment miljoe) {
        if (l instanceof Fagsystem.Kafka k) {
            return "Kafka " + k.topic();
        } else if (l instanceof Fagsystem.Jms j) {
            return "JMS " + j.queue();
        } else if (l instanceof Fagsystem.Sftp s) {
            return "SFTP " + s.folder();
        } else if (l instanceof Fagsystem.Http h) {
            return "HTTP " + org.apache.camel.util.URISupport.sanitizeUri(miljoe.resolvePlaceholders(h.url()));
        }
        return "–";
    }

    private static long tall(Map<String, Object> rad, String felt) {
        return rad.get(felt) == null ? 0 : ((Number) rad.get(felt)).longValue();
    }
}
