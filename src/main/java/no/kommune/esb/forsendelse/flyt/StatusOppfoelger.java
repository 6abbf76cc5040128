package no.kommune.esb.forsendelse.flyt;


import no.kommune.esb.platform.PlatformLock;
import no.kommune.esb.platform.Registerstans;
import no.kommune.esb.platform.Registerventing;
import no.kommune.esb.register.RegisterException;
import no.kommune.esb.svarut.ForsendelseStatus;
import no.kommune.esb.svarut.SvarUtClient;
import no.kommune.esb.varsel.SmsClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Follows sent letters in SvarUt: asks {@code status-sok} in batches for recipient letters that are not final,
 * and the SMS gateway for the delivery reports of service messages; records each change in the lifecycle and
 * timeline, and its status message in the {@link Statusutboks} in the same transaction ({@link StatusPublisering}
 * publishes it to the sending fagsystem). Runs on one instance at a time ({@link PlatformLock}).
 * <p>
 * A failed call (the Maskinporten token, SvarUt, the SMS gateway) makes that round wait, growing and capped, before it
 * calls again ({@link Registerventing}: one warning per outage, not one per tick and route retry); the SvarUt round and
 * the SMS round wait each on their own, so an SMS gateway outage does not hold back SvarUt's statuses, nor those of
 * e-mails (which need no call).
 */
@Component("statusOppfoelger")
public class StatusOppfoelger {

    private static final Logger log = LoggerFactory.getLogger(StatusOppfoelger.class);

    private final MottakerbrevRepository repository;
    private final SvarUtClient svarUt;
    private final SmsClient sms;
    private final PlatformLock lock;
    private final int batchSize;
    private final Registerventing svarUtVenting;
    private final Registerventing smsVenting;
    /** How long status-sok may answer without a usable status for a letter before it goes to manual handling. */
    private final Duration ukjentEtter;

    public StatusOppfoelger(MottakerbrevRepository repository, SvarUtClient svarUt, ObjectProvider<SmsClient> sms, PlatformLock lock,
                            @Value("${forsendelse.status.batch-size:500}") int batchSize,
                            @Value("${forsendelse.status.foerste-vent:PT10S}") Duration foersteVent, Registerstans registerstans,
                            @Value("${forsendelse.status.ukjent-etter:PT24H}") Duration ukjentEtter) {
        this.repository = repository;
        this.svarUt = svarUt;
        this.sms = sms.getIfAvailable();
        this.lock = lock;
        this.batchSize = batchSize;
        this.svarUtVenting = registerstans.flyt("forsendelse-status", foersteVent);
        this.smsVenting = registerstans.flyt("forsendelse-status-sms", foersteVent);
        this.ukjentEtter = ukjentEtter;
    }

    /** One polling round; how many status changes were recorded (0 when none or another instance is polling). */
    public int poll() {
        return lock.runExclusively("forsendelse-status", () -> svarUtRunde() + varselRunde()).orElse(0);
    }

    private int svarUtRunde() {
        if (svarUtVenting.venter()) {
            return 0;
        }
        List<MottakerbrevRepository.Fulgt> fulgte = repository.fulgteISvarUt(batchSize);
        if (fulgte.isEmpty()) {
            return 0;
        }
        Map<UUID, ForsendelseStatus> statuser;
        try {
            statuser = svarUt.statusSok(fulgte.stream().map(MottakerbrevRepository.Fulgt::svarutId).collect(Collectors.toList()));
        } catch (RegisterException e) {
            // nothing was recorded: the same letters are asked about once the wait is over
            svarUtVenting.feilet(e);
            return 0;
        }
        svarUtVenting.lyktes();
        List<MottakerbrevRepository.Statusendring> endringer = new ArrayList<>();
        List<MottakerbrevRepository.Statusendring> svarUtEndringer = new ArrayList<>();
        List<UUID> mangler = new ArrayList<>();
        List<UUID> funnet = new ArrayList<>();
        List<MottakerbrevRepository.Fulgt> ukjente = new ArrayList<>();
        Instant naa = Instant.now();
        for (MottakerbrevRepository.Fulgt f : fulgte) {
            ForsendelseStatus s = statuser.get(f.svarutId());
            if (s == null || s.status() == null) {
                // not in the answer, or a status the client does not know: asked again, until it has been so for too long
                if (f.manglerFra() == null) {
                    mangler.add(f.id());
                } else if (!f.manglerFra().plus(ukjentEtter).isAfter(naa)) {
                    ukjente.add(f);
                }
                continue;
            }
            if (f.manglerFra() != null) {
                funnet.add(f.id());
            }
            Mottakerstatus ny = Mottakerstatus.fra(s.status());
            Instant tid = s.sisteStatusEndring() != null ? s.sisteStatusEndring().toInstant() : Instant.now();
            if (ny != f.status()) {
                endringer.add(new MottakerbrevRepository.Statusendring(f.id(), f.brevId(), s.status().name(), f.status(), ny, tid));
            } else if (!s.status().name().equals(f.svarUtStatus())) {
                // SvarUt moved on within the same platform status: the stored value follows, the fagsystem is not told
                svarUtEndringer.add(new MottakerbrevRepository.Statusendring(f.id(), f.brevId(), s.status().name(), f.status(), ny, tid));
            }
        }
        // the round's changes together; when that fails none is recorded and the next round asks SvarUt again; a letter
        // another writer changed since the round read it is left as it is (asked again next round)
        int endret = repository.nyeStatuser(endringer);
        repository.nyeSvarUtStatuser(svarUtEndringer);
        repository.svarUtMangler(mangler, funnet);
        int manuelle = ukjente.isEmpty() ? 0 : repository.ukjentISvarUt(ukjente, f -> "SvarUt har ikke gitt en status plattformen kjenner for"
                + " forsendelsen " + f.svarutId() + " siden " + f.manglerFra() + " (ikke funnet i status-sok, eller en ukjent status);"
                + " plattformen følger den ikke lenger, sjekk den i SvarUt", Statusutboks.AARSAK_SVARUT_UKJENT);
        if (manuelle > 0) {
            log.warn("SvarUt status round: {} recipient letter(s) without a known status in SvarUt for {} or longer, handed to manual handling",
                    manuelle, ukjentEtter);
        }
        if (endret > 0) {
            log.info("SvarUt status round: {} followed, {} changed", fulgte.size(), endret);
        }
        return endret + manuelle;
    }

