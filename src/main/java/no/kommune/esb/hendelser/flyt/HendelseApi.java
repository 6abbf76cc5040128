package no.kommune.esb.hendelser.flyt;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.model.Identitetsnummer;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.NoSuchElementException;
import no.kommune.esb.platform.web.UgyldigForespoersel;

/**
 * What the integration team does through {@code /api/fagsystemer}: replay a range of sequence numbers to one
 * fagsystem (with a dry run that shows the mapped output without sending), write a batch file now, and keep a
 * portfolio fagsystem's list of persons.
 */
@Component("hendelseApi")
public class HendelseApi {

    /**
     * A refusal of the request in this class's own words (a parameter, a range, a portfolio's identity number, masked):
     * the API answers it 400 ({@link IllegalArgumentException}) and the console shows it as said; an
     * {@link IllegalArgumentException} from anywhere else is worded by its kind ({@code platform.Feilaarsak}), since its
     * message may quote data.
     */
    public static final class Avvist extends UgyldigForespoersel {
        Avvist(String melding) {
            super(melding);
        }
    }

    /** An unknown fagsystem, named as the caller wrote it: 404 in the API, shown as said (masked) in the console. */
    public static final class UkjentFagsystem extends NoSuchElementException {
        UkjentFagsystem(String melding) {
            super(melding);
        }
    }

    /** Most events one replay call may cover; larger ranges are split by the caller. */
    static final long MAKS_REPLAY = 10_000;

    private final HendelseFordeler fordeler;
    private final HendelseLeverer leverer;
    private final FagsystemRegistry registry;
    private final JdbcTemplate jdbc;

    public HendelseApi(HendelseFordeler fordeler, HendelseLeverer leverer, FagsystemRegistry registry, JdbcTemplate jdbc) {
        this.fordeler = fordeler;
        this.leverer = leverer;
        this.registry = registry;
        this.jdbc = jdbc;
    }

    /**
     * Re-delivers events {@code fra..til} to one fagsystem. With {@code dryRun} nothing is stored or sent and the
     * answer holds each mapped output; otherwise each delivery is (re)queued and sent again by the delivery route, and
     * the dead letters of those deliveries not yet redriven are marked redriven (the replay is their way back). A delivery
     * still waiting (queued before, not yet delivered) is not queued again: {@code antall} counts those queued now,
     * {@code alleredeIKoe} those left waiting as they were ({@link Leveringslager#lagreReplay}). The dry run answers what
     * the replay would do ({@link #proeve}): {@code leveringer} only what it would deliver, {@code utelatt} what it leaves
     * out and why.
     */
    public ObjectNode replay(@Header("fagsystem") String fagsystemId, @Header("fra") Long fraParam, @Header("til") Long tilParam,
                             @Header("dryRun") String dryRunParam) {
        if (fraParam == null || tilParam == null) {
            throw new Avvist("query parameters fra and til are required");
        }
        long fra = fraParam;
        long til = tilParam;
        boolean dryRun = dryRun(dryRunParam);
        Fagsystem f = fagsystem(fagsystemId);
        if (fra < 1 || til < fra || til - fra >= MAKS_REPLAY) {
            throw new Avvist("fra and til must satisfy 1 <= fra <= til and cover at most " + MAKS_REPLAY + " events");
        }
        HendelseFordeler.Replay replay = fordeler.forReplay(f, fra, til);
        List<HendelseFordeler.Levering> leveringer = replay.leveringer();
        ObjectNode svar = JsonNodeFactory.instance.objectNode().put("fagsystem", f.id()).put("fra", fra).put("til", til).put("dryRun", dryRun);
        if (dryRun) {
            return proeve(f, replay, svar);
        }
        ArrayNode liste = svar.putArray("leveringer");
        leveringer.forEach(l -> liste.addObject().put("sekvensnummer", l.sekvensnummer()));
        Leveringslager.Replaylagring lagret = new Leveringslager.Replaylagring(0, 0, 0);
        if (!leveringer.isEmpty()) {
            lagret = fordeler.lagreReplay(f, replay);
        }
        // a real replay: how many it queued; those still waiting from before (queued, not yet delivered) are left as they
        // were and counted apart, so a second click on the same range queues nothing again
        svar.put("antall", lagret.lagtIKoe());
        svar.put("alleredeIKoe", lagret.alleredeIKoe());
        // the open dead letters of the replayed deliveries, now marked redriven (GET /api/dead-letters?alle=true)
        svar.put("deadLettersRedrevet", lagret.redrevet());
        return svar;
    }

