package no.kommune.esb.forsendelse.flyt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a decided batch's KRR look-up is too old to send on (DOMAIN.md rule 1: KRR at every dispatch). With the flow's
 * two stages a decided batch waits for the previous batch's sends; when that wait has made its look-up older than
 * {@code maksAlder} (forsendelse.behandling.krr-maks-alder), the batch is looked up and decided again before it is
 * sent. A batch that made no KRR look-up (organisation letters only) has nothing to renew.
 */
public record Oppslagsalder(Duration maksAlder, Clock clock) {

    public Oppslagsalder {
        if (maksAlder == null || maksAlder.isNegative() || maksAlder.isZero() || clock == null) {
            throw new IllegalArgumentException("forsendelse.behandling.krr-maks-alder must be positive (was " + maksAlder + ")");
        }
    }

    /** True when the KRR look-up made at {@code krrOppslag} (null: none) is older than {@code maksAlder} now. */
    public boolean forGammelt(Instant krrOppslag) {
        return krrOppslag != null && Duration.between(krrOppslag, clock.instant()).compareTo(maksAlder) > 0;
    }
}