    /**
     * Service messages: an SMS follows the gateway's delivery report (DELIVERED → LEVERT, FAILED/EXPIRED → FEILET);
     * an e-mail is LEVERT once the SMTP server has taken it, as SMTP gives no delivery report. An SMS whose report cannot
     * be had (the gateway has no such message or gives a status this client does not know, or no gateway is set up any
     * more) is marked, and after {@code ukjentEtter} goes to manual handling, as a letter SvarUt no longer knows.
     */
    private int varselRunde() {
        // while the SMS gateway is waited on, only its reports wait: e-mails need no call (before, they waited too, and
        // the e-mails after a failing SMS in the batch were not recorded in that round)
        boolean smsVenter = smsVenting.venter();
        int endringer = 0;
        List<UUID> mangler = new ArrayList<>();
        List<UUID> funnet = new ArrayList<>();
        List<MottakerbrevRepository.FulgtVarsel> ukjente = new ArrayList<>();
        Instant naa = Instant.now();
        for (MottakerbrevRepository.FulgtVarsel f : repository.fulgteVarsler(batchSize)) {
            String varselStatus;
            Mottakerstatus ny;
            if ("EPOST".equals(f.kanal())) {
                varselStatus = "ACCEPTED";
                ny = Mottakerstatus.LEVERT;
            } else if (sms != null) {
                if (smsVenter) {
                    continue;
                }
                SmsClient.Leveringsstatus s;
                try {
                    s = sms.status(f.varselId());
                } catch (RegisterException e) {
                    if (SmsClient.gjelderBareMeldingen(e)) {
                        // the gateway answered, about this message alone: the others' reports are read, this one asked again
                        // next time, until it has been so for too long
                        smsVenting.lyktes();
                        if (f.manglerFra() == null) {
                            // once, when it is first marked: asked every round until the limit, a line each would flood the log
                            log.warn("SMS gateway: delivery report of message {} (recipient letter {}) not usable: {}; asked again each round",
                                    f.varselId(), f.id(), e.getMessage());
                        }
                        mangler(f, naa, mangler, ukjente);
                        continue;
                    }
                    // the reports read so far are recorded; the other SMSes' are read once the wait is over, the e-mails' now
                    smsVenting.feilet(e);
                    smsVenter = true;
                    continue;
                }
                smsVenting.lyktes();
                if (f.manglerFra() != null) {
                    funnet.add(f.id());
                }
                varselStatus = s.name();
                ny = Mottakerstatus.fra(s);
            } else {
                // no SMS gateway set up any more: its report cannot be had
                mangler(f, naa, mangler, ukjente);
                continue;
            }
            if (ny == f.status() && varselStatus.equals(f.varselStatus())) {
                continue;
            }
            Instant tid = Instant.now();
            // recorded only while still in the status read: another writer's change since is not taken back
            if (repository.nyVarselstatus(f.id(), f.brevId(), f.kanal(), varselStatus, f.status(), ny, tid) && ny != f.status()) {
                endringer++;
            }
        }
        if (!mangler.isEmpty() || !funnet.isEmpty()) {
            repository.varselMangler(mangler, funnet);
        }
        int manuelle = 0;
        if (!ukjente.isEmpty()) {
            String aarsak = sms == null ? Statusutboks.AARSAK_INGEN_VARSELGATEWAY : Statusutboks.AARSAK_SMS_UKJENT;
            manuelle = repository.ukjentVarsel(ukjente, f -> (sms == null
                    ? "Ingen SMS-tjeneste er satt opp, så leveringsstatusen til SMS-en " + f.varselId() + " kan ikke hentes"
                    : "SMS-tjenesten har ikke gitt en leveringsstatus plattformen kjenner for SMS-en " + f.varselId()
                            + " (ukjent melding, eller en ukjent status)")
                    + " siden " + f.manglerFra() + "; plattformen følger den ikke lenger, sjekk den hos SMS-tjenesten", aarsak);
            if (manuelle > 0) {
                log.warn("Service message status round: {} SMS(es) without a delivery report for {} or longer, handed to manual handling",
                        manuelle, ukjentEtter);
            }
        }
        if (endringer > 0) {
            log.info("Service message status round: {} changed", endringer);
        }
        return endringer + manuelle;
    }

    /** An SMS without a usable report: marked at first, to manual handling once it has been so for {@code ukjentEtter}. */
    private void mangler(MottakerbrevRepository.FulgtVarsel f, Instant naa, List<UUID> mangler,
                         List<MottakerbrevRepository.FulgtVarsel> ukjente) {
        if (f.manglerFra() == null) {
            mangler.add(f.id());
        } else if (!f.manglerFra().plus(ukjentEtter).isAfter(naa)) {
            ukjente.add(f);
        }
    }
}
