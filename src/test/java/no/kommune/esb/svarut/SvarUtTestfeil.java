package no.kommune.esb.svarut;

import no.kommune.esb.register.RegisterException;

/** The failures of {@link SvarUtClient#sendExactlyOnce} whose constructors are the client's own, for tests of its callers. */
public final class SvarUtTestfeil {

    private SvarUtTestfeil() {
    }

    /** The fence refused a send; {@code ingenSendt}: before the call's first send. */
    public static SvarUtClient.SendingAvvist sendingAvvist(boolean ingenSendt) {
        return new SvarUtClient.SendingAvvist(ingenSendt);
    }

    /** The look-up before a later attempt failed with {@code aarsak}, as {@link SvarUtClient#finnEtterMuligSending(String)} gives it. */
    public static SvarUtClient.OppslagFoerSendingFeilet oppslagFoerSendingFeilet(RegisterException aarsak) {
        return new SvarUtClient.OppslagFoerSendingFeilet(new RegisterException(SvarUtClient.SERVICE, RegisterException.Kind.AMBIGUOUS,
                aarsak.httpStatus(), "oppslaget på eksternReferanse feilet (" + aarsak.kind() + "), så en tidligere sending kan ha kommet fram",
                null, aarsak));
    }

    /**
     * SvarUt's answer {@code status} (a 5xx) to a send, with its error body's codes, as {@link SvarUtClient#send} gives it:
     * an attempt with unknown outcome (AMBIGUOUS, {@link SvarUtClient.Feilsvar#utfallUkjent()}).
     */
    public static SvarUtClient.Feilsvar serverfeilPaaSending(int status, String errorCode, String errorId) {
        return new SvarUtClient.Feilsvar(new RegisterException(SvarUtClient.SERVICE, RegisterException.Kind.UNAVAILABLE, status,
                "send feilet errorCode=" + errorCode + " errorId=" + errorId + " (HTTP " + status + ")"), errorCode, errorId).utfallUkjent();
    }
}
