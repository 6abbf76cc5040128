package no.kommune.esb.oppslag;

/** Test helper for the rate limits. */
final class Grenser {

    private Grenser() {
    }

    /** How many of {@code forsoek} calls the limit let through. */
    static int tatt(Oppslagsgrense grense, String kaller, int forsoek) {
        int tatt = 0;
        for (int i = 0; i < forsoek; i++) {
            if (grense.ta(kaller).isEmpty()) {
                tatt++;
            }
        }
        return tatt;
    }
}
