package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The recipients of one letter, as {@link Mottakervelger} chose them, with the family's protected addresses.
 *
 * @param gjelder          the person the letter is addressed to or about; null for an organisation
 * @param gjelderGradering that person's grading (the child's, for rule 7)
 */
public record Mottakerutvalg(Identitetsnummer gjelder, Gradering gjelderGradering, List<Mottaker> mottakere, Adressevern adressevern) {

    public Mottakerutvalg {
        mottakere = mottakere == null ? List.of() : List.copyOf(mottakere);
        adressevern = adressevern == null ? Adressevern.ingen() : adressevern;
        gjelderGradering = gjelderGradering == null ? Gradering.UGRADERT : gjelderGradering;
    }

    static Mottakerutvalg virksomhet() {
        return new Mottakerutvalg(null, null, List.of(), Adressevern.ingen());
    }

    /** The recipients to look up in KRR for this dispatch: found and alive. */
    public Set<Identitetsnummer> krrIder() {
        Set<Identitetsnummer> ids = new TreeSet<>();
        mottakere.stream().filter(m -> m.person() != null && !m.person().erDoed()).map(Mottaker::id).filter(Objects::nonNull).forEach(ids::add);
        return ids;
    }

    /**
     * The persons whose fresh grading the check just before sending needs ({@link Forsendelsesbeslutter#kontrollFoerSending}):
     * the person the letter is about and every recipient found, as the family whose protected addresses count.
     */
    public Set<Identitetsnummer> kontrollIder() {
        Set<Identitetsnummer> ids = new TreeSet<>();
        if (gjelder != null) {
            ids.add(gjelder);
        }
        mottakere.stream().filter(m -> m.person() != null).map(Mottaker::id).filter(Objects::nonNull).forEach(ids::add);
        return ids;
    }

    @Override
    public String toString() {
        return "Mottakerutvalg[" + gjelder + ", " + gjelderGradering + ", " + mottakere + "]";
    }
}
