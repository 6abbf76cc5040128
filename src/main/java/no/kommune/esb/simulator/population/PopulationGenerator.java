package no.kommune.esb.simulator.population;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Builds the initial population household by household from one {@link SplittableRandom}, so (seed, size)
 * always gives the same persons. It starts with one showcase household per special case, then fills up with
 * ordinary households in realistic proportions.
 */
final class PopulationGenerator {

    /** Fixed reference day: ages and dates are relative to it, never to the wall clock. */
    static final LocalDate REFERENCE = LocalDate.of(2026, 1, 1);
    static final ZoneId OSLO = ZoneId.of("Europe/Oslo");

    private final SyntheticPopulation pop;
    private final SplittableRandom random;
    private final int size;
    private int adultsCreated;

    PopulationGenerator(SyntheticPopulation pop, long seed, int size) {
        this.pop = pop;
        this.random = new SplittableRandom(seed);
        this.size = size;
    }

    void generate() {
        showcase();
        while (pop.persons.size() < size) {
            household();
        }
        // spare addresses, so moves land on addresses that already exist for a Matrikkel simulator
        int spares = Math.max(20, size / 20);
        for (int i = 0; i < spares; i++) {
            pop.addresses.addVacant(pop.homeKommune());
            if (i % 4 == 0) {
                pop.addresses.addVacant(pop.addresses.outsideKommuner().get(i / 4 % pop.addresses.outsideKommuner().size()).nummer());
            }
        }
    }

    private void showcase() {
        String home = pop.homeKommune();
        String outside = pop.addresses.outsideKommuner().get(0).nummer();
        // felles foreldreansvar, parents together
        family(home, true, true, 2, SimPerson.Ansvar.FELLES, 0);
        // parents apart: child lives with mother in the kommune, delt bosted with father outside it
        deltBostedFamily(home, outside);
        // mor alone has responsibility; father lives elsewhere in the kommune
        separated(home, SimPerson.Ansvar.MOR, 0);
        separated(home, SimPerson.Ansvar.FAR, 0);
        // child in the care of a named other person (e.g. grandmother)
        andreAnsvar(home);
        // strengt fortrolig mother and child; the father with felles responsibility lives elsewhere
        separated(home, SimPerson.Ansvar.FELLES, 3);
        single(home, 2);
        single(home, 1);
        deceased(home);
        emigrated(home);
        ukjentBosted(home);
        SimPerson withPostboks = single(home, 0);
        withPostboks.postboks = 1000 + withPostboks.index;
        dnummer(home, false);
        dnummer(home, true);
        single(outside, 0);
        vergemaal(home);
    }

    private void household() {
        String kommune = random.nextInt(100) < 88 ? pop.homeKommune()
                : pop.addresses.outsideKommuner().get(random.nextInt(pop.addresses.outsideKommuner().size())).nummer();
        int r = random.nextInt(1000);
        if (r < 280) {
            family(kommune, true, true, 1 + random.nextInt(3), SimPerson.Ansvar.FELLES, gradering());
        } else if (r < 480) {
            family(kommune, true, true, 0, SimPerson.Ansvar.INGEN, 0);
        } else if (r < 760) {
            SimPerson p = single(kommune, gradering());
            if (random.nextInt(100) < 4) {
                p.postboks = 1000 + p.index;
            }
        } else if (r < 830) {
            separated(kommune, random.nextInt(4) == 0 ? SimPerson.Ansvar.FAR : SimPerson.Ansvar.MOR, 0);
        } else if (r < 860) {
            deltBostedFamily(kommune, pop.homeKommune());
        } else if (r < 920) {
            elderlyCouple(kommune);
        } else if (r < 940) {
            deceased(kommune);
        } else if (r < 955) {
            emigrated(kommune);
        } else if (r < 960) {
            ukjentBosted(kommune);
        } else if (r < 985) {
            dnummer(kommune, false);
        } else if (r < 995) {
            dnummer(kommune, true);
        } else {
            andreAnsvar(kommune);
        }
    }

    private int gradering() {
        int r = random.nextInt(1000);
        return r < 3 ? 3 : r < 8 ? 2 : r < 10 ? 1 : 0;
    }

    // ---- households

