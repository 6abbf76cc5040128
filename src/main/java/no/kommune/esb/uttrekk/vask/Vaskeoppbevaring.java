package no.kommune.esb.uttrekk.vask;

import no.kommune.esb.platform.Norsktid;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Retention of what the SFTP wash leaves on the SFTP server ({@code vask.oppbevaring.*}, {@link VaskRydding}): the
 * answers and notes in {@code <fagsystem>/vask/ut} (current register data: names, addresses) and the processed copies
 * in {@code <fagsystem>/vask/inn/.behandlet} (identity numbers). Only a file the platform wrote is ever deleted: one
 * whose name is an answer's, a note's (a refusal or a give-up), an answer write's leftover {@code .tmp}, or a copy's,
 * each with the answer part {@code <yyyyMMdd-HHmmssSSS>-<8 hex>} ({@link VaskSftp#merke}); the fagsystem's own files
 * (any other name), folders and links are left alone. Such a file goes once both the time in its name (the claim's
 * first attempt, Europe/Oslo) and its last change are at least the folder's time ago ({@code svarEtter} for
 * {@code vask/ut}, {@code behandletEtter} for {@code .behandlet}); a time exactly on the limit counts as old enough.
 * The name's time is the platform's own, so a copy whose modification time the upload kept from long before (WinSCP's
 * {@code put -p}) is kept its full time, and the modification time keeps an answer written late (a file retried for
 * hours) as long after its write.
 * <p>
 * The wash knows the very same file sent again by its copy in {@code .behandlet} ({@link VaskLaas}); once retention
 * deleted the copy, {@link #kopienKanVaereSlettet} says an answered claim is old enough that its copy may be gone, so
 * the file is washed as a new one instead of being moved aside unanswered. It looks at the same time in the same name
 * (the claim keeps it, the copy is named by it), {@link #SLINGRING} earlier, for clocks of two instances that differ.
 * Pure: no I/O, no Spring.
 *
 * @param svarEtter      how long answers and notes stay in {@code vask/ut} (the fagsystem's time to fetch them)
 * @param behandletEtter how long processed copies stay in {@code vask/inn/.behandlet}
 */
public record Vaskeoppbevaring(Duration svarEtter, Duration behandletEtter) {

    /** The default of both times: as long as the letter intake keeps its hand-ins and answers ({@code forsendelse.oppbevaring.sftp-etter}). */
    public static final Duration STANDARD = Duration.ofDays(14);
    /** The shortest time allowed: an attempt that died after writing its answer is found by the next one (within {@code vask.krav-frist}). */
    static final Duration MINST = Duration.ofHours(1);
    /** How much sooner an answered claim counts as possibly deleted than its copy may be deleted: clocks of two instances. */
    static final Duration SLINGRING = Duration.ofMinutes(10);

    /** What kind of the platform's files a name is. */
    public enum Slag {
        /** {@code vask/ut/<name>-svar-<part>.csv} (or its {@code .tmp}). */
        SVAR("svar"),
        /** {@code vask/ut/<name>-avvist-<part>.txt} (or its {@code .tmp}): a refusal, or the note that a file was given up. */
        AVVIST("avvist"),
        /** {@code vask/inn/.behandlet/<name>-<part>.csv} or {@code .xml}. */
        BEHANDLET("behandlet");

        /** The metric's tag. */
        public final String tag;

        Slag(String tag) {
            this.tag = tag;
        }
    }

    private static final String DEL = "(\\d{8}-\\d{9})-[0-9a-f]{8}";
    private static final Pattern UT = Pattern.compile(".+-(?:svar-" + DEL + "\\.csv|avvist-" + DEL + "\\.txt)(?:\\.tmp)?");
    private static final Pattern KOPI = Pattern.compile(".+-" + DEL + "\\.(?:csv|xml)");
    /** A processed copy moved aside before V78: it kept the wash file's own name (the route takes {@code *.csv} and {@code *.xml}). */
    private static final Pattern KOPI_FOER_V78 = Pattern.compile("[^.].*\\.(?:csv|xml)");
    /** The time of an answer part, as {@link VaskSftp#merke} writes it. */
    static final DateTimeFormatter TIDSMERKE = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmssSSS").withZone(Norsktid.SONE);

    public Vaskeoppbevaring {
        svarEtter = svarEtter == null ? STANDARD : svarEtter;
        behandletEtter = behandletEtter == null ? STANDARD : behandletEtter;
        if (svarEtter.compareTo(MINST) < 0) {
            throw new IllegalArgumentException("vask.oppbevaring.svar-etter must be at least " + MINST + " (was " + svarEtter + ")");
        }
        if (behandletEtter.compareTo(MINST) < 0) {
            throw new IllegalArgumentException("vask.oppbevaring.behandlet-etter must be at least " + MINST + " (was " + behandletEtter + ")");
        }
    }

    /** What of the platform's a file in {@code vask/ut} is, and the time in its name; empty for any other name. */
    static Optional<Merket> iUt(String navn) {
        Matcher m = UT.matcher(navn);
        if (!m.matches()) {
            return Optional.empty();
        }
        boolean svar = m.group(1) != null;
        return tid(svar ? m.group(1) : m.group(2)).map(t -> new Merket(svar ? Slag.SVAR : Slag.AVVIST, t));
    }

    /** The time in the name of a processed copy in {@code vask/inn/.behandlet}; empty for any other name. */
    static Optional<Merket> iBehandlet(String navn) {
        Matcher m = KOPI.matcher(navn);
        return m.matches() ? tid(m.group(1)).map(t -> new Merket(Slag.BEHANDLET, t)) : Optional.empty();
    }

    /** A file the platform wrote: its kind and the time in its name. */
    record Merket(Slag slag, Instant tid) {
    }

    /**
     * Whether a file in {@code vask/ut} is the platform's and may be deleted: its kind when so. {@code endret} is its
     * last change (null: unknown, kept).
     */
    public Optional<Slag> slettesFraUt(String navn, Instant endret, Instant naa) {
        return iUt(navn).filter(f -> gammelNok(f.tid(), svarEtter, naa) && gammelNok(endret, svarEtter, naa)).map(Merket::slag);
    }

    /**
     * Whether a file in {@code vask/inn/.behandlet} is a processed copy the platform moved there, and may be deleted. A
     * copy moved aside before V78 kept the wash file's own name ({@code <name>.csv}, {@code <name>.xml}), with no time of
     * the platform's in it: its last change alone decides (the upload's time, which the move keeps, so such a copy may go
     * sooner after its move than a named one; no copy has been moved under such a name since). Until the closing notes of
     * session 32 those copies were never deleted: identity numbers kept on the server for ever. The folder is the
     * platform's (the wash moves files there; a fagsystem puts nothing there), and only those two endings are taken.
     */
    public boolean slettesFraBehandlet(String navn, Instant endret, Instant naa) {
        Optional<Merket> kopi = iBehandlet(navn);
        if (kopi.isPresent()) {
            return gammelNok(kopi.get().tid(), behandletEtter, naa) && gammelNok(endret, behandletEtter, naa);
        }
        return KOPI_FOER_V78.matcher(navn).matches() && gammelNok(endret, behandletEtter, naa);
    }

    /**
     * Claims ({@code vask_krav}) settled before this may be deleted ({@link VaskKrav#rydd}): the longer of the two times,
     * so a claim outlives both its answer and its processed copy.
     */
    public Instant kravSlettesFoer(Instant naa) {
        return naa.minus(svarEtter.compareTo(behandletEtter) >= 0 ? svarEtter : behandletEtter);
    }

    /**
     * Whether retention may have deleted the processed copy of a file whose claim is answered under this answer part
     * ({@code merke}, the claim's): so a file in {@code vask/inn} with the claim's key is the very same file sent again,
     * not the answered one still waiting to be moved aside. False for a claim without a part (before V39: its copy kept
     * the file's own name, which retention never deletes).
     */
    public boolean kopienKanVaereSlettet(String merke, Instant naa) {
        if (merke == null || merke.length() < 18) {
            return false;
        }
        return tid(merke.substring(0, 18)).filter(t -> gammelNok(t, behandletEtter.minus(SLINGRING), naa)).isPresent();
    }

    private static Optional<Instant> tid(String del) {
        try {
            return Optional.of(LocalDateTime.parse(del, TIDSMERKE).atZone(TIDSMERKE.getZone()).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static boolean gammelNok(Instant tid, Duration etter, Instant naa) {
        return tid != null && !tid.isAfter(naa.minus(etter));
    }
}
