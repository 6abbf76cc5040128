package no.kommune.esb.uttrekk.vask;

import com.jcraft.jsch.ChannelSftp;
import no.kommune.esb.model.Identitetsnummer;
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

import java.util.ArrayList;
import java.util.List;

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
 * files.
 */
@Component("vaskLaas")
public class VaskLaas implements GenericFileExclusiveReadLockStrategy<ChannelSftp.LsEntry> {

    private static final Logger log = LoggerFactory.getLogger(VaskLaas.class);

    private final VaskKrav krav;
    private final SftpChangedExclusiveReadLockStrategy endret = new SftpChangedExclusiveReadLockStrategy();
    private volatile boolean oppsatt;

    public VaskLaas(VaskKrav krav) {
        this.krav = krav;
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
        VaskKrav.Krav k = krav.taDigest(VaskKrav.noekkel(file.getRelativeFilePath(), file.getFileLength(), file.getLastModified()));
        switch (k.utfall()) {
            case OPPTATT -> {
                return false;
            }
            case BESVART -> {
                // answered before: the very same file sent again when its answered copy was moved aside, else that copy
                // itself, still here (its instance stopped before the move): only moved aside
                VaskKrav.Krav igjen = flyttetFoer(operations, file) ? krav.taPaaNytt(k.noekkel()) : null;
                if (igjen == null) {
                    exchange.setProperty(VaskKrav.BESVART, true);
                } else if (!igjen.tatt()) {
                    return false;
                } else {
                    exchange.setProperty(VaskKrav.NOEKKEL, igjen.noekkel());
                    exchange.setProperty(VaskKrav.MERKE, igjen.merke());
                    vaskes(igjen, exchange);
                }
            }
            case TATT_IGJEN -> {
                exchange.setProperty(VaskKrav.NOEKKEL, k.noekkel());
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
     * Whether {@code vask/inn/.behandlet} holds a file of this name, size and modification time: the answered file was
     * moved aside (a rename keeps its time), so the one in {@code vask/inn} was sent again.
     */
    private static boolean flyttetFoer(GenericFileOperations<ChannelSftp.LsEntry> operations, GenericFile<ChannelSftp.LsEntry> file) {
        String sti = file.getRelativeFilePath();
        String mappe = (sti.contains("/") ? sti.substring(0, sti.lastIndexOf('/') + 1) : "") + ".behandlet";
        return liste(operations, mappe).stream().anyMatch(f -> f.getFilename().equals(file.getFileNameOnly())
                && f.getFileLength() == file.getFileLength() && f.getLastModified() == file.getLastModified());
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
            krav.feilet(noekkel, Identitetsnummer.maskIn(file.getRelativeFilePath()));
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
