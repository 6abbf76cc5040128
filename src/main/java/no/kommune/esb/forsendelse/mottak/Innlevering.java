package no.kommune.esb.forsendelse.mottak;

import no.kommune.esb.forsendelse.Brevtype;
import no.kommune.esb.model.Identitetsnummer;

import java.util.List;

/**
 * A letter as a fagsystem hands it in, after validation: who sends it, the fagsystem's own reference (the key
 * for idempotency), the recipient and the documents, and for a service message optionally a short text for SMS/e-mail
 * ({@code varseltekst}). {@link #toString()} masks the recipient and leaves out document contents and the text.
 */
public record Innlevering(String avsenderSystem,
                          String eksternReferanse,
                          String tittel,
                          String mottaker,
                          Mottakertype mottakertype,
                          Brevtype brevtype,
                          boolean gjelderBarn,
                          List<Dokument> dokumenter,
                          String varseltekst) {

    public Innlevering {
        dokumenter = List.copyOf(dokumenter);
    }

    /** A letter without a text of its own for SMS/e-mail (the title is used if it goes that way). */
    public Innlevering(String avsenderSystem, String eksternReferanse, String tittel, String mottaker, Mottakertype mottakertype,
                       Brevtype brevtype, boolean gjelderBarn, List<Dokument> dokumenter) {
        this(avsenderSystem, eksternReferanse, tittel, mottaker, mottakertype, brevtype, gjelderBarn, dokumenter, null);
    }

    /** Stored in {@code brev.mottaker_type}. */
    public enum Mottakertype { PERSON, ORGANISASJON }

    /** One document of the letter, in the order the metadata lists them. */
    public record Dokument(String filnavn, String mimeType, byte[] innhold) {
        @Override
        public String toString() {
            return "Dokument[mimeType=" + mimeType + ", bytes=" + (innhold == null ? 0 : innhold.length) + "]";
        }
    }

    @Override
    public String toString() {
        return "Innlevering[avsenderSystem=" + avsenderSystem + ", eksternReferanse=" + eksternReferanse
                + ", mottaker=" + Identitetsnummer.mask(mottaker) + ", mottakertype=" + mottakertype
                + ", brevtype=" + brevtype + ", gjelderBarn=" + gjelderBarn + ", dokumenter=" + dokumenter
                + (varseltekst == null ? "" : ", varseltekst=" + varseltekst.length() + " tegn") + "]";
    }
}
