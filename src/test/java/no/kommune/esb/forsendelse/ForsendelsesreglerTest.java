package no.kommune.esb.forsendelse;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.kommune.esb.model.Adresse;
import no.kommune.esb.model.Adressefelt;
import no.kommune.esb.model.Gradering;
import no.kommune.esb.model.Identitetsnummer;
import no.kommune.esb.model.KrrKontakt;
import no.kommune.esb.model.Person;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static no.kommune.esb.forsendelse.Adressekilde.BOSTEDSADRESSE;
import static no.kommune.esb.forsendelse.Adressekilde.INGEN;
import static no.kommune.esb.forsendelse.Adressekilde.POSTADRESSE;
import static no.kommune.esb.forsendelse.Adressekilde.POSTADRESSE_I_UTLANDET;
import static no.kommune.esb.forsendelse.Kanal.DIGITAL;
import static no.kommune.esb.forsendelse.Kanal.MANUELL;
import static no.kommune.esb.forsendelse.Kanal.PRINT;
import static no.kommune.esb.forsendelse.Kanal.STOPP;
import static no.kommune.esb.forsendelse.Kanal.VARSEL_SMS_EPOST;
import static no.kommune.esb.forsendelse.Mottakerrolle.ANNEN_ANSVARLIG;
import static no.kommune.esb.forsendelse.Mottakerrolle.FAR;
import static no.kommune.esb.forsendelse.Mottakerrolle.FORELDER;
import static no.kommune.esb.forsendelse.Mottakerrolle.MEDMOR;
import static no.kommune.esb.forsendelse.Mottakerrolle.MOR;
import static no.kommune.esb.forsendelse.Mottakerrolle.MOTTAKER;
import static no.kommune.esb.forsendelse.Regel.ORGANISASJON;
import static no.kommune.esb.forsendelse.Regel.R1_KRR_MANGLER;
import static no.kommune.esb.forsendelse.Regel.R2_DIGITAL;
import static no.kommune.esb.forsendelse.Regel.R2_PRINT_KAN_IKKE_VARSLES;
import static no.kommune.esb.forsendelse.Regel.R2_PRINT_RESERVERT;
import static no.kommune.esb.forsendelse.Regel.R3_VARSEL;
import static no.kommune.esb.forsendelse.Regel.R4_ADRESSE_UBRUKELIG;
import static no.kommune.esb.forsendelse.Regel.R4_IKKE_I_FOLKEREGISTERET;
import static no.kommune.esb.forsendelse.Regel.R4_UKJENT_ADRESSE;
import static no.kommune.esb.forsendelse.Regel.R5_STRENGT_FORTROLIG_DIGITAL;
import static no.kommune.esb.forsendelse.Regel.R7_DELT_BOSTED;
import static no.kommune.esb.forsendelse.Regel.R5_STRENGT_FORTROLIG_MANUELL;
import static no.kommune.esb.forsendelse.Regel.R6_DOED;
import static no.kommune.esb.forsendelse.Regel.R7_INGEN_ANSVARLIG;
import static no.kommune.esb.forsendelse.TestData.FERSK;
import static no.kommune.esb.forsendelse.TestData.T0;
import static no.kommune.esb.forsendelse.TestData.UTGAATT;
import static no.kommune.esb.forsendelse.TestData.barn;
import static no.kommune.esb.forsendelse.TestData.krrDigital;
import static no.kommune.esb.forsendelse.TestData.krrReservert;
import static no.kommune.esb.forsendelse.TestData.krrStatus;
import static no.kommune.esb.forsendelse.TestData.krrUtenStatus;
import static no.kommune.esb.forsendelse.TestData.krrUtgaatt;
import static no.kommune.esb.forsendelse.TestData.krrVarselUtenPostkasse;
import static no.kommune.esb.forsendelse.TestData.matrikkel;
import static no.kommune.esb.forsendelse.TestData.postboks;
import static no.kommune.esb.forsendelse.TestData.spedbarn;
import static no.kommune.esb.forsendelse.TestData.utland;
import static no.kommune.esb.forsendelse.TestData.veg;
import static no.kommune.esb.forsendelse.TestData.voksen;
import static no.kommune.esb.forsendelse.Varslingskanal.EPOST;
import static no.kommune.esb.forsendelse.Varslingskanal.SMS;
import static no.kommune.esb.model.Foreldreansvar.Ansvar;
import static no.kommune.esb.model.Familierelasjon.Rolle;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decision table of DOMAIN.md's "Rules for letters", one named row per situation: the letter, the register and
 * KRR answers, and the expected decision per recipient. Every row also checks the safety properties that hold for
 * every decision: no strictly confidential address and no KRR contact data in toString or JSON, no full identity
 * number in toString, each recipient's address is the recipient's own, one reference per recipient (rule 8).
 * Strictly confidential addresses in these rows all contain "Skjult", so one search finds any leak.
 */
