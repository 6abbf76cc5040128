package no.kommune.esb.forsendelse.oppbevaring;

import no.kommune.esb.forsendelse.flyt.Mottakerstatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What may be deleted when. Each answer compares a time with {@code naa} minus a retention time; a time exactly on
 * the limit counts as old enough.
 * <ul>
 *   <li>A letter's document contents: once the letter is out of intake and processing, has recipient letters and all
 *       of them are final ({@link Mottakerstatus#erEndelig()}: delivered, read, failed, stopped, resolved by hand) since
 *       at least {@code dokumenterEtter}. A letter waiting to be sent, in manual handling or in the dead-letter store
 *       keeps its PDFs: a send or a redrive needs them.</li>
 *   <li>A dead letter's payload: once it was redriven or closed without sending at least {@code deadLetterEtter} ago,
 *       or, for a letter refused at intake (nothing to redrive: the fagsystem sends a corrected one), created at least
 *       that long ago. Other dead letters keep theirs until redriven or closed.</li>
 *   <li>A hand-in kept in the SFTP folders {@code .behandlet/<name>/} or {@code .avvist/<name>/}: last changed at least
 *       {@code sftpEtter} ago.</li>
 *   <li>A manifest in {@code .behandles/} claimed at least {@code gjenopptaEtter} ago was left by a crash and goes back
 *       to the drop folder.</li>
 *   <li>A register event's delivery row ({@code levering}): delivered ({@code LEVERT}) at least {@code hendelserEtter}
 *       ago, or skipped ({@code HOPPET_OVER}) and created that long ago (the table has no time of the skip). Rows still
 *       waiting, being made again or failed (a dead letter refers to them) are never old enough; the database's
 *       selection keeps a few more (docs/hendelser.md "Retention").</li>
 * </ul>
 */
public record Oppbevaringsregel(Duration dokumenterEtter, Duration deadLetterEtter, Duration sftpEtter, Duration gjenopptaEtter,
                                Duration hendelserEtter) {

    /** Dead-letter sources of letters refused at intake (REST refuses without storing anything). */
    public static final Set<String> INNLEVERINGSKILDER = Set.of("forsendelse-mottak-jms", "forsendelse-mottak-sftp");

    /** Letter statuses of intake and processing: the recipient letters may not all exist yet. */
    static final Set<String> BREV_UNDERVEIS = Set.of("MOTTATT", "BEHANDLES");

    public Oppbevaringsregel {
        for (Duration d : List.of(Objects.requireNonNull(dokumenterEtter, "dokumenterEtter"),
                Objects.requireNonNull(deadLetterEtter, "deadLetterEtter"), Objects.requireNonNull(sftpEtter, "sftpEtter"),
                Objects.requireNonNull(gjenopptaEtter, "gjenopptaEtter"), Objects.requireNonNull(hendelserEtter, "hendelserEtter"))) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("a retention time must be positive: " + d);
            }
        }
    }

    /** The final recipient-letter statuses, by name (for the database's pre-selection). */
    public static List<String> endeligeStatuser() {
        return Arrays.stream(Mottakerstatus.values()).filter(Mottakerstatus::erEndelig).map(Enum::name).toList();
    }

    /**
     * Whether a letter's document contents may be emptied.
     *
     * @param brevstatus  the letter's status ({@code brev.status})
     * @param statuser    its recipient letters' statuses
     * @param sisteEndring when the last of its recipient letters last changed
     */
    public boolean dokumenterKanSlettes(String brevstatus, Collection<Mottakerstatus> statuser, Instant sisteEndring, Instant naa) {
        if (brevstatus == null || BREV_UNDERVEIS.contains(brevstatus) || statuser.isEmpty() || sisteEndring == null) {
            return false;
        }
        return statuser.stream().allMatch(s -> s != null && s.erEndelig()) && gammelNok(sisteEndring, dokumenterEtter, naa);
    }

    /**
     * Whether a dead letter's payload may be emptied; {@code avgjort} is when it was redriven or closed without sending
     * (null while open).
     */
    public boolean deadLetterKanTommes(String kilde, Instant opprettet, Instant avgjort, Instant naa) {
        if (avgjort != null) {
            return gammelNok(avgjort, deadLetterEtter, naa);
        }
        return INNLEVERINGSKILDER.contains(kilde) && opprettet != null && gammelNok(opprettet, deadLetterEtter, naa);
    }

    /** Whether a kept hand-in folder ({@code .behandlet/<name>/}, {@code .avvist/<name>/}) may be deleted. */
    public boolean sftpMappeKanSlettes(Instant endret, Instant naa) {
        return endret != null && gammelNok(endret, sftpEtter, naa);
    }

    /** Whether a manifest in {@code .behandles/} was left behind and goes back to the drop folder. */
    public boolean manifestSkalGjenopptas(Instant krevd, Instant naa) {
        return krevd != null && gammelNok(krevd, gjenopptaEtter, naa);
    }

    /** The latest time that is old enough for the letters' documents (for the database's pre-selection). */
    public Instant dokumentGrense(Instant naa) {
        return naa.minus(dokumenterEtter);
    }

    /** The latest time that is old enough for dead letters (for the database's pre-selection). */
    public Instant deadLetterGrense(Instant naa) {
        return naa.minus(deadLetterEtter);
    }

    /** The latest delivery (or, for a skipped row, creation) time that is old enough for a delivery row to be deleted. */
    public Instant leveringGrense(Instant naa) {
        return naa.minus(hendelserEtter);
    }

    private static boolean gammelNok(Instant tid, Duration etter, Instant naa) {
        return !tid.isAfter(naa.minus(etter));
    }
}