    private SimPerson[] family(String kommune, boolean withMother, boolean withFather, int children, SimPerson.Ansvar ansvar, int gradering) {
        SimAddress home = pop.addresses.allocate(kommune);
        int surname = random.nextInt(Names.etternavnCount());
        SimPerson mor = withMother ? adult(true, 25, 50, surname, home, gradering) : null;
        SimPerson far = withFather ? adult(false, 26, 55, surname, home, gradering) : null;
        if (mor != null && far != null) {
            marry(mor, far, random.nextInt(2, 20));
        }
        for (int i = 0; i < children; i++) {
            child(mor, far, surname, home, ansvar, gradering, null);
        }
        return new SimPerson[]{mor, far};
    }

    private void deltBostedFamily(String motherKommune, String fatherKommune) {
        SimAddress morHome = pop.addresses.allocate(motherKommune);
        SimAddress farHome = pop.addresses.allocate(fatherKommune);
        int surname = random.nextInt(Names.etternavnCount());
        SimPerson mor = adult(true, 28, 48, surname, morHome, 0);
        SimPerson far = adult(false, 28, 50, random.nextInt(Names.etternavnCount()), farHome, 0);
        mor.sivilstand = SimPerson.Sivilstand.SKILT;
        far.sivilstand = SimPerson.Sivilstand.SKILT;
        SimPerson child = child(mor, far, surname, morHome, SimPerson.Ansvar.FELLES, 0, null);
        child.deltBosted = farHome.index();
        child.deltBostedStart = (int) REFERENCE.minusDays(random.nextInt(100, 900)).toEpochDay();
    }

    /** One parent and a child at one address, the other parent alone at another address in the same kommune. */
    private void separated(String kommune, SimPerson.Ansvar ansvar, int gradering) {
        boolean withMother = ansvar != SimPerson.Ansvar.FAR;
        SimAddress home = pop.addresses.allocate(kommune);
        SimAddress other = pop.addresses.allocate(kommune);
        int surname = random.nextInt(Names.etternavnCount());
        SimPerson mor = adult(true, 25, 48, surname, withMother ? home : other, withMother ? gradering : 0);
        SimPerson far = adult(false, 25, 52, random.nextInt(Names.etternavnCount()), withMother ? other : home, withMother ? 0 : gradering);
        child(mor, far, surname, home, ansvar, gradering, null);
    }

    private void andreAnsvar(String kommune) {
        SimAddress home = pop.addresses.allocate(kommune);
        int surname = random.nextInt(Names.etternavnCount());
        SimPerson grandmother = adult(true, 58, 75, surname, home, 0);
        SimPerson mor = adult(true, 22, 35, surname, pop.addresses.allocate(kommune), 0);
        child(mor, null, surname, home, SimPerson.Ansvar.ANDRE, 0, grandmother);
    }

    private void elderlyCouple(String kommune) {
        SimAddress home = pop.addresses.allocate(kommune);
        int surname = random.nextInt(Names.etternavnCount());
        SimPerson a = adult(true, 67, 92, surname, home, 0);
        SimPerson b = adult(false, 67, 94, surname, home, 0);
        marry(a, b, random.nextInt(30, 60));
    }

    private SimPerson single(String kommune, int gradering) {
        return adult(random.nextBoolean(), 19, 85, random.nextInt(Names.etternavnCount()), pop.addresses.allocate(kommune), gradering);
    }

    private void deceased(String kommune) {
        SimAddress home = pop.addresses.allocate(kommune);
        int surname = random.nextInt(Names.etternavnCount());
        SimPerson widow = adult(true, 70, 90, surname, home, 0);
        SimPerson dead = adult(false, 72, 95, surname, home, 0);
        marry(widow, dead, random.nextInt(40, 60));
        LocalDate death = REFERENCE.minusDays(random.nextInt(10, 700));
        dead.status = SimPerson.Status.DOED;
        dead.deathDay = (int) death.toEpochDay();
        dead.statusSince = PopulationGenerator.epochSecond(death);
        widow.sivilstand = SimPerson.Sivilstand.ENKE_ELLER_ENKEMANN;
    }

    private void emigrated(String kommune) {
        SimPerson p = single(kommune, 0);
        LocalDate left = REFERENCE.minusDays(random.nextInt(30, 1500));
        p.remember(SimPerson.Entity.BOSTED, p.addressSince, epochSecond(left), new SimPerson.BostedState(p.address, false, null, 0, p.flyttedato));
        p.remember(SimPerson.Entity.STATUS, p.statusSince, epochSecond(left), SimPerson.Status.BOSATT);
        pop.addresses.release(p.address);
        p.address = -1;
        p.status = SimPerson.Status.UTFLYTTET;
        p.statusSince = epochSecond(left);
        p.utland = (short) random.nextInt(Codes.UTLAND.length);
        p.utflyttingsdato = (int) left.toEpochDay();
    }

