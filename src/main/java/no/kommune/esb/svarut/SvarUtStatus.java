package no.kommune.esb.svarut;

/**
 * The statuses of a forsendelse in SvarUt REST v2 ({@code ForsendelseStatus.status} in
 * forsendelse-status-api-v2.json), in the contract's order.
 */
public enum SvarUtStatus {
    /** Received by SvarUt, not yet validated. */
    MOTTATT(false, false),
    /** Validated and accepted for dispatch. */
    AKSEPTERT(false, false),
    /** Rejected by SvarUt; will never be delivered. */
    AVVIST(true, true),
    /** The recipient has been notified of a letter waiting in a digital channel. */
    VARSLET(false, false),
    /** The recipient has opened the letter. */
    LEST(true, false),
    /** Handed to the print provider. */
    SENDT_PRINT(false, false),
    /** Printed and posted. */
    PRINTET(true, false),
    /** Handled manually at SvarUt. */
    MANUELT_HANDTERT(true, false),
    /** Sent to a digital channel (Altinn / SvarUt's own inbox); may still go to print when not read. */
    SENDT_DIGITALT(false, false),
    /** Sent to the recipient's digital postbox (sikker digital post). */
    SENDT_SDP(false, false),
    /** Delivered to the recipient's digital postbox. */
    LEVERT_SDP(true, false),
    /** Waiting to be fetched by a receiving system (SvarInn). */
    KLAR_FOR_MOTTAK(false, false),
    /** Could not be delivered through any channel allowed for it. */
    IKKE_LEVERT(true, true);

    private final boolean endelig;
    private final boolean feilet;

    SvarUtStatus(boolean endelig, boolean feilet) {
        this.endelig = endelig;
        this.feilet = feilet;
    }

    /**
     * True when the letter's fate is decided (delivered, printed, read, rejected, undeliverable or handled
     * manually): the platform stops polling. A LEST may still follow a final LEVERT_SDP; that changes nothing.
     */
    public boolean erEndelig() {
        return endelig;
    }

    /** True when the letter did not and will not reach the recipient (AVVIST, IKKE_LEVERT). */
    public boolean erFeilet() {
        return feilet;
    }
}
