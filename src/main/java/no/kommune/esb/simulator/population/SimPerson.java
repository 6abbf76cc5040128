package no.kommune.esb.simulator.population;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * One synthetic person, held compactly: codes and indexes instead of strings, names and addresses looked up
 * in shared tables. Read through the getters; only {@link SyntheticPopulation} changes a person, under its
 * lock. {@code toString} shows the masked id only.
 */
public final class SimPerson {

    public enum Status { BOSATT, UTFLYTTET, DOED, MIDLERTIDIG, IKKE_BOSATT }

    public enum Ansvar { INGEN, FELLES, MOR, FAR, ANDRE }

    public enum Sivilstand { UGIFT, GIFT, SKILT, ENKE_ELLER_ENKEMANN }

    public enum KrrStatus { AKTIV, SLETTET, IKKE_REGISTRERT }

    /** A fact that is no longer current, kept for {@code part=historikk}. */
    public record Past(Entity entity, long from, long until, Object value) {
    }

    /** Entities with history. */
    public enum Entity { IDENT, NAVN, BOSTED, GRADERING, STATUS, FORELDREANSVAR }

    /** A former address state: address index (or -1), unknown residence, grading. */
    public record BostedState(int address, boolean ukjent, String kommune, int gradering, int flyttedato) {
    }

    /** A former parental responsibility: kind and, for ANDRE, the holder's index. */
    public record AnsvarState(Ansvar ansvar, int ansvarlig) {
    }

    /** Shared empty array: most persons have no children or wards, and arrays are replaced, never changed in place. */
    private static final int[] NONE = new int[0];

    final int index;
    String id;
    String formerDnummer;
    long identSince;
    final boolean kvinne;
    final int birthDay;
    short fornavn;
    short mellomnavn = -1;
    short etternavn;
    long nameSince;
    Status status = Status.BOSATT;
    long statusSince;
    int deathDay = Integer.MIN_VALUE;
    int address = -1;
    int flyttedato;
    long addressSince;
    boolean ukjentBosted;
    String ukjentBostedKommune;
    boolean oppholdsadresse;
    int gradering;
    long graderingSince;
    int postboks = -1;
    short utland = -1;
    int utflyttingsdato;
    short statsborgerskap;
    int innflyttingsdato = Integer.MIN_VALUE;
    Sivilstand sivilstand = Sivilstand.UGIFT;
    int mother = -1;
    int father = -1;
    int spouse = -1;
    int[] children = NONE;
    Ansvar ansvar = Ansvar.INGEN;
    int ansvarlig = -1;
    long ansvarSince;
    int[] wards = NONE;
    int deltBosted = -1;
    int deltBostedStart;
    int verge = -1;
    KrrStatus krrStatus = KrrStatus.IKKE_REGISTRERT;
    boolean reservert;
    boolean kanVarsles;
    boolean harEpost;
    boolean harMobil;
    int kontaktOppdatertDay;
    byte digitalPost;
    byte spraak;
    String epostOverride;
    String mobilOverride;
    /** A husnummer the register gives in place of the address's own (a data-quality fault an admin call sets), or null. */
    String husnummerOverride;
    /** An identity number the register gives as the one in use in place of the person's own (an admin call sets), or null. */
    String identOverride;
    ArrayList<Past> past;

    SimPerson(int index, String id, boolean kvinne, int birthDay) {
        this.index = index;
        this.id = id;
        this.kvinne = kvinne;
        this.birthDay = birthDay;
    }

    void remember(Entity entity, long from, long until, Object value) {
        if (past == null) {
            past = new ArrayList<>(2);
        }
        past.add(new Past(entity, from, until, value));
    }

    public int index() {
        return index;
    }

    /** The current identity number (fødselsnummer or D-nummer). Never log it. */
    public String id() {
        return id;
    }

    /** The D-nummer this person had before getting a fødselsnummer, or null. */
    public String formerDnummer() {
        return formerDnummer;
    }

    public boolean isDnummer() {
        return id.charAt(0) >= '4';
    }

    public boolean isKvinne() {
        return kvinne;
    }

    public LocalDate foedselsdato() {
        return LocalDate.ofEpochDay(birthDay);
    }

