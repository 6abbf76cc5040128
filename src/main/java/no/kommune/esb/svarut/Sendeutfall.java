package no.kommune.esb.svarut;

import no.kommune.esb.register.Avbrutt;
import no.kommune.esb.register.IngenForbindelse;
import no.kommune.esb.register.RegisterException;

/**
 * What a failed {@link SvarUtClient#sendExactlyOnce} says about the attempt it was (DOMAIN.md rule 8): whether SvarUt may
 * hold the letter, so whether the settle time ({@link Synlighetsregel}) must be waited out before a miss is final. Only a
 * failure that certainly sent nothing is {@link #IKKE_SENDT}; anything uncertain is {@link #UKJENT}, never "not sent"
 * (that would risk a second letter). Pure: no clock, no I/O; docs/forsendelse.md has the table.
 * <p>
 * 401/403: the send contract ({@code forsendelse-send-api-v2.json}) gives only {@code default: Feil} for errors; the
 * reading is HTTP's (RFC 9110 15.5.2: 401 = the request "has not been applied"; 15.5.4: 403 = the server "refuses to
 * fulfill it"), the one the platform's token retry already relies on (a refused token is sent again, docs/registers.md).
 * <p>
 * 5xx: the contract lists only {@code 200} and {@code default}, and nothing in it (or in RFC 9110 15.6) promises that a
 * server error stored nothing: a gateway's 502/504 after SvarUt stored the letter, or a 500 after storing, are real. So
 * every 5xx answer to a send is {@link #UKJENT}, as a lost answer: the letter is looked up by eksternReferanse, with
 * the settle time, before any second send (SvarUt does not deduplicate). 429 and other 4xx stay {@link #BESVART}.
 * <p>
 * No connection ({@link IngenForbindelse}: refused, timed out while connecting, unknown host): the HTTP client made no
 * connection, so no byte of the request left and SvarUt did nothing: {@link #IKKE_SENDT} (it was {@link #BESVART}, as if
 * SvarUt had answered). Not a failure once connected (a reset, a timeout waiting for the answer): the request may have
 * reached SvarUt, and the client gives those AMBIGUOUS ({@link #UKJENT}).
 * <p>
 * Interrupted (a shutdown's {@code shutdownNow}): a send interrupted once begun ({@link Avbrutt}) may have gone out whole,
 * and one interrupted while waiting to look the letter up after a lost send gives that send's failure: {@link #UKJENT}
 * both (they were UNAVAILABLE with no status, read {@link #BESVART}: the attempt was closed, the settle time skipped, and
 * the next holder could send a letter SvarUt had stored). A thread interrupted before the send began sent nothing
 * ({@link IngenForbindelse}, {@link #IKKE_SENDT}).
 * <p>
 * The Maskinporten token ({@link SvarUtClient.TokenFeilet}): fetched before the request, so a failure to get it (an
 * error answer, 5xx included, no connection, an answer that cannot be read) sent nothing: {@link #IKKE_SENDT}, told by
 * where it failed, not by its status (it was read by its kind and status: a Maskinporten 503 as a SvarUt 5xx,
 * {@link #UKJENT}, with a look-up and a settle time; a 400 or an unreadable token answer {@link #BESVART}).
 */
public enum Sendeutfall {
    /**
     * Nothing of this call reached SvarUt: the takeover fence refused a send (before the call's first, or after a lost
     * send whose look-up missed it finally), SvarUt refused the platform (401/403), the Maskinporten token for the send
     * could not be had, no connection to SvarUt was made, the
     * letter broke SvarUt's rules before the call, or the look-up before a later attempt failed. The attempt is closed as
     * "not sent": what was known before it stays, and it adds no settle time.
     */
    IKKE_SENDT,
    /**
     * SvarUt may hold the letter: a lost or unreadable answer, a 5xx answer, a send interrupted once begun, a look-up
     * after a send that failed or missed too soon.
     */
    UKJENT,
    /** SvarUt answered the send with another error (429, another 4xx): closed, what was known before stays. */
    BESVART;

