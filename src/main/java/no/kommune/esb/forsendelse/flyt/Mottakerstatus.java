package no.kommune.esb.forsendelse.flyt;


import no.kommune.esb.svarut.SvarUtStatus;
import no.kommune.esb.varsel.SmsClient;

/**
 * The platform's lifecycle of one recipient letter (mottakerbrev), from decision to its final fate.
 * SvarUt's finer statuses map onto it with {@link #fra(SvarUtStatus)}, an SMS gateway's delivery reports with
 * {@link #fra(SmsClient.Leveringsstatus)}; docs/forsendelse.md has the tables.
 */
public enum Mottakerstatus {
    /** Decided for DIGITAL, PRINT or SMS/e-mail; waiting for (another) send attempt. */
    KLAR_FOR_SENDING(false),
    /** SvarUt has the letter (MOTTATT) and gave it an id, or the SMS gateway / SMTP server took the service message. */
    SENDT(false),
    /** SvarUt validated and accepted it. */
    AKSEPTERT(false),
    /** The recipient was notified of a digital letter. */
    VARSLET(false),
    /** On its way in a digital channel (digital mailbox, Altinn, SvarInn). */
    SENDT_DIGITALT(false),
    /** Handed to the print provider. */
    SENDT_PRINT(false),
    /** Delivered: in the digital mailbox, printed and posted, or handled manually at SvarUt. */
    LEVERT(true),
    /** The recipient opened it. */
    LEST(true),
    /** SvarUt rejected it or could not deliver it. */
    FEILET(true),
    /** Waiting for the integration team (reason in manuell_grunn). */
    MANUELL(false),
    /** Resolved by the integration team. */
    MANUELT_LOEST(true),
    /** Not sent by rule (e.g. deceased recipient); reported back to the fagsystem. */
    STOPPET(true),
    /** Sending gave up after its retries; payload kept in the dead-letter store until redriven or closed. */
    DEAD_LETTER(false),
    /** Its dead letter was closed without sending by the integration team (the reason in the timeline); never sent. */
    AVSLUTTET(true);

    private final boolean endelig;

    Mottakerstatus(boolean endelig) {
        this.endelig = endelig;
    }

    /** True when nothing more will happen to the recipient letter by itself. */
    public boolean erEndelig() {
        return endelig;
    }

    /**
     * True while the recipient letter waits inside the platform for a (further) send attempt: decided, not yet taken by
     * SvarUt or a gateway, and neither parked for a person ({@link #MANUELL}, {@link #DEAD_LETTER}) nor ended. The one
     * place that says which statuses are waiting to be sent (the console's chart "Venter på sending" counts these).
     */
    public boolean venterPaaSending() {
        return this == KLAR_FOR_SENDING;
    }

    /** True while the status poller should ask SvarUt about it. */
    public boolean folgesISvarUt() {
        return this == SENDT || this == AKSEPTERT || this == VARSLET || this == SENDT_DIGITALT || this == SENDT_PRINT;
    }

    /** Where a SvarUt status puts the recipient letter in the platform's lifecycle. */
    public static Mottakerstatus fra(SvarUtStatus status) {
        return switch (status) {
            case MOTTATT -> SENDT;
            case AKSEPTERT -> AKSEPTERT;
            case VARSLET -> VARSLET;
            case SENDT_DIGITALT, SENDT_SDP, KLAR_FOR_MOTTAK -> SENDT_DIGITALT;
            case SENDT_PRINT -> SENDT_PRINT;
            case LEVERT_SDP, PRINTET, MANUELT_HANDTERT -> LEVERT;
            case LEST -> LEST;
            case AVVIST, IKKE_LEVERT -> FEILET;
        };
    }

    /** Where an SMS gateway's delivery report puts a service message sent by SMS. */
    public static Mottakerstatus fra(SmsClient.Leveringsstatus status) {
        return switch (status) {
            case ACCEPTED, SENT -> SENDT;
            case DELIVERED -> LEVERT;
            case FAILED, EXPIRED -> FEILET;
        };
    }
}
