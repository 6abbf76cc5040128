package no.kommune.esb.model;

import java.time.OffsetDateTime;

/**
 * A person's entry in KRR at lookup time. Contact data lives only for the dispatch that looked it up:
 * never store or log it ({@code toString} shows only the status fields).
 *
 * @param reservert   true when the person has reserved against digital communication ({@code reservasjon=JA})
 * @param kanVarsles  false for {@code varslingsstatus=KAN_IKKE_VARSLES} (contact data older than 18 months)
 */
public record KrrKontakt(Identitetsnummer id,
                         boolean reservert,
                         Status status,
                         boolean kanVarsles,
                         String epostadresse,
                         OffsetDateTime epostadresseOppdatert,
                         String mobiltelefonnummer,
                         OffsetDateTime mobiltelefonnummerOppdatert,
                         DigitalPostkasse digitalPost,
                         String spraak) {

    /**
     * KRR's {@code status}; {@code UKJENT} when KRR's answer for the person carried none (the contract lets it leave
     * the field out) or a code the contract does not list: not AKTIV, so a formal letter goes on paper and no notification channel is used (rule 2).
     */
    public enum Status { AKTIV, SLETTET, IKKE_REGISTRERT, UKJENT }

    /** The person's digital mailbox (e-Boks, Digipost). */
    public record DigitalPostkasse(String postkasseadresse, String postkasseleverandoeradresse) {
        @Override
        public String toString() {
            return "DigitalPostkasse[***]";
        }
    }

    public boolean harDigitalPostkasse() {
        return digitalPost != null && digitalPost.postkasseadresse() != null;
    }

    public boolean harKontaktkanal() {
        return (epostadresse != null && !epostadresse.isBlank()) || (mobiltelefonnummer != null && !mobiltelefonnummer.isBlank());
    }

    @Override
    public String toString() {
        return "KrrKontakt[" + id + ", reservert=" + reservert + ", " + status + ", kanVarsles=" + kanVarsles + "]";
    }
}