class ForsendelsesreglerTest {

    private static final String REF = "SAK-2026-0042";
    private static final ObjectMapper JSON = TestData.json();

    private final Mottakervelger velger = new Mottakervelger();
    private final Forsendelsesbeslutter beslutter = new Forsendelsesbeslutter();
    private final AdresseFormatterer formatterer = new AdresseFormatterer();

    /** Expected decision for one recipient; {@code linje1} is SvarUt adresselinje1, null when no address is given. */
    record F(Mottakerrolle rolle, Kanal kanal, Regel regel, Adressekilde kilde, String linje1, boolean ikkeVidereformidle,
             Set<Varslingskanal> kanaler) {
        @Override
        public String toString() {
            return rolle + " " + kanal + " " + regel.kode();
        }
    }

    static F f(Mottakerrolle rolle, Kanal kanal, Regel regel, Adressekilde kilde, String linje1) {
        return new F(rolle, kanal, regel, kilde, linje1, false, Set.of());
    }

    static F fBeskyttet(Mottakerrolle rolle, Kanal kanal, Regel regel, Adressekilde kilde, String linje1) {
        return new F(rolle, kanal, regel, kilde, linje1, true, Set.of());
    }

    static F fVarsel(boolean ikkeVidereformidle, Varslingskanal... kanaler) {
        return new F(MOTTAKER, VARSEL_SMS_EPOST, R3_VARSEL, INGEN, null, ikkeVidereformidle, Set.of(kanaler));
    }

    /** One row: the letter, what the registers answered, what must come out. */
    record Rad(String navn, Brev brev, Person hovedperson, List<Person> relaterte, List<KrrKontakt> krr, List<F> forventet) {
        @Override
        public String toString() {
            return navn;
        }
    }

    static Brev formelt(Person p) {
        return Brev.tilPerson("skolesystem", REF, "Vedtak om skoleskyss", p.id(), Brevtype.FORMELL, false);
    }

    static Brev tjenestemelding(Person p) {
        return Brev.tilPerson("vannverk", REF, "Vannet stenges tirsdag", p.id(), Brevtype.TJENESTEMELDING, false);
    }

    static Brev omBarn(Person barn) {
        return Brev.tilPerson("skolesystem", REF, "Vedtak om skoleplass", barn.id(), Brevtype.FORMELL, true);
    }

    static Rad en(String navn, Brev brev, Person p, KrrKontakt krr, F forventet) {
        return new Rad(navn, brev, p, List.of(), krr == null ? List.of() : List.of(krr), List.of(forventet));
    }

    static Rad familie(String navn, Person barn, List<Person> foreldre, List<KrrKontakt> krr, F... forventet) {
        return new Rad(navn, omBarn(barn), barn, foreldre, krr, List.of(forventet));
    }

