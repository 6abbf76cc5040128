package no.kommune.esb.forsendelse.mottak;

import no.kommune.esb.forsendelse.flyt.BehandlingRepository;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Closing a dead letter without sending it (docs/forsendelse.md, "Closing a dead letter without sending"): the rules
 * alone. A dead letter is settled once, either sent again ({@code redrevet}) or closed ({@code avsluttet}); a settled one
 * takes neither again. Closing needs a reason from the integration team, free text on a few lines of at most
 * {@link #MAKS_BEGRUNNELSE} characters, which is stored and shown (masked) but never logged: it may name a person.
 * Pure: no Spring, no database.
 */
public final class DeadLetterAvslutning {

    /** The longest reason, in UTF-16 units as the console's {@code maxlength} counts them. */
    public static final int MAKS_BEGRUNNELSE = 500;

    /** Dead-letter kinds whose {@code referanse} is a recipient letter's id: closing one ends that recipient letter too. */
    static final Set<String> BREVKILDER = Set.of(DeadLetterSendRedriver.KILDE, BehandlingRepository.KILDE_ULASTBAR);

    private DeadLetterAvslutning() {
    }

    /** A refusal: problem type (answered 409, as a redrive's refusals), title and detail in the console's words. */
    public record Avslag(String type, String tittel, String detalj) {
    }

    /** Why {@code begrunnelse} cannot be taken as a closing reason, or null when it can. Never quotes the text. */
    public static String ugyldigBegrunnelse(String begrunnelse) {
        if (begrunnelse == null || begrunnelse.isBlank()) {
            return "begrunnelse mangler";
        }
        return Teksttegn.ugyldigFritekst("begrunnelse", begrunnelse, MAKS_BEGRUNNELSE);
    }

    /** Empty when the dead letter is open and may be closed; otherwise why not. */
    public static Optional<Avslag> kanAvsluttes(ForsendelseRepository.DeadLetter d) {
        if (d.avsluttet() != null) {
            return Optional.of(new Avslag("allerede-avsluttet", "Allerede avsluttet", "dead letter ble avsluttet uten sending " + d.avsluttet()));
        }
        if (d.redrevet() != null) {
            return Optional.of(new Avslag("allerede-redrevet", "Allerede sendt på nytt",
                    "dead letter ble sendt på nytt " + d.redrevet() + " og kan ikke avsluttes"));
        }
        return Optional.empty();
    }

    /** Empty when the dead letter is open and may be redriven (its redriver still decides); otherwise why not. */
    public static Optional<Avslag> kanRedrives(ForsendelseRepository.DeadLetter d) {
        if (d.avsluttet() != null) {
            return Optional.of(new Avslag("avsluttet", "Avsluttet uten sending",
                    "dead letter ble avsluttet uten sending " + d.avsluttet() + " og sendes ikke på nytt"));
        }
        if (d.redrevet() != null) {
            return Optional.of(new Avslag("allerede-redrevet", "Allerede sendt på nytt", "dead letter ble sendt på nytt " + d.redrevet()));
        }
        return Optional.empty();
    }

    /** The recipient letter a letter's dead letter stands for, when it is of such a kind and its reference is an id. */
    static Optional<UUID> mottakerbrev(String kilde, String referanse) {
        if (!BREVKILDER.contains(kilde) || referanse == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(referanse));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