    /** The attempt a failure of {@link SvarUtClient#sendExactlyOnce} was. */
    public static Sendeutfall av(RuntimeException e) {
        if (e instanceof SvarUtClient.SendingAvvist) {
            // the call asks the fence again only after a lost send's look-up missed it finally (Synlighetsregel, the
            // standard it sends again on): that send is not at SvarUt, as after a later send that could not connect
            return IKKE_SENDT;
        }
        if (e instanceof SvarUtClient.TokenFeilet) {
            // the Maskinporten token comes before the request: SvarUt was not called, whatever Maskinporten answered (its
            // 503 is no SvarUt 5xx), or SvarUt answered the first request 401 (did nothing) and the token after it failed
            return IKKE_SENDT;
        }
        if (e instanceof SvarUtClient.OppslagFoerSendingFeilet || e instanceof SvarUtClient.Regelbrudd || e instanceof IngenForbindelse) {
            // no connection: the client connects (TCP and TLS) before it writes a byte of the request
            return IKKE_SENDT;
        }
        if (e instanceof Avbrutt) {
            // a shutdown interrupted the call once begun: the send may have gone out whole (it was BESVART)
            return UKJENT;
        }
        if (e instanceof RegisterException re) {
            if (serverfeil(re.httpStatus())) {
                // a server error promises nothing about the letter: it may have been stored before the error
                return UKJENT;
            }
            return switch (re.kind()) {
                case UNAUTHORIZED -> IKKE_SENDT;
                case AMBIGUOUS -> UKJENT;
                default -> BESVART;
            };
        }
        // not a failure SvarUt's client gives: nothing is known of it
        return UKJENT;
    }

    /**
     * Whether a failed send says nothing about the letter, only that SvarUt or the Maskinporten token for it cannot be had
     * now (DOMAIN.md rule 8: "retries with backoff", a long outage must not spend the letters' attempts): the letter then
     * waits with the flow ({@link no.kommune.esb.platform.Registerventing}), no attempt spent, as after a failed register
     * look-up. True for no connection to SvarUt ({@link IngenForbindelse}), any failure to get the send's token
     * ({@link SvarUtClient.TokenFeilet}: Maskinporten's 5xx, 4xx, timeout or unreadable answer, all about the platform),
     * SvarUt refusing the platform (401/403), a 503 answer to the send (RFC 9110 15.6.4: the service is unavailable,
     * overload or maintenance; still {@link #UKJENT}, so the letter is looked up before the next send), a 429 (RFC 6585 4:
     * too many requests from the platform, rate limiting; still {@link #BESVART}: the contract is silent on 429, and the
     * platform has always read it as a refusal that stored nothing), and a look-up by eksternReferanse (before the send,
     * or right after one with unknown outcome) that met one of these. Not for 500/502/504, a lost or unreadable answer
     * whose look-up did not meet an outage, 400 or another 4xx: those may be about the letter itself and spend an attempt
     * as before (a letter that breaks SvarUt could otherwise hold the flow for ever). docs/forsendelse.md has the table.
     */
    public static boolean venterMedFlyten(RuntimeException e) {
        if (e instanceof SvarUtClient.TokenFeilet || e instanceof IngenForbindelse || e instanceof SvarUtClient.OppslagFoerSendingFeilet) {
            return true;
        }
        if (e instanceof SvarUtClient.SendingAvvist || e instanceof SvarUtClient.Regelbrudd || e instanceof SvarUtClient.UlesbartSendesvar
                || e instanceof Avbrutt || !(e instanceof RegisterException re)) {
            return false;
        }
        if (re.kind() == RegisterException.Kind.UNAUTHORIZED || re.kind() != RegisterException.Kind.AMBIGUOUS || re instanceof SvarUtClient.Feilsvar) {
            // an answer to this call itself: SvarUt's 503 to the send (given AMBIGUOUS, SvarUtClient.Feilsvar), or another's;
            // a 429 (THROTTLED) asks the platform to send less, whatever it sent
            return re.kind() == RegisterException.Kind.UNAUTHORIZED || re.kind() == RegisterException.Kind.THROTTLED
                    || re.httpStatus() == UTILGJENGELIG;
        }
        // a send with unknown outcome and the look-up right after it: its cause is the send's 503 (the look-up did not
        // find the letter yet) or the look-up's own failure (SvarUt down, refusing the platform); none after a lost answer
        return re.getCause() instanceof RegisterException aarsak && venterMedFlyten(aarsak);
    }

    /** HTTP 503 Service Unavailable: the service is down or overloaded, whatever was sent. */
    static final int UTILGJENGELIG = 503;

    /** An HTTP 5xx status: a server's or a gateway's error, after which SvarUt may hold what it was sent. */
    static boolean serverfeil(int httpStatus) {
        return httpStatus >= 500 && httpStatus <= 599;
    }
}