    static Stream<Rad> tabell() {
        Person ola = voksen(1).bosted(veg("Solveien", 1)).bygg();
        Person reservert = voksen(2).bosted(veg("Solveien", 2)).bygg();
        Person medPost = voksen(3).bosted(veg("Bakkegata", 3)).post(postboks("95")).bygg();
        Person iUtlandet = voksen(4).utland(utland("Einimel 80", "IS-107", "Reykjavik", "ISL")).bygg();
        Person paaLandet = voksen(5).bosted(matrikkel(11, 4)).bygg();
        Person ukjent = voksen(6).ukjentBosted().bygg();
        Person ukjentLand = voksen(7).utland(utland("Uoppgitt 1", null, "Ukjent by", "YY")).bygg();
        Person strengt = voksen(8).gradering(Gradering.STRENGT_FORTROLIG)
                .bosted(veg("Skjultgata", 8, Gradering.STRENGT_FORTROLIG)).bygg();
        Person fortrolig = voksen(9).gradering(Gradering.FORTROLIG).bosted(veg("Lunden", 9, Gradering.FORTROLIG)).bygg();
        Person doed = voksen(10).bosted(veg("Solveien", 10)).doed().bygg();
        Person ikkeFunnet = voksen(11).bygg();
        // an address element the register gave with a value that cannot be read (a husnummer "1O"): the slot holds what
        // the mapper could read, the street without its number, and must never be printed
        Person uleseligBosted = voksen(19).bosted(somLestUtenHusnummer("Solveien")).uleselig(Adressefelt.BOSTEDSADRESSE).bygg();
        Person uleseligPost = voksen(20).bosted(veg("Bakkegata", 20)).post(postboks("95")).uleselig(Adressefelt.POSTADRESSE).bygg();
        Person uleseligBostedMedPost = voksen(21).bosted(somLestUtenHusnummer("Bakkegata")).post(postboks("96"))
                .uleselig(Adressefelt.BOSTEDSADRESSE).bygg();
        Person uleseligUtland = voksen(22).utland(utland("Einimel 80", "IS-107", "Reykjavik", "ISL"))
                .uleselig(Adressefelt.POSTADRESSE_I_UTLANDET).bygg();

        // families: each parent at an address only they have, so a leak between parents is visible
        TestData.P mor = voksen(12).navn("Mor").bosted(veg("Morveien", 1));
        TestData.P far = voksen(13).navn("Far").bosted(veg("Farveien", 2));
        TestData.P medmor = voksen(14).navn("Medmor").bosted(veg("Medmorveien", 3));
        TestData.P verge = voksen(15).navn("Verge").bosted(veg("Vergeveien", 4));
        TestData.P farSkjult = voksen(16).navn("Far").gradering(Gradering.STRENGT_FORTROLIG)
                .bosted(veg("Skjultveien", 16, Gradering.STRENGT_FORTROLIG));
        TestData.P morHosSkjultBarn = voksen(17).navn("Mor").bosted(veg("Skjultgata", 7));
        TestData.P farHosFortroligBarn = voksen(18).navn("Far").bosted(veg("Fortroligveien", 5));
        TestData.P morUleselig = voksen(23).navn("Mor").bosted(somLestUtenHusnummer("Morveien")).uleselig(Adressefelt.BOSTEDSADRESSE);
        Person morP = mor.bygg();
        Person farP = far.bygg();

        return Stream.of(
                // rule 1: KRR looked up at every dispatch; without its answer no channel is chosen
                en("R1 KRR har ikke svart for mottakeren → manuell", formelt(ola), ola, null,
                        f(MOTTAKER, MANUELL, R1_KRR_MANGLER, INGEN, null)),
                // rule 2: formal letters
                en("R2 ikke reservert, AKTIV, kan varsles, postkasse → digitalt med papir som reserve", formelt(ola), ola, krrDigital(ola.id()),
                        f(MOTTAKER, DIGITAL, R2_DIGITAL, BOSTEDSADRESSE, "Solveien 1")),
                en("R2 kan varsles uten postkasse (SvarUt varsler selv) → digitalt", formelt(ola), ola, krrVarselUtenPostkasse(ola.id()),
                        f(MOTTAKER, DIGITAL, R2_DIGITAL, BOSTEDSADRESSE, "Solveien 1")),
                en("R2 reservert → papir", formelt(reservert), reservert, krrReservert(reservert.id(), FERSK, FERSK),
                        f(MOTTAKER, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Solveien 2")),
                en("R2 slettet i KRR → papir", formelt(ola), ola, krrStatus(ola.id(), KrrKontakt.Status.SLETTET),
                        f(MOTTAKER, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Solveien 1")),
                en("R2 ikke registrert i KRR → papir", formelt(ola), ola, krrStatus(ola.id(), KrrKontakt.Status.IKKE_REGISTRERT),
                        f(MOTTAKER, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Solveien 1")),
                en("R2 KRR uten status, ellers alt for digitalt → papir (bare AKTIV får digitalt)", formelt(ola), ola, krrUtenStatus(ola.id()),
                        f(MOTTAKER, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Solveien 1")),
                en("R2 KAN_IKKE_VARSLES (over 18 mnd) selv med postkasse → papir", formelt(ola), ola, krrUtgaatt(ola.id()),
                        f(MOTTAKER, PRINT, R2_PRINT_KAN_IKKE_VARSLES, BOSTEDSADRESSE, "Solveien 1")),
                // rule 3: service messages
                en("R3 tjenestemelding, kan varsles → SMS og e-post", tjenestemelding(ola), ola, krrDigital(ola.id()),
                        fVarsel(false, SMS, EPOST)),
                en("R3 tjenestemelding til reservert, fersk mobil, utgått e-post → bare SMS", tjenestemelding(reservert), reservert,
                        krrReservert(reservert.id(), FERSK, UTGAATT), fVarsel(false, SMS)),
                en("R3 tjenestemelding til reservert med bare utgått kontaktinfo → papir som formelt", tjenestemelding(reservert), reservert,
                        krrReservert(reservert.id(), UTGAATT, UTGAATT), f(MOTTAKER, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Solveien 2")),
                en("R3 tjenestemelding, ikke reservert men KAN_IKKE_VARSLES → papir som formelt", tjenestemelding(ola), ola, krrUtgaatt(ola.id()),
                        f(MOTTAKER, PRINT, R2_PRINT_KAN_IKKE_VARSLES, BOSTEDSADRESSE, "Solveien 1")),
                en("R3 tjenestemelding, KRR uten status → papir som formelt", tjenestemelding(ola), ola, krrUtenStatus(ola.id()),
                        f(MOTTAKER, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Solveien 1")),
                // rule 4: which postal address
                en("R4 postadresse foran bostedsadresse", formelt(medPost), medPost, krrReservert(medPost.id(), null, null),
                        f(MOTTAKER, PRINT, R2_PRINT_RESERVERT, POSTADRESSE, "Postboks 95")),
                en("R4 i utlandet → postadresseIUtlandet", formelt(iUtlandet), iUtlandet, krrReservert(iUtlandet.id(), null, null),
                        f(MOTTAKER, PRINT, R2_PRINT_RESERVERT, POSTADRESSE_I_UTLANDET, "Einimel 80")),
                en("R4 matrikkeladresse som bosted → gnr/bnr", formelt(paaLandet), paaLandet, krrReservert(paaLandet.id(), null, null),
                        f(MOTTAKER, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "11/4")),
                en("R4 ukjent bosted, ingen postadresse, reservert → manuell, aldri gjetning", formelt(ukjent), ukjent,
                        krrReservert(ukjent.id(), null, null), f(MOTTAKER, MANUELL, R4_UKJENT_ADRESSE, INGEN, null)),
                en("R4 ukjent bosted, digital tillatt → kun digitalt", formelt(ukjent), ukjent, krrDigital(ukjent.id()),
                        f(MOTTAKER, DIGITAL, R2_DIGITAL, INGEN, null)),
                en("R4 utenlandsk adresse med ukjent landkode → manuell", formelt(ukjentLand), ukjentLand,
                        krrReservert(ukjentLand.id(), null, null), f(MOTTAKER, MANUELL, R4_ADRESSE_UBRUKELIG, INGEN, null)),
                // rule 4 with an address that cannot be read: as an unknown residence, never the next element nor the street without its number
                en("R4 bostedsadresse med uleselig husnummer, reservert → manuell, aldri gaten uten nummer", formelt(uleseligBosted),
                        uleseligBosted, krrReservert(uleseligBosted.id(), null, null), f(MOTTAKER, MANUELL, R4_UKJENT_ADRESSE, INGEN, null)),
                en("R4 bostedsadresse med uleselig husnummer, digital tillatt → kun digitalt, uten adresse", formelt(uleseligBosted),
                        uleseligBosted, krrDigital(uleseligBosted.id()), f(MOTTAKER, DIGITAL, R2_DIGITAL, INGEN, null)),
                en("R4 tjenestemelding uten kontaktkanal, uleselig bostedsadresse → manuell som formelt", tjenestemelding(uleseligBosted),
                        uleseligBosted, krrUtgaatt(uleseligBosted.id()), f(MOTTAKER, MANUELL, R4_UKJENT_ADRESSE, INGEN, null)),
                en("R4 uleselig postadresse → manuell, ikke bostedsadressen i stedet", formelt(uleseligPost), uleseligPost,
                        krrReservert(uleseligPost.id(), null, null), f(MOTTAKER, MANUELL, R4_UKJENT_ADRESSE, INGEN, null)),
                en("R4 uleselig bostedsadresse, lesbar postadresse → postadressen", formelt(uleseligBostedMedPost), uleseligBostedMedPost,
                        krrReservert(uleseligBostedMedPost.id(), null, null), f(MOTTAKER, PRINT, R2_PRINT_RESERVERT, POSTADRESSE, "Postboks 96")),
                en("R4 uleselig postadresse i utlandet → manuell", formelt(uleseligUtland), uleseligUtland,
                        krrReservert(uleseligUtland.id(), null, null), f(MOTTAKER, MANUELL, R4_UKJENT_ADRESSE, INGEN, null)),
                new Rad("R4 mottakeren finnes ikke i Folkeregisteret → manuell", formelt(ikkeFunnet), null, List.of(), List.of(),
                        List.of(f(MOTTAKER, MANUELL, R4_IKKE_I_FOLKEREGISTERET, INGEN, null))),
                // rule 5: address protection
                en("R5 strengt fortrolig, digital tillatt → digitalt uten adresse", formelt(strengt), strengt, krrDigital(strengt.id()),
                        fBeskyttet(MOTTAKER, DIGITAL, R5_STRENGT_FORTROLIG_DIGITAL, INGEN, null)),
                en("R5 strengt fortrolig, reservert → manuelt via registermyndigheten", formelt(strengt), strengt,
                        krrReservert(strengt.id(), FERSK, FERSK), fBeskyttet(MOTTAKER, MANUELL, R5_STRENGT_FORTROLIG_MANUELL, INGEN, null)),
                en("R5 strengt fortrolig tjenestemelding → SMS/e-post, ingen adresse", tjenestemelding(strengt), strengt,
                        krrDigital(strengt.id()), fVarsel(true, SMS, EPOST)),
                en("R5 fortrolig → papir, flagget ikke videreformidle", formelt(fortrolig), fortrolig,
                        krrReservert(fortrolig.id(), null, null), fBeskyttet(MOTTAKER, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Lunden 9")),
                // rule 6: deceased
                en("R6 død → stopp og meld tilbake", formelt(doed), doed, krrDigital(doed.id()), f(MOTTAKER, STOPP, R6_DOED, INGEN, null)),
                familie("R6 barnet brevet gjelder er dødt → stopp", barn(1).ansvar(Ansvar.FELLES, mor).ansvar(Ansvar.FELLES, far).doed().bygg(),
                        List.of(morP, farP), List.of(), f(MOTTAKER, STOPP, R6_DOED, INGEN, null)),
                // rule 7: letters about a child
                familie("R7 felles → begge foreldre, hver på egen adresse",
                        barn(2).bosted(veg("Morveien", 1)).forelder(mor, Rolle.MOR).forelder(far, Rolle.FAR)
                                .ansvar(Ansvar.FELLES, mor).ansvar(Ansvar.FELLES, far).bygg(),
                        List.of(morP, farP), List.of(krrReservert(morP.id(), null, null), krrDigital(farP.id())),
                        f(MOR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Morveien 1"),
                        f(FAR, DIGITAL, R2_DIGITAL, BOSTEDSADRESSE, "Farveien 2")),
                familie("R7 mor alene → bare mor, aldri far uten ansvar",
                        barn(3).forelder(mor, Rolle.MOR).forelder(far, Rolle.FAR).ansvar(Ansvar.MOR, mor).bygg(),
                        List.of(morP, farP), List.of(krrDigital(morP.id()), krrDigital(farP.id())),
                        f(MOR, DIGITAL, R2_DIGITAL, BOSTEDSADRESSE, "Morveien 1")),
                familie("R7 far alene → bare far",
                        barn(4).forelder(mor, Rolle.MOR).forelder(far, Rolle.FAR).ansvar(Ansvar.FAR, far).bygg(),
                        List.of(morP, farP), List.of(krrReservert(farP.id(), null, null)),
                        f(FAR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Farveien 2")),
                familie("R7 medmor alene, holder tatt fra familierelasjonen → bare medmor",
                        barn(5).forelder(mor, Rolle.MOR).forelder(medmor, Rolle.MEDMOR).ansvar(Ansvar.MEDMOR, null).bygg(),
                        List.of(morP, medmor.bygg()), List.of(krrReservert(medmor.id(), null, null)),
                        f(MEDMOR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Medmorveien 3")),
                familie("R7 andre → den navngitte ansvarlige",
                        barn(6).forelder(mor, Rolle.MOR).ansvar(Ansvar.ANDRE, verge).bygg(),
                        List.of(morP, verge.bygg()), List.of(krrReservert(verge.id(), null, null)),
                        f(ANNEN_ANSVARLIG, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Vergeveien 4")),
                familie("R7 ingen registrert foreldreansvar → manuell",
                        barn(7).forelder(mor, Rolle.MOR).forelder(far, Rolle.FAR).bygg(),
                        List.of(morP, farP), List.of(krrDigital(morP.id())),
                        f(FORELDER, MANUELL, R7_INGEN_ANSVARLIG, INGEN, null)),
                familie("R7 foreldreansvar ukjent → manuell",
                        barn(8).forelder(mor, Rolle.MOR).ansvar(Ansvar.UKJENT, null).bygg(),
                        List.of(morP), List.of(krrDigital(morP.id())),
                        f(FORELDER, MANUELL, R7_INGEN_ANSVARLIG, INGEN, null)),
                familie("R7 delt bosted og felles → begge på egne adresser, aldri barnets delte bosted",
                        barn(9).bosted(veg("Morveien", 1)).deltBosted(veg("Farveien", 2)).forelder(mor, Rolle.MOR).forelder(far, Rolle.FAR)
                                .ansvar(Ansvar.FELLES, mor).ansvar(Ansvar.FELLES, far).bygg(),
                        List.of(morP, farP), List.of(krrReservert(morP.id(), null, null), krrReservert(farP.id(), null, null)),
                        f(MOR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Morveien 1"),
                        f(FAR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Farveien 2")),
                // delt bosted makes "both parents" binding, but never sends to a parent without responsibility on its own
                familie("R7 delt bosted, bare mor har foreldreansvar → mor, og manuell om far",
                        barn(19).bosted(veg("Morveien", 1)).deltBosted(veg("Farveien", 2)).forelder(mor, Rolle.MOR).forelder(far, Rolle.FAR)
                                .ansvar(Ansvar.MOR, mor).bygg(),
                        List.of(morP, farP), List.of(krrReservert(morP.id(), null, null), krrReservert(farP.id(), null, null)),
                        f(MOR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Morveien 1"),
                        f(FORELDER, MANUELL, R7_DELT_BOSTED, INGEN, null)),
                familie("R7 delt bosted, andre har foreldreansvar → den navngitte, og manuell om foreldrene",
                        barn(20).bosted(veg("Morveien", 1)).deltBosted(veg("Farveien", 2)).forelder(mor, Rolle.MOR).forelder(far, Rolle.FAR)
                                .ansvar(Ansvar.ANDRE, verge).bygg(),
                        List.of(morP, farP, verge.bygg()), List.of(krrReservert(verge.id(), null, null)),
                        f(ANNEN_ANSVARLIG, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Vergeveien 4"),
                        f(FORELDER, MANUELL, R7_DELT_BOSTED, INGEN, null)),
                familie("R7 delt bosted, felles men bare én identifiserbar → én manuell, ikke to",
                        barn(21).bosted(veg("Morveien", 1)).deltBosted(veg("Farveien", 2)).forelder(mor, Rolle.MOR).ansvar(Ansvar.FELLES, mor).bygg(),
                        List.of(morP), List.of(krrReservert(morP.id(), null, null)),
                        f(MOR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Morveien 1"),
                        f(FORELDER, MANUELL, R7_INGEN_ANSVARLIG, INGEN, null)),
                familie("R7 delt bosted uten registrert foreldreansvar → én manuell",
                        barn(22).deltBosted(veg("Farveien", 2)).forelder(mor, Rolle.MOR).forelder(far, Rolle.FAR).bygg(),
                        List.of(morP, farP), List.of(krrDigital(morP.id())),
                        f(FORELDER, MANUELL, R7_INGEN_ANSVARLIG, INGEN, null)),
                familie("R7 felles, far strengt fortrolig → mor på papir, far manuelt uten adresse",
                        barn(10).bosted(veg("Morveien", 1)).forelder(mor, Rolle.MOR).forelder(farSkjult, Rolle.FAR)
                                .ansvar(Ansvar.FELLES, mor).ansvar(Ansvar.FELLES, farSkjult).bygg(),
                        List.of(morP, farSkjult.bygg()), List.of(krrReservert(morP.id(), null, null), krrReservert(farSkjult.id(), null, null)),
                        f(MOR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Morveien 1"),
                        fBeskyttet(FAR, MANUELL, R5_STRENGT_FORTROLIG_MANUELL, INGEN, null)),
                familie("R7 strengt fortrolig barn bor hos mor (mor ugradert) → mor arver graderingen, far uberørt",
                        barn(11).gradering(Gradering.STRENGT_FORTROLIG).bosted(veg("Skjultgata", 7, Gradering.STRENGT_FORTROLIG))
                                .forelder(morHosSkjultBarn, Rolle.MOR).forelder(far, Rolle.FAR)
                                .ansvar(Ansvar.FELLES, morHosSkjultBarn).ansvar(Ansvar.FELLES, far).bygg(),
                        List.of(morHosSkjultBarn.bygg(), farP),
                        List.of(krrReservert(morHosSkjultBarn.id(), null, null), krrReservert(farP.id(), null, null)),
                        fBeskyttet(MOR, MANUELL, R5_STRENGT_FORTROLIG_MANUELL, INGEN, null),
                        f(FAR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Farveien 2")),
                familie("R7 strengt fortrolig barn bor hos mor, mor digital → mor kun digitalt",
                        barn(12).gradering(Gradering.STRENGT_FORTROLIG).bosted(veg("Skjultgata", 7, Gradering.STRENGT_FORTROLIG))
                                .forelder(morHosSkjultBarn, Rolle.MOR).ansvar(Ansvar.MOR, morHosSkjultBarn).bygg(),
                        List.of(morHosSkjultBarn.bygg()), List.of(krrDigital(morHosSkjultBarn.id())),
                        fBeskyttet(MOR, DIGITAL, R5_STRENGT_FORTROLIG_DIGITAL, INGEN, null)),
                familie("R7 fortrolig barn bor hos far → far får brevet, flagget ikke videreformidle",
                        barn(13).gradering(Gradering.FORTROLIG).bosted(veg("Fortroligveien", 5, Gradering.FORTROLIG))
                                .forelder(mor, Rolle.MOR).forelder(farHosFortroligBarn, Rolle.FAR)
                                .ansvar(Ansvar.FELLES, mor).ansvar(Ansvar.FELLES, farHosFortroligBarn).bygg(),
                        List.of(morP, farHosFortroligBarn.bygg()),
                        List.of(krrReservert(morP.id(), null, null), krrReservert(farHosFortroligBarn.id(), null, null)),
                        f(MOR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Morveien 1"),
                        fBeskyttet(FAR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Fortroligveien 5")),
                familie("R7 felles, mors bostedsadresse uleselig → manuell for mor, far får brevet som før",
                        barn(25).forelder(morUleselig, Rolle.MOR).forelder(far, Rolle.FAR)
                                .ansvar(Ansvar.FELLES, morUleselig).ansvar(Ansvar.FELLES, far).bygg(),
                        List.of(morUleselig.bygg(), farP),
                        List.of(krrReservert(morUleselig.id(), null, null), krrReservert(farP.id(), null, null)),
                        f(MOR, MANUELL, R4_UKJENT_ADRESSE, INGEN, null),
                        f(FAR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Farveien 2")),
                familie("R7 felles uten navngitt ansvarlig → foreldrene fra familierelasjonen",
                        barn(14).forelder(mor, Rolle.MOR).forelder(far, Rolle.FAR).ansvar(Ansvar.FELLES, null).bygg(),
                        List.of(morP, farP), List.of(krrReservert(morP.id(), null, null), krrReservert(farP.id(), null, null)),
                        f(MOR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Morveien 1"),
                        f(FAR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Farveien 2")),
                familie("R7 felles, bare én ansvarlig identifiserbar → den ene, og manuell for den andre",
                        barn(15).forelder(mor, Rolle.MOR).ansvar(Ansvar.FELLES, mor).bygg(),
                        List.of(morP), List.of(krrReservert(morP.id(), null, null)),
                        f(MOR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Morveien 1"),
                        f(FORELDER, MANUELL, R7_INGEN_ANSVARLIG, INGEN, null)),
                familie("R7 ansvarlig finnes ikke i Folkeregisteret → manuell for den",
                        barn(16).forelder(mor, Rolle.MOR).forelder(far, Rolle.FAR).ansvar(Ansvar.FELLES, mor).ansvar(Ansvar.FELLES, far).bygg(),
                        List.of(morP), List.of(krrReservert(morP.id(), null, null)),
                        f(MOR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Morveien 1"),
                        f(FAR, MANUELL, R4_IKKE_I_FOLKEREGISTERET, INGEN, null)),
                familie("R7 andre uten identitetsnummer → manuell",
                        barn(17).forelder(mor, Rolle.MOR).ansvar(Ansvar.ANDRE, null).bygg(),
                        List.of(morP), List.of(),
                        f(ANNEN_ANSVARLIG, MANUELL, R7_INGEN_ANSVARLIG, INGEN, null)),
                // a teenage parent: her document also holds the entries in which she holds foreldreansvar for her baby
                familie("R7 tenåringsforelder med ansvar for egen baby → bare hennes egne foreldre, aldri henne selv",
                        barn(23).bosted(veg("Morveien", 1)).forelder(mor, Rolle.MOR).forelder(far, Rolle.FAR)
                                .ansvar(Ansvar.FELLES, mor).ansvar(Ansvar.FELLES, far).ansvarForEgetBarn(Ansvar.FELLES, spedbarn(1)).bygg(),
                        List.of(morP, farP), List.of(krrReservert(morP.id(), null, null), krrReservert(farP.id(), null, null)),
                        f(MOR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Morveien 1"),
                        f(FAR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Farveien 2")),
                familie("R7 tenåringsforelder uten registrert ansvar for seg selv → manuell, ikke brev til henne",
                        barn(24).bosted(veg("Morveien", 1)).forelder(mor, Rolle.MOR).ansvarForEgetBarn(Ansvar.MOR, spedbarn(2)).bygg(),
                        List.of(morP), List.of(krrReservert(morP.id(), null, null)),
                        f(FORELDER, MANUELL, R7_INGEN_ANSVARLIG, INGEN, null)),
                // rule 8: one letter per holder, even when the register lists a holder twice
                familie("R8 samme forelder i to oppføringer → ett brev hver",
                        barn(18).forelder(mor, Rolle.MOR).forelder(far, Rolle.FAR)
                                .ansvar(Ansvar.FELLES, mor).ansvar(Ansvar.FELLES, far).ansvar(Ansvar.FELLES, mor).bygg(),
                        List.of(morP, farP), List.of(krrReservert(morP.id(), null, null), krrReservert(farP.id(), null, null)),
                        f(MOR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Morveien 1"),
                        f(FAR, PRINT, R2_PRINT_RESERVERT, BOSTEDSADRESSE, "Farveien 2")),
                // organisations: no register lookups, digital by organisation number
                new Rad("Virksomhet → digitalt til organisasjonsnummeret",
                        Brev.tilVirksomhet("eiendomsskatt", REF, "Vedtak om eiendomsskatt", Organisasjonsnummer.of("974760673"),
                                "Testkommune", Brevtype.FORMELL), null, List.of(), List.of(),
                        List.of(f(MOTTAKER, DIGITAL, ORGANISASJON, INGEN, null))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tabell")
    void should_decide_each_recipient_as_the_table_says(Rad rad) throws Exception {
        Map<Identitetsnummer, Person> relaterte = new LinkedHashMap<>();
        rad.relaterte().forEach(p -> relaterte.put(p.id(), p));
        Map<Identitetsnummer, KrrKontakt> krr = new LinkedHashMap<>();
        rad.krr().forEach(k -> krr.put(k.id(), k));

        Mottakerutvalg utvalg = velger.velg(rad.brev(), rad.hovedperson(), relaterte);
        assertThat(utvalg.krrIder()).as("KRR is asked only about living recipients").allSatisfy(id -> assertThat(
                utvalg.mottakere().stream().anyMatch(m -> id.equals(m.id()) && m.person() != null && !m.person().erDoed())).isTrue());
        List<Mottakerbeslutning> beslutninger = beslutter.beslutt(rad.brev(), utvalg, krr, T0);

        assertThat(beslutninger).extracting(b -> new F(b.rolle(), b.kanal(), b.regel(), b.adressekilde(),
                        b.svarUtMottaker() == null ? null : b.svarUtMottaker().adresselinje1(), b.ikkeVidereformidle(), b.varslingskanaler()))
                .containsExactlyElementsOf(rad.forventet());

        Set<Person> alle = new HashSet<>(rad.relaterte());
        if (rad.hovedperson() != null) {
            alle.add(rad.hovedperson());
        }
        for (Mottakerbeslutning b : beslutninger) {
            String tekst = b.toString();
            String json = JSON.writeValueAsString(b);
            assertThat(tekst + json).as("no strictly confidential address anywhere").doesNotContain("Skjult");
            assertThat(tekst + json).as("no KRR contact data (rule 1)").doesNotContain(TestData.EPOST).doesNotContain(TestData.MOBIL)
                    .doesNotContain("test#ABCD");
            assertThat(tekst).as("no full identity number in toString").doesNotContainPattern("\\d{11}");
            if (b.grunnlag().gradering() == Gradering.STRENGT_FORTROLIG) {
                assertThat(b.svarUtMottaker() == null || !b.svarUtMottaker().harPostadresse()).isTrue();
            }
            if (b.svarUtMottaker() != null && b.svarUtMottaker().harPostadresse()) {
                Person selv = alle.stream().filter(p -> p.id().equals(b.mottaker())).findFirst().orElseThrow();
                assertThat(egneAdresser(selv)).as("the address is the recipient's own").contains(adresse(b.svarUtMottaker()));
            }
            if (b.kanal() == DIGITAL && b.mottaker() != null) {
                assertThat(b.svarUtMottaker().digitalId()).isEqualTo(b.mottaker().value());
            }
            if (b.mottaker() != null && b.kanal() != STOPP && b.regel() != R4_IKKE_I_FOLKEREGISTERET && b.regel() != R1_KRR_MANGLER) {
                assertThat(b.grunnlag().oppslagstidspunkt()).as("lookup time is kept as evidence").isEqualTo(T0);
            }
        }
        assertThat(beslutninger).extracting(Mottakerbeslutning::mottakerReferanse).doesNotHaveDuplicates()
                .allSatisfy(ref -> assertThat(ref).startsWith(REF).hasSizeLessThanOrEqualTo(100));
    }

    /** A vegadresse as the mapper reads one whose husnummer cannot be read: the street, no number. */
    private static Adresse.Vegadresse somLestUtenHusnummer(String gate) {
        return new Adresse.Vegadresse(null, gate, null, null, "H0101", "0150", "OSLO", "0301", "12345", Gradering.UGRADERT);
    }

    private List<List<String>> egneAdresser(Person p) {
        List<List<String>> adresser = new ArrayList<>();
        for (Adresse a : Arrays.asList(p.postadresse(), p.postadresseIUtlandet(), p.bostedsadresse())) {
            if (a != null && formatterer.formater("x", null, a) instanceof AdresseFormatterer.Ok ok) {
                adresser.add(adresse(ok.mottaker()));
            }
        }
        return adresser;
    }

    private static List<String> adresse(SvarUtMottaker m) {
        return Stream.of(m.adresselinje1(), m.adresselinje2(), m.adresselinje3(), m.postnummer(), m.poststed(), m.land())
                .map(s -> s == null ? "" : s).collect(Collectors.toList());
    }
}
