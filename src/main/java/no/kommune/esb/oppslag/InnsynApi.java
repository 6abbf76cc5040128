package no.kommune.esb.oppslag;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.oppslag.Oppslagstilgang.Avslag;
import no.kommune.esb.platform.security.Kaller;
import no.kommune.esb.platform.web.Rutesvar;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/innsyn/{ident}[?format=csv|pdf]} for the integration team (esb:admin; SecurityConfiguration): a
 * citizen's request to see who looked them up ({@link Innsyn}). The number is not echoed in the answer or the log.
 */
@Component("innsynApi")
public class InnsynApi {

    private static final Logger log = LoggerFactory.getLogger(InnsynApi.class);

    private final Revisjonslogg revisjon;
    private final Identnoekkel noekkel;
    private final ObjectMapper json;

    private final String kommunenavn;

    public InnsynApi(Revisjonslogg revisjon, Identnoekkel noekkel, ObjectMapper json,
                     @Value("${proaktiv.kommunenavn:Kommunen}") String kommunenavn) {
        this.revisjon = revisjon;
        this.noekkel = noekkel;
        this.json = json;
        this.kommunenavn = kommunenavn;
    }

    public void innsyn(Exchange exchange) {
        String tekst = exchange.getIn().getHeader("ident", String.class);
        if (!Identitetsnummer.isValid(tekst)) {
            OppslagSvar.problem(exchange, new Avslag(400, "ugyldig-identitetsnummer", "Ugyldig identitetsnummer",
                    "identitetsnummeret er ugyldig: " + Identitetsnummer.invalidReason(tekst), null), null);
            return;
        }
        List<Innsyn.Gruppe> grupper = Innsyn.grupper(revisjon.om(noekkel.av(Identitetsnummer.of(tekst))));
        log.info("Innsyn by {}: {} group(s)", Kaller.fra(exchange).navnEllerStrek(), grupper.size());
        String format = exchange.getIn().getHeader("format", String.class);
        if ("pdf".equalsIgnoreCase(format)) {
            Identitetsnummer id = Identitetsnummer.of(tekst);
            Message m = Rutesvar.svar(exchange, 200, "application/pdf");
            m.setHeader("Content-Disposition", "attachment; filename=\"innsyn.pdf\"");
            m.setBody(Innsynsrapport.pdf(grupper, id.masked(), kommunenavn, LocalDate.now(ZoneId.of("Europe/Oslo"))));
            return;
        }
        if ("csv".equalsIgnoreCase(format)) {
            OppslagSvar.tekst(exchange, "text/csv; charset=utf-8", Innsyn.csv(grupper));
            exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"innsyn.csv\"");
            return;
        }
        Map<String, Object> svar = new LinkedHashMap<>();
        svar.put("antallOppslag", grupper.stream().mapToInt(Innsyn.Gruppe::antall).sum());
        svar.put("perFagsystem", grupper);
        OppslagSvar.json(exchange, 200, svar, json);
    }
}
