package no.kommune.esb.platform.sftp;

import com.jcraft.jsch.ChannelSftp;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.component.file.GenericFile;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.component.file.remote.SftpRemoteFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Lets an SFTP consumer take regular files only, never a symbolic link, before anything is downloaded. The platform
 * logs in as a user that sees every fagsystem's folder, while each fagsystem is confined to its own: a link a
 * fagsystem made in its drop folder (an external SFTP server may let it, with a target that only resolves outside its
 * confinement for the platform's user) would have the platform read another fagsystem's file — or {@code /dev/zero} —
 * as the fagsystem's own. Camel's SFTP consumer follows links; this filter ({@code filter: "#sftpLenkefilter"} on the
 * route) leaves them where they are, with one warning per file naming only the folder's fagsystem, and counts them
 * ({@code esb.sftp.lenker.avvist}). The letter intake reads its files by {@code lstat} and refuses links itself.
 */
@Component("sftpLenkefilter")
public class SftpLenkefilter implements GenericFileFilter<Object> {

    private static final Logger log = LoggerFactory.getLogger(SftpLenkefilter.class);
    private static final int HUSKES = 1000;

    private final MeterRegistry metrics;
    /** Links warned about already (bounded): a link left in place is seen at every poll. */
    private final Map<String, Boolean> varslet = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldste) {
            return size() > HUSKES;
        }
    });

    public SftpLenkefilter(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    @Override
    public boolean accept(GenericFile<Object> fil) {
        if (fil.isDirectory() || !erLenke(fil.getFile())) {
            return true;
        }
        String sti = fil.getRelativeFilePath();
        if (varslet.put(sti, Boolean.TRUE) == null) {
            metrics.counter("esb.sftp.lenker.avvist").increment();
            log.warn("SFTP: a symbolic link in the folder of {} is left alone: only regular files are read", eier(sti));
        }
        return false;
    }

    /** Whether the listed entry is a symbolic link (JSch's attributes; the long name's type letter as a fallback). */
    static boolean erLenke(Object fil) {
        if (fil instanceof SftpRemoteFile<?> remote) {
            if (remote.getRemoteFile() instanceof ChannelSftp.LsEntry entry && entry.getAttrs() != null) {
                return entry.getAttrs().isLink();
            }
            String lang = remote.getLongname();
            return lang != null && lang.startsWith("l");
        }
        return false;
    }

    /** The first folder of a path relative to the platform user's home: the fagsystem that owns it. */
    private static String eier(String sti) {
        String s = sti == null ? "" : sti.replace('\\', '/');
        int skille = s.indexOf('/');
        return skille > 0 ? s.substring(0, skille) : "-";
    }
}
