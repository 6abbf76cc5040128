package no.kommune.esb.forsendelse.mottak;

import java.util.List;

/** Outcome of validating a letter: the letter when every rule holds, otherwise every error found (nothing half-accepted). */
public record InnleveringResultat(Innlevering innlevering, List<InnleveringFeil> feil) {

    public InnleveringResultat {
        feil = List.copyOf(feil);
        if ((innlevering == null) == feil.isEmpty()) {
            throw new IllegalArgumentException("either a letter or errors");
        }
    }

    public static InnleveringResultat gyldig(Innlevering innlevering) {
        return new InnleveringResultat(innlevering, List.of());
    }

    public static InnleveringResultat ugyldig(List<InnleveringFeil> feil) {
        return new InnleveringResultat(null, feil);
    }

    public boolean ok() {
        return innlevering != null;
    }
}
