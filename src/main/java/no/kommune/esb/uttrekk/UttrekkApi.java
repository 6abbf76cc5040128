package no.kommune.esb.uttrekk;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.platform.security.Kaller;
import no.kommune.esb.platform.web.Rutesvar;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import no.kommune.esb.platform.web.UgyldigForespoersel;

/**
 * {@code /api/uttrekk} (routes/uttrekk/uttrekk-api.camel.yaml): one-off orders, a run's status and progress, and the
 * file of a run delivered to the API. A fagsystem orders and sees only its own extracts (another's answers 404); the
 * integration team (esb:admin) all. Refusals are problem+json. The run itself starts on the next round of the
 * extract timer; the answer is 202 with the run's address.
 */
@Component("uttrekkApi")
public class UttrekkApi {

    private static final Logger log = LoggerFactory.getLogger(UttrekkApi.class);

    private final Uttrekksregister register;
    private final Uttrekkslager lager;
    private final UttrekkKjoerer kjoerer;
    private final ObjectMapper json;

    public UttrekkApi(Uttrekksregister register, Uttrekkslager lager, UttrekkKjoerer kjoerer, ObjectMapper json) {
        this.register = register;
        this.lager = lager;
        this.kjoerer = kjoerer;
        this.json = json;
    }

    /**
     * {@code POST /api/uttrekk}: either {@code {"bestilling": "<navn>"}} (run an order file now) or a whole order as
     * in an order file, without {@code plan}.
     */
    public void bestill(Exchange exchange) {
        Kaller kaller = kaller(exchange);
        JsonNode body;
        try {
            body = json.readTree(exchange.getIn().getBody(String.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            problem(exchange, 400, "ugyldig-forespoersel", "Ugyldig forespørsel", "the body is not JSON");
            return;
        }
        Uttrekksbestilling b;
        JsonNode lagres;
        try {
            if (body != null && body.isObject() && body.size() == 1 && body.has("bestilling")) {
                String navn = body.get("bestilling").asText();
                b = register.finn(navn).orElse(null);
                if (b == null) {
                    problem(exchange, 404, "ikke-funnet", "Ikke funnet", "no order file named " + navn.replaceAll("[^a-z0-9-]", "?"));
                    return;
                }
                lagres = b.tilJson();
            } else {
                b = Uttrekksbestilling.les(body, "engangs");
                if (b.plan() != null) {
                    throw new UgyldigForespoersel("plan belongs in an order file (config/uttrekk/), not a one-off order");
                }
                register.valider(b);
                lagres = b.tilJson();
            }
        } catch (IllegalArgumentException e) {
            problem(exchange, 400, "ugyldig-bestilling", "Ugyldig bestilling", e.getMessage());
            return;
        }
        if (!kaller.admin() && !b.fagsystem().equals(kaller.fagsystem())) {
            problem(exchange, 403, "ikke-eget-fagsystem", "Ikke eget fagsystem",
                    "a fagsystem may order extracts for its own registration only");
            return;
        }
        UUID id = lager.opprett(b, lagres, "API", LocalDate.now(UttrekkPlanlegger.OSLO), register.format(b.format()).filending());
        log.info("Extract {} ({}) for {} ordered through the API by {}", id, b.navn(), b.fagsystem(), kaller.fagsystem());
        ObjectNode svar = json.createObjectNode().put("id", id.toString()).put("status", Uttrekkskjoering.Status.BESTILT.name())
                .put("lenke", "/api/uttrekk/" + id);
        Message m = Rutesvar.svar(exchange, 202, "application/json");
        m.setHeader("Location", "/api/uttrekk/" + id);
        m.setBody(svar.toString());
    }

    /** {@code GET /api/uttrekk/{id}}: status, progress and where the result is. */
    public void status(Exchange exchange) {
        Optional<Uttrekkskjoering> funnet = synlig(exchange);
        if (funnet.isEmpty()) {
            return;
        }
        Uttrekkskjoering k = funnet.get();
        ObjectNode o = json.createObjectNode().put("id", k.id().toString()).put("navn", k.navn()).put("fagsystem", k.fagsystem())
                .put("kilde", k.kilde()).put("dato", k.dato().toString()).put("status", k.status().name())
                .put("opprettet", k.opprettet().toString());
        ObjectNode p = o.putObject("progresjon");
        p.put("batcherFerdig", k.batchFerdig() + 1).put("personerLest", k.personerLest());
        if (k.alleLest()) {
            p.put("personerTotalt", k.personerLest());
        } else {
            // Folkeregisteret tells the total only by its last, empty batch
            p.putNull("personerTotalt");
        }
        p.put("rader", k.rader()).put("utelatt", k.utelatt()).put("ikkeFunnet", k.ikkeFunnet()).put("bulkoppslag", k.bulkoppslag())
                .put("ulesbare", k.ulesbare());
        ObjectNode r = o.putObject("resultat");
        r.put("filnavn", k.filnavn());
        Uttrekksbestilling b = lager.bestilling(k);
        if (b.levering() instanceof Uttrekksbestilling.Sftp s) {
            r.put("levering", "SFTP").put("sted", s.folder() + "/" + k.filnavn());
        } else if (b.levering() instanceof Uttrekksbestilling.Kafka kafka) {
            r.put("levering", "KAFKA").put("sted", kafka.topic());
        } else {
            r.put("levering", "API").put("sted", "/api/uttrekk/" + k.id() + "/fil");
        }
        if (k.filBytes() != null) {
            r.put("bytes", k.filBytes());
        }
        if (k.levert() != null) {
            r.put("levert", k.levert().toString());
        }
        if (k.feil() != null) {
            o.put("feil", k.feil()).put("forsoek", k.forsoek());
        }
        Rutesvar.svar(exchange, 200, "application/json").setBody(o.toString());
    }

    /**
     * {@code GET /api/uttrekk/{id}/fil}: the file of a run delivered to the API, streamed; never a file that may show an
     * address graded since it was read: that one is deleted and read again, and the answer is 409 {@code leses-paa-nytt}.
     * The file is opened before that check and streamed from the opened file: another fetch's re-read or the retention
     * job may delete it meanwhile (the open file is still read whole, the one checked), and a file gone before it is
     * opened is answered 410 {@code slettet} only while the run is still the delivered reading this fetch read, else 409.
     */
    public void fil(Exchange exchange) {
        Optional<Uttrekkskjoering> funnet = synlig(exchange);
        if (funnet.isEmpty()) {
            return;
        }
        Uttrekkskjoering k = funnet.get();
        Uttrekksbestilling b = lager.bestilling(k);
        if (!(b.levering() instanceof Uttrekksbestilling.Api)) {
            problem(exchange, 404, "ikke-funnet", "Ikke funnet", "this extract is delivered by " + (b.levering() instanceof Uttrekksbestilling.Sftp ? "SFTP" : "Kafka"));
            return;
        }
        if (k.status() != Uttrekkskjoering.Status.LEVERT) {
            problem(exchange, 409, "ikke-ferdig", "Ikke ferdig", "the extract is " + k.status() + "; see GET /api/uttrekk/" + k.id());
            return;
        }
        FileChannel fil;
        try {
            fil = FileChannel.open(kjoerer.fil(k), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            Optional<Uttrekkskjoering> naa = lager.finn(k.id());
            if (naa.isPresent() && naa.get().status() == Uttrekkskjoering.Status.LEVERT && naa.get().lesing() == k.lesing()) {
                problem(exchange, 410, "slettet", "Slettet", "the file was deleted after the retention period (uttrekk.api-fil-oppbevaring)");
            } else {
                lesesPaaNytt(exchange, k);
            }
            return;
        } catch (IOException e) {
            throw new UncheckedIOException("extract " + k.id() + ": kept file not opened", e);
        }
        if (kjoerer.gradertSidenLesing(k)) {
            lukk(fil);
            // the file holds addresses as they were when it was read: one of them may be protected now (DOMAIN.md rule 5)
            kjoerer.lesPaaNyttEtterGradering(k);
            lesesPaaNytt(exchange, k);
            return;
        }
        Message m = Rutesvar.svar(exchange, 200, register.format(b.format()).mediatype());
        m.setHeader("Content-Disposition", "attachment; filename=\"" + k.filnavn() + "\"");
        // closed once the answer is written
        m.setBody(Channels.newInputStream(fil));
    }

    private static void lesesPaaNytt(Exchange exchange, Uttrekkskjoering k) {
        problem(exchange, 409, "leses-paa-nytt", "Leses på nytt",
                "the address protection of a person on this extract has changed since its file was written; the file was deleted"
                        + " and the extract is being read again: fetch it when GET /api/uttrekk/" + k.id() + " says LEVERT");
    }

    private static void lukk(FileChannel fil) {
        try {
            fil.close();
        } catch (IOException e) {
            // nothing was read from it
        }
    }

    private Optional<Uttrekkskjoering> synlig(Exchange exchange) {
        Kaller kaller = kaller(exchange);
        String id = exchange.getIn().getHeader("id", String.class);
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            problem(exchange, 404, "ikke-funnet", "Ikke funnet", "no extract with this id");
            return Optional.empty();
        }
        Optional<Uttrekkskjoering> k = lager.finn(uuid).filter(x -> kaller.admin() || x.fagsystem().equals(kaller.fagsystem()));
        if (k.isEmpty()) {
            problem(exchange, 404, "ikke-funnet", "Ikke funnet", "no extract with this id");
        }
        return k;
    }

    private static Kaller kaller(Exchange exchange) {
        return Kaller.fra(exchange);
    }

    /** The extract API never asks the caller to wait: no Retry-After. */
    private static void problem(Exchange exchange, int status, String type, String tittel, String detalj) {
        Rutesvar.problem(exchange, status, type, tittel, detalj, null);
    }
}
