package no.kommune.esb.proaktiv;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.model.Foreldreansvar;
import no.kommune.esb.model.Identitetsnummer;
import org.apache.camel.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import no.kommune.esb.platform.web.UgyldigForespoersel;

/**
 * The integration team's view of the triggers (routes/proaktiv/proaktiv-api.camel.yaml, scope esb:admin): the list with
 * each switch, and a dry run of one trigger over a range of stored events that says who would receive what, with masked
 * identity numbers, and sends and stores nothing.
 */
@Component("proaktivApi")
public class ProaktivApi {

    /** Most stored events one dry run may cover. */
    static final long MAKS_PROEVE = 10_000;

    private final UtloeserRegistry registry;
    private final ProaktivLeser leser;
    private final JdbcTemplate jdbc;

    public ProaktivApi(UtloeserRegistry registry, ProaktivLeser leser, JdbcTemplate jdbc) {
        this.registry = registry;
        this.leser = leser;
        this.jdbc = jdbc;
    }

    /**
     * {@code GET /api/proaktiv}: every trigger, its event types, recipient, sender (or message's fagsystem) and switch; an
     * event trigger also the events the reader skipped because their person's document cannot be read
     * ({@code proaktiv_ulesbar}, shared by every event trigger): {@code ulesbare.venter} (read again later) and
     * {@code ulesbare.oppgitt} (given up after {@code proaktiv.ulesbar-maks-forsoek} rounds).
     */
    public ArrayNode liste() {
        ArrayNode liste = JsonNodeFactory.instance.arrayNode();
        Map<String, Object> ulesbare = jdbc.queryForMap(
                "select count(*) filter (where oppgitt is null) as venter, count(*) filter (where oppgitt is not null) as oppgitt from proaktiv_ulesbar");
        for (Utloeser u : registry.alle()) {
            ObjectNode o = liste.addObject().put("navn", u.navn()).put("aktiv", registry.aktiv(u));
            if (!u.datoregel()) {
                o.putObject("ulesbare").put("venter", ((Number) ulesbare.get("venter")).longValue())
                        .put("oppgitt", ((Number) ulesbare.get("oppgitt")).longValue());
            }
            if (u.melding() != null) {
                o.putObject("melding").put("fagsystem", u.melding().fagsystem()).put("mapping", u.melding().mapping().source().toString());
            } else {
                o.put("mottaker", u.mottaker().name()).put("avsenderSystem", u.avsenderSystem()).put("brevtype", u.brevtype().name());
            }
            u.hendelsestyper().stream().sorted().forEach(o.putArray("hendelsestyper")::add);
        }
        return liste;
    }

    /**
     * {@code POST /api/proaktiv/{utloeser}/proevekjoering?fra=N&til=M}: the letters (or messages) the trigger would make
     * from stored events {@code fra..til}, whether it is switched on or not; each says whether the once-only record
     * already holds it. A message is listed with its fagsystem, never its content (it carries the identity number).
     */
    public ObjectNode proevekjoering(@Header("utloeser") String navn, @Header("fra") Long fra, @Header("til") Long til) {
        Utloeser u = registry.finn(navn).orElseThrow(() -> new NoSuchElementException("unknown trigger " + navn));
        if (fra == null || til == null || fra < 1 || til < fra || til - fra >= MAKS_PROEVE) {
            throw new UgyldigForespoersel("fra and til are required and must satisfy 1 <= fra <= til, covering at most " + MAKS_PROEVE + " events");
        }
        List<ProaktivLeser.Hendelse> hendelser = jdbc.query("""
                select sekvensnummer, identifikator, hendelsetype from hendelse where sekvensnummer between ? and ? order by sekvensnummer""",
                (rs, i) -> new ProaktivLeser.Hendelse(rs.getLong(1),
                        Identitetsnummer.isValid(rs.getString(2)) ? Identitetsnummer.of(rs.getString(2)) : null, rs.getString(3)), fra, til);
        ObjectNode svar = JsonNodeFactory.instance.objectNode().put("utloeser", u.navn()).put("aktiv", registry.aktiv(u))
                .put("fra", fra).put("til", til).put("dryRun", true);
        ArrayNode brev = svar.putArray("brev");
        ProaktivLeser.Lesning lest = leser.lesning(hendelser, List.of(u));
        List<ProaktivLeser.Treff> treff = lest.treff();
        // under any of the person's numbers, as the reader checks it
        List<Boolean> sendt = leser.sendt(treff);
        for (int i = 0; i < treff.size(); i++) {
            ProaktivLeser.Treff t = treff.get(i);
            ObjectNode o = brev.addObject().put("sekvensnummer", t.hendelse().sekvensnummer()).put("hendelsetype", t.hendelse().hendelsetype())
                    .put("person", t.person().id().masked()).put("alleredeSendt", sendt.get(i));
            if (u.melding() != null) {
                o.putObject("melding").put("fagsystem", u.melding().fagsystem()).put("meldingstype", u.meldingstype());
                continue;
            }
            o.put("mottaker", u.mottaker().name()).put("tittel", Brevmal.flett(u.mal().tittel(), leser.flett(t.person())));
            if (u.mottaker() == Utloeser.Mottaker.FORELDRE) {
                // who holds foreldreansvar as the register says now; the letter flow decides each parent's channel at dispatch
                ArrayNode foreldre = o.putArray("foreldreansvar");
                for (Foreldreansvar f : t.person().foreldreansvarForPersonen()) {
                    foreldre.addObject().put("ansvar", f.ansvar().name()).put("ansvarlig", f.ansvarlig() == null ? null : f.ansvarlig().masked());
                }
            }
        }
        svar.put("antall", brev.size());
        if (!lest.ulesbare().isEmpty()) {
            // persons whose document from Folkeregisteret cannot be read: whether they would fire cannot be told
            svar.put("ulesbare", lest.ulesbare().size());
        }
        return svar;
    }
}
