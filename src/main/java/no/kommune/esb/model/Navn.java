package no.kommune.esb.model;

/** A person's current name. */
public record Navn(String fornavn, String mellomnavn, String etternavn) {

    /** "Fornavn Mellomnavn Etternavn" as printed on a letter. */
    public String fulltNavn() {
        StringBuilder sb = new StringBuilder(fornavn == null ? "" : fornavn);
        if (mellomnavn != null && !mellomnavn.isBlank()) {
            sb.append(' ').append(mellomnavn);
        }
        if (etternavn != null && !etternavn.isBlank()) {
            sb.append(' ').append(etternavn);
        }
        return sb.toString().trim();
    }

    @Override
    public String toString() {
        return "Navn[***]";
    }
}
