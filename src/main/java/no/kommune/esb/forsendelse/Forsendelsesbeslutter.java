package no.kommune.esb.forsendelse;

import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Adressefelt;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.KrrKontakt;
import no.kommune.esb.model.Person;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The decision table of letter dispatch (DOMAIN.md rules 1–8; the table itself is in docs/forsendelse.md): for each
 * recipient chosen by {@link Mottakervelger}, with the KRR answer of this dispatch, the channel, the rule, the
 * SvarUt {@code mottaker} and the evidence to keep. In order: not found → manual; deceased → stop; no KRR answer →
 * manual; service message with a usable contact channel → SMS/e-mail; strictly confidential → digital without
 * address or manual; postal address (postadresse, else postadresseIUtlandet, else bostedsadresse) → digital with
 * print fallback or print; no usable address → digital-only or manual. Just before sending, {@link #kontrollFoerSending}
 * applies rule 5 again to a fresh look-up. Rule 8 (look the letter up by eksternReferanse before sending again) is
 * the SvarUt client's ({@code SvarUtClient.sendExactlyOnce}), not a channel decision.
 * <p>
 * Digital for a formal letter needs {@code reservasjon=NEI}, {@code status=AKTIV}, {@code KAN_VARSLES} and a digital
 * mailbox or a contact channel: a formal letter delivered digitally must be notified, and expired contact data may
 * not be used for that. Pure and stateless; the KRR contact data passed in is read, never copied into a decision.
 */
public final class Forsendelsesbeslutter {

    /** Contact data not updated for this long may not be used to notify (KRR's 18-month rule). */
    static final int KONTAKTINFO_GYLDIG_MAANEDER = 18;

    private final AdresseFormatterer formatterer = new AdresseFormatterer();

    /**
     * One decision per recipient, in {@link Mottakerutvalg#mottakere()} order (one for an organisation).
     *
     * @param krr                  this dispatch's KRR answers by identity number (see {@link Mottakerutvalg#krrIder()})
     * @param krrOppslagstidspunkt when KRR was looked up; stored as evidence and the reference for the 18-month rule
     */
    public List<Mottakerbeslutning> beslutt(Brev brev, Mottakerutvalg utvalg, Map<Identitetsnummer, KrrKontakt> krr,
                                            Instant krrOppslagstidspunkt) {
        Objects.requireNonNull(brev, "brev");
        if (brev.mottaker() instanceof Brevmottaker.Virksomhet v) {
            return List.of(new Mottakerbeslutning(brev.eksternReferanse(), null, null, v.orgnr(), Mottakerrolle.MOTTAKER,
                    Kanal.DIGITAL, Regel.ORGANISASJON, SvarUtMottaker.kunDigital(v.navn().trim(), v.orgnr().value()), true,
                    Set.of(), Adressekilde.INGEN, false, Beslutningsgrunnlag.INGEN, null));
        }
        Objects.requireNonNull(utvalg, "utvalg");
        Objects.requireNonNull(krrOppslagstidspunkt, "krrOppslagstidspunkt");
        Map<Identitetsnummer, KrrKontakt> svar = krr == null ? Map.of() : krr;
        List<String> referanser = referanser(brev, utvalg.mottakere());
        List<Mottakerbeslutning> beslutninger = new ArrayList<>();
        for (int i = 0; i < utvalg.mottakere().size(); i++) {
            Mottaker m = utvalg.mottakere().get(i);
            KrrKontakt k = m.id() == null ? null : svar.get(m.id());
            beslutninger.add(besluttPerson(brev, utvalg, m, k, krrOppslagstidspunkt, referanser.get(i)));
        }
        return List.copyOf(beslutninger);
    }

    /** Why a decision is not sent when its recipient is now registered under another number; a fixed text, no number. */
    public static final String IDENTITET_ENDRET = "mottakerens identitetsnummer er endret siden beslutningen"
            + " (f.eks. D-nummer erstattet av fødselsnummer): avgjøres på nytt med nummeret i bruk";

    /**
     * What {@link #kontrollFoerSending} found for one decision: the decision to carry out ({@code beslutning}; the decision
     * itself when nothing changed), or none, when the register now has the recipient under another identity number than
     * the one decided for. {@code nyBeslutning} then says why: that decision is not sent (its {@code digitalId}, KRR
     * answer and address belong to the number decided for, docs/forsendelse.md choice 10), and a new pass decides the
     * recipient letter again under the number in use, with its own grading check ({@link Mottakerkobling} keeps the
     * recipient letter, so it is still sent at most once).
     */
    public record Kontroll(Mottakerbeslutning beslutning, String nyBeslutning) {
        public Kontroll {
            if ((beslutning == null) == (nyBeslutning == null)) {
                throw new IllegalArgumentException("a checked decision, or why a new one is needed, not both");
            }
        }

        static Kontroll av(Mottakerbeslutning b) {
            return new Kontroll(b, null);
        }

        /** True when this decision must not be sent: a new pass decides the recipient letter again. */
        public boolean avgjoeresPaaNytt() {
            return beslutning == null;
        }
    }

    /**
     * Rule 5's "check the grading again just before sending", with a fresh Folkeregister answer for the letter's
     * family ({@link Mottakerutvalg#kontrollIder()}, one bulk call per batch): the recipient or the child the letter is
     * about deceased since → STOPP; the recipient,
     * or the family member whose address the decision uses, became strictly confidential → DIGITAL without address if
     * it was digital, else MANUELL (the print stops); became fortrolig/klientadresse → flagged not to disclose. A
     * grading that became milder changes nothing here (a new decision is needed to use an address again). Decisions
     * not about to be sent are returned unchanged, and so is one whose grading did not change (the same object).
     * <p>
     * The fresh answer is the one for the number decided for, so it is this recipient as the register now knows them:
     * asked for a D-nummer it has replaced, the register answers with the person under the new fødselsnummer, with or
     * without the D-nummer among the earlier numbers (person-basis usually leaves them out). A person under another
     * number than the decision's is never sent on this decision, whatever their grading: {@link Kontroll#avgjoeresPaaNytt()}
     * with {@link #IDENTITET_ENDRET}, for this recipient letter alone (never an exception, which would fail the batch).
     *
     * @param ferske the fresh answers by the identity number asked for; a recipient missing from them is no longer in
     *               the register
     */
    public Kontroll kontrollFoerSending(Mottakerbeslutning b, Mottakerutvalg utvalg, Map<Identitetsnummer, Person> ferske) {
        return kontrollFoerSending(b, utvalg, ferske, Set.of());
    }

    /**
     * {@link #kontrollFoerSending(Mottakerbeslutning, Mottakerutvalg, Map)}, where a recipient missing from {@code ferske}
     * whose number is in {@code ulesbare} (the fresh answer held her document, but it cannot be read) is manual with
     * {@link Regel#R4_ULESBAR}, not "no longer in the register".
     */
    public Kontroll kontrollFoerSending(Mottakerbeslutning b, Mottakerutvalg utvalg, Map<Identitetsnummer, Person> ferske,
                                        Set<Identitetsnummer> ulesbare) {
        if (!b.skalSendes() || b.mottaker() == null) {
            return Kontroll.av(b);
        }
        Person fersk = ferske.get(b.mottaker());
        if (fersk == null && ulesbare.contains(b.mottaker())) {
            return Kontroll.av(b.omgjort(Kanal.MANUELL, Regel.R4_ULESBAR, b.grunnlag(),
                    "mottakerens dokument i Folkeregisteret kan ikke leses ved kontroll før sending (en verdi i feil format):"
                            + " personen finnes i registeret, men sendes ikke uten kontroll"));
        }
        if (fersk == null) {
            return Kontroll.av(b.omgjort(Kanal.MANUELL, Regel.R4_IKKE_I_FOLKEREGISTERET, b.grunnlag(),
                    "mottakeren finnes ikke lenger i Folkeregisteret"));
        }
        if (!fersk.id().equals(b.mottaker())) {
            return new Kontroll(null, IDENTITET_ENDRET);
        }
        Mottakerbeslutning etter = gradering(b, utvalg, ferske, fersk);
        if (etter.skalSendes() && utvalg.kontrollIder().stream().anyMatch(id -> ulesbare.contains(id) && !ferske.containsKey(id))) {
            // the child the letter is about or a family member whose address the decision may use: her grading and death
            // cannot be checked again (rules 5 and 6), so the letter is not sent on the decision's answer
            return Kontroll.av(b.omgjort(Kanal.MANUELL, Regel.R4_ULESBAR, b.grunnlag(),
                    "et familiemedlems dokument i Folkeregisteret kan ikke leses ved kontroll før sending (en verdi i feil format):"
                            + " gradering og dødsfall kan ikke kontrolleres, sendes ikke uten kontroll"));
        }
        return Kontroll.av(etter);
    }

    /** {@link #kontrollFoerSending} for a recipient the register still has under the number decided for. */
    private static Mottakerbeslutning gradering(Mottakerbeslutning b, Mottakerutvalg utvalg, Map<Identitetsnummer, Person> ferske, Person fersk) {
        Beslutningsgrunnlag grunnlag = b.grunnlag().medPersonstatus(fersk.status());
        if (fersk.erDoed()) {
            return b.omgjort(Kanal.STOPP, Regel.R6_DOED, grunnlag, "mottakeren er registrert død før sending");
        }
        // a letter about a child whose death came between the decision and the send stops too, as it would have at the decision
        Person gjelder = utvalg.gjelder() == null || utvalg.gjelder().equals(b.mottaker()) ? null : ferske.get(utvalg.gjelder());
        if (gjelder != null && gjelder.erDoed()) {
            return b.omgjort(Kanal.STOPP, Regel.R6_DOED, grunnlag, "barnet brevet gjelder er registrert død før sending");
        }
        // the address in use, from the decision's own look-up, against the family's fresh protected addresses
        Adresse brukt = utvalg.mottakere().stream().filter(m -> b.mottaker().equals(m.id()) && m.person() != null)
                .map(m -> b.adressekilde().av(m.person())).filter(Objects::nonNull).findFirst().orElse(null);
        List<Person> familie = utvalg.kontrollIder().stream().map(ferske::get).filter(Objects::nonNull).toList();
        Gradering foer = b.grunnlag().gradering() == null ? Gradering.UGRADERT : b.grunnlag().gradering();
        Gradering naa = Adressevern.strengest(Adressevern.strengest(foer, fersk.gradering()), Adressevern.av(familie).gradering(brukt));
        if (naa == foer) {
            return b;
        }
        grunnlag = grunnlag.medGradering(naa);
        if (naa == Gradering.STRENGT_FORTROLIG) {
            if (b.kanal() == Kanal.PRINT) {
                return b.omgjort(Kanal.MANUELL, Regel.R5_STRENGT_FORTROLIG_MANUELL, grunnlag,
                        "graderingen ble strengt fortrolig før sending: videresendes via registermyndigheten");
            }
            if (b.kanal() == Kanal.DIGITAL) {
                return new Mottakerbeslutning(b.mottakerReferanse(), b.gjelder(), b.mottaker(), b.organisasjon(), b.rolle(),
                        Kanal.DIGITAL, Regel.R5_STRENGT_FORTROLIG_DIGITAL, b.svarUtMottaker().utenPostadresse(), true, Set.of(),
                        Adressekilde.INGEN, true, grunnlag, "graderingen ble strengt fortrolig før sending: kun digitalt");
            }
        }
        // a service message carries no address, and a fortrolig address may still be used to send
        return new Mottakerbeslutning(b.mottakerReferanse(), b.gjelder(), b.mottaker(), b.organisasjon(), b.rolle(), b.kanal(),
                b.regel(), b.svarUtMottaker(), b.kunDigitalLevering(), b.varslingskanaler(), b.adressekilde(), true, grunnlag,
                b.begrunnelse());
    }

    /**
     * A recipient's outcome decided before any channel (the first rows of the table, needing neither KRR nor an
     * address): {@code kanal} MANUELL or STOPP, the rule, and a fixed reason without personal data.
     */
    public record Utfall(Kanal kanal, Regel regel, String grunn) {
    }

    /**
     * The first rows of the decision table, which need no KRR answer: a recipient the register does not give →
     * manual with its {@link Mottaker#mangel()} (rule 4 or 7); a deceased recipient, or the deceased child a letter is
     * about → stop (rule 6). Empty when the channel is still to be chosen. The extracts' address labels use this too,
     * so a label is never printed for a letter the letter flow would not send.
     */
    public static Optional<Utfall> foerKanalvalg(Brev brev, Mottaker m) {
        Person p = m.person();
        if (p == null) {
            return Optional.of(new Utfall(Kanal.MANUELL, m.mangelRegel(), m.mangel()));
        }
        if (p.erDoed()) {
            String hvem = brev.gjelderBarn() && m.rolle() == Mottakerrolle.MOTTAKER ? "barnet brevet gjelder" : "mottakeren";
            return Optional.of(new Utfall(Kanal.STOPP, Regel.R6_DOED, hvem + " er registrert død"));
        }
        return Optional.empty();
    }

    // ---- one person

    private Mottakerbeslutning besluttPerson(Brev brev, Mottakerutvalg utvalg, Mottaker m, KrrKontakt k, Instant tid, String ref) {
        Beslutt b = new Beslutt(ref, utvalg.gjelder(), m);
        Person p = m.person();
        Beslutningsgrunnlag utenKrr = p == null ? Beslutningsgrunnlag.INGEN
                : new Beslutningsgrunnlag(null, null, null, null, p.gradering(), p.status(), null);
        Optional<Utfall> foer = foerKanalvalg(brev, m);
        if (foer.isPresent()) {
            Utfall u = foer.get();
            return u.kanal() == Kanal.STOPP ? b.stopp(u.regel(), utenKrr, u.grunn()) : b.manuell(u.regel(), utenKrr, u.grunn());
        }
        if (k == null) {
            return b.manuell(Regel.R1_KRR_MANGLER, utenKrr, "KRR har ikke svart for mottakeren i denne forsendelsen");
        }
        Gradering gradering = p.gradering();
        Beslutningsgrunnlag grunnlag = new Beslutningsgrunnlag(k.reservert(), k.status(), k.kanVarsles(), k.harDigitalPostkasse(),
                gradering, p.status(), tid);
        String navn = p.navn() == null ? null : p.navn().fulltNavn();
        String merknad = null;

        if (brev.brevtype() == Brevtype.TJENESTEMELDING) {
            Set<Varslingskanal> kanaler = varslingskanaler(k, tid);
            if (!kanaler.isEmpty()) {
                return new Mottakerbeslutning(ref, utvalg.gjelder(), m.id(), null, m.rolle(), Kanal.VARSEL_SMS_EPOST, Regel.R3_VARSEL,
                        null, false, kanaler, Adressekilde.INGEN, gradering.erBeskyttet(), grunnlag, null);
            }
            merknad = "tjenestemelding uten brukbar kontaktkanal i KRR: behandlet som formelt brev";
        }

        boolean digital = !k.reservert() && k.status() == KrrKontakt.Status.AKTIV && k.kanVarsles()
                && (k.harDigitalPostkasse() || k.harKontaktkanal()) && navn != null && !navn.isBlank();
        Regel papir = k.reservert() || k.status() != KrrKontakt.Status.AKTIV ? Regel.R2_PRINT_RESERVERT : Regel.R2_PRINT_KAN_IKKE_VARSLES;

        if (gradering == Gradering.STRENGT_FORTROLIG) {
            return strengtFortrolig(b, digital, navn, grunnlag, "mottakerens adresse er strengt fortrolig");
        }
        Adressevalg valg = postadressevalg(p.postadresse(), p.postadresseIUtlandet(), p.bostedsadresse(), p.ukjentBosted(),
                p.uleseligeAdresser());
        if (valg.adresse() == null) {
            return digital ? b.kunDigital(Regel.R2_DIGITAL, navn, grunnlag, false, valg.grunn() + ": kun digital levering")
                    : b.manuell(valg.regel(), grunnlag, valg.grunn());
        }
        Adresse adresse = valg.adresse();
        Adressekilde kilde = valg.kilde();
        Gradering familie = utvalg.adressevern().gradering(adresse);
        gradering = Adressevern.strengest(Adressevern.strengest(gradering, adresse.gradering()), familie);
        grunnlag = grunnlag.medGradering(gradering);
        if (gradering == Gradering.STRENGT_FORTROLIG) {
            return strengtFortrolig(b, digital, navn, grunnlag, "adressen er strengt fortrolig for mottakeren eller et familiemedlem");
        }
        boolean ikkeVidereformidle = gradering.erBeskyttet();
        AdresseFormatterer.Resultat r = formatterer.formater(navn, p.id().value(), adresse);
        if (r instanceof AdresseFormatterer.Feil feil) {
            return digital ? b.kunDigital(Regel.R2_DIGITAL, navn, grunnlag, ikkeVidereformidle, feil.grunn() + ": kun digital levering")
                    : b.manuell(Regel.R4_ADRESSE_UBRUKELIG, grunnlag, feil.grunn());
        }
        SvarUtMottaker mottaker = ((AdresseFormatterer.Ok) r).mottaker();
        return new Mottakerbeslutning(ref, utvalg.gjelder(), m.id(), null, m.rolle(), digital ? Kanal.DIGITAL : Kanal.PRINT,
                digital ? Regel.R2_DIGITAL : papir, mottaker, false, Set.of(), kilde, ikkeVidereformidle, grunnlag, merknad);
    }

    /**
     * The postal address a letter goes to (DOMAIN.md rule 4): {@code adresse} and its {@code kilde}, or, when there is
     * none, {@code adresse} null with the rule and a fixed reason without personal data ({@code regel}, {@code grunn}).
     */
    public record Adressevalg(Adresse adresse, Adressekilde kilde, Regel regel, String grunn) {
    }

    /** {@link #postadressevalg(Adresse, Adresse, Adresse, boolean, Set)} for addresses that could all be read. */
    public static Adressevalg postadressevalg(Adresse postadresse, Adresse postadresseIUtlandet, Adresse bostedsadresse,
                                              boolean ukjentBosted) {
        return postadressevalg(postadresse, postadresseIUtlandet, bostedsadresse, ukjentBosted, Set.of());
    }

    /**
     * Rule 4's choice: {@code postadresse} when present, else the postal address abroad, else the residence when it is a
     * vegadresse or matrikkeladresse and the residence is not unknown; otherwise none (R4-UKJENT-ADRESSE), never a
     * guess. An element the register gave but the platform cannot read ({@link Person#uleseligeAdresser()}) counts as
     * present, so its turn gives none (R4-UKJENT-ADRESSE, as an unknown residence) rather than the next element's
     * address or the street without its unreadable house number. Grading and formatting are judged after it. The
     * extracts' address labels use this too (with {@code uleselige} from the row's {@code utsending} section), so a
     * label goes where the letter would go.
     *
     * @param uleselige the elements the register gave with a value that cannot be read
     */
    public static Adressevalg postadressevalg(Adresse postadresse, Adresse postadresseIUtlandet, Adresse bostedsadresse,
                                              boolean ukjentBosted, Set<Adressefelt> uleselige) {
        Set<Adressefelt> u = uleselige == null ? Set.of() : uleselige;
        if (u.contains(Adressefelt.POSTADRESSE)) {
            return uleselig("postadressen");
        }
        if (postadresse != null) {
            return new Adressevalg(postadresse, Adressekilde.POSTADRESSE, null, null);
        }
        if (u.contains(Adressefelt.POSTADRESSE_I_UTLANDET)) {
            return uleselig("postadressen i utlandet");
        }
        if (postadresseIUtlandet != null) {
            return new Adressevalg(postadresseIUtlandet, Adressekilde.POSTADRESSE_I_UTLANDET, null, null);
        }
        if (u.contains(Adressefelt.BOSTEDSADRESSE)) {
            return uleselig("bostedsadressen");
        }
        if (!ukjentBosted && (bostedsadresse instanceof Adresse.Vegadresse || bostedsadresse instanceof Adresse.Matrikkeladresse)) {
            return new Adressevalg(bostedsadresse, Adressekilde.BOSTEDSADRESSE, null, null);
        }
        return new Adressevalg(null, Adressekilde.INGEN, Regel.R4_UKJENT_ADRESSE,
                ukjentBosted ? "ukjent bosted og ingen postadresse" : "ingen postadresse eller bostedsadresse");
    }

    /** No address: the element whose turn it is cannot be read. A fixed text: which element, never its value. */
    private static Adressevalg uleselig(String element) {
        return new Adressevalg(null, Adressekilde.INGEN, Regel.R4_UKJENT_ADRESSE, element + " fra Folkeregisteret kan ikke leses"
                + " (en verdi i feil format, eller uklart hvilken som gjelder): ingen adresse gjettes");
    }

    private static Mottakerbeslutning strengtFortrolig(Beslutt b, boolean digital, String navn, Beslutningsgrunnlag grunnlag, String grunn) {
        Beslutningsgrunnlag g = grunnlag.medGradering(Gradering.STRENGT_FORTROLIG);
        return digital ? b.kunDigital(Regel.R5_STRENGT_FORTROLIG_DIGITAL, navn, g, true, grunn + ": kun digitalt, uten adresse")
                : b.manuell(Regel.R5_STRENGT_FORTROLIG_MANUELL, g, grunn + ": videresendes via registermyndigheten");
    }

    /**
     * The KRR channels a service message may use. With {@code KAN_VARSLES}: every channel present. A reserved person
     * is reported {@code KAN_IKKE_VARSLES} by KRR because of the reservation itself, so for them each channel counts
     * only when its own {@code _oppdatert} is within 18 months of the lookup. Everyone else with
     * {@code KAN_IKKE_VARSLES}: none.
     */
    static Set<Varslingskanal> varslingskanaler(KrrKontakt k, Instant tid) {
        Set<Varslingskanal> kanaler = EnumSet.noneOf(Varslingskanal.class);
        if (k.status() != KrrKontakt.Status.AKTIV) {
            return kanaler;
        }
        Instant grense = tid.atOffset(ZoneOffset.UTC).minusMonths(KONTAKTINFO_GYLDIG_MAANEDER).toInstant();
        boolean mobil = k.mobiltelefonnummer() != null && !k.mobiltelefonnummer().isBlank();
        boolean epost = k.epostadresse() != null && !k.epostadresse().isBlank();
        if (k.kanVarsles()) {
            if (mobil) {
                kanaler.add(Varslingskanal.SMS);
            }
            if (epost) {
                kanaler.add(Varslingskanal.EPOST);
            }
        } else if (k.reservert()) {
            if (mobil && fersk(k.mobiltelefonnummerOppdatert(), grense)) {
                kanaler.add(Varslingskanal.SMS);
            }
            if (epost && fersk(k.epostadresseOppdatert(), grense)) {
                kanaler.add(Varslingskanal.EPOST);
            }
        }
        return kanaler;
    }

    private static boolean fersk(OffsetDateTime oppdatert, Instant grense) {
        return oppdatert != null && oppdatert.toInstant().isAfter(grense);
    }

    /**
     * The letter's reference for one recipient; with several recipients "-ROLE", numbered when a role repeats. It names
     * a new recipient letter; label and number are not tied to the person, so a later pass matches by person ({@link Mottakerkobling}).
     */
    private static List<String> referanser(Brev brev, List<Mottaker> mottakere) {
        Map<String, Integer> antall = new HashMap<>();
        mottakere.forEach(m -> antall.merge(m.rolle().suffiks(), 1, Integer::sum));
        Map<String, Integer> brukt = new HashMap<>();
        List<String> refs = new ArrayList<>();
        for (Mottaker m : mottakere) {
            String suffiks = m.rolle().suffiks();
            if (suffiks.isEmpty()) {
                refs.add(brev.eksternReferanse());
                continue;
            }
            String ref = brev.eksternReferanse() + "-" + suffiks;
            if (antall.get(suffiks) > 1) {
                ref += "-" + brukt.merge(suffiks, 1, Integer::sum);
            }
            refs.add(ref);
        }
        return refs;
    }

    /** Shorthand for the decisions that share reference, subject, recipient and role. */
    private record Beslutt(String ref, Identitetsnummer gjelder, Mottaker m) {

        Mottakerbeslutning manuell(Regel regel, Beslutningsgrunnlag grunnlag, String grunn) {
            return new Mottakerbeslutning(ref, gjelder, m.id(), null, m.rolle(), Kanal.MANUELL, regel, null, false, Set.of(),
                    Adressekilde.INGEN, grunnlag.gradering() != null && grunnlag.gradering().erBeskyttet(), grunnlag, grunn);
        }

        Mottakerbeslutning stopp(Regel regel, Beslutningsgrunnlag grunnlag, String grunn) {
            return new Mottakerbeslutning(ref, gjelder, m.id(), null, m.rolle(), Kanal.STOPP, regel, null, false, Set.of(),
                    Adressekilde.INGEN, grunnlag.gradering() != null && grunnlag.gradering().erBeskyttet(), grunnlag, grunn);
        }

        Mottakerbeslutning kunDigital(Regel regel, String navn, Beslutningsgrunnlag grunnlag, boolean ikkeVidereformidle, String grunn) {
            return new Mottakerbeslutning(ref, gjelder, m.id(), null, m.rolle(), Kanal.DIGITAL, regel,
                    SvarUtMottaker.kunDigital(navn, m.id().value()), true, Set.of(), Adressekilde.INGEN, ikkeVidereformidle, grunnlag, grunn);
        }
    }
}
