package no.kommune.esb.uttrekk.vask;

import no.kommune.esb.forsendelse.mottak.ForsendelseRepository;
import no.kommune.esb.hendelser.Fagsystem;
import no.kommune.esb.hendelser.FagsystemRegistry;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.oppslag.Oppslagstilgang;
import no.kommune.esb.oppslag.Oppslagstilgang.Avslag;
import no.kommune.esb.oppslag.Oppslagstilgang.Tillatt;
import no.kommune.esb.oppslag.Revisjonslogg;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.uttrekk.format.TabellCsv;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The SFTP wash (routes/vask/vask-sftp.camel.yaml): a file {@code <fagsystem>/vask/inn/<name>.csv} (or {@code .xml}) is
 * washed under that fagsystem's registration, read by its input layout when it names one ({@code vask.mapping}), for the
 * purpose its line {@code # formaal: <formål>} names, else the registration's {@code vask.formaal} ({@link Oppslagstilgang},
 * as a look-up); the exchange leaves with the answer {@code <fagsystem>/vask/ut/<name>-svar-<time>-<random>.csv} as body
 * and file name, or, refused, {@code <fagsystem>/vask/ut/<name>-avvist-<time>-<random>.txt} with the reason (also a
 * register that refuses the platform; a register that is down or busy fails the attempt instead, and the file waits for
 * the next one). Each answer has a name of its own ({@link #merke}): a fagsystem that sends a file of
 * the same name again before it fetched the first answer gets a second answer beside it, never in its place. Every
 * attempt at one file writes the same name (the claim's, {@link VaskKrav}), so a retry never adds a second answer.
 * A refused file is on the audit trail as the REST wash's refusals are: one row without a person. A file whose
 * attempts are used up ({@code vask.krav-maks-forsoek}, {@link VaskKrav}) is given up instead of washed: kept as a dead
 * letter (kilde {@value #KILDE}, referanse its path, payload the file; {@link VaskDeadLetterRedriver} puts it back), and
 * the fagsystem gets a note under the refusal's name that says so, without personal data.
 */
@Component("vaskSftp")
public class VaskSftp {

    /** The dead letters of wash files given up: referanse {@code <fagsystem>/vask/inn/<name>}, payload the file. */
    public static final String KILDE = "vask-sftp";

    private static final Logger log = LoggerFactory.getLogger(VaskSftp.class);

    private final Vask vask;
    private final FagsystemRegistry registreringer;
    private final VaskProperties props;
    private final Revisjonslogg revisjon;
    private final VaskKrav krav;
    private final ForsendelseRepository deadLetters;
    private final TransactionTemplate tx;

    public VaskSftp(Vask vask, FagsystemRegistry registreringer, VaskProperties props, Revisjonslogg revisjon, VaskKrav krav,
                    ForsendelseRepository deadLetters, TransactionTemplate tx) {
        this.revisjon = revisjon;
        this.vask = vask;
        this.registreringer = registreringer;
        this.props = props;
        this.krav = krav;
        this.deadLetters = deadLetters;
        this.tx = tx;
    }

    public void behandle(Exchange exchange) throws IOException {
        String fil = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        Svarsti sti = svarsti(fil);
        String fagsystem = sti.fagsystem();
        // the claim's name part (VaskKrav): every attempt at one file writes the same name, so it is never answered twice
        String merke = Optional.ofNullable(exchange.getProperty(VaskKrav.MERKE, String.class)).orElseGet(() -> merke(Instant.now(), UUID.randomUUID()));
        Message m = exchange.getMessage();
        if (exchange.getProperty(VaskKrav.GI_OPP, false, Boolean.class)) {
            giOpp(exchange, sti, merke, fil);
            return;
        }
        Fagsystem.Vask oppsett = registreringer.finn(fagsystem).map(Fagsystem::vask).orElse(Fagsystem.Vask.STANDARD);
        Vaskefil vaskefil;
        try {
            String tekst = exchange.getIn().getBody(String.class);
            vaskefil = Vaskefil.les(tekst, props.maksLinjer(), oppsett);
        } catch (Vaskefil.UgyldigVaskefilException e) {
            avvis(exchange, sti, merke, null, 400, "ugyldig-vaskefil", e.getMessage());
            return;
        }
        // the file's own "# formaal:" line first; else the registration's vask.formaal
        String formaal = vaskefil.formaal() != null ? vaskefil.formaal() : oppsett.formaal();
        var a = Oppslagstilgang.avgjoer(fagsystem, false, null, formaal, registreringer::finn);
        if (a instanceof Avslag avslag) {
            avvis(exchange, sti, merke, formaal, avslag.status(), avslag.type(), avslag.detalj().replace("oppgi ?formaal=<formål>", oppsett.innlesing() != null
                    ? "registreringen må ha vask.formaal" : "skriv linjen \"# formaal: <formål>\" først i filen"));
            return;
        }
        Tillatt t = (Tillatt) a;
        ByteArrayOutputStream svar = new ByteArrayOutputStream();
        try (TabellCsv csv = TabellCsv.aapne(svar, true)) {
            Vask.Resultat r = vask.vask(t.registrering(), vaskefil, new Vask.Kall(fagsystem, t.formaal(), "SFTP"), csv);
            log.info("Wash by {} over SFTP ({}): {} line(s), {} register call(s), {}", fagsystem, t.formaal(),
                    vaskefil.linjer().size(), r.registerkall(), r.antall());
            exchange.setProperty(VaskKrav.UTFALL, new VaskMaalinger.Fil("SFTP", fagsystem, VaskMaalinger.Utfall.BESVART, r.antall()));
        } catch (RegisterException e) {
            if (e.isRetryable()) {
                // the register is down or busy: no answer now; the exchange fails, the claim waits (VaskKrav.feilet,
                // doubling up to vask.krav-vent-maks) and the file stays in vask/inn until a later attempt washes it.
                // Until session 22 the fagsystem got a refusal and had to put the file in again itself.
                log.warn("Wash by {} over SFTP: register unavailable ({}, HTTP {}); the file waits for a later attempt", fagsystem, e.kind(), e.httpStatus());
                throw e;
            }
            log.warn("Wash by {} over SFTP: register refused ({}, HTTP {})", fagsystem, e.kind(), e.httpStatus());
            avvis(exchange, sti, merke, t.formaal(), 502, "register-feil", "Folkeregisteret avviste oppslaget; meld fra til integrasjonsteamet");
            return;
        }
        m.setHeader(Exchange.FILE_NAME, sti.svar(merke));
        m.setBody(svar.toByteArray());
    }

    /**
     * Where a wash file's answers go: {@code ut} is {@code <fagsystem>/vask/ut/<name>}, the answer {@code ut + "-svar-" +
     * merke + ".csv"}, a refusal {@code ut + "-avvist-" + merke + ".txt"}.
     */
    record Svarsti(String fagsystem, String ut) {
        String svar(String merke) {
            return ut + "-svar-" + merke + ".csv";
        }

        String avvist(String merke) {
            return ut + "-avvist-" + merke + ".txt";
        }
    }

    /** The answers' path of a wash file {@code <fagsystem>/vask/inn/<name>.csv} (path from the platform's home). */
    static Svarsti svarsti(String fil) {
        // the folder before vask/inn names the fagsystem
        List<String> deler = Arrays.stream(fil.replace('\\', '/').split("/")).filter(d -> !d.isEmpty()).toList();
        int mappe = deler.lastIndexOf("vask");
        if (mappe < 1 || mappe + 1 >= deler.size() || !deler.get(mappe + 1).equals("inn")) {
            throw new IllegalStateException("a wash file outside <fagsystem>/vask/inn: " + Identitetsnummer.maskIn(String.join("/", deler)));
        }
        String fagsystem = deler.get(mappe - 1);
        String navn = deler.get(deler.size() - 1).replaceFirst("\\.(csv|xml)$", "");
        return new Svarsti(fagsystem, fagsystem + "/vask/ut/" + navn);
    }

    /**
     * What makes each answer's name its own: the time the file was washed, to the millisecond (Europe/Oslo, so a
     * fagsystem's answers to one name sort in the order they were made; to the second only, two answers written within
     * one second sorted by the random part), and 8 hex digits at random (two files of one name in one millisecond).
     */
    static String merke(Instant naa, UUID tilfeldig) {
        // retention reads the time back from the names (Vaskeoppbevaring), so both use the one format
        return Vaskeoppbevaring.TIDSMERKE.format(naa) + "-" + tilfeldig.toString().substring(0, 8);
    }

    private void avvis(Exchange exchange, Svarsti sti, String merke, String formaal, int status, String utfall, String grunn) {
        String fagsystem = sti.fagsystem();
        log.warn("Wash file from {} refused: {}", fagsystem, Identitetsnummer.maskIn(grunn));
        revider(fagsystem, formaal, status, utfall);
        Message m = exchange.getMessage();
        m.setHeader(Exchange.FILE_NAME, sti.avvist(merke));
        m.setBody(("Vaskefilen er avvist: " + grunn + "\n").getBytes(StandardCharsets.UTF_8));
        exchange.setProperty(VaskKrav.UTFALL, new VaskMaalinger.Fil("SFTP", fagsystem, VaskMaalinger.Utfall.AVVIST, Map.of()));
    }

    /** A refused or given-up file on the audit trail as the REST wash's refusals are: one row without a person. */
    private void revider(String fagsystem, String formaal, int status, String utfall) {
        revisjon.skriv(List.of(new Revisjonslogg.Rad(registreringer.finn(fagsystem).isPresent() ? fagsystem : null, fagsystem, null, null,
                "VASK+SFTP", Revisjonslogg.fritekst(formaal), null, List.of(), status, utfall)));
    }

    /**
     * Gives up a file whose attempts are used up: nothing is washed; the file is kept as a dead letter (once: a give-up
     * whose note could not be written finds it on its next attempt), and the answer is the note under the refusal's name,
     * saying it was given up, why in words ({@code platform.Feilaarsak}, never a person) and the dead letter's id for the
     * integration team, who can send it through again (console or {@code POST /api/dead-letters/{id}/redrive}).
     */
    private void giOpp(Exchange exchange, Svarsti sti, String merke, String fil) {
        String noekkel = exchange.getProperty(VaskKrav.NOEKKEL, String.class);
        byte[] innhold = exchange.getIn().getBody(byte[].class);
        int maks = props.kravMaksForsoek();
        VaskKrav.Oppgivelse o = tx.execute(status -> {
            VaskKrav.Oppgivelse naa = krav.oppgivelse(noekkel);
            if (naa.deadLetter() != null) {
                return naa;
            }
            UUID id = deadLetters.lagreDeadLetter(KILDE, fil, "vaskefilen er gitt opp etter " + maks + " forsøk; siste feil: "
                    + Optional.ofNullable(naa.sisteFeil()).orElse("ukjent"), innhold);
            krav.settDeadLetter(noekkel, id);
            return new VaskKrav.Oppgivelse(naa.sisteFeil(), id);
        });
        String fagsystem = sti.fagsystem();
        log.warn("Wash file from {} given up after {} failed attempt(s) (last: {}); kept as dead letter {}", fagsystem, maks,
                o.sisteFeil(), o.deadLetter());
        revider(fagsystem, null, 503, "gitt-opp");
        Message m = exchange.getMessage();
        m.setHeader(Exchange.FILE_NAME, sti.avvist(merke));
        m.setBody(("Vaskefilen er gitt opp etter " + maks + " forsøk og ikke vasket"
                + (o.sisteFeil() == null ? "" : " (siste feil: " + o.sisteFeil() + ")") + ".\n"
                + "Integrasjonsteamet har tatt vare på filen (dead letter " + o.deadLetter() + ") og kan sende den gjennom på nytt;"
                + " ellers send den inn igjen senere.\n").getBytes(StandardCharsets.UTF_8));
        exchange.setProperty(VaskKrav.UTFALL, new VaskMaalinger.Fil("SFTP", fagsystem, VaskMaalinger.Utfall.GITT_OPP, Map.of()));
    }
}
