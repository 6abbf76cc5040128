package no.kommune.esb.simulator.population;

/**
 * A change to one person's KRR entry, every field optional (null = unchanged). {@code status} AKTIV | SLETTET |
 * IKKE_REGISTRERT, {@code reservasjon} JA | NEI, {@code varslingsstatus} KAN_VARSLES | KAN_IKKE_VARSLES;
 * an empty {@code epostadresse} or {@code mobiltelefonnummer} removes it; {@code digitalPost} false removes the mailbox.
 */
public record KrrUpdate(String status, String reservasjon, String varslingsstatus, String epostadresse,
                        String mobiltelefonnummer, Boolean digitalPost, String spraak) {

    @Override
    public String toString() {
        return "KrrUpdate[" + status + ", " + reservasjon + ", " + varslingsstatus + "]";
    }
}
