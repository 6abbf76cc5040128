package no.kommune.esb.oppslag;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.folkeregister.FolkeregisterClient;
import no.kommune.esb.folkeregister.Part;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.oppslag.Oppslagstilgang.Avslag;
import no.kommune.esb.platform.Norsktid;
import no.kommune.esb.platform.security.Kaller;
import no.kommune.esb.platform.web.Rutesvar;
import no.kommune.esb.register.RegisterException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/innsyn/{ident}[?format=csv|pdf]} for the integration team (esb:admin; SecurityConfiguration): a
 * citizen's request to see who looked them up ({@link Innsyn}). The number is not echoed in the answer or the log.
 * <p>
 * The audit trail keys a row by the number the person had when it was written, so the person's other numbers are
 * asked of Folkeregisteret (with history: a D-nummer replaced by a fødselsnummer, or the other way round) and the
 * rows under every one of them are shown: a citizen who had a D-nummer when a fagsystem looked them up sees that
 * look-up under the fødselsnummer they ask with. The register down: 503 with Retry-After, as a look-up (an answer
 * without the older numbers' rows would look complete and is not).
 */
@Component("innsynApi")
public class InnsynApi {

    private static final Logger log = LoggerFactory.getLogger(InnsynApi.class);

    private static final Duration STANDARD_VENT = Duration.ofSeconds(30);

    private final Revisjonslogg revisjon;
    private final Identnoekkel noekkel;
    private final FolkeregisterClient folkeregister;
    private final ObjectMapper json;

    private final String kommunenavn;

    public InnsynApi(Revisjonslogg revisjon, Identnoekkel noekkel, FolkeregisterClient folkeregister, ObjectMapper json,
                     @Value("${proaktiv.kommunenavn:Kommunen}") String kommunenavn) {
        this.revisjon = revisjon;
        this.noekkel = noekkel;
        this.folkeregister = folkeregister;
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
        String format = exchange.getIn().getHeader("format", String.class);
        if (format != null && !format.isBlank() && !List.of("json", "csv", "pdf").contains(format.toLowerCase(java.util.Locale.ROOT))) {
            // before session 29 any other value was answered as JSON with 200
            OppslagSvar.problem(exchange, new Avslag(400, "ukjent-format", "Ukjent format",
                    "format må være json (standard), csv eller pdf", null), null);
            return;
        }
        Set<Identitetsnummer> identiteter;
        try {
            identiteter = identiteter(Identitetsnummer.of(tekst));
        } catch (RegisterException e) {
            log.warn("Innsyn by {}: register failed ({}, HTTP {})", Kaller.fra(exchange).navnEllerStrek(), e.kind(), e.httpStatus());
            OppslagSvar.problem(exchange, OppslagSvar.registeravslag(e,
                    "personens andre identitetsnumre kan ikke hentes nå; prøv igjen etter Retry-After", null), OppslagSvar.ventetid(e, STANDARD_VENT));
            return;
        }
        List<Innsyn.Gruppe> grupper = Innsyn.grupper(revisjon.om(identiteter.stream().map(noekkel::av).toList()));
        log.info("Innsyn by {}: {} group(s) under {} number(s)", Kaller.fra(exchange).navnEllerStrek(), grupper.size(), identiteter.size());
        if ("pdf".equalsIgnoreCase(format)) {
            Identitetsnummer id = Identitetsnummer.of(tekst);
            Message m = Rutesvar.svar(exchange, 200, "application/pdf");
            m.setHeader("Content-Disposition", "attachment; filename=\"innsyn.pdf\"");
            m.setBody(Innsynsrapport.pdf(grupper, id.masked(), kommunenavn, LocalDate.now(Norsktid.SONE)));
            return;
        }
        if ("csv".equalsIgnoreCase(format)) {
            OppslagSvar.tekst(exchange, "text/csv; charset=utf-8", Innsyn.csv(grupper));
            exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"innsyn.csv\"");
            return;
        }
        Map<String, Object> svar = new LinkedHashMap<>();
        svar.put("antallOppslag", grupper.stream().mapToInt(Innsyn.Gruppe::antall).sum());
        svar.put("antallIdentitetsnumre", identiteter.size());
        svar.put("perFagsystem", grupper);
        OppslagSvar.json(exchange, 200, svar, json);
    }

    /**
     * The number asked with, the person's current number and every earlier one the register knows (history); only the
     * number asked with when the register knows no such person (a row may still be under it).
     */
    private Set<Identitetsnummer> identiteter(Identitetsnummer id) {
        Set<Identitetsnummer> alle = new LinkedHashSet<>();
        alle.add(id);
        folkeregister.personMedHistorikk(id, Set.of(Part.PERSON_BASIS)).map(FolkeregisterClient.PersonMedHistorikk::person)
                .ifPresent(p -> {
                    if (p.id() != null) {
                        alle.add(p.id());
                    }
                    alle.addAll(p.tidligereIdentiteter());
                });
        return alle;
    }
}
