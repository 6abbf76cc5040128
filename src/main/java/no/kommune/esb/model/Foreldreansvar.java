package no.kommune.esb.model;

/**
 * Parental responsibility: {@code ansvar} says who holds it, {@code ansvarlig} names the holder where the register
 * gives one (always for {@link Ansvar#ANDRE}) and {@code ansvarssubjekt} the child it is for. Folkeregisteret puts an
 * entry on the child's document and also on the holder's (contract example 17868597437: a mother's document holds the
 * entries in which she is {@code ansvarlig} for her children), so a person's list may hold both kinds: {@link #gjelder}
 * tells them apart.
 */
public record Foreldreansvar(Ansvar ansvar, Identitetsnummer ansvarlig, Identitetsnummer ansvarssubjekt) {

    public enum Ansvar { FELLES, MOR, FAR, MEDMOR, ANDRE, UKJENT }

    /**
     * True when this entry is about {@code person} as the child (DOMAIN.md rule 7), false when it is one the person
     * holds for their own child. {@code ansvarssubjekt} is optional in the contract (a child without an identity number
     * gives {@code ansvarssubjektUtenIdentifikator} instead): an entry without one counts as about the person unless it
     * names the person as holder. The person's earlier numbers count as theirs.
     */
    public boolean gjelder(Person person) {
        if (person.id() == null || erPersonen(ansvarlig, person)) {
            return false;
        }
        return ansvarssubjekt == null || erPersonen(ansvarssubjekt, person);
    }

    private static boolean erPersonen(Identitetsnummer id, Person person) {
        return id != null && (id.equals(person.id()) || person.tidligereIdentiteter().contains(id));
    }
}
