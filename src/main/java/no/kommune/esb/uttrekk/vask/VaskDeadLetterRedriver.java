package no.kommune.esb.uttrekk.vask;

import no.kommune.esb.forsendelse.mottak.DeadLetterRedriver;
import no.kommune.esb.forsendelse.mottak.ForsendelseRepository;
import no.kommune.esb.forsendelse.mottak.SftpTilgang;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Sends a wash file the SFTP wash gave up on (kilde {@value VaskSftp#KILDE}, referanse {@code <fagsystem>/vask/inn/<name>},
 * payload the file) through again, from the console or {@code POST /api/dead-letters/{id}/redrive}: the file is written
 * back to the fagsystem's drop folder under its own name (as {@code .part}, then renamed), where the route takes it as
 * a new file (a new modification time, so a new claim with all its attempts) and answers it under its name as usual.
 * Refused while a file of that name waits in the folder (the fagsystem's own, not to be replaced), and when the payload
 * was emptied by retention.
 */
@Component
public class VaskDeadLetterRedriver implements DeadLetterRedriver {

    private static final Logger log = LoggerFactory.getLogger(VaskDeadLetterRedriver.class);

    /** Only a file directly in a fagsystem's wash drop folder: nothing is ever written elsewhere from a stored reference. */
    private static final Pattern STI = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*/vask/inn/[^/\\\\]+\\.(csv|xml)");

    private final ForsendelseRepository repository;
    private final SftpTilgang sftp;
    private final TransactionTemplate tx;

    public VaskDeadLetterRedriver(ForsendelseRepository repository, SftpTilgang sftp, TransactionTemplate tx) {
        this.repository = repository;
        this.sftp = sftp;
        this.tx = tx;
    }

    @Override
    public String kilde() {
        return VaskSftp.KILDE;
    }

    @Override
    public boolean redrive(ForsendelseRepository.DeadLetter deadLetter) {
        return redriv(deadLetter, false).redrevet();
    }

    @Override
    public Utfall redriv(ForsendelseRepository.DeadLetter deadLetter, boolean trossNyere) {
        String sti = deadLetter.referanse();
        if (sti == null || !STI.matcher(sti).matches() || sti.contains("..")) {
            return Utfall.avslag("kan-ikke-redrives", "referansen viser ikke til en vaskefil i en vask/inn-mappe");
        }
        Optional<byte[]> innhold = repository.deadLetterPayload(deadLetter.id());
        if (innhold.isEmpty() || innhold.get().length == 0) {
            return Utfall.avslag("kan-ikke-redrives", "vaskefilens innhold er slettet (oppbevaringstiden er ute); be fagsystemet sende den på nytt");
        }
        Utfall utfall = tx.execute(status -> {
            // marked first, written after: a failed write rolls the mark back, and a second redrive meanwhile finds it marked
            if (!repository.markerRedrevet(deadLetter.id())) {
                return Utfall.avslag("kan-ikke-redrives", "det dead letter viser til er allerede sendt på nytt eller avsluttet");
            }
            try (SftpTilgang.Okt okt = sftp.aapne()) {
                if (okt.finnes(sti)) {
                    status.setRollbackOnly();
                    return Utfall.avslag("fil-venter", "en fil med samme navn venter i fagsystemets vask/inn; send på nytt når den er vasket");
                }
                okt.skriv(sti, innhold.get());
            } catch (IOException | RuntimeException e) {
                status.setRollbackOnly();
                // SftpTilgang's messages name the operation and status, never a path
                log.warn("Wash dead letter {} could not be written back to the drop folder: {}", deadLetter.id(), e.getClass().getSimpleName());
                return Utfall.avslag("sftp-utilgjengelig", "filen kunne ikke skrives tilbake til SFTP-mappen; prøv igjen senere");
            }
            return Utfall.REDREVET;
        });
        if (utfall.redrevet()) {
            log.info("Wash dead letter {} written back to the drop folder of {}", deadLetter.id(), sti.substring(0, sti.indexOf('/')));
        }
        return utfall;
    }
}
