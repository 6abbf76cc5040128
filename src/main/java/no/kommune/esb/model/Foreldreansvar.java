package no.kommune.esb.model;

/**
 * Parental responsibility for a child, as registered on the child: {@code ansvar} says who holds it and
 * {@code ansvarlig} names the holder where the register gives one (always for {@link Ansvar#ANDRE}).
 */
public record Foreldreansvar(Ansvar ansvar, Identitetsnummer ansvarlig, Identitetsnummer ansvarssubjekt) {

    public enum Ansvar { FELLES, MOR, FAR, MEDMOR, ANDRE, UKJENT }
}
