package no.kommune.esb.model;

import java.time.LocalDate;

/** A child's agreed shared residence: the second home, with its period. */
public record DeltBosted(Adresse adresse, LocalDate startdato, LocalDate sluttdato) {
}
