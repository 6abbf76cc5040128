package no.kommune.esb.svarut;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * When SvarUt's "not found" by eksternReferanse is final after an attempt whose outcome is unknown (DOMAIN.md rule 8).
 * Nothing in the contracts ({@code forsendelse-eksternref-api-v2.json}, the send API) promises that a letter SvarUt has
 * just stored is found by that search at once, so a miss soon after a lost answer is no proof that the letter is not
 * there: it is final only for a look-up that began at least the settle time ({@code registers.svarut.lookup-settle-time})
 * after the lost attempt was over. Before that the letter waits and is looked up again, and nothing is sent. Pure: no
 * clock, no I/O; docs/forsendelse.md "A miss soon after a lost answer" has the table.
 */
public final class Synlighetsregel {

    private Synlighetsregel() {
    }

    /** What is known about a recipient letter's earlier SvarUt attempts when it is looked up. */
    public enum Art {
        /** No attempt has begun: nothing to look up. */
        INGEN,
        /** Attempts began, and none has an unknown outcome SvarUt may not show yet: each ended with an answer, or a final miss settled it. */
        AVKLART,
        /** The latest attempt's answer was lost; it was over by {@link Tidligere#over()}. */
        TAPT,
        /** An attempt began and its end was never recorded (the instance died, or its pass stopped): when it ended is unknown. */
        UKJENT
    }

    /** The earlier attempts: their {@link Art}, and for {@link Art#TAPT} when the lost attempt was over. */
    public record Tidligere(Art art, Instant over) {

        public static final Tidligere INGEN = new Tidligere(Art.INGEN, null);
        public static final Tidligere AVKLART = new Tidligere(Art.AVKLART, null);
        public static final Tidligere UKJENT = new Tidligere(Art.UKJENT, null);

        public Tidligere {
            Objects.requireNonNull(art, "art");
            if ((art == Art.TAPT) != (over != null)) {
                throw new IllegalArgumentException("a time belongs to TAPT, and TAPT needs one");
            }
        }

        public static Tidligere tapt(Instant over) {
            return new Tidligere(Art.TAPT, over);
        }

        /** True when an earlier attempt may have reached SvarUt, so the letter is looked up before it is sent. */
        public boolean maaSlaasOpp() {
            return art != Art.INGEN;
        }

        /**
         * True when an earlier attempt may have left the letter in SvarUt as far as is known ({@link Art#TAPT},
         * {@link Art#UKJENT}): a reason worded before the next look-up answers must not say "ikke sendt". Not for
         * {@link Art#AVKLART}: each attempt was answered without the letter taken (refused, 429) or a final miss settled it.
         */
        public boolean kanHaKommetFram() {
            return art == Art.TAPT || art == Art.UKJENT;
        }
    }

    /**
     * The verdict on a miss: {@code endelig} (the letter is not in SvarUt: send, or record a decision not to), or wait
     * until {@code slaaOppIgjen} and look again, counting the settle time from {@code uavklartFra} (to be stored, so the
     * next look-up counts from the same moment).
     */
    public record Vurdering(boolean endelig, Instant uavklartFra, Instant slaaOppIgjen) {

        static final Vurdering ENDELIG = new Vurdering(true, null, null);

        static Vurdering vent(Instant fra, Duration synligEtter) {
            return new Vurdering(false, fra, fra.plus(synligEtter));
        }
    }

    /**
     * The verdict on a look-up by eksternReferanse that began at {@code oppslagBegynt} and found nothing. A lost attempt
     * counts from when it was over; one whose end is unknown from this look-up (the attempt was certainly over by then:
     * this pass holds the letter). A settle time of zero trusts every miss at once (only for a SvarUt whose search is
     * known to see a stored letter at once).
     */
    public static Vurdering vurderIkkeFunnet(Tidligere tidligere, Instant oppslagBegynt, Duration synligEtter) {
        if (synligEtter.isZero() || synligEtter.isNegative()) {
            return Vurdering.ENDELIG;
        }
        return switch (tidligere.art()) {
            case INGEN, AVKLART -> Vurdering.ENDELIG;
            case TAPT -> oppslagBegynt.isBefore(tidligere.over().plus(synligEtter))
                    ? Vurdering.vent(tidligere.over(), synligEtter) : Vurdering.ENDELIG;
            case UKJENT -> Vurdering.vent(oppslagBegynt, synligEtter);
        };
    }
}
