package no.kommune.esb.model;

import java.time.Instant;
import java.util.List;

/**
 * What a person was before: earlier residences and names, newest first (earlier identity numbers are on
 * {@link Person#tidligereIdentiteter()}). Each address carries its grading, never weaker than the person's current
 * address protection, so a person who is protected now is protected in their history too.
 */
public record Personhistorikk(List<Tidligere<Adresse>> bostedsadresser, List<Tidligere<Navn>> navn) {

    public static final Personhistorikk INGEN = new Personhistorikk(List.of(), List.of());

    public Personhistorikk {
        bostedsadresser = bostedsadresser == null ? List.of() : List.copyOf(bostedsadresser);
        navn = navn == null ? List.of() : List.copyOf(navn);
    }

    /** An earlier value and the time it held: from {@code gyldigFra} (when known) until {@code opphoert} (when known). */
    public record Tidligere<T>(T verdi, Instant gyldigFra, Instant opphoert) {
    }
}
