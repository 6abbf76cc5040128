package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Familierelasjon;
import no.kommune.esb.model.Foreldreansvar;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses a letter's recipients (rule 7). A letter not about a child goes to its addressee. A letter about a child
 * goes to those holding parental responsibility as registered on the child: {@code felles} → both parents,
 * {@code mor}/{@code far}/{@code medmor} → that parent, {@code andre} → the named holder. A parent without
 * responsibility is never chosen, whatever the shared-residence or family relations say. Where the register names
 * the kind of responsibility but not the holder, the holder is taken from the child's family relations with that
 * role; where even that fails, the slot becomes a recipient with a {@code mangel} (manual handling), so no holder is
 * silently lost.
 * <p>
 * <b>Delt bosted</b> (the child's current shared residence, as the register gives it) adds no recipient of its own and
 * no address: the parents are addressed each at their own address, never at the child's. It makes "both parents"
 * binding: a child with delt bosted and fewer than two identifiable holders (one parent alone, {@code andre}) gets an
 * extra manual slot ({@link Regel#R7_DELT_BOSTED}) so a case officer decides about the other parent; the platform
 * never sends to a parent without responsibility on its own. With {@code felles} and two holders nothing changes.
 * <p>
 * Use in two steps so the parents are fetched in one bulk call: {@link #relaterteSomMaaSlaasOpp} on the looked-up
 * child(ren), then {@link #velg} with the answers.
 */
public final class Mottakervelger {

    /** The ids to look up in Folkeregisteret (person-basis is enough) before {@link #velg}; empty unless a letter about a child. */
    public Set<Identitetsnummer> relaterteSomMaaSlaasOpp(Brev brev, Person hovedperson) {
        Set<Identitetsnummer> ids = new TreeSet<>();
        if (!brev.gjelderBarn() || hovedperson == null || hovedperson.erDoed()) {
            return ids;
        }
        for (Slot slot : slots(hovedperson)) {
            if (slot.id != null) {
                ids.add(slot.id);
            }
        }
        return ids;
    }

    /**
     * @param hovedperson the addressee (or the child) as looked up, with relasjon-utvidet for a child; null when not found
     * @param relaterte   the answers for {@link #relaterteSomMaaSlaasOpp}; missing ids count as not found
     */
    public Mottakerutvalg velg(Brev brev, Person hovedperson, Map<Identitetsnummer, Person> relaterte) {
        return velg(brev, hovedperson, relaterte, Set.of());
    }

    /**
     * {@link #velg(Brev, Person, Map)}, where a missing person whose number is in {@code ulesbare} (her document was in
     * Folkeregisteret's answer but cannot be read: {@code BulkResult.ulesbare}) is manual with {@link Regel#R4_ULESBAR},
     * not "not found": the register knows her.
     */
    public Mottakerutvalg velg(Brev brev, Person hovedperson, Map<Identitetsnummer, Person> relaterte, Set<Identitetsnummer> ulesbare) {
        if (brev.mottaker() instanceof Brevmottaker.Virksomhet) {
            return Mottakerutvalg.virksomhet();
        }
        Identitetsnummer id = brev.personId().orElseThrow();
        if (hovedperson == null) {
            return new Mottakerutvalg(id, null,
                    List.of(ulesbare.contains(id) ? Mottaker.ulesbar(Mottakerrolle.MOTTAKER, id, "mottakeren")
                            : Mottaker.mangler(Mottakerrolle.MOTTAKER, id, "mottakeren finnes ikke i Folkeregisteret")), Adressevern.ingen());
        }
        if (!brev.gjelderBarn() || hovedperson.erDoed()) {
            // a deceased child stops the letter: the decision for the child itself is rule 6's STOPP
            return new Mottakerutvalg(id, hovedperson.gradering(), List.of(Mottaker.funnet(Mottakerrolle.MOTTAKER, hovedperson)),
                    Adressevern.av(List.of(hovedperson)));
        }
        Map<Identitetsnummer, Person> svar = relaterte == null ? Map.of() : relaterte;
        Map<Identitetsnummer, Mottaker> valgt = new LinkedHashMap<>();
        List<Mottaker> mangler = new ArrayList<>();
        List<Person> familie = new ArrayList<>();
        familie.add(hovedperson);
        for (Slot slot : slots(hovedperson)) {
            if (slot == Slot.DELT_BOSTED) {
                mangler.add(Mottaker.deltBostedUtenToAnsvarlige());
                continue;
            }
            if (slot.id == null) {
                mangler.add(Mottaker.mangler(slot.rolle, null, slot.mangel));
                continue;
            }
            if (valgt.containsKey(slot.id)) {
                continue; // the same holder through two entries (rule 8: one letter each)
            }
            Person p = svar.get(slot.id);
            if (p == null) {
                valgt.put(slot.id, ulesbare.contains(slot.id) ? Mottaker.ulesbar(slot.rolle, slot.id, "den ansvarlige")
                        : Mottaker.mangler(slot.rolle, slot.id, "den ansvarlige finnes ikke i Folkeregisteret"));
            } else {
                familie.add(p);
                valgt.put(slot.id, Mottaker.funnet(slot.rolle, p));
            }
        }
        // a stable order (role, then number) for the references of new recipient letters; a later pass finds a
        // recipient's letter by the person (Mottakerkobling), since the order moves when a number or a role changes
        List<Mottaker> mottakere = new ArrayList<>(valgt.values().stream()
                .sorted(Comparator.comparing(Mottaker::rolle).thenComparing(Mottaker::id)).toList());
        mottakere.addAll(mangler);
        return new Mottakerutvalg(id, hovedperson.gradering(), mottakere, Adressevern.av(familie));
    }

    private record Slot(Mottakerrolle rolle, Identitetsnummer id, String mangel) {
        /** Delt bosted with fewer than two holders ({@link Mottaker#deltBostedUtenToAnsvarlige()}). */
        static final Slot DELT_BOSTED = new Slot(Mottakerrolle.FORELDER, null, null);
    }

    /**
     * The responsibility holders registered for the child, one slot per holder (unresolved ones with a reason). Only the
     * entries about the child count ({@link Person#foreldreansvarForPersonen()}), not those a teenage parent holds for her baby.
     */
    private static List<Slot> slots(Person barn) {
        List<Foreldreansvar> ansvar = barn.foreldreansvarForPersonen();
        List<Slot> slots = new ArrayList<>();
        if (ansvar.isEmpty()) {
            slots.add(new Slot(Mottakerrolle.FORELDER, null, "ingen registrert foreldreansvar"));
            return slots;
        }
        Set<Identitetsnummer> felles = new TreeSet<>();
        boolean harFelles = false;
        for (Foreldreansvar f : ansvar) {
            Foreldreansvar.Ansvar a = f.ansvar() == null ? Foreldreansvar.Ansvar.UKJENT : f.ansvar();
            switch (a) {
                case FELLES -> {
                    harFelles = true;
                    if (f.ansvarlig() != null) {
                        felles.add(f.ansvarlig());
                    } else {
                        felles.addAll(foreldre(barn));
                    }
                }
                case MOR, FAR, MEDMOR -> {
                    Mottakerrolle rolle = Mottakerrolle.valueOf(a.name());
                    Identitetsnummer holder = f.ansvarlig() != null ? f.ansvarlig() : forelder(barn, Familierelasjon.Rolle.valueOf(a.name()));
                    slots.add(holder != null ? new Slot(rolle, holder, null)
                            : new Slot(rolle, null, "foreldreansvar uten identifiserbar ansvarlig"));
                }
                case ANDRE -> slots.add(f.ansvarlig() != null ? new Slot(Mottakerrolle.ANNEN_ANSVARLIG, f.ansvarlig(), null)
                        : new Slot(Mottakerrolle.ANNEN_ANSVARLIG, null, "ansvarlig uten identitetsnummer"));
                case UKJENT -> slots.add(new Slot(Mottakerrolle.FORELDER, null, "foreldreansvar registrert som ukjent"));
            }
        }
        if (harFelles) {
            for (Identitetsnummer holder : felles) {
                slots.add(new Slot(rolleFor(barn, holder), holder, null));
            }
            if (felles.size() < 2) {
                slots.add(new Slot(Mottakerrolle.FORELDER, null, "felles foreldreansvar, men bare én ansvarlig kan identifiseres"));
            }
        }
        boolean alleredeManuell = slots.stream().anyMatch(s -> s.id == null);
        if (!barn.deltBosted().isEmpty() && !alleredeManuell && slots.stream().map(Slot::id).distinct().count() < 2) {
            slots.add(Slot.DELT_BOSTED);
        }
        return slots;
    }

    private static List<Identitetsnummer> foreldre(Person barn) {
        return barn.familierelasjoner().stream()
                .filter(r -> r.relatertRolle() == Familierelasjon.Rolle.MOR || r.relatertRolle() == Familierelasjon.Rolle.FAR
                        || r.relatertRolle() == Familierelasjon.Rolle.MEDMOR)
                .map(Familierelasjon::relatertPerson)
                .toList();
    }

    private static Identitetsnummer forelder(Person barn, Familierelasjon.Rolle rolle) {
        List<Identitetsnummer> treff = barn.familierelasjoner().stream().filter(r -> r.relatertRolle() == rolle)
                .map(Familierelasjon::relatertPerson).distinct().toList();
        return treff.size() == 1 ? treff.get(0) : null; // two registered mothers is not something to guess between
    }

    private static Mottakerrolle rolleFor(Person barn, Identitetsnummer holder) {
        return barn.familierelasjoner().stream().filter(r -> holder.equals(r.relatertPerson()))
                .map(r -> switch (r.relatertRolle()) {
                    case MOR -> Mottakerrolle.MOR;
                    case FAR -> Mottakerrolle.FAR;
                    case MEDMOR -> Mottakerrolle.MEDMOR;
                    default -> Mottakerrolle.FORELDER;
                })
                .filter(r -> r != Mottakerrolle.FORELDER)
                .findFirst().orElse(Mottakerrolle.FORELDER);
    }
}
