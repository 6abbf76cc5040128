package no.kommune.esb.forsendelse;

/**
 * What to do when a recipient letter's new decision (made again at every attempt, from fresh look-ups) sends it
 * through another gateway than an earlier attempt whose outcome is unknown (an answer lost, a crash), or sends it no
 * more. Without this, a KRR change between two attempts could deliver the letter twice: once by the earlier attempt,
 * once by the new channel (DOMAIN.md rule 8: no duplicates).
 * <ul>
 *   <li>earlier SvarUt attempt, now SMS/e-mail: SvarUt can be asked by eksternReferanse; when it has the letter, that
 *       attempt counts and nothing more is sent, else the new channel is safe;</li>
 *   <li>earlier SMS/e-mail attempt, now SvarUt: the SMS gateway and SMTP cannot be asked whether it went, so a
 *       person decides (manual handling);</li>
 *   <li>earlier SvarUt attempt, now a decision not to send (STOPP, MANUELL): SvarUt is asked the same way; when it has
 *       the letter, that attempt counts (sent, followed by status polling), else the decision stands. Recorded without
 *       the look-up, a deceased person's letter SvarUt prints would be reported "stopped", and a manual case could be
 *       forwarded by hand as a second copy;</li>
 *   <li>earlier SMS/e-mail attempt, now a decision not to send: the SMS gateway and SMTP cannot be asked whether it went,
 *       so a person decides (manual handling, the reason naming the new decision,
 *       {@link Varselkanalbytte#ukjentUtfallGrunn}); recorded as it is, a deceased person's message that may have
 *       arrived was reported "stopped" as a fact;</li>
 *   <li>same gateway, or no earlier attempt: go on (each gateway de-duplicates its own retries).</li>
 * </ul>
 * SMS and e-mail count as one gateway here; the switch between them is guarded by {@link Varselkanalbytte}.
 */
public final class Kanalbytte {

    /** The gateway an attempt goes through. */
    public enum Gateway {
        SVARUT, VARSEL;

        /** The gateway of a channel that sends; null for MANUELL and STOPP. */
        public static Gateway av(Kanal kanal) {
            return switch (kanal) {
                case DIGITAL, PRINT -> SVARUT;
                case VARSEL_SMS_EPOST -> VARSEL;
                case MANUELL, STOPP -> null;
            };
        }
    }

    /** The outcome for one attempt. */
    public enum Handling {
        /** No conflict: go on with the new decision (send, or not when it says MANUELL or STOPP). */
        FORTSETT,
        /**
         * Look the letter up in SvarUt by eksternReferanse first; found = already sent, not found = the new decision
         * stands (send on the new channel, or record MANUELL / STOPP), the look-up failing = wait and ask again.
         */
        SLAA_OPP_I_SVARUT_FOERST,
        /** Unknown whether the earlier SMS/e-mail went (now sent by SvarUt, or not at all): to manual handling. */
        MANUELL
    }

    /** Reason stored for the manual case (no personal data). */
    public static final String MANUELL_GRUNN = "Et tidligere forsøk på SMS/e-post har ukjent utfall, og ny beslutning sender via SvarUt;"
            + " kontroller om varselet kom fram før brevet sendes";

    private Kanalbytte() {
    }

    /**
     * @param tidligere the gateway of the latest attempt begun for this recipient letter, or null when none has begun
     * @param ny        the channel the new decision chose
     */
    public static Handling vurder(Gateway tidligere, Kanal ny) {
        Gateway naa = Gateway.av(ny);
        if (tidligere == null || tidligere == naa) {
            return Handling.FORTSETT;
        }
        if (naa == null) {
            // nothing more is sent: only SvarUt can tell whether the earlier attempt still delivers the letter; whether an
            // SMS/e-mail arrived nobody can tell, so a person checks instead of the fagsystem hearing "stopped"
            return tidligere == Gateway.SVARUT ? Handling.SLAA_OPP_I_SVARUT_FOERST : Handling.MANUELL;
        }
        return tidligere == Gateway.SVARUT ? Handling.SLAA_OPP_I_SVARUT_FOERST : Handling.MANUELL;
    }
}
