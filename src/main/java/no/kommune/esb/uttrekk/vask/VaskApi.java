package no.kommune.esb.uttrekk.vask;

import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.oppslag.Oppslagstilgang;
import no.kommune.esb.oppslag.Oppslagstilgang.Avgjoerelse;
import no.kommune.esb.oppslag.Oppslagstilgang.Avslag;
import no.kommune.esb.oppslag.Oppslagstilgang.Tillatt;
import no.kommune.esb.oppslag.Oppslagsgrense;
import no.kommune.esb.oppslag.Revisjonslogg;
import no.kommune.esb.platform.security.Kaller;
import no.kommune.esb.platform.web.Rutesvar;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.uttrekk.format.TabellCsv;
import no.kommune.esb.uttrekk.format.Uttrekksformat;
import no.kommune.esb.uttrekk.format.Xlsx;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /api/vask?formaal=…} (routes/vask/vask-api.camel.yaml): the body is the wash file ({@link Vaskefil},
 * text/csv; or the fagsystem's own format, CSV or XML, when its registration names an input layout in {@code vask.mapping}); the answer is CSV, or XLSX when {@code Accept} names it, one row per line with the person's minimised data
 * and a status. The same checks as a look-up, in the same order ({@link Oppslagstilgang}: registration and purpose;
 * one token of the caller's rate limit for the whole file); refusals are problem+json and go to the audit trail.
 */
@Component("vaskApi")
public class VaskApi {

    private static final Logger log = LoggerFactory.getLogger(VaskApi.class);

    private final Vask vask;
    private final FagsystemRegistry registreringer;
    private final Revisjonslogg revisjon;
    private final Oppslagsgrense grense;
    private final Xlsx xlsx;
    private final VaskProperties props;
    private final VaskMaalinger maalinger;

    public VaskApi(Vask vask, FagsystemRegistry registreringer, Revisjonslogg revisjon, Oppslagsgrense grense, Xlsx xlsx,
                   VaskProperties props, VaskMaalinger maalinger) {
        this.maalinger = maalinger;
        this.vask = vask;
        this.registreringer = registreringer;
        this.revisjon = revisjon;
        this.grense = grense;
        this.xlsx = xlsx;
        this.props = props;
    }

    public void vask(Exchange exchange) throws IOException {
        Kaller hvem = Kaller.fra(exchange);
        String kaller = hvem.navnEllerStrek();
        String formaal = header(exchange, "formaal");
        Avgjoerelse a = Oppslagstilgang.avgjoer(kaller, hvem.admin(),
                header(exchange, "fagsystem"), formaal, registreringer::finn);
        if (a instanceof Avslag avslag) {
            avslaa(exchange, kaller, formaal, avslag, null);
            return;
        }
        Tillatt t = (Tillatt) a;
        Optional<Duration> vent = grense.ta(kaller);
        if (vent.isPresent()) {
            avslaa(exchange, kaller, formaal, new Avslag(429, "for-mange-oppslag", "For mange oppslag",
                    "kalleren har brukt opp sin kvote av oppslag; prøv igjen etter Retry-After", t.fagsystem()), vent.get());
            return;
        }
        Vaskefil fil;
        try {
            String tekst = exchange.getIn().getBody(String.class);
            Fagsystem.Vask oppsett = t.registrering().vask();
            fil = Vaskefil.les(tekst, props.maksLinjer(), oppsett);
        } catch (Vaskefil.UgyldigVaskefilException e) {
            avslaa(exchange, kaller, formaal, new Avslag(400, "ugyldig-vaskefil", "Ugyldig vaskefil", e.getMessage(), t.fagsystem()), null);
            return;
        }
        boolean somXlsx = Optional.ofNullable(header(exchange, "Accept")).orElse("").contains(xlsx.mediatype());
        ByteArrayOutputStream ut = new ByteArrayOutputStream();
        Vask.Resultat r;
        try (Uttrekksformat.Skriver skriver = somXlsx
                ? xlsx.aapne(ut, new Uttrekksformat.Valg("Vask", null, Map.of(Xlsx.VASK, "true")))
                : TabellCsv.aapne(ut, true)) {
            r = vask.vask(t.registrering(), fil, new Vask.Kall(kaller, t.formaal(), "REST"), skriver);
        } catch (RegisterException e) {
            log.warn("Wash by {} for {}: register failed ({}, HTTP {})", kaller, t.fagsystem(), e.kind(), e.httpStatus());
            avslaa(exchange, kaller, formaal, e.isRetryable()
                    ? new Avslag(503, "register-utilgjengelig", "Folkeregisteret er ikke tilgjengelig",
                            "Folkeregisteret svarer ikke nå; prøv igjen etter Retry-After", t.fagsystem())
                    : new Avslag(502, "register-feil", "Feil fra Folkeregisteret",
                            "Folkeregisteret ga et svar plattformen ikke kan bruke", t.fagsystem()),
                    e.isRetryable() ? e.retryAfter().filter(d -> !d.isNegative() && !d.isZero()).orElse(Duration.ofSeconds(5)) : null);
            return;
        }
        log.info("Wash by {} for {} ({}): {} line(s), {} register call(s), {}", kaller, t.fagsystem(), t.formaal(),
                fil.linjer().size(), r.registerkall(), r.antall());
        maalinger.fil(new VaskMaalinger.Fil("REST", t.fagsystem(), VaskMaalinger.Utfall.BESVART, r.antall()));
        Message m = Rutesvar.svar(exchange, 200, somXlsx ? xlsx.mediatype() : TabellCsv.MEDIATYPE);
        m.setHeader("Content-Disposition", "attachment; filename=\"vask-svar." + (somXlsx ? "xlsx" : "csv") + "\"");
        m.setBody(ut.toByteArray());
    }

    private void avslaa(Exchange exchange, String kaller, String formaal, Avslag avslag, Duration retryAfter) {
        log.warn("Wash by {} refused: {} {}", kaller, avslag.status(), avslag.type());
        // the register down (503) failed the wash; every other refusal is the file's or the caller's
        maalinger.fil(new VaskMaalinger.Fil("REST", avslag.fagsystem(), avslag.status() == 503 ? VaskMaalinger.Utfall.FEILET
                : VaskMaalinger.Utfall.AVVIST, Map.of()));
        revisjon.skriv(List.of(new Revisjonslogg.Rad(avslag.fagsystem(), kaller, null, null, "VASK+REST", Revisjonslogg.fritekst(formaal),
                null, List.of(), avslag.status(), avslag.type())));
        Rutesvar.problem(exchange, avslag.status(), avslag.type(), avslag.tittel(), avslag.detalj(), retryAfter);
    }

    private static String header(Exchange exchange, String navn) {
        return exchange.getIn().getHeader(navn, String.class);
    }
}