    private void ukjentBosted(String kommune) {
        SimPerson p = single(kommune, 0);
        p.remember(SimPerson.Entity.BOSTED, p.addressSince, epochSecond(REFERENCE.minusDays(200)), new SimPerson.BostedState(p.address, false, null, 0, p.flyttedato));
        pop.addresses.release(p.address);
        p.address = -1;
        p.ukjentBosted = true;
        p.ukjentBostedKommune = kommune;
        p.addressSince = epochSecond(REFERENCE.minusDays(200));
    }

    /** A D-nummer holder (oppholdsadresse, status midlertidig), or one whose D-nummer was replaced by a fødselsnummer. */
    private void dnummer(String kommune, boolean replaced) {
        boolean kvinne = random.nextBoolean();
        LocalDate birth = birthDate(20, 55);
        String dnr = IdNumbers.generate(birth, kvinne, true, random, pop::isFree);
        SimPerson p = pop.add(dnr, kvinne, birth);
        p.fornavn = (short) random.nextInt(Names.fornavnCount(kvinne));
        p.etternavn = (short) random.nextInt(Names.etternavnCount());
        p.statsborgerskap = (short) (1 + random.nextInt(Codes.STATSBORGERSKAP.length - 1));
        LocalDate arrived = REFERENCE.minusDays(random.nextInt(200, 3000));
        p.innflyttingsdato = (int) arrived.toEpochDay();
        p.identSince = epochSecond(arrived);
        p.nameSince = p.identSince;
        p.address = pop.addresses.allocate(kommune).index();
        p.flyttedato = (int) arrived.toEpochDay();
        p.addressSince = p.identSince;
        p.graderingSince = p.identSince;
        p.statusSince = p.identSince;
        krr(p);
        if (replaced) {
            LocalDate got = arrived.plusDays(random.nextInt(100, 190));
            String fnr = IdNumbers.generate(birth, kvinne, false, random, pop::isFree);
            pop.changeId(p, fnr, epochSecond(got));
            p.status = SimPerson.Status.BOSATT;
            p.statusSince = epochSecond(got);
            p.remember(SimPerson.Entity.STATUS, p.identSince, epochSecond(got), SimPerson.Status.MIDLERTIDIG);
        } else {
            p.status = SimPerson.Status.MIDLERTIDIG;
            p.oppholdsadresse = true;
        }
    }

    private void vergemaal(String kommune) {
        SimPerson ward = adult(random.nextBoolean(), 70, 90, random.nextInt(Names.etternavnCount()), pop.addresses.allocate(kommune), 0);
        SimPerson verge = single(kommune, 0);
        ward.verge = verge.index;
    }

    // ---- persons

    private SimPerson adult(boolean kvinne, int minAge, int maxAge, int surname, SimAddress home, int gradering) {
        LocalDate birth = birthDate(minAge, maxAge);
        SimPerson p = pop.add(IdNumbers.generate(birth, kvinne, false, random, pop::isFree), kvinne, birth);
        p.fornavn = (short) random.nextInt(Names.fornavnCount(kvinne));
        p.etternavn = (short) surname;
        if (random.nextInt(10) == 0) {
            p.mellomnavn = (short) random.nextInt(Names.etternavnCount());
        }
        p.identSince = epochSecond(birth);
        p.nameSince = p.identSince;
        p.statusSince = p.identSince;
        LocalDate moved = REFERENCE.minusDays(random.nextInt(30, 365 * 15));
        if (moved.isBefore(birth.plusYears(18))) {
            moved = birth.plusYears(18);
        }
        place(p, home, moved, gradering);
        if (random.nextInt(100) < 15) {
            // an earlier address, for historikk
            SimAddress before = pop.addresses.allocate(home.kommunenummer());
            pop.addresses.release(before.index());
            p.remember(SimPerson.Entity.BOSTED, epochSecond(birth.plusYears(18)), p.addressSince,
                    new SimPerson.BostedState(before.index(), false, null, 0, (int) birth.plusYears(18).toEpochDay()));
        }
        krr(p);
        return p;
    }

