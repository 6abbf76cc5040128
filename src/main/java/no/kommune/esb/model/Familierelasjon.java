package no.kommune.esb.model;

/** A relation from this person to another: {@code relatertRolle} is what the other person is to this one. */
public record Familierelasjon(Identitetsnummer relatertPerson, Rolle relatertRolle, Rolle minRolle) {

    public enum Rolle { BARN, MOR, FAR, MEDMOR, EKTEFELLE, REGISTRERT_PARTNER, ANNEN }
}