    /** Why a dry run leaves an event out: its delivery still waits, and the replay would not queue it again. */
    public static final String VENTER = "venter allerede i kø og er ikke levert ennå; en replay legger den ikke i kø på nytt";
    /** Why a dry run leaves an event out: its document cannot be made; the replay would make a dead letter of it. */
    public static final String KAN_IKKE_LAGES = "kan ikke lages (%s); en replay gjør den til en dead letter, den leveres ikke";

    /**
     * The dry run: {@code leveringer} only the events a replay would actually deliver, each with its mapped output;
     * {@code utelatt} the others with why ({@link #VENTER}: still waiting, which the replay leaves as it is; {@link
     * #KAN_IKKE_LAGES}: made with a failure, which the replay stores as a dead letter); {@code antall} how many it would
     * queue, {@code alleredeIKoe} how many still wait. Before session 32 every event of the range the fagsystem takes was
     * listed as "would be delivered", also those a replay then left waiting.
     */
    private ObjectNode proeve(Fagsystem f, HendelseFordeler.Replay replay, ObjectNode svar) {
        java.util.Set<Long> venter = fordeler.venter(f, replay);
        ArrayNode liste = svar.putArray("leveringer");
        ArrayNode utelatt = svar.putArray("utelatt");
        for (HendelseFordeler.Levering l : replay.leveringer()) {
            if (venter.contains(l.sekvensnummer())) {
                utelatt.addObject().put("sekvensnummer", l.sekvensnummer()).put("grunn", VENTER);
            } else if (l.feil() != null) {
                utelatt.addObject().put("sekvensnummer", l.sekvensnummer()).put("grunn", String.format(KAN_IKKE_LAGES, l.feil()));
            } else {
                liste.addObject().put("sekvensnummer", l.sekvensnummer()).put("output", registry.mapping(f.id()).map(l.dokument()));
            }
        }
        svar.put("antall", liste.size());
        svar.put("alleredeIKoe", venter.size());
        svar.put("deadLettersRedrevet", 0);
        return svar;
    }

    /**
     * The {@code dryRun} parameter: absent is a real replay, {@code true} or {@code false} (any case) as said; anything
     * else ({@code 1}, {@code yes}, {@code ja}, empty) is refused rather than read as "no": a misread dry run would queue
     * up to {@value #MAKS_REPLAY} real deliveries.
     */
    static boolean dryRun(String verdi) {
        if (verdi == null) {
            return false;
        }
        if ("true".equalsIgnoreCase(verdi) || "false".equalsIgnoreCase(verdi)) {
            return Boolean.parseBoolean(verdi);
        }
        throw new Avvist("query parameter dryRun must be true or false");
    }

    /** Adds a person to a portfolio fagsystem's population. */
    public ObjectNode leggTilPortefolje(@Header("fagsystem") String fagsystemId, @Header("ident") String ident) {
        Fagsystem f = fagsystem(fagsystemId);
        if (!(f.populasjon() instanceof Fagsystem.Portefolje)) {
            throw new Avvist("fagsystem " + f.id() + " follows a kommune, not a portfolio");
        }
        String reason = Identitetsnummer.invalidReason(ident);
        if (reason != null) {
            throw new Avvist("identity number " + Identitetsnummer.mask(ident) + " is invalid: " + reason);
        }
        jdbc.update("insert into portefolje (fagsystem, identifikator) values (?, ?) on conflict do nothing", f.id(), ident);
        return JsonNodeFactory.instance.objectNode().put("fagsystem", f.id()).put("identitetsnummer", Identitetsnummer.mask(ident));
    }

    /** Writes a batch fagsystem's waiting deliveries as a file now. */
    public ObjectNode leverNaa(@Header("fagsystem") String fagsystemId) {
        Fagsystem f = fagsystem(fagsystemId);
        return JsonNodeFactory.instance.objectNode().put("fagsystem", f.id()).put("filer", leverer.leverBatch(f.id()));
    }

    private Fagsystem fagsystem(String id) {
        return registry.finn(id).orElseThrow(() -> new UkjentFagsystem("unknown fagsystem " + id));
    }
}
