package no.kommune.esb.varsel;

import no.kommune.esb.register.Avbrutt;
import no.kommune.esb.register.IngenForbindelse;
import no.kommune.esb.register.RegisterException;

import java.util.Set;

/**
 * What a failed SMS or e-mail send says about the service message (DOMAIN.md rule 8: no losses, "retries with backoff"),
 * as {@code svarut.Sendeutfall.venterMedFlyten} says it for a SvarUt send. Pure: no clock, no I/O; docs/forsendelse.md
 * has the table.
 */
public final class Varselfeil {

    /** HTTP 503 Service Unavailable (RFC 9110 15.6.4): the gateway is down or overloaded, whatever was sent. */
    static final int UTILGJENGELIG = 503;

    /**
     * SMTP replies that say the server, not the recipient, cannot take mail now (RFC 5321 4.2.2/4.2.3): 421 service not
     * available (closing the channel), 451 local error in processing, 452 insufficient system storage. Not 450 (the
     * recipient's mailbox is unavailable): that is about the message's recipient, which must not hold the flow.
     */
    static final Set<Integer> SMTP_TJENESTEN_NEDE = Set.of(421, 451, 452);

    private Varselfeil() {
    }

    /**
     * Whether a failed send certainly delivered nothing and says nothing about the message, only that the SMS gateway
     * or the SMTP server cannot be had now: the message then waits with the flow
     * ({@link no.kommune.esb.platform.Registerventing}), no attempt spent, as a SvarUt letter does in an outage. True for
     * no connection ({@link IngenForbindelse}: refused, connect timeout, unknown host), a refused API key or SMTP login
     * (the platform's set-up, never the message's), the gateway's 503 and 429 (RFC 6585 4: rate limiting, the
     * platform's calls, not the message), and the SMTP replies in {@link #SMTP_TJENESTEN_NEDE}. False for a lost answer
     * (AMBIGUOUS: it may have arrived, so the careful path stays: the same idempotency key or Message-ID, no channel
     * switch), an interrupted call, an unreadable answer, 500/502/504, 400 or another refusal, an SMTP 450 or 5xx reply: those spend an attempt as before (a message that breaks the
     * gateway must not hold the flow for ever).
     */
    public static boolean venterMedFlyten(RuntimeException e) {
        if (e instanceof IngenForbindelse) {
            return true;
        }
        if (!(e instanceof RegisterException re) || e instanceof Avbrutt) {
            return false;
        }
        return switch (re.kind()) {
            // 429: the gateway asks the platform to send less (rate limiting), as SvarUt's 429 (Sendeutfall)
            case UNAUTHORIZED, THROTTLED -> true;
            case UNAVAILABLE -> SmsClient.SERVICE.equals(re.service()) ? re.httpStatus() == UTILGJENGELIG
                    : EpostSender.SERVICE.equals(re.service()) && SMTP_TJENESTEN_NEDE.contains(re.httpStatus());
            default -> false;
        };
    }
}
