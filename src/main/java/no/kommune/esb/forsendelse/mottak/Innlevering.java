package no.kommune.esb.forsendelse.mottak;

import no.kommune.esb.forsendelse.Brevtype;
import no.kommune.esb.model.Identitetsnummer;

import java.util.List;

/**
 * A letter as a fagsystem hands it in, after validation: who sends it, the fagsystem's own reference (the key
 * for idempotency), the recipient and the documents. {@link #toString()} masks the recipient and leaves out
 * document contents.
 */
public record Innlevering(String avsenderSystem,
                          String eksternReferanse,
                          String tittel,
                          String mottaker,
                          Mottakertype mottakertype,
                          Brevtype brevtype,
                          boolean gjelderBarn,
                          List<Dokument> dokumenter) {

    public Innlevering {
        dokumenter = List.copyOf(dokumenter);
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
                + ", brevtype=" + brevtype + ", gjelderBarn=" + gjelderBarn + ", dokumenter=" + dokumenter + "]";
    }
}
