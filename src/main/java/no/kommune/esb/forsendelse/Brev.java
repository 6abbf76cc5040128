package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Identitetsnummer;

import java.util.Objects;
import java.util.Optional;

/**
 * A letter a fagsystem wants sent: its metadata, not its documents.
 *
 * @param avsenderSystem   the fagsystem's id; SvarUt {@code avgivendeSystem}, at most 100 characters
 * @param eksternReferanse the fagsystem's reference, at most {@value #MAKS_EKSTERN_REFERANSE} characters; each recipient's
 *                         reference is made from it ({@link Mottakerrolle#suffiks()}) and only hashed into the
 *                         recipient-letter id, which is what SvarUt gets as its {@code eksternReferanse}; this
 *                         reference itself goes to SvarUt unchanged as {@code korrelasjonsid} (also at most 100)
 * @param tittel           SvarUt {@code tittel}, at most 1000 characters; may hold personal data, so never in toString
 * @param gjelderBarn      the letter is about a child and goes to the holders of parental responsibility (rule 7)
 */
public record Brev(String avsenderSystem, String eksternReferanse, String tittel, Brevmottaker mottaker, Brevtype brevtype,
                   boolean gjelderBarn) {

    /**
     * The intake's limit (SvarUt's {@code eksternReferanse.maxLength}, kept for the platform's own key). No room is kept
     * for a role suffix: SvarUt's eksternReferanse is the recipient-letter id (36 characters); this reference goes
     * whole into {@code korrelasjonsid}.
     */
    public static final int MAKS_EKSTERN_REFERANSE = 100;

    public Brev {
        requireText(avsenderSystem, "avsenderSystem", 100);
        requireText(eksternReferanse, "eksternReferanse", MAKS_EKSTERN_REFERANSE);
        requireText(tittel, "tittel", 1000);
        Objects.requireNonNull(mottaker, "mottaker");
        Objects.requireNonNull(brevtype, "brevtype");
        if (gjelderBarn && !(mottaker instanceof Brevmottaker.Privatperson)) {
            throw new IllegalArgumentException("a letter about a child must name the child as mottaker");
        }
    }

    public static Brev tilPerson(String avsenderSystem, String eksternReferanse, String tittel, Identitetsnummer id,
                                 Brevtype brevtype, boolean gjelderBarn) {
        return new Brev(avsenderSystem, eksternReferanse, tittel, new Brevmottaker.Privatperson(id), brevtype, gjelderBarn);
    }

    public static Brev tilVirksomhet(String avsenderSystem, String eksternReferanse, String tittel, Organisasjonsnummer orgnr,
                                     String navn, Brevtype brevtype) {
        return new Brev(avsenderSystem, eksternReferanse, tittel, new Brevmottaker.Virksomhet(orgnr, navn), brevtype, false);
    }

    /** The person the letter is addressed to or about; empty for an organisation. */
    public Optional<Identitetsnummer> personId() {
        return mottaker instanceof Brevmottaker.Privatperson p ? Optional.of(p.id()) : Optional.empty();
    }

    private static void requireText(String value, String field, int max) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(field + " is longer than " + max + " characters");
        }
    }

    @Override
    public String toString() {
        String hvem = mottaker instanceof Brevmottaker.Privatperson p ? p.id().masked()
                : ((Brevmottaker.Virksomhet) mottaker).orgnr().value();
        return "Brev[" + avsenderSystem + ", " + eksternReferanse + ", " + brevtype + ", " + hvem
                + (gjelderBarn ? ", gjelderBarn" : "") + "]";
    }
}
