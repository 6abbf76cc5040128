package no.kommune.esb.oppslag;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Period;

/**
 * Settings of the look-up API ({@code oppslag.*}, docs/oppslag.md).
 *
 * @param perSekund  calls a second each caller may make on average (per instance)
 * @param burst      calls a caller may make at once before the average applies
 * @param maksIdenter ids in one batch look-up, at most 1000 (one Folkeregisteret bulk call); also the most persons a
 *                   search answers with
 * @param soekRegistertreff the most ids a search asks Folkeregisteret for ({@code maksTreff}; the register's limit, 10,000)
 * @param revisjon   the audit trail
 * @param deltGrense the rate limit shared by all instances
 */
@ConfigurationProperties("oppslag")
public record OppslagProperties(Double perSekund, Integer burst, Integer maksIdenter, Integer soekRegistertreff, Revisjon revisjon,
                                DeltGrense deltGrense) {

    public static final int MAKS_IDENTER = 1000;
    /** The most hits Folkeregisteret's search lists (freg.yaml {@code maksTreff}: "Maks 10.000"). */
    public static final int MAKS_REGISTERTREFF = 10_000;

    public OppslagProperties {
        perSekund = perSekund == null ? 50.0 : perSekund;
        burst = burst == null ? 100 : burst;
        maksIdenter = maksIdenter == null ? MAKS_IDENTER : maksIdenter;
        if (maksIdenter < 1 || maksIdenter > MAKS_IDENTER) {
            throw new IllegalArgumentException("oppslag.maks-identer must be 1.." + MAKS_IDENTER);
        }
        soekRegistertreff = soekRegistertreff == null ? MAKS_REGISTERTREFF : soekRegistertreff;
        if (soekRegistertreff <= maksIdenter || soekRegistertreff > MAKS_REGISTERTREFF) {
            throw new IllegalArgumentException("oppslag.soek-registertreff must be over oppslag.maks-identer and at most " + MAKS_REGISTERTREFF);
        }
        revisjon = revisjon == null ? new Revisjon(null, null) : revisjon;
        deltGrense = deltGrense == null ? new DeltGrense(null, null) : deltGrense;
    }

    /**
     * @param aktiv whether the limit is also counted across instances in PostgreSQL (default true)
     * @param synk  how often each instance adds its counts to the shared ones and learns theirs (default 100 ms)
     */
    public record DeltGrense(Boolean aktiv, java.time.Duration synk) {
        public DeltGrense {
            aktiv = aktiv == null || aktiv;
            synk = synk == null ? java.time.Duration.ofMillis(100) : synk;
        }
    }

    /**
     * @param hmacNoekkel the secret key of the audit trail's identity-number hashes (no default outside the local profile)
     * @param oppbevaring how long audit rows are kept (default 5 years)
     */
    public record Revisjon(String hmacNoekkel, Period oppbevaring) {
        public Revisjon {
            oppbevaring = oppbevaring == null ? Period.ofYears(5) : oppbevaring;
        }
    }
}
