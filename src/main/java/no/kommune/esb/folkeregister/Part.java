package no.kommune.esb.folkeregister;

import java.util.regex.Pattern;

/**
 * A value of the {@code part} query parameter (dataminimering.md): one of the named sets or any top-level
 * property name of the person document. No part at all means {@link #PERSON_BASIS}.
 */
public record Part(String value) implements Comparable<Part> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z-]{0,79}");

    /** Current, non-confidential basics: ids, status, name, addresses, grading, birth, death. */
    public static final Part PERSON_BASIS = new Part("person-basis");
    /** Historic entries (erGjeldende=false) as well as current ones. */
    public static final Part HISTORIKK = new Part("historikk");
    /** familierelasjon, foreldreansvar, vergemaalEllerFremtidsfullmakt. */
    public static final Part RELASJON_UTVIDET = new Part("relasjon-utvidet");
    /** falskIdentitet, legitimasjonsdokument, utenlandskPersonidentifikasjon. */
    public static final Part IDENTITETSGRUNNLAG_UTVIDET = new Part("identitetsgrunnlag-utvidet");

    public Part {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException("part must be a property or set name (letters and '-')");
        }
    }

    public static Part of(String value) {
        return new Part(value);
    }

    @Override
    public int compareTo(Part o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