    public LocalDate doedsdato() {
        return deathDay == Integer.MIN_VALUE ? null : LocalDate.ofEpochDay(deathDay);
    }

    public Status status() {
        return status;
    }

    public String fornavn() {
        return Names.fornavn(kvinne, fornavn);
    }

    public String mellomnavn() {
        return mellomnavn < 0 ? null : Names.etternavn(mellomnavn);
    }

    public String etternavn() {
        return Names.etternavn(etternavn);
    }

    /** Index of the bostedsadresse (or oppholdsadresse for D-nummer holders) in {@link SyntheticPopulation#addresses()}, -1 when none. */
    public int addressIndex() {
        return address;
    }

    public boolean hasOppholdsadresseOnly() {
        return oppholdsadresse;
    }

    public boolean ukjentBosted() {
        return ukjentBosted;
    }

    /** The husnummer the current bostedsadresse is given with instead of its address's own, or null (the usual case). */
    public String husnummerOverride() {
        return husnummerOverride;
    }

    /** The identity number the register's document gives as the one in use instead of {@link #id()}, or null (the usual case). */
    public String identOverride() {
        return identOverride;
    }

    /** 0 ugradert, 1 klientadresse, 2 fortrolig, 3 strengtFortrolig. */
    public int graderingCode() {
        return gradering;
    }

    public String gradering() {
        return Codes.GRADERING[gradering];
    }

    public boolean hasPostboks() {
        return postboks >= 0;
    }

    public boolean isAbroad() {
        return utland >= 0;
    }

    public Sivilstand sivilstand() {
        return sivilstand;
    }

    public int motherIndex() {
        return mother;
    }

    public int fatherIndex() {
        return father;
    }

    public int spouseIndex() {
        return spouse;
    }

    public int[] childIndexes() {
        return children.clone();
    }

    public Ansvar ansvar() {
        return ansvar;
    }

    public int ansvarligIndex() {
        return ansvarlig;
    }

    /** Children this person holds parental responsibility for as "andre" (not as a parent). */
    public int[] wardIndexes() {
        return wards.clone();
    }

    public int deltBostedIndex() {
        return deltBosted;
    }

    public int vergeIndex() {
        return verge;
    }

    public KrrStatus krrStatus() {
        return krrStatus;
    }

    public boolean reservert() {
        return reservert;
    }

    public boolean kanVarsles() {
        return kanVarsles;
    }

    public boolean harEpost() {
        return harEpost;
    }

    public boolean harMobil() {
        return harMobil;
    }

    public boolean harDigitalPost() {
        return digitalPost != 0;
    }

    public List<Past> history() {
        return past == null ? List.of() : List.copyOf(past);
    }

    public long identSince() {
        return identSince;
    }

    public long statusSince() {
        return statusSince;
    }

    public long nameSince() {
        return nameSince;
    }

    /** Since when (epoch second) the current address entry is valid. */
    public long addressSince() {
        return addressSince;
    }

    public long graderingSince() {
        return graderingSince;
    }

    public long ansvarSince() {
        return ansvarSince;
    }

    public LocalDate flyttedato() {
        return LocalDate.ofEpochDay(flyttedato);
    }

    public LocalDate deltBostedStart() {
        return LocalDate.ofEpochDay(deltBostedStart);
    }

    /** Index into {@link Codes#STATSBORGERSKAP}. */
    public int statsborgerskapCode() {
        return statsborgerskap;
    }

    /** Index into {@link Codes#UTLAND}, -1 when living in Norway. */
    public int utlandCode() {
        return utland;
    }

    public LocalDate utflyttingsdato() {
        return LocalDate.ofEpochDay(utflyttingsdato);
    }

    public int postboks() {
        return postboks;
    }

    public String ukjentBostedKommune() {
        return ukjentBostedKommune;
    }

    public static String etternavnAt(int index) {
        return Names.etternavn(index);
    }

    /** Age in whole years on the given day. */
    public int age(LocalDate on) {
        return java.time.Period.between(foedselsdato(), on).getYears();
    }

    @Override
    public String toString() {
        return "SimPerson[" + no.kommune.esb.model.Identitetsnummer.mask(id) + ", " + status + "]";
    }
}
