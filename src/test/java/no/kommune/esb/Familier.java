package no.kommune.esb;

import no.kommune.esb.simulator.population.SimPerson;
import no.kommune.esb.simulator.population.SyntheticPopulation;

/**
 * Picking a family for an end-to-end test from the shared synthetic population. Every test class of one application
 * context shares that population, and some change persons they do not name (HendelserEndToEndTest's mix of deaths, moves
 * and protections, FeedLeserEndToEndTest's death): a family picked by position alone depends on the order the classes
 * ran in, and a parent who died or got a protected address since rightly gets no ordinary letter.
 */
public final class Familier {

    private Familier() {
    }

    /** Both parents known, and child and parents each alive, resident with an address and unprotected. */
    public static boolean vanligeForeldre(SyntheticPopulation population, SimPerson barn) {
        return vanlig(barn) && barn.motherIndex() >= 0 && barn.fatherIndex() >= 0
                && vanlig(population.person(barn.motherIndex())) && vanlig(population.person(barn.fatherIndex()));
    }

    private static boolean vanlig(SimPerson p) {
        return p.status() == SimPerson.Status.BOSATT && p.graderingCode() == 0 && p.addressIndex() >= 0 && !p.ukjentBosted()
                && !p.isAbroad() && !p.hasOppholdsadresseOnly();
    }
}
