package no.kommune.esb.uttrekk.vask;

import com.jcraft.jsch.ChannelSftp;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.platform.Feilaarsak;
import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.component.file.GenericFileExclusiveReadLockStrategy;
import org.apache.camel.component.file.GenericFileOperationFailedException;
import org.apache.camel.component.file.GenericFileOperations;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.apache.camel.component.file.remote.strategy.SftpChangedExclusiveReadLockStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The SFTP wash route's read lock ({@code exclusiveReadLockStrategy: "#vaskLaas"}): a file is taken only when it has
 * stopped changing (Camel's {@code readLock=changed}, set up from the route's {@code readLock*} options) and this
 * instance claims it ({@link VaskKrav}). A file another instance holds, or one waiting for its next attempt, is not
 * taken: it stays in {@code vask/inn}, untouched, for a later poll. A file claimed again after an attempt that did not
 * finish is first looked for in {@code vask/ut}: when the answer under the claim's name is there, the claim is marked
 * answered and the file only moved aside. While the exchange washes the file its claim is renewed ({@link
 * VaskKrav#fornyLoepende}), until the lock is released. A failed exchange (the wash, or the answer's write, after the
 * route's retries) releases the claim as failed, to be tried again after a wait; the file stays. So does a failed
 * download, before the exchange runs (the platform's SFTP consumer, {@code SftpKomponent.Konsument}, rolls it back).
 * That rollback is logged here (VaskKrav), with identity numbers in the file's name masked: a fagsystem names its own
 * files; the failure is kept in words ({@link Feilaarsak}) for the note and dead letter of a file given up. A file
 * whose attempts are used up is taken to be given up ({@link VaskKrav.Utfall#GI_OPP}), unless that note is written
 * already. Every file moved aside goes to {@code .behandlet/<name>-<the claim's answer part>.<ext>}
 * ({@link #flyttetNavn}, the route's {@code move}), so each copy of a name sent again is kept. Retention deletes such
 * copies after {@code vask.oppbevaring.behandlet-etter} ({@link VaskRydding}): an answered claim that old counts as the
 * very same file sent again even without its copy ({@link Vaskeoppbevaring#kopienKanVaereSlettet}), so a resend after
 * the copy is gone is washed, never moved aside unanswered.
 */
@Component("vaskLaas")
public class VaskLaas implements GenericFileExclusiveReadLockStrategy<ChannelSftp.LsEntry> {

    private static final Logger log = LoggerFactory.getLogger(VaskLaas.class);

    private final VaskKrav krav;
    private final VaskProperties props;
    private final SftpChangedExclusiveReadLockStrategy endret = new SftpChangedExclusiveReadLockStrategy();
    private volatile boolean oppsatt;

    public VaskLaas(VaskKrav krav, VaskProperties props) {
        this.krav = krav;
        this.props = props;
    }

    @Override
    public void prepareOnStartup(GenericFileOperations<ChannelSftp.LsEntry> operations, GenericFileEndpoint<ChannelSftp.LsEntry> endpoint) throws Exception {
        settOpp(endpoint);
        endret.prepareOnStartup(operations, endpoint);
    }

    /** The "changed" check as the route's readLock* options say (timeout, check interval, minimum length and age). */
    private synchronized void settOpp(GenericFileEndpoint<?> endpoint) {
        if (oppsatt || endpoint == null) {
            return;
        }
        endret.setTimeout(endpoint.getReadLockTimeout());
        endret.setCheckInterval(endpoint.getReadLockCheckInterval());
        endret.setMinLength(endpoint.getReadLockMinLength());
        endret.setMinAge(endpoint.getReadLockMinAge());
        endret.setReadLockLoggingLevel(endpoint.getReadLockLoggingLevel());
        oppsatt = true;
    }

    @Override
    public boolean acquireExclusiveReadLock(GenericFileOperations<ChannelSftp.LsEntry> operations, GenericFile<ChannelSftp.LsEntry> file,
                                            Exchange exchange) throws Exception {
        if (!oppsatt && exchange.getFromEndpoint() instanceof GenericFileEndpoint<?> e) {
            settOpp(e);
        }
        if (!endret.acquireExclusiveReadLock(operations, file, exchange)) {
            return false;
        }
        VaskKrav.Krav k = krav.ta(VaskKrav.fil(file.getRelativeFilePath(), file.getFileLength(), file.getLastModified()));
        switch (k.utfall()) {
            case OPPTATT -> {
                return false;
            }
            case BESVART -> {
                // answered before: the very same file sent again when its answered copy was moved aside (or is old enough
                // that retention may have deleted that copy), else that copy itself, still here (its instance stopped
                // before the move): only moved aside, under its claim's name
                boolean sendtIgjen = flyttetFoer(operations, file, k.merke())
                        || props.oppbevaring().kopienKanVaereSlettet(k.merke(), Instant.now());
                VaskKrav.Krav igjen = sendtIgjen ? krav.taPaaNytt(k.noekkel()) : null;
                if (igjen == null) {
                    exchange.setProperty(VaskKrav.BESVART, true);
                    // a claim from before V39 has no answer part: the copy gets one of its own
                    exchange.setProperty(VaskKrav.MERKE, k.merke() != null ? k.merke() : VaskSftp.merke(Instant.now(), UUID.randomUUID()));
                } else if (!igjen.tatt()) {
                    return false;
                } else {
                    exchange.setProperty(VaskKrav.NOEKKEL, igjen.noekkel());
                    exchange.setProperty(VaskKrav.MERKE, igjen.merke());
                    vaskes(igjen, exchange);
                }
            }
            case TATT_IGJEN, GI_OPP -> {
                exchange.setProperty(VaskKrav.NOEKKEL, k.noekkel());
                exchange.setProperty(VaskKrav.GI_OPP, k.utfall() == VaskKrav.Utfall.GI_OPP);
                exchange.setProperty(VaskKrav.MERKE, k.merke());
                if (svaretFinnes(operations, file, k.merke())) {
                    krav.funnetBesvart(k.noekkel());
                    exchange.setProperty(VaskKrav.BESVART, true);
                } else {
                    vaskes(k, exchange);
                }
            }
            case TATT -> {
                exchange.setProperty(VaskKrav.NOEKKEL, k.noekkel());
                exchange.setProperty(VaskKrav.MERKE, k.merke());
                vaskes(k, exchange);
            }
        }
        return true;
    }

    /** This attempt washes the file: its claim is renewed until the lock is released, and checked before the answer is written. */
    private void vaskes(VaskKrav.Krav k, Exchange exchange) {
        exchange.setProperty(VaskKrav.FORSOEK, k.forsoek());
        krav.fornyLoepende(k.noekkel(), k.forsoek());
    }

    /**
     * Whether {@code vask/inn/.behandlet} holds the answered copy of this file, of its size and modification time: the
     * answered file was moved aside (a rename keeps its time), so the one in {@code vask/inn} was sent again. The copy is
     * named by the claim's answer part ({@link #flyttetNavn}); one moved aside before V78 kept the file's own name.
     */
    private static boolean flyttetFoer(GenericFileOperations<ChannelSftp.LsEntry> operations, GenericFile<ChannelSftp.LsEntry> file, String merke) {
        String sti = file.getRelativeFilePath();
        String mappe = (sti.contains("/") ? sti.substring(0, sti.lastIndexOf('/') + 1) : "") + ".behandlet";
        String kopi = merke == null ? null : flyttetNavn(file.getFileNameOnly(), merke);
        return liste(operations, mappe).stream().anyMatch(f -> (f.getFilename().equals(kopi) || f.getFilename().equals(file.getFileNameOnly()))
                && f.getFileLength() == file.getFileLength() && f.getLastModified() == file.getLastModified());
    }

    /**
     * The name a wash file is moved aside under in {@code .behandlet}: {@code <name>-<merke>.<ext>}, as the route's
     * {@code move} writes it ({@code ${file:onlyname.noext.single}-${exchangeProperty.esbVaskMerke}.${file:name.ext.single}}).
     * Until V78 the copy kept the file's own name, and the copy of a name sent again replaced the one before.
     */
    static String flyttetNavn(String navn, String merke) {
        int punktum = navn.lastIndexOf('.');
        return punktum < 0 ? navn + "-" + merke : navn.substring(0, punktum) + "-" + merke + navn.substring(punktum);
    }

    /** Whether {@code <fagsystem>/vask/ut} holds the answer (or refusal) an earlier attempt of this claim wrote. */
    private static boolean svaretFinnes(GenericFileOperations<ChannelSftp.LsEntry> operations, GenericFile<ChannelSftp.LsEntry> file, String merke) {
        VaskSftp.Svarsti sti = VaskSftp.svarsti(file.getRelativeFilePath());
        String mappe = sti.ut().substring(0, sti.ut().lastIndexOf('/'));
        String svar = sti.svar(merke).substring(mappe.length() + 1);
        String avvist = sti.avvist(merke).substring(mappe.length() + 1);
        return liste(operations, mappe).stream().anyMatch(f -> f.getFilename().equals(svar) || f.getFilename().equals(avvist));
    }

    /**
     * The entries of a folder; none when it does not exist (yet) or cannot be listed. Camel's SFTP operations answer
     * {@link SftpRemoteFile}s whatever their type parameter says (so does its own {@link SftpChangedExclusiveReadLockStrategy}):
     * until session 31 the entries were taken as {@code LsEntry}, the cast failed, and the folder was always taken for empty.
     */
    static List<SftpRemoteFile<?>> liste(GenericFileOperations<ChannelSftp.LsEntry> operations, String mappe) {
        try {
            Object[] filer = operations.listFiles(mappe);
            List<SftpRemoteFile<?>> ut = new ArrayList<>(filer.length);
            for (Object f : filer) {
                ut.add((SftpRemoteFile<?>) f);
            }
            return ut;
        } catch (GenericFileOperationFailedException e) {
            // no such folder yet, or it cannot be listed: nothing was written there
            log.debug("SFTP wash: the folder could not be listed: {}", e.getClass().getSimpleName());
            return List.of();
        }
    }

    @Override
    public void releaseExclusiveReadLockOnAbort(GenericFileOperations<ChannelSftp.LsEntry> operations, GenericFile<ChannelSftp.LsEntry> file,
                                                Exchange exchange) throws Exception {
        String noekkel = exchange.getProperty(VaskKrav.NOEKKEL, String.class);
        if (noekkel != null) {
            krav.avsluttFornyelse(noekkel);
        }
        if (noekkel != null && !exchange.getProperty(VaskKrav.BESVART, false, Boolean.class)) {
            krav.slipp(noekkel);
        }
        endret.releaseExclusiveReadLockOnAbort(operations, file, exchange);
    }

    @Override
    public void releaseExclusiveReadLockOnRollback(GenericFileOperations<ChannelSftp.LsEntry> operations, GenericFile<ChannelSftp.LsEntry> file,
                                                   Exchange exchange) throws Exception {
        String noekkel = exchange.getProperty(VaskKrav.NOEKKEL, String.class);
        if (noekkel != null) {
            krav.avsluttFornyelse(noekkel);
            // the exchange's failure; a failed download's is on the exchange as caught (SftpKomponent.Konsument)
            Throwable feil = exchange.getException() != null ? exchange.getException() : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
            krav.feilet(noekkel, Identitetsnummer.maskIn(file.getRelativeFilePath()), feil == null ? "ukjent feil" : Feilaarsak.av(feil));
        }
        endret.releaseExclusiveReadLockOnRollback(operations, file, exchange);
    }

    @Override
    public void releaseExclusiveReadLockOnCommit(GenericFileOperations<ChannelSftp.LsEntry> operations, GenericFile<ChannelSftp.LsEntry> file,
                                                 Exchange exchange) throws Exception {
        String noekkel = exchange.getProperty(VaskKrav.NOEKKEL, String.class);
        if (noekkel != null) {
            krav.avsluttFornyelse(noekkel);
        }
        endret.releaseExclusiveReadLockOnCommit(operations, file, exchange);
    }

    @Override
    public void setTimeout(long timeout) {
        endret.setTimeout(timeout);
    }

    @Override
    public void setCheckInterval(long checkInterval) {
        endret.setCheckInterval(checkInterval);
    }

    @Override
    public void setReadLockLoggingLevel(LoggingLevel level) {
        endret.setReadLockLoggingLevel(level);
    }

    @Override
    public void setMarkerFiler(boolean markerFile) {
        endret.setMarkerFiler(markerFile);
    }

    @Override
    public void setDeleteOrphanLockFiles(boolean deleteOrphanLockFiles) {
        endret.setDeleteOrphanLockFiles(deleteOrphanLockFiles);
    }
}
