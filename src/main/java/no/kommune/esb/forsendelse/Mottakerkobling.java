package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Ties each decision of a pass to the recipient letter (mottakerbrev) of the person it was made for (rule 8). Every pass
 * decides all recipients of a letter again, and a recipient's reference is made from a role label and a position
 * ({@code -FORELDER-1}, {@code -MOR}, …) that are not tied to the person: a new sort order, or a role the register
 * names only from the second pass on, moves the label to another person. So a recipient letter an earlier pass stored
 * is found by the recipient it holds, never by label:
 * <ol>
 *   <li>a decision about a person takes the stored recipient letter whose recipient is that person: the number in use,
 *       an earlier number the register reports ({@link Person#tidligereIdentiteter()}), or the number the person was
 *       asked for and found under (a D-nummer the register answers with the fødselsnummer that replaced it). When a
 *       person has more than one (made by a version that matched by label), one already sent or settled wins, so a
 *       person already served is not sent a waiting copy;</li>
 *   <li>a decision without one gets a new recipient letter whose id is derived from its reference, as before; if a stored
 *       recipient letter of another recipient has that id, the reference gets a number ({@code #2}, …) instead, so a
 *       new recipient never takes over another person's letter (and with it that letter's SvarUt history);</li>
 *   <li>a decision with no person (a manual slot: no holder identifiable) keeps its reference's recipient letter when
 *       that one holds no person either.</li>
 * </ol>
 * A stored recipient letter no decision takes belongs to someone who is no longer a recipient; the flow handles it as
 * before (still waiting → manual handling). Ids of recipient letters already stored never change, so what SvarUt holds
 * under them ({@code eksternReferanse}) is still found before a resend. Pure: the flow reads the stored recipient
 * letters and passes the register's answers in.
 */
public final class Mottakerkobling {

    /** The stored recipient of a recipient letter that holds no person or organisation (a manual slot). */
    public static final String INGEN = "-";

    /**
     * A recipient letter an earlier pass stored for the letter.
     *
     * @param mottaker the recipient as stored: identity number, organisation number, or {@link #INGEN}
     * @param venter   still waiting to be sent ({@code KLAR_FOR_SENDING}); false once sent, settled or in manual handling
     */
    public record Lagret(UUID id, String mottaker, boolean venter) {
        public Lagret {
            Objects.requireNonNull(id, "id");
            mottaker = mottaker == null ? INGEN : mottaker;
        }

        @Override
        public String toString() {
            return "Lagret[" + id + ", " + Identitetsnummer.mask(mottaker) + (venter ? ", venter" : "") + "]";
        }
    }

    /** Every number each person is known by, keyed by the number in use. */
    private final Map<String, Set<String>> kjent = new HashMap<>();

    /**
     * @param svar the register's answers of this pass, by the number asked for: a person asked for by an earlier number
     *             is found under the number in use, which links the two
     */
    public Mottakerkobling(Map<Identitetsnummer, Person> svar) {
        svar.forEach((spurt, p) -> {
            if (p == null) {
                return;
            }
            Set<String> numre = kjent.computeIfAbsent(p.id().value(), k -> new HashSet<>());
            numre.add(p.id().value());
            numre.add(spurt.value());
            p.tidligereIdentiteter().forEach(t -> numre.add(t.value()));
        });
    }

    /** A recipient letter's id: derived from the letter and the reference it was first made with (UUID v3). */
    public static UUID id(UUID brevId, String referanse) {
        return UUID.nameUUIDFromBytes((brevId + "/" + referanse).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The stored recipients to look up before {@link #koble}, so that an identity change the answers so far do not link
     * (the register reports no earlier numbers) is still followed: asked for an earlier number, the register answers with
     * the person under the number in use. Only when a recipient has no stored recipient letter of its own while a stored
     * one names a number no recipient is known by; empty on a letter's first pass and whenever every recipient is found.
     */
    public Set<Identitetsnummer> maaSlaasOpp(Collection<Identitetsnummer> mottakere, List<Lagret> lagret) {
        Set<Identitetsnummer> ut = new TreeSet<>();
        if (lagret.isEmpty()) {
            return ut;
        }
        Set<String> lagrede = new HashSet<>();
        lagret.forEach(l -> lagrede.add(l.mottaker()));
        Set<String> alleKjente = new HashSet<>();
        boolean utenRad = false;
        for (Identitetsnummer m : mottakere) {
            if (m == null) {
                continue;
            }
            Set<String> numre = numre(m);
            alleKjente.addAll(numre);
            utenRad |= numre.stream().noneMatch(lagrede::contains);
        }
        if (utenRad) {
            lagrede.stream().filter(s -> !alleKjente.contains(s)).filter(Identitetsnummer::isValid).map(Identitetsnummer::of).forEach(ut::add);
        }
        return ut;
    }

    /**
     * The recipient-letter id of each decision, in the decisions' order (see the class comment): a stored one of the
     * same recipient, else a new one.
     *
     * @param lagret the letter's recipient letters stored by earlier passes (empty on its first pass)
     */
    public List<UUID> koble(UUID brevId, List<Mottakerbeslutning> beslutninger, List<Lagret> lagret) {
        List<UUID> ut = new ArrayList<>();
        beslutninger.forEach(b -> ut.add(null));
        Set<UUID> brukt = new HashSet<>();
        Map<UUID, Lagret> lagretPaaId = new HashMap<>();
        lagret.forEach(l -> lagretPaaId.put(l.id(), l));
        for (int i = 0; i < beslutninger.size(); i++) {
            Mottakerbeslutning b = beslutninger.get(i);
            Set<String> numre = numre(b);
            if (numre.isEmpty()) {
                continue;
            }
            UUID avledet = id(brevId, b.mottakerReferanse());
            Lagret egen = lagret.stream().filter(l -> !brukt.contains(l.id()) && numre.contains(l.mottaker()))
                    // one already sent or settled first (a person served must not be sent a waiting copy), then the
                    // reference's own, then a fixed order
                    .min(Comparator.comparing(Lagret::venter).thenComparing(l -> !l.id().equals(avledet)).thenComparing(Lagret::id))
                    .orElse(null);
            if (egen != null) {
                ut.set(i, egen.id());
                brukt.add(egen.id());
            }
        }
        for (int i = 0; i < beslutninger.size(); i++) {
            if (ut.get(i) != null) {
                continue;
            }
            Mottakerbeslutning b = beslutninger.get(i);
            UUID avledet = id(brevId, b.mottakerReferanse());
            Lagret l = lagretPaaId.get(avledet);
            UUID valgt = avledet;
            if (brukt.contains(avledet) || (l != null && !(numre(b).isEmpty() && INGEN.equals(l.mottaker())))) {
                // the reference's recipient letter is another recipient's: this one gets a reference of its own
                for (int n = 2; brukt.contains(valgt) || lagretPaaId.containsKey(valgt); n++) {
                    valgt = id(brevId, b.mottakerReferanse() + "#" + n);
                }
            }
            ut.set(i, valgt);
            brukt.add(valgt);
        }
        return ut;
    }

    /** The numbers the decision's recipient is known by; empty for a decision without a person or organisation. */
    private Set<String> numre(Mottakerbeslutning b) {
        if (b.mottaker() != null) {
            return numre(b.mottaker());
        }
        return b.organisasjon() != null ? Set.of(b.organisasjon().value()) : Set.of();
    }

    private Set<String> numre(Identitetsnummer id) {
        Set<String> numre = new HashSet<>(kjent.getOrDefault(id.value(), Set.of()));
        numre.add(id.value());
        return numre;
    }
}
