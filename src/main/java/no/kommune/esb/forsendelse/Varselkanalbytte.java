package no.kommune.esb.forsendelse;

import java.util.Set;

/**
 * Which channel a service message's attempt may use after an earlier SMS/e-mail attempt of the same recipient letter
 * (DOMAIN.md rule 8: no duplicates). {@link Kanalbytte} guards a change of gateway (SvarUt ↔ SMS/e-mail); this class
 * guards the change between the two notification channels, which go through different gateways that cannot be asked
 * whether the other one delivered:
 * <ul>
 *   <li>no earlier attempt, or one the gateway clearly refused (nothing went out): the preferred channel, as
 *       {@link Varselvalg} (SMS, else e-mail);</li>
 *   <li>an earlier attempt whose outcome is unknown (a lost answer): the same channel when it is still allowed (the
 *       SMS gateway de-duplicates on the recipient-letter id; SMTP cannot, the same Message-ID goes again); never
 *       the other channel, which would reach the person a second time when the first did arrive. The same channel no
 *       longer allowed (number or address removed, older than 18 months) → manual handling: a person checks whether
 *       the first message came through;</li>
 *   <li>no channel allowed now: decide again from fresh look-ups (the existing path; {@link Kanalbytte} then hands a
 *       move to SvarUt after an unknown outcome to manual handling).</li>
 * </ul>
 * An unknown outcome stays unknown until an answer settles it ({@link #etterFeil}): a later attempt's refusal proves
 * only that the later attempt sent nothing, not that the earlier one did not arrive.
 */
public final class Varselkanalbytte {

    /** The outcome of the SMS/e-mail attempts begun for the recipient letter so far. */
    public enum Utfall {
        /** No SMS/e-mail attempt has begun. */
        INGEN,
        /** Every attempt begun was refused by the gateway or SMTP server, or did not reach it: nothing went out. */
        AVVIST,
        /**
         * An attempt's answer was lost (timeout, dropped connection after the request went out, a crash before its
         * outcome was recorded): it may have arrived. Later refusals leave it unknown.
         */
        UKJENT
    }

    /** What this attempt does. */
    public enum Neste {
        SEND_SMS, SEND_EPOST,
        /** Unknown whether the earlier message arrived, and its channel cannot be used again: to manual handling. */
        MANUELL,
        /** No channel is allowed now: the next attempt decides again. */
        BESLUTT_PAA_NYTT
    }

    private Varselkanalbytte() {
    }

    /**
     * @param forrige   the channel of the latest SMS/e-mail attempt begun; null when none, or when it was not recorded
     *                  (an attempt begun before the platform recorded the channel)
     * @param utfall    that attempt's outcome
     * @param muligeNaa the channels allowed now: by the decision, the fresh KRR answer and the gateways set up
     *                  ({@link Varselvalg#mulige})
     */
    public static Neste vurder(Varslingskanal forrige, Utfall utfall, Set<Varslingskanal> muligeNaa) {
        if (muligeNaa.isEmpty()) {
            return Neste.BESLUTT_PAA_NYTT;
        }
        if (utfall == Utfall.UKJENT) {
            // the channel that may have delivered, or nothing: the other channel could reach the person twice
            return forrige != null && muligeNaa.contains(forrige) ? send(forrige) : Neste.MANUELL;
        }
        return muligeNaa.contains(Varslingskanal.SMS) ? Neste.SEND_SMS : Neste.SEND_EPOST;
    }

    /**
     * The outcome the attempts have after this one failed: unknown when this attempt's answer was lost, and also when an
     * earlier attempt's outcome was already unknown — the refusal says nothing about the message that may have gone
     * out before it, so it must not open the way to the other channel or to SvarUt. Only a refusal after refusals (or
     * after none) leaves nothing to check.
     *
     * @param tidligere  the outcome before this attempt began (as {@link #vurder} was given it)
     * @param svaretTapt whether this attempt's own answer was lost (AMBIGUOUS)
     */
    public static Utfall etterFeil(Utfall tidligere, boolean svaretTapt) {
        return svaretTapt || tidligere == Utfall.UKJENT ? Utfall.UKJENT : Utfall.AVVIST;
    }

    /** Reason stored for the manual case (no personal data): names the channel whose outcome is unknown. */
    public static String manuellGrunn(Varslingskanal forrige) {
        String kanal = forrige == Varslingskanal.SMS ? "SMS" : forrige == Varslingskanal.EPOST ? "e-post" : "SMS/e-post";
        return "Et tidligere forsøk på " + kanal + " har ukjent utfall, og " + kanal + " kan ikke brukes lenger (KRR);"
                + " sendes ikke på en annen kanal før en saksbehandler har kontrollert om varselet kom fram";
    }

    /**
     * Reason stored for the manual case of a message whose earlier SMS/e-mail attempt has an unknown outcome when the
     * platform would otherwise say as a fact that it was not sent: a new decision not to send ({@code hva}, e.g.
     * "ny beslutning STOPP etter regel R6-DOED"), or its attempts spent ("forsøkene er brukt opp"). No personal data.
     */
    public static String ukjentUtfallGrunn(Varslingskanal forrige, String hva) {
        String kanal = forrige == Varslingskanal.SMS ? "SMS" : forrige == Varslingskanal.EPOST ? "e-post" : "SMS/e-post";
        return "Et tidligere forsøk på " + kanal + " har ukjent utfall (svaret gikk tapt), og " + hva + "; varselet kan ha kommet"
                + " fram, så det meldes ikke som stoppet eller feilet — en saksbehandler kontrollerer om det kom fram";
    }

    /**
     * Reason stored when a recipient letter goes to manual handling for a reason of its own ({@code grunn}: its recipient
     * is no longer named, no gateway is set up for the allowed channels), with {@code hva} saying the same as a clause of
     * {@link #ukjentUtfallGrunn}. {@code grunn} as it is while no SMS/e-mail attempt has an unknown outcome ({@code utfall}
     * INGEN or AVVIST: nothing went out); while one has (UKJENT), the reason says so and names the channel ({@code
     * forrige}), since "not sent" could be untrue: the message may have arrived. No personal data.
     */
    public static String manuellGrunn(Utfall utfall, Varslingskanal forrige, String grunn, String hva) {
        return utfall == Utfall.UKJENT ? ukjentUtfallGrunn(forrige, hva) : grunn;
    }

    private static Neste send(Varslingskanal kanal) {
        return kanal == Varslingskanal.SMS ? Neste.SEND_SMS : Neste.SEND_EPOST;
    }
}
