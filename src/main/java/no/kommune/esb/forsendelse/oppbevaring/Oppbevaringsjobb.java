package no.kommune.esb.forsendelse.oppbevaring;

import io.micrometer.core.instrument.MeterRegistry;
import no.kommune.esb.platform.PlatformLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The nightly retention job (route {@code forsendelse-oppbevaring}): empties the document contents of finished
 * letters and the payloads of dead letters nobody will redrive, deletes finished register-event delivery rows, then cleans the SFTP drop folders, with the times of
 * {@link Oppbevaringsregel} from {@code forsendelse.oppbevaring.*}. Runs on one instance at a time
 * ({@link PlatformLock}). Counts per kind go to the metric {@code esb.forsendelse.oppbevaring.slettet} (tag
 * {@code type}) and {@code esb.forsendelse.oppbevaring.gjenopptatt}; the log has counts only.
 */
@Component("forsendelseOppbevaring")
public class Oppbevaringsjobb {

    private static final Logger log = LoggerFactory.getLogger(Oppbevaringsjobb.class);
    static final String LAAS = "forsendelse-oppbevaring";

    /**
     * What one run did: letters and documents whose contents were emptied, dead letters emptied, SFTP folders deleted,
     * manifests moved back, register-event delivery rows deleted; {@code kjoert} is false when another instance was running the job.
     */
    public record Resultat(boolean kjoert, int brev, int dokumenter, int deadLetters, int sftpBehandlet, int sftpAvvist,
                           int gjenopptatt, int leveringer) {
        static final Resultat IKKE_KJOERT = new Resultat(false, 0, 0, 0, 0, 0, 0, 0);
    }

    private final OppbevaringRepository repository;
    private final SftpRydding sftp;
    private final PlatformLock lock;
    private final MeterRegistry metrics;
    private final Oppbevaringsregel regel;
    private final int batchSize;

    Oppbevaringsjobb(OppbevaringRepository repository, SftpRydding sftp, PlatformLock lock, MeterRegistry metrics,
                            @Value("${forsendelse.oppbevaring.dokumenter-etter:P30D}") Duration dokumenterEtter,
                            @Value("${forsendelse.oppbevaring.dead-letter-etter:P90D}") Duration deadLetterEtter,
                            @Value("${forsendelse.oppbevaring.sftp-etter:P14D}") Duration sftpEtter,
                            @Value("${forsendelse.oppbevaring.gjenoppta-etter:PT30M}") Duration gjenopptaEtter,
                            @Value("${forsendelse.oppbevaring.hendelser-etter:P30D}") Duration hendelserEtter,
                            @Value("${forsendelse.oppbevaring.batch-size:500}") int batchSize) {
        this.repository = repository;
        this.sftp = sftp;
        this.lock = lock;
        this.metrics = metrics;
        this.regel = new Oppbevaringsregel(dokumenterEtter, deadLetterEtter, sftpEtter, gjenopptaEtter, hendelserEtter);
        this.batchSize = batchSize;
    }

    /** One run as of now; called by the route. */
    public Resultat kjoer() {
        return kjoer(Instant.now());
    }

    /** One run with every retention time counted back from {@code naa}; nothing when another instance runs it. */
    public Resultat kjoer(Instant naa) {
        return lock.runExclusively(LAAS, () -> runde(naa)).orElseGet(() -> {
            log.info("Retention job skipped: another instance is running it");
            return Resultat.IKKE_KJOERT;
        });
    }

    private Resultat runde(Instant naa) {
        int brev = 0;
        int dokumenter = 0;
        List<String> endelige = Oppbevaringsregel.endeligeStatuser();
        List<OppbevaringRepository.Brevkandidat> kandidater;
        int brevIRunden;
        do {
            brevIRunden = 0;
            kandidater = repository.brevMedGamleDokumenter(regel.dokumentGrense(naa), endelige, batchSize);
            for (OppbevaringRepository.Brevkandidat k : kandidater) {
                int n = repository.toemDokumenter(k.id(), regel, naa);
                if (n > 0) {
                    brevIRunden++;
                    dokumenter += n;
                }
            }
            brev += brevIRunden;
            // a candidate the rule refuses stays a candidate: stop when a batch emptied nothing, or was not full
        } while (kandidater.size() == batchSize && brevIRunden > 0);
        tell("dokument", dokumenter);

        int deadLetters = 0;
        List<OppbevaringRepository.DeadLetterKandidat> deadKandidater;
        int runde;
        // as above: stop when a batch emptied nothing, or was not full
        do {
            runde = 0;
            deadKandidater = repository.gamleDeadLetters(regel.deadLetterGrense(naa), List.copyOf(Oppbevaringsregel.INNLEVERINGSKILDER), batchSize);
            for (OppbevaringRepository.DeadLetterKandidat d : deadKandidater) {
                if (regel.deadLetterKanTommes(d.kilde(), d.opprettet(), d.avgjort(), naa) && repository.toemDeadLetter(d)) {
                    runde++;
                }
            }
            deadLetters += runde;
        } while (deadKandidater.size() == batchSize && runde > 0);
        tell("dead-letter", deadLetters);

        int leveringer = 0;
        int slettet;
        // a batch that was not full left nothing old enough (the rows it keeps, needed or locked, are not candidates)
        do {
            slettet = repository.slettGamleLeveringer(regel.leveringGrense(naa), batchSize);
            leveringer += slettet;
        } while (slettet == batchSize);
        tell("levering", leveringer);

        SftpRydding.Resultat filer = ryddSftp(naa);
        tell("sftp-behandlet", filer.behandletSlettet());
        tell("sftp-avvist", filer.avvistSlettet());
        tell("sftp-svar", filer.svarSlettet());
        metrics.counter("esb.forsendelse.oppbevaring.gjenopptatt").increment(filer.gjenopptatt());

        log.info("Retention job: document contents of {} letter(s) ({} document(s)) and {} dead-letter payload(s) emptied, "
                        + "{} register-event delivery row(s) deleted; SFTP: {} accepted and {} refused hand-in folder(s) and {} answer(s) deleted, {} manifest(s) moved back for a new attempt",
                brev, dokumenter, deadLetters, leveringer, filer.behandletSlettet(), filer.avvistSlettet(), filer.svarSlettet(), filer.gjenopptatt());
        return new Resultat(true, brev, dokumenter, deadLetters, filer.behandletSlettet(), filer.avvistSlettet(), filer.gjenopptatt(),
                leveringer);
    }

    private SftpRydding.Resultat ryddSftp(Instant naa) {
        try {
            SftpRydding.Resultat r = sftp.rydd(regel, naa);
            if (r.feil() > 0) {
                metrics.counter("esb.alarm", "kilde", LAAS).increment();
            }
            return r;
        } catch (IOException | RuntimeException e) {
            // the database part is done and stays done; the drop folders are tried again at the next run
            log.warn("Retention job: SFTP housekeeping failed: {}", e.getClass().getName());
            metrics.counter("esb.alarm", "kilde", LAAS).increment();
            return new SftpRydding.Resultat(0, 0, 0, 0, 1);
        }
    }

    private void tell(String type, int antall) {
        metrics.counter("esb.forsendelse.oppbevaring.slettet", "type", type).increment(antall);
    }
}