    private SimPerson child(SimPerson mor, SimPerson far, int surname, SimAddress home, SimPerson.Ansvar ansvar, int gradering, SimPerson andre) {
        boolean kvinne = random.nextBoolean();
        LocalDate birth = birthDate(1, 15);
        SimPerson c = pop.add(IdNumbers.generate(birth, kvinne, false, random, pop::isFree), kvinne, birth);
        c.fornavn = (short) random.nextInt(Names.fornavnCount(kvinne));
        c.etternavn = (short) surname;
        c.identSince = epochSecond(birth);
        c.nameSince = c.identSince;
        c.statusSince = c.identSince;
        place(c, home, birth, gradering);
        if (mor != null) {
            c.mother = mor.index;
            mor.children = append(mor.children, c.index);
        }
        if (far != null) {
            c.father = far.index;
            far.children = append(far.children, c.index);
        }
        c.ansvar = ansvar;
        c.ansvarSince = c.identSince;
        if (ansvar == SimPerson.Ansvar.ANDRE && andre != null) {
            c.ansvarlig = andre.index;
            andre.wards = append(andre.wards, c.index);
        }
        c.krrStatus = SimPerson.KrrStatus.IKKE_REGISTRERT;
        return c;
    }

    private void place(SimPerson p, SimAddress home, LocalDate since, int gradering) {
        p.address = home.index();
        p.flyttedato = (int) since.toEpochDay();
        p.addressSince = epochSecond(since);
        p.gradering = gradering;
        p.graderingSince = p.addressSince;
    }

    private void marry(SimPerson a, SimPerson b, int yearsAgo) {
        a.spouse = b.index;
        b.spouse = a.index;
        a.sivilstand = SimPerson.Sivilstand.GIFT;
        b.sivilstand = SimPerson.Sivilstand.GIFT;
    }

    /** KRR entry: the first adults cycle through every variant, the rest are drawn with realistic weights. */
    private void krr(SimPerson p) {
        int variant = adultsCreated < 8 ? adultsCreated : weightedKrrVariant();
        adultsCreated++;
        p.kontaktOppdatertDay = (int) REFERENCE.minusDays(random.nextInt(5, 400)).toEpochDay();
        p.spraak = (byte) (random.nextInt(10) == 0 ? 1 : 0);
        p.krrStatus = SimPerson.KrrStatus.AKTIV;
        p.kanVarsles = true;
        p.harEpost = true;
        p.harMobil = true;
        switch (variant) {
            case 0 -> p.digitalPost = (byte) (1 + random.nextInt(2));
            case 1 -> p.digitalPost = 0;
            case 2 -> {
                p.reservert = true;
                p.kanVarsles = false;
            }
            case 3 -> {
                p.krrStatus = SimPerson.KrrStatus.SLETTET;
                p.kanVarsles = false;
                p.harEpost = false;
                p.harMobil = false;
            }
            case 4 -> {
                p.krrStatus = SimPerson.KrrStatus.IKKE_REGISTRERT;
                p.kanVarsles = false;
                p.harEpost = false;
                p.harMobil = false;
            }
            case 5 -> {
                p.kanVarsles = false;
                p.kontaktOppdatertDay = (int) REFERENCE.minusDays(random.nextInt(600, 2500)).toEpochDay();
            }
            case 6 -> p.harMobil = false;
            default -> p.harEpost = false;
        }
    }

    private int weightedKrrVariant() {
        int r = random.nextInt(100);
        return r < 35 ? 0 : r < 65 ? 1 : r < 73 ? 2 : r < 77 ? 3 : r < 85 ? 4 : r < 93 ? 5 : r < 97 ? 6 : 7;
    }

    private LocalDate birthDate(int minAge, int maxAge) {
        long from = REFERENCE.minusYears(maxAge + 1).plusDays(1).toEpochDay();
        long to = REFERENCE.minusYears(minAge).toEpochDay();
        return LocalDate.ofEpochDay(from + random.nextLong(to - from));
    }

    static long epochSecond(LocalDate date) {
        return date.atStartOfDay(OSLO).toEpochSecond();
    }

    static int[] append(int[] a, int v) {
        int[] b = Arrays.copyOf(a, a.length + 1);
        b[a.length] = v;
        return b;
    }
}
