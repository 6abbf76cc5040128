package no.kommune.esb.proaktiv;

import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The once-only rule across identity-number changes (DOMAIN rule 8): a (trigger, person) is sent once, whichever of the
 * person's numbers the once-only record ({@code proaktiv_utsendelse}) holds it under. A person with a D-nummer who gets
 * a fødselsnummer is the same person: a record under the D-nummer holds a firing under the fødselsnummer, and the other
 * way round. The person is known by the number in use, the earlier numbers Folkeregisteret reports
 * ({@link Person#tidligereIdentiteter()}) and the number the event named (the register answers an earlier number with
 * the person under the number in use), as {@code Mottakerkobling} ties a letter's recipients. No Camel, no Spring, no I/O.
 */
public final class Engangsregel {

    private Engangsregel() {
    }

    /** A once-only record as stored: the trigger and the number it was written under. */
    public record Utsendelse(String utloeser, String identifikator) {
    }

    /** A firing as the rule sees it: its trigger and every number its person is known by. */
    public record Kandidat(String utloeser, Set<String> numre) {
        public Kandidat {
            numre = Set.copyOf(numre);
        }

        boolean holdtAv(Set<Utsendelse> utsendelser) {
            return numre.stream().anyMatch(n -> utsendelser.contains(new Utsendelse(utloeser, n)));
        }
    }

    /**
     * Every number a person is known by.
     *
     * @param p           the person as the rule's look-up answered (the number in use)
     * @param spurt       the number the person was asked for and found under (the event's), or null
     * @param identiteter the person as the identity-number look-up with history answered, or null when it did not
     */
    public static Set<String> numre(Person p, Identitetsnummer spurt, Person identiteter) {
        Set<String> numre = new LinkedHashSet<>();
        numre.add(p.id().value());
        if (spurt != null) {
            numre.add(spurt.value());
        }
        p.tidligereIdentiteter().forEach(t -> numre.add(t.value()));
        if (identiteter != null) {
            numre.add(identiteter.id().value());
            identiteter.tidligereIdentiteter().forEach(t -> numre.add(t.value()));
        }
        return numre;
    }

    /**
     * The firings to send, in their order: those whose trigger no stored record holds under any of the person's numbers,
     * and of several firings of one (trigger, person) in the round (sharing a number with an earlier one, sent or held) the
     * first. The rest are repeats.
     *
     * @param lagret the stored records that name any of the candidates' triggers and numbers
     */
    public static <T> List<T> nye(List<T> treff, Function<T, Kandidat> kandidat, Set<Utsendelse> lagret) {
        Set<Utsendelse> holdt = new HashSet<>(lagret);
        List<T> nye = new ArrayList<>();
        for (T t : treff) {
            Kandidat k = kandidat.apply(t);
            if (!k.holdtAv(holdt)) {
                nye.add(t);
            }
            // sent now or held already: the person is held under every number this firing knows them by
            k.numre().forEach(n -> holdt.add(new Utsendelse(k.utloeser(), n)));
        }
        return nye;
    }

    /** Whether a stored record holds the firing under any of the person's numbers (the dry run's {@code alleredeSendt}). */
    public static boolean sendt(Kandidat kandidat, Set<Utsendelse> lagret) {
        return kandidat.holdtAv(lagret);
    }
}
