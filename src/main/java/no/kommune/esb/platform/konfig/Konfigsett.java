package no.kommune.esb.platform.konfig;

import no.kommune.esb.hendelser.Problem;

import java.nio.file.Path;
import java.util.List;

/**
 * A folder of config files that a feature reloads as a whole when any of them changes: loaded and validated with the
 * same loader start-up uses, then swapped in one step, or refused with its problems while the running set stays. A
 * feature offers one as a Spring bean; the {@link Konfigurasjonsovervaaker} watches its folder.
 */
public interface Konfigsett {

    /** The kind of file, for the log and the metric's {@code type} tag, e.g. {@code proaktiv}. */
    String type();

    /** The folder; its {@code .yaml} files (not sub-folders) are the set. */
    Path mappe();

    /** Loads and validates the folder and, only when there is no problem, puts the new set live; returns the problems. */
    List<Problem> lastOgBytt();
}
