package no.kommune.esb.uttrekk.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.kommune.esb.forsendelse.Brev;
import no.kommune.esb.forsendelse.Brevtype;
import no.kommune.esb.forsendelse.Forsendelsesbeslutter;
import no.kommune.esb.forsendelse.Mottaker;
import no.kommune.esb.forsendelse.Mottakerrolle;
import no.kommune.esb.forsendelse.Mottakervelger;
import no.kommune.esb.model.Adressefelt;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.Person;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The letter flow's decision for a row, for a format that prints addresses for letters ({@link Uttrekksformat#medUtsending()}):
 * the extract computes it from the register's answers (the row itself holds only what the registration may see, often
 * neither status nor every holder) and stores it as the row's {@code utsending} section. It reuses the letter flow's
 * plain classes, so a label is never printed for a letter the letter flow would not send:
 * {@link Mottakervelger} chooses the holders of foreldreansvar (rule 7, with delt bosted's manual slot) and
 * {@link Forsendelsesbeslutter#foerKanalvalg} stops a deceased recipient or child (rule 6) and sends an unresolved one
 * to manual handling. {@code uleselige} names the address elements the register gave with a value that cannot be read
 * ({@link Person#uleseligeAdresser()}; the minimised row keeps only what could be read, e.g. the street without its
 * house number), so the label chooses the address as the letter flow does
 * ({@link Forsendelsesbeslutter#postadressevalg(no.kommune.esb.model.Adresse, no.kommune.esb.model.Adresse,
 * no.kommune.esb.model.Adresse, boolean, Set)}): R4-UKJENT-ADRESSE on the manual page, never a guess.
 * <pre>
 * "utsending": {
 *   "person":    {"regel": "R6-DOED", "grunn": "…"},        only when a letter to the person would not go out
 *   "uleselige": ["BOSTEDSADRESSE"],                        only when the person has such elements
 *   "foresatte": [ {"relatert": 0},                          a letter about the person: relaterte[0] gets it
 *                  {"relatert": 1, "regel": "R6-DOED", "grunn": "…"},
 *                  {"relatert": 2, "uleselige": ["POSTADRESSE"]},
 *                  {"regel": "R7-DELT-BOSTED", "grunn": "…"} ]
 * }
 * </pre>
 * {@code relatert} is the holder's place in the row's {@code relaterte} (their order is {@code Dataminimering.relaterteIdenter}'s),
 * so the section holds no identity number, name or address; {@code grunn} is a fixed text, {@code uleselige} element
 * names only, never a value. Pure: no I/O, no Spring.
 */
public final class Utsending {

    /** The row's key. */
    public static final String NOEKKEL = "utsending";

    private static final Mottakervelger VELGER = new Mottakervelger();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Utsending() {
    }

    /** Whom to look up besides the related persons: every holder the letter flow names for the person as a child. */
    public static Set<Identitetsnummer> slaasOpp(Person p) {
        return VELGER.relaterteSomMaaSlaasOpp(brev(p, true), p);
    }

    /**
     * @param oppslag   the register's answers for the related persons and {@link #slaasOpp}; a holder missing is not found
     * @param relaterte the row's related persons in their order ({@code Dataminimering.relaterteIdenter})
     * @param ulesbare  holders whose document in the register's answer cannot be read: the letter flow's {@code R4-ULESBAR},
     *                  manual, as the letter itself would be (not "not found": the register knows her)
     */
    public static ObjectNode lag(Person p, Map<Identitetsnummer, Person> oppslag, List<Identitetsnummer> relaterte,
                                 Set<Identitetsnummer> ulesbare) {
        ObjectNode o = JSON.objectNode();
        Brev tilPersonen = brev(p, false);
        for (Mottaker m : VELGER.velg(tilPersonen, p, Map.of()).mottakere()) {
            Forsendelsesbeslutter.foerKanalvalg(tilPersonen, m).ifPresent(u -> o.putObject("person")
                    .put("regel", u.regel().kode()).put("grunn", u.grunn()));
        }
        uleselige(o, p);
        Brev omBarnet = brev(p, true);
        ArrayNode foresatte = o.putArray("foresatte");
        for (Mottaker m : VELGER.velg(omBarnet, p, oppslag, ulesbare).mottakere()) {
            ObjectNode e = foresatte.addObject();
            int i = m.rolle() == Mottakerrolle.MOTTAKER ? -1 : plass(m, relaterte);
            if (i >= 0) {
                e.put("relatert", i);
                uleselige(e, m.person());
            }
            Forsendelsesbeslutter.foerKanalvalg(omBarnet, m).ifPresentOrElse(u -> e.put("regel", u.regel().kode()).put("grunn", u.grunn()),
                    () -> {
                        if (i < 0) {
                            e.put("grunn", "den ansvarlige er ikke blant uttrekkets relaterte personer");
                        }
                    });
        }
        return o;
    }

    /** Names the person's unreadable address elements in {@code o}, when there are any. */
    private static void uleselige(ObjectNode o, Person p) {
        if (p != null && !p.uleseligeAdresser().isEmpty()) {
            ArrayNode a = o.putArray("uleselige");
            p.uleseligeAdresser().forEach(f -> a.add(f.name()));
        }
    }

    /**
     * The address elements an outcome ({@code utsending} itself for the person, or a {@code foresatte} entry) names as
     * unreadable; none when it names none. A name this version does not know counts as every element (fail closed: no
     * label rather than a guess).
     */
    static Set<Adressefelt> uleselige(JsonNode utfall) {
        Set<Adressefelt> ut = EnumSet.noneOf(Adressefelt.class);
        for (JsonNode f : utfall.path("uleselige")) {
            try {
                ut.add(Adressefelt.valueOf(f.asText("")));
            } catch (IllegalArgumentException ukjent) {
                return EnumSet.allOf(Adressefelt.class);
            }
        }
        return ut;
    }

    /** "R6-DOED: mottakeren er registrert død": an outcome's rule code and reason as the manual page prints it. */
    static String tekst(JsonNode utfall) {
        String regel = Persondokument.tekst(utfall, "regel");
        return (regel.isEmpty() ? "" : regel + ": ") + Persondokument.tekst(utfall, "grunn");
    }

    /** The holder's place among the row's related persons, under any of their numbers; -1 when not there. */
    private static int plass(Mottaker m, List<Identitetsnummer> relaterte) {
        int i = m.id() == null ? -1 : relaterte.indexOf(m.id());
        if (i < 0 && m.person() != null) {
            for (Identitetsnummer tidligere : m.person().tidligereIdentiteter()) {
                i = Math.max(i, relaterte.indexOf(tidligere));
            }
        }
        return i;
    }

    /** A formal letter to the person, or about the person as a child: never sent, only decided. */
    private static Brev brev(Person p, boolean omBarnet) {
        return Brev.tilPerson("uttrekk", "etikett", "Etikett", p.id(), Brevtype.FORMELL, omBarnet);
    }
}
