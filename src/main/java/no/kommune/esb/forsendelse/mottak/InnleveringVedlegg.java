package no.kommune.esb.forsendelse.mottak;

/**
 * A document as it arrived beside the metadata: a multipart part (its file name) or an inline base64 document.
 * {@link #toString()} leaves out the file name, which may carry a person's name.
 */
public record InnleveringVedlegg(String filnavn, byte[] innhold) {
    @Override
    public String toString() {
        return "InnleveringVedlegg[bytes=" + (innhold == null ? 0 : innhold.length) + "]";
    }
}
